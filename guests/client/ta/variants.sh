#!/usr/bin/env bash
# The refusal cases of TA loading for the bare-metal client (guests/client/tests_ta.c),
# made from the signed test TA: usage variants.sh <dir with <uuid>.ta and .stripped.elf> <tasign> <dev key>
set -eu
d=$1 tasign=$2 key=$3
uuid=5a7e0c3d-2b1f-4c8e-9d6a-7f3e1b2c4d5e
ta=$d/$uuid.ta elf=$d/$uuid.stripped.elf
size=$(stat -c %s "$ta")
# header 20 | hash 32 | signature 256 | bootstrap 20 | ELF
elf_off=$((20 + 32 + 256 + 20))

cp "$ta" "$d/good.ta"
# one byte of the code changed after signing
cp "$ta" "$d/tampered.ta"
printf '\x5a' | dd of="$d/tampered.ta" bs=1 seek=$((elf_off + 0x1100)) conv=notrunc status=none
# the last 64 bytes cut off
head -c $((size - 64)) "$ta" >"$d/truncated.ta"
# the signature zeroed (an unsigned file in the signed format)
cp "$ta" "$d/zerosig.ta"
dd if=/dev/zero of="$d/zerosig.ta" bs=1 seek=52 count=256 conv=notrunc status=none
# a bare ELF, no signed header at all
cp "$elf" "$d/unsigned.ta"
# signed with a key the TEE does not know
[ -f "$d/other_key.pem" ] || "$tasign" keygen --out "$d/other_key.pem" >/dev/null
"$tasign" sign --key "$d/other_key.pem" --uuid $uuid --in "$elf" --out "$d/otherkey.ta" >/dev/null
# a correctly signed ELF whose second PT_LOAD overlaps the first (p_vaddr of phdr 1 = 0x200000)
cp "$elf" "$d/badelf.elf"
printf '\x00\x00\x20\x00\x00\x00\x00\x00' | dd of="$d/badelf.elf" bs=1 seek=$((64 + 56 + 16)) conv=notrunc status=none
"$tasign" sign --key "$key" --uuid $uuid --in "$d/badelf.elf" --out "$d/badelf.ta" >/dev/null
# a header that is not a bootstrap TA (img_type 2, encrypted)
cp "$ta" "$d/badhdr.ta"
printf '\x02' | dd of="$d/badhdr.ta" bs=1 seek=4 conv=notrunc status=none
# Signed through subkeys (OP-TEE's SHDR_SUBKEY): a subkey of the test key for the test TA's
# UUID (an identity subkey: no name), version 1, and the same subkey at version 2
[ -f "$d/subkey.pem" ] || "$tasign" keygen --out "$d/subkey.pem" >/dev/null
for v in 1 2; do
	"$tasign" sign-subkey --key "$key" --in "$d/subkey.pem" --uuid $uuid --name-size 0 \
		--subkey-version $v --out "$d/subkey_v$v.bin"
	"$tasign" sign --key "$d/subkey.pem" --subkey "$d/subkey_v$v.bin" --uuid $uuid --in "$elf" \
		--out "$d/subkey_v$v.ta" >/dev/null
done
# the subkey signed by a key the TEE does not know (a forged chain)
"$tasign" sign-subkey --key "$d/other_key.pem" --in "$d/subkey.pem" --uuid $uuid --name-size 0 \
	--out "$d/subkey_forged.bin"
"$tasign" sign --key "$d/subkey.pem" --subkey "$d/subkey_forged.bin" --uuid $uuid --in "$elf" \
	--out "$d/subkey_forged.ta" >/dev/null
# a subkey with a namespace (name size 64) and the test TA signed under a name whose UUID is
# not the TA's: the TA is outside the subkey's namespace
"$tasign" sign-subkey --key "$key" --in "$d/subkey.pem" --uuid 7a7a0000-1111-4222-8333-444455556666 \
	--name-size 64 --out "$d/subkey_ns.bin"
"$tasign" sign --key "$d/subkey.pem" --subkey "$d/subkey_ns.bin" --name not-the-test-ta \
	--uuid $uuid --in "$elf" --out "$d/subkey_outside.ta" >/dev/null
