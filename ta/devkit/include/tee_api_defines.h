/*
 * GlobalPlatform TEE Internal Core API constants (specification v1.3.1
 * numbering, the values OP-TEE's TAs are built with). tzvisor dev kit.
 */
#ifndef TEE_API_DEFINES_H
#define TEE_API_DEFINES_H

#define TEE_CORE_API_MAJOR_VERSION 1U
#define TEE_CORE_API_MINOR_VERSION 3U
#define TEE_CORE_API_MAINTENANCE_VERSION 1U
#define TEE_CORE_API_VERSION                                                                  \
	((TEE_CORE_API_MAJOR_VERSION << 24) | (TEE_CORE_API_MINOR_VERSION << 16) |            \
	 (TEE_CORE_API_MAINTENANCE_VERSION << 8))
#define TEE_CORE_API_1_3_1

#define TEE_HANDLE_NULL 0
#define TEE_TIMEOUT_INFINITE 0xFFFFFFFF

/* Return codes */
#define TEE_SUCCESS                       0x00000000
#define TEE_ERROR_CORRUPT_OBJECT          0xF0100001
#define TEE_ERROR_CORRUPT_OBJECT_2        0xF0100002
#define TEE_ERROR_STORAGE_NOT_AVAILABLE   0xF0100003
#define TEE_ERROR_STORAGE_NOT_AVAILABLE_2 0xF0100004
#define TEE_ERROR_UNSUPPORTED_VERSION     0xF0100005
#define TEE_ERROR_CIPHERTEXT_INVALID      0xF0100006
#define TEE_ERROR_GENERIC                 0xFFFF0000
#define TEE_ERROR_ACCESS_DENIED           0xFFFF0001
#define TEE_ERROR_CANCEL                  0xFFFF0002
#define TEE_ERROR_ACCESS_CONFLICT         0xFFFF0003
#define TEE_ERROR_EXCESS_DATA             0xFFFF0004
#define TEE_ERROR_BAD_FORMAT              0xFFFF0005
#define TEE_ERROR_BAD_PARAMETERS          0xFFFF0006
#define TEE_ERROR_BAD_STATE               0xFFFF0007
#define TEE_ERROR_ITEM_NOT_FOUND          0xFFFF0008
#define TEE_ERROR_NOT_IMPLEMENTED         0xFFFF0009
#define TEE_ERROR_NOT_SUPPORTED           0xFFFF000A
#define TEE_ERROR_NO_DATA                 0xFFFF000B
#define TEE_ERROR_OUT_OF_MEMORY           0xFFFF000C
#define TEE_ERROR_BUSY                    0xFFFF000D
#define TEE_ERROR_COMMUNICATION           0xFFFF000E
#define TEE_ERROR_SECURITY                0xFFFF000F
#define TEE_ERROR_SHORT_BUFFER            0xFFFF0010
#define TEE_ERROR_EXTERNAL_CANCEL         0xFFFF0011
#define TEE_ERROR_TIMEOUT                 0xFFFF3001
#define TEE_ERROR_OVERFLOW                0xFFFF300F
#define TEE_ERROR_TARGET_DEAD             0xFFFF3024
#define TEE_ERROR_STORAGE_NO_SPACE        0xFFFF3041
#define TEE_ERROR_MAC_INVALID             0xFFFF3071
#define TEE_ERROR_SIGNATURE_INVALID       0xFFFF3072
#define TEE_ERROR_TIME_NOT_SET            0xFFFF5000
#define TEE_ERROR_TIME_NEEDS_RESET        0xFFFF5001

/* Parameter types */
#define TEE_PARAM_TYPE_NONE          0
#define TEE_PARAM_TYPE_VALUE_INPUT   1
#define TEE_PARAM_TYPE_VALUE_OUTPUT  2
#define TEE_PARAM_TYPE_VALUE_INOUT   3
#define TEE_PARAM_TYPE_MEMREF_INPUT  5
#define TEE_PARAM_TYPE_MEMREF_OUTPUT 6
#define TEE_PARAM_TYPE_MEMREF_INOUT  7

