#!/usr/bin/env bash
# System test: trusted storage per VM in the default configuration (qemu-2vm-linux). Both
# VMs store an object with the same id through the same storage TA, each in its own
# guest's file system and under its own TEE instance's key. VM 1's file is moved into VM 2
# through the consoles (base64 out of VM 1, typed into VM 2) and put in place of VM 2's
# own file of that object: VM 2's TEE refuses it (TEE_ERROR_CORRUPT_OBJECT), VM 1 still
# reads its own, and the two VMs' file names for the same id differ (names are keyed too).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"
cd "$TOP" || exit 1

CFG=qemu-2vm-linux
build_config "$CFG" || { finish; exit; }
DIR=/var/lib/optee-client/data/tee/d2b9b0f4-3c1e-4a57-9d6b-8e2f1a7c5b30

linux_session_start hyp_storage "$CFG"
if linux_wait_for '^\[vm1\] init: shell on the console' 180 &&
	linux_wait_for '^\[vm2\] init: shell on the console' 60; then
	sleep 1
	linux_to_vm 1 "ta-storage put shared from-vm1; F=\$(ls $DIR); echo NAME-\$F; echo B64-\$(base64 $DIR/\$F | tr -d '\\n')"$'\n'
	linux_wait_for '^\[vm1\] B64-[A-Za-z0-9+/=]{20,}' 60
	linux_to_vm 2 "ta-storage put shared from-vm2; F=\$(ls $DIR); echo NAME-\$F; ta-storage get shared"$'\n'
	linux_wait_for '^\[vm2\] ta-storage: get shared: ' 60
	b64=$(tr -d '\r' <"$SESSION_RAW" | sed -nE 's/^\[vm1\] B64-([A-Za-z0-9+/=]+)$/\1/p' | head -n 1)
	linux_to_vm 2 "echo $b64 | base64 -d >$DIR/\$F; ta-storage get shared; echo COPY-DONE"$'\n'
	linux_wait_for '^\[vm2\] COPY-DONE' 60
	linux_to_vm 1 $'ta-storage get shared; echo VM1-DONE\n'
	linux_wait_for '^\[vm1\] VM1-DONE' 60
fi
linux_session_stop

expect_line '^\[vm1\] ta-storage: put shared: OK 0x0$' hyp_storage_vm1_put
expect_line '^\[vm2\] ta-storage: put shared: OK 0x0$' hyp_storage_vm2_put_same_id
expect_line '^\[vm2\] ta-storage: get shared: OK from-vm2$' hyp_storage_vm2_reads_its_own
n1=$(sed -nE 's/^\[vm1\] NAME-([0-9a-f]{32})$/\1/p' "$LOG" | head -n 1)
n2=$(sed -nE 's/^\[vm2\] NAME-([0-9a-f]{32})$/\1/p' "$LOG" | head -n 1)
if [ -n "$n1" ] && [ -n "$n2" ] && [ "$n1" != "$n2" ]; then
	check_pass hyp_storage_names_differ_per_vm
else
	check_fail hyp_storage_names_differ_per_vm "VM 1 '$n1', VM 2 '$n2'"
fi
expect_line '^\[vm2\] ta-storage: get shared: ERR 0xf0100001$' hyp_storage_vm1_file_refused_in_vm2
expect_line '^\[vm2\] tee2: storage: object [0-9a-f]{8}\.\.\.: authentication failed|^tee2: storage: object [0-9a-f]{8}\.\.\.: authentication failed' \
	hyp_storage_tee2_logs_it
expect_line '^\[vm1\] ta-storage: get shared: OK from-vm1$' hyp_storage_vm1_unaffected
expect_no_line '(tee[0-9]+|tvisor): .*(killed|panic|exception|PANIC|instance ended)' hyp_storage_no_secure_faults
finish
