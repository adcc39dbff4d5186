#!/usr/bin/env bash
# `make bench`: path lengths and footprint of the trusted base, one figure per
# line as "name: value unit".
#  - boots the direct configuration under -icount shift=0 (PMCCNTR_EL0 then
#    counts one per instruction) and reports the client's `bench:` lines;
#  - secure SRAM used by the monitor, the TEE-visor, the shared TEE code and
#    each TEE instance (from the TEE-visor's boot lines, else the config);
#  - the same path through the NS-EL2 hypervisor: qemu-2vm under -icount shift=0,
#    VM 1's figures, the ratio to the direct path of this run, and the virtual
#    time from power-on until every VM has had its first successful invoke;
#  - Linux in two VMs (qemu-2vm-linux): power-on to each VM's first successful
#    invoke through libteec, the same kernel and initramfs on bare QEMU (ratio),
#    the wall-clock time of a null invoke from Linux user space, and its instructions
#    (icount virtual time);
#  - lines of C and assembly in the trusted base, and in the hypervisor.
set -u
cd "$(dirname "$0")/.."
source tests/system/lib.sh
OBJDUMP=${OBJDUMP:-aarch64-linux-gnu-objdump}
# Bench images (make bench sets BENCH_PMU=1; the Makefile builds them in build/bench/): only
# they let the PMU count the secure world, which the path lengths below need.
BB=build${BENCH_PMU:+/bench}
echo "bench: images from $BB/$([ -n "${BENCH_PMU:-}" ] && echo ' (bench images: the PMU counts the secure world; shipped and test images do not)')"

FLASH=$BB/flash.img boot_qemu bench -icount shift=0 >&2
if [ "$QEMU_STATUS" != 0 ]; then
	echo "bench: warning: QEMU exit status $QEMU_STATUS, see $LOG" >&2
fi

# ---- path lengths ----
nbench=0
while read -r name value unit; do
	echo "${name%:}: $value $unit"
	nbench=$((nbench + 1))
done < <(sed -nE 's/^bench: ([A-Za-z0-9_]+): ([0-9]+) ([A-Za-z_]+)$/\1: \2 \3/p' "$LOG")
[ "$nbench" -gt 0 ] || echo "bench: warning: no bench lines in $LOG" >&2

# ---- through the hypervisor ----
direct_null=$(sed -nE 's/^bench: null_invoke_round_trip: ([0-9]+) .*/\1/p' "$LOG" | head -n 1)
if make -s CONFIG=qemu-2vm firmware >"$LOG_DIR/bench-build-qemu-2vm.log" 2>&1; then
	FLASH=$BB/qemu-2vm/flash.img boot_qemu bench_hyp -icount shift=0 >&2
	[ "$QEMU_STATUS" = 0 ] || echo "bench: warning: qemu-2vm: QEMU exit status $QEMU_STATUS, see $LOG" >&2
	vm1_figure() { sed -nE "s/^\[vm1\] bench: $1: ([0-9]+) .*/\1/p" "$LOG" | head -n 1; }
	hyp_null=$(vm1_figure null_invoke_round_trip)
	hyp_psci=$(vm1_figure psci_version_round_trip)
	echo "hyp_null_invoke_round_trip: ${hyp_null:-0} instructions"
	if [ -n "$hyp_null" ] && [ -n "$direct_null" ] && [ "$direct_null" -gt 0 ]; then
		echo "hyp_null_invoke_ratio_to_direct: $(awk -v h="$hyp_null" -v d="$direct_null" \
			'BEGIN { printf "%.3f", h / d }') ratio"
	fi
	echo "hyp_psci_version_round_trip: ${hyp_psci:-0} instructions"
	# The last VM to get there: power-on to every VM's first successful invoke.
	nvm=$(grep -cE '^\[vm[0-9]+\] client: under the hypervisor' "$LOG")
	times=$(sed -nE 's/^\[vm[0-9]+\] bench: boot_to_first_invoke: ([0-9]+) us$/\1/p' "$LOG")
	if [ "$nvm" -gt 0 ] && [ "$(echo "$times" | grep -c .)" = "$nvm" ]; then
		echo "hyp_boot_to_every_vm_first_invoke: $(echo "$times" | sort -n | tail -n 1) us"
	else
		echo "bench: warning: not every VM reported boot_to_first_invoke" >&2
	fi
