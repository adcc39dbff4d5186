#!/usr/bin/env bash
# System test: the default configuration, qemu-2vm-linux. Two VMs under the
# hypervisor, one core each, each running Debian's arm64 kernel with the stock
# optee driver, libteec and tee-supplicant, each talking to its own TEE
# instance. Two boots:
#  A. Both VMs boot (measurements, probe lines, device nodes, supplicant, every
#     tzv-client check with value, memref and multi-page memref parameters).
#     VM 1 installs the hello example TA through the secure-storage TA management PTA
#     and opens it without its file; VM 2, without the file either, cannot open it.
#     Through QEMU's stdin (a FIFO) and Ctrl-] switching: VM 1 increments
#     `hello`'s instance-wide counter three times, VM 2 still counts its own;
#     VM 2 `reboot -f` comes back alone with a fresh TEE instance (counter 1)
#     while VM 1's counter goes on; VM 2 panics (sysrq c) and VM 1's next
#     invokes still succeed; QEMU is then stopped by the test (VM 2 spins in
#     its panic loop, as a panicked kernel does).
#  B. `make run` with its standard input from a pipe (tools/run.sh): VM 2
#     powers off alone, VM 1's client still passes afterwards, and VM 1's
#     `poweroff -f` powers the machine off (PSCI SYSTEM_OFF, exit status 0).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"
cd "$TOP" || exit 1

CFG=qemu-2vm-linux
hello=9c3f5e1a-7b2d-4e8f-a1c6-3d5b7e9f0a24 # the hello example TA
SWITCH=$'\x1d' # Ctrl-]
LINUX_TIMEOUT=${LINUX_TIMEOUT:-240}
build_config "$CFG" || { finish; exit; }

# ---- boot A ----
linux_session_start hyp_linux "$CFG"
start=$SECONDS
booted=0
if linux_wait_for '^\[vm1\] init: shell on the console' 180 && linux_wait_for '^\[vm2\] init: shell on the console' 60; then
	booted=1
	boot_seconds=$((SECONDS - start))
	sleep 1
	# Per-VM TEE state: the boot-time client left each instance's counter at 1.
	linux_to_vm 1 $'for i in 1 2 3; do tzv-client global; done; echo SEP1-DONE\n'
	linux_wait_for '^\[vm1\] SEP1-DONE' 60
	linux_to_vm 2 $'tzv-client global; echo SEP2-DONE\n'
	linux_wait_for '^\[vm2\] SEP2-DONE' 60
	# The example TAs' clients in both VMs at once, each VM's tee-supplicant loading the
	# signed TAs into its own TEE instance; each VM's clock set to its own date, which
	# TEE_GetREETime must return there.
	uta='for t in hello random digest aes rsa ta2ta dl; do ta-$t | grep -E "REE time|passed,|ta2ta: .*: FAIL" | sed s/^/UTA%s-/; done; echo UTA%s-DONE'
	linux_to_vm 1 "date -s @1800000000 >/dev/null; $(printf "$uta" 1 1)"$'\n'
	linux_to_vm 2 "date -s @1900000000 >/dev/null; $(printf "$uta" 2 2)"$'\n'
	uta_start=$SECONDS
	linux_wait_for '^\[vm1\] UTA1-DONE' 150 && linux_wait_for '^\[vm2\] UTA2-DONE' 60
	uta_seconds=$((SECONDS - uta_start))
	# A TA installed through the secure-storage TA management PTA in VM 1 (its file taken
	# out of /lib/optee_armtz first) opens there; VM 2, without the file, cannot open it:
	# VM 1's installed TA is in VM 1's instance's storage only.
	linux_to_vm 1 "mv /lib/optee_armtz/$hello.ta /tmp/h.ta; tzv-client install /tmp/h.ta | sed s/^/SECSTOR1-/; tzv-client open $hello | sed s/^/SECSTOR1-/; echo SECSTOR1-DONE"$'\n'
	linux_wait_for '^\[vm1\] SECSTOR1-DONE' 60
	linux_to_vm 2 "mv /lib/optee_armtz/$hello.ta /tmp/h.ta; tzv-client open $hello | sed s/^/SECSTOR2-/; echo SECSTOR2-DONE"$'\n'
	linux_wait_for '^\[vm2\] SECSTOR2-DONE' 60
	# VM 2 reboots alone: a fresh TEE instance; VM 1 goes on counting.
	linux_to_vm 2 $'reboot -f\n'
	linux_wait_for '^\[vm2\] init: shell on the console' 180 2
	sleep 1
	linux_to_vm 1 $'tzv-client global; echo AFTER-REBOOT\n'
	linux_wait_for '^\[vm1\] AFTER-REBOOT' 60
	# VM 2 panics; VM 1's next invokes still succeed.
	linux_to_vm 2 $'echo c > /proc/sysrq-trigger\n'
	linux_wait_for '^\[vm2\] .*Kernel panic - not syncing' 60
	sleep 2
	linux_to_vm 1 $'tzv-client global; tzv-client null 200; tzv-client | tail -n 1 | sed s/^/AFTER-PANIC-/\n'
	linux_wait_for '^\[vm1\] AFTER-PANIC-' 120
