/*
 * GlobalPlatform operations of user TAs in the TEE kernel, with Debian's
 * mbedTLS: the algorithm table, allocation, information, keys, copies and
 * digests. MACs, ciphers and authenticated encryption: crypto_sym.c;
 * asymmetric operations and key derivation: crypto_asym.c.
 */
#include <stdlib.h>
#include <lib/string.h>
#include <mbedtls/cmac.h>
#include <tee_api_defines.h>
#include <tee_api_types.h>
#include "crypto_op.h"

#define A(alg, kind, cls, md, cid, key)                                                            \
	{                                                                                          \
		alg, kind, cls, md, cid, key, CR_NO_SHA3                                           \
	}
/* libtomcrypt's digests and their HMACs (crypto_hash.c) */
#define S3(alg, kind, cls, sha3, key)                                                              \
	{                                                                                          \
		alg, kind, cls, MBEDTLS_MD_NONE, MBEDTLS_CIPHER_ID_NONE, key, sha3                 \
	}
#define SIG TEE_OPERATION_ASYMMETRIC_SIGNATURE
#define ACI TEE_OPERATION_ASYMMETRIC_CIPHER
#define KDF TEE_OPERATION_KEY_DERIVATION
#define N MBEDTLS_MD_NONE
#define AES MBEDTLS_CIPHER_ID_AES
#define DES MBEDTLS_CIPHER_ID_DES
#define DES3 MBEDTLS_CIPHER_ID_3DES
#define NOC MBEDTLS_CIPHER_ID_NONE
#define SM4 CR_CIPHER_SM4

