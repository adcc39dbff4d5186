# The dev kit's configuration, read by ta_dev_kit.mk and by TA Makefiles that include it
# first (optee_test's ta/Makefile): the names OP-TEE's export-ta_arm64/mk/conf.mk uses.
sm := ta_arm64
sm-ta_arm64 := y
COMPILER ?= gcc
CROSS_COMPILE64 ?= $(or $(CROSS_COMPILE),aarch64-linux-gnu-)
CROSS_COMPILE_ta_arm64 ?= $(CROSS_COMPILE64)
# TAs may use floating point and SIMD (the kernel saves them per TA).
CFG_TA_FLOAT_SUPPORT := y
# TAs get pointer authentication keys of their own (tee/pauth.c): code is built with
# -mbranch-protection=pac-ret, and the kernel answers the property
# org.trustedfirmware.optee.cpu.feat_pauth_implemented from the CPU's ID registers.
CFG_TA_PAUTH := y
# OP-TEE's system PTA (tee/pta_system.c: RNG entropy, TA-unique keys)
# GP sockets through tee-supplicant (tee/uta_socket.c)
CFG_GP_SOCKETS := y
CFG_SYSTEM_PTA := y
# OP-TEE's attestation PTA (tee/pta_optee_attest.c)
CFG_ATTESTATION_PTA := y
# mbedTLS for TAs (lib/libmbedtls.a: Debian's mbedTLS 2.28, built with its self tests)
CFG_TA_MBEDTLS := y
CFG_TA_MBEDTLS_SELF_TEST := y
CFG_TEE_TA_LOG_LEVEL ?= 2
# C++ TAs: the dev kit compiles .cpp sources with $(CROSS_COMPILE64)g++ (Debian's
# g++-aarch64-linux-gnu) and links them with libstdc++ and libgcc_eh, as OP-TEE's does.
# optee_test's os_test then builds its C++ tests, as OP-TEE's build with GCC makes it.
WITH_CXX_TESTS ?= $(if $(shell command -v $(CROSS_COMPILE64)g++),y,n)
