#!/usr/bin/env bash
# System test: TA anti-rollback (issue 11, finding 6) in linux-direct, a shipped image, with
# the stock tee-supplicant. The monitor keeps the highest ta_version each VM's instance
# accepted per TA in secure flash (the rollback counters' log), so it survives restarts.
# The hello example TA signed with the development key at versions 1, 2 and 3 reaches the
# guest on a virtio disk and is put in /lib/optee_armtz by the guest's shell:
#  boot 1: version 2 loads (and is recorded); version 1 and the built-in version 0 are
#          refused with TEE_ERROR_SECURITY; version 2 again loads;
#  boot 2 (same disk and flash): version 1 is still refused, version 3 loads, then
#          version 2 is refused.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/direct_lib.bash"
cd "$TOP" || exit 1

if ! hello_versions_setup ta_rollback; then
	finish
	exit
fi

# try <label> <file under /data, or "orig">: serves that file as the hello TA and opens it.
try() {
	local src=/data/$2.ta
	[ "$2" = orig ] && src=/tmp/orig.ta
	type_cmd "cp $src /lib/optee_armtz/$HELLO.ta; echo TRY-$1; tzv-client open $HELLO"
	wait_for "^tzv-client: open $HELLO:" 60 "$3"
}
# result <label>: the result code of that try.
result() {
	sed -n "/^TRY-$1\$/,/^tzv-client: open/p" "$LOG" | sed -nE "s/^tzv-client: open $HELLO: (0x[0-9a-f]+) .*/\1/p"
}
expect_try() {
	local got
	got=$(result "$1")
	if [ "$got" = "$2" ]; then check_pass "$3"; else check_fail "$3" "$1: got '$got', expected $2"; fi
}

start_vm ta_rollback_boot1
if wait_for '^init: shell on the console' "$BOOT_TIMEOUT"; then
	sleep 1
	type_cmd "cp /lib/optee_armtz/$HELLO.ta /tmp/orig.ta"
	try b1v2 v2 1
	try b1v1 v1 2
	try b1v0 orig 3
	try b1v2again v2 4
fi
stop_vm
expect_try b1v2 0x0 ta_rollback_newer_version_loads
expect_try b1v1 0xffff000f ta_rollback_older_version_refused
expect_try b1v0 0xffff000f ta_rollback_unversioned_refused_after_v2
expect_try b1v2again 0x0 ta_rollback_same_version_loads
expect_line "^tee1: TA 9c3f5e1a: version 1 refused, version 2 was accepted before \(rollback\)$" \
	ta_rollback_tee_logs_refusal

start_vm ta_rollback_boot2
if wait_for '^init: shell on the console' "$BOOT_TIMEOUT"; then
	sleep 1
	try b2v1 v1 1
	try b2v3 v3 2
	try b2v2 v2 3
fi
stop_vm
rm -f "$FLASH_IMG"
expect_try b2v1 0xffff000f ta_rollback_older_refused_after_restart
expect_try b2v3 0x0 ta_rollback_newer_after_restart_loads
expect_try b2v2 0xffff000f ta_rollback_previous_refused_after_upgrade
expect_no_line '(tee[0-9]*|tvisor): .*(killed|panic|exception|PANIC|instance ended)' ta_rollback_no_secure_faults
finish