/* Login types */
#define TEE_LOGIN_PUBLIC            0x00000000
#define TEE_LOGIN_USER              0x00000001
#define TEE_LOGIN_GROUP             0x00000002
#define TEE_LOGIN_APPLICATION       0x00000004
#define TEE_LOGIN_APPLICATION_USER  0x00000005
#define TEE_LOGIN_APPLICATION_GROUP 0x00000006
#define TEE_LOGIN_TRUSTED_APP       0xF0000000

/* Origins */
#define TEE_ORIGIN_API          0x00000001
#define TEE_ORIGIN_COMMS        0x00000002
#define TEE_ORIGIN_TEE          0x00000003
#define TEE_ORIGIN_TRUSTED_APP  0x00000004

/* Property set pseudo-handles */
#define TEE_PROPSET_TEE_IMPLEMENTATION ((TEE_PropSetHandle)0xFFFFFFFD)
#define TEE_PROPSET_CURRENT_CLIENT     ((TEE_PropSetHandle)0xFFFFFFFE)
#define TEE_PROPSET_CURRENT_TA         ((TEE_PropSetHandle)0xFFFFFFFF)

/* Memory access rights */
#define TEE_MEMORY_ACCESS_READ      0x00000001
#define TEE_MEMORY_ACCESS_WRITE     0x00000002
#define TEE_MEMORY_ACCESS_ANY_OWNER 0x00000004

/* TEE_Malloc hints */
#define TEE_MALLOC_FILL_ZERO 0x00000000
#define TEE_MALLOC_NO_FILL   0x00000001
#define TEE_MALLOC_NO_SHARE  0x00000002

/* Data stream seek origins */
#define TEE_DATA_SEEK_SET        0x00000000
#define TEE_DATA_SEEK_CUR        0x00000001
#define TEE_DATA_SEEK_END        0x00000002
#define TEE_WHENCE_ILLEGAL_VALUE 0x7FFFFFFF

/* Operation modes */
#define TEE_MODE_ENCRYPT       0x00000000
#define TEE_MODE_DECRYPT       0x00000001
#define TEE_MODE_SIGN          0x00000002
#define TEE_MODE_VERIFY        0x00000003
#define TEE_MODE_MAC           0x00000004
#define TEE_MODE_DIGEST        0x00000005
#define TEE_MODE_DERIVE        0x00000006
#define TEE_MODE_ILLEGAL_VALUE 0x7FFFFFFF

/* Storage and object handles */
#define TEE_STORAGE_PRIVATE             0x00000001
#define TEE_DATA_FLAG_ACCESS_READ       0x00000001
#define TEE_DATA_FLAG_ACCESS_WRITE      0x00000002
#define TEE_DATA_FLAG_ACCESS_WRITE_META 0x00000004
#define TEE_DATA_FLAG_SHARE_READ        0x00000010
#define TEE_DATA_FLAG_SHARE_WRITE       0x00000020
#define TEE_DATA_FLAG_OVERWRITE         0x00000400
#define TEE_DATA_FLAG_EXCLUSIVE         TEE_DATA_FLAG_OVERWRITE /* GP 1.0 name */
#define TEE_STORAGE_PRIVATE_REE         0x80000000 /* OP-TEE's: the REE file system */
#define TEE_STORAGE_PRIVATE_RPMB        0x80000100 /* OP-TEE's: not offered here */
#define TEE_DATA_MAX_POSITION           0xFFFFFFFF
#define TEE_OBJECT_ID_MAX_LEN           64
#define TEE_USAGE_EXTRACTABLE           0x00000001
#define TEE_USAGE_ENCRYPT               0x00000002
#define TEE_USAGE_DECRYPT               0x00000004
#define TEE_USAGE_MAC                   0x00000008
#define TEE_USAGE_SIGN                  0x00000010
#define TEE_USAGE_VERIFY                0x00000020
#define TEE_USAGE_DERIVE                0x00000040
#define TEE_HANDLE_FLAG_PERSISTENT      0x00010000
#define TEE_HANDLE_FLAG_INITIALIZED     0x00020000
#define TEE_HANDLE_FLAG_KEY_SET         0x00040000
#define TEE_HANDLE_FLAG_EXPECT_TWO_KEYS 0x00080000
#define TEE_HANDLE_FLAG_EXTRACTING      0x00100000

