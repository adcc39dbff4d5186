#!/usr/bin/env bash
# System test: trusted storage (issue 6) in linux-direct, with a virtio disk (an ext4
# image made here) that /init mounts sync on /data for tee-supplicant (-f /data/tee).
# Four boots of the same disk:
#  1. the storage TA's self-test of every GP storage function (ta-storage), then every
#     tampering the guest's shell can do to the object files: a flipped byte (body and
#     header), two files swapped, an older copy put back, a deleted object's file put
#     back, another TA's file copied over, a truncated file, a file removed - each read
#     is refused with TEE_ERROR_CORRUPT_OBJECT (0xf0100001; the deleted object's file:
#     TEE_ERROR_ITEM_NOT_FOUND, it stays deleted) and the TA keeps working; a TA that names
#     an object id in the client's shared memory is ended (TEE_ERROR_TARGET_DEAD);
#     then a long run of writes, and QEMU is killed (SIGKILL: a power cut) mid-run.
#  2., 3. the object holds exactly the last write that returned or the one after it;
#     an object from boot 1 reads back (same device key, new TEE instance); the old copy
#     put back in boot 1 is still refused (the rollback table and the monitor's counter
#     in flash persist); more writes, killed after another count.
#  4. the last check, the self-test passes again, poweroff.
#  5. with QEMU off, the last counter advance is taken back out of the flash image (the
#     state a power cut between writing the rollback table and advancing the counter
#     leaves): the table one ahead is accepted, the counter advanced, storage usable.
#  6. with QEMU off, the whole disk as it was after boot 1 put back (older object files
#     and an older rollback table, all authentic): every object refused.
# The flash image is one writable copy kept across the six boots (the device).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/direct_lib.bash"
cd "$TOP" || exit 1

mkdir -p "$LOG_DIR"
if make -s CONFIG=linux-direct firmware >"$LOG_DIR/build-storage.log" 2>&1; then
	check_pass storage_build
else
	check_fail storage_build "make CONFIG=linux-direct failed, see $LOG_DIR/build-storage.log"
	finish
	exit
fi
command -v mkfs.ext4 >/dev/null || { check_fail storage_mkfs "no mkfs.ext4 (e2fsprogs)"; finish; exit; }
read -r -a qemu_args <<<"$(make -s CONFIG=linux-direct linux-qemu-args)"
FLASH_IMG=$(flash_copy "$TOP/build/linux-direct/flash.img" storage)
DISK=$LOG_DIR/storage-disk.img
rm -f "$DISK"
truncate -s 16M "$DISK"
mkfs.ext4 -q -F "$DISK"

UUID1=d2b9b0f4-3c1e-4a57-9d6b-8e2f1a7c5b30
UUID2=5e4a7c19-8b2d-4f06-a3e1-7c9d0b2f4e68
PTA_DIR=d96a5b40-c3e5-21e3-8794-1002a5d5c61b # OP-TEE's invoke-tests PTA
CORRUPT=0xf0100001
BOOT_TIMEOUT=${LINUX_TIMEOUT:-180}

# expect_result <op> <id> <OK text|ERR code> <check>: the client's answer for it.
expect_result() {
	expect_line "^ta-storage: $1 $2: $3\$" "$4"
}
# writes <log>: the last n of "ta-storage: wrote pc n" in it (0 when none).
last_written() {
	grep -E '^ta-storage: wrote pc [0-9]+$' "$1" | tail -n 1 | awk '{print $4}' | grep . || echo 0
}