static const struct alg_info algs[] = {
    A(TEE_ALG_MD5, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_MD5, NOC, 0),
    A(TEE_ALG_SHA1, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA1, NOC, 0),
    A(TEE_ALG_SHA224, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA224, NOC, 0),
    A(TEE_ALG_SHA256, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA256, NOC, 0),
    A(TEE_ALG_SHA384, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA384, NOC, 0),
    A(TEE_ALG_SHA512, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA512, NOC, 0),
    S3(TEE_ALG_SHA3_224, K_DIGEST, TEE_OPERATION_DIGEST, CR_SHA3_224, 0),
    S3(TEE_ALG_SHA3_256, K_DIGEST, TEE_OPERATION_DIGEST, CR_SHA3_256, 0),
    S3(TEE_ALG_SHA3_384, K_DIGEST, TEE_OPERATION_DIGEST, CR_SHA3_384, 0),
    S3(TEE_ALG_SHA3_512, K_DIGEST, TEE_OPERATION_DIGEST, CR_SHA3_512, 0),
    S3(TEE_ALG_SHAKE128, K_DIGEST, TEE_OPERATION_DIGEST, CR_SHAKE128, 0),
    S3(TEE_ALG_SHAKE256, K_DIGEST, TEE_OPERATION_DIGEST, CR_SHAKE256, 0),
    S3(TEE_ALG_SM3, K_DIGEST, TEE_OPERATION_DIGEST, CR_SM3, 0),
    A(TEE_ALG_HMAC_MD5, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_MD5, NOC, TEE_TYPE_HMAC_MD5),
    A(TEE_ALG_HMAC_SHA1, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA1, NOC, TEE_TYPE_HMAC_SHA1),
    A(TEE_ALG_HMAC_SHA224, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA224, NOC, TEE_TYPE_HMAC_SHA224),
    A(TEE_ALG_HMAC_SHA256, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA256, NOC, TEE_TYPE_HMAC_SHA256),
    A(TEE_ALG_HMAC_SHA384, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA384, NOC, TEE_TYPE_HMAC_SHA384),
    A(TEE_ALG_HMAC_SHA512, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA512, NOC, TEE_TYPE_HMAC_SHA512),
    S3(TEE_ALG_HMAC_SHA3_224, K_HMAC, TEE_OPERATION_MAC, CR_SHA3_224, TEE_TYPE_HMAC_SHA3_224),
    S3(TEE_ALG_HMAC_SHA3_256, K_HMAC, TEE_OPERATION_MAC, CR_SHA3_256, TEE_TYPE_HMAC_SHA3_256),
    S3(TEE_ALG_HMAC_SHA3_384, K_HMAC, TEE_OPERATION_MAC, CR_SHA3_384, TEE_TYPE_HMAC_SHA3_384),
    S3(TEE_ALG_HMAC_SHA3_512, K_HMAC, TEE_OPERATION_MAC, CR_SHA3_512, TEE_TYPE_HMAC_SHA3_512),
    S3(TEE_ALG_HMAC_SM3, K_HMAC, TEE_OPERATION_MAC, CR_SM3, TEE_TYPE_HMAC_SM3),
    A(TEE_ALG_AES_CMAC, K_CMAC, TEE_OPERATION_MAC, N, AES, TEE_TYPE_AES),
    A(TEE_ALG_DES3_CMAC, K_CMAC, TEE_OPERATION_MAC, N, DES3, TEE_TYPE_DES3), /* OP-TEE's */
    A(TEE_ALG_AES_CBC_MAC_NOPAD, K_CBC_MAC, TEE_OPERATION_MAC, N, AES, TEE_TYPE_AES),
    A(TEE_ALG_AES_CBC_MAC_PKCS5, K_CBC_MAC_PKCS5, TEE_OPERATION_MAC, N, AES, TEE_TYPE_AES),
    A(TEE_ALG_DES_CBC_MAC_NOPAD, K_CBC_MAC, TEE_OPERATION_MAC, N, DES, TEE_TYPE_DES),
    A(TEE_ALG_DES_CBC_MAC_PKCS5, K_CBC_MAC_PKCS5, TEE_OPERATION_MAC, N, DES, TEE_TYPE_DES),
    A(TEE_ALG_DES3_CBC_MAC_NOPAD, K_CBC_MAC, TEE_OPERATION_MAC, N, DES3, TEE_TYPE_DES3),
    A(TEE_ALG_DES3_CBC_MAC_PKCS5, K_CBC_MAC_PKCS5, TEE_OPERATION_MAC, N, DES3, TEE_TYPE_DES3),
    A(TEE_ALG_AES_ECB_NOPAD, K_ECB, TEE_OPERATION_CIPHER, N, AES, TEE_TYPE_AES),
    A(TEE_ALG_AES_CBC_NOPAD, K_CBC, TEE_OPERATION_CIPHER, N, AES, TEE_TYPE_AES),
    A(TEE_ALG_AES_CTR, K_CTR, TEE_OPERATION_CIPHER, N, AES, TEE_TYPE_AES),
    A(TEE_ALG_AES_CTS, K_CTS, TEE_OPERATION_CIPHER, N, AES, TEE_TYPE_AES),
    A(TEE_ALG_AES_XTS, K_XTS, TEE_OPERATION_CIPHER, N, AES, TEE_TYPE_AES),
    A(TEE_ALG_SM4_ECB_NOPAD, K_ECB, TEE_OPERATION_CIPHER, N, SM4, TEE_TYPE_SM4),
    A(TEE_ALG_SM4_CBC_NOPAD, K_CBC, TEE_OPERATION_CIPHER, N, SM4, TEE_TYPE_SM4),
    A(TEE_ALG_SM4_CTR, K_CTR, TEE_OPERATION_CIPHER, N, SM4, TEE_TYPE_SM4),
    A(TEE_ALG_DES_ECB_NOPAD, K_ECB, TEE_OPERATION_CIPHER, N, DES, TEE_TYPE_DES),
    A(TEE_ALG_DES_CBC_NOPAD, K_CBC, TEE_OPERATION_CIPHER, N, DES, TEE_TYPE_DES),
    A(TEE_ALG_DES3_ECB_NOPAD, K_ECB, TEE_OPERATION_CIPHER, N, DES3, TEE_TYPE_DES3),
    A(TEE_ALG_DES3_CBC_NOPAD, K_CBC, TEE_OPERATION_CIPHER, N, DES3, TEE_TYPE_DES3),
    A(TEE_ALG_AES_GCM, K_GCM, TEE_OPERATION_AE, N, AES, TEE_TYPE_AES),
    A(TEE_ALG_AES_CCM, K_CCM, TEE_OPERATION_AE, N, AES, TEE_TYPE_AES),
    A(TEE_ALG_RSASSA_PKCS1_V1_5_MD5, K_RSA_V15, SIG, MBEDTLS_MD_MD5, NOC, TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSASSA_PKCS1_V1_5_SHA1, K_RSA_V15, SIG, MBEDTLS_MD_SHA1, NOC, TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSASSA_PKCS1_V1_5_SHA224, K_RSA_V15, SIG, MBEDTLS_MD_SHA224, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, K_RSA_V15, SIG, MBEDTLS_MD_SHA256, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSASSA_PKCS1_V1_5_SHA384, K_RSA_V15, SIG, MBEDTLS_MD_SHA384, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSASSA_PKCS1_V1_5_SHA512, K_RSA_V15, SIG, MBEDTLS_MD_SHA512, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA1, K_RSA_PSS, SIG, MBEDTLS_MD_SHA1, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA224, K_RSA_PSS, SIG, MBEDTLS_MD_SHA224, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, K_RSA_PSS, SIG, MBEDTLS_MD_SHA256, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA384, K_RSA_PSS, SIG, MBEDTLS_MD_SHA384, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA512, K_RSA_PSS, SIG, MBEDTLS_MD_SHA512, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSAES_PKCS1_V1_5, K_RSAES_V15, ACI, N, NOC, TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA1, K_RSA_OAEP, ACI, MBEDTLS_MD_SHA1, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA224, K_RSA_OAEP, ACI, MBEDTLS_MD_SHA224, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA256, K_RSA_OAEP, ACI, MBEDTLS_MD_SHA256, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA384, K_RSA_OAEP, ACI, MBEDTLS_MD_SHA384, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA512, K_RSA_OAEP, ACI, MBEDTLS_MD_SHA512, NOC,
      TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_RSA_NOPAD, K_RSA_NOPAD, ACI, N, NOC, TEE_TYPE_RSA_KEYPAIR),
    A(TEE_ALG_DSA_SHA1, K_DSA, SIG, MBEDTLS_MD_SHA1, NOC, TEE_TYPE_DSA_KEYPAIR),
    A(TEE_ALG_DSA_SHA224, K_DSA, SIG, MBEDTLS_MD_SHA224, NOC, TEE_TYPE_DSA_KEYPAIR),
    A(TEE_ALG_DSA_SHA256, K_DSA, SIG, MBEDTLS_MD_SHA256, NOC, TEE_TYPE_DSA_KEYPAIR),
    A(TEE_ALG_ECDSA_SHA1, K_ECDSA, SIG, MBEDTLS_MD_SHA1, NOC, TEE_TYPE_ECDSA_KEYPAIR),
    A(TEE_ALG_ECDSA_SHA224, K_ECDSA, SIG, MBEDTLS_MD_SHA224, NOC, TEE_TYPE_ECDSA_KEYPAIR),
    A(TEE_ALG_ECDSA_SHA256, K_ECDSA, SIG, MBEDTLS_MD_SHA256, NOC, TEE_TYPE_ECDSA_KEYPAIR),
    A(TEE_ALG_ECDSA_SHA384, K_ECDSA, SIG, MBEDTLS_MD_SHA384, NOC, TEE_TYPE_ECDSA_KEYPAIR),
    A(TEE_ALG_ECDSA_SHA512, K_ECDSA, SIG, MBEDTLS_MD_SHA512, NOC, TEE_TYPE_ECDSA_KEYPAIR),
    A(TEE_ALG_DH_DERIVE_SHARED_SECRET, K_DH, KDF, N, NOC, TEE_TYPE_DH_KEYPAIR),
    A(TEE_ALG_ECDH_DERIVE_SHARED_SECRET, K_ECDH, KDF, N, NOC, TEE_TYPE_ECDH_KEYPAIR),
    A(TEE_ALG_X25519, K_X25519, KDF, N, NOC, TEE_TYPE_X25519_KEYPAIR),
    A(TEE_ALG_ED25519, K_ED25519, SIG, N, NOC, TEE_TYPE_ED25519_KEYPAIR),
    A(TEE_ALG_SM2_DSA_SM3, K_SM2_DSA, SIG, N, NOC, TEE_TYPE_SM2_DSA_KEYPAIR),
    A(TEE_ALG_SM2_PKE, K_SM2_PKE, ACI, N, NOC, TEE_TYPE_SM2_PKE_KEYPAIR),
    A(TEE_ALG_SM2_KEP, K_SM2_KEP, KDF, N, NOC, TEE_TYPE_SM2_KEP_KEYPAIR),
    A(TEE_ALG_HKDF_MD5_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_MD5, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_HKDF_SHA1_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_SHA1, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_HKDF_SHA224_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_SHA224, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_HKDF_SHA256_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_SHA256, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_HKDF_SHA384_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_SHA384, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_HKDF_SHA512_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_SHA512, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY, K_PBKDF2, KDF, MBEDTLS_MD_SHA1, NOC,
      TEE_TYPE_PBKDF2_PASSWORD),
    A(TEE_ALG_CONCAT_KDF_SHA1_DERIVE_KEY, K_CONCAT_KDF, KDF, MBEDTLS_MD_SHA1, NOC,
      TEE_TYPE_CONCAT_KDF_Z),
    A(TEE_ALG_CONCAT_KDF_SHA224_DERIVE_KEY, K_CONCAT_KDF, KDF, MBEDTLS_MD_SHA224, NOC,
      TEE_TYPE_CONCAT_KDF_Z),
    A(TEE_ALG_CONCAT_KDF_SHA256_DERIVE_KEY, K_CONCAT_KDF, KDF, MBEDTLS_MD_SHA256, NOC,
      TEE_TYPE_CONCAT_KDF_Z),
    A(TEE_ALG_CONCAT_KDF_SHA384_DERIVE_KEY, K_CONCAT_KDF, KDF, MBEDTLS_MD_SHA384, NOC,
      TEE_TYPE_CONCAT_KDF_Z),
    A(TEE_ALG_CONCAT_KDF_SHA512_DERIVE_KEY, K_CONCAT_KDF, KDF, MBEDTLS_MD_SHA512, NOC,
      TEE_TYPE_CONCAT_KDF_Z),
};

