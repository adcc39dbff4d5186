#!/usr/bin/env bash
# System test: SMC fuzzing from a VM (configs/qemu-fuzz, guests/smcfuzz, docs/fuzzing.md).
# VM 1 sends CALLS (default 10000) random SMCs, OP-TEE messages and RPC answers from SEED
# (default 1) to its own TEE instance while VM 2 loops over a functional TEE round; then
# VM 1 restarts itself and uses its fresh instance. Checked: VM 2's every round passed, no
# fault of the monitor, the TEE-visor or the hypervisor and no other instance killed (VM 1's
# own instance may die), VM 1's instance works after the restart. `make fuzz-smc SEED=...
# CALLS=...` runs this with other values; the figures are the [vm1] smcfuzz lines.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"

SEED=${SEED:-1}
CALLS=${CALLS:-10000}
# Long runs: about 1 ms per call on 2 host cores, plus the boot.
QEMU_TIMEOUT=${QEMU_TIMEOUT:-$((120 + CALLS / 200))}
mkdir -p "$LOG_DIR"
if make -C "$TOP" -s CONFIG=qemu-fuzz SEED="$SEED" CALLS="$CALLS" firmware \
	>"$LOG_DIR/build-qemu-fuzz.log" 2>&1; then
	check_pass build_qemu-fuzz
else
	check_fail build_qemu-fuzz "see $LOG_DIR/build-qemu-fuzz.log"
	finish
	exit
fi
FLASH=$TOP/build/qemu-fuzz/flash.img boot_qemu fuzz_smc

expect_status 0 fuzz_smc_exit_status
grep -E '^\[vm1\] smcfuzz: ' "$LOG"
grep -E '^\[vm2\] smcfuzz: VM 2: ' "$LOG"
calls=$(sed -nE 's/^\[vm1\] smcfuzz: ([0-9]+) calls .*/\1/p' "$LOG")
if [ -n "$calls" ] && [ "$calls" -ge "$CALLS" ]; then
	check_pass fuzz_smc_calls_made
else
	check_fail fuzz_smc_calls_made "${calls:-no} calls, wanted $CALLS"
fi
expect_line '^\[vm1\] smcfuzz: a0 classes: ok=[0-9]+ ' fuzz_smc_outcomes_counted
expect_line '^\[vm1\] smcfuzz: VM 1 restarted$' fuzz_smc_vm1_restarted
for t in smcfuzz_calls_uid_after_reset smcfuzz_open_after_reset smcfuzz_fresh_instance_after_reset \
	smcfuzz_instance_usable_after_reset; do
	expect_guest_check 1 "$t"
done
for t in smcfuzz_victim_open_echo smcfuzz_victim_rounds smcfuzz_victim_close_echo; do
	expect_guest_check 2 "$t"
done
# The victim was still looping when VM 1 stopped (it stops only after that event).
expect_order '^hyp: VM 1 stopped: test exit, status 0$' '^\[vm2\] smcfuzz: VM 2: [0-9]+ rounds' \
	fuzz_smc_victim_outlived_the_fuzzer
expect_line '^hyp: VM 2 stopped: test exit, status 0$' fuzz_smc_victim_passed
expect_no_line 'monitor: (PANIC|unexpected exception)' fuzz_smc_no_monitor_fault
expect_no_line 'tvisor: PANIC' fuzz_smc_no_tvisor_fault
expect_no_line 'hyp: PANIC' fuzz_smc_no_hyp_fault
expect_no_line 'tvisor: TEE instance of VM [^1] killed' fuzz_smc_no_other_instance_killed
expect_no_line 'smcfuzz: unexpected exception' fuzz_smc_no_guest_exception
finish