# Shell helpers typed into the guest: the file a put just made (by listing before/after),
# and complementing one byte of a file in place.
HELPERS='D1=/data/tee/'$UUID1'; D2=/data/tee/'$UUID2'
snap() { ls "$1" 2>/dev/null >/tmp/before; }
newf() { for f in $(ls "$1"); do grep -qx "$f" /tmp/before || echo "$f"; done; }
flip() { b=$(dd if="$1" bs=1 skip="$2" count=1 2>/dev/null | od -An -tu1 | tr -d " "); printf "\\$(printf %o $((255 - b)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }'

# ---- boot 1: functions, tampering, then writes cut by SIGKILL ----
start_vm storage_boot1
if shell_ready; then
	while IFS= read -r l; do type_cmd "$l"; done <<<"$HELPERS"
	type_cmd 'ta-storage | grep -E "selftest|passed" | sed s/^/ST-/; echo ST-DONE'
	wait_for '^ST-DONE' 120
	type_cmd 'snap $D1; ta-storage put flip abcdef; F=$(newf $D1); ta-storage get flip; flip $D1/$F 60; ta-storage get flip'
	type_cmd 'snap $D1; ta-storage put flip2 abcdef; F=$(newf $D1); flip $D1/$F 8; ta-storage get flip2'
	type_cmd 'snap $D1; ta-storage put swapa AAA; FA=$(newf $D1); snap $D1; ta-storage put swapb BBB; FB=$(newf $D1); mv $D1/$FA /tmp/x; mv $D1/$FB $D1/$FA; mv /tmp/x $D1/$FB; ta-storage get swapa; ta-storage get swapb'
	type_cmd 'snap $D1; ta-storage put rb v1; F=$(newf $D1); cp $D1/$F /data/rb-v1; ta-storage put rb v2; ta-storage get rb; cp /data/rb-v1 $D1/$F; ta-storage get rb'
	type_cmd 'snap $D1; ta-storage put dl x; F=$(newf $D1); cp $D1/$F /tmp/dl; ta-storage del dl; cp /tmp/dl $D1/$F; ta-storage get dl'
	type_cmd 'snap $D2; ta-storage -2 put cp other-ta; F2=$(newf $D2); snap $D1; ta-storage put cp mine; F1=$(newf $D1); cp $D2/$F2 $D1/$F1; ta-storage get cp; ta-storage -2 get cp'
	type_cmd 'snap $D1; ta-storage put tr truncated; F=$(newf $D1); head -c 50 $D1/$F >/tmp/t; cp /tmp/t $D1/$F; ta-storage get tr'
	type_cmd 'snap $D1; ta-storage put gone x; F=$(newf $D1); rm $D1/$F; ta-storage get gone'
	# OP-TEE's invoke-tests PTA: the kernel's own storage corner cases on scratch objects
	# under the PTA's UUID, which are gone afterwards (xtest 1015's command)
	type_cmd 'echo PTA-BEGIN; B=$(find /data/tee -type f | wc -l); tzv-client invoke-tests; A=$(find /data/tee -type f | wc -l); O=$(find /data/tee -path "*/'$PTA_DIR'/*" | wc -l); echo PTA-FILES-$B-$A-$O'
	wait_for '^PTA-FILES-' 120
	type_cmd 'ta-storage list; ta-storage put keep survives-reboot; ta-storage shm-id keep; ta-storage get keep; echo TAMPER-DONE'
	wait_for '^TAMPER-DONE' 120
	type_cmd 'ta-storage loop pc 1 100000 8192'
	wait_for '^ta-storage: wrote pc [0-9]+$' 120 3
fi
stop_vm kill
LOG1=$LOG
cp "$DISK" "$LOG_DIR/storage-disk-boot1.img"
expect_line '^init: /dev/vda mounted on /data \(sync\), secure storage in /data/tee$' storage_disk_mounted
expect_line '^ST-ta-storage: selftest: [0-9]+ checks$' storage_selftest_ran
expect_line '^ST-ta-storage: [0-9]+ passed, 0 failed$' storage_client_checks
expect_result get flip 'OK abcdef' storage_get_before_tamper
expect_result get flip "ERR $CORRUPT" storage_flipped_body_byte_refused
expect_result get flip2 "ERR $CORRUPT" storage_flipped_header_byte_refused
expect_result get swapa "ERR $CORRUPT" storage_swapped_file_a_refused
expect_result get swapb "ERR $CORRUPT" storage_swapped_file_b_refused
expect_result get rb 'OK v2' storage_newer_version_read
expect_result get rb "ERR $CORRUPT" storage_rollback_refused
# a deleted object's file put back is not served: the object stays deleted (ITEM_NOT_FOUND)
expect_result get dl "ERR 0xffff0008" storage_deleted_object_back_refused
expect_line '^tee1: storage: object [0-9a-f]{8}\.\.\.: a file of the deleted object: ignored$' storage_tee_logs_deleted_object_file
expect_result get cp "ERR $CORRUPT" storage_other_ta_file_refused
expect_result get cp 'OK other-ta' storage_other_ta_reads_its_own
expect_result get tr "ERR $CORRUPT" storage_truncated_file_refused
expect_result get gone "ERR $CORRUPT" storage_removed_file_detected
expect_line '^tee1: storage: object [0-9a-f]{8}\.\.\.: authentication failed' storage_tee_logs_authentication_failure
expect_line '^tee1: storage: object [0-9a-f]{8}\.\.\.: older than the version last seen \(rollback\)$' storage_tee_logs_rollback
expect_line '^ta-storage: list: OK [0-9]+ \([1-9][0-9]* corrupt\): ' storage_enumeration_reports_corrupt_files
expect_result get keep 'OK survives-reboot' storage_ta_still_works_after_tampering
expect_line '^tzv-client: invoke-tests self-tests: 0x0 origin 4$' storage_pta_self_tests_pass
expect_line '^tzv-client: invoke-tests fs: 0x0 origin 4$' storage_pta_corner_cases_pass
# each corner case was refused for its own reason (tee/storage_selftest.c), in this order
pta_refusals=$(sed -n '/PTA-BEGIN/,/^PTA-FILES-/p' "$LOG" | grep -oE '^tee1: storage: object [0-9a-f]{8}\.\.\.: .*' |
	sed -E 's/^tee1: storage: object [0-9a-f]{8}\.\.\.: //' | head -n 8 | tr '\n' '|')
want='sizes do not match|file too short|authentication failed (tampered, or not this TA'"'"'s or VM'"'"'s)|'
want+='authentication failed (tampered, or not this TA'"'"'s or VM'"'"'s)|authentication failed (tampered, or not this TA'"'"'s or VM'"'"'s)|'
want+='authentication failed (tampered, or not this TA'"'"'s or VM'"'"'s)|older than the version last seen (rollback)|a file of the deleted object: ignored|'
if [ "$pta_refusals" = "$want" ]; then
	check_pass storage_pta_each_corner_case_refused
else
	check_fail storage_pta_each_corner_case_refused "refusals logged: $pta_refusals"
fi
# as many files in the storage directory after as before, none in the PTA's directory
pta_files=$(grep -m1 -oE '^PTA-FILES-[0-9]+-[0-9]+-[0-9]+' "$LOG" | cut -d- -f3-)
if [ -n "$pta_files" ] && [ "${pta_files%%-*}" -gt 0 ] && [ "$pta_files" = "${pta_files%%-*}-${pta_files%%-*}-0" ]; then
	check_pass storage_pta_scratch_objects_removed
else
	check_fail storage_pta_scratch_objects_removed "files before-after-in its directory: '$pta_files'"
fi
# a TA that names an object id in the client's shared memory (which the client could change
# during the call) is ended, and the object is untouched
expect_result shm-id keep "ERR 0xffff3024" storage_id_in_shared_memory_ends_ta
expect_line '^tee1: TA d2b9b0f4: STORAGE: object id in shared memory \(0x[0-9a-f]+, 0x4\): instance ended$' \
	storage_tee_logs_id_in_shared_memory
bad=$(grep -E '^tee1: .*(killed|panic|exception|PANIC|instance ended)' "$LOG" |
	grep -v ': STORAGE: object id in shared memory ')
if [ -z "$bad" ]; then
	check_pass storage_no_ta_or_tee_crash
else
	check_fail storage_no_ta_or_tee_crash "unexpected line: $(echo "$bad" | head -n 1)"
fi
WROTE1=$(last_written "$LOG1")

# ---- boots 2 and 3: what survived the cut, then more writes cut at another point ----
next=$((WROTE1 + 1))
prev_wrote=$WROTE1
cuts=0
for boot in 2 3 4; do
	start_vm storage_boot$boot
	if shell_ready; then
		type_cmd 'ta-storage check pc; ls -a /data/tee/'$UUID1' | grep -c "^\..*\.new$" | sed s/^/TEMPFILES-/'
		wait_for '^TEMPFILES-' 60
		if [ "$boot" = 2 ]; then
			type_cmd 'ta-storage get keep; ta-storage get rb; echo R-DONE'
			wait_for '^R-DONE' 60
		fi
		if [ "$boot" != 4 ]; then
			found=$(tr -d '\r' <"$RAW" | sed -nE 's/^ta-storage: check pc: OK pattern ([0-9]+) .*/\1/p' | head -n 1)
			type_cmd "ta-storage loop pc $((${found:-$next} + 1)) 100000 8192"
			# cut after a different number of completed writes each time
			wait_for '^ta-storage: wrote pc [0-9]+$' 120 $((boot * 2 + 1))
		else
			type_cmd 'ta-storage | tail -n 1 | sed s/^/ST-/; echo ST-DONE'
			wait_for '^ST-DONE' 120
			# more objects than one enumeration batch (32 names) holds
			type_cmd 'for i in $(seq 1 40); do ta-storage put many$i x >/dev/null; done; ta-storage list | sed s/^/MANY-/'
			wait_for '^MANY-' 120
		fi
	fi
	if [ "$boot" != 4 ]; then stop_vm kill; else stop_vm; fi
	found=$(sed -nE 's/^ta-storage: check pc: OK pattern ([0-9]+) size 8192$/\1/p' "$LOG" | head -n 1)
	if [ -n "$found" ] && { [ "$found" = "$prev_wrote" ] || [ "$found" = $((prev_wrote + 1)) ]; }; then
		check_pass "storage_power_cut_$((boot - 1))_old_or_new"
		echo "# cut $((boot - 1)): last write returned: $prev_wrote, object holds: $found, temporary files: $(sed -n 's/^TEMPFILES-//p' "$LOG")"
		[ "$found" != "$prev_wrote" ] && cuts=$((cuts + 1))
	else
		check_fail "storage_power_cut_$((boot - 1))_old_or_new" \
			"last write returned $prev_wrote, object: $(grep -m1 '^ta-storage: check pc' "$LOG")"
	fi
	if [ "$boot" = 2 ]; then
		expect_result get keep 'OK survives-reboot' storage_object_survives_restart
		expect_result get rb "ERR $CORRUPT" storage_rollback_refused_after_restart
	fi
	[ "$boot" != 4 ] && prev_wrote=$(last_written "$LOG")
	expect_no_line '^tee1: .*(killed|panic|exception|PANIC|instance ended)' "storage_boot${boot}_no_secure_faults"
done
expect_line '^ST-ta-storage: [0-9]+ passed, 0 failed$' storage_selftest_after_power_cuts
n=$(grep -m1 '^MANY-ta-storage: list: OK' "$LOG" | tr ' ' '\n' | grep -c '^many[0-9]*$')
if [ "$n" = 40 ]; then
	check_pass storage_enumeration_beyond_one_batch
else
	check_fail storage_enumeration_beyond_one_batch "$n of 40 objects listed: $(grep -m1 '^MANY-' "$LOG")"
fi
expect_line '^monitor: PSCI SYSTEM_OFF$' storage_poweroff
echo "# power cuts that landed after a write reached the disk but before the client saw it: $cuts of 3"

# ---- boot 5: a power cut between the table write and the counter advance ----
# rewind_counter <flash image> <vm>: erases the VM's last counter record in the flash log
# (docs/keys.md) when the one before it holds the value one lower; prints both values.
rewind_counter() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
img, vm = sys.argv[1], int(sys.argv[2])
blocks, size = (0x03f40000, 0x03f80000), 0x40000
f = open(img, "r+b")
def header(base):
    f.seek(base)
    magic, fmt, seq, nseq = struct.unpack("<4I", f.read(16))
    return seq if magic == 0x43525a54 and fmt == 1 and nseq == (~seq & 0xffffffff) else None
seqs = [header(b) for b in blocks]
valid = [i for i in (0, 1) if seqs[i] is not None]
if not valid:
    sys.exit("no counter log in the image")
if len(valid) == 2:
    newest = 1 if 0 < ((seqs[1] - seqs[0]) & 0xffffffff) < 0x80000000 else 0
else:
    newest = valid[0]
base, recs = blocks[newest], []
for off in range(16, size, 16):
    f.seek(base + off)
    w = struct.unpack("<4I", f.read(16))
    if w == (0xffffffff,) * 4:
        break
    if w[0] == vm:
        recs.append((off, w[1] | w[2] << 32))
if len(recs) < 2 or recs[-2][1] + 1 != recs[-1][1]:
    sys.exit("the log does not end in a one-step advance of VM %d" % vm)
f.seek(base + recs[-1][0])
f.write(b"\xff" * 16)
print(recs[-1][1], recs[-2][1])
PY
}
if values=$(rewind_counter "$FLASH_IMG" 1); then
	echo "# counter of VM 1 in the flash image: ${values% *}, rewound to ${values#* }"
	start_vm storage_boot5
	if shell_ready; then
		type_cmd 'ta-storage get keep; ta-storage put after-cut yes; ta-storage get after-cut; echo R5-DONE'
		wait_for '^R5-DONE' 60
	fi
	stop_vm
	expect_line "^tee1: storage: rollback table one ahead of the counter \(a power cut before the advance\): counter advanced to ${values% *}\$" \
		storage_cut_before_counter_advance_recovered
	expect_result get keep 'OK survives-reboot' storage_usable_after_cut_before_advance
	expect_result get after-cut 'OK yes' storage_writable_after_cut_before_advance
else
	check_fail storage_cut_before_counter_advance_recovered "could not stage the cut: $values"
fi

# ---- boot 6: the disk of boot 1 put back while QEMU is off ----
cp "$LOG_DIR/storage-disk-boot1.img" "$DISK"
start_vm storage_boot6
if shell_ready; then
	type_cmd 'ta-storage get keep; ta-storage -2 get cp; echo R6-DONE'
	wait_for '^R6-DONE' 60
fi
stop_vm
expect_result get keep "ERR $CORRUPT" storage_old_disk_after_restart_refused
expect_result get cp "ERR $CORRUPT" storage_old_disk_every_object_refused
expect_line '^tee1: storage: rollback table: older than the rollback counter \(rollback\): every object refused$' \
	storage_tee_logs_old_rollback_table
expect_no_line '^tee1: .*(killed|panic|exception|PANIC|instance ended)' storage_old_disk_no_secure_faults
rm -f "$DISK" "$LOG_DIR/storage-disk-boot1.img" "$FLASH_IMG"
finish
