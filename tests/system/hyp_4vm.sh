#!/usr/bin/env bash
# System test: the qemu-4vm configuration (-smp 4): four VMs, one core each, all
# running guests/hyptest at once: virtual PSCI, its own TEE instance whatever
# w7 says, message buffers in other VMs' RAM, hypervisor RAM, secure SRAM and
# unowned DRAM refused; VM 2 restarts itself with SYSTEM_RESET and meets a
# fresh TEE instance while the others run on.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"

build_config qemu-4vm || { finish; exit; }
FLASH=$TOP/build/qemu-4vm/flash.img boot_qemu hyp_4vm -smp 4

expect_status 0 hyp_4vm_exit_status
for vm in 1 2 3 4; do
	expect_line "^monitor: measured vm$vm .*sha256=[0-9a-f]{64}\$" "hyp_4vm_measured_vm$vm"
	expect_line "^hyp: VM $vm: .* 1 core\(s\) from core $((vm - 1))," "hyp_4vm_vm${vm}_on_core$((vm - 1))"
	for t in $HYPTEST_CHECKS hyp_tee_works_later; do
		expect_guest_check "$vm" "$t"
	done
	expect_line "^\[vm$vm\] hyptest: VM $vm done, 0 failed\$" "hyp_4vm_vm${vm}_done"
done
# VM 2 restarted alone (PSCI SYSTEM_RESET), with a fresh TEE instance: its counter starts again at 1.
expect_guest_check 2 hyp_system_reset_rebooted_vm
expect_line '^hyp: VM 2 reset: restarting it alone$' hyp_4vm_vm2_reset
expect_line '^tvisor: TEE instance of VM 2 restarted with fresh state$' hyp_4vm_vm2_tee_restarted
expect_no_line '^tvisor: TEE instance of VM [134] restarted' hyp_4vm_other_tees_not_restarted
expect_no_line '^hyp: VM [134] reset' hyp_4vm_other_vms_not_reset
expect_line '^\[vm2\] hyptest: VM 2 instance counter 1 2 3$' hyp_4vm_vm2_counter_fresh
expect_line '^\[vm1\] bench: hyp_psci_version_round_trip: [0-9]+ instructions$' hyp_4vm_bench_line
expect_no_line 'CHECK .*: FAIL' hyp_4vm_no_guest_failures
expect_line '^hyp: all VMs stopped, status 0: powering off$' hyp_4vm_last_vm_powers_off
finish
