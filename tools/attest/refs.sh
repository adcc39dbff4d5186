#!/bin/bash
# refs.sh B CONFIG_DIR ATTEST_CONFIG: the reference values of a configuration's build
# (docs/attestation.md), one line per measurement the monitor makes:
#   <name> <platform|tee|vm> <VM id, or all> <sha256>
# from the exact bytes the monitor embeds or QEMU preloads. The Makefile passes
# HYP, GUEST_IMAGES, CONFIG_DTBS, QEMU_LOAD and PRELOAD_FILE (the preloaded-image
# table, if any) in the environment (tools/attest/attest.mk).
set -euo pipefail
B=$1 CONFIG_DIR=$2 ATTEST_CONFIG=$3
sha() { sha256sum "$1" | cut -d' ' -f1; }

echo "# tzvisor reference values: name group owner sha256 (docs/attestation.md)"
echo "monitor platform all $(sha "$B/monitor/monitor.bin")"
config_lines=$("$ATTEST_CONFIG")
grep -v '^#' <<<"$config_lines"
declare -A vm_id
while read -r _ _ pos id; do vm_id[$pos]=$id; done < <(grep '^# vm ' <<<"$config_lines")
echo "tvisor platform all $(sha "$B/tvisor/tvisor.bin")"
echo "tee tee all $(sha "$B/tee/tee.bin")"

# Images QEMU preloads: the table's name, base and VM position; the file QEMU_LOAD puts at that base.
preloaded() {
	[ -n "${PRELOAD_FILE:-}" ] && [ -f "$PRELOAD_FILE" ] || return 0
	declare -A name_of
	local label name base pos n=0 want
	want=$(sed -nE 's/^[[:space:]]*\.quad ([0-9]+)$/\1/p' "$PRELOAD_FILE" | tail -n 1)
	# Labels are followed by their .asciz on the next line.
	while read -r label name; do name_of[$label]=$name; done < <(
		awk '/^name_[A-Za-z0-9_]+:$/ { l = substr($1, 1, length($1) - 1); getline;
			match($0, /"[^"]*"/); print l, substr($0, RSTART + 1, RLENGTH - 2) }' "$PRELOAD_FILE")
	while read -r label base _ _ pos _; do
		local file
		file=$(grep -oE "file=[^,]+,addr=$base," <<<"$QEMU_LOAD" | head -n 1 | sed -E 's/^file=([^,]+),.*/\1/')
		if [ -z "$file" ]; then
			echo "refs.sh: no -device loader for ${name_of[$label]} at $base" >&2
			exit 1
		fi
		local owner=all
		[ "$HYP" = 1 ] && owner=${vm_id[$pos]}
		echo "${name_of[$label]} vm $owner $(sha "$file")"
		n=$((n + 1))
	done < <(sed -nE 's/^[[:space:]]*\.quad (name_[A-Za-z0-9_]+), (0x[0-9a-f]+), ([0-9]+), ([0-9]+), ([0-9]+), ([0-9a-fx]+).*/\1 \2 \3 \4 \5 \6/p' "$PRELOAD_FILE")
	if [ "$n" != "$want" ]; then
		echo "refs.sh: $n of ${want:-?} preloaded images understood in $PRELOAD_FILE" >&2
		exit 1
	fi
}

if [ "$HYP" = 1 ]; then
	echo "hyp platform all $(sha "$B/hyp/hyp.bin")"
	pos=0
	for g in $GUEST_IMAGES; do
		pos=$((pos + 1))
		image=${g%%:*}
		case $image in
		preloaded) continue ;;
		*/*) file=$image ;;
		*) file=$B/guest$pos/$image.bin ;;
		esac
		echo "vm${vm_id[$pos]} vm ${vm_id[$pos]} $(sha "$file")"
	done
	preloaded
	pos=0
	for d in $CONFIG_DTBS; do
		pos=$((pos + 1))
		echo "vm${vm_id[$pos]}.dtb vm ${vm_id[$pos]} $(sha "$CONFIG_DIR/$d")"
	done
elif [ -n "${PRELOAD_FILE:-}" ]; then
	preloaded
else
	echo "client vm all $(sha "$B/client/client.bin")"
	echo "dtb vm all $(sha "$CONFIG_DIR/normal.dtb")"
fi