fi
linux_session_stop
echo "# hyp_linux: both shells after ${boot_seconds:-?} s, the TA clients in both VMs ${uta_seconds:-?} s, $((SECONDS - start)) s in all, log $LOG"
if [ "$booted" = 1 ]; then
	check_pass hyp_linux_both_shells
else
	check_fail hyp_linux_both_shells "no shell in both VMs; last line: $(tail -n 1 "$LOG")"
fi

# The monitor measured the preloaded pristine copies in the hypervisor's RAM.
for vm in 1 2; do
	for img in kernel initrd; do
		expect_line "^monitor: measured vm$vm-$img at 0x4[0-7][0-9a-f]{6} size [0-9]+ sha256=[0-9a-f]{64}\$" \
			"hyp_linux_measured_vm${vm}_$img"
	done
	expect_line "^monitor: measured vm$vm.dtb " "hyp_linux_measured_vm${vm}_dtb"
done
# Both VMs boot the same kernel and initramfs: VM 2's are compared with VM 1's, not hashed again.
expect_line '^monitor: vm2-kernel holds the bytes of vm1-kernel$' hyp_linux_vm2_kernel_same_bytes
expect_line '^monitor: vm2-initrd holds the bytes of vm1-initrd$' hyp_linux_vm2_initrd_same_bytes
expect_line "^\[vm1\] SECSTOR1-tzv-client: install /tmp/h.ta: 0x0 origin " hyp_linux_vm1_secstor_install
expect_line "^\[vm1\] SECSTOR1-tzv-client: open $hello: 0x0 origin " hyp_linux_vm1_secstor_installed_opens
expect_line "^\[vm2\] SECSTOR2-tzv-client: open $hello: 0xffff0008 origin " \
	hyp_linux_vm2_cannot_open_vm1_installed_ta
expect_line '^hyp: VM 1: RAM 0x48000000-0x67ffffff, 1 core\(s\) from core 0, image [0-9]+ bytes at 0x48200000$' hyp_linux_vm1_kernel_at_entry
expect_line '^hyp: VM 2: RAM 0x68000000-0x87ffffff, 1 core\(s\) from core 1, image [0-9]+ bytes at 0x68200000$' hyp_linux_vm2_kernel_at_entry
expect_line '^hyp: VM 1: initramfs [0-9]+ bytes at 0x4a400000$' hyp_linux_vm1_initramfs
expect_line '^hyp: VM 2: initramfs [0-9]+ bytes at 0x6a400000$' hyp_linux_vm2_initramfs

client_checks="initialize_context hello_open_session hello_inc_value hello_get_value_inout
	hello_second_session_own_counter hello_inc_global hello_bad_param_types hello_close_session
	echo_open_session echo_value_and_memref echo_memref_copy echo_memref_short_buffer
	echo_multipage_tmpref echo_register_shm echo_multipage_registered_odd_offset
	echo_multipage_registered_copy echo_multipage_allocated_whole echo_null_invokes
	echo_close_session unknown_uuid_refused device_pta_fixed_list device_pta_kernel_login_refused_to_user_space
	rng_pta_open_public rng_pta_get_entropy rng_pta_get_rng_info rng_pta_bad_parameters_refused"