static struct cr_op *ops[CR_MAX_OPERATIONS];
static uint32_t op_handles[CR_MAX_OPERATIONS];
static uint16_t op_serial;

static const struct alg_info *alg_info(uint32_t alg)
{
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (algs[i].alg == alg)
			return &algs[i];
	return NULL;
}

static bool mode_ok(const struct alg_info *a, uint32_t mode)
{
	switch (a->cls) {
	case TEE_OPERATION_DIGEST:
		return mode == TEE_MODE_DIGEST;
	case TEE_OPERATION_MAC:
		return mode == TEE_MODE_MAC;
	case TEE_OPERATION_KEY_DERIVATION:
		return mode == TEE_MODE_DERIVE;
	case TEE_OPERATION_CIPHER:
	case TEE_OPERATION_AE:
	case TEE_OPERATION_ASYMMETRIC_CIPHER:
		return mode == TEE_MODE_ENCRYPT || mode == TEE_MODE_DECRYPT;
	default:
		return mode == TEE_MODE_SIGN || mode == TEE_MODE_VERIFY;
	}
}

static bool key_size_ok(const struct alg_info *a, uint32_t bits)
{
	if (a->kind == K_DIGEST)
		return true;
	if (a->kind == K_XTS) /* OP-TEE: both keys together (384, 512); or one key's size */
		return bits == 128 || bits == 192 || bits == 256 || bits == 384 || bits == 512;
	if (a->cipher == AES)
		return bits == 128 || bits == 192 || bits == 256;
	if (a->cipher == SM4)
		return bits == 128;
	if (a->cipher == DES)
		return bits == 64 || cr_des_legacy_size(TEE_TYPE_DES, bits);
	if (a->cipher == DES3)
		return bits == 128 || bits == 192 || cr_des_legacy_size(TEE_TYPE_DES3, bits);
	switch (a->kind) {
	case K_HMAC:
	case K_HKDF:
	case K_PBKDF2:
	case K_CONCAT_KDF:
		return bits >= 8 && bits <= 4096 && !(bits % 8);
	case K_ECDSA:
	case K_ECDH:
		return bits >= 192 && bits <= 521;
	case K_X25519:
	case K_ED25519:
	case K_SM2_DSA:
	case K_SM2_PKE:
		return bits == 256;
	case K_SM2_KEP: /* OP-TEE: the two 256-bit keys together */
		return bits == 512;
	case K_DH:
		return bits >= 256 && bits <= 2048;
	case K_DSA: /* FIPS 186's (L, N) pairs per hash, as OP-TEE checks them */
		if (a->md == MBEDTLS_MD_SHA1)
			return bits >= 512 && bits <= 1024 && !(bits % 64);
		return bits == 2048 || (a->md == MBEDTLS_MD_SHA256 && bits == 3072);
	default:
		return bits >= 256 && bits <= 4096;
	}
}

