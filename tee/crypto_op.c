/*
 * GlobalPlatform operations of user TAs in the TEE kernel, with Debian's
 * mbedTLS: the algorithm table, allocation, keys, copies, digests, MACs
 * (HMAC, CMAC, CBC-MAC), ciphers (AES ECB/CBC/CTR/CTS/XTS, DES and 3DES
 * ECB/CBC) and authenticated encryption (AES-GCM, AES-CCM). Asymmetric
 * operations and key derivation: crypto_asym.c. The block modes run over one
 * raw block primitive (mbedTLS's cipher layer in ECB mode) so that AES, DES
 * and 3DES share them; input that does not fill a block waits in the
 * operation.
 */
#include <stdlib.h>
#include <lib/string.h>
#include <mbedtls/cmac.h>
#include <tee_api_defines.h>
#include <tee_api_types.h>
#include "crypto_op.h"

#define A(alg, kind, cls, md, cid, key)                                                            \
	{                                                                                          \
		alg, kind, cls, md, cid, key                                                       \
	}
#define SIG TEE_OPERATION_ASYMMETRIC_SIGNATURE
#define ACI TEE_OPERATION_ASYMMETRIC_CIPHER
#define KDF TEE_OPERATION_KEY_DERIVATION
#define N MBEDTLS_MD_NONE
#define AES MBEDTLS_CIPHER_ID_AES
#define DES MBEDTLS_CIPHER_ID_DES
#define DES3 MBEDTLS_CIPHER_ID_3DES
#define NOC MBEDTLS_CIPHER_ID_NONE

