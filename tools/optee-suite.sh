#!/usr/bin/env bash
# tools/optee-suite.sh examples|xtest|pkcs11 <checkout>: builds OP-TEE's own test programs from a
# checkout the user provides (optee_examples, optee_test, or optee_os for its PKCS#11 TA
# ta/pkcs11, run by our guests/linux/tzv-pkcs11 through Debian's libckteec), unchanged: their TAs with the
# dev kit (build/ta_dev_kit), their normal-world programs with the cross compiler against
# Debian's libteec (optee-client-dev, unpacked by guests/linux/build.sh). Puts them into a copy
# of the Linux guest's initramfs, boots qemu-2vm-linux with it (the same configuration, its
# own build directory) and runs them in both VMs at once. Prints, per VM:
#   example <name>: PASS|FAIL
#   xtest <group>: N passed, N failed, N skipped       and   xtest <group>: FAILED <case id> ...
#   pkcs11 <check>: PASS|FAIL
# Nothing of the checkout is kept in the tree; everything goes to build/suite/<kind>/.
#
# Environment:
#   XTEST_GROUPS  xtest case-id prefixes, each run as `xtest -l 15 <prefix>` (default:
#                 regression_1 regression_4 regression_6; e.g. XTEST_GROUPS=regression_41;
#                 benchmark_* prefixes run in xtest's benchmark suite)
#   GROUP_TIMEOUT seconds one group may run in a VM (default 1800)
#   SUITE_TIMEOUT seconds of the whole QEMU run (default: groups x GROUP_TIMEOUT + 600)
#   TEE_MEMORY    secure memory of each VM's TEE instance instead of the configuration's. xtest's
#                 default is 4M: its os_test TA declares 900 KiB of heap and opens a second
#                 instance of itself, and case 6018 writes a 640 KiB object, neither of which fits
#                 the shipped 1 MiB; TEE_MEMORY= (empty) keeps the configuration's. Examples: the
#                 configuration's.
#   COMPAT_1_1    y|n: build the TAs in GP 1.1 mode (CFG_TA_OPTEE_CORE_API_COMPAT_1_1=y), as
#                 sources older than OP-TEE 3.20 need (optee_test 3.19.0: COMPAT_1_1=y). Default
#                 for optee_examples: y when none of its TA Makefiles sets it, else what each says;
#                 for optee_test: what its Makefiles say (GP 1.3); for optee_os: y when its
#                 lib/libutee/include has no tee_api_compat.h (before 3.20).
set -uo pipefail
kind=${1:-}
src=${2:-}
case "$kind" in
examples | xtest | pkcs11) ;;
*)
	echo "usage: $0 examples|xtest|pkcs11 <checkout>" >&2
	exit 2
	;;
