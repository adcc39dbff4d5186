#!/usr/bin/env bash
# `make bench`: path lengths, boot times and footprint, one figure per line as
# "name: value unit", all of them also in build/bench/report.md with plots
# (docs/performance.md says what each one is).
#  - the direct configuration's bare-metal client under -icount shift=0
#    (PMCCNTR_EL0 then counts one per instruction): its `bench:` lines; once more
#    without icount for the wall clock of a fast call;
#  - the same client through the NS-EL2 hypervisor (qemu-2vm): VM 1's figures, the
#    ratio to the direct path, power-on to every VM's first invoke;
#  - Linux (tools/bench/linux.bash): linux-direct and qemu-2vm-linux under icount
#    (power-on to the first invoke, instructions per null invoke, user-TA invoke, open
#    session and attestation token from user space), the same kernel on bare QEMU
#    (ratio), null invokes from one VM and from two at once on two host threads
#    (wall clock, throughput ratio), eight Linux VMs (qemu-8vm-linux);
#  - secure SRAM of the monitor, the TEE-visor, the shared TEE code, each instance;
#  - lines of C and assembly in the trusted base, and in the hypervisor.
# BENCH_BASELINE=<an earlier figures.txt> adds a "before" column to the report.
set -u
cd "$(dirname "$0")/.."
source tests/system/lib.sh
OBJDUMP=${OBJDUMP:-aarch64-linux-gnu-objdump}
# Bench images (make bench sets BENCH_PMU=1; the Makefile builds them in build/bench/): only
# they let the PMU count the secure world, which the path lengths below need.
BB=build${BENCH_PMU:+/bench}
echo "bench: images from $BB/$([ -n "${BENCH_PMU:-}" ] && echo ' (bench images: the PMU counts the secure world; shipped and test images do not)')"
BENCH_DIR=build/bench
mkdir -p "$BENCH_DIR"
FIGURES=$BENCH_DIR/figures.txt
: >"$FIGURES"

# figure <name> <value> <unit>: one figure, printed and kept for the report (an empty
# value: a warning, the figure is left out).
figure() {
	if [ -z "$2" ]; then
		echo "bench: warning: no value for $1" >&2
		return
	fi
	echo "$1: $2 $3" | tee -a "$FIGURES"
}
figure_value() { sed -nE "s/^$1: ([^ ]+) .*/\1/p" "$FIGURES" | head -n 1; }

# sleep=off: an idle machine jumps to its next timer, so that the boot times do not count
# the host's time while every core waits (with sleep=on, boot_to_first_invoke read 5.3 ms
# on a quiet host and 14.7 ms at load 8).
FLASH=$BB/flash.img boot_qemu bench -icount shift=0,sleep=off >&2
if [ "$QEMU_STATUS" != 0 ]; then
	echo "bench: warning: QEMU exit status $QEMU_STATUS, see $LOG" >&2
fi

# ---- path lengths ----
nbench=0
while read -r name value unit; do
	figure "${name%:}" "$value" "$unit"
	nbench=$((nbench + 1))
done < <(sed -nE 's/^bench: ([A-Za-z0-9_]+): ([0-9]+) ([A-Za-z_]+)$/\1: \2 \3/p' "$LOG")
[ "$nbench" -gt 0 ] || echo "bench: warning: no bench lines in $LOG" >&2

# ---- wall clock of the bare-metal fast call ----
# Without icount the cycle counter follows the host's clock (QEMU: 1 GHz, so nanoseconds):
# the reference that the Linux null invoke's wall clock is compared with, in the same run.
# The bench image, as above: in a test image the PMU does not count the secure world, so
# the counter would stop for the secure part of the call (678 "ns" for a fast call).
FLASH=$BB/flash.img boot_qemu bench_wall >&2
bare_fast_wall=$(sed -nE 's/^bench: fast_call_round_trip: ([0-9]+) .*/\1/p' "$LOG" | head -n 1)
figure bare_fast_call_wall_clock "$bare_fast_wall" ns
LOG=$LOG_DIR/bench.log

