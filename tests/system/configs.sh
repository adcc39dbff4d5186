#!/usr/bin/env bash
# System test of the configuration compiler (tools/configc): every shipped
# configs/*/platform.cfg passes `configc check`, generates, and its device trees
# compile with dtc without a warning; a broken configuration is refused with
# FILE:LINE and a non-zero exit status from the command line.
source "$(dirname "$0")/lib.sh"

CONFIGC=$TOP/build/tools/configc
if ! make -C "$TOP" -s build/tools/configc >/dev/null 2>&1 || [ ! -x "$CONFIGC" ]; then
	check_fail configc_built "make build/tools/configc failed"
	finish
	exit
fi
images=$(make -C "$TOP" -s guest-image-names)
out=$TOP/build/logs/configc
rm -rf "$out"
mkdir -p "$out"

cd "$TOP" || exit 1
for cfg in configs/*/platform.cfg; do
	name=$(basename "$(dirname "$cfg")")
	if msg=$("$CONFIGC" --images "$images" check "$cfg" 2>&1) && [ -z "$msg" ]; then
		check_pass "configc_check_$name"
	else
		check_fail "configc_check_$name" "$msg"
	fi
	if ! msg=$("$CONFIGC" --images "$images" gen "$cfg" "$out/$name" 2>&1); then
		check_fail "configc_gen_$name" "$msg"
		continue
	fi
	bad=
	for dts in "$out/$name"/*.dts; do
		msg=$(dtc -I dts -O dtb -o "${dts%.dts}.dtb" "$dts" 2>&1) && [ -z "$msg" ] || bad="$bad $msg"
	done
	if [ -z "$bad" ] && [ -s "$out/$name/config.c" ] && [ -s "$out/$name/config.mk" ]; then
		check_pass "configc_gen_$name"
	else
		check_fail "configc_gen_$name" "dtc:${bad:- no output}"
	fi
done

# From the command line: a core given twice is refused with FILE:LINE and exit status 1.
sed 's/^cores      = 1$/cores      = 0/' configs/qemu-2vm/platform.cfg >"$out/bad.cfg"
first=$(grep -n '^cores      = 0$' "$out/bad.cfg" | sed -n 1p | cut -d: -f1)
line=$(grep -n '^cores      = 0$' "$out/bad.cfg" | sed -n 2p | cut -d: -f1)
msg=$("$CONFIGC" --images "$images" check "$out/bad.cfg" 2>&1)
rc=$?
if [ "$rc" = 1 ] && [ "$msg" = "$out/bad.cfg:$line: core 0 given twice (VM 1 has it, line $first)" ]; then
	check_pass configc_refuses_core_twice
else
	check_fail configc_refuses_core_twice "exit $rc: $msg"
fi

finish
