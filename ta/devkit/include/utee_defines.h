/*
 * Helpers on GP algorithm identifiers that OP-TEE's utee_defines.h offers and
 * TAs and xtest use: the fields of an algorithm id (main algorithm, chaining
 * mode, digest), the algorithm of a hash, digest and block sizes. The field
 * layout is GP's (TEE Internal Core API, "Algorithm Identifier"); the few
 * identifiers that do not follow it are mapped explicitly, as OP-TEE does.
 * tzvisor dev kit.
 */
#ifndef UTEE_DEFINES_H
#define UTEE_DEFINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tee_api_defines.h>
#include <tee_api_defines_extensions.h>
/* OP-TEE's includes it: TA code finds vaddr_t and friends through it */
#include <types_ext.h>

/* Main algorithm: bits [7:0] of an algorithm id (and of an object type) */
#define TEE_MAIN_ALGO_MD5 0x01
#define TEE_MAIN_ALGO_SHA1 0x02
#define TEE_MAIN_ALGO_SHA224 0x03
#define TEE_MAIN_ALGO_SHA256 0x04
#define TEE_MAIN_ALGO_SHA384 0x05
#define TEE_MAIN_ALGO_SHA512 0x06
#define TEE_MAIN_ALGO_SM3 0x07
#define TEE_MAIN_ALGO_SHA3_224 0x08
#define TEE_MAIN_ALGO_SHA3_256 0x09
#define TEE_MAIN_ALGO_SHA3_384 0x0A
#define TEE_MAIN_ALGO_SHA3_512 0x0B
#define TEE_MAIN_ALGO_AES 0x10
#define TEE_MAIN_ALGO_DES 0x11
#define TEE_MAIN_ALGO_DES2 0x12
#define TEE_MAIN_ALGO_DES3 0x13
#define TEE_MAIN_ALGO_SM4 0x14
#define TEE_MAIN_ALGO_RSA 0x30
#define TEE_MAIN_ALGO_DSA 0x31
#define TEE_MAIN_ALGO_DH 0x32
#define TEE_MAIN_ALGO_ECDSA 0x41
#define TEE_MAIN_ALGO_ECDH 0x42
#define TEE_MAIN_ALGO_ED25519 0x43
#define TEE_MAIN_ALGO_X25519 0x44
#define TEE_MAIN_ALGO_SM2_DSA_SM3 0x45
#define TEE_MAIN_ALGO_SM2_KEP 0x46
#define TEE_MAIN_ALGO_SM2_PKE 0x47
#define TEE_MAIN_ALGO_X448 0x49
#define TEE_MAIN_ALGO_HKDF 0xC0
#define TEE_MAIN_ALGO_CONCAT_KDF 0xC1
#define TEE_MAIN_ALGO_PBKDF2 0xC2
#define TEE_MAIN_ALGO_SHAKE128 0xC3
#define TEE_MAIN_ALGO_SHAKE256 0xC4

/* Chaining mode: bits [11:8] */
#define TEE_CHAIN_MODE_ECB_NOPAD 0x0
#define TEE_CHAIN_MODE_CBC_NOPAD 0x1
#define TEE_CHAIN_MODE_CTR 0x2
#define TEE_CHAIN_MODE_CTS 0x3
#define TEE_CHAIN_MODE_XTS 0x4
#define TEE_CHAIN_MODE_CBC_MAC_PKCS5 0x5
#define TEE_CHAIN_MODE_CMAC 0x6
#define TEE_CHAIN_MODE_CCM 0x7
#define TEE_CHAIN_MODE_GCM 0x8
#define TEE_CHAIN_MODE_PKCS1_PSS_MGF1 0x9

/* SM3 has no digest field value of its own in GP's layout */
#define __TEE_MAIN_HASH_SM3 0x7

static inline uint32_t tzv_alg_class(uint32_t algo)
{
	switch (algo) {
	case TEE_ALG_SM2_PKE:
	case TEE_ALG_RSAES_PKCS1_OAEP_MGF1_MD5:
		return TEE_OPERATION_ASYMMETRIC_CIPHER;
	case TEE_ALG_SM2_KEP:
		return TEE_OPERATION_KEY_DERIVATION;
	case TEE_ALG_RSASSA_PKCS1_V1_5:
	case TEE_ALG_RSASSA_PKCS1_PSS_MGF1_MD5:
		return TEE_OPERATION_ASYMMETRIC_SIGNATURE;
	case TEE_ALG_DES3_CMAC:
		return TEE_OPERATION_MAC;
	case TEE_ALG_SM4_XTS:
		return TEE_OPERATION_CIPHER;
	default:
		return algo >> 28;
	}
}

