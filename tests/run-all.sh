#!/usr/bin/env bash
# Runs every test: host unit tests (tests/unit/run.sh), a short run of each fuzz
# harness (tests/fuzz/run.sh), then the QEMU system tests (tests/system/*.sh). Called by `make test` after the firmware is built.
# Each unit test binary and each system-test check counts as one test; the last
# line is "N passed, N failed" and the exit status is non-zero if any failed.
set -u
cd "$(dirname "$0")/.."
mkdir -p build/logs

passed=0
failed=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# Unit tests: tests/unit/run.sh prints one line per test binary, either
# "UNIT <name>: PASS|FAIL" or "PASS <name>" / "FAIL <name>".
if [ -f tests/unit/run.sh ]; then
	echo "== unit tests (tests/unit/run.sh)"
	bash tests/unit/run.sh >"$tmp" 2>&1
	rc=$?
	cat "$tmp" >build/logs/unit.log
	grep -Ev '^(UNIT .*: (PASS|FAIL)|PASS [^ ]+$|FAIL [^ ]+)' "$tmp" | sed 's/^/  /'
	p=0
	f=0
	while IFS= read -r line; do
		case "$line" in
		"UNIT "*": PASS") echo "$line"; p=$((p + 1)) ;;
		"UNIT "*": FAIL"*) echo "$line"; f=$((f + 1)) ;;
		"PASS "*) echo "UNIT ${line#PASS }: PASS"; p=$((p + 1)) ;;
		"FAIL "*) echo "UNIT ${line#FAIL }: FAIL"; f=$((f + 1)) ;;
		esac
	done < <(grep -E '^(UNIT .*: (PASS|FAIL)|PASS [^ ]+$|FAIL [^ ]+)' "$tmp")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "UNIT run.sh: FAIL (exit status $rc without a failing test line)"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
else
	echo "== no tests/unit/run.sh, unit tests skipped"
fi

# Fuzz smoke run: every libFuzzer harness (tests/fuzz) builds and runs 20,000 executions
# from the committed seeds without a crash; `make fuzz` runs them for long. One test each.
echo "== fuzz harnesses, 20000 executions each (tests/fuzz/run.sh)"
if bash tools/setup.sh fuzz >build/logs/fuzz-setup.log 2>&1; then
	FUZZ_RUNS=20000 bash tests/fuzz/run.sh >"$tmp" 2>&1
	cat "$tmp" >build/logs/fuzz.log
	grep -E '^fuzz [a-z_]+: ' "$tmp"
	grep -E '^FAIL fuzz ' "$tmp"
	passed=$((passed + $(grep -cE '^fuzz [a-z_]+: .* 0 crashes$' "$tmp")))
	failed=$((failed + $(grep -cE '^FAIL fuzz ' "$tmp")))
else
	echo "FAIL fuzz: set-up failed, see build/logs/fuzz-setup.log"
	failed=$((failed + 1))
fi

# System tests: every tests/system/*.sh except the helper library.
for t in tests/system/*.sh; do
	[ "$(basename "$t")" = lib.sh ] && continue
	echo "== system test $t"
	bash "$t" 2>&1 | tee "$tmp"
	rc=${PIPESTATUS[0]}
	p=$(grep -cE '^CHECK .*: PASS$' "$tmp")
	f=$(grep -cE '^CHECK .*: FAIL' "$tmp")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "CHECK $(basename "$t" .sh): FAIL (exit status $rc without a failing check)"
		f=1
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "CHECK $(basename "$t" .sh): FAIL (no checks ran)"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
