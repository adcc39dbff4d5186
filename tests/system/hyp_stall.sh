#!/usr/bin/env bash
# Attack test: one VM's long secure call stalls no other VM (qemu-stall, -smp 3).
# VM 1 spins in its TEE for seconds (echo PTA SPIN, its timer off, so nothing
# suspends the call); once it is about to enter the call, VM 2 makes a fast
# call, opens a session, invokes, prints and starts its second vCPU (PSCI
# CPU_ON). All of VM 2's lines must come before VM 1's "spin done", and VM 1
# must find VM 2's results event raised when its call returns: shown by order,
# not by time. (Before, the hypervisor held one lock across every secure call.)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"

build_config qemu-stall || { finish; exit; }
FLASH=$TOP/build/qemu-stall/flash.img boot_qemu hyp_stall -smp 3

expect_status 0 hyp_stall_exit_status
for t in hyp_stall_spin_open hyp_stall_spin_done hyp_stall_other_vm_done_during_spin; do
	expect_guest_check 1 "$t"
done
for t in hyp_stall_fast_call hyp_stall_open_session hyp_stall_invoke hyp_stall_cpu_on; do
	expect_guest_check 2 "$t"
done
SPIN_IN='^\[vm1\] hyptest: VM 1 enters a secure call'
SPIN_DONE='^\[vm1\] hyptest: VM 1 spin done$'
expect_order "$SPIN_IN" '^\[vm2\] hyptest: VM 2 works while VM 1 is in its secure call$' \
	hyp_stall_vm2_starts_after_spin_entered
while read -r name line; do
	expect_order "$line" "$SPIN_DONE" "hyp_stall_vm2_${name}_before_vm1_spin_done"
done <<'LINES'
console ^\[vm2\] hyptest: VM 2 works while VM 1 is in its secure call$
fast_call ^\[vm2\] CHECK hyp_stall_fast_call: PASS$
open_session ^\[vm2\] CHECK hyp_stall_open_session: PASS$
invoke ^\[vm2\] CHECK hyp_stall_invoke: PASS$
cpu_on ^\[vm2\] CHECK hyp_stall_cpu_on: PASS$
results ^\[vm2\] hyptest: VM 2 results: .* 0 failed$
LINES
expect_line '^hyp: VM 1 stopped: test exit, status 0$' hyp_stall_vm1_stopped_normally
expect_line '^hyp: VM 2 stopped: test exit, status 0$' hyp_stall_vm2_stopped_normally
finish