source "$(dirname "$0")/tee_bus_lib.bash"
for vm in 1 2; do
	p="^\[vm$vm\] "
	t="^\[vm$vm\] \[ *[0-9.]+\] "
	expect_line "${t}Machine model: tzvisor $CFG VM $vm \(QEMU virt\)\$" "hyp_linux_vm${vm}_device_tree"
	expect_line "${t}Kernel command line: console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init\$" \
		"hyp_linux_vm${vm}_bootargs_from_chosen"
	expect_line "${t}Trying to unpack rootfs image as initramfs" "hyp_linux_vm${vm}_initrd_from_chosen"
	expect_line "${t}psci: PSCIv1\.1 detected in firmware\.\$" "hyp_linux_vm${vm}_psci"
	expect_line "${t}CPU: All CPU\(s\) started at EL1\$" "hyp_linux_vm${vm}_at_el1"
	expect_line "${t}optee: revision 3\.19" "hyp_linux_vm${vm}_optee_revision"
	expect_line "${t}optee: initialized driver\$" "hyp_linux_vm${vm}_optee_initialized"
	expect_line "${p}init: /dev/tee0 present\$" "hyp_linux_vm${vm}_dev_tee0"
	expect_line "${p}init: /dev/teepriv0 present\$" "hyp_linux_vm${vm}_dev_teepriv0"
	expect_line "${p}init: tee-supplicant running \(pid [0-9]+\)\$" "hyp_linux_vm${vm}_tee_supplicant"
	check_tee_bus "hyp_linux_vm${vm}" "$LOG" "$p"
	for c in $client_checks; do
		line=$(grep -E -m1 -- "${p}tzv-client: $c: " "$LOG")
		case "$line" in
		"[vm$vm] tzv-client: $c: PASS"*) check_pass "hyp_linux_vm${vm}_client_$c" ;;
		"") check_fail "hyp_linux_vm${vm}_client_$c" "no tzv-client line" ;;
		*) check_fail "hyp_linux_vm${vm}_client_$c" "${line#*: $c: }" ;;
		esac
	done
	expect_line "${p}tzv-client: [0-9]+ passed, 0 failed\$" "hyp_linux_vm${vm}_client_summary"
	expect_line "${p}tzv-client: first invoke at [0-9.]+ s" "hyp_linux_vm${vm}_first_invoke_time"
done

# Each VM's /dev/hwrng reads come from its own TEE instance: no two of the four alike.
n=$(for v in 1 2; do for r in 1 2; do
	grep -m1 -E "^\[vm$v\] init: /dev/hwrng read $r: 64 bytes, sha256 " "$LOG" | grep -oE '[0-9a-f]{64}$'
done; done | sort -u | wc -l)
if [ "$n" -eq 4 ]; then
	check_pass hyp_linux_hwrng_reads_differ_between_vms
else
	check_fail hyp_linux_hwrng_reads_differ_between_vms "$n different hashes of 4 reads"
fi

# The example TA clients passed in both VMs; REE time is each VM's own clock.
for vm in 1 2; do
	for t in hello random digest aes rsa dl; do
		expect_line "^\[vm$vm\] UTA$vm-ta-$t: [0-9]+ passed, 0 failed\$" "hyp_linux_vm${vm}_user_ta_$t"
	done
	# ta-dl: each VM's tee-supplicant also loads the dl example's two shared TA libraries
	expect_line "^tee$vm: TA 4f0c2d8e: library 8e2a4c6f: mapped at 0x[0-9a-f]+\$" \
		"hyp_linux_vm${vm}_dl_plugin_loaded"
	ree=$((17 + vm)) # the first two digits of the date set in VM vm (1800000000, 1900000000)
	expect_line "^\[vm$vm\] UTA$vm-ta-random: REE time ${ree}0000[0-9]{4}\.[0-9]{3} s \(Linux: ${ree}0000" \
		"hyp_linux_vm${vm}_ree_time_own_clock"
	expect_line "^tee$vm: TA [0-9a-f]+: loaded: " "hyp_linux_vm${vm}_user_ta_loaded"
done

# TA-to-TA sessions in both VMs at once (ta2ta, a GP 1.1-mode TA: 14 checks of its client,
# guests/linux/ta-ta2ta.c), and the caller that passed a memref it does not own was ended.
for vm in 1 2; do
	expect_line "^\[vm$vm\] UTA$vm-ta-ta2ta: 14 passed, 0 failed\$" "hyp_linux_vm${vm}_ta_to_ta"
	expect_line "^tee$vm: TA 5a7c2e91: TA call: memref outside the caller's memory \(0xc000000, 0x40\): instance ended\$" \
		"hyp_linux_vm${vm}_ta_to_ta_foreign_memref_refused"
done