/* Operation classes and states */
#define TEE_OPERATION_CIPHER               1
#define TEE_OPERATION_MAC                  3
#define TEE_OPERATION_AE                   4
#define TEE_OPERATION_DIGEST               5
#define TEE_OPERATION_ASYMMETRIC_CIPHER    6
#define TEE_OPERATION_ASYMMETRIC_SIGNATURE 7
#define TEE_OPERATION_KEY_DERIVATION       8
#define TEE_OPERATION_STATE_INITIAL        0x00000000
#define TEE_OPERATION_STATE_ACTIVE         0x00000001
#define TEE_OPERATION_STATE_EXTRACTING     0x00000002

/* Algorithms (those tzvisor implements are marked in ta/README.md) */
#define TEE_ALG_AES_ECB_NOPAD                0x10000010
#define TEE_ALG_AES_CBC_NOPAD                0x10000110
#define TEE_ALG_AES_CTR                      0x10000210
#define TEE_ALG_AES_CTS                      0x10000310
#define TEE_ALG_AES_XTS                      0x10000410
#define TEE_ALG_AES_CBC_MAC_NOPAD            0x30000110
#define TEE_ALG_AES_CBC_MAC_PKCS5            0x30000510
#define TEE_ALG_AES_CMAC                     0x30000610
#define TEE_ALG_AES_CCM                      0x40000710
#define TEE_ALG_AES_GCM                      0x40000810
#define TEE_ALG_DES_ECB_NOPAD                0x10000011
#define TEE_ALG_DES_CBC_NOPAD                0x10000111
#define TEE_ALG_DES3_ECB_NOPAD               0x10000013
#define TEE_ALG_DES3_CBC_NOPAD               0x10000113
#define TEE_ALG_RSASSA_PKCS1_V1_5_MD5        0x70001830
#define TEE_ALG_RSASSA_PKCS1_V1_5_SHA1       0x70002830
#define TEE_ALG_RSASSA_PKCS1_V1_5_SHA224     0x70003830
#define TEE_ALG_RSASSA_PKCS1_V1_5_SHA256     0x70004830
#define TEE_ALG_RSASSA_PKCS1_V1_5_SHA384     0x70005830
#define TEE_ALG_RSASSA_PKCS1_V1_5_SHA512     0x70006830
#define TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA1   0x70212930
#define TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA224 0x70313930
#define TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256 0x70414930
#define TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA384 0x70515930
#define TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA512 0x70616930
#define TEE_ALG_RSAES_PKCS1_V1_5             0x60000130
#define TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA1   0x60210230
#define TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA224 0x60310230
#define TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA256 0x60410230
#define TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA384 0x60510230
#define TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA512 0x60610230
#define TEE_ALG_RSA_NOPAD                    0x60000030
#define TEE_ALG_DSA_SHA1                     0x70002131
#define TEE_ALG_DSA_SHA224                   0x70003131
#define TEE_ALG_DSA_SHA256                   0x70004131
#define TEE_ALG_DH_DERIVE_SHARED_SECRET      0x80000032
#define TEE_ALG_MD5                          0x50000001
#define TEE_ALG_SHA1                         0x50000002
#define TEE_ALG_SHA224                       0x50000003
#define TEE_ALG_SHA256                       0x50000004
#define TEE_ALG_SHA384                       0x50000005
#define TEE_ALG_SHA512                       0x50000006
#define TEE_ALG_SHA3_224                     0x50000008
#define TEE_ALG_SHA3_256                     0x50000009
#define TEE_ALG_SHA3_384                     0x5000000A
#define TEE_ALG_SHA3_512                     0x5000000B
#define TEE_ALG_SHAKE128                     0x50000101
#define TEE_ALG_SHAKE256                     0x50000102
#define TEE_ALG_MD5SHA1                      0x5000000F
#define TEE_ALG_HMAC_MD5                     0x30000001
#define TEE_ALG_HMAC_SHA1                    0x30000002
#define TEE_ALG_HMAC_SHA224                  0x30000003
#define TEE_ALG_HMAC_SHA256                  0x30000004
#define TEE_ALG_HMAC_SHA384                  0x30000005
#define TEE_ALG_HMAC_SHA512                  0x30000006
#define TEE_ALG_HMAC_SHA3_224                0x30000008
#define TEE_ALG_HMAC_SHA3_256                0x30000009
#define TEE_ALG_HMAC_SHA3_384                0x3000000A
#define TEE_ALG_HMAC_SHA3_512                0x3000000B
#define TEE_ALG_ECDSA_SHA1                   0x70001042
#define TEE_ALG_ECDSA_SHA224                 0x70002042
#define TEE_ALG_ECDSA_SHA256                 0x70003042
#define TEE_ALG_ECDSA_SHA384                 0x70004042
#define TEE_ALG_ECDSA_SHA512                 0x70005042
#define TEE_ALG_ECDH_DERIVE_SHARED_SECRET    0x80000042
/* Deprecated curve-named aliases (GP 1.1), kept for older TAs. */
#define TEE_ALG_ECDSA_P192 TEE_ALG_ECDSA_SHA1
#define TEE_ALG_ECDSA_P224 TEE_ALG_ECDSA_SHA224
#define TEE_ALG_ECDSA_P256 TEE_ALG_ECDSA_SHA256
#define TEE_ALG_ECDSA_P384 TEE_ALG_ECDSA_SHA384
#define TEE_ALG_ECDSA_P521 TEE_ALG_ECDSA_SHA512
#define TEE_ALG_ILLEGAL_VALUE                0xEFFFFFFF

