/*
 * host_include/conf.h of the tzvisor dev kit: the CFG_* macros a normal-world
 * build (optee_test's xtest) includes with -include conf.h. Only what tzvisor
 * has is defined: trusted storage goes through tee-supplicant's REE file
 * system, OP-TEE's system and attestation PTAs exist (tee/pta_system.c,
 * tee/pta_optee_attest.c), GP sockets go through tee-supplicant
 * (tee/uta_socket.c); there is no secure data path, pkcs11 TA, TA management
 * PTA or TPM event log.
 */
#ifndef TZV_DEVKIT_CONF_H
#define TZV_DEVKIT_CONF_H

#define CFG_GP_SOCKETS 1
#define CFG_REE_FS 1
#define CFG_SYSTEM_PTA 1
#define CFG_ATTESTATION_PTA 1
#define CFG_TA_FLOAT_SUPPORT 1
/* TAs can link mbedTLS (the dev kit's lib/libmbedtls.a, with its self tests) */
#define CFG_TA_MBEDTLS 1
#define CFG_TA_MBEDTLS_SELF_TEST 1

#endif
