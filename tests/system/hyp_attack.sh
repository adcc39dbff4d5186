#!/usr/bin/env bash
# System test: the qemu-attack configuration (4 VMs, -smp 4, hypervisor test
# hooks). VM 2 (hypattack) forges the VM id of a call, which the monitor
# refuses because VM 1 does not own core 1, then reads VM 1's RAM; VM 3
# (hypsram) reads secure SRAM. Each is a stage-2 fault that stops that VM
# alone, while VMs 1 and 4 run all their checks to the end.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"

build_config qemu-attack || { finish; exit; }
FLASH=$TOP/build/qemu-attack/flash.bin boot_qemu hyp_attack -smp 4

# Each stopped attacker counts as one failed VM: status 2, from VMs 2 and 3 only.
expect_status 2 hyp_attack_exit_status_is_attackers
expect_line '^monitor: refused call 0xb2000001 tagged VM 1 from core 1$' hyp_attack_monitor_refuses_forged_w7
expect_guest_check 2 hyp_attack_forged_w7_refused_by_monitor
expect_line '^hyp: VM 2 stage-2 fault at 0x42000000 \(data, .*\): VM stopped$' hyp_attack_other_vm_ram_fault_reported
expect_line '^hyp: VM 2 stopped: stage-2 fault, status 1$' hyp_attack_vm2_stopped
expect_line '^hyp: VM 3 stage-2 fault at 0xe000000 \(data, .*\): VM stopped$' hyp_attack_secure_sram_fault_reported
expect_line '^hyp: VM 3 stopped: stage-2 fault, status 1$' hyp_attack_vm3_stopped
expect_no_line 'CHECK hyp_attack_stopped' hyp_attack_attackers_did_not_continue
for vm in 1 4; do
	for t in $HYPTEST_CHECKS hyp_tee_works_later; do
		expect_guest_check "$vm" "$t"
	done
	expect_order '^hyp: VM 3 stopped' "^\[vm$vm\] CHECK hyp_tee_works_later: PASS" \
		"hyp_attack_vm${vm}_works_after_attackers_stopped"
	expect_line "^\[vm$vm\] hyptest: VM $vm done, 0 failed\$" "hyp_attack_vm${vm}_done"
	expect_line "^hyp: VM $vm stopped: test exit, status 0\$" "hyp_attack_vm${vm}_stopped_normally"
	expect_no_line "^\[vm$vm\] CHECK .*: FAIL" "hyp_attack_vm${vm}_no_failures"
done
finish