/* Object types */
#define TEE_TYPE_AES                0xA0000010
#define TEE_TYPE_DES                0xA0000011
#define TEE_TYPE_DES3               0xA0000013
#define TEE_TYPE_HMAC_MD5           0xA0000001
#define TEE_TYPE_HMAC_SHA1          0xA0000002
#define TEE_TYPE_HMAC_SHA224        0xA0000003
#define TEE_TYPE_HMAC_SHA256        0xA0000004
#define TEE_TYPE_HMAC_SHA384        0xA0000005
#define TEE_TYPE_HMAC_SHA512        0xA0000006
#define TEE_TYPE_HMAC_SHA3_224      0xA0000008
#define TEE_TYPE_HMAC_SHA3_256      0xA0000009
#define TEE_TYPE_HMAC_SHA3_384      0xA000000A
#define TEE_TYPE_HMAC_SHA3_512      0xA000000B
#define TEE_TYPE_RSA_PUBLIC_KEY     0xA0000030
#define TEE_TYPE_RSA_KEYPAIR        0xA1000030
#define TEE_TYPE_DSA_PUBLIC_KEY     0xA0000031
#define TEE_TYPE_DSA_KEYPAIR        0xA1000031
#define TEE_TYPE_DH_KEYPAIR         0xA1000032
#define TEE_TYPE_ECDSA_PUBLIC_KEY   0xA0000041
#define TEE_TYPE_ECDSA_KEYPAIR      0xA1000041
#define TEE_TYPE_ECDH_PUBLIC_KEY    0xA0000042
#define TEE_TYPE_ECDH_KEYPAIR       0xA1000042
#define TEE_TYPE_GENERIC_SECRET     0xA0000000
#define TEE_TYPE_CORRUPTED_OBJECT   0xA00000BE
#define TEE_TYPE_DATA               0xA00000BF
#define TEE_TYPE_ILLEGAL_VALUE      0xEFFFFFFF