static uint32_t required_usage(const struct alg_info *a, uint32_t mode)
{
	switch (mode) {
	case TEE_MODE_ENCRYPT:
		return TEE_USAGE_ENCRYPT;
	case TEE_MODE_DECRYPT:
		return TEE_USAGE_DECRYPT;
	case TEE_MODE_SIGN:
		return TEE_USAGE_SIGN;
	case TEE_MODE_VERIFY:
		return TEE_USAGE_VERIFY;
	case TEE_MODE_MAC:
		return TEE_USAGE_MAC;
	case TEE_MODE_DERIVE:
		return TEE_USAGE_DERIVE;
	default:
		(void)a;
		return 0;
	}
}

uint32_t cr_alg_supported(uint32_t alg, uint32_t element)
{
	const struct alg_info *a = alg_info(alg);
	if (!a)
		return TEE_ERROR_NOT_SUPPORTED;
	if (a->kind == K_ECDSA || a->kind == K_ECDH)
		return element != TEE_ECC_CURVE_25519 && cr_ecc_curve_bits(element)
			   ? TEE_SUCCESS
			   : TEE_ERROR_NOT_SUPPORTED;
	if (a->kind == K_SM2_DSA || a->kind == K_SM2_PKE || a->kind == K_SM2_KEP)
		return element == TEE_ECC_CURVE_SM2 ? TEE_SUCCESS : TEE_ERROR_NOT_SUPPORTED;
	if (a->kind == K_X25519 || a->kind == K_ED25519)
		return element == TEE_ECC_CURVE_25519 ? TEE_SUCCESS : TEE_ERROR_NOT_SUPPORTED;
	return element == TEE_CRYPTO_ELEMENT_NONE ? TEE_SUCCESS : TEE_ERROR_NOT_SUPPORTED;
}

/* ---- the table ---- */

struct cr_op *cr_op_get(const void *owner, uint32_t handle)
{
	uint32_t slot = (handle & 0xffff) - 1;
	if (!handle || slot >= CR_MAX_OPERATIONS || op_handles[slot] != handle ||
	    ops[slot]->owner != owner)
		return NULL;
	return ops[slot];
}

static void free_ctx(struct cr_op *op)
{
	cr_hash_free(op);
	if (op->cipher_ready)
		mbedtls_cipher_free(&op->cipher);
	if (op->gcm_ready)
		mbedtls_gcm_free(&op->gcm);
	if (op->xts_ready)
		mbedtls_aes_xts_free(&op->xts);
	op->cipher_ready = op->gcm_ready = op->xts_ready = false;
	memset(op->sm4_rk, 0, sizeof(op->sm4_rk));
	cr_asym_free(op);
	free(op->acc);
	op->acc = NULL;
	op->acc_len = op->acc_cap = 0;
	free(op->aad);
	op->aad = NULL;
	op->aad_len = 0;
}