# ---- through the hypervisor ----
direct_null=$(sed -nE 's/^bench: null_invoke_round_trip: ([0-9]+) .*/\1/p' "$LOG" | head -n 1)
if make -s CONFIG=qemu-2vm firmware >"$LOG_DIR/bench-build-qemu-2vm.log" 2>&1; then
	FLASH=$BB/qemu-2vm/flash.img boot_qemu bench_hyp -icount shift=0,sleep=off >&2
	[ "$QEMU_STATUS" = 0 ] || echo "bench: warning: qemu-2vm: QEMU exit status $QEMU_STATUS, see $LOG" >&2
	vm1_figure() { sed -nE "s/^\[vm1\] bench: $1: ([0-9]+) .*/\1/p" "$LOG" | head -n 1; }
	hyp_null=$(vm1_figure null_invoke_round_trip)
	hyp_psci=$(vm1_figure psci_version_round_trip)
	figure hyp_null_invoke_round_trip "${hyp_null:-0}" instructions
	if [ -n "$hyp_null" ] && [ -n "$direct_null" ] && [ "$direct_null" -gt 0 ]; then
		figure hyp_null_invoke_ratio_to_direct "$(awk -v h="$hyp_null" -v d="$direct_null" \
			'BEGIN { printf "%.3f", h / d }')" ratio
	fi
	figure hyp_psci_version_round_trip "${hyp_psci:-0}" instructions
	figure hyp_fast_call_round_trip "$(vm1_figure fast_call_round_trip)" instructions
	figure hyp_attest_token "$(vm1_figure attest_token)" instructions
	# The last VM to get there: power-on to every VM's first successful invoke.
	nvm=$(grep -cE '^\[vm[0-9]+\] client: under the hypervisor' "$LOG")
	times=$(sed -nE 's/^\[vm[0-9]+\] bench: boot_to_first_invoke: ([0-9]+) us$/\1/p' "$LOG")
	if [ "$nvm" -gt 0 ] && [ "$(echo "$times" | grep -c .)" = "$nvm" ]; then
		figure hyp_boot_to_every_vm_first_invoke "$(echo "$times" | sort -n | tail -n 1)" us
	else
		echo "bench: warning: not every VM reported boot_to_first_invoke" >&2
	fi
else
	echo "bench: warning: make CONFIG=qemu-2vm failed, see $LOG_DIR/bench-build-qemu-2vm.log" >&2
fi

# ---- Linux (tools/bench/linux.bash) ----
source tools/bench/linux.bash
bench_linux_direct
bench_linux_2vm
bench_linux_bare
bare=$(figure_value linux_bare_qemu_boot_to_client_start)
for f in linux_direct_boot_to_first_invoke linux_2vm_boot_to_every_vm_first_invoke; do
	v=$(figure_value $f)
	if [ -n "$v" ] && [ -n "$bare" ] && awk -v b="$bare" 'BEGIN { exit !(b > 0) }'; then
		figure "${f%_boot_to*}_to_bare_boot_ratio" "$(awk -v h="$v" -v b="$bare" 'BEGIN { printf "%.2f", h / b }')" ratio
	fi
done
# Under -icount one virtual clock counts the instructions of every core together (QEMU runs
# the vCPUs in turn on one thread), so two VMs booting at once take about the sum of two
# boots: the like-for-like bare reference of qemu-2vm-linux is twice the bare boot.
v=$(figure_value linux_2vm_boot_to_every_vm_first_invoke)
if [ -n "$v" ] && [ -n "$bare" ] && awk -v b="$bare" 'BEGIN { exit !(b > 0) }'; then
	figure linux_2vm_to_twice_bare_boot_ratio "$(awk -v h="$v" -v b="$bare" 'BEGIN { printf "%.2f", h / (2 * b) }')" ratio
fi
bench_linux_parallel
wall=$(figure_value linux_null_invoke_wall_clock)
if [ -n "$wall" ] && [ -n "$bare_fast_wall" ] && [ "$bare_fast_wall" -gt 0 ]; then
	figure linux_null_invoke_wall_to_bare_fast_call_ratio \
		"$(awk -v w="$wall" -v f="$bare_fast_wall" 'BEGIN { printf "%.1f", w / f }')" ratio
fi
bench_linux_8vm