static const struct alg_info algs[] = {
    A(TEE_ALG_MD5, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_MD5, NOC, 0),
    A(TEE_ALG_SHA1, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA1, NOC, 0),
    A(TEE_ALG_SHA224, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA224, NOC, 0),
    A(TEE_ALG_SHA256, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA256, NOC, 0),
    A(TEE_ALG_SHA384, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA384, NOC, 0),
    A(TEE_ALG_SHA512, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA512, NOC, 0),
    A(TEE_ALG_HMAC_MD5, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_MD5, NOC, TEE_TYPE_HMAC_MD5),
    A(TEE_ALG_HMAC_SHA1, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA1, NOC, TEE_TYPE_HMAC_SHA1),
    A(TEE_ALG_HMAC_SHA224, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA224, NOC, TEE_TYPE_HMAC_SHA224),
    A(TEE_ALG_HMAC_SHA256, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA256, NOC, TEE_TYPE_HMAC_SHA256),
    A(TEE_ALG_HMAC_SHA384, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA384, NOC, TEE_TYPE_HMAC_SHA384),
    A(TEE_ALG_HMAC_SHA512, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA512, NOC, TEE_TYPE_HMAC_SHA512),
    A(TEE_ALG_AES_CMAC, K_CMAC, TEE_OPERATION_MAC, N, AES, TEE_TYPE_AES),
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
    A(TEE_ALG_ECDSA_SHA1, K_ECDSA, SIG, MBEDTLS_MD_SHA1, NOC, TEE_TYPE_ECDSA_KEYPAIR),
    A(TEE_ALG_ECDSA_SHA224, K_ECDSA, SIG, MBEDTLS_MD_SHA224, NOC, TEE_TYPE_ECDSA_KEYPAIR),
    A(TEE_ALG_ECDSA_SHA256, K_ECDSA, SIG, MBEDTLS_MD_SHA256, NOC, TEE_TYPE_ECDSA_KEYPAIR),
    A(TEE_ALG_ECDSA_SHA384, K_ECDSA, SIG, MBEDTLS_MD_SHA384, NOC, TEE_TYPE_ECDSA_KEYPAIR),
    A(TEE_ALG_ECDSA_SHA512, K_ECDSA, SIG, MBEDTLS_MD_SHA512, NOC, TEE_TYPE_ECDSA_KEYPAIR),
    A(TEE_ALG_DH_DERIVE_SHARED_SECRET, K_DH, KDF, N, NOC, TEE_TYPE_DH_KEYPAIR),
    A(TEE_ALG_ECDH_DERIVE_SHARED_SECRET, K_ECDH, KDF, N, NOC, TEE_TYPE_ECDH_KEYPAIR),
    A(TEE_ALG_X25519, K_X25519, KDF, N, NOC, TEE_TYPE_X25519_KEYPAIR),
    A(TEE_ALG_HKDF_MD5_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_MD5, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_HKDF_SHA1_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_SHA1, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_HKDF_SHA224_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_SHA224, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_HKDF_SHA256_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_SHA256, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_HKDF_SHA384_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_SHA384, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_HKDF_SHA512_DERIVE_KEY, K_HKDF, KDF, MBEDTLS_MD_SHA512, NOC, TEE_TYPE_HKDF_IKM),
    A(TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY, K_PBKDF2, KDF, MBEDTLS_MD_SHA1, NOC,
      TEE_TYPE_PBKDF2_PASSWORD),
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
	if (a->cipher == AES)
		return bits == 128 || bits == 192 || bits == 256;
	if (a->cipher == DES)
		return bits == 64;
	if (a->cipher == DES3)
		return bits == 128 || bits == 192;
	switch (a->kind) {
	case K_HMAC:
	case K_HKDF:
	case K_PBKDF2:
		return bits >= 8 && bits <= 4096 && !(bits % 8);
	case K_ECDSA:
	case K_ECDH:
		return bits >= 192 && bits <= 521;
	case K_X25519:
		return bits == 256;
	case K_DH:
		return bits >= 256 && bits <= 2048;
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
	if (a->kind == K_X25519)
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
	if (op->md_ready)
		mbedtls_md_free(&op->md);
	if (op->cipher_ready)
		mbedtls_cipher_free(&op->cipher);
	if (op->gcm_ready)
		mbedtls_gcm_free(&op->gcm);
	if (op->xts_ready)
		mbedtls_aes_xts_free(&op->xts);
	op->md_ready = op->cipher_ready = op->gcm_ready = op->xts_ready = false;
	cr_asym_free(op);
	free(op->acc);
	op->acc = NULL;
	op->acc_len = op->acc_cap = 0;
	free(op->aad);
	op->aad = NULL;
	op->aad_len = 0;
}

static uint32_t md_setup(struct cr_op *op)
{
	mbedtls_md_init(&op->md);
	op->md_ready = true;
	if (mbedtls_md_setup(&op->md, op->md_info, op->a->kind == K_HMAC) != 0)
		return TEE_ERROR_OUT_OF_MEMORY;
	return TEE_SUCCESS;
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
		if (!op->md_info || md_setup(op) != TEE_SUCCESS) {
			free_ctx(op);
			free(op);
			return TEE_ERROR_OUT_OF_MEMORY;
		}
		op->digest_len = mbedtls_md_get_size(op->md_info);
	}
	if (a->kind == K_CMAC || a->kind == K_CBC_MAC || a->kind == K_CBC_MAC_PKCS5)
		op->digest_len = a->cipher == AES ? 16 : 8;
	if (a->kind == K_DIGEST) {
		mbedtls_md_starts(&op->md);
		op->state = TEE_HANDLE_FLAG_INITIALIZED;
	}
	if (a->kind == K_XTS)
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
	i->handleState = op->state;
	return TEE_SUCCESS;
}

uint32_t cr_op_info_multiple(struct cr_op *op, void *buf, uint64_t *size)
{
	uint32_t nkeys = op->a->kind == K_XTS ? 2 : 1;
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
	m->handleState = op->state;
	m->operationState = op->active ? TEE_OPERATION_STATE_ACTIVE : TEE_OPERATION_STATE_INITIAL;
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
		mbedtls_md_starts(&op->md);
		return TEE_SUCCESS;
	}
	if (op->a->cls == ACI || op->a->cls == SIG || op->a->cls == KDF)
		return TEE_SUCCESS;
	if (op->a->kind == K_HMAC && (op->state & TEE_HANDLE_FLAG_KEY_SET))
		mbedtls_md_hmac_reset(&op->md);
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
	default:
		return type == op->a->key_type;
	}
}