else
	echo "bench: warning: make CONFIG=qemu-2vm failed, see $LOG_DIR/bench-build-qemu-2vm.log" >&2
fi

# ---- Linux in two VMs (qemu-2vm-linux) against the same kernel on bare QEMU ----
# Times are the virtual counter (CNTVCT/CNTFRQ, 0 at QEMU's power-on; without -icount it
# follows the host's clock), printed by tzv-client when it starts and at its first
# successful invoke. The bare run has no TEE: its client only gets as far as starting.
# boot_2vm_linux <log> <VM 1's shell commands> [extra QEMU args...]: boots
# qemu-2vm-linux, runs the commands in VM 1 (in focus) while VM 2 idles in its shell, then
# powers both off; the console goes to <log>.
boot_2vm_linux() {
	local log=$1 commands=$2 raw=$1.raw fifo qemu_pid args
	shift 2
	read -r -a args <<<"$(make -s CONFIG=qemu-2vm-linux linux-qemu-args)"
	fifo=$(mktemp -u)
	mkfifo "$fifo"
	exec 4<>"$fifo"
	: >"$raw"
	flash=$(flash_copy $BB/qemu-2vm-linux/flash.img bench_linux)
	timeout --kill-after=10 600 "$QEMU" -M virt,secure=on,virtualization=on,gic-version=3 -smp 2 \
		-m 2048M -nographic -semihosting-config enable=on,target=native \
		-drive "if=pflash,unit=0,format=raw,file=$flash" "${args[@]}" "$@" <"$fifo" >"$raw" 2>&1 &
	qemu_pid=$!
	for _ in $(seq 1000); do
		[ "$(grep -c 'init: shell on the console' "$raw")" -ge 2 ] && break
		kill -0 "$qemu_pid" 2>/dev/null || break
		sleep 0.5
	done
	sleep 1
	printf '%s; poweroff -f\n\0352poweroff -f\n' "$commands" >&4
	wait "$qemu_pid"
	exec 4>&-
	rm -f "$fifo" "$flash"
	tr -d '\r' <"$raw" >"$log"
	rm -f "$raw"
}