# ---- GP crypto in the TEE kernel: what a crypto TA weighs, what a Linux VM's TEE takes ----
# The signed example crypto TAs (no crypto library inside them any more), and the secure
# memory of each TEE instance of qemu-2vm-linux (its tee_memory plus the instance's stage-2
# tables, from the TEE-visor's boot line of the Linux run above).
for t in digest aes rsa storage kat; do
	f=$(ls build/ta/$t/*.ta 2>/dev/null | head -n 1)
	[ -n "$f" ] && figure "ta_signed_size_$t" "$(stat -c %s "$f")" bytes
done
# What counts: the instance's private memory (its configuration's tee_memory) and its two
# stage-2 tables (secure: root, level 2, a level-3 table for the shared code and one for its
# data; normal: root and one level-2 table per GiB its VM's RAM touches), which come from
# the TEE-visor's page pool, so sram_tvisor below counts them too.
while read -r vm bytes data tables; do
	figure "linux_sram_tee_instance_vm$vm" "$bytes" bytes
	figure "linux_sram_tee_instance_vm${vm}_private" "$data" bytes
	figure "linux_sram_tee_instance_vm${vm}_stage2_tables" "$tables" bytes
done < <(sed -nE 's/^tvisor: instance ([0-9]+) vm ([0-9]+) secure bytes ([0-9]+) \(data ([0-9]+) at [0-9a-fx]+, stage-2 tables ([0-9]+)\).*/\2 \3 \4 \5/p' \
	"$LOG_DIR/bench_linux_2vm.log" 2>/dev/null)

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
figure sram_monitor "$monitor_sram" bytes
figure sram_tvisor "$tvisor_sram" bytes
figure sram_tee_code_shared "$tee_code" bytes

instances_total=0
ninst=0
while read -r k vm bytes; do
	figure sram_tee_instance_vm$vm "$bytes" bytes
	instances_total=$((instances_total + bytes))
	ninst=$((ninst + 1))
done < <(sed -nE 's/^tvisor: instance ([0-9]+) vm ([0-9]+) secure bytes ([0-9]+).*/\1 \2 \3/p' "$LOG")
if [ "$ninst" -eq 0 ]; then
	# Fall back to the configuration: private data only (no page tables).
	echo "bench: warning: no 'tvisor: instance' lines, using tee_data_size from the config" >&2
	while read -r vm bytes; do
		figure sram_tee_instance_vm$vm "$((bytes))" bytes
		instances_total=$((instances_total + bytes))
		ninst=$((ninst + 1))
	done < <(grep -oE 'vm_id = [0-9]+|tee_data_size = 0x[0-9a-fA-F]+|tee_data_size = [0-9]+' \
		$BB/config/config.c | awk '
		/vm_id/ { vm = $3 } /tee_data_size/ { print vm, $3 }')
fi
figure sram_total "$((monitor_sram + tvisor_sram + tee_code + instances_total))" bytes

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
	figure loc_${d}_c "$c" lines
	figure loc_${d}_asm "$a" lines
	tc=$((tc + c))
	ta=$((ta + a))
done
figure loc_trusted_base_c "$tc" lines
figure loc_trusted_base_asm "$ta" lines
figure loc_trusted_base "$((tc + ta))" lines
# Measured boot and attestation (docs/attestation.md), part of the above: the monitor's log,
# token and CBOR encoder, the attest PTA, the claim definitions (not the TEE-visor's few lines).
figure loc_attestation_in_trusted_base "$(awk -f tools/loc.awk monitor/attest.[ch] monitor/cbor.[ch] \
	monitor/measure.[ch] tee/pta_attest.c include/tzvisor/attest.h)" lines
# OP-TEE's invoke-tests PTA and the self tests it runs (shipped, as OP-TEE's), part of the above.
figure loc_invoke_tests_in_trusted_base "$(awk -f tools/loc.awk tee/pta_invoke_tests.c \
	tee/selftest.[ch] tee/storage_selftest.c)" lines
# The NS-EL2 hypervisor: trusted for normal-world isolation only, not part of the TEEs' TCB.
hc=$(loc hyp c)
ha=$(loc hyp asm)
figure loc_hyp_c "$hc" lines
figure loc_hyp_asm "$ha" lines
figure loc_hyp "$((hc + ha))" lines

# ---- the report ----
source tools/bench/report.bash
bench_report
