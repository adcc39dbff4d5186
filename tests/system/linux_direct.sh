#!/usr/bin/env bash
# System test: the linux-direct configuration. Debian's arm64 kernel (no
# hypervisor) runs at NS-EL1 on the monitor with the stock optee driver,
# libteec and tee-supplicant; our tzv-client (guests/linux/tzv-client.c) talks
# to the TEE's built-in TAs through them. The test device tree adds tzv.test=1
# to the kernel command line, so /init powers the machine off after the client.
source "$(dirname "$0")/lib.sh"
cd "$TOP"

mkdir -p "$LOG_DIR"
if make -s CONFIG=linux-direct firmware >"$LOG_DIR/build-linux-direct.log" 2>&1; then
	check_pass build_linux_direct
else
	check_fail build_linux_direct "make CONFIG=linux-direct failed, see $LOG_DIR/build-linux-direct.log"
	finish
	exit
fi
read -r -a qemu_args <<<"$(make -s CONFIG=linux-direct LINUX_DTB=linux-test.dtb linux-qemu-args)"

# Linux under TCG reaches /init in about 6 s; the whole run takes well under a minute.
QEMU_TIMEOUT=${LINUX_TIMEOUT:-300} FLASH=$TOP/build/linux-direct/flash.img \
	boot_qemu linux_direct "${qemu_args[@]}"

expect_status 0 linux_exit_status

# The monitor measured what QEMU preloaded, then entered the kernel at NS-EL1.
for img in tvisor tee linux initrd dtb; do
	expect_line "^monitor: measured $img .*sha256=[0-9a-f]{64}\$" "linux_measured_$img"
done
expect_line '^tvisor: instance [0-9]+ vm 1 secure bytes [0-9]+' linux_tee_instance_vm1
expect_line '^monitor: TEE-visor ready, entering normal world at 0x40200000 \(NS-EL1\)$' linux_entered_at_el1

# The kernel: our device tree, PSCI from the monitor, both cores, at EL1.
expect_line '^\[ *[0-9.]+\] Machine model: tzvisor linux-direct \(QEMU virt\)$' linux_device_tree
expect_line '^\[ *[0-9.]+\] Kernel command line: .*tzv\.test=1' linux_command_line
expect_line '^\[ *[0-9.]+\] psci: PSCIv1\.1 detected in firmware\.$' linux_psci_1_1
expect_line '^\[ *[0-9.]+\] smp: Brought up 1 node, 2 CPUs$' linux_smp_2_cpus
expect_line '^\[ *[0-9.]+\] CPU: All CPU\(s\) started at EL1$' linux_cpus_at_el1
expect_line '^\[ *[0-9.]+\] Run /init as init process$' linux_runs_init

# The stock optee driver probed our TEE.
expect_line '^\[ *[0-9.]+\] optee: revision 3\.19' linux_optee_revision
expect_line '^\[ *[0-9.]+\] optee: dynamic shared memory is enabled$' linux_optee_dynamic_shm
expect_line '^\[ *[0-9.]+\] optee: initialized driver$' linux_optee_initialized
# The driver took OP-TEE 3.19's path: RPC_ARG offered, its argument pages registered and
# named by CALL_WITH_REGD_ARG (0x32000013), each call's RPC argument after its message.
expect_line '^tee1: the driver passes RPC arguments with its calls \(function 0x32000013\)$' \
	linux_optee_regd_arg_calls
# The monitor hashed the 33 MB kernel with the SHA-256 instructions, after checking them.
expect_line '^monitor: SHA-256 of images with the Armv8 SHA-256 instructions \(known answers checked\)$' \
	linux_sha256_instructions
expect_line '^init: /dev/tee0 present$' linux_dev_tee0
expect_line '^init: /dev/teepriv0 present$' linux_dev_teepriv0
expect_line '^init: tee-supplicant running \(pid [0-9]+\)$' linux_tee_supplicant_running

# The TEE bus: the driver asked the TEE's device-enumeration PTA (tee/pta_device.c) and
# registered the RNG PTA's device, optee-rng bound it and serves /dev/hwrng from it.
source "$(dirname "$0")/tee_bus_lib.bash"
check_tee_bus linux "$LOG" "^"

# tzv-client through libteec: value, memref and multi-page memref parameters.
client_checks="initialize_context hello_open_session hello_inc_value hello_get_value_inout
	hello_second_session_own_counter hello_inc_global hello_bad_param_types hello_close_session
	echo_open_session echo_value_and_memref echo_memref_copy echo_memref_short_buffer
	echo_multipage_tmpref echo_register_shm echo_multipage_registered_odd_offset
	echo_multipage_registered_copy echo_multipage_allocated_whole echo_null_invokes
	echo_close_session unknown_uuid_refused device_pta_fixed_list device_pta_kernel_login_refused_to_user_space
	rng_pta_open_public rng_pta_get_entropy rng_pta_get_rng_info rng_pta_bad_parameters_refused"
