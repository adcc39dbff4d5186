#!/usr/bin/env bash
# System test: the qemu-2vm configuration. The NS-EL2 hypervisor runs VM 1 on
# core 0 and VM 2 on core 1 at the same time, both running guests/hyptest:
# virtual PSCI, its own TEE instance whatever w7 says, message buffers outside
# its RAM refused, and a SYSTEM_RESET of VM 2 alone with a fresh TEE instance.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"

build_config qemu-2vm || { finish; exit; }
FLASH=$TOP/build/qemu-2vm/flash.bin boot_qemu hyp_2vm

expect_status 0 hyp_2vm_exit_status
for img in tvisor tee hyp vm1 vm2; do
	expect_line "^monitor: measured $img .*sha256=[0-9a-f]{64}\$" "hyp_2vm_measured_$img"
done
expect_line '^monitor: .*entering normal world at 0x40000000 \(NS-EL2 hypervisor\)' hyp_2vm_entered_at_el2
expect_line '^hyp: VM 1: RAM 0x42000000-0x49ffffff, 1 core\(s\) from core 0' hyp_2vm_vm1_on_core0
expect_line '^hyp: VM 2: RAM 0x4a000000-0x51ffffff, 1 core\(s\) from core 1' hyp_2vm_vm2_on_core1
for vm in 1 2; do
	expect_line "^\[vm$vm\] hyptest: VM $vm at NS-EL1, " "hyp_2vm_vm${vm}_at_el1_with_prefix"
	for t in $HYPTEST_CHECKS hyp_tee_works_later; do
		expect_guest_check "$vm" "$t"
	done
	expect_line "^\[vm$vm\] hyptest: VM $vm done, 0 failed\$" "hyp_2vm_vm${vm}_done"
	expect_line "^hyp: VM $vm stopped: test exit, status 0\$" "hyp_2vm_vm${vm}_stopped"
done
# VM 2 restarted alone, with a fresh TEE instance (its counter starts again at 1).
expect_guest_check 2 hyp_system_reset_rebooted_vm
expect_line '^hyp: VM 2 reset: restarting it alone$' hyp_2vm_vm2_reset
expect_line '^tvisor: TEE instance of VM 2 restarted with fresh state$' hyp_2vm_vm2_tee_restarted
expect_no_line '^tvisor: TEE instance of VM 1 restarted' hyp_2vm_vm1_tee_not_restarted
expect_no_line '^hyp: VM 1 reset' hyp_2vm_vm1_not_reset
expect_line '^\[vm2\] hyptest: VM 2 instance counter 1 2 3$' hyp_2vm_vm2_counter_fresh
expect_no_line 'CHECK .*: FAIL' hyp_2vm_no_guest_failures
expect_line '^hyp: all VMs stopped, status 0: powering off$' hyp_2vm_last_vm_powers_off
finish