linux_bench() {
	make -s CONFIG=qemu-2vm-linux firmware >"$LOG_DIR/bench-build-qemu-2vm-linux.log" 2>&1 || {
		echo "bench: warning: make CONFIG=qemu-2vm-linux failed, see $LOG_DIR/bench-build-qemu-2vm-linux.log" >&2
		return
	}
	boot_2vm_linux "$LOG_DIR/bench_linux.log" 'tzv-client null 1000; tzv-client null 1000'
	local log=$LOG_DIR/bench_linux.log last=0 t
	for vm in 1 2; do
		t=$(sed -nE "s/^\[vm$vm\] tzv-client: first invoke at ([0-9.]+) s.*/\1/p" "$log" | head -n 1)
		echo "linux_vm${vm}_boot_to_first_invoke: ${t:-0} s"
		t=$(sed -nE "s/^\[vm$vm\] tzv-client: libteec client .* started at ([0-9.]+) s.*/\1/p" "$log" | head -n 1)
		echo "linux_vm${vm}_boot_to_client_start: ${t:-0} s"
		last=$(awk -v a="$last" -v b="${t:-0}" 'BEGIN { print (b > a) ? b : a }')
	done
	# The least of the runs: VM 2 is idle meanwhile, but the host is not always.
	t=$(sed -nE 's/^\[vm1\] tzv-client: null: [0-9]+ invokes, ([0-9.]+) us each.*/\1/p' "$log" | sort -n | head -n 1)
	echo "linux_null_invoke_wall_clock: ${t:-0} us"

	# The same kernel and initramfs on bare QEMU: no firmware, no TEE, one core, 512 MiB.
	timeout --kill-after=10 300 "$QEMU" -M virt,gic-version=3 -cpu max,sve=off,sme=off -smp 1 -m 512M \
		-nographic -kernel build/linux/Image -initrd build/linux/initramfs.cpio.gz \
		-append "console=ttyAMA0 rdinit=/init tzv.test=1" </dev/null 2>&1 | tr -d '\r' \
		>"$LOG_DIR/bench_linux_bare.log"
	t=$(sed -nE 's/^tzv-client: libteec client .* started at ([0-9.]+) s.*/\1/p' "$LOG_DIR/bench_linux_bare.log" | head -n 1)
	echo "linux_bare_qemu_boot_to_client_start: ${t:-0} s"
	if [ -n "$t" ] && awk -v t="$t" 'BEGIN { exit !(t > 0) }'; then
		echo "linux_hyp_to_bare_boot_ratio: $(awk -v h="$last" -v b="$t" 'BEGIN { printf "%.2f", h / b }') ratio"
	fi

	# Instructions: under -icount shift=0 virtual time advances 1 ns per instruction
	# executed (on either core; VM 2's sits idle in WFI), so the microseconds of
	# CLOCK_MONOTONIC per null invoke, times 1000, are instructions per round trip:
	# libteec, the optee driver, the hypervisor, the monitor, the TEE-visor and the TEE.
	boot_2vm_linux "$LOG_DIR/bench_linux_icount.log" 'tzv-client null 200' -icount shift=0
	t=$(sed -nE 's/^\[vm1\] tzv-client: null: [0-9]+ invokes, ([0-9.]+) us each.*/\1/p' \
		"$LOG_DIR/bench_linux_icount.log" | head -n 1)
	echo "linux_null_invoke_instructions: $(awk -v u="${t:-0}" 'BEGIN { printf "%d", u * 1000 }') instructions"
}
linux_bench

# ---- GP crypto in the TEE kernel: what a crypto TA weighs, what a Linux VM's TEE takes ----
# The signed example crypto TAs (no crypto library inside them any more), and the secure
# memory of each TEE instance of qemu-2vm-linux (its tee_memory plus the instance's stage-2
# tables, from the TEE-visor's boot line of the Linux run above).
make -s tas >"$LOG_DIR/bench-build-tas.log" 2>&1 ||
	echo "bench: warning: make tas failed, see $LOG_DIR/bench-build-tas.log" >&2
