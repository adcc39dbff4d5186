#!/bin/bash
# mkflash.sh FIRMWARE SECRET OUT [--blank]: the 64 MiB image of QEMU virt's flash
# bank 0 (secure-only with secure=on). The firmware from offset 0; the device
# secret block (magic "TZDS", version 1, 32 secret bytes) at 0x03fc0000, the
# last 256 KiB erase block (include/tzvisor/platform.h, docs/keys.md).
# --blank leaves that block erased, as on a device that was never provisioned.
set -euo pipefail
firmware=$1 secret=$2 out=$3 blank=${4:-}
size=$((64 * 1024 * 1024))
secret_block=$((0x03fc0000))
counter_blocks=$((0x03f40000)) # two blocks for the rollback counters, left erased
fw_size=$(stat -c %s "$firmware")
if ((fw_size > counter_blocks)); then
	echo "mkflash: $firmware ($fw_size bytes) reaches the rollback counter blocks" >&2
	exit 1
fi
if [[ -z $blank ]] && [[ $(stat -c %s "$secret") != 32 ]]; then
	echo "mkflash: $secret must hold exactly 32 bytes" >&2
	exit 1
fi
tmp=$out.tmp
rm -f "$tmp"
# Erased NOR flash reads as 0xff.
head -c $size /dev/zero | tr '\0' '\377' >"$tmp"
dd if="$firmware" of="$tmp" conv=notrunc status=none
if [[ -z $blank ]]; then
	{ printf 'TZDS\001\000\000\000'; cat "$secret"; } |
		dd of="$tmp" bs=1 seek=$secret_block conv=notrunc status=none
fi
chmod 600 "$tmp"
mv "$tmp" "$out"
