#!/usr/bin/env bash
# System test: the qemu-smp configuration (-smp 3): VM 1 has two vCPUs, VM 2
# one, both run guests/hyptest. VM 1 starts vCPU 1, which counts in RAM without
# ever trapping, and resets itself: the reset must stop vCPU 1 (the counter
# stands still, virtual PSCI says it is off, CPU_ON starts it again). VM 1 then
# stops with vCPU 1 running: the hypervisor must stop that vCPU too (it empties
# the VM's stage 2, so the vCPU faults back into EL2), while VM 2 is untouched.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"

build_config qemu-smp || { finish; exit; }
FLASH=$TOP/build/qemu-smp/flash.img boot_qemu hyp_smp -smp 3

expect_status 0 hyp_smp_exit_status
expect_line '^hyp: VM 1: RAM 0x42000000-0x49ffffff, 2 core\(s\) from core 0,' hyp_smp_vm1_two_cores
expect_line '^\[vm1\] hyptest: VM 1 has 2 vCPUs$' hyp_smp_vm1_sees_two_vcpus
for t in hyp_sgi_to_other_vcpu hyp_smp_second_vcpu_runs hyp_system_reset_rebooted_vm hyp_smp_reset_stopped_other_vcpu \
	hyp_smp_other_vcpu_off_after_reset hyp_smp_cpu_on_after_reset; do
	expect_guest_check 1 "$t"
done
for vm in 1 2; do
	for t in $HYPTEST_CHECKS hyp_tee_works_later; do
		expect_guest_check "$vm" "$t"
	done
	expect_line "^\[vm$vm\] hyptest: VM $vm done, 0 failed\$" "hyp_smp_vm${vm}_done"
done
expect_order '^hyp: VM 1 reset: restarting it alone$' '^hyp: VM 1 vCPU 1 stopped \(VM reset\)$' \
	hyp_smp_reset_stops_vcpu1
expect_order '^hyp: VM 1 vCPU 1 stopped \(VM reset\)$' '^\[vm1\] CHECK hyp_system_reset_rebooted_vm' \
	hyp_smp_vcpu1_stopped_before_reboot
expect_order '^\[vm1\] hyptest: VM 1 stops with vCPU 1 still running$' \
	'^hyp: VM 1 vCPU 1 stopped \(VM stopped\)$' hyp_smp_stop_stops_vcpu1
expect_order '^hyp: VM 1 vCPU 1 stopped \(VM stopped\)$' '^hyp: VM 1 stopped: test exit, status 0$' \
	hyp_smp_vcpu1_stopped_before_vm1_reported_stopped
expect_no_line 'did not stop in time' hyp_smp_every_vcpu_stopped_in_time
# vCPU 1 of VM 1 took exactly its SGIs (3 sent to it, 1 broadcast, 1 to stop it); VM 2's SGIs to
# its "vCPU 1" (no such vCPU; physical core 1 is VM 1's) never reached it.
expect_line '^\[vm1\] hyptest: VM 1 took 5 timer interrupts, SGIs 1 5$' hyp_smp_vm1_sgi_counts
expect_line '^\[vm2\] hyptest: VM 2 took 5 timer interrupts, SGIs 1 0$' hyp_smp_vm2_sgi_counts
expect_no_line '^hyp: VM 2 vCPU' hyp_smp_vm2_untouched
expect_no_line 'CHECK .*: FAIL' hyp_smp_no_guest_failures
expect_line '^hyp: all VMs stopped, status 0: powering off$' hyp_smp_last_vm_powers_off
finish