for t in $client_checks; do
	line=$(grep -E -m1 -- "^tzv-client: $t: " "$LOG")
	case "$line" in
	"tzv-client: $t: PASS"*) check_pass "linux_client_$t" ;;
	"") check_fail "linux_client_$t" "no tzv-client line (client stopped early?)" ;;
	*) check_fail "linux_client_$t" "${line#tzv-client: $t: }" ;;
	esac
done
expect_line '^tzv-client: hello_inc_value: PASS counts 1 2 3$' linux_client_counts_1_2_3
expect_line '^tzv-client: hello_inc_global: PASS global 1 ' linux_client_global_counter_fresh
expect_line '^tzv-client: [0-9]+ passed, 0 failed$' linux_client_summary
expect_line '^init: tzv-client exited with status 0$' linux_client_exit_status

# A clean run: nothing unexpected in any layer, and a PSCI power-off at the end.
expect_no_line '^monitor: (unexpected|refused|PANIC)' linux_no_monitor_complaints
expect_no_line '^(tvisor|tee[0-9]+): .*(killed|panic|exception|PANIC)' linux_no_secure_faults
expect_no_line '(Internal error|Oops|Call trace|Kernel panic|WARNING: CPU|BUG:)' linux_no_kernel_errors
expect_line '^init: test mode, powering off$' linux_init_powers_off
expect_line '^monitor: PSCI SYSTEM_OFF$' linux_psci_system_off

# The `make run` variant (no tzv.test=1): after the client /init offers a shell on the
# console. Commands go in through a FIFO once the shell is there (bytes sent earlier are
# lost while the console is not yet open), and `poweroff -f` ends the run.
read -r -a qemu_args <<<"$(make -s CONFIG=linux-direct linux-qemu-args)"
LOG=$LOG_DIR/linux_direct_shell.log
raw=$LOG_DIR/linux_direct_shell.raw
fifo=$(mktemp -u)
mkfifo "$fifo"
exec 3<>"$fifo"
: >"$raw"
flash=$(flash_copy "$TOP/build/linux-direct/flash.img" linux_direct_shell)
timeout --kill-after=10 "${LINUX_TIMEOUT:-300}" "$QEMU" "${QEMU_MACHINE[@]}" \
	-drive "if=pflash,unit=0,format=raw,file=$flash" "${qemu_args[@]}" <"$fifo" >"$raw" 2>&1 &
qemu_pid=$!
# wait_for <regex> <seconds> [n]: until the console shows n (default 1) lines matching
# regex, or QEMU is gone.
wait_for() {
	local end=$((SECONDS + $2)) n
	while [ $SECONDS -lt $end ] && kill -0 "$qemu_pid" 2>/dev/null; do
		n=$(tr -d '\r' <"$raw" | grep -Ec -- "$1")
		[ "$n" -ge "${3:-1}" ] && return 0
		sleep 1
	done
	return 1
}
if wait_for '^init: shell on the console' "${LINUX_TIMEOUT:-300}"; then
	sleep 2
	printf 'echo SHELL-OK $((6 * 7))\n' >&3
	printf 'pidof tee-supplicant >/dev/null && echo SUPPLICANT-$(ls /dev/tee0)\n' >&3
	printf 'tzv-client | tail -n 1 | sed s/^/AGAIN-/\n' >&3
	wait_for '^AGAIN-tzv-client: [0-9]+ passed' 60
	# Signed user TAs: tee-supplicant loads each from /lib/optee_armtz, the TEE checks its
	# signature and runs it at S-EL0 (issue 5). The REE clock is set to a date no boot
	# counter reaches: ta-random's TEE_GetREETime must come back with it (GET_TIME RPC).
	# ta-dl: the dl example, whose two shared TA libraries tee-supplicant loads too.
	# Each client writes to a file and the files are printed after the runs: a line the TEE
	# logs during a run must not land inside a Linux console line still being sent.
	printf 'date -s @1800000000 >/dev/null; for t in hello random digest aes rsa ta2ta dl; do ' >&3
	printf 'ta-$t >/tmp/uta-$t.log; done; for t in hello random digest aes rsa ta2ta dl; do ' >&3
	printf 'grep -E "REE time|cancel|passed,|ta2ta: " /tmp/uta-$t.log | sed s/^/UTA-/; done; echo UTA-DONE\n' >&3
	wait_for '^UTA-DONE' 120
	# GP crypto in the TEE kernel: known answers (OpenSSL's), key generation, and a TA
	# using another TA instance's handles, from a TA with a 2 KiB stack (ta/examples/kat).
	printf 'ta-kat >/tmp/kat.log; sed s/^/KAT-/ /tmp/kat.log; echo KAT-DONE\n' >&3
	wait_for '^KAT-DONE' 180
	# A TA written in C++ (ta/examples/cxx): global constructor, an exception thrown through
	# a C frame and caught, new/delete and std::bad_alloc, virtual calls and RTTI; its
	# global object's destructor runs (and logs) when the instance ends after the session.
	printf 'ta-cxx >/tmp/cxx.log; sed s/^/CXX-/ /tmp/cxx.log; echo CXX-DONE\n' >&3
	wait_for '^CXX-DONE' 60
	# GP TEE Sockets (ta/examples/socket): TCP and UDP echo servers of this VM on 127.0.0.1
	# reached through tee-supplicant's socket RPC; another instance's handle and a buffer
	# outside the TA refused.
	printf 'ta-socket >/tmp/sock.log; sed s/^/SOCK-/ /tmp/sock.log; echo SOCK-DONE\n' >&3
	wait_for '^SOCK-DONE' 60
	# Four clients at once on both cores: the TEE instance runs one call at a time and
	# answers ETHREAD_LIMIT meanwhile, which the driver waits out and retries.
	printf 'for i in 1 2 3 4; do tzv-client >/tmp/c$i.log & done; wait; ' >&3
	printf 'grep -h "passed," /tmp/c?.log | sed s/^/PAR-/; echo PAR-DONE\n' >&3
	wait_for '^PAR-DONE' 120
	# reboot: PSCI SYSTEM_RESET restarts the machine; QEMU reloads the images, the
	# monitor measures them again and the TEE starts afresh (counts from 1 again).
	printf 'reboot -f\n' >&3
	if wait_for '^init: shell on the console' "${LINUX_TIMEOUT:-300}" 2; then
		sleep 2
		printf 'poweroff -f\n' >&3
	fi
