# host_include/conf.mk of the tzvisor dev kit: the configuration a normal-world build
# (optee_test's host/xtest/Makefile) reads, as OP-TEE exports it. What is not set here
# is absent: no secure data path, no pkcs11 TA, no TA management PTA.
CFG_GP_SOCKETS := y
CFG_REE_FS := y
CFG_SYSTEM_PTA := y
CFG_TA_FLOAT_SUPPORT := y
CFG_TA_MBEDTLS := y
CFG_TA_MBEDTLS_SELF_TEST := y
