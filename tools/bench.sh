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
#  - lines of C and assembly in the trusted base, and in the hypervisor.
set -u
cd "$(dirname "$0")/.."
source tests/system/lib.sh
OBJDUMP=${OBJDUMP:-aarch64-linux-gnu-objdump}

boot_qemu bench -icount shift=0 >&2
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
	FLASH=build/qemu-2vm/flash.bin boot_qemu bench_hyp -icount shift=0 >&2
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

monitor_sram=$(sram_sum build/monitor/monitor.elf)
tvisor_sram=$(sram_extent build/tvisor/tvisor.elf)
tee_code=$(stat -c %s build/tee/tee.bin)
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
		build/config/config.c | awk '
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
# The NS-EL2 hypervisor: trusted for normal-world isolation only, not part of the TEEs' TCB.
hc=$(loc hyp c)
ha=$(loc hyp asm)
echo "loc_hyp_c: $hc lines"
echo "loc_hyp_asm: $ha lines"
echo "loc_hyp: $((hc + ha)) lines"