for t in digest aes rsa storage kat; do
	f=$(ls build/ta/$t/*.ta 2>/dev/null | head -n 1)
	[ -n "$f" ] && echo "ta_signed_size_$t: $(stat -c %s "$f") bytes"
done
sed -nE 's/^tvisor: instance ([0-9]+) vm ([0-9]+) secure bytes ([0-9]+).*/\2 \3/p' \
	"$LOG_DIR/bench_linux.log" 2>/dev/null | while read -r vm bytes; do
	echo "linux_sram_tee_instance_vm$vm: $bytes bytes"
done

# ---- secure SRAM ----
SRAM_LO=$((0x0e000000))
SRAM_HI=$((0x0f000000))

# Sum of the sizes of the allocated sections placed in secure SRAM.
sram_sum() {
	"$OBJDUMP" -h -w "$1" | awk -v lo=$SRAM_LO -v hi=$SRAM_HI '
		function hex(s,    i, c, v) {
			v = 0
			s = tolower(s)
			for (i = 1; i <= length(s); i++) {
				c = index("0123456789abcdef", substr(s, i, 1))
				if (c == 0) break
				v = v * 16 + c - 1
			}
			return v
		}
		$1 ~ /^[0-9]+$/ && /ALLOC/ {
			vma = hex($4); size = hex($3)
			if (vma >= lo && vma < hi) sum += size
		}
		END { print sum + 0 }'
}

# Extent from the lowest to the highest end of its allocated sections.
sram_extent() {
	"$OBJDUMP" -h -w "$1" | awk '
		function hex(s,    i, c, v) {
			v = 0
			s = tolower(s)
			for (i = 1; i <= length(s); i++) {
				c = index("0123456789abcdef", substr(s, i, 1))
				if (c == 0) break
				v = v * 16 + c - 1
			}
			return v
		}
		$1 ~ /^[0-9]+$/ && /ALLOC/ {
			vma = hex($4); end = vma + hex($3)
			if (lo == "" || vma < lo) lo = vma
			if (end > hi) hi = end
		}
		END { print hi - lo }'
}

monitor_sram=$(sram_sum $BB/monitor/monitor.elf)
tvisor_sram=$(sram_extent $BB/tvisor/tvisor.elf)
tee_code=$(stat -c %s $BB/tee/tee.bin)
echo "sram_monitor: $monitor_sram bytes"
echo "sram_tvisor: $tvisor_sram bytes"
echo "sram_tee_code_shared: $tee_code bytes"

instances_total=0
ninst=0
while read -r k vm bytes; do
	echo "sram_tee_instance_vm$vm: $bytes bytes"
	instances_total=$((instances_total + bytes))
	ninst=$((ninst + 1))
done < <(sed -nE 's/^tvisor: instance ([0-9]+) vm ([0-9]+) secure bytes ([0-9]+).*/\1 \2 \3/p' "$LOG")
if [ "$ninst" -eq 0 ]; then
	# Fall back to the configuration: private data only (no page tables).
	echo "bench: warning: no 'tvisor: instance' lines, using tee_data_size from the config" >&2
	while read -r vm bytes; do
		echo "sram_tee_instance_vm$vm: $((bytes)) bytes"
		instances_total=$((instances_total + bytes))
		ninst=$((ninst + 1))
	done < <(grep -oE 'vm_id = [0-9]+|tee_data_size = 0x[0-9a-fA-F]+|tee_data_size = [0-9]+' \
		$BB/config/config.c | awk '
		/vm_id/ { vm = $3 } /tee_data_size/ { print vm, $3 }')
fi
echo "sram_total: $((monitor_sram + tvisor_sram + tee_code + instances_total)) bytes"

# ---- lines of code ----
loc() { # loc <dir> <c|asm>
	local pat
	if [ "$2" = c ]; then pat='*.[ch]'; else pat='*.[sS]'; fi
	local files
	files=$(find "$1" -type f -name "$pat" 2>/dev/null | sort)
	if [ -z "$files" ]; then echo 0; return; fi
	# shellcheck disable=SC2086
	awk -f tools/loc.awk $files
}
tc=0
ta=0
for d in monitor tvisor tee lib include; do
	c=$(loc "$d" c)
	a=$(loc "$d" asm)
	echo "loc_${d}_c: $c lines"
	echo "loc_${d}_asm: $a lines"
	tc=$((tc + c))
	ta=$((ta + a))
done
echo "loc_trusted_base_c: $tc lines"
echo "loc_trusted_base_asm: $ta lines"
echo "loc_trusted_base: $((tc + ta)) lines"
# Measured boot and attestation (docs/attestation.md), part of the above: the monitor's log,
# token and CBOR encoder, the attest PTA, the claim definitions (not the TEE-visor's few lines).
echo "loc_attestation_in_trusted_base: $(awk -f tools/loc.awk monitor/attest.[ch] monitor/cbor.[ch] \
	monitor/measure.[ch] tee/pta_attest.c include/tzvisor/attest.h) lines"
# The NS-EL2 hypervisor: trusted for normal-world isolation only, not part of the TEEs' TCB.
hc=$(loc hyp c)
ha=$(loc hyp asm)
echo "loc_hyp_c: $hc lines"
echo "loc_hyp_asm: $ha lines"
echo "loc_hyp: $((hc + ha)) lines"