uint32_t cr_op_alloc(const void *owner, uint32_t alg, uint32_t mode, uint32_t max_key,
		     uint32_t *handle)
{
	const struct alg_info *a = alg_info(alg);
	if (!a || !mode_ok(a, mode) || !key_size_ok(a, max_key))
		return TEE_ERROR_NOT_SUPPORTED;
	int slot = -1;
	unsigned mine = 0;
	for (int i = 0; i < CR_MAX_OPERATIONS; i++) {
		if (!ops[i] && slot < 0)
			slot = i;
		mine += ops[i] && ops[i]->owner == owner;
	}
	if (slot < 0 || mine >= TZV_CR_OPERATIONS_PER_TA)
		return TEE_ERROR_OUT_OF_MEMORY;
	struct cr_op *op = calloc(1, sizeof(*op));
	if (!op)
		return TEE_ERROR_OUT_OF_MEMORY;
	op->owner = owner;
	op->a = a;
	op->mode = mode;
	op->max_key = a->kind == K_DIGEST ? 0 : max_key;
	op->md_info = a->md != MBEDTLS_MD_NONE ? mbedtls_md_info_from_type(a->md) : NULL;
	op->usage = a->kind == K_DIGEST ? 0 : required_usage(a, mode);
	op->key.type = op->key2.type = a->key_type;
	if (a->kind == K_DIGEST || a->kind == K_HMAC) {
		if (cr_hash_alloc(op) != TEE_SUCCESS) {
			free_ctx(op);
			free(op);
			return TEE_ERROR_OUT_OF_MEMORY;
		}
		op->digest_len = (uint32_t)cr_hash_size(a);
	}
	if (a->kind == K_CMAC || a->kind == K_CBC_MAC || a->kind == K_CBC_MAC_PKCS5)
		op->digest_len = a->cipher == AES ? 16 : 8;
	if (a->kind == K_DIGEST)
		op->state = TEE_HANDLE_FLAG_INITIALIZED;
	if (a->kind == K_XTS || a->kind == K_SM2_KEP)
		op->state = TEE_HANDLE_FLAG_EXPECT_TWO_KEYS;
	if (++op_serial == 0)
		op_serial = 1;
	op_handles[slot] = ((uint32_t)op_serial << 16) | (uint32_t)(slot + 1);
	ops[slot] = op;
	*handle = op_handles[slot];
	return TEE_SUCCESS;
}

void cr_op_free(struct cr_op *op)
{
	for (int i = 0; i < CR_MAX_OPERATIONS; i++) {
		if (ops[i] == op) {
			ops[i] = NULL;
			op_handles[i] = 0;
		}
	}
	free_ctx(op);
	cr_obj_clear(&op->key);
	cr_obj_clear(&op->key2);
	free(op); /* the heap wipes it */
}

void crypto_op_release(const void *owner);
void crypto_op_release(const void *owner)
{
	for (int i = 0; i < CR_MAX_OPERATIONS; i++)
		if (ops[i] && ops[i]->owner == owner)
			cr_op_free(ops[i]);
}

void crypto_op_reset(void);
void crypto_op_reset(void)
{
	memset(ops, 0, sizeof(ops));
	memset(op_handles, 0, sizeof(op_handles));
}

uint32_t cr_op_info(struct cr_op *op, void *out)
{
	TEE_OperationInfo *i = out;
	memset(i, 0, sizeof(*i));
	i->algorithm = op->a->alg;
	i->operationClass = op->a->cls;
	i->mode = op->mode;
	i->digestLength = op->digest_len;
	i->maxKeySize = op->max_key;
	i->keySize = op->key_size;
	i->requiredKeyUsage = op->usage;
	i->handleState = op->state | (op->extracting ? TEE_HANDLE_FLAG_EXTRACTING : 0);
	return TEE_SUCCESS;
}

