#!/bin/bash
# Rewrites the committed seed corpora (tests/fuzz/corpus/) from tests/fuzz/seeds.c and the
# configurations in configs/ (docs/fuzzing.md).
set -eu
cd "$(dirname "$0")/../.."
mkdir -p build/fuzz
for h in msg pagelist ta_check storage configc attest optee_attest socket; do
	rm -rf "tests/fuzz/corpus/$h"
	mkdir -p "tests/fuzz/corpus/$h"
done
${HOSTCC:-gcc} -std=c11 -Wall -Wextra -Werror -O1 -Iinclude -Wno-deprecated-declarations -o build/fuzz/seeds tests/fuzz/seeds.c \
	monitor/cbor.c tools/attest/key.c -lcrypto
build/fuzz/seeds
for c in configs/*/platform.cfg; do
	cp "$c" "tests/fuzz/corpus/configc/$(basename "$(dirname "$c")").cfg"
done
ls tests/fuzz/corpus/*
