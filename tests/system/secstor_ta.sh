#!/usr/bin/env bash
# System test: OP-TEE's secure-storage TA management PTA (tee/pta_secstor_ta_mgmt.c) in
# linux-direct, a shipped image, from Linux user space through the stock libteec and
# tee-supplicant (tzv-client install). The hello example TA signed with the development key
# at versions 1, 2 and 3 reaches the guest on a virtio disk; its file in /lib/optee_armtz is
# taken away first, so tee-supplicant has none to give:
#  - the TA does not open (ITEM_NOT_FOUND);
#  - version 2 with one byte flipped in each field of the signed header (magic, img_type,
#    img_size, algo, hash_size, sig_size, hash, signature) and in the signed image (offsets
#    3000 and 8000), as xtest 1008 does, is refused with TEE_ERROR_SECURITY each time, and the
#    TA still does not open (nothing was installed);
#  - version 2 installs, and the TA opens from the instance's trusted storage;
#  - versions 1 and 0 (the built one) are refused with TEE_ERROR_ACCESS_CONFLICT (a higher
#    version is installed, as OP-TEE answers); version 3 installs over it and opens.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/direct_lib.bash"
cd "$TOP" || exit 1

if ! hello_versions_setup secstor_ta; then
	finish
	exit
fi
# struct shdr: magic 0, img_type 4, img_size 8, algo 12, hash_size 16, sig_size 18, hash 20,
# signature 52; then the signed bootstrap header and ELF
CORRUPT_OFFSETS="0 4 8 12 16 18 20 52 3000 8000"

n_open=0
n_install=0
# open <label>: opens the hello TA.
open_ta() {
	n_open=$((n_open + 1))
	type_cmd "echo STEP-$1; tzv-client open $HELLO"
	wait_for "^tzv-client: open $HELLO:" 60 "$n_open"
}
# install <label> <file> [offset]: installs it (with that byte flipped).
install_ta() {
	n_install=$((n_install + 1))
	type_cmd "echo STEP-$1; tzv-client install $2 ${3:-}"
	wait_for "^tzv-client: install " 60 "$n_install"
}
# result <label>: the result code printed after STEP-<label>.
result() {
	sed -n "/^STEP-$1\$/,/^tzv-client: \(open\|install\)/p" "$LOG" |
		sed -nE 's/^tzv-client: (open|install) [^ ]+: (0x[0-9a-f]+) .*/\2/p'
}
expect_step() {
	local got
	got=$(result "$1")
	if [ "$got" = "$2" ]; then check_pass "$3"; else check_fail "$3" "$1: got '$got', expected $2"; fi
}

start_vm secstor_ta
if shell_ready; then
	type_cmd "mv /lib/optee_armtz/$HELLO.ta /tmp/v0.ta"
	open_ta absent
	for off in $CORRUPT_OFFSETS; do
		install_ta "corrupt$off" /data/v2.ta "$off"
	done
	open_ta after-corrupt
	install_ta v2 /data/v2.ta
	open_ta installed-v2
	install_ta v1 /data/v1.ta
	install_ta v0 /tmp/v0.ta
	open_ta still-v2
	install_ta v3 /data/v3.ta
	open_ta installed-v3
fi
stop_vm
rm -f "$FLASH_IMG"
expect_step absent 0xffff0008 secstor_ta_no_file_no_ta
bad=
for off in $CORRUPT_OFFSETS; do
	got=$(result "corrupt$off")
	[ "$got" = 0xffff000f ] || bad="$bad offset $off: '$got'"
done
if [ -z "$bad" ]; then
	check_pass secstor_ta_corrupt_images_security_error
else
	check_fail secstor_ta_corrupt_images_security_error "$bad"
fi
expect_step after-corrupt 0xffff0008 secstor_ta_corrupt_images_install_nothing
expect_step v2 0x0 secstor_ta_install
expect_step installed-v2 0x0 secstor_ta_opens_installed
expect_line "^tee1: TA 9c3f5e1a: the copy installed in secure storage$" secstor_ta_loaded_from_storage
expect_step v1 0xffff0003 secstor_ta_older_version_conflict
expect_step v0 0xffff0003 secstor_ta_unversioned_conflict
expect_step still-v2 0x0 secstor_ta_refusals_keep_installed
expect_step v3 0x0 secstor_ta_upgrade
expect_step installed-v3 0x0 secstor_ta_opens_upgrade
expect_line "^tee1: secstor: TA $HELLO version 3: installed \(0x0\)$" secstor_ta_tee_logs_install
expect_no_line '(tee[0-9]*|tvisor): .*(killed|panic|exception|PANIC|instance ended)' secstor_ta_no_secure_faults
finish