uint32_t cr_op_info_multiple(struct cr_op *op, void *buf, uint64_t *size)
{
	uint32_t nkeys = op->a->kind == K_XTS || op->a->kind == K_SM2_KEP ? 2 : 1;
	size_t need = sizeof(TEE_OperationInfoMultiple) + nkeys * sizeof(TEE_OperationInfoKey);
	if (*size < need) {
		*size = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_OperationInfoMultiple *m = buf;
	memset(m, 0, need);
	m->algorithm = op->a->alg;
	m->operationClass = op->a->cls;
	m->mode = op->mode;
	m->digestLength = op->digest_len;
	m->maxKeySize = op->max_key;
	m->handleState = op->state | (op->extracting ? TEE_HANDLE_FLAG_EXTRACTING : 0);
	m->operationState = op->extracting ? TEE_OPERATION_STATE_EXTRACTING
			    : op->active   ? TEE_OPERATION_STATE_ACTIVE
					   : TEE_OPERATION_STATE_INITIAL;
	m->numberOfKeys = op->a->kind == K_DIGEST ? 0 : nkeys;
	for (uint32_t k = 0; k < m->numberOfKeys; k++) {
		m->keyInformation[k].keySize = k ? op->key2.size : op->key.size;
		m->keyInformation[k].requiredKeyUsage = op->usage;
	}
	*size = need;
	return TEE_SUCCESS;
}

uint32_t cr_op_reset(struct cr_op *op)
{
	if (op->a->kind == K_DIGEST) {
		cr_hash_restart(op);
		op->active = op->extracting = false;
		op->xoff = 0;
		return TEE_SUCCESS;
	}
	if (op->a->cls == ACI || op->a->cls == SIG || op->a->cls == KDF)
		return TEE_SUCCESS;
	if (op->a->kind == K_HMAC && (op->state & TEE_HANDLE_FLAG_KEY_SET))
		cr_hmac_reset(op);
	op->state &= ~(uint32_t)TEE_HANDLE_FLAG_INITIALIZED;
	op->active = false;
	return TEE_SUCCESS;
}

/* ---- keys ---- */

static bool key_type_ok(const struct cr_op *op, uint32_t type)
{
	uint32_t mode = op->mode;
	switch (op->a->kind) {
	case K_HMAC:
		return type == TEE_TYPE_GENERIC_SECRET || type == op->a->key_type;
	case K_RSA_V15:
	case K_RSA_PSS:
	case K_RSAES_V15:
	case K_RSA_OAEP:
	case K_RSA_NOPAD:
		return type == TEE_TYPE_RSA_KEYPAIR ||
		       (type == TEE_TYPE_RSA_PUBLIC_KEY &&
			(mode == TEE_MODE_VERIFY || mode == TEE_MODE_ENCRYPT));
	case K_ECDSA:
		return type == TEE_TYPE_ECDSA_KEYPAIR ||
		       (type == TEE_TYPE_ECDSA_PUBLIC_KEY && mode == TEE_MODE_VERIFY);
	case K_SM2_DSA:
		return type == TEE_TYPE_SM2_DSA_KEYPAIR ||
		       (type == TEE_TYPE_SM2_DSA_PUBLIC_KEY && mode == TEE_MODE_VERIFY);
	case K_SM2_PKE:
		return type == TEE_TYPE_SM2_PKE_KEYPAIR ||
		       (type == TEE_TYPE_SM2_PKE_PUBLIC_KEY && mode == TEE_MODE_ENCRYPT);
	case K_ED25519:
		return type == TEE_TYPE_ED25519_KEYPAIR ||
		       (type == TEE_TYPE_ED25519_PUBLIC_KEY && mode == TEE_MODE_VERIFY);
	case K_DSA:
		return type == TEE_TYPE_DSA_KEYPAIR ||
		       (type == TEE_TYPE_DSA_PUBLIC_KEY && mode == TEE_MODE_VERIFY);
	default:
		return type == op->a->key_type;
	}
}

const struct cr_attr *cr_secret(const struct cr_obj *k)
{
	static const uint32_t ids[] = {TEE_ATTR_SECRET_VALUE, TEE_ATTR_HKDF_IKM,
				       TEE_ATTR_PBKDF2_PASSWORD, TEE_ATTR_CONCAT_KDF_Z};
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const struct cr_attr *a = cr_obj_attr(k, ids[i]);
		if (a)
			return a;
	}
	return NULL;
}

/* The raw block primitive for the block modes, in the direction the mode needs. */
static uint32_t cipher_setup(struct cr_op *op, bool decrypt)
{
	const struct cr_attr *k = cr_secret(&op->key);
	if (op->a->cipher == SM4) {
		if (k->len != 16)
			return TEE_ERROR_BAD_PARAMETERS;
		cr_sm4_setkey(op, k->buf, decrypt);
		return TEE_SUCCESS;
	}
	/* two-key 3DES is mbedTLS's DES_EDE, whose cipher id is DES: ask by type */
	mbedtls_cipher_type_t t;
	if (op->a->cipher == AES)
		t = k->len == 16   ? MBEDTLS_CIPHER_AES_128_ECB
		    : k->len == 24 ? MBEDTLS_CIPHER_AES_192_ECB
				   : MBEDTLS_CIPHER_AES_256_ECB;
	else if (op->a->cipher == DES)
		t = MBEDTLS_CIPHER_DES_ECB;
	else
		t = k->len == 16 ? MBEDTLS_CIPHER_DES_EDE_ECB : MBEDTLS_CIPHER_DES_EDE3_ECB;
	const mbedtls_cipher_info_t *ci = mbedtls_cipher_info_from_type(t);
	if (!ci)
		return TEE_ERROR_NOT_SUPPORTED;
	mbedtls_cipher_init(&op->cipher);
	op->cipher_ready = true;
	if (mbedtls_cipher_setup(&op->cipher, ci) != 0)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (op->a->kind == K_CMAC)
		return mbedtls_cipher_cmac_starts(&op->cipher, k->buf, k->len * 8)
			   ? TEE_ERROR_GENERIC
			   : TEE_SUCCESS;
	if (mbedtls_cipher_setkey(&op->cipher, k->buf, (int)k->len * 8,
				  decrypt ? MBEDTLS_DECRYPT : MBEDTLS_ENCRYPT) != 0)
		return TEE_ERROR_BAD_PARAMETERS;
	op->block = (uint8_t)mbedtls_cipher_get_block_size(&op->cipher);
	return TEE_SUCCESS;
}

