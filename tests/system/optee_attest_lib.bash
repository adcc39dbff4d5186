# Host-side checks of OP-TEE's attestation PTA (tee/pta_optee_attest.c) from the
# lines guests/client/tests_optee_attest.c prints for VMs 1 and 2 of one boot,
# with OpenSSL: each VM's public key verifies its signed answers (RSASSA-PSS,
# SHA-256, salt 32, over SHA-256(nonce | measurement)); the TEE measurement is
# the SHA-256 of the TEE kernel's code and read-only data in the built tee.bin;
# the TA header digest is the one in the signed good.ta; the test TA's memory
# measurement is the SHA-256 of its ELF's non-writable PT_LOAD segments as the
# loader lays them out (page-rounded, zero-filled); the two VMs' keys
# differ; an answer presented with the other VM's nonce does not verify.
# Sourced by client.sh after boot_qemu; uses $LOG and $LOG_DIR.

# optee_attest_hex <what> <vm>: the hex of "client: optee-attest <what> vm<vm> <i> <hex>" lines.
optee_attest_hex() {
	sed -nE "s/^client: optee-attest $1 vm$2 ([0-9]+) ([0-9a-f]+)\$/\1 \2/p" "$LOG" |
		sort -n | cut -d' ' -f2 | tr -d '\n'
}

# optee_attest_pem <dir> <e hex> <n hex>: writes <dir>/pub.pem (SubjectPublicKeyInfo).
optee_attest_pem() {
	printf 'asn1=SEQUENCE:k\n[k]\nn=INTEGER:0x%s\ne=INTEGER:0x%s\n' "$3" "$2" >"$1/key.cnf"
	openssl asn1parse -genconf "$1/key.cnf" -out "$1/key.der" >/dev/null &&
		openssl rsa -RSAPublicKey_in -inform DER -in "$1/key.der" -pubout -out "$1/pub.pem" 2>/dev/null
}

# optee_attest_verify <pem> <nonce hex> <answer hex>: status 0 if the signature verifies.
optee_attest_verify() {
	local d
	d=$(mktemp -d)
	printf '%s%s' "$2" "${3:0:64}" | xxd -r -p | openssl dgst -sha256 -binary >"$d/digest"
	printf '%s' "${3:64}" | xxd -r -p >"$d/sig"
	openssl pkeyutl -verify -pubin -inkey "$1" -in "$d/digest" -sigfile "$d/sig" \
		-pkeyopt digest:sha256 -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32 >/dev/null 2>&1
	local st=$?
	rm -rf "$d"
	return $st
}

# optee_attest_ro_segments <elf>: SHA-256 of its non-writable PT_LOAD segments, each
# from its (page-aligned) address to the page-rounded end of its memory size.
optee_attest_ro_segments() {
	python3 - "$1" <<'PY'
import hashlib, struct, sys
elf = open(sys.argv[1], "rb").read()
phoff, = struct.unpack_from("<Q", elf, 0x20)
phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
h = hashlib.sha256()
for i in range(phnum):
    typ, flags, off, vaddr, _, filesz, memsz, _ = struct.unpack_from("<IIQQQQQQ", elf, phoff + i * phentsize)
    if typ != 1 or flags & 2:
        continue
    size = (vaddr + memsz + 4095) // 4096 * 4096 - vaddr
    h.update(elf[off:off + filesz] + bytes(size - filesz))
print(h.hexdigest())
PY
}

check_optee_attest() {
	local tee_elf=$TOP/build/tee/tee.elf tee_bin=$TOP/build/tee/tee.bin good=$TOP/build/client-ta/good.ta
	local lo hi want_tee want_shdr vm dir
	lo=$(nm "$tee_elf" | awk '$3 == "__code_start" { print $1 }')
	hi=$(nm "$tee_elf" | awk '$3 == "__ro_end" { print $1 }')
	want_tee=$(head -c $((0x$hi - 0x$lo)) "$tee_bin" | sha256sum | cut -d' ' -f1)
	want_shdr=$(dd if="$good" bs=1 skip=20 count=32 status=none | xxd -p -c 64)
	local ta_elf=$TOP/build/client-ta/5a7e0c3d-2b1f-4c8e-9d6a-7f3e1b2c4d5e.stripped.elf want_ta tam
	want_ta=$(optee_attest_ro_segments "$ta_elf")
	declare -A n nonce tee
	for vm in 1 2; do
		dir=$LOG_DIR/optee_attest_vm$vm
		mkdir -p "$dir"
		n[$vm]=$(optee_attest_hex modulus $vm)
		nonce[$vm]=$(optee_attest_hex nonce $vm)
		tee[$vm]=$(optee_attest_hex tee-memory $vm)
		local shdr
		shdr=$(optee_attest_hex ta-shdr $vm)
		if [ ${#n[$vm]} = 512 ] && [ "$(optee_attest_hex exponent $vm)" = 010001 ] &&
			optee_attest_pem "$dir" 010001 "${n[$vm]}"; then
			check_pass optee_attest_vm${vm}_public_key
		else
			check_fail optee_attest_vm${vm}_public_key "modulus of ${#n[$vm]} hex digits"
		fi
		if optee_attest_verify "$dir/pub.pem" "${nonce[$vm]}" "${tee[$vm]}"; then
			check_pass optee_attest_vm${vm}_tee_memory_signature_verifies
		else
			check_fail optee_attest_vm${vm}_tee_memory_signature_verifies "nonce ${nonce[$vm]}"
		fi
		if [ "${tee[$vm]:0:64}" = "$want_tee" ]; then
			check_pass optee_attest_vm${vm}_tee_memory_is_built_code
		else
			check_fail optee_attest_vm${vm}_tee_memory_is_built_code "got ${tee[$vm]:0:64}, tee.bin [0, 0x$hi - 0x$lo) $want_tee"
		fi
		if [ "${shdr:0:64}" = "$want_shdr" ] && optee_attest_verify "$dir/pub.pem" "${nonce[$vm]}" "$shdr"; then
			check_pass optee_attest_vm${vm}_ta_shdr_digest_signed
		else
			check_fail optee_attest_vm${vm}_ta_shdr_digest_signed "got ${shdr:0:64}, good.ta has $want_shdr"
		fi
		tam=$(optee_attest_hex ta-memory $vm)
		if [ "${tam:0:64}" = "$want_ta" ] && optee_attest_verify "$dir/pub.pem" "${nonce[$vm]}" "$tam"; then
			check_pass optee_attest_vm${vm}_ta_memory_signed
		else
			check_fail optee_attest_vm${vm}_ta_memory_signed "got ${tam:0:64}, its ELF's read-only segments $want_ta"
		fi
	done
	if [ -n "${n[1]}" ] && [ "${n[1]}" != "${n[2]}" ]; then
		check_pass optee_attest_vm_keys_differ
	else
		check_fail optee_attest_vm_keys_differ "same or missing modulus"
	fi
	# VM 1's answer with VM 2's nonce (a replay), and with VM 2's key: both refused.
	if [ "${nonce[1]}" != "${nonce[2]}" ] &&
		! optee_attest_verify "$LOG_DIR/optee_attest_vm1/pub.pem" "${nonce[2]}" "${tee[1]}" &&
		! optee_attest_verify "$LOG_DIR/optee_attest_vm2/pub.pem" "${nonce[1]}" "${tee[1]}"; then
		check_pass optee_attest_replay_or_other_key_fails
	else
		check_fail optee_attest_replay_or_other_key_fails "a replayed answer verified"
	fi
}