/* Attribute identifiers */
#define TEE_ATTR_SECRET_VALUE         0xC0000000
#define TEE_ATTR_RSA_MODULUS          0xD0000130
#define TEE_ATTR_RSA_PUBLIC_EXPONENT  0xD0000230
#define TEE_ATTR_RSA_PRIVATE_EXPONENT 0xC0000330
#define TEE_ATTR_RSA_PRIME1           0xC0000430
#define TEE_ATTR_RSA_PRIME2           0xC0000530
#define TEE_ATTR_RSA_EXPONENT1        0xC0000630
#define TEE_ATTR_RSA_EXPONENT2        0xC0000730
#define TEE_ATTR_RSA_COEFFICIENT      0xC0000830
#define TEE_ATTR_RSA_OAEP_LABEL       0xD0000930
#define TEE_ATTR_RSA_OAEP_MGF_HASH    0xD0000931
#define TEE_ATTR_RSA_PSS_SALT_LENGTH  0xF0000A30
#define TEE_ATTR_ECC_PUBLIC_VALUE_X   0xD0000141
#define TEE_ATTR_ECC_PUBLIC_VALUE_Y   0xD0000241
#define TEE_ATTR_ECC_PRIVATE_VALUE    0xC0000341
#define TEE_ATTR_ECC_CURVE            0xF0000441
#define TEE_ATTR_FLAG_PUBLIC (1 << 28)
#define TEE_ATTR_FLAG_VALUE  (1 << 29)
#define TEE_ATTR_BIT_PROTECTED TEE_ATTR_FLAG_PUBLIC
#define TEE_ATTR_BIT_VALUE     TEE_ATTR_FLAG_VALUE

/* ECC curves */
#define TEE_CRYPTO_ELEMENT_NONE 0x00000000
#define TEE_ECC_CURVE_NIST_P192 0x00000001
#define TEE_ECC_CURVE_NIST_P224 0x00000002
#define TEE_ECC_CURVE_NIST_P256 0x00000003
#define TEE_ECC_CURVE_NIST_P384 0x00000004
#define TEE_ECC_CURVE_NIST_P521 0x00000005