# Per-VM state: VM 1 counts 2 3 4 after its boot run's 1; VM 2's instance is its own (2).
got=$(sed -nE 's/^\[vm1\] tzv-client: global ([0-9]+)$/\1/p' "$LOG" | head -n 3 | tr '\n' ' ')
if [ "$got" = "2 3 4 " ]; then
	check_pass hyp_linux_vm1_counts_own_instance
else
	check_fail hyp_linux_vm1_counts_own_instance "VM 1 counted '$got', expected 2 3 4"
fi
expect_line '^\[vm2\] tzv-client: global 2$' hyp_linux_vm2_counter_not_vm1s
expect_order '^\[vm1\] SEP1-DONE' '^\[vm2\] tzv-client: global 2$' hyp_linux_vm2_counted_after_vm1

# VM 2 rebooted alone: the hypervisor restarted it with the pristine images, a fresh instance.
expect_line '^hyp: VM 2 reset: restarting it alone$' hyp_linux_vm2_reset_alone
expect_no_line '^hyp: VM 1 reset' hyp_linux_vm1_not_reset
n=$(grep -cE '^\[vm2\] tzv-client: hello_inc_global: PASS global 1 ' "$LOG")
if [ "$n" = 2 ]; then
	check_pass hyp_linux_vm2_reboot_fresh_tee_state
else
	check_fail hyp_linux_vm2_reboot_fresh_tee_state "$(grep -E '^\[vm2\] tzv-client: hello_inc_global' "$LOG" | tr '\n' ' ')"
fi
n=$(grep -cE '^\[vm2\] tzv-client: [0-9]+ passed, 0 failed$' "$LOG")
[ "$n" = 2 ] && check_pass hyp_linux_vm2_client_after_reboot ||
	check_fail hyp_linux_vm2_client_after_reboot "$n passing client runs in VM 2, expected 2"
expect_line '^\[vm1\] tzv-client: global 5$' hyp_linux_vm1_state_kept_across_vm2_reboot

# VM 2 panicked; VM 1 went on.
expect_line '^\[vm2\] .*Kernel panic - not syncing: sysrq triggered crash' hyp_linux_vm2_panics
expect_line '^\[vm1\] tzv-client: global 6$' hyp_linux_vm1_invoke_after_vm2_panic
expect_line '^\[vm1\] tzv-client: null: 200 invokes, [0-9.]+ us each' hyp_linux_vm1_null_invokes_after_vm2_panic
expect_line '^\[vm1\] AFTER-PANIC-tzv-client: [0-9]+ passed, 0 failed$' hyp_linux_vm1_client_after_vm2_panic
expect_no_line '^\[vm1\] .*(Kernel panic|Oops|Call trace|WARNING: CPU|BUG:)' hyp_linux_vm1_no_kernel_errors
expect_no_line '^monitor: (unexpected|refused|PANIC)' hyp_linux_no_monitor_complaints
expect_no_line '^(tvisor|tee[0-9]+): .*(killed|panic|exception|PANIC)' hyp_linux_no_secure_faults
expect_no_line '^hyp: (PANIC|VM [0-9]+ (stage-2 fault|unhandled|: system register))' hyp_linux_no_hyp_faults

# ---- boot B: make run, driven through a pipe ----
LOG=$LOG_DIR/hyp_linux_run.log
start=$SECONDS
printf '%s2poweroff -f\n%s1sleep 5; tzv-client global; tzv-client | tail -n 1 | sed s/^/RUN-/; poweroff -f\n' \
	"$SWITCH" "$SWITCH" |
	timeout --kill-after=10 "$LINUX_TIMEOUT" make -s CONFIG=$CFG run 2>&1 | tr -d '\r' >"$LOG"
QEMU_STATUS=${PIPESTATUS[1]}
echo "# hyp_linux_run: make run exit status $QEMU_STATUS after $((SECONDS - start)) s, log $LOG"
expect_line '^hyp: VM 2 stopped: .*status 0$' hyp_linux_run_vm2_powers_off_alone
expect_line '^\[vm1\] tzv-client: global 2$' hyp_linux_run_vm1_invoke_after_vm2_off
expect_order '^hyp: VM 2 stopped' '^\[vm1\] tzv-client: global 2$' hyp_linux_run_vm1_invoke_came_after
expect_line '^\[vm1\] RUN-tzv-client: [0-9]+ passed, 0 failed$' hyp_linux_run_vm1_client_passes
expect_line '^hyp: all VMs stopped, status 0: powering off$' hyp_linux_run_all_stopped
expect_status 0 hyp_linux_run_exit_status
finish
