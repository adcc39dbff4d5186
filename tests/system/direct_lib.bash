# Sessions of linux-direct with a virtio disk for the system tests that type into its
# shell (storage.sh, shipped.sh); sourced after lib.sh. The caller sets FLASH_IMG (a
# flash_copy), DISK (an ext4 image) and qemu_args (`make -s CONFIG=linux-direct
# linux-qemu-args`), and BOOT_TIMEOUT.

# start_vm <name>: boots linux-direct with the disk $DISK; QEMU itself runs in the background
# (no `timeout` wrapper, so SIGKILL reaches it); console input goes to fd 3.
start_vm() {
	RAW=$LOG_DIR/$1.raw
	LOG=$LOG_DIR/$1.log
	FIFO=$(mktemp -u)
	mkfifo "$FIFO"
	exec 3<>"$FIFO"
	: >"$RAW"
	"$QEMU" "${QEMU_MACHINE[@]}" \
		-drive "if=pflash,unit=0,format=raw,file=$FLASH_IMG" \
		"${qemu_args[@]}" -drive "file=$DISK,if=none,format=raw,id=disk" \
		-device virtio-blk-device,drive=disk <"$FIFO" >"$RAW" 2>&1 &
	QPID=$!
	BOOT_START=$SECONDS
}
# wait_for <regex> <seconds> [n]: until the console shows n (default 1) matching lines.
wait_for() {
	local end=$((SECONDS + $2)) n
	while [ $SECONDS -lt $end ] && kill -0 "$QPID" 2>/dev/null; do
		n=$(tr -d '\r' <"$RAW" | grep -Ec -- "$1")
		[ "$n" -ge "${3:-1}" ] && return 0
		sleep 0.5
	done
	return 1
}
type_cmd() {
	printf '%s\n' "$1" >&3
}
# stop_vm [kill]: SIGKILL (a power cut), or poweroff and wait for QEMU to end.
stop_vm() {
	if [ "${1:-}" = kill ]; then
		kill -9 "$QPID" 2>/dev/null
	else
		type_cmd 'poweroff -f'
		local end=$((SECONDS + 30))
		while [ $SECONDS -lt $end ] && kill -0 "$QPID" 2>/dev/null; do sleep 0.5; done
		kill -9 "$QPID" 2>/dev/null
	fi
	wait "$QPID" 2>/dev/null
	exec 3>&-
	rm -f "$FIFO"
	tr -d '\r' <"$RAW" >"$LOG"
	rm -f "$RAW"
	echo "# $(basename "$LOG" .log): $((SECONDS - BOOT_START)) s, log $LOG"
}
shell_ready() {
	wait_for '^init: shell on the console' "$BOOT_TIMEOUT" && sleep 1
}

# hello_versions_setup <name>: builds linux-direct (check <name>_build), signs the hello
# example TA with the development key at versions 1, 2 and 3 onto an ext4 disk (v1.ta,
# v2.ta, v3.ta) and sets HELLO (its UUID), DISK, qemu_args, FLASH_IMG (a flash_copy) and
# BOOT_TIMEOUT, for the tests of TA versions (ta_rollback.sh, secstor_ta.sh). Returns 1
# when the build failed.
hello_versions_setup() {
	local name=$1 files=$LOG_DIR/$1-disk
	mkdir -p "$LOG_DIR"
	if make -s CONFIG=linux-direct firmware >"$LOG_DIR/build-$name.log" 2>&1; then
		check_pass "${name}_build"
	else
		check_fail "${name}_build" "see $LOG_DIR/build-$name.log"
		return 1
	fi
	HELLO=9c3f5e1a-7b2d-4e8f-a1c6-3d5b7e9f0a24
	rm -rf "$files"
	mkdir -p "$files"
	for v in 1 2 3; do
		build/tools/tasign sign --key build/keys/ta_dev_key.pem --uuid $HELLO --ta-version $v \
			--in "build/ta/hello/$HELLO.stripped.elf" --out "$files/v$v.ta" >/dev/null
	done
	DISK=$LOG_DIR/$name-disk.img
	rm -f "$DISK"
	truncate -s 16M "$DISK"
	mkfs.ext4 -q -F -d "$files" "$DISK"
	read -r -a qemu_args <<<"$(make -s CONFIG=linux-direct linux-qemu-args)"
	FLASH_IMG=$(flash_copy "$TOP/build/linux-direct/flash.img" "$name")
	BOOT_TIMEOUT=${LINUX_TIMEOUT:-180}
}