esac
[ -n "$src" ] && [ -d "$src" ] || {
	echo "$0: give the path of an optee_examples, optee_test or optee_os checkout" \
		"(OPTEE_EXAMPLES= / OPTEE_TEST= / OPTEE_OS=)" >&2
	exit 2
}
src=$(cd "$src" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
CROSS=${CROSS:-aarch64-linux-gnu-}
QEMU=${QEMU:-qemu-system-aarch64}
CFG=qemu-2vm-linux
out=$top/build/suite/$kind
devkit=$top/build/ta_dev_kit
pkgroot=$top/build/linux/pkgroot
XTEST_GROUPS=${XTEST_GROUPS:-regression_1 regression_4 regression_6}
GROUP_TIMEOUT=${GROUP_TIMEOUT:-1800}
[ "$kind" = xtest ] && TEE_MEMORY=${TEE_MEMORY-4M}

say() { echo "suite: $*"; }
die() {
	echo "suite: $*" >&2
	exit 1
}

# ---- what the build needs: the dev kit, the Linux guest (pkgroot, initramfs tree) ----
make -s tas >/dev/null || die "make tas failed"
make -s linux-guest >/dev/null || die "make linux-guest failed"
rm -rf "$out"
mkdir -p "$out/src" "$out/bin" "$out/ta" "$out/plugins" "$out/teec/lib"
# build in a copy: the checkout stays as it is (of optee_os, only its PKCS#11 TA)
if [ "$kind" = pkcs11 ]; then
	[ -f "$src/ta/pkcs11/Makefile" ] || die "$src has no ta/pkcs11/Makefile (an optee_os checkout?)"
	cp -a "$src/ta/pkcs11/." "$out/src/"
else
	cp -a "$src/." "$out/src/"
fi
w=$out/src
# An OP-TEE client "export" directory over Debian's optee-client-dev.
ln -s "$pkgroot/usr/include" "$out/teec/include"
for f in "$pkgroot"/usr/lib/aarch64-linux-gnu/libteec.so*; do ln -s "$f" "$out/teec/lib/"; done
# OpenSSL's libcrypto for xtest (Debian's arm64 libssl-dev, unpacked beside libteec): the
# library beside libteec, its multiarch header directory on the cross compiler's CPATH.
for f in "$pkgroot"/usr/lib/aarch64-linux-gnu/libcrypto.so*; do ln -s "$f" "$out/teec/lib/"; done
export CPATH=$pkgroot/usr/include/aarch64-linux-gnu
log=$out/build.log
: >"$log"

# optee_examples older than 3.20 are GP 1.1 code and their Makefiles do not say so; optee_test
# sources are GP 1.3 since 3.20 and never say it either: COMPAT_1_1=y for older ones.
compat=${COMPAT_1_1:-}
if [ -z "$compat" ] && [ "$kind" = examples ] &&
	! grep -qs CFG_TA_OPTEE_CORE_API_COMPAT_1_1 "$w"/*/ta/Makefile; then
	compat=y
fi
if [ -z "$compat" ] && [ "$kind" = pkcs11 ] && [ -d "$src/lib/libutee/include" ] &&
	[ ! -f "$src/lib/libutee/include/tee_api_compat.h" ]; then
	compat=y
fi
ta_args=(CROSS_COMPILE="$CROSS" TA_DEV_KIT_DIR="$devkit")
[ "$compat" = y ] && ta_args+=(CFG_TA_OPTEE_CORE_API_COMPAT_1_1=y)
[ "$compat" = n ] && ta_args+=(CFG_TA_OPTEE_CORE_API_COMPAT_1_1=n)
# optee_test's TAs as OP-TEE's own build (build.git, common.mk) makes them with GCC: with
# the thread-local variable tests (WITH_TLS_TESTS=y, xtest 1029) and the C++ tests
# (WITH_CXX_TESTS=y, xtest 1031: the dev kit compiles .cpp with Debian's g++).
[ "$kind" = xtest ] && ta_args+=(WITH_TLS_TESTS=y WITH_CXX_TESTS=y)
# The dev kit's TA mbedTLS (CFG_TA_MBEDTLS, lib/libmbedtls.a) is Debian's 2.28, the API of
# the mbedTLS OP-TEE exported before 4.0. optee_test 4.0 and later call mbedTLS 3's API in
# the crypt TA (MBEDTLS_PRIVATE(), mbedtls_pk_parse_key with an RNG): for those sources
# both sides are built without it, as for an OP-TEE with CFG_TA_MBEDTLS=n (cases 8101-8103
# are then compiled out of xtest and the crypt TA).
host_devkit=$devkit
if [ "$kind" = xtest ] && grep -qs MBEDTLS_PRIVATE "$w"/ta/crypt/*.c; then
	ta_args+=(CFG_TA_MBEDTLS=n CFG_TA_MBEDTLS_SELF_TEST=n)
	host_devkit=$out/devkit-host
	mkdir -p "$host_devkit"
	cp -a "$devkit/host_include" "$host_devkit/"
	sed -i -E '/CFG_TA_MBEDTLS/d' "$host_devkit/host_include/conf.h" \
		"$host_devkit/host_include/conf.mk"
	say "$src calls mbedTLS 3's API; the dev kit's mbedTLS is 2.28: built with CFG_TA_MBEDTLS=n"
fi
say "building $kind from $src${compat:+ (GP 1.1 mode: $compat)}"

run_lines=
if [ "$kind" = pkcs11 ]; then
	# The TA from the checkout's ta/pkcs11 with its own Makefile and sub.mk defaults; the
	# client and libckteec.so.0 come from the Linux guest's build (guests/linux/build.sh).
	make -C "$w" "${ta_args[@]}" O="$out/ta/pkcs11" >>"$log" 2>&1 || {
		grep -m 5 -E 'error|undefined reference' "$log" | sed 's/^/suite: /'
		die "OP-TEE's PKCS#11 TA does not build with the dev kit (see $log)"
	}
	say "built the PKCS#11 TA: $(ls "$out"/ta/pkcs11/*.ta)"
	cp "$top/build/linux/tzv-pkcs11" "$out/bin/"
	run_body=$(
		cat <<EOF
timeout $GROUP_TIMEOUT tzv-pkcs11 >/tmp/pkcs11.log 2>&1
echo "SUITE-PKCS11-STATUS \$?"
sed 's/^/SUITE /' /tmp/pkcs11.log
EOF
	)
elif [ "$kind" = examples ]; then
	examples=
	for d in "$w"/*/; do
		n=$(basename "$d")
		[ -f "$d/ta/Makefile" ] && [ -f "$d/host/Makefile" ] || continue
		ok=1
		make -C "$d/ta" "${ta_args[@]}" O="$out/ta/$n" >>"$log" 2>&1 || ok=0
		make -C "$d/host" CROSS_COMPILE="$CROSS" TEEC_EXPORT="$out/teec" \
			--no-builtin-variables >>"$log" 2>&1 || ok=0
		if [ -f "$d/syslog/Makefile" ]; then # the plugins example's tee-supplicant plugin
			make -C "$d/syslog" CROSS_COMPILE="$CROSS" TEEC_EXPORT="$out/teec" \
				--no-builtin-variables >>"$log" 2>&1 || ok=0
			cp "$d"/syslog/*.plugin "$out/plugins/" 2>/dev/null || ok=0
		fi
		prog=$(ls "$d"/host/optee_example_* 2>/dev/null | head -n 1)
		if [ "$ok" = 1 ] && [ -n "$prog" ]; then
			cp "$prog" "$out/bin/"
			examples="$examples $n"
			say "built example $n"
		else
			say "example $n does not build (see $log)"
			echo "example-build-failed $n" >>"$out/unbuilt"
		fi
	done
	# Arguments the examples that need them are run with.
	run_lines=$(
		cat <<'EOF'
args_acipher="1024 tzvisor"
args_sha="tzvisor"
EOF
	)
	run_body=$(
		cat <<EOF
for n in $examples; do
	eval "a=\\\${args_\$n:-}"
	if timeout $GROUP_TIMEOUT optee_example_\$n \$a >/tmp/ex-\$n.log 2>&1; then r=PASS; else r="FAIL (status \$?)"; fi
	echo "SUITE example \$n: \$r"
	[ "\$r" = PASS ] || tail -n 5 /tmp/ex-\$n.log | sed "s/^/SUITE-LOG \$n: /"
done
EOF
	)
else
	# xtest's host program (with GP sockets, regression_2000; pkcs11 is left out, as the dev
	# kit's conf.h says),
	# with OpenSSL (the login cases 1027/1028 derive the client UUID with it).
	# GP 1.1 sources (before 3.20) share TEE_ObjectInfo between host and TA as the 1.1 layout
	# (7 x uint32_t; 6017 reads it): in GP 1.1 mode the host sees the dev kit's 1.1 types too.
	host_cc=${CROSS}gcc
	[ "$compat" = y ] && host_cc="$host_cc -D__OPTEE_CORE_API_COMPAT_1_1=1 -include tee_api_compat.h"
	make -C "$w/host/xtest" CROSS_COMPILE="$CROSS" CC="$host_cc" --no-builtin-variables \
		O="$out/build" TA_DEV_KIT_DIR="$host_devkit" OPTEE_CLIENT_EXPORT="$out/teec" WITH_OPENSSL=y \
		CFG_GP_SOCKETS=y >>"$log" 2>&1 || die "xtest's host program does not build (see $log)"
	cp "$out/build/xtest/xtest" "$out/bin/"
	# optee_test's subkey chains (ta/*.bin, for the subkey TAs of case 1039) have their first
	# link signed with OP-TEE's development key (keys/default_ta.pem of optee_os), which plays
	# the part of the platform's root key there. Here the root key is the one the image
	# trusts, which signs every other TA of the suite: the first link is signed again with
	# it (tasign resign-subkey); the subkeys, their UUIDs, versions and depths, and every
	# link below stay as optee_test made them.
	for b in "$w"/ta/*.bin; do
		[ -f "$b" ] && "$devkit/scripts/tasign" subkey-uuid --in "$b" >/dev/null 2>&1 || continue
		"$devkit/scripts/tasign" resign-subkey --key "$devkit/keys/default_ta.pem" \
			--in "$b" --out "$b" || die "cannot re-sign the root link of $b"
		say "subkey chain $(basename "$b"): root link signed with the dev kit's key"
	done
	make -C "$w/host/supp_plugin" CROSS_COMPILE="$CROSS" --no-builtin-variables \
		O="$out/build" OPTEE_CLIENT_EXPORT="$out/teec" >>"$log" 2>&1 &&
		cp "$out"/build/supp_plugin/*.plugin "$out/plugins/"
	# The TAs through optee_test's own ta/Makefile; it stops at the first TA that does not
	# build, so then each of the rest is built alone.
	if make -C "$w/ta" "${ta_args[@]}" O="$out/build" >>"$log" 2>&1; then
		say "optee_test's ta/Makefile built every TA"
	else
		say "optee_test's ta/Makefile stopped; building its TAs one by one"
		# TA libraries (LIBNAME, SHLIBNAME) first: TAs link them
		for d in $(grep -lE '^(SH)?LIBNAME' "$w"/ta/*/Makefile | xargs -r -n1 dirname) \
			$(grep -LE '^(SH)?LIBNAME' "$w"/ta/*/Makefile | xargs -r -n1 dirname); do
			n=$(basename "$d")
			[ -n "$(ls "$out/build/ta/$n"/*.ta 2>/dev/null)" ] && continue
			make -C "$d" "${ta_args[@]}" O="$out/build/ta/$n" >>"$log" 2>&1 ||
				{ say "TA $n does not build"; echo "$n" >>"$out/unbuilt"; }
		done
	fi
	say "$(ls "$out"/build/ta/*/*.ta 2>/dev/null | wc -l) TAs built"
	# The VMs have no RTC and start in 1970; mbedTLS in a TA (Debian's, with
	# MBEDTLS_HAVE_TIME_DATE) checks certificate validity against the REE time (8101, 8102):
	# the guest clock is set to the time of the build, as an RTC or NTP would set it.
	run_lines="date -s @$(date +%s) >/dev/null"
	run_body=$(
		cat <<EOF
for g in $XTEST_GROUPS; do
	echo "SUITE-GROUP-BEGIN \$g"
	# benchmark_* case ids live in xtest's "benchmark" suite, the others in "regression"
	case \$g in benchmark*) suite=benchmark ;; *) suite=regression ;; esac
	timeout $GROUP_TIMEOUT xtest -t \$suite -l 15 \$g >/tmp/xtest-\$g.log 2>&1
	rc=\$?
	awk -v g="\$g" '
		# case ids: regression_4001, regression_4007_dsa, benchmark_2011
		/^\* (regression|benchmark)_[0-9]+(_[a-z0-9]+)? / { cur = \$2; order[++n] = cur; nl[cur] = 0; hdr = "" }
		/^\+-----/ { cur = "" } # the summary after the last case
		# OK cases that did nothing: they said they skip or ignore the test (8002: its TA
		# is not in OP-TEE any more), or stopped at a failed helper
		cur != "" && (/[Ss]kip/ || /Ignore test/ || /[a-z_]+\(\) failed/) { skip[cur] = 1 }
		# the title of a subcase is logged only before an error line of that subcase
		cur != "" && /^o (regression|benchmark)_/ { hdr = \$0; next }
		cur != "" && /[Ee]rror|[Ff]ail|[Ss]kip|not found|unexpected|0x[0-9a-f]{8}/ && nl[cur] < 16 {
			if (hdr != "") { log_[cur] = log_[cur] "\n" hdr; hdr = "" }
			log_[cur] = log_[cur] "\n" \$0; nl[cur]++
		}
		/^(regression|benchmark)_[0-9]+(_[a-z0-9]+)? OK\$/ { res[\$1] = "OK" }
		/^(regression|benchmark)_[0-9]+(_[a-z0-9]+)? FAILED/ { res[\$1] = "FAILED"; why[\$1] = \$0 }
		/^(regression|benchmark)_[0-9]+(_[a-z0-9]+)?\.[0-9.]+ FAILED/ { split(\$1, p, "."); sub_fail[p[1]] = sub_fail[p[1]] " " \$1 }
		END {
			for (i = 1; i <= n; i++) {
				c = order[i]; r = res[c]
				if (r == "") r = "NORESULT"
				else if (r == "OK" && skip[c]) r = "SKIPPED"
				print "SUITE-CASE", g, c, r, (r == "FAILED" ? why[c] sub_fail[c] : "")
				if (r != "OK" && log_[c] != "") {
					gsub(/\n/, "\nSUITE-LOG " c ": ", log_[c])
					print substr(log_[c], 2)
				}
			}
		}' /tmp/xtest-\$g.log
	echo "SUITE-GROUP-END \$g status \$rc"