fi
wait "$qemu_pid"
QEMU_STATUS=$?
exec 3>&-
rm -f "$fifo" "$flash"
tr -d '\r' <"$raw" >"$LOG"
rm -f "$raw"
echo "# linux_direct_shell: QEMU exit status $QEMU_STATUS, log $LOG"
expect_line '^init: shell on the console' linux_shell_offered
expect_line '^SHELL-OK 42$' linux_shell_runs_commands
expect_line '^SUPPLICANT-/dev/tee0$' linux_shell_supplicant_still_running
expect_line '^AGAIN-tzv-client: [0-9]+ passed, 0 failed$' linux_shell_client_again
for t in hello random digest aes rsa dl; do
	expect_line "^UTA-ta-$t: [0-9]+ passed, 0 failed\$" "linux_shell_user_ta_$t"
done
expect_line '^tee1: TA 4f0c2d8e: library 2c6e8a1f: mapped at 0x[0-9a-f]+$' linux_shell_dl_library_loaded_through_supplicant
expect_line '^tee1: TA 4f0c2d8e: library 8e2a4c6f: mapped at 0x[0-9a-f]+$' linux_shell_dl_plugin_loaded_through_supplicant
for c in global_constructor exception_through_c_frame new_delete bad_alloc virtual_and_rtti; do
	expect_line "^CXX-ta-cxx: $c: PASS\$" "linux_shell_cxx_ta_$c"
done
expect_line '^CXX-ta-cxx: 7 passed, 0 failed$' linux_shell_cxx_ta_all
for c in tcp_echo udp_echo recv_timeout udp_ioctl_changeport foreign_handle_refused \
	made_up_handle_refused own_handle_works address_without_nul buffer_outside_ta_kills_it; do
	expect_line "^SOCK-ta-socket: $c: PASS\$" "linux_shell_gp_socket_$c"
done
expect_line '^SOCK-ta-socket: [0-9]+ passed, 0 failed$' linux_shell_gp_socket_all
expect_line '^tee1: TA 0151ec76: SOCKET send: bad buffer \(0x1000, 0x40\): instance ended$' \
	linux_shell_gp_socket_bad_buffer_logged
expect_line '^tee1: TA 8aca5fd6: .*cxx: global object destroyed \(value 42\)$' \
	linux_shell_cxx_ta_global_destructor
