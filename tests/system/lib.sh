# Helpers for the QEMU system tests; sourced by tests/system/<test>.sh.
#
# Every check prints one line "CHECK <name>: PASS" or "CHECK <name>: FAIL (<why>)";
# tests/run-all.sh counts them. A test script ends with `finish`, which exits
# non-zero if any of its checks failed.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QEMU=${QEMU:-qemu-system-aarch64}
LOG_DIR=${LOG_DIR:-$TOP/build/logs}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-120}
QEMU_MACHINE=(-M virt,secure=on,virtualization=on,gic-version=3 -cpu max -smp 2 -m 1G
	-nographic -semihosting-config enable=on,target=native)

CHECKS_PASSED=0
CHECKS_FAILED=0
LOG=
QEMU_STATUS=

check_pass() {
	echo "CHECK $1: PASS"
	CHECKS_PASSED=$((CHECKS_PASSED + 1))
}

check_fail() {
	echo "CHECK $1: FAIL ($2)"
	CHECKS_FAILED=$((CHECKS_FAILED + 1))
}

# flash_copy <image> <name>: prints the path of a fresh writable copy of a flash image for
# one run (the monitor writes its rollback counters into flash bank 0, so QEMU gets it
# writable; the build's image stays as built). Remove it when the run is over.
flash_copy() {
	mkdir -p "$LOG_DIR"
	local copy=$LOG_DIR/$2-flash.img
	cp "$1" "$copy" && chmod 600 "$copy" && echo "$copy"
}

# boot_qemu <name> [extra QEMU args...]: boots $FLASH (default build/flash.img) with stdin from
# /dev/null under a timeout. The console (carriage returns removed) goes to
# build/logs/<name>.log, QEMU's exit status to QEMU_STATUS (124 = timed out).
boot_qemu() {
	local name=$1
	shift
	mkdir -p "$LOG_DIR"
	LOG=$LOG_DIR/$name.log
	local raw=$LOG_DIR/$name.raw
	local start=$SECONDS flash
	flash=$(flash_copy "${FLASH:-$TOP/build/flash.img}" "$name")
	timeout --kill-after=10 "$QEMU_TIMEOUT" "$QEMU" "${QEMU_MACHINE[@]}" \
		-drive "if=pflash,unit=0,format=raw,file=$flash" "$@" </dev/null >"$raw" 2>&1
	QEMU_STATUS=$?
	rm -f "$flash"
	tr -d '\r' <"$raw" >"$LOG"
	rm -f "$raw"
	echo "# $name: QEMU exit status $QEMU_STATUS after $((SECONDS - start)) s, log $LOG"
}

# expect_status <n> [check name]: QEMU exited with status n.
expect_status() {
	local want=$1 name=${2:-qemu_exit_status}
	if [ "$QEMU_STATUS" = "$want" ]; then
		check_pass "$name"
	elif [ "$QEMU_STATUS" = 124 ] || [ "$QEMU_STATUS" = 137 ]; then
		check_fail "$name" "timed out after ${QEMU_TIMEOUT} s; last line: $(tail -n 1 "$LOG")"
	else
		check_fail "$name" "expected exit status $want, got $QEMU_STATUS"
	fi
}

# expect_line <extended regex> [check name]: some console line matches.
expect_line() {
	local re=$1 name=${2:-$1}
	if grep -Eq -- "$re" "$LOG"; then
		check_pass "$name"
	else
		check_fail "$name" "no line matching /$re/ in $LOG"
	fi
}

# expect_no_line <extended regex> [check name]: no console line matches.
expect_no_line() {
	local re=$1 name=${2:-"no $1"}
	local hit
	hit=$(grep -Em1 -- "$re" "$LOG")
	if [ -z "$hit" ]; then
		check_pass "$name"
	else
		check_fail "$name" "unexpected line: $hit"
	fi
}

# expect_test <name>: the guest printed "TEST <name>: PASS".
expect_test() {
	local t=$1 line
	line=$(grep -E -m1 -- "^TEST $t: " "$LOG")
	if [ "$line" = "TEST $t: PASS" ]; then
		check_pass "$t"
	elif [ -n "$line" ]; then
		check_fail "$t" "${line#TEST $t: }"
	else
		check_fail "$t" "no TEST line (guest stopped early?)"
	fi
}

finish() {
	echo "# $(basename "$0" .sh): $CHECKS_PASSED passed, $CHECKS_FAILED failed"
	[ "$CHECKS_FAILED" -eq 0 ]
}