static inline uint32_t tzv_alg_main(uint32_t algo)
{
	switch (algo) {
	case TEE_ALG_SM2_PKE:
		return TEE_MAIN_ALGO_SM2_PKE;
	case TEE_ALG_SM2_KEP:
		return TEE_MAIN_ALGO_SM2_KEP;
	case TEE_ALG_X25519:
		return TEE_MAIN_ALGO_X25519;
	case TEE_ALG_ED25519:
		return TEE_MAIN_ALGO_ED25519;
	case TEE_ALG_X448:
		return TEE_MAIN_ALGO_X448;
	case TEE_ALG_ECDSA_SHA1:
	case TEE_ALG_ECDSA_SHA224:
	case TEE_ALG_ECDSA_SHA256:
	case TEE_ALG_ECDSA_SHA384:
	case TEE_ALG_ECDSA_SHA512:
		return TEE_MAIN_ALGO_ECDSA;
	case TEE_ALG_HKDF:
		return TEE_MAIN_ALGO_HKDF;
	case TEE_ALG_SHAKE128:
		return TEE_MAIN_ALGO_SHAKE128;
	case TEE_ALG_SHAKE256:
		return TEE_MAIN_ALGO_SHAKE256;
	default:
		return algo & 0xff;
	}
}

static inline uint32_t tzv_alg_digest_hash(uint32_t algo)
{
	return algo == TEE_ALG_SM2_DSA_SM3 ? __TEE_MAIN_HASH_SM3 : (algo >> 12) & 0xf;
}

static inline uint32_t tzv_hash_algo(uint32_t main_hash)
{
	return main_hash == __TEE_MAIN_HASH_SM3
		   ? TEE_ALG_SM3
		   : ((uint32_t)TEE_OPERATION_DIGEST << 28) | main_hash;
}

#define TEE_ALG_GET_CLASS(algo) tzv_alg_class(algo)
#define TEE_ALG_GET_MAIN_ALG(algo) tzv_alg_main(algo)
#define TEE_ALG_GET_CHAIN_MODE(algo) (((algo) >> 8) & 0xF)
#define TEE_ALG_GET_DIGEST_HASH(algo) tzv_alg_digest_hash(algo)
#define TEE_ALG_GET_INTERNAL_HASH(algo) (((algo) >> 20) & 0x7)
#define TEE_ALG_GET_KEY_TYPE(algo, with_private_key)                                               \
	(0xA0000000u | TEE_ALG_GET_MAIN_ALG(algo) | ((with_private_key) ? 0x01000000u : 0))
#define TEE_ALG_HASH_ALGO(main_hash) tzv_hash_algo(main_hash)
#define TEE_INTERNAL_HASH_TO_ALGO(algo) TEE_ALG_HASH_ALGO(TEE_ALG_GET_INTERNAL_HASH(algo))
#define TEE_DIGEST_HASH_TO_ALGO(algo) TEE_ALG_HASH_ALGO(TEE_ALG_GET_DIGEST_HASH(algo))
#define TEE_ALG_HMAC_ALGO(main_hash) (((uint32_t)TEE_OPERATION_MAC << 28) | (main_hash))

#define TEE_AES_BLOCK_SIZE 16UL
#define TEE_DES_BLOCK_SIZE 8UL
#define TEE_SM4_BLOCK_SIZE 16UL
#define TEE_AES_MAX_KEY_SIZE 32UL

#ifndef TEE_MD5_HASH_SIZE
enum tzv_hash_size {
	TEE_MD5_HASH_SIZE = 16,
	TEE_SHA1_HASH_SIZE = 20,
	TEE_SHA224_HASH_SIZE = 28,
	TEE_SHA256_HASH_SIZE = 32,
	TEE_SM3_HASH_SIZE = 32,
	TEE_SHA384_HASH_SIZE = 48,
	TEE_SHA512_HASH_SIZE = 64,
	TEE_MD5SHA1_HASH_SIZE = 36,
	TEE_MAX_HASH_SIZE = 64,
};
#endif

/* The digest or MAC size of an algorithm (0 for one that has none listed) */
static inline size_t tzv_alg_digest_size(uint32_t algo)
{
	switch (algo) {
	case TEE_ALG_MD5:
	case TEE_ALG_HMAC_MD5:
		return TEE_MD5_HASH_SIZE;
	case TEE_ALG_SHA1:
	case TEE_ALG_HMAC_SHA1:
	case TEE_ALG_DSA_SHA1:
	case TEE_ALG_ECDSA_SHA1:
		return TEE_SHA1_HASH_SIZE;
	case TEE_ALG_SHA224:
	case TEE_ALG_SHA3_224:
	case TEE_ALG_HMAC_SHA224:
	case TEE_ALG_HMAC_SHA3_224:
	case TEE_ALG_DSA_SHA224:
	case TEE_ALG_ECDSA_SHA224:
		return TEE_SHA224_HASH_SIZE;
	case TEE_ALG_SHA256:
	case TEE_ALG_SHA3_256:
	case TEE_ALG_HMAC_SHA256:
	case TEE_ALG_HMAC_SHA3_256:
	case TEE_ALG_DSA_SHA256:
	case TEE_ALG_ECDSA_SHA256:
		return TEE_SHA256_HASH_SIZE;
	case TEE_ALG_SHA384:
	case TEE_ALG_SHA3_384:
	case TEE_ALG_HMAC_SHA384:
	case TEE_ALG_HMAC_SHA3_384:
	case TEE_ALG_ECDSA_SHA384:
		return TEE_SHA384_HASH_SIZE;
	case TEE_ALG_SHA512:
	case TEE_ALG_SHA3_512:
	case TEE_ALG_HMAC_SHA512:
	case TEE_ALG_HMAC_SHA3_512:
	case TEE_ALG_ECDSA_SHA512:
		return TEE_SHA512_HASH_SIZE;
	case TEE_ALG_SM3:
	case TEE_ALG_HMAC_SM3:
		return TEE_SM3_HASH_SIZE;
	case TEE_ALG_AES_CBC_MAC_NOPAD:
	case TEE_ALG_AES_CBC_MAC_PKCS5:
	case TEE_ALG_AES_CMAC:
		return TEE_AES_BLOCK_SIZE;
	case TEE_ALG_DES_CBC_MAC_NOPAD:
	case TEE_ALG_DES_CBC_MAC_PKCS5:
	case TEE_ALG_DES3_CBC_MAC_NOPAD:
	case TEE_ALG_DES3_CBC_MAC_PKCS5:
	case TEE_ALG_DES3_CMAC:
		return TEE_DES_BLOCK_SIZE;
	default:
		return 0;
	}
}
#define TEE_ALG_GET_DIGEST_SIZE(algo) tzv_alg_digest_size(algo)

