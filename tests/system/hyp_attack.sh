#!/usr/bin/env bash
# System test: the qemu-attack configuration (4 VMs, -smp 4, hypervisor test
# hooks). VM 2 (hypattack) forges the VM id of a call, which the monitor
# refuses because VM 1 does not own core 1, floods the TEE with many thousand
# calls while VMs 1 and 4 count theirs completing, then reads VM 1's RAM; VM 3
# (hypsram) makes its own TEE instance touch VM 1's RAM (the instance dies
# alone: TEEC_ERROR_TARGET_DEAD for VM 3, VMs 1 and 4 keep using the sessions
# they opened before), then reads secure SRAM. Each read is a stage-2 fault
# that stops that VM alone, while VMs 1 and 4 run all their checks to the end.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"

build_config qemu-attack || { finish; exit; }
FLASH=$TOP/build/qemu-attack/flash.img boot_qemu hyp_attack -smp 4

# Each stopped attacker counts as one failed VM: status 2, from VMs 2 and 3 only.
expect_status 2 hyp_attack_exit_status_is_attackers
expect_line '^monitor: refused call 0xb2000001 tagged VM 1 from core 1$' hyp_attack_monitor_refuses_forged_w7
expect_guest_check 2 hyp_attack_forged_w7_refused_by_monitor
expect_line '^hyp: VM 2 stage-2 fault at 0x42000000 \(data, .*\): VM stopped$' hyp_attack_other_vm_ram_fault_reported
expect_line '^hyp: VM 2 stopped: stage-2 fault, status 1$' hyp_attack_vm2_stopped
expect_line '^hyp: VM 3 stage-2 fault at 0xe000000 \(data, .*\): VM stopped$' hyp_attack_secure_sram_fault_reported
expect_line '^hyp: VM 3 stopped: stage-2 fault, status 1$' hyp_attack_vm3_stopped
expect_no_line 'CHECK hyp_attack_stopped' hyp_attack_attackers_did_not_continue

# Flood: VM 2's calls all succeed, and VMs 1 and 4 complete theirs while it runs.
expect_guest_check 2 hyp_attack_flood_open
expect_guest_check 2 hyp_attack_flood_done
expect_line '^\[vm2\] hyptest: VM 2 flood done: [0-9]{5,} calls, 0 failed, ' hyp_attack_flood_many_thousand_calls
for vm in 1 4; do
	expect_line "^\[vm$vm\] hyptest: VM $vm completed 200 of 200 calls meanwhile\$" "hyp_attack_vm${vm}_calls_counted"
	expect_order '^\[vm2\] hyptest: VM 2 floods the TEE$' "^\[vm$vm\] hyptest: VM $vm completed" \
		"hyp_attack_vm${vm}_calls_after_flood_started"
	expect_order "^\[vm$vm\] hyptest: VM $vm completed" '^\[vm2\] hyptest: VM 2 flood done' \
		"hyp_attack_vm${vm}_calls_before_flood_ended"
done

# A TEE instance that faults dies alone.
for t in hyp_attack_tee_open hyp_attack_tee_fault_target_dead hyp_attack_dead_tee_old_session \
	hyp_attack_dead_tee_open; do
	expect_guest_check 3 "$t"
done
expect_line '^tvisor: TEE instance of VM 3 killed: stage-2 fault outside its partition \(.*address 0x42000000\)' \
	hyp_attack_vm3_tee_killed
expect_no_line '^tvisor: TEE instance of VM [124] killed' hyp_attack_other_tees_alive
for vm in 1 4; do
	expect_order '^\[vm3\] CHECK hyp_open_hello|^\[vm3\] hyptest: VM 3 makes its TEE' \
		"^\[vm$vm\] CHECK hyp_early_session_works_later: PASS" "hyp_attack_vm${vm}_session_used_after_vm3_tee_died"
	expect_order "^\[vm$vm\] CHECK hyp_open_hello: PASS" '^tvisor: TEE instance of VM 3 killed' \
		"hyp_attack_vm${vm}_session_opened_before_vm3_tee_died"
done
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