/* ---- Cryptography beyond the first set: values of OP-TEE 4.1.0's headers ---- */
#define TEE_ALG_DES_CBC_MAC_NOPAD           0x30000111
#define TEE_ALG_DES_CBC_MAC_PKCS5           0x30000511
#define TEE_ALG_DES3_CBC_MAC_NOPAD          0x30000113
#define TEE_ALG_DES3_CBC_MAC_PKCS5          0x30000513
#define TEE_ALG_ED25519                     0x70006043
#define TEE_ALG_X25519                      0x80000044
#define TEE_ALG_HKDF                        0x80000047
#define TEE_TYPE_ED25519_PUBLIC_KEY         0xA0000043
#define TEE_TYPE_ED25519_KEYPAIR            0xA1000043
#define TEE_TYPE_X25519_PUBLIC_KEY          0xA0000044
#define TEE_TYPE_X25519_KEYPAIR             0xA1000044
#define TEE_TYPE_HKDF                       0xA000004A
#define TEE_ATTR_HKDF_SALT                  0xD0000946
#define TEE_ATTR_HKDF_INFO                  0xD0000A46
#define TEE_ATTR_HKDF_HASH_ALGORITHM        0xF0000B46
#define TEE_ATTR_DSA_PRIME                  0xD0001031
#define TEE_ATTR_DSA_SUBPRIME               0xD0001131
#define TEE_ATTR_DSA_BASE                   0xD0001231
#define TEE_ATTR_DSA_PUBLIC_VALUE           0xD0000131
#define TEE_ATTR_DSA_PRIVATE_VALUE          0xC0000231
#define TEE_ATTR_DH_PRIME                   0xD0001032
#define TEE_ATTR_DH_SUBPRIME                0xD0001132
#define TEE_ATTR_DH_BASE                    0xD0001232
#define TEE_ATTR_DH_X_BITS                  0xF0001332
#define TEE_ATTR_DH_PUBLIC_VALUE            0xD0000132
#define TEE_ATTR_DH_PRIVATE_VALUE           0xC0000232
#define TEE_ATTR_ED25519_PUBLIC_VALUE       0xD0000743
#define TEE_ATTR_ED25519_PRIVATE_VALUE      0xC0000843
#define TEE_ATTR_X25519_PUBLIC_VALUE        0xD0000944
#define TEE_ATTR_X25519_PRIVATE_VALUE       0xC0000A44
#define TEE_ECC_CURVE_25519                 0x00000300
/* OP-TEE's key derivation extensions (tee_api_defines_extensions.h) */
#define TEE_ALG_HKDF_MD5_DERIVE_KEY         0x800010C0
#define TEE_ALG_HKDF_SHA1_DERIVE_KEY        0x800020C0
#define TEE_ALG_HKDF_SHA224_DERIVE_KEY      0x800030C0
#define TEE_ALG_HKDF_SHA256_DERIVE_KEY      0x800040C0
#define TEE_ALG_HKDF_SHA384_DERIVE_KEY      0x800050C0
#define TEE_ALG_HKDF_SHA512_DERIVE_KEY      0x800060C0
#define TEE_TYPE_HKDF_IKM                   0xA10000C0
#define TEE_ATTR_HKDF_IKM                   0xC00001C0
#define __OPTEE_TEE_ATTR_HKDF_SALT           0xD00002C0
#define __OPTEE_ATTR_HKDF_INFO              0xD00003C0
#define TEE_ATTR_HKDF_OKM_LENGTH            0xF00004C0
#define TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY 0x800020C2
#define TEE_TYPE_PBKDF2_PASSWORD            0xA10000C2
#define TEE_ATTR_PBKDF2_PASSWORD            0xC00001C2
#define TEE_ATTR_PBKDF2_SALT                0xD00002C2
#define TEE_ATTR_PBKDF2_ITERATION_COUNT     0xF00003C2
#define TEE_ATTR_PBKDF2_DKM_LENGTH          0xF00004C2
#define TEE_ALG_CONCAT_KDF_SHA1_DERIVE_KEY   0x800020C1
#define TEE_ALG_CONCAT_KDF_SHA224_DERIVE_KEY 0x800030C1
#define TEE_ALG_CONCAT_KDF_SHA256_DERIVE_KEY 0x800040C1
#define TEE_ALG_CONCAT_KDF_SHA384_DERIVE_KEY 0x800050C1
#define TEE_ALG_CONCAT_KDF_SHA512_DERIVE_KEY 0x800060C1
#define TEE_TYPE_CONCAT_KDF_Z               0xA10000C1
#define TEE_ATTR_CONCAT_KDF_Z               0xC00001C1
#define TEE_ATTR_CONCAT_KDF_OTHER_INFO      0xD00002C1
#define TEE_ATTR_CONCAT_KDF_DKM_LENGTH      0xF00003C1
/* The arithmetical API: words of a TEE_BigInt of n bits (two words of header) */
#define TEE_BigIntSizeInU32(n) ((((n) + 31) / 32) + 2)
/* ---- end of the cryptography block ---- */

/* ---- devkit work: parameters; the rest of GP's identifiers and OP-TEE's extensions ---- */
#define TEE_NUM_PARAMS 4
/* OP-TEE's source switch for the GP 1.1 prototypes: off unless the dev kit set it */
#ifndef __OPTEE_CORE_API_COMPAT_1_1
#define __OPTEE_CORE_API_COMPAT_1_1 0
#endif
#include <tee_api_defines_crypto.h>
#include <tee_api_defines_extensions.h>
#include <tee_api_panic_ids.h>
/* ---- end of the devkit block ---- */

#endif /* TEE_API_DEFINES_H */