/* Byte order: AArch64 TAs are little-endian */
#define TEE_U16_BSWAP(x) __builtin_bswap16((uint16_t)(x))
#define TEE_U32_BSWAP(x) __builtin_bswap32((uint32_t)(x))
#define TEE_U64_BSWAP(x) __builtin_bswap64((uint64_t)(x))
#define TEE_U16_TO_LITTLE_ENDIAN(x) ((uint16_t)(x))
#define TEE_U32_TO_LITTLE_ENDIAN(x) ((uint32_t)(x))
#define TEE_U64_TO_LITTLE_ENDIAN(x) ((uint64_t)(x))
#define TEE_U16_FROM_LITTLE_ENDIAN(x) ((uint16_t)(x))
#define TEE_U32_FROM_LITTLE_ENDIAN(x) ((uint32_t)(x))
#define TEE_U64_FROM_LITTLE_ENDIAN(x) ((uint64_t)(x))
#define TEE_U16_TO_BIG_ENDIAN(x) TEE_U16_BSWAP(x)
#define TEE_U32_TO_BIG_ENDIAN(x) TEE_U32_BSWAP(x)
#define TEE_U64_TO_BIG_ENDIAN(x) TEE_U64_BSWAP(x)
#define TEE_U16_FROM_BIG_ENDIAN(x) TEE_U16_BSWAP(x)
#define TEE_U32_FROM_BIG_ENDIAN(x) TEE_U32_BSWAP(x)
#define TEE_U64_FROM_BIG_ENDIAN(x) TEE_U64_BSWAP(x)

/* TEE_Time arithmetic (millis below TEE_TIME_MILLIS_BASE on input and output) */
#define TEE_TIME_MILLIS_BASE 1000
#define TEE_TIME_LT(t1, t2)                                                                        \
	((t1).seconds != (t2).seconds ? (t1).seconds < (t2).seconds : (t1).millis < (t2).millis)
#define TEE_TIME_LE(t1, t2)                                                                        \
	((t1).seconds != (t2).seconds ? (t1).seconds < (t2).seconds : (t1).millis <= (t2).millis)
#define TEE_TIME_ADD(t1, t2, dst)                                                                  \
	do {                                                                                       \
		(dst).seconds = (t1).seconds + (t2).seconds;                                       \
		(dst).millis = (t1).millis + (t2).millis;                                          \
		if ((dst).millis >= TEE_TIME_MILLIS_BASE) {                                        \
			(dst).millis -= TEE_TIME_MILLIS_BASE;                                      \
			(dst).seconds++;                                                           \
		}                                                                                  \
	} while (0)
#define TEE_TIME_SUB(t1, t2, dst)                                                                  \
	do {                                                                                       \
		(dst).seconds = (t1).seconds - (t2).seconds;                                       \
		if ((t1).millis < (t2).millis) {                                                   \
			(dst).millis = (t1).millis + TEE_TIME_MILLIS_BASE - (t2).millis;           \
			(dst).seconds--;                                                           \
		} else {                                                                           \
			(dst).millis = (t1).millis - (t2).millis;                                  \
		}                                                                                  \
	} while (0)

/* OP-TEE's OTP layout names and SE reader bits (no OTP or SE API for TAs here) */
#define HW_UNIQUE_KEY_LENGTH 16
#define HW_UNIQUE_KEY_WORD1 8
#define HW_UNIQUE_KEY_WORD2 (HW_UNIQUE_KEY_WORD1 + 1)
#define HW_UNIQUE_KEY_WORD3 (HW_UNIQUE_KEY_WORD1 + 2)
#define HW_UNIQUE_KEY_WORD4 (HW_UNIQUE_KEY_WORD1 + 3)
#define UTEE_SE_READER_PRESENT (1 << 0)
#define UTEE_SE_READER_TEE_ONLY (1 << 1)
#define UTEE_SE_READER_SELECT_RESPONE_ENABLE (1 << 2)

#endif /* UTEE_DEFINES_H */