static uint32_t load_key(struct cr_op *op)
{
	const struct cr_attr *k = cr_secret(&op->key);
	switch (op->a->kind) {
	case K_HMAC:
		return cr_hmac_start(op, k->buf, k->len);
	case K_CMAC:
	case K_CBC_MAC:
	case K_CBC_MAC_PKCS5:
	case K_ECB:
	case K_CBC:
	case K_CTR:
	case K_CTS:
		/* CTR, CTS and the MACs only ever encrypt blocks; CBC/ECB decryption decrypts */
		return cipher_setup(
		    op, op->mode == TEE_MODE_DECRYPT &&
			    (op->a->kind == K_ECB || op->a->kind == K_CBC || op->a->kind == K_CTS));
	case K_XTS: {
		const struct cr_attr *k2 = cr_secret(&op->key2);
		uint8_t both[64];
		if (k->len != k2->len)
			return TEE_ERROR_BAD_PARAMETERS;
		memcpy(both, k->buf, k->len);
		memcpy(both + k->len, k2->buf, k2->len);
		mbedtls_aes_xts_init(&op->xts);
		op->xts_ready = true;
		int e = op->mode == TEE_MODE_ENCRYPT
			    ? mbedtls_aes_xts_setkey_enc(&op->xts, both, k->len * 16)
			    : mbedtls_aes_xts_setkey_dec(&op->xts, both, k->len * 16);
		memset(both, 0, sizeof(both));
		return e ? TEE_ERROR_NOT_SUPPORTED : TEE_SUCCESS;
	}
	case K_GCM:
		mbedtls_gcm_init(&op->gcm);
		op->gcm_ready = true;
		return mbedtls_gcm_setkey(&op->gcm, MBEDTLS_CIPHER_ID_AES, k->buf, k->len * 8)
			   ? TEE_ERROR_GENERIC
			   : TEE_SUCCESS;
	case K_CCM:
		return TEE_SUCCESS; /* one-shot at the end, from the key */
	default:
		return cr_asym_load(op);
	}
}

static void drop_key(struct cr_op *op)
{
	free_ctx(op);
	cr_obj_clear(&op->key);
	cr_obj_clear(&op->key2);
	op->key.size = op->key2.size = 0;
	op->key_size = 0;
	op->state &= ~(uint32_t)(TEE_HANDLE_FLAG_KEY_SET | TEE_HANDLE_FLAG_INITIALIZED);
	op->active = false;
}

static bool key_acceptable(const struct cr_op *op, const struct cr_obj *key)
{
	/* XTS: a maximum above one AES key's is that of both keys together */
	uint32_t max = op->a->kind == K_XTS && op->max_key > 256 ? op->max_key / 2 : op->max_key;
	return (key->flags & TEE_HANDLE_FLAG_INITIALIZED) && key->size <= max &&
	       key_type_ok(op, key->type) && (key->usage & op->usage) == op->usage;
}

