#!/bin/bash
# Host unit tests (cmocka): builds each tests/unit/test_*.c with the pure-logic
# TEE kernel sources into build/unit/ and runs it. Exits non-zero on failure.
set -u
cd "$(dirname "$0")/../.."
OUT=build/unit
mkdir -p "$OUT"
CC=${HOSTCC:-gcc}
CFLAGS="-std=c11 -Wall -Wextra -Werror -g -O1 -Iinclude -Itee -Itests/unit"
# TEE kernel logic that builds on the host (tee/platform.c, secure_calls.c, mmu.c and entry.S do not)
TEE_SRCS="tee/nwmem.c tee/shm.c tee/session.c tee/ta.c tee/pta_hello.c tee/pta_echo.c tee/thread.c
	tee/msg.c tee/smc.c tests/unit/host_stubs.c"
# The configuration compiler (tools/configc) without its main(), for test_configc*.c
CONFIGC_SRCS="tools/configc/parse.c tools/configc/check.c tools/configc/gen.c lib/pgtable.c"
# The TA signer without its main(), for test_tasign*.c (OpenSSL)
TASIGN_SRCS="tools/tasign/tasign.c tools/tasign/subkey.c"
# libutee (ta/lib) without its syscalls, libc shim and entry, for test_utee*.c (host mbedTLS)
UTEE_SRCS="ta/lib/heap.c ta/lib/dispatch.c ta/lib/tee_api.c ta/lib/props.c ta/lib/printf.c
	ta/lib/crypto_obj.c ta/lib/crypto_op.c ta/lib/storage.c ta/lib/bigint.c ta/lib/crypto_gp11.c tests/unit/ta_host_stubs.c
	tee/crypto_obj.c tee/crypto_op.c tee/crypto_hash.c tee/crypto_dsa.c tee/crypto_sym.c tee/crypto_asym.c tee/crypto_sys.c
	tee/crypto_eddsa.c tee/crypto_sm2.c tee/crypto_sm2_kep.c
	tests/unit/ta_host_crypto.c tests/unit/utee_checks.c"

# SM3, SM4 and Ed25519 (tee/crypto_hash.c, crypto_sym.c, crypto_eddsa.c) are internal objects of
# OpenSSL (sm3, sm4, curve25519): in libcrypto.a, not the .so
SM3_LIB="-Wl,-Bstatic -lcrypto -Wl,-Bdynamic"
pass=0
fail=0
for t in tests/unit/test_*.c; do
	name=$(basename "$t" .c)
	srcs=$TEE_SRCS
	libs=
	case $name in
	test_configc*) srcs=$CONFIGC_SRCS ;;
	test_tasign* | test_ta_images*) srcs=$TASIGN_SRCS libs=-lcrypto ;;
	test_utee_api*)
		srcs="$UTEE_SRCS ta/lib/compat.c ta/lib/compat_objinfo.c ta/lib/tee_api_ext.c"
		srcs="$srcs -Ita/devkit/include" libs="-lmbedcrypto -ltomcrypt $SM3_LIB" ;;
	test_utee_dl*) # the loader of shared TA libraries on synthetic libraries (no PIE: mk/ta.ld's symbols are absolute)
		srcs="$UTEE_SRCS ta/lib/dl.c ta/lib/dl_load.c ta/lib/tee_api_ext.c -Ita/devkit/include -no-pie"
		libs="-lmbedcrypto -ltomcrypt $SM3_LIB" ;;
	test_utee_sm*) # what SM2 leaves behind: the SM3 states it wiped, the blocks it freed
		srcs="$UTEE_SRCS tests/unit/wipe_watch.c -Ita/devkit/include -Wl,--wrap=ossl_sm3_final,--wrap=mbedtls_platform_zeroize,--wrap=free"
		libs="-lmbedcrypto -ltomcrypt $SM3_LIB" ;;
	test_utee*) srcs="$UTEE_SRCS -Ita/devkit/include" libs="-lmbedcrypto -ltomcrypt $SM3_LIB" ;;
	test_attest*) srcs="tools/attest/verify.c tools/attest/key.c monitor/cbor.c" libs="-lcbor -lcrypto" ;;
	test_libutils_ext*) srcs="ta/lib/libc_ext.c ta/lib/printf.c -Ita/devkit/include" ;;
	test_pages*) srcs=tee/pages.c ;;
	test_devkit_host*) # xtest's host warning flags (optee_test's host/xtest/Makefile)
		srcs="-Ita/devkit/include -Wcast-align -Wfloat-equal -Wformat-nonliteral -Wformat=2
			-Winit-self -Wmissing-declarations -Wmissing-prototypes -Wnested-externs
			-Wpointer-arith -Wshadow -Wstrict-prototypes -Wswitch-default -Wwrite-strings" ;;
	test_counter_store*) srcs=monitor/counter_store.c ;;
	test_storage*) srcs="tee/storage.c tee/storage_enum.c tee/storage_fs.c tee/storage_file.c tee/storage_rollback.c tee/rpc_shm.c tee/nwmem.c tee/pages.c" libs=-lmbedcrypto ;;
	test_optee_attest*) # OP-TEE's attestation PTA with the TA anti-rollback check
		srcs="-include tests/fuzz/host_sysreg.h tee/pta_optee_attest.c tee/ta_version.c tee/pages.c
			tests/unit/fake_counters.c tests/unit/pta_host.c"
		libs=-lmbedcrypto ;;
	test_secstor_ta_mgmt*) # OP-TEE's secure-storage TA management PTA, the same check
		srcs="tee/pta_secstor_ta_mgmt.c tee/ta_version.c tee/pages.c tests/unit/fake_counters.c
			tests/unit/pta_host.c"
		libs=-lmbedcrypto ;;
	test_uta_socket*) # the SOCKET syscall against a scripted tee-supplicant
		srcs="tee/uta_socket.c tee/rpc_shm.c tee/nwmem.c tests/unit/socket_world.c" ;;
	test_ta_check*) srcs="tee/ta_check.c tee/ta_subkey.c tee/pages.c tee/uta_ptr.c tests/unit/ta_check_host.c" libs=-lcrypto ;;
	esac
	if ! $CC $CFLAGS -o "$OUT/$name" "$t" $srcs -lcmocka $libs 2>"$OUT/$name.build.log"; then
		cat "$OUT/$name.build.log"
		echo "FAIL $name (build)"
		fail=$((fail + 1))
		continue
	fi
	if "$OUT/$name"; then
		echo "PASS $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name"
		fail=$((fail + 1))
	fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
