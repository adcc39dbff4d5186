#!/usr/bin/env bash
# System test: the qemu-4vm configuration (-smp 4): four VMs, one core each, all
# running guests/hyptest at once, each with its own TEE instance.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"

build_config qemu-4vm || { finish; exit; }
FLASH=$TOP/build/qemu-4vm/flash.bin boot_qemu hyp_4vm -smp 4

expect_status 0 hyp_4vm_exit_status
for vm in 1 2 3 4; do
	expect_line "^monitor: measured vm$vm .*sha256=[0-9a-f]{64}\$" "hyp_4vm_measured_vm$vm"
	expect_line "^hyp: VM $vm: .* 1 core\(s\) from core $((vm - 1))," "hyp_4vm_vm${vm}_on_core$((vm - 1))"
	for t in $HYPTEST_CHECKS hyp_tee_works_later; do
		expect_guest_check "$vm" "$t"
	done
	expect_line "^\[vm$vm\] hyptest: VM $vm done, 0 failed\$" "hyp_4vm_vm${vm}_done"
done
expect_no_line 'CHECK .*: FAIL' hyp_4vm_no_guest_failures
expect_line '^hyp: all VMs stopped, status 0: powering off$' hyp_4vm_last_vm_powers_off
finish
