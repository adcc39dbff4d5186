#!/usr/bin/env bash
# System test: measured boot and remote attestation (docs/attestation.md).
#  A. qemu-2vm: the bare-metal client in each of two VMs gets a token for a
#     fresh nonce from its own TEE instance's `attest` TA and prints it;
#     tools/attest-verify accepts each against the build's public key and
#     reference values, each for its own VM; the two differ in exactly their
#     VM measurements; a token replayed for another nonce fails the nonce
#     check only; the client's attack checks passed (the monitor's and the
#     TEE-visor's attestation calls refused from the normal world, a TEE
#     kernel naming another VM or an output buffer outside its memory).
#  B. qemu-2vm-linux with VM 2's initramfs tampered (one byte of /init's text
#     changed, recompressed, padded to the same size, preloaded by QEMU like the
#     normal one): `tzv-attest <nonce>` in each Linux VM; VM 1's token
#     verifies, VM 2's fails on vm2-initrd's measurement and nothing else.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/hyp_lib.bash"
cd "$TOP" || exit 1

VERIFY=build/tools/attest-verify
KEY=build/attest-key.pem

# hex_of <log> <regex of the line prefix before "<index> <hex>">: the chunks joined in index order.
hex_of() {
	sed -nE "s/^$2 ([0-9]+) ([0-9a-f]+)\$/\1 \2/p" "$1" | sort -n | cut -d' ' -f2 | tr -d '\n'
}

# verify <name> <refs> <nonce hex> <token hex>: runs the verifier; its output in $LOG_DIR/<name>.txt.
verify() {
	VERIFY_OUT=$LOG_DIR/$1.txt
	"$VERIFY" --key "$KEY" --refs "$2" --nonce "$3" --token-hex "$4" >"$VERIFY_OUT" 2>&1
	VERIFY_STATUS=$?
}

# expect_verified <check> : the last verify accepted the token.
expect_verified() {
	if [ "$VERIFY_STATUS" = 0 ] && grep -q '^attest-verify: token verified$' "$VERIFY_OUT"; then
		check_pass "$1"
	else
		check_fail "$1" "status $VERIFY_STATUS: $(grep -m1 -E 'FAILED|differs|missing|malformed|does not' "$VERIFY_OUT")"
	fi
}

