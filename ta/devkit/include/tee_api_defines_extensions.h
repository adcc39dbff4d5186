/*
 * OP-TEE's extensions of the GP constants (the values of OP-TEE's
 * tee_api_defines_extensions.h): its own algorithms and attributes (HKDF,
 * Concat KDF, PBKDF2, DES3-CMAC, raw PKCS#1 v1.5 signatures, MD5 variants of
 * RSA, SM4-XTS), its storage ids and memory-access flags. Each is defined
 * only if nothing before defined it. tzvisor dev kit.
 */
#ifndef TEE_API_DEFINES_EXTENSIONS_H
#define TEE_API_DEFINES_EXTENSIONS_H

#ifndef TEE_ALG_CONCAT_KDF_SHA256_DERIVE_KEY
#define TEE_ALG_CONCAT_KDF_SHA256_DERIVE_KEY 0x800040C1
#endif
#ifndef TEE_ALG_DES3_CMAC
#define TEE_ALG_DES3_CMAC 0xF0000613
#endif
#ifndef TEE_ALG_HKDF_SHA1_DERIVE_KEY
#define TEE_ALG_HKDF_SHA1_DERIVE_KEY 0x800020C0
#endif
#ifndef TEE_ALG_HKDF_SHA256_DERIVE_KEY
#define TEE_ALG_HKDF_SHA256_DERIVE_KEY 0x800040C0
#endif
#ifndef TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY
#define TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY 0x800020C2
#endif
#ifndef TEE_ALG_RSAES_PKCS1_OAEP_MGF1_MD5
#define TEE_ALG_RSAES_PKCS1_OAEP_MGF1_MD5 0xF0110230
#endif
#ifndef TEE_ALG_RSASSA_PKCS1_PSS_MGF1_MD5
#define TEE_ALG_RSASSA_PKCS1_PSS_MGF1_MD5 0xF0111930
#endif
#ifndef TEE_ALG_RSASSA_PKCS1_V1_5
#define TEE_ALG_RSASSA_PKCS1_V1_5 0xF0000830
#endif
#ifndef TEE_ALG_SM4_XTS
#define TEE_ALG_SM4_XTS 0xF0000414
#endif
#ifndef TEE_ATTR_CONCAT_KDF_DKM_LENGTH
#define TEE_ATTR_CONCAT_KDF_DKM_LENGTH 0xF00003C1
#endif
#ifndef TEE_ATTR_CONCAT_KDF_OTHER_INFO
#define TEE_ATTR_CONCAT_KDF_OTHER_INFO 0xD00002C1
#endif
#ifndef TEE_ATTR_CONCAT_KDF_Z
#define TEE_ATTR_CONCAT_KDF_Z 0xC00001C1
#endif
#ifndef TEE_ATTR_HKDF_IKM
#define TEE_ATTR_HKDF_IKM 0xC00001C0
#endif
#ifndef TEE_ATTR_HKDF_OKM_LENGTH
#define TEE_ATTR_HKDF_OKM_LENGTH 0xF00004C0
#endif
#ifndef TEE_ATTR_PBKDF2_DKM_LENGTH
#define TEE_ATTR_PBKDF2_DKM_LENGTH 0xF00004C2
#endif
#ifndef TEE_ATTR_PBKDF2_ITERATION_COUNT
#define TEE_ATTR_PBKDF2_ITERATION_COUNT 0xF00003C2
#endif
#ifndef TEE_ATTR_PBKDF2_PASSWORD
#define TEE_ATTR_PBKDF2_PASSWORD 0xC00001C2
#endif
#ifndef TEE_ATTR_PBKDF2_SALT
#define TEE_ATTR_PBKDF2_SALT 0xD00002C2
#endif
#ifndef TEE_TYPE_CONCAT_KDF_Z
#define TEE_TYPE_CONCAT_KDF_Z 0xA10000C1
#endif
#ifndef TEE_TYPE_HKDF_IKM
#define TEE_TYPE_HKDF_IKM 0xA10000C0
#endif
#ifndef TEE_TYPE_PBKDF2_PASSWORD
#define TEE_TYPE_PBKDF2_PASSWORD 0xA10000C2
#endif

/* Storage ids (tee_api_defines.h has them too) */
#ifndef TEE_STORAGE_PRIVATE_REE
#define TEE_STORAGE_PRIVATE_REE 0x80000000
#endif
#ifndef TEE_STORAGE_PRIVATE_RPMB
#define TEE_STORAGE_PRIVATE_RPMB 0x80000100
#endif

/* TEE_CheckMemoryAccessRights: memory the REE can (NONSECURE) or cannot (SECURE) reach */
#define TEE_MEMORY_ACCESS_NONSECURE 0x10000000
#define TEE_MEMORY_ACCESS_SECURE 0x20000000

/* OP-TEE's: results of its kernel drivers' probing (never returned to a TA here) */
#define TEE_ERROR_DEFER_DRIVER_INIT 0x80000000
#define TEE_ERROR_NODE_DISABLED     0x80000001

/* OP-TEE's: storage id reserved for its SQL file system (not offered here) */
#define TEE_STORAGE_PRIVATE_SQL_RESERVED 0x80000200

/* OP-TEE's: client login of a session opened by the REE kernel */
#define TEE_LOGIN_REE_KERNEL 0x80000000


#endif /* TEE_API_DEFINES_EXTENSIONS_H */
