#!/bin/bash
# Host fuzzing (docs/fuzzing.md): builds each libFuzzer harness tests/fuzz/fuzz_<name>.c with
# Debian's clang (-fsanitize=fuzzer,address,undefined) and the firmware or tool sources it
# covers, then runs it from the committed seeds (tests/fuzz/corpus/<name>/) for FUZZ_RUNS
# executions, or else FUZZ_SECONDS seconds (default 60). Prints executions, executions per
# second and crashes per harness; a crash's input lands in build/fuzz/crashes/<name>/.
# Arguments: the harnesses to run (default: all). Exits non-zero if any crashed.
set -u
cd "$(dirname "$0")/../.."
OUT=build/fuzz
mkdir -p "$OUT"
CC=${FUZZ_CC:-clang}
CFLAGS="-std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-fno-omit-frame-pointer -Wall -Wextra -Werror -Wno-unused-function -Wno-gnu-variable-sized-type-not-at-end
	-Iinclude -Itee -Itools/configc -Itools/attest -Itests/fuzz"
SECONDS_EACH=${FUZZ_SECONDS:-60}
RUNS=${FUZZ_RUNS:-}

# The sources each harness covers (the same host builds as tests/unit/run.sh).
srcs_of() {
	case $1 in
	msg) echo "tee/nwmem.c tee/shm.c tee/session.c tee/ta.c tee/pta_hello.c tee/pta_echo.c
		tee/thread.c tee/msg.c tee/smc.c tests/unit/host_stubs.c" ;;
	pagelist) echo "tee/nwmem.c" ;;
	ta_check) echo "tee/ta_check.c tee/ta_subkey.c tee/pages.c -lmbedcrypto" ;;
	storage) echo "tee/storage.c tee/storage_enum.c tee/storage_fs.c tee/storage_file.c tee/storage_rollback.c tee/rpc_shm.c tee/nwmem.c tee/pages.c tee/uta_ptr.c -lmbedcrypto" ;;
	configc) echo "tools/configc/parse.c tools/configc/check.c tools/configc/gen.c lib/pgtable.c" ;;
	attest) echo "tools/attest/verify.c tools/attest/key.c -lcbor -lcrypto" ;;
	optee_attest) echo "-include tests/fuzz/host_sysreg.h -Itests/unit tee/pta_optee_attest.c tee/pages.c
		tests/unit/pta_host.c -lmbedcrypto" ;;
	socket) echo "-Itests/unit tee/uta_socket.c tee/rpc_shm.c tee/nwmem.c tests/unit/socket_world.c" ;;
	esac
}

ALL="msg pagelist ta_check storage configc attest optee_attest socket"
harnesses=${*:-$ALL}
pass=0
fail=0
for h in $harnesses; do
	if [ ! -f "tests/fuzz/fuzz_$h.c" ]; then
		echo "fuzz: no harness $h (have: $ALL)"
		fail=$((fail + 1))
		continue
	fi
	# shellcheck disable=SC2046
	if ! $CC $CFLAGS -o "$OUT/fuzz_$h" "tests/fuzz/fuzz_$h.c" $(srcs_of "$h") \
		2>"$OUT/fuzz_$h.build.log"; then
		cat "$OUT/fuzz_$h.build.log"
		echo "FAIL fuzz $h (build)"
		fail=$((fail + 1))
		continue
	fi
	corpus="$OUT/corpus/$h"
	crashes="$OUT/crashes/$h"
	mkdir -p "$corpus" "$crashes"
	if [ -n "$RUNS" ]; then limit="-runs=$RUNS"; else limit="-max_total_time=$SECONDS_EACH"; fi
	# new inputs go to build/fuzz/corpus/<h>; the committed seeds are read only
	t0=$(date +%s.%N)
	"$OUT/fuzz_$h" $limit -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$crashes/" "$corpus" "tests/fuzz/corpus/$h" >"$OUT/fuzz_$h.log" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/fuzz_$h.log" | tail -1)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	rate=$(awk -v n="${execs:-0}" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')
	ncrash=$(grep -c -E '^==[0-9]+==ERROR|^SUMMARY: (Address|Undefined)|deadly signal|ERROR: libFuzzer: (timeout|out-of-memory)' "$OUT/fuzz_$h.log")
	if [ "$rc" -ne 0 ] && [ "$ncrash" -eq 0 ]; then ncrash=1; fi
	[ "$ncrash" -gt 0 ] && ncrash=1 # libFuzzer stops at the first crash
	echo "fuzz $h: ${execs:-?} executions${secs:+ in $secs s}, ${rate:-?} exec/s, $ncrash crashes"
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
	else
		grep -m3 -E 'ERROR|SUMMARY|Test unit written' "$OUT/fuzz_$h.log"
		echo "FAIL fuzz $h: log $OUT/fuzz_$h.log, input in $crashes/"
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