# ---- A: bare-metal clients in two VMs ----
if build_config qemu-2vm; then
	FLASH=$TOP/build/qemu-2vm/flash.img boot_qemu attest_2vm
	expect_status 0 attest_2vm_qemu_exit_status
	REFS=build/qemu-2vm/reference-values.txt
	for vm in 1 2; do
		for t in open_session short_buffer get_token nonce_sizes kernel_cannot_name_vm \
			kernel_output_outside_private_memory normal_world_direct_call_refused; do
			expect_line "^\[vm$vm\] TEST attest_$t: PASS\$" "attest_2vm_vm${vm}_$t"
		done
	done
	n1=$(hex_of "$LOG" '\[vm1\] client: attest nonce vm1')
	n2=$(hex_of "$LOG" '\[vm2\] client: attest nonce vm2')
	t1=$(hex_of "$LOG" '\[vm1\] client: attest token vm1')
	t2=$(hex_of "$LOG" '\[vm2\] client: attest token vm2')
	if [ ${#n1} = 64 ] && [ ${#n2} = 64 ] && [ "$n1" != "$n2" ]; then
		check_pass attest_2vm_fresh_nonces
	else
		check_fail attest_2vm_fresh_nonces "nonces '$n1' '$n2'"
	fi
	verify attest_2vm_vm1 "$REFS" "$n1" "$t1"
	expect_verified attest_2vm_vm1_token_verifies
	vm1_out=$VERIFY_OUT
	verify attest_2vm_vm2 "$REFS" "$n2" "$t2"
	expect_verified attest_2vm_vm2_token_verifies
	vm2_out=$VERIFY_OUT
	# Each token carries its own VM's measurements only; platform and TEE kernel are shared.
	comps() { sed -nE "s/^    $2 +([^ ]+) +sha-256 ([0-9a-f]{64}) .*/\1 \2/p" "$1" | sort; }
	if [ "$(comps "$vm1_out" vm | cut -d' ' -f1 | tr '\n' ' ')" = "vm1 vm1-config vm1.dtb " ] &&
		[ "$(comps "$vm2_out" vm | cut -d' ' -f1 | tr '\n' ' ')" = "vm2 vm2-config vm2.dtb " ] &&
		[ -z "$(comm -12 <(comps "$vm1_out" vm | cut -d' ' -f2 | sort) <(comps "$vm2_out" vm | cut -d' ' -f2 | sort))" ]; then
		check_pass attest_2vm_vm_measurements_differ
	else
		check_fail attest_2vm_vm_measurements_differ "see $vm1_out and $vm2_out"
	fi
	if [ -n "$(comps "$vm1_out" platform)" ] && [ "$(comps "$vm1_out" platform)" = "$(comps "$vm2_out" platform)" ] &&
		grep -q '^    tee  *tee1-config ' "$vm1_out" && grep -q '^    tee  *tee2-config ' "$vm2_out"; then
		check_pass attest_2vm_same_platform_own_tee_instance
	else
		check_fail attest_2vm_same_platform_own_tee_instance "see $vm1_out and $vm2_out"
	fi
	# VM 1's token presented for VM 2's (fresh) nonce: a replay; only the nonce check fails.
	verify attest_2vm_replay "$REFS" "$n2" "$t1"
	if [ "$VERIFY_STATUS" = 1 ] && grep -q '^attest-verify: FAILED: nonce$' "$VERIFY_OUT"; then
		check_pass attest_2vm_replayed_token_fails_nonce
	else
		check_fail attest_2vm_replayed_token_fails_nonce "status $VERIFY_STATUS, see $VERIFY_OUT"
	fi
	expect_line '^monitor: measured monitor at 0x0 size [0-9]+ sha256=[0-9a-f]{64}$' attest_2vm_monitor_measured
	expect_line '^monitor: measured config .*sha256=[0-9a-f]{64}$' attest_2vm_config_measured
fi

# ---- B: Linux in two VMs, VM 2's initramfs tampered ----
CFG=qemu-2vm-linux
if build_config "$CFG"; then
	REFS=build/$CFG/reference-values.txt
	orig=build/linux/initramfs.cpio.gz
	tampered=build/$CFG/attest/initramfs-tampered.cpio.gz
	mkdir -p "$(dirname "$tampered")"
	# /init's text changed by one byte (the VM still boots and says so) and one example
	# client left out, repacked: smaller, then padded with zeros to the same size.
	rm -rf "$tampered.d"
	mkdir -p "$tampered.d"
	(cd "$tampered.d" && gzip -dc "$TOP/$orig" | cpio -idm --quiet --no-absolute-filenames &&
		sed -i 's/loading tee\.ko and optee\.ko/loading tee.ko and optee.kO/' init &&
		rm -f usr/bin/ta-aes &&
		find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --reproducible --quiet) |
		gzip -9 -n >"$tampered"
	rm -rf "$tampered.d"
	osize=$(stat -c %s "$orig")
	tsize=$(stat -c %s "$tampered")
	if [ "$tsize" -le "$osize" ] && ! cmp -s <(gzip -dc "$orig") <(gzip -dc "$tampered"); then
		truncate -s "$osize" "$tampered" # zeros after the gzip stream: the kernel skips them
		check_pass attest_linux_tampered_initramfs_made
	else
		check_fail attest_linux_tampered_initramfs_made "tampered $tsize bytes, original $osize"
	fi
	# VM 2's initramfs is the preloaded image named vm2-initrd: the same loader, another file.
	vm2_initrd_addr=$(sed -nE 's/^[[:space:]]*\.quad name_2_initrd, (0x[0-9a-f]+),.*/\1/p' build/$CFG/config/preload.S)
	read -r -a qemu_args <<<"$(make -s CONFIG=$CFG linux-qemu-args)"
	for i in "${!qemu_args[@]}"; do
		qemu_args[i]=${qemu_args[i]/file=$orig,addr=$vm2_initrd_addr,/file=$tampered,addr=$vm2_initrd_addr,}
	done
	SESSION_LOAD="${qemu_args[*]}" linux_session_start attest_linux "$CFG"
	ln1=$(openssl rand -hex 32)
	ln2=$(openssl rand -hex 32)
	if linux_wait_for '^\[vm1\] init: shell on the console' 180 &&
		linux_wait_for '^\[vm2\] init: shell on the console' 60; then
		sleep 1
		linux_to_vm 1 "tzv-attest $ln1; echo ATTEST1-DONE"$'\n'
		linux_wait_for '^\[vm1\] ATTEST1-DONE' 60
		linux_to_vm 2 "tzv-attest $ln2; echo ATTEST2-DONE"$'\n'
		linux_wait_for '^\[vm2\] ATTEST2-DONE' 60
	fi
	linux_session_stop
	expect_line '^\[vm2\] init: .*loading tee\.ko and optee\.kO$' attest_linux_vm2_runs_tampered_initramfs
	expect_line '^\[vm1\] init: .*loading tee\.ko and optee\.ko$' attest_linux_vm1_runs_original_initramfs
	# The same kernel in both VMs is measured once; the tampered initramfs, as large as the
	# original, is compared, found different and hashed (monitor/measure.c).
	expect_line '^monitor: vm2-kernel holds the bytes of vm1-kernel$' attest_linux_same_kernel_measured_once
	expect_no_line '^monitor: vm2-initrd holds the bytes' attest_linux_tampered_initrd_hashed
	lt1=$(hex_of "$LOG" '\[vm1\] tzv-attest: token')
	lt2=$(hex_of "$LOG" '\[vm2\] tzv-attest: token')
	expect_line '^\[vm1\] tzv-attest: base64 [A-Za-z0-9+/=]+$' attest_linux_vm1_base64
	verify attest_linux_vm1 "$REFS" "$ln1" "$lt1"
	expect_verified attest_linux_vm1_token_verifies
	verify attest_linux_vm2 "$REFS" "$ln2" "$lt2"
	differs=$(grep -E '^attest-verify: measurement of .* (differs|is missing)' "$VERIFY_OUT")
	if [ "$VERIFY_STATUS" = 1 ] && grep -q '^attest-verify: FAILED: measurement$' "$VERIFY_OUT" &&
		[ "$(grep -c . <<<"$differs")" = 1 ] && grep -q '^attest-verify: measurement of vm2-initrd differs' <<<"$differs" &&
		grep -q '^attest-verify: signature OK$' "$VERIFY_OUT" && grep -q '^attest-verify: nonce OK$' "$VERIFY_OUT"; then
		check_pass attest_linux_tampered_vm2_fails_on_vm2_initrd_only
	else
		check_fail attest_linux_tampered_vm2_fails_on_vm2_initrd_only "status $VERIFY_STATUS: ${differs:-no difference named}; see $VERIFY_OUT"
	fi
	verify attest_linux_replay "$REFS" "$ln2" "$lt1"
	if [ "$VERIFY_STATUS" = 1 ] && grep -q '^attest-verify: FAILED: nonce$' "$VERIFY_OUT"; then
		check_pass attest_linux_replayed_token_fails_nonce
	else
		check_fail attest_linux_replayed_token_fails_nonce "status $VERIFY_STATUS, see $VERIFY_OUT"
	fi
fi
finish
