#!/usr/bin/env bash
# System test: the qemu-2vm-attack configuration. VM 2 (guests/hyptest built as
# hypattack, with the hypervisor's test hooks) forges the VM id of a call, which
# the monitor refuses because VM 1 does not own core 1, then reads VM 1's RAM:
# a stage-2 fault that stops VM 2 alone, while VM 1 runs its checks to the end.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"

build_config qemu-2vm-attack || { finish; exit; }
FLASH=$TOP/build/qemu-2vm-attack/flash.bin boot_qemu hyp_attack

# The attacker's stop counts as a failed VM: status 1, from VM 2 only.
expect_status 1 hyp_attack_exit_status_is_vm2s
expect_line '^monitor: refused call 0xb2000001 tagged VM 1 from core 1$' hyp_attack_monitor_refuses_forged_w7
expect_guest_check 2 hyp_attack_forged_w7_refused_by_monitor
expect_line '^hyp: VM 2 stage-2 fault at 0x42000000 \(data, .*\): VM stopped$' hyp_attack_stage2_fault_reported
expect_line '^hyp: VM 2 stopped: stage-2 fault, status 1$' hyp_attack_vm2_stopped
expect_no_line 'CHECK hyp_attack_read_other_vm_stopped' hyp_attack_vm2_did_not_continue
for t in $HYPTEST_CHECKS hyp_tee_works_later; do
	expect_guest_check 1 "$t"
done
expect_order '^hyp: VM 2 stopped' '^\[vm1\] CHECK hyp_tee_works_later: PASS' hyp_attack_vm1_works_after_vm2_stopped
expect_line '^\[vm1\] hyptest: VM 1 done, 0 failed$' hyp_attack_vm1_done
expect_line '^hyp: VM 1 stopped: test exit, status 0$' hyp_attack_vm1_stopped_normally
expect_no_line '^\[vm1\] CHECK .*: FAIL' hyp_attack_vm1_no_failures
finish