expect_line '^UTA-ta-random: REE time 18000[0-9]{5}\.[0-9]{3} s \(Linux: 18000' linux_shell_ree_time_from_linux
# TEEC_RequestCancellation from a second thread ends the TA's TEE_Wait (TEE_ERROR_CANCEL).
expect_line '^UTA-ta-random: cancel: PASS$' linux_shell_request_cancellation
expect_line '^tee1: TA [0-9a-f]+: loaded: ' linux_shell_user_ta_loaded_through_supplicant
for c in md5 sha224 sha384 sha512 hmac_sha512 aes_cmac aes_cbc_mac_nopad des3_cbc_encrypt \
	des3_cbc_decrypt des3_2key_ecb des_cbc des_ecb aes_ctr aes_cts_encrypt aes_cts_decrypt \
	aes_xts_encrypt aes_xts_decrypt aes_ccm ecdh_p256 x25519 hkdf_sha256 pbkdf2_hmac_sha1 \
	pbkdf2_rfc6070_2 concat_kdf_sha256 concat_kdf_sha1 \
	sha3_256 shake128 hmac_sha3_256 dsa_sha256 \
	ed25519_rfc8032_test2 ed25519ctx_rfc8032_foo ed25519ph_rfc8032_abc \
	sm4_ecb_gbt32907 sm4_cbc_encrypt sm4_cbc_decrypt sm4_ctr \
	sm2_kep_initiator sm2_kep_responder \
	selftest_round_trips; do
	expect_line "^KAT-ta-kat: $c: PASS\$" "linux_shell_crypto_kat_$c"
done
# The attack: a second instance of the TA names the first one's operation and key object.
for c in attack_other_instance_operation_handle attack_other_instance_key_object \
	attack_owner_still_uses_its_operation attack_owner_still_uses_its_key; do
	expect_line "^KAT-ta-kat: $c: PASS\$" "linux_shell_crypto_$c"
done
expect_line '^tee1: TA 3a79bc88: CRYPTO: not an operation of this TA' linux_shell_crypto_foreign_operation_logged
expect_line '^tee1: TA 3a79bc88: CRYPTO: not an object of this TA' linux_shell_crypto_foreign_object_logged
# SM2 key exchange refused: a confirmation value that is not the peer's (TEE_ERROR_BAD_STATE),
# a peer point off the curve (TEE_ERROR_BAD_PARAMETERS); TEE_DeriveKey panics the TA.
for c in sm2_kep_confirmation_mismatch_panics sm2_kep_peer_point_off_curve_panics; do
	expect_line "^KAT-ta-kat: $c: PASS\$" "linux_shell_crypto_$c"
done
expect_line '^tee1: TA 3a79bc88: TEE_Panic \(0xffff0007, ' linux_shell_crypto_sm2_kep_mismatch_logged
expect_line '^tee1: TA 3a79bc88: TEE_Panic \(0xffff0006, ' linux_shell_crypto_sm2_kep_off_curve_logged
expect_line '^KAT-ta-kat: [0-9]+ passed, 0 failed$' linux_shell_crypto_kat_all
# TA-to-TA sessions and GP 1.1 mode (ta2ta, guests/linux/ta-ta2ta.c), check by check.
for c in call_hello callee_sees_trusted_app_login memref_to_ta caller_memory_private gp11_mode \
	persistent_time_properties open_missing_ta system_pta_ta_unique_key \
	system_pta_refuses_normal_world foreign_memref_ends_caller reopen call_hello_again; do
	expect_line "^UTA-ta-ta2ta: $c: PASS\$" "linux_shell_ta2ta_$c"
done
expect_line '^UTA-ta-ta2ta: 14 passed, 0 failed$' linux_shell_ta2ta_all
# The attack of foreign_memref_ends_caller, as the TEE kernel saw it.
expect_line "^tee1: TA 5a7c2e91: TA call: memref outside the caller's memory \(0xc000000, 0x40\): instance ended\$" \
	linux_shell_ta2ta_foreign_memref_refused
n=$(grep -cE '^PAR-tzv-client: [0-9]+ passed, 0 failed$' "$LOG")
if [ "$n" = 4 ]; then
	check_pass linux_shell_four_concurrent_clients
else
	check_fail linux_shell_four_concurrent_clients "$n of 4 clients passed: $(grep -E '^PAR-' "$LOG" | tr '\n' ' ')"
fi
expect_line '^monitor: PSCI SYSTEM_RESET$' linux_reboot_system_reset
m=$(grep -E '^monitor: measured (linux|initrd|dtb) ' "$LOG" | sort | uniq -c | awk '$1 == 2' | wc -l)
if [ "$m" = 3 ]; then
	check_pass linux_reboot_same_measurements
else
	check_fail linux_reboot_same_measurements "$m of 3 images measured twice with the same hash"
fi
# The instance-wide counter of `hello` was at 6 before the reboot (six client runs) and
# starts from 1 again after it.
n=$(grep -cE '^tzv-client: hello_inc_global: PASS global 1 ' "$LOG")
if [ "$n" = 2 ]; then
	check_pass linux_reboot_fresh_tee_state
else
	check_fail linux_reboot_fresh_tee_state "$(grep -E '^tzv-client: hello_inc_global' "$LOG" | tr '\n' ' ')"
fi
expect_no_line 'tzv\.test=1' linux_shell_no_test_flag
expect_status 0 linux_shell_poweroff_status

finish