static const struct cr_attr *secret(const struct cr_obj *k)
{
	static const uint32_t ids[] = {TEE_ATTR_SECRET_VALUE, TEE_ATTR_HKDF_IKM,
				       TEE_ATTR_PBKDF2_PASSWORD};
	for (unsigned i = 0; i < 3; i++) {
		const struct cr_attr *a = cr_obj_attr(k, ids[i]);
		if (a)
			return a;
	}
	return NULL;
}

/* The raw block primitive for the block modes, in the direction the mode needs. */
static uint32_t cipher_setup(struct cr_op *op, bool decrypt)
{
	const struct cr_attr *k = secret(&op->key);
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
	const struct cr_attr *k = secret(&op->key);
	switch (op->a->kind) {
	case K_HMAC:
		if (md_setup(op) != TEE_SUCCESS)
			return TEE_ERROR_OUT_OF_MEMORY;
		return mbedtls_md_hmac_starts(&op->md, k->buf, k->len) ? TEE_ERROR_GENERIC
								       : TEE_SUCCESS;
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
		const struct cr_attr *k2 = secret(&op->key2);
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
	return (key->flags & TEE_HANDLE_FLAG_INITIALIZED) && key->size <= op->max_key &&
	       key_type_ok(op, key->type) && (key->usage & op->usage) == op->usage;
}

uint32_t cr_op_set_key(struct cr_op *op, const struct cr_obj *key, const struct cr_obj *key2)
{
	bool two = op->a->kind == K_XTS;
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
	if (r == TEE_SUCCESS && src->md_ready && !dst->md_ready)
		r = md_setup(dst);
	if (r == TEE_SUCCESS && src->md_ready && mbedtls_md_clone(&dst->md, &src->md) != 0)
		r = TEE_ERROR_GENERIC;
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
	if (op->a->kind != K_DIGEST)
		return CR_PANIC;
	op->active = true;
	return mbedtls_md_update(&op->md, src, len) ? TEE_ERROR_GENERIC : TEE_SUCCESS;
}

uint32_t cr_digest_final(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
			 uint64_t *dst_len)
{
	if (op->a->kind != K_DIGEST)
		return CR_PANIC;
	if (*dst_len < op->digest_len) {
		*dst_len = op->digest_len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (mbedtls_md_update(&op->md, src, len) || mbedtls_md_finish(&op->md, dst))
		return TEE_ERROR_GENERIC;
	*dst_len = op->digest_len;
	mbedtls_md_starts(&op->md);
	op->active = false;
	return TEE_SUCCESS;
}

/* ---- block primitive and modes ---- */

static void raw_block(struct cr_op *op, const uint8_t *in, uint8_t *out)
{
	size_t n = 0;
	mbedtls_cipher_update(&op->cipher, in, op->block, out, &n);
}

static void xor_block(uint8_t *d, const uint8_t *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		d[i] ^= s[i];
}

/* One whole block of the mode (ECB, CBC, CBC-MAC, CTS's CBC part). */
static void mode_block(struct cr_op *op, const uint8_t *in, uint8_t *out)
{
	uint8_t t[16];
	unsigned b = op->block;
	switch (op->a->kind) {
	case K_ECB:
		raw_block(op, in, out);
		break;
	case K_CBC_MAC:
	case K_CBC_MAC_PKCS5:
		xor_block(op->iv, in, b);
		raw_block(op, op->iv, t);
		memcpy(op->iv, t, b);
		break;
	default: /* CBC, CTS */
		if (op->mode == TEE_MODE_ENCRYPT) {
			memcpy(t, in, b);
			xor_block(t, op->iv, b);
			raw_block(op, t, out);
			memcpy(op->iv, out, b);
		} else {
			uint8_t c[16];
			memcpy(c, in, b);
			raw_block(op, c, t);
			xor_block(t, op->iv, b);
			memcpy(op->iv, c, b);
			memcpy(out, t, b);
		}
		break;
	}
}

/*
 * Feeds len bytes through the pending buffer; whole blocks go through
 * mode_block, except that the last `hold` bytes stay (CTS keeps up to two
 * blocks for the final stealing). out may be NULL (MACs). Returns the bytes
 * written.
 */
static size_t run_blocks(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *out,
			 size_t hold)
{
	size_t written = 0;
	unsigned b = op->block;
	size_t limit = hold ? hold + 1 : b;
	while (op->pending_len + len >= limit) {
		if (op->pending_len < b) {
			size_t take = b - op->pending_len;
			memcpy(op->pending + op->pending_len, src, take);
			op->pending_len += take;
			src += take;
			len -= take;
		}
		uint8_t o[16];
		mode_block(op, op->pending, o);
		if (out)
			memcpy(out + written, o, b);
		written += b;
		op->pending_len -= b;
		memmove(op->pending, op->pending + b, op->pending_len);
	}
	memcpy(op->pending + op->pending_len, src, len);
	op->pending_len += len;
	return written;
}

static size_t cts_hold(const struct cr_op *op)
{
	return op->a->kind == K_CTS ? 2u * op->block : 0;
}

/* Output bytes of an update of len bytes (block modes). */
static size_t block_out(const struct cr_op *op, size_t len)
{
	size_t total = op->pending_len + len, hold = cts_hold(op);
	if (hold)
		return total > hold ? ((total - hold + op->block - 1) / op->block) * op->block : 0;
	return total - total % op->block;
}

uint32_t cr_cipher_init(struct cr_op *op, const uint8_t *iv, size_t iv_len)
{
	if (op->a->cls != TEE_OPERATION_CIPHER || !(op->state & TEE_HANDLE_FLAG_KEY_SET))
		return CR_PANIC;
	unsigned b = op->a->cipher == AES ? 16 : 8;
	if (op->a->kind != K_ECB && iv_len != b)
		return CR_PANIC;
	memset(op->iv, 0, sizeof(op->iv));
	if (op->a->kind != K_ECB)
		memcpy(op->iv, iv, iv_len);
	op->pending_len = 0;
	op->stream_off = 0;
	op->acc_len = 0;
	op->state |= TEE_HANDLE_FLAG_INITIALIZED;
	op->active = true;
	return TEE_SUCCESS;
}

/* XTS works on the whole message at once (one data unit): kept until the final call. */
static uint32_t accumulate(struct cr_op *op, const uint8_t *src, size_t len)
{
	if (op->acc_len + len > CR_ACC_MAX)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (op->acc_len + len > op->acc_cap) {
		size_t cap = op->acc_len + len + 256;
		uint8_t *n = calloc(1, cap);
		if (!n)
			return TEE_ERROR_OUT_OF_MEMORY;
		if (op->acc_len)
			memcpy(n, op->acc, op->acc_len);
		free(op->acc);
		op->acc = n;
		op->acc_cap = cap;
	}
	memcpy(op->acc + op->acc_len, src, len);
	op->acc_len += len;
	return TEE_SUCCESS;
}

static void ctr_crypt(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst)
{
	for (size_t i = 0; i < len; i++) {
		if (op->stream_off == 0) {
			raw_block(op, op->iv, op->stream);
			for (int k = 15; k >= 0 && ++op->iv[k] == 0; k--)
				;
		}
		dst[i] = src[i] ^ op->stream[op->stream_off];
		op->stream_off = (op->stream_off + 1) % 16;
	}
}

/* CBC with ciphertext stealing (RFC 2040/3962: the last two blocks swapped), at the end. */
static uint32_t cts_final(struct cr_op *op, uint8_t *dst)
{
	size_t l = op->pending_len;
	if (l < 16)
		return TEE_ERROR_BAD_PARAMETERS;
	if (l == 16) {
		mode_block(op, op->pending, dst);
		return TEE_SUCCESS;
	}
	size_t d = l - 16; /* bytes of the last, partial (or full) block */
	uint8_t e[16], x[16];
	if (op->mode == TEE_MODE_ENCRYPT) {
		mode_block(op, op->pending, e); /* E(n-1) */
		memset(x, 0, 16);
		memcpy(x, op->pending + 16, d);
		xor_block(x, e, 16);
		raw_block(op, x, dst); /* C(n-1) */
		memcpy(dst + 16, e, d);
	} else {
		uint8_t dn[16], cn[16];
		memset(cn, 0, 16);
		memcpy(cn, op->pending + 16, d);
		raw_block(op, op->pending, dn); /* P(n)|pad xor E(n-1) */
		memcpy(e, cn, d);
		memcpy(e + d, dn + d, 16 - d);
		xor_block(dn, cn, 16);
		memcpy(dst + 16, dn, d);
		raw_block(op, e, x);
		xor_block(x, op->iv, 16);
		memcpy(dst, x, 16);
	}
	return TEE_SUCCESS;
}

uint32_t cr_cipher_update(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
			  uint64_t *dst_len, bool final)
{
	if (op->a->cls != TEE_OPERATION_CIPHER || !(op->state & TEE_HANDLE_FLAG_INITIALIZED))
		return CR_PANIC;
	enum kind k = op->a->kind;
	size_t n;
	if (k == K_CTR)
		n = len;
	else if (k == K_XTS)
		n = final ? op->acc_len + len : 0;
	else if (k == K_CTS && final)
		n = op->pending_len + len;
	else
		n = block_out(op, len);
	if (final && k != K_CTR && k != K_CTS && k != K_XTS && (op->pending_len + len) % op->block)
		return TEE_ERROR_BAD_PARAMETERS;
	if (final &&
	    ((k == K_XTS && op->acc_len + len < 16) || (k == K_CTS && op->pending_len + len < 16)))
		return TEE_ERROR_BAD_PARAMETERS;
	if (*dst_len < n) {
		*dst_len = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	uint32_t r = TEE_SUCCESS;
	if (k == K_CTR) {
		ctr_crypt(op, src, len, dst);
	} else if (k == K_XTS) {
		r = accumulate(op, src, len);
		if (r == TEE_SUCCESS && final &&
		    mbedtls_aes_crypt_xts(&op->xts,
					  op->mode == TEE_MODE_ENCRYPT ? MBEDTLS_AES_ENCRYPT
								       : MBEDTLS_AES_DECRYPT,
					  op->acc_len, op->iv, op->acc, dst))
			r = TEE_ERROR_BAD_PARAMETERS;
	} else if (k == K_CTS && final) {
		size_t w = run_blocks(op, src, len, dst, 2u * op->block);
		r = cts_final(op, dst + w);
	} else {
		run_blocks(op, src, len, dst, cts_hold(op));
	}
	if (r != TEE_SUCCESS)
		return r;
	*dst_len = n;
	if (final) {
		op->state &= ~(uint32_t)TEE_HANDLE_FLAG_INITIALIZED;
		op->active = false;
		op->acc_len = 0;
	}
	return TEE_SUCCESS;
}

/* ---- MACs ---- */

uint32_t cr_mac_init(struct cr_op *op, const uint8_t *iv, size_t iv_len)
{
	if (op->a->cls != TEE_OPERATION_MAC || !(op->state & TEE_HANDLE_FLAG_KEY_SET))
		return CR_PANIC;
	(void)iv;
	(void)iv_len; /* HMAC and CMAC take none; CBC-MAC starts from zero, as in OP-TEE */
	memset(op->iv, 0, sizeof(op->iv));
	op->pending_len = 0;
	if (op->a->kind == K_HMAC)
		mbedtls_md_hmac_reset(&op->md);
	else if (op->a->kind == K_CMAC)
		mbedtls_cipher_cmac_reset(&op->cipher);
	op->state |= TEE_HANDLE_FLAG_INITIALIZED;
	op->active = true;
	return TEE_SUCCESS;
}

uint32_t cr_mac_update(struct cr_op *op, const uint8_t *src, size_t len)
{
	if (op->a->cls != TEE_OPERATION_MAC || !(op->state & TEE_HANDLE_FLAG_INITIALIZED))
		return CR_PANIC;
	if (op->a->kind == K_HMAC)
		return mbedtls_md_hmac_update(&op->md, src, len) ? TEE_ERROR_GENERIC : TEE_SUCCESS;
	if (op->a->kind == K_CMAC)
		return mbedtls_cipher_cmac_update(&op->cipher, src, len) ? TEE_ERROR_GENERIC
									 : TEE_SUCCESS;
	run_blocks(op, src, len, NULL, 0);
	return TEE_SUCCESS;
}

uint32_t cr_mac_final(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *mac,
		      uint64_t *mac_len)
{
	if (op->a->cls != TEE_OPERATION_MAC || !(op->state & TEE_HANDLE_FLAG_INITIALIZED))
		return CR_PANIC;
	/* GP: a short buffer leaves the operation as it was, the input not taken */
	if (*mac_len < op->digest_len) {
		*mac_len = op->digest_len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (op->a->kind == K_CBC_MAC && (op->pending_len + len) % op->block)
		return TEE_ERROR_BAD_PARAMETERS;
	uint32_t r = cr_mac_update(op, src, len);
	if (r != TEE_SUCCESS)
		return r;
	if (op->a->kind == K_HMAC) {
		r = mbedtls_md_hmac_finish(&op->md, mac) ? TEE_ERROR_GENERIC : TEE_SUCCESS;
	} else if (op->a->kind == K_CMAC) {
		r = mbedtls_cipher_cmac_finish(&op->cipher, mac) ? TEE_ERROR_GENERIC : TEE_SUCCESS;
	} else {
		if (op->a->kind == K_CBC_MAC_PKCS5) {
			uint8_t pad[16], p = (uint8_t)(op->block - op->pending_len);
			memset(pad, p, p);
			run_blocks(op, pad, p, NULL, 0);
		}
		memcpy(mac, op->iv, op->digest_len);
	}
	*mac_len = op->digest_len;
	op->state &= ~(uint32_t)TEE_HANDLE_FLAG_INITIALIZED;
	op->active = false;
	return r;
}

/* ---- authenticated encryption ---- */

uint32_t cr_ae_init(struct cr_op *op, const uint8_t *nonce, size_t nonce_len, uint32_t tag_bits,
		    uint64_t aad_len, uint64_t payload_len)
{
	if (op->a->cls != TEE_OPERATION_AE || !(op->state & TEE_HANDLE_FLAG_KEY_SET) ||
	    (op->state & TEE_HANDLE_FLAG_INITIALIZED))
		return CR_PANIC;
	if (op->a->kind == K_GCM) {
		if (tag_bits % 8 || tag_bits < 96 || tag_bits > 128 || !nonce_len ||
		    nonce_len > sizeof(op->nonce))
			return TEE_ERROR_NOT_SUPPORTED;
	} else { /* CCM: tag 4..16 even bytes, nonce 7..13 bytes */
		if (tag_bits % 16 || tag_bits < 32 || tag_bits > 128 || nonce_len < 7 ||
		    nonce_len > 13)
			return TEE_ERROR_NOT_SUPPORTED;
		if (payload_len > CR_ACC_MAX || aad_len > CR_ACC_MAX)
			return TEE_ERROR_NOT_SUPPORTED;
	}
	memcpy(op->nonce, nonce, nonce_len);
	op->nonce_len = nonce_len;
	op->tag_len = tag_bits / 8;
	op->payload_len = payload_len;
	op->aad_expected = aad_len;
	free(op->aad);
	op->aad = NULL;
	op->aad_len = 0;
	op->acc_len = 0;
	op->pending_len = 0;
	op->ae_started = false;
	op->digest_len = tag_bits / 8;
	op->state |= TEE_HANDLE_FLAG_INITIALIZED;
	op->active = true;
	return TEE_SUCCESS;
}

uint32_t cr_ae_update_aad(struct cr_op *op, const uint8_t *src, size_t len)
{
	if (op->a->cls != TEE_OPERATION_AE || !(op->state & TEE_HANDLE_FLAG_INITIALIZED) ||
	    op->ae_started)
		return CR_PANIC;
	if (!len)
		return TEE_SUCCESS;
	if (op->aad_len + len > CR_ACC_MAX)
		return CR_PANIC;
	uint8_t *n = calloc(1, op->aad_len + len);
	if (!n)
		return CR_PANIC; /* GP's TEE_AEUpdateAAD returns nothing */
	if (op->aad_len)
		memcpy(n, op->aad, op->aad_len);
	memcpy(n + op->aad_len, src, len);
	free(op->aad);
	op->aad = n;
	op->aad_len += len;
	return TEE_SUCCESS;
}

static uint32_t gcm_start(struct cr_op *op)
{
	if (op->ae_started)
		return TEE_SUCCESS;
	int mode = op->mode == TEE_MODE_ENCRYPT ? MBEDTLS_GCM_ENCRYPT : MBEDTLS_GCM_DECRYPT;
	if (mbedtls_gcm_starts(&op->gcm, mode, op->nonce, op->nonce_len, op->aad, op->aad_len))
		return TEE_ERROR_GENERIC;
	op->ae_started = true;
	return TEE_SUCCESS;
}

static void gcm_blocks(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst)
{
	/* mbedTLS 2.28's GCM takes whole blocks except at the end: buffer to 16 */
	while (len) {
		size_t take = 16 - op->pending_len < len ? 16 - op->pending_len : len;
		memcpy(op->pending + op->pending_len, src, take);
		op->pending_len += take;
		src += take;
		len -= take;
		if (op->pending_len == 16) {
			mbedtls_gcm_update(&op->gcm, 16, op->pending, dst);
			dst += 16;
			op->pending_len = 0;
		}
	}
}

uint32_t cr_ae_update(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
		      uint64_t *dst_len)
{
	if (op->a->cls != TEE_OPERATION_AE || !(op->state & TEE_HANDLE_FLAG_INITIALIZED))
		return CR_PANIC;
	if (op->a->kind == K_CCM) {
		uint32_t r = accumulate(op, src, len);
		if (r == TEE_SUCCESS) {
			op->ae_started = true;
			*dst_len = 0;
		}
		return r;
	}
	size_t total = op->pending_len + len, n = total - total % 16;
	if (*dst_len < n) {
		*dst_len = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	uint32_t r = gcm_start(op);
	if (r != TEE_SUCCESS)
		return r;
	gcm_blocks(op, src, len, dst);
	*dst_len = n;
	return TEE_SUCCESS;
}

/* The whole of what is left, then the tag; CCM: the one-shot call over everything. */
static uint32_t ae_final(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
			 uint8_t *tag, const uint8_t *tag_in)
{
	uint32_t r = TEE_SUCCESS;
	if (op->a->kind == K_CCM) {
		r = accumulate(op, src, len);
		if (r != TEE_SUCCESS)
			return r;
		if (op->acc_len != op->payload_len || op->aad_len != op->aad_expected)
			return TEE_ERROR_BAD_PARAMETERS;
		const struct cr_attr *k = secret(&op->key);
		mbedtls_ccm_context *c = calloc(1, sizeof(*c));
		if (!c)
			return TEE_ERROR_OUT_OF_MEMORY;
		mbedtls_ccm_init(c);
		int e = mbedtls_ccm_setkey(c, MBEDTLS_CIPHER_ID_AES, k->buf, k->len * 8);
		if (!e && tag)
			e = mbedtls_ccm_encrypt_and_tag(c, op->acc_len, op->nonce, op->nonce_len,
							op->aad, op->aad_len, op->acc, dst, tag,
							op->tag_len);
		else if (!e)
			e = mbedtls_ccm_auth_decrypt(c, op->acc_len, op->nonce, op->nonce_len,
						     op->aad, op->aad_len, op->acc, dst, tag_in,
						     op->tag_len);
		mbedtls_ccm_free(c);
		free(c);
		if (e == MBEDTLS_ERR_CCM_AUTH_FAILED)
			r = TEE_ERROR_MAC_INVALID;
		else if (e)
			r = TEE_ERROR_GENERIC;
	} else {
		r = gcm_start(op);
		if (r != TEE_SUCCESS)
			return r;
		size_t whole = op->pending_len + len - (op->pending_len + len) % 16;
		gcm_blocks(op, src, len, dst);
		if (op->pending_len) {
			mbedtls_gcm_update(&op->gcm, op->pending_len, op->pending, dst + whole);
			op->pending_len = 0;
		}
		uint8_t t[16];
		if (mbedtls_gcm_finish(&op->gcm, t, op->tag_len))
			r = TEE_ERROR_GENERIC;
		else if (tag)
			memcpy(tag, t, op->tag_len);
		else {
			uint8_t diff = 0;
			for (size_t i = 0; i < op->tag_len; i++)
				diff |= t[i] ^ tag_in[i];
			if (diff)
				r = TEE_ERROR_MAC_INVALID;
		}
	}
	op->state &= ~(uint32_t)TEE_HANDLE_FLAG_INITIALIZED;
	op->active = false;
	op->acc_len = 0;
	return r;
}

static size_t ae_out(const struct cr_op *op, size_t len)
{
	return op->a->kind == K_CCM ? op->acc_len + len : op->pending_len + len;
}

uint32_t cr_ae_encrypt_final(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
			     uint64_t *dst_len, uint8_t *tag, uint64_t *tag_len)
{
	if (op->a->cls != TEE_OPERATION_AE || !(op->state & TEE_HANDLE_FLAG_INITIALIZED) ||
	    op->mode != TEE_MODE_ENCRYPT)
		return CR_PANIC;
	size_t n = ae_out(op, len);
	if (*dst_len < n || *tag_len < op->tag_len) {
		*dst_len = n;
		*tag_len = op->tag_len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	uint32_t r = ae_final(op, src, len, dst, tag, NULL);
	if (r == TEE_SUCCESS) {
		*dst_len = n;
		*tag_len = op->tag_len;
	}
	return r;
}

uint32_t cr_ae_decrypt_final(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
			     uint64_t *dst_len, const uint8_t *tag, size_t tag_len)
{
	if (op->a->cls != TEE_OPERATION_AE || !(op->state & TEE_HANDLE_FLAG_INITIALIZED) ||
	    op->mode != TEE_MODE_DECRYPT)
		return CR_PANIC;
	size_t n = ae_out(op, len);
	if (*dst_len < n) {
		*dst_len = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (tag_len != op->tag_len) {
		op->state &= ~(uint32_t)TEE_HANDLE_FLAG_INITIALIZED;
		op->active = false;
		return TEE_ERROR_MAC_INVALID;
	}
	uint32_t r = ae_final(op, src, len, dst, NULL, tag);
	if (r == TEE_ERROR_MAC_INVALID)
		memset(dst, 0, n);
	if (r == TEE_SUCCESS)
		*dst_len = n;
	return r;
}