uint32_t cr_op_set_key(struct cr_op *op, const struct cr_obj *key, const struct cr_obj *key2)
{
	/* XTS: its two keys; SM2 KEP: the static and the ephemeral key pair */
	bool two = op->a->kind == K_XTS || op->a->kind == K_SM2_KEP;
	if (op->a->kind == K_DIGEST || (!two && key2) || (two && !key != !key2))
		return CR_PANIC;
	if (op->active || (op->state & TEE_HANDLE_FLAG_INITIALIZED && op->a->cls != ACI &&
			   op->a->cls != SIG && op->a->cls != KDF))
		return CR_PANIC; /* GP: the operation must be in its initial state */
	drop_key(op);
	if (!key)
		return TEE_SUCCESS;
	if (!key_acceptable(op, key) || (key2 && !key_acceptable(op, key2)))
		return CR_PANIC;
	uint32_t r = cr_obj_copy_attrs(&op->key, key);
	if (r == TEE_SUCCESS && key2)
		r = cr_obj_copy_attrs(&op->key2, key2);
	op->key.type = key->type;
	if (key2)
		op->key2.type = key2->type;
	if (r == TEE_SUCCESS)
		r = load_key(op);
	if (r != TEE_SUCCESS) {
		drop_key(op);
		return r;
	}
	op->key_size = key->size;
	op->state |= TEE_HANDLE_FLAG_KEY_SET;
	if (op->a->cls == ACI || op->a->cls == SIG || op->a->cls == KDF)
		op->state |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

/* ---- copies ---- */

uint32_t cr_op_copy(struct cr_op *dst, const struct cr_op *src)
{
	if (dst == src || dst->a != src->a || dst->mode != src->mode ||
	    dst->max_key < src->key_size)
		return CR_PANIC;
	drop_key(dst);
	uint32_t r = TEE_SUCCESS;
	if (src->state & TEE_HANDLE_FLAG_KEY_SET) {
		r = cr_obj_copy_attrs(&dst->key, &src->key);
		if (r == TEE_SUCCESS)
			r = cr_obj_copy_attrs(&dst->key2, &src->key2);
		if (r == TEE_SUCCESS)
			r = load_key(dst);
	}
	if (r == TEE_SUCCESS)
		r = cr_hash_clone(dst, src);
	if (r == TEE_SUCCESS && src->a->kind == K_CMAC && src->cipher_ready)
		memcpy(dst->cipher.cmac_ctx, src->cipher.cmac_ctx, sizeof(*src->cipher.cmac_ctx));
	if (r == TEE_SUCCESS && src->gcm_ready) {
		memcpy(dst->gcm.HL, src->gcm.HL, sizeof(src->gcm.HL));
		memcpy(dst->gcm.HH, src->gcm.HH, sizeof(src->gcm.HH));
		dst->gcm.len = src->gcm.len;
		dst->gcm.add_len = src->gcm.add_len;
		memcpy(dst->gcm.base_ectr, src->gcm.base_ectr, 16);
		memcpy(dst->gcm.y, src->gcm.y, 16);
		memcpy(dst->gcm.buf, src->gcm.buf, 16);
		dst->gcm.mode = src->gcm.mode;
	}
	if (r == TEE_SUCCESS && src->acc_len) {
		dst->acc = calloc(1, src->acc_cap);
		if (!dst->acc)
			r = TEE_ERROR_OUT_OF_MEMORY;
		else
			memcpy(dst->acc, src->acc, src->acc_len);
		dst->acc_len = src->acc_len;
		dst->acc_cap = src->acc_cap;
	}
	if (r == TEE_SUCCESS && src->aad_len) {
		dst->aad = calloc(1, src->aad_len);
		if (!dst->aad)
			r = TEE_ERROR_OUT_OF_MEMORY;
		else
			memcpy(dst->aad, src->aad, src->aad_len);
		dst->aad_len = src->aad_len;
	}
	if (r != TEE_SUCCESS) {
		drop_key(dst);
		return r;
	}
	dst->key_size = src->key_size;
	dst->key.size = src->key.size;
	dst->key2.size = src->key2.size;
	dst->state = src->state;
	dst->active = src->active;
	dst->digest_len = src->digest_len;
	dst->extracting = src->extracting;
	dst->xoff = src->xoff;
	memcpy(dst->xbuf, src->xbuf, sizeof(dst->xbuf));
	memcpy(dst->iv, src->iv, sizeof(dst->iv));
	memcpy(dst->pending, src->pending, sizeof(dst->pending));
	dst->pending_len = src->pending_len;
	memcpy(dst->stream, src->stream, sizeof(dst->stream));
	dst->stream_off = src->stream_off;
	memcpy(dst->nonce, src->nonce, sizeof(dst->nonce));
	dst->nonce_len = src->nonce_len;
	dst->tag_len = src->tag_len;
	dst->ae_started = src->ae_started;
	dst->payload_len = src->payload_len;
	dst->aad_expected = src->aad_expected;
	dst->block = src->block;
	return TEE_SUCCESS;
}

/* ---- digests ---- */

uint32_t cr_digest_update(struct cr_op *op, const uint8_t *src, size_t len)
{
	if (op->a->kind != K_DIGEST || op->extracting)
		return CR_PANIC; /* GP: no more input once extraction began */
	op->active = true;
	return cr_hash_update(op, src, len);
}

static void digest_restart(struct cr_op *op)
{
	cr_hash_restart(op);
	op->active = op->extracting = false;
	op->xoff = 0;
	memset(op->xbuf, 0, sizeof(op->xbuf));
}

/*
 * TEE_DigestDoFinal. Once TEE_DigestExtract began it takes no more input, and a
 * fixed-size digest gives what was not extracted yet, as OP-TEE does.
 */
uint32_t cr_digest_final(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
			 uint64_t *dst_len)
{
	if (op->a->kind != K_DIGEST || (op->extracting && len))
		return CR_PANIC;
	bool xof = cr_hash_xof(op);
	uint32_t r = TEE_SUCCESS;
	if (op->extracting && !xof) {
		size_t n = op->digest_len - op->xoff;
		if (*dst_len < n)
			n = (size_t)*dst_len;
		memcpy(dst, op->xbuf + op->xoff, n);
		*dst_len = n;
	} else if (op->extracting) {
		r = cr_hash_squeeze(op, dst, (size_t)*dst_len);
	} else {
		if (*dst_len < op->digest_len) {
			*dst_len = op->digest_len;
			return TEE_ERROR_SHORT_BUFFER;
		}
		r = cr_hash_update(op, src, len);
		if (r == TEE_SUCCESS)
			r = cr_hash_finish(op, dst, (size_t)*dst_len);
		if (!xof)
			*dst_len = op->digest_len;
	}
	digest_restart(op);
	return r;
}

/*
 * TEE_DigestExtract: SHAKE gives as many more bytes as asked; a fixed-size
 * digest is finished on the first call and handed out in pieces.
 */
uint32_t cr_digest_extract(struct cr_op *op, uint8_t *dst, uint64_t *dst_len)
{
	if (op->a->kind != K_DIGEST)
		return CR_PANIC;
	bool first = !op->extracting;
	op->extracting = true;
	op->active = true;
	if (cr_hash_xof(op))
		return first ? cr_hash_finish(op, dst, (size_t)*dst_len)
			     : cr_hash_squeeze(op, dst, (size_t)*dst_len);
	if (first && cr_hash_finish(op, op->xbuf, op->digest_len) != TEE_SUCCESS)
		return CR_PANIC;
	size_t n = op->digest_len - op->xoff;
	if (*dst_len < n)
		n = (size_t)*dst_len;
	memcpy(dst, op->xbuf + op->xoff, n);
	op->xoff = (uint8_t)(op->xoff + n);
	*dst_len = n;
	return TEE_SUCCESS;
}