done
EOF
	)
fi

# ---- the initramfs: the Linux guest's, plus the programs, TAs, plugins and /suite/run ----
ir=$out/initramfs
rm -rf "$ir"
cp -a "$top/build/linux/initramfs" "$ir"
install -m 0755 "$top/guests/linux/init" "$ir/init"
cp "$out"/bin/* "$ir/usr/bin/"
find "$out" -path "$out/initramfs" -prune -o -path "$out/src" -prune -o -name '*.ta' -print |
	while read -r t; do cp "$t" "$ir/lib/optee_armtz/"; done
mkdir -p "$ir/usr/lib/tee-supplicant/plugins"
cp "$out"/plugins/* "$ir/usr/lib/tee-supplicant/plugins/" 2>/dev/null
cp "$pkgroot/lib/aarch64-linux-gnu/libm.so.6" "$ir/lib/aarch64-linux-gnu/"
[ "$kind" = xtest ] && cp "$pkgroot"/usr/lib/aarch64-linux-gnu/libcrypto.so.3 "$ir/usr/lib/aarch64-linux-gnu/"
[ "$kind" = pkcs11 ] && cp -a "$pkgroot"/usr/lib/aarch64-linux-gnu/libckteec.so.0* \
	"$ir/usr/lib/aarch64-linux-gnu/"
mkdir -p "$ir/suite"
{
	echo '#!/bin/sh'
	echo "# Made by tools/optee-suite.sh: run by /init after tee-supplicant starts."
	echo "$run_lines"
	echo 'echo "SUITE-BEGIN"'
	echo "$run_body"
	echo 'echo "SUITE-END"'
} >"$ir/suite/run"
chmod 0755 "$ir/suite/run"
find "$ir" -exec touch -h -d @0 {} +
(cd "$ir" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc --owner=0:0 --reproducible --quiet) | gzip -9 -n >"$out/initramfs.cpio.gz"
say "initramfs $(stat -c %s "$out/initramfs.cpio.gz") bytes, $(ls "$ir/lib/optee_armtz" | wc -l) TAs"

# ---- qemu-2vm-linux with that initramfs, in its own build directory ----
fw=build/suite/$kind/fw
sed -E -e "s|^([[:space:]]*initrd[[:space:]]*=).*|\1 build/suite/$kind/initramfs.cpio.gz|" \
	${TEE_MEMORY:+-e "s|^([[:space:]]*tee_memory[[:space:]]*=).*|\1 $TEE_MEMORY|"} \
	"configs/$CFG/platform.cfg" >"$out/platform.cfg"
[ -z "${TEE_MEMORY:-}" ] || say "each VM's TEE instance gets $TEE_MEMORY of secure memory (TEE_MEMORY)"
mk=(CONFIG="$CFG" B="$fw" PLATFORM_CFG="$out/platform.cfg")
make -s "${mk[@]}" firmware >>"$log" 2>&1 || die "firmware build failed (see $log)"
read -r -a load <<<"$(make -s "${mk[@]}" linux-qemu-args)"
smp=$(sed -nE 's/^cpus[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' "configs/$CFG/platform.cfg")
ngroups=$(echo $XTEST_GROUPS | wc -w)
[ "$kind" = xtest ] || ngroups=1
SUITE_TIMEOUT=${SUITE_TIMEOUT:-$((ngroups * GROUP_TIMEOUT + 600))}
flash=$out/flash-run.img
cp "$fw/flash.img" "$flash" && chmod 600 "$flash"
raw=$out/console.raw
say "booting $CFG (both VMs run the suite; at most $SUITE_TIMEOUT s, console in $out/console.log)"
start=$SECONDS
timeout --kill-after=10 "$SUITE_TIMEOUT" "$QEMU" \
	-M virt,secure=on,virtualization=on,gic-version=3 -smp "${smp:-2}" -m 2048M -nographic \
	-semihosting-config enable=on,target=native \
	-drive "if=pflash,unit=0,format=raw,file=$flash" "${load[@]}" </dev/null >"$raw" 2>&1
status=$?
tr -d '\r' <"$raw" >"$out/console.log"
rm -f "$raw" "$flash"
say "QEMU exit status $status after $((SECONDS - start)) s"

# ---- results per VM ----
con=$out/console.log
rc=0
for vm in 1 2; do
	p="[vm$vm] "
	if ! grep -qF "${p}SUITE-END" "$con"; then
		echo "vm$vm: the suite did not finish (last line: $(grep -F "$p" "$con" | tail -n 1))"
		rc=1
	fi
	if [ "$kind" = pkcs11 ]; then
		grep -F "${p}SUITE pkcs11 " "$con" | sed "s/^\[vm$vm\] SUITE /vm$vm: /"
		grep -qF "${p}SUITE pkcs11 summary: PASS" "$con" || rc=1
	elif [ "$kind" = examples ]; then
		grep -F "${p}SUITE example " "$con" | sed "s/^\[vm$vm\] SUITE /vm$vm: /"
		grep -F "${p}SUITE-LOG " "$con" | sed "s/^\[vm$vm\] SUITE-LOG /vm$vm:   /"
		[ -f "$out/unbuilt" ] && sed "s/^example-build-failed \(.*\)/vm$vm: example \1: FAIL (does not build)/" "$out/unbuilt"
		grep -qF "${p}SUITE example " "$con" && ! grep -F "${p}SUITE example " "$con" | grep -q FAIL &&
			[ ! -f "$out/unbuilt" ] || rc=1
	else
		for g in $XTEST_GROUPS; do
			cases=$(grep -F "${p}SUITE-CASE $g " "$con")
			np=$(grep -c " OK *$" <<<"$cases")
			nf=$(grep -cE " (FAILED|NORESULT)" <<<"$cases")
			ns=$(grep -c " SKIPPED *$" <<<"$cases")
			[ -n "$cases" ] || { np=0; nf=0; ns=0; }
			echo "vm$vm: xtest $g: $np passed, $nf failed, $ns skipped"
			grep -E " (FAILED|NORESULT)" <<<"$cases" | awk -v vm="vm$vm" -v g="$g" \
				'{ $1 = ""; $2 = ""; $3 = ""; sub(/^ +/, ""); print vm ": xtest " g ": FAILED " $0 }'
			[ "$nf" = 0 ] && [ -n "$cases" ] || rc=1
		done
	fi
done
# TA deaths are expected in xtest (its fault tests); a TEE kernel's or the TEE-visor's are not.
for vm in 1 2; do
	echo "vm$vm: $(grep -cE "^tee$vm: TA [0-9a-f]+: .*instance ended" "$con") TA instances ended by the kernel (faults, panics)"
done
grep -E "TEE instance of VM [0-9]+ killed|^tee[0-9]+: PANIC" "$con" | head -n 20 |
	sed 's/^/secure side: /'
exit $rc
