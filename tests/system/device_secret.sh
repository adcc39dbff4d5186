#!/usr/bin/env bash
# System test: the device-unique secret (docs/keys.md). Boots the direct
# configuration from a flash image whose secret block was never provisioned:
# the monitor says so and everything that needs no key still works. Then
# checks that the secret's bytes appear in no console log of this run.
source "$(dirname "$0")/lib.sh"

blank=$TOP/build/flash-blank.img
if ! bash "$TOP/tools/mkflash.sh" "$TOP/build/flash.bin" /dev/null "$blank" --blank; then
	check_fail device_secret_blank_image "tools/mkflash.sh --blank failed"
	finish
	exit
fi
FLASH=$blank boot_qemu device_secret_blank
rm -f "$blank"
expect_status 0 device_secret_blank_client_exit_status
expect_line '^monitor: no device secret in secure flash: storage and attestation keys unavailable$' \
	device_secret_blank_reported
expect_no_line '^monitor: device secret loaded' device_secret_blank_not_loaded
expect_line '^client: [0-9]+ passed, 0 failed$' device_secret_blank_client_tests_pass
# No attestation key either: the attest TA says ITEM_NOT_FOUND (docs/attestation.md).
expect_line '^TEST attest_without_device_secret_refused: PASS$' device_secret_blank_no_attestation_token
expect_line '^client: system PTA: no TA-unique key \(no device secret\)$' device_secret_blank_no_ta_unique_key

# The secret itself, as hex, must never reach a console.
secret_hex=$(od -An -tx1 -v "$TOP/build/device-secret.bin" | tr -d ' \n')
if [ ${#secret_hex} != 64 ]; then
	check_fail device_secret_never_printed "build/device-secret.bin is not 32 bytes"
elif grep -rqiF -- "${secret_hex:0:16}" "$LOG_DIR"/*.log; then
	check_fail device_secret_never_printed "secret bytes found in $(grep -rliF -- "${secret_hex:0:16}" "$LOG_DIR"/*.log | head -n 1)"
else
	check_pass device_secret_never_printed
fi
finish
