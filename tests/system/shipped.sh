#!/usr/bin/env bash
# System test: the images a user runs are not test images (issue 11, finding 1).
#  - Built: the shipped configurations (qemu-2vm-linux, what `make run` boots, and
#    linux-direct) contain none of the test hooks' code and not the test-TA key, while the
#    test image (direct) does, so the same look would find them.
#  - Booted (linux-direct, the stock Linux stack): every hook command of the built-in TAs
#    answers TEE_ERROR_NOT_SUPPORTED and the instance keeps working; the bare-metal client's
#    test TA (commands that read and run its own data), signed with the test-TA key, is
#    refused with TEE_ERROR_SECURITY, while the same ELF signed with the development key
#    loads. The TA files reach the guest on a virtio disk.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/direct_lib.bash"
cd "$TOP" || exit 1

mkdir -p "$LOG_DIR"
SHIPPED="qemu-2vm-linux linux-direct"
for cfg in $SHIPPED; do
	if make -s CONFIG=$cfg firmware >"$LOG_DIR/build-shipped-$cfg.log" 2>&1; then
		check_pass "shipped_build_$cfg"
	else
		check_fail "shipped_build_$cfg" "see $LOG_DIR/build-shipped-$cfg.log"
		finish
		exit
	fi
done

# hook_marks <build dir>: what of the test hooks and the test key an image holds, one word each.
hook_marks() {
	local marks=
	grep -q '^TEST_HOOKS' "$1/config/config.mk" && marks="$marks config.mk"
	nm "$1/tee/tee.elf" | grep -Eq ' (uta_test_data_pa|ta_test_pubkey_modulus)$' && marks="$marks tee-symbols"
	strings "$1/monitor/monitor.bin" | grep -qi 'test hook' && marks="$marks hook-strings"
	[ -f "$1/hyp/hyp.elf" ] && strings "$1/hyp/hyp.elf" | grep -qi 'test hook' && marks="$marks hyp-strings"
	echo "${marks# }"
}
test_marks=$(hook_marks build)
if [ "$test_marks" = "config.mk tee-symbols hook-strings" ]; then
	check_pass shipped_test_image_has_hooks
else
	check_fail shipped_test_image_has_hooks "direct (test image): '$test_marks'"
fi
for cfg in $SHIPPED; do
	marks=$(hook_marks build/$cfg)
	if [ -z "$marks" ]; then
		check_pass "shipped_${cfg}_has_no_hooks"
	else
		check_fail "shipped_${cfg}_has_no_hooks" "found: $marks"
	fi
	# OP-TEE ships its attestation PTA with CFG_ATTESTATION_PTA=y: so does every image here.
	if nm "build/$cfg/tee/tee.elf" | grep -q ' pta_optee_attest$'; then
		check_pass "shipped_${cfg}_has_optee_attestation_pta"
	else
		check_fail "shipped_${cfg}_has_optee_attestation_pta" "no pta_optee_attest in its TEE kernel"
	fi
done

# The disk: the test TA as the test build signs it, and its ELF signed with the dev key.
TEST_UUID=5a7e0c3d-2b1f-4c8e-9d6a-7f3e1b2c4d5e
files=$LOG_DIR/shipped-disk
rm -rf "$files"
mkdir -p "$files"
cp "build/client-ta/$TEST_UUID.ta" "$files/testkey.ta"
build/tools/tasign sign --key build/keys/ta_dev_key.pem --uuid $TEST_UUID \
	--in "build/client-ta/$TEST_UUID.stripped.elf" --out "$files/devkey.ta" >/dev/null
DISK=$LOG_DIR/shipped-disk.img
rm -f "$DISK"
truncate -s 16M "$DISK"
mkfs.ext4 -q -F -d "$files" "$DISK"
read -r -a qemu_args <<<"$(make -s CONFIG=linux-direct linux-qemu-args)"
FLASH_IMG=$(flash_copy "$TOP/build/linux-direct/flash.img" shipped)
BOOT_TIMEOUT=${LINUX_TIMEOUT:-180}

start_vm shipped
if wait_for '^init: shell on the console' "$BOOT_TIMEOUT"; then
	sleep 1
	type_cmd 'tzv-client hooks; echo HOOKS-DONE'
	wait_for '^HOOKS-DONE' 60
	type_cmd "cp /data/testkey.ta /lib/optee_armtz/$TEST_UUID.ta; tzv-client open $TEST_UUID"
	wait_for "^tzv-client: open $TEST_UUID:" 60
	type_cmd "cp /data/devkey.ta /lib/optee_armtz/$TEST_UUID.ta; tzv-client open $TEST_UUID"
	wait_for "^tzv-client: open $TEST_UUID:" 60 2
fi
stop_vm
rm -f "$FLASH_IMG"

for c in hook_hello_touch_refused hook_hello_uta_pa_refused hook_hello_panic_refused \
	hooks_instance_alive hook_attest_forge_vm_refused hook_attest_out_nw_refused; do
	expect_line "^tzv-client: $c: PASS" "shipped_$c"
done
expect_no_line 'test hook' shipped_no_hook_ran
open_results=$(sed -nE "s/^tzv-client: open $TEST_UUID: (0x[0-9a-f]+) origin ([0-9]+)$/\1 \2/p" "$LOG" | tr '\n' ' ')
# TEE_ERROR_SECURITY from the TEE (origin 3), then success
if [[ "$open_results" =~ ^"0xffff000f 3 0x0 "[0-9]+" "$ ]]; then
	check_pass shipped_test_key_ta_refused
else
	check_fail shipped_test_key_ta_refused "open results: '$open_results'"
fi
expect_no_line '(tee[0-9]*|tvisor): .*(killed|panic|exception|PANIC|instance ended)' shipped_no_secure_faults
finish
