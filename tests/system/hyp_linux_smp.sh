#!/usr/bin/env bash
# System test: qemu-linux-smp, an unmodified Linux VM with two vCPUs (cores 0-1)
# next to a one-vCPU Linux VM (core 2), each with its own TEE instance.
# VM 1 sees two CPUs whose timers both tick (virtual GIC and timer per vCPU);
# four tzv-clients pinned to both of VM 1's CPUs and one in VM 2 run at the
# same time; VM 1 takes CPU 1 offline and back (virtual PSCI CPU_OFF/CPU_ON)
# and its clients still pass; VM 1's poweroff stops both of its vCPUs, VM 2
# runs on, and VM 2's poweroff ends the machine with status 0.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"
cd "$TOP" || exit 1

CFG=qemu-linux-smp
build_config "$CFG" || { finish; exit; }

linux_session_start hyp_linux_smp "$CFG"
booted=0
if linux_wait_for '^\[vm1\] init: shell on the console' 180 &&
	linux_wait_for '^\[vm2\] init: shell on the console' 60; then
	booted=1
	sleep 1
	linux_to_vm 1 $'echo CPUS-$(nproc)-$(cat /sys/devices/system/cpu/online)\n'
	linux_wait_for '^\[vm1\] CPUS-' 30
	# Four clients over both CPUs in VM 1 while VM 2 runs one: every TEE call of VM 1 comes
	# from either vCPU, interleaved with VM 2's calls to its own instance.
	linux_to_vm 1 $'for c in 0 1 0 1; do taskset -c $c tzv-client >/tmp/c$c.$RANDOM 2>&1 & done; wait; cat /tmp/c* | grep -c "26 passed, 0 failed" | sed s/^/SMP-CLIENTS-/\n'
	linux_to_vm 2 $'tzv-client | tail -n 1 | sed s/^/VM2-CLIENT-/\n'
	linux_wait_for '^\[vm1\] SMP-CLIENTS-' 120
	linux_wait_for '^\[vm2\] VM2-CLIENT-' 60
	linux_to_vm 1 $'grep arch_timer /proc/interrupts | sed "s/^/TIMERS-/"\n'
	linux_wait_for '^\[vm1\] TIMERS-' 30
	# CPU 1 offline (PSCI CPU_OFF to the hypervisor) and back (CPU_ON).
	linux_to_vm 1 $'echo 0 > /sys/devices/system/cpu/cpu1/online; echo OFFLINE-$(cat /sys/devices/system/cpu/online)\n'
	linux_wait_for '^\[vm1\] OFFLINE-' 30
	linux_to_vm 1 $'echo 1 > /sys/devices/system/cpu/cpu1/online; echo ONLINE-$(cat /sys/devices/system/cpu/online)\n'
	linux_wait_for '^\[vm1\] ONLINE-' 30
	linux_to_vm 1 $'taskset -c 1 tzv-client | tail -n 1 | sed s/^/AFTER-HOTPLUG-/\n'
	linux_wait_for '^\[vm1\] AFTER-HOTPLUG-' 60
	linux_to_vm 1 $'poweroff -f\n'
	linux_wait_for '^hyp: VM 1 stopped: PSCI SYSTEM_OFF' 30
	linux_to_vm 2 $'tzv-client | tail -n 1 | sed s/^/VM2-AFTER-/; poweroff -f\n'
fi
linux_session_stop 60
if [ "$booted" = 1 ]; then
	check_pass hyp_linux_smp_both_shells
else
	check_fail hyp_linux_smp_both_shells "no shell in both VMs; last line: $(tail -n 1 "$LOG")"
fi

expect_line '^hyp: VM 1: RAM 0x48000000-0x67ffffff, 2 core\(s\) from core 0, ' hyp_linux_smp_vm1_two_cores
expect_line '^\[vm1\] init: Linux [^ ]+ on 2 CPU\(s\)' hyp_linux_smp_vm1_linux_sees_two_cpus
expect_line '^\[vm2\] init: Linux [^ ]+ on 1 CPU\(s\)' hyp_linux_smp_vm2_linux_sees_one_cpu
expect_line '^\[vm1\] CPUS-2-0-1$' hyp_linux_smp_vm1_cpus_online
expect_line '^\[vm1\] SMP-CLIENTS-4$' hyp_linux_smp_vm1_four_concurrent_clients_pass
expect_line '^\[vm2\] VM2-CLIENT-tzv-client: 26 passed, 0 failed$' hyp_linux_smp_vm2_client_meanwhile
# Both vCPUs of VM 1 take their own virtual timer interrupts.
if grep -Eq '^\[vm1\] TIMERS- *[0-9]+: +[1-9][0-9]* +[1-9][0-9]* ' "$LOG"; then
	check_pass hyp_linux_smp_vm1_timer_on_both_cpus
else
	check_fail hyp_linux_smp_vm1_timer_on_both_cpus "$(grep -m1 'TIMERS-' "$LOG" || echo 'no TIMERS line')"
fi
expect_line '^\[vm1\] OFFLINE-0$' hyp_linux_smp_vm1_cpu1_offline
expect_line '^\[vm1\] ONLINE-0-1$' hyp_linux_smp_vm1_cpu1_back_online
expect_line '^\[vm1\] AFTER-HOTPLUG-tzv-client: 26 passed, 0 failed$' hyp_linux_smp_vm1_client_on_cpu1_after_hotplug
expect_line '^hyp: VM 1 vCPU 1 stopped' hyp_linux_smp_vm1_second_vcpu_stopped
expect_line '^\[vm2\] VM2-AFTER-tzv-client: 26 passed, 0 failed$' hyp_linux_smp_vm2_runs_after_vm1_off
expect_status 0 hyp_linux_smp_machine_off_status
expect_no_line '^monitor: refused' hyp_linux_smp_no_refused_calls
finish
