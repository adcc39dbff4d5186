/*
 * GlobalPlatform cryptographic operations backed by mbedTLS: digests (MD5,
 * SHA-1, SHA-2), HMAC, AES-ECB/CBC (no padding), AES-CTR, AES-GCM, RSA
 * PKCS#1 v1.5 and PSS signatures, RSAES PKCS#1 v1.5 and OAEP, ECDSA.
 */
#include <mbedtls/aes.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/gcm.h>
#include <mbedtls/md.h>
#include <mbedtls/rsa.h>
#include <tee_internal_api.h>
#include "crypto.h"

#define OP_MAGIC 0x0be7a710u

enum kind { K_DIGEST, K_HMAC, K_ECB, K_CBC, K_CTR, K_GCM, K_RSA_V15, K_RSA_PSS, K_RSAES_V15,
	    K_RSA_OAEP, K_ECDSA };

struct alg_info {
	uint32_t alg;
	enum kind kind;
	uint32_t op_class;
	mbedtls_md_type_t md; /* digest, HMAC, or the hash of a signature/OAEP */
};

static const struct alg_info algs[] = {
	{ TEE_ALG_MD5, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_MD5 },
	{ TEE_ALG_SHA1, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA1 },
	{ TEE_ALG_SHA224, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA224 },
	{ TEE_ALG_SHA256, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA256 },
	{ TEE_ALG_SHA384, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA384 },
	{ TEE_ALG_SHA512, K_DIGEST, TEE_OPERATION_DIGEST, MBEDTLS_MD_SHA512 },
	{ TEE_ALG_HMAC_MD5, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_MD5 },
	{ TEE_ALG_HMAC_SHA1, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA1 },
	{ TEE_ALG_HMAC_SHA224, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA224 },
	{ TEE_ALG_HMAC_SHA256, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA256 },
	{ TEE_ALG_HMAC_SHA384, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA384 },
	{ TEE_ALG_HMAC_SHA512, K_HMAC, TEE_OPERATION_MAC, MBEDTLS_MD_SHA512 },
	{ TEE_ALG_AES_ECB_NOPAD, K_ECB, TEE_OPERATION_CIPHER, MBEDTLS_MD_NONE },
	{ TEE_ALG_AES_CBC_NOPAD, K_CBC, TEE_OPERATION_CIPHER, MBEDTLS_MD_NONE },
	{ TEE_ALG_AES_CTR, K_CTR, TEE_OPERATION_CIPHER, MBEDTLS_MD_NONE },
	{ TEE_ALG_AES_GCM, K_GCM, TEE_OPERATION_AE, MBEDTLS_MD_NONE },
	{ TEE_ALG_RSASSA_PKCS1_V1_5_MD5, K_RSA_V15, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_MD5 },
	{ TEE_ALG_RSASSA_PKCS1_V1_5_SHA1, K_RSA_V15, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA1 },
	{ TEE_ALG_RSASSA_PKCS1_V1_5_SHA224, K_RSA_V15, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA224 },
	{ TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, K_RSA_V15, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA256 },
	{ TEE_ALG_RSASSA_PKCS1_V1_5_SHA384, K_RSA_V15, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA384 },
	{ TEE_ALG_RSASSA_PKCS1_V1_5_SHA512, K_RSA_V15, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA512 },
	{ TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA1, K_RSA_PSS, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA1 },
	{ TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA224, K_RSA_PSS, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA224 },
	{ TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, K_RSA_PSS, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA256 },
	{ TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA384, K_RSA_PSS, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA384 },
	{ TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA512, K_RSA_PSS, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA512 },
	{ TEE_ALG_RSAES_PKCS1_V1_5, K_RSAES_V15, TEE_OPERATION_ASYMMETRIC_CIPHER, MBEDTLS_MD_NONE },
	{ TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA1, K_RSA_OAEP, TEE_OPERATION_ASYMMETRIC_CIPHER, MBEDTLS_MD_SHA1 },
	{ TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA224, K_RSA_OAEP, TEE_OPERATION_ASYMMETRIC_CIPHER, MBEDTLS_MD_SHA224 },
	{ TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA256, K_RSA_OAEP, TEE_OPERATION_ASYMMETRIC_CIPHER, MBEDTLS_MD_SHA256 },
	{ TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA384, K_RSA_OAEP, TEE_OPERATION_ASYMMETRIC_CIPHER, MBEDTLS_MD_SHA384 },
	{ TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA512, K_RSA_OAEP, TEE_OPERATION_ASYMMETRIC_CIPHER, MBEDTLS_MD_SHA512 },
	{ TEE_ALG_ECDSA_SHA1, K_ECDSA, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA1 },
	{ TEE_ALG_ECDSA_SHA224, K_ECDSA, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA224 },
	{ TEE_ALG_ECDSA_SHA256, K_ECDSA, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA256 },
	{ TEE_ALG_ECDSA_SHA384, K_ECDSA, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA384 },
	{ TEE_ALG_ECDSA_SHA512, K_ECDSA, TEE_OPERATION_ASYMMETRIC_SIGNATURE, MBEDTLS_MD_SHA512 },
};

struct __TEE_OperationHandle {
	uint32_t magic;
	TEE_OperationInfo info;
	const struct alg_info *alg;
	struct __TEE_ObjectHandle *key; /* a copy of the key set */
	const mbedtls_md_info_t *md_info;
	bool md_ready, ctx_ready;
	mbedtls_md_context_t md;
	/* AES */
	mbedtls_aes_context aes;
	mbedtls_gcm_context gcm;
	uint8_t iv[16];
	uint8_t stream[16];
	size_t nc_off;
	uint8_t block[16]; /* input not yet processed (ECB, CBC, GCM) */
	size_t block_len;
	uint8_t nonce[64];
	size_t nonce_len, tag_len;
	uint8_t *aad;
	size_t aad_len;
	bool gcm_started;
	/* asymmetric */
	mbedtls_rsa_context rsa;
	mbedtls_ecdsa_context ec;
};

static const struct alg_info *alg_info(uint32_t alg)
{
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		if (algs[i].alg == alg)
			return &algs[i];
	}
	return NULL;
}

static struct __TEE_OperationHandle *check_op(TEE_OperationHandle op, uint32_t op_class)
{
	if (!op || op->magic != OP_MAGIC || (op_class && op->info.operationClass != op_class))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return op;
}

static bool mode_ok(const struct alg_info *a, uint32_t mode)
{
	switch (a->op_class) {
	case TEE_OPERATION_DIGEST:
		return mode == TEE_MODE_DIGEST;
	case TEE_OPERATION_MAC:
		return mode == TEE_MODE_MAC;
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
	switch (a->kind) {
	case K_DIGEST:
		return true;
	case K_HMAC:
		return bits >= 8 && bits <= 1024;
	case K_ECB:
	case K_CBC:
	case K_CTR:
	case K_GCM:
		return bits == 128 || bits == 192 || bits == 256;
	case K_ECDSA:
		return bits >= 192 && bits <= 521;
	default:
		return bits >= 256 && bits <= 4096;
	}
}

static void free_ctx(struct __TEE_OperationHandle *op)
{
	if (op->md_ready)
		mbedtls_md_free(&op->md);
	op->md_ready = false;
	if (op->ctx_ready) {
		mbedtls_aes_free(&op->aes);
		mbedtls_gcm_free(&op->gcm);
		mbedtls_rsa_free(&op->rsa);
		mbedtls_ecdsa_free(&op->ec);
	}
	op->ctx_ready = false;
	if (op->aad)
		TEE_Free(op->aad);
	op->aad = NULL;
	op->aad_len = 0;
}

TEE_Result TEE_AllocateOperation(TEE_OperationHandle *operation, uint32_t algorithm, uint32_t mode,
				 uint32_t maxKeySize)
{
	if (!operation)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	*operation = TEE_HANDLE_NULL;
	const struct alg_info *a = alg_info(algorithm);
	if (!a || !mode_ok(a, mode) || !key_size_ok(a, maxKeySize))
		return TEE_ERROR_NOT_SUPPORTED;
	struct __TEE_OperationHandle *op = TEE_Malloc(sizeof(*op), TEE_MALLOC_FILL_ZERO);
	if (!op)
		return TEE_ERROR_OUT_OF_MEMORY;
	op->magic = OP_MAGIC;
	op->alg = a;
	op->info.algorithm = algorithm;
	op->info.operationClass = a->op_class;
	op->info.mode = mode;
	op->info.maxKeySize = a->kind == K_DIGEST ? 0 : maxKeySize;
	op->md_info = a->md != MBEDTLS_MD_NONE ? mbedtls_md_info_from_type(a->md) : NULL;
	if (a->md != MBEDTLS_MD_NONE && !op->md_info) {
		TEE_Free(op);
		return TEE_ERROR_NOT_SUPPORTED;
	}
	if (a->kind == K_DIGEST || a->kind == K_HMAC) {
		mbedtls_md_init(&op->md);
		if (mbedtls_md_setup(&op->md, op->md_info, a->kind == K_HMAC) != 0) {
			TEE_Free(op);
			return TEE_ERROR_OUT_OF_MEMORY;
		}
		op->md_ready = true;
		op->info.digestLength = mbedtls_md_get_size(op->md_info);
	}
	if (a->kind == K_DIGEST) {
		mbedtls_md_starts(&op->md);
		op->info.handleState = TEE_HANDLE_FLAG_INITIALIZED;
	} else {
		switch (a->kind) {
		case K_RSA_V15:
		case K_RSA_PSS:
		case K_RSAES_V15:
		case K_RSA_OAEP:
		case K_ECDSA:
			op->info.requiredKeyUsage =
				mode == TEE_MODE_SIGN ? TEE_USAGE_SIGN :
				mode == TEE_MODE_VERIFY ? TEE_USAGE_VERIFY :
				mode == TEE_MODE_ENCRYPT ? TEE_USAGE_ENCRYPT : TEE_USAGE_DECRYPT;
			break;
		case K_HMAC:
			op->info.requiredKeyUsage = TEE_USAGE_MAC;
			break;
		default:
			op->info.requiredKeyUsage =
				mode == TEE_MODE_ENCRYPT ? TEE_USAGE_ENCRYPT : TEE_USAGE_DECRYPT;
			break;
		}
	}
	*operation = op;
	return TEE_SUCCESS;
}

void TEE_FreeOperation(TEE_OperationHandle operation)
{
	if (operation == TEE_HANDLE_NULL)
		return;
	check_op(operation, 0);
	free_ctx(operation);
	if (operation->key)
		TEE_FreeTransientObject(operation->key);
	TEE_MemFill(operation, 0, sizeof(*operation));
	TEE_Free(operation);
}

void TEE_GetOperationInfo(TEE_OperationHandle operation, TEE_OperationInfo *operationInfo)
{
	check_op(operation, 0);
	if (!operationInfo)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	*operationInfo = operation->info;
}

void TEE_ResetOperation(TEE_OperationHandle operation)
{
	check_op(operation, 0);
	if (operation->alg->kind == K_DIGEST) {
		mbedtls_md_starts(&operation->md);
		return;
	}
	if (operation->alg->op_class == TEE_OPERATION_ASYMMETRIC_CIPHER ||
	    operation->alg->op_class == TEE_OPERATION_ASYMMETRIC_SIGNATURE)
		return;
	operation->info.handleState &= ~(uint32_t)TEE_HANDLE_FLAG_INITIALIZED;
}

static bool key_type_ok(const struct __TEE_OperationHandle *op, uint32_t type)
{
	uint32_t mode = op->info.mode;
	switch (op->alg->kind) {
	case K_HMAC:
		return type == TEE_TYPE_GENERIC_SECRET ||
		       (type >= TEE_TYPE_HMAC_MD5 && type <= TEE_TYPE_HMAC_SHA512 &&
			(type & 0xf) == (op->info.algorithm & 0xf));
	case K_ECB:
	case K_CBC:
	case K_CTR:
	case K_GCM:
		return type == TEE_TYPE_AES;
	case K_ECDSA:
		return type == TEE_TYPE_ECDSA_KEYPAIR ||
		       (type == TEE_TYPE_ECDSA_PUBLIC_KEY && mode == TEE_MODE_VERIFY);
	default:
		return type == TEE_TYPE_RSA_KEYPAIR ||
		       (type == TEE_TYPE_RSA_PUBLIC_KEY &&
			(mode == TEE_MODE_VERIFY || mode == TEE_MODE_ENCRYPT));
	}
}

static TEE_Result load_rsa(struct __TEE_OperationHandle *op)
{
	const struct __TEE_ObjectHandle *k = op->key;
	const struct tzv_attr *n = tzv_obj_attr(k, TEE_ATTR_RSA_MODULUS);
	const struct tzv_attr *e = tzv_obj_attr(k, TEE_ATTR_RSA_PUBLIC_EXPONENT);
	const struct tzv_attr *d = tzv_obj_attr(k, TEE_ATTR_RSA_PRIVATE_EXPONENT);
	const struct tzv_attr *p = tzv_obj_attr(k, TEE_ATTR_RSA_PRIME1);
	const struct tzv_attr *q = tzv_obj_attr(k, TEE_ATTR_RSA_PRIME2);
	int pad = (op->alg->kind == K_RSA_PSS || op->alg->kind == K_RSA_OAEP) ? MBEDTLS_RSA_PKCS_V21
									       : MBEDTLS_RSA_PKCS_V15;
	mbedtls_rsa_init(&op->rsa, pad, pad == MBEDTLS_RSA_PKCS_V21 ? (int)op->alg->md : 0);
	if (mbedtls_rsa_import_raw(&op->rsa, n->buf, n->len, p ? p->buf : NULL, p ? p->len : 0,
				   q ? q->buf : NULL, q ? q->len : 0, d ? d->buf : NULL,
				   d ? d->len : 0, e->buf, e->len) != 0 ||
	    mbedtls_rsa_complete(&op->rsa) != 0)
		return TEE_ERROR_BAD_PARAMETERS;
	if (d && mbedtls_rsa_check_privkey(&op->rsa) != 0)
		return TEE_ERROR_BAD_PARAMETERS;
	if (!d && mbedtls_rsa_check_pubkey(&op->rsa) != 0)
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

static TEE_Result load_ecdsa(struct __TEE_OperationHandle *op)
{
	const struct __TEE_ObjectHandle *k = op->key;
	const struct tzv_attr *c = tzv_obj_attr(k, TEE_ATTR_ECC_CURVE);
	const struct tzv_attr *x = tzv_obj_attr(k, TEE_ATTR_ECC_PUBLIC_VALUE_X);
	const struct tzv_attr *y = tzv_obj_attr(k, TEE_ATTR_ECC_PUBLIC_VALUE_Y);
	const struct tzv_attr *d = tzv_obj_attr(k, TEE_ATTR_ECC_PRIVATE_VALUE);
	mbedtls_ecdsa_init(&op->ec);
	if (mbedtls_ecp_group_load(&op->ec.grp, (mbedtls_ecp_group_id)tzv_ecc_curve_id(c->a)) != 0 ||
	    mbedtls_mpi_read_binary(&op->ec.Q.X, x->buf, x->len) != 0 ||
	    mbedtls_mpi_read_binary(&op->ec.Q.Y, y->buf, y->len) != 0 ||
	    mbedtls_mpi_lset(&op->ec.Q.Z, 1) != 0 ||
	    mbedtls_ecp_check_pubkey(&op->ec.grp, &op->ec.Q) != 0)
		return TEE_ERROR_BAD_PARAMETERS;
	if (d && (mbedtls_mpi_read_binary(&op->ec.d, d->buf, d->len) != 0 ||
		  mbedtls_ecp_check_privkey(&op->ec.grp, &op->ec.d) != 0))
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

TEE_Result TEE_SetOperationKey(TEE_OperationHandle operation, TEE_ObjectHandle key)
{
	struct __TEE_OperationHandle *op = check_op(operation, 0);
	if (op->alg->kind == K_DIGEST)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	/* Forget any previous key and state. */
	free_ctx(op);
	if (op->alg->kind == K_HMAC) {
		mbedtls_md_init(&op->md);
		if (mbedtls_md_setup(&op->md, op->md_info, 1) != 0)
			return TEE_ERROR_OUT_OF_MEMORY;
		op->md_ready = true;
	}
	if (op->key)
		TEE_FreeTransientObject(op->key);
	op->key = NULL;
	op->info.keySize = 0;
	op->info.handleState &= ~(uint32_t)(TEE_HANDLE_FLAG_KEY_SET | TEE_HANDLE_FLAG_INITIALIZED);
	if (key == TEE_HANDLE_NULL)
		return TEE_SUCCESS;
	if (key->magic != TZV_OBJ_MAGIC || !(key->flags & TEE_HANDLE_FLAG_INITIALIZED) ||
	    key->size > op->info.maxKeySize || !key_type_ok(op, key->type) ||
	    (key->usage & op->info.requiredKeyUsage) != op->info.requiredKeyUsage)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Result res = tzv_obj_copy(&op->key, key);
	if (res != TEE_SUCCESS)
		return res;
	mbedtls_aes_init(&op->aes);
	mbedtls_gcm_init(&op->gcm);
	mbedtls_rsa_init(&op->rsa, MBEDTLS_RSA_PKCS_V15, 0);
	mbedtls_ecdsa_init(&op->ec);
	op->ctx_ready = true;
	switch (op->alg->kind) {
	case K_RSA_V15:
	case K_RSA_PSS:
	case K_RSAES_V15:
	case K_RSA_OAEP:
		mbedtls_rsa_free(&op->rsa);
		res = load_rsa(op);
		break;
	case K_ECDSA:
		mbedtls_ecdsa_free(&op->ec);
		res = load_ecdsa(op);
		break;
	default:
		break;
	}
	if (res != TEE_SUCCESS) {
		free_ctx(op);
		TEE_FreeTransientObject(op->key);
		op->key = NULL;
		return res;
	}
	op->info.keySize = key->size;
	op->info.handleState |= TEE_HANDLE_FLAG_KEY_SET;
	if (op->alg->op_class == TEE_OPERATION_ASYMMETRIC_CIPHER ||
	    op->alg->op_class == TEE_OPERATION_ASYMMETRIC_SIGNATURE)
		op->info.handleState |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

/* ---------------------------------------------------------------- digests */

void TEE_DigestUpdate(TEE_OperationHandle operation, const void *chunk, size_t chunkSize)
{
	struct __TEE_OperationHandle *op = check_op(operation, TEE_OPERATION_DIGEST);
	if (chunkSize && !chunk)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	if (mbedtls_md_update(&op->md, chunk, chunkSize) != 0)
		TEE_Panic(TEE_ERROR_GENERIC);
}

TEE_Result TEE_DigestDoFinal(TEE_OperationHandle operation, const void *chunk, size_t chunkLen,
			     void *hash, size_t *hashLen)
{
	struct __TEE_OperationHandle *op = check_op(operation, TEE_OPERATION_DIGEST);
	if (!hashLen || (chunkLen && !chunk))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t n = op->info.digestLength;
	if (!hash || *hashLen < n) {
		*hashLen = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (mbedtls_md_update(&op->md, chunk, chunkLen) != 0 || mbedtls_md_finish(&op->md, hash) != 0)
		TEE_Panic(TEE_ERROR_GENERIC);
	*hashLen = n;
	mbedtls_md_starts(&op->md);
	return TEE_SUCCESS;
}

/* ---------------------------------------------------------------- MACs */

static const struct tzv_attr *secret(struct __TEE_OperationHandle *op)
{
	if (!op->key)
		TEE_Panic(TEE_ERROR_BAD_STATE);
	return tzv_obj_attr(op->key, TEE_ATTR_SECRET_VALUE);
}

void TEE_MACInit(TEE_OperationHandle operation, const void *IV, size_t IVLen)
{
	struct __TEE_OperationHandle *op = check_op(operation, TEE_OPERATION_MAC);
	(void)IV;
	(void)IVLen; /* HMAC takes no IV */
	const struct tzv_attr *k = secret(op);
	if (mbedtls_md_hmac_starts(&op->md, k->buf, k->len) != 0)
		TEE_Panic(TEE_ERROR_GENERIC);
	op->info.handleState |= TEE_HANDLE_FLAG_INITIALIZED;
}

void TEE_MACUpdate(TEE_OperationHandle operation, const void *chunk, size_t chunkSize)
{
	struct __TEE_OperationHandle *op = check_op(operation, TEE_OPERATION_MAC);
	if (!(op->info.handleState & TEE_HANDLE_FLAG_INITIALIZED) || (chunkSize && !chunk))
		TEE_Panic(TEE_ERROR_BAD_STATE);
	if (mbedtls_md_hmac_update(&op->md, chunk, chunkSize) != 0)
		TEE_Panic(TEE_ERROR_GENERIC);
}

TEE_Result TEE_MACComputeFinal(TEE_OperationHandle operation, const void *message,
			       size_t messageLen, void *mac, size_t *macLen)
{
	struct __TEE_OperationHandle *op = check_op(operation, TEE_OPERATION_MAC);
	if (!(op->info.handleState & TEE_HANDLE_FLAG_INITIALIZED) || !macLen ||
	    (messageLen && !message))
		TEE_Panic(TEE_ERROR_BAD_STATE);
	size_t n = op->info.digestLength;
	if (!mac || *macLen < n) {
		*macLen = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (mbedtls_md_hmac_update(&op->md, message, messageLen) != 0 ||
	    mbedtls_md_hmac_finish(&op->md, mac) != 0)
		TEE_Panic(TEE_ERROR_GENERIC);
	*macLen = n;
	op->info.handleState &= ~(uint32_t)TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

TEE_Result TEE_MACCompareFinal(TEE_OperationHandle operation, const void *message,
			       size_t messageLen, const void *mac, size_t macLen)
{
	uint8_t tmp[MBEDTLS_MD_MAX_SIZE];
	size_t n = sizeof(tmp);
	TEE_Result res = TEE_MACComputeFinal(operation, message, messageLen, tmp, &n);
	if (res != TEE_SUCCESS)
		return res;
	if (macLen != n || TEE_MemCompare(tmp, mac, n) != 0)
		return TEE_ERROR_MAC_INVALID;
	return TEE_SUCCESS;
}

/* ---------------------------------------------------------------- AES */

static void aes_key(struct __TEE_OperationHandle *op, bool decrypt)
{
	const struct tzv_attr *k = secret(op);
	int r = decrypt ? mbedtls_aes_setkey_dec(&op->aes, k->buf, (unsigned)k->len * 8)
			: mbedtls_aes_setkey_enc(&op->aes, k->buf, (unsigned)k->len * 8);
	if (r != 0)
		TEE_Panic(TEE_ERROR_GENERIC);
}

void TEE_CipherInit(TEE_OperationHandle operation, const void *IV, size_t IVLen)
{
	struct __TEE_OperationHandle *op = check_op(operation, TEE_OPERATION_CIPHER);
	enum kind k = op->alg->kind;
	if (k != K_ECB && (IVLen != 16 || !IV))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	aes_key(op, k != K_CTR && op->info.mode == TEE_MODE_DECRYPT);
	if (k != K_ECB)
		TEE_MemMove(op->iv, IV, 16);
	op->nc_off = 0;
	op->block_len = 0;
	op->info.handleState |= TEE_HANDLE_FLAG_INITIALIZED;
}

static void aes_block(struct __TEE_OperationHandle *op, const uint8_t in[16], uint8_t out[16])
{
	int mode = op->info.mode == TEE_MODE_ENCRYPT ? MBEDTLS_AES_ENCRYPT : MBEDTLS_AES_DECRYPT;
	int r = op->alg->kind == K_ECB ? mbedtls_aes_crypt_ecb(&op->aes, mode, in, out)
				       : mbedtls_aes_crypt_cbc(&op->aes, mode, 16, op->iv, in, out);
	if (r != 0)
		TEE_Panic(TEE_ERROR_GENERIC);
}

/*
 * Block modes: feeds src through the 16-byte buffer, writes whole blocks.
 * With final, nothing may be left over. dst must hold the output length,
 * checked by the caller (block_out()).
 */
typedef void (*block_fn)(struct __TEE_OperationHandle *op, const uint8_t *in, uint8_t *out,
			 size_t len);

static size_t block_out(const struct __TEE_OperationHandle *op, size_t srcLen, bool final)
{
	size_t total = op->block_len + srcLen;
	return final ? total : total - total % 16;
}

static void run_blocks(struct __TEE_OperationHandle *op, const uint8_t *src, size_t len,
		       uint8_t *dst, block_fn fn)
{
	uint8_t in[16], out[16];
	while (op->block_len + len >= 16) {
		size_t take = 16 - op->block_len;
		TEE_MemMove(in, op->block, op->block_len);
		TEE_MemMove(in + op->block_len, src, take);
		src += take;
		len -= take;
		op->block_len = 0;
		fn(op, in, out, 16);
		TEE_MemMove(dst, out, 16);
		dst += 16;
	}
	TEE_MemMove(op->block + op->block_len, src, len);
	op->block_len += len;
}

static void cipher_fn(struct __TEE_OperationHandle *op, const uint8_t *in, uint8_t *out, size_t len)
{
	(void)len;
	aes_block(op, in, out);
}

static TEE_Result cipher(TEE_OperationHandle operation, const void *srcData, size_t srcLen,
			 void *destData, size_t *destLen, bool final)
{
	struct __TEE_OperationHandle *op = check_op(operation, TEE_OPERATION_CIPHER);
	if (!(op->info.handleState & TEE_HANDLE_FLAG_INITIALIZED) || !destLen ||
	    (srcLen && !srcData))
		TEE_Panic(TEE_ERROR_BAD_STATE);
	if (op->alg->kind == K_CTR) {
		if (!destData || *destLen < srcLen) {
			*destLen = srcLen;
			return TEE_ERROR_SHORT_BUFFER;
		}
		if (srcLen && mbedtls_aes_crypt_ctr(&op->aes, srcLen, &op->nc_off, op->iv, op->stream,
						    srcData, destData) != 0)
			TEE_Panic(TEE_ERROR_GENERIC);
		*destLen = srcLen;
	} else {
		size_t n = block_out(op, srcLen, final);
		if (final && n % 16)
			return TEE_ERROR_BAD_PARAMETERS;
		if ((n && !destData) || *destLen < n) {
			*destLen = n;
			return TEE_ERROR_SHORT_BUFFER;
		}
		run_blocks(op, srcData, srcLen, destData, cipher_fn);
		*destLen = n;
	}
	if (final)
		op->info.handleState &= ~(uint32_t)TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

TEE_Result TEE_CipherUpdate(TEE_OperationHandle operation, const void *srcData, size_t srcLen,
			    void *destData, size_t *destLen)
{
	return cipher(operation, srcData, srcLen, destData, destLen, false);
}

TEE_Result TEE_CipherDoFinal(TEE_OperationHandle operation, const void *srcData, size_t srcLen,
			     void *destData, size_t *destLen)
{
	return cipher(operation, srcData, srcLen, destData, destLen, true);
}

/* ---------------------------------------------------------------- AES-GCM */

TEE_Result TEE_AEInit(TEE_OperationHandle operation, const void *nonce, size_t nonceLen,
		      uint32_t tagLen, size_t AADLen, size_t payloadLen)
{
	struct __TEE_OperationHandle *op = check_op(operation, TEE_OPERATION_AE);
	(void)AADLen;
	(void)payloadLen; /* GCM needs neither in advance */
	if (!nonce || !nonceLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	if (tagLen % 8 || tagLen < 32 || tagLen > 128 || nonceLen > sizeof(op->nonce))
		return TEE_ERROR_NOT_SUPPORTED;
	const struct tzv_attr *k = secret(op);
	if (mbedtls_gcm_setkey(&op->gcm, MBEDTLS_CIPHER_ID_AES, k->buf, (unsigned)k->len * 8) != 0)
		TEE_Panic(TEE_ERROR_GENERIC);
	TEE_MemMove(op->nonce, nonce, nonceLen);
	op->nonce_len = nonceLen;
	op->tag_len = tagLen / 8;
	if (op->aad)
		TEE_Free(op->aad);
	op->aad = NULL;
	op->aad_len = 0;
	op->block_len = 0;
	op->gcm_started = false;
	op->info.digestLength = tagLen / 8;
	op->info.handleState |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

void TEE_AEUpdateAAD(TEE_OperationHandle operation, const void *AADdata, size_t AADdataLen)
{
	struct __TEE_OperationHandle *op = check_op(operation, TEE_OPERATION_AE);
	if (!(op->info.handleState & TEE_HANDLE_FLAG_INITIALIZED) || op->gcm_started ||
	    (AADdataLen && !AADdata))
		TEE_Panic(TEE_ERROR_BAD_STATE);
	if (!AADdataLen)
		return;
	uint8_t *n = TEE_Realloc(op->aad, op->aad_len + AADdataLen);
	if (!n)
		TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
	TEE_MemMove(n + op->aad_len, AADdata, AADdataLen);
	op->aad = n;
	op->aad_len += AADdataLen;
}

static void gcm_start(struct __TEE_OperationHandle *op)
{
	if (op->gcm_started)
		return;
	int mode = op->info.mode == TEE_MODE_ENCRYPT ? MBEDTLS_GCM_ENCRYPT : MBEDTLS_GCM_DECRYPT;
	if (mbedtls_gcm_starts(&op->gcm, mode, op->nonce, op->nonce_len, op->aad, op->aad_len) != 0)
		TEE_Panic(TEE_ERROR_GENERIC);
	op->gcm_started = true;
}

static void gcm_fn(struct __TEE_OperationHandle *op, const uint8_t *in, uint8_t *out, size_t len)
{
	if (mbedtls_gcm_update(&op->gcm, len, in, out) != 0)
		TEE_Panic(TEE_ERROR_GENERIC);
}

static struct __TEE_OperationHandle *ae_op(TEE_OperationHandle operation, size_t srcLen,
					   const void *srcData, size_t *destLen)
{
	struct __TEE_OperationHandle *op = check_op(operation, TEE_OPERATION_AE);
	if (!(op->info.handleState & TEE_HANDLE_FLAG_INITIALIZED) || !destLen ||
	    (srcLen && !srcData))
		TEE_Panic(TEE_ERROR_BAD_STATE);
	return op;
}

TEE_Result TEE_AEUpdate(TEE_OperationHandle operation, const void *srcData, size_t srcLen,
			void *destData, size_t *destLen)
{
	struct __TEE_OperationHandle *op = ae_op(operation, srcLen, srcData, destLen);
	size_t n = block_out(op, srcLen, false);
	if ((n && !destData) || *destLen < n) {
		*destLen = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	gcm_start(op);
	run_blocks(op, srcData, srcLen, destData, gcm_fn);
	*destLen = n;
	return TEE_SUCCESS;
}

/* Processes what is left: whole blocks of buffer + src, then the partial tail (GCM's last update). */
static void ae_final(struct __TEE_OperationHandle *op, const void *srcData, size_t srcLen,
		     uint8_t *dst, uint8_t *tag)
{
	gcm_start(op);
	size_t whole = block_out(op, srcLen, false);
	run_blocks(op, srcData, srcLen, dst, gcm_fn);
	if (op->block_len) {
		uint8_t out[16];
		gcm_fn(op, op->block, out, op->block_len);
		TEE_MemMove(dst + whole, out, op->block_len);
		op->block_len = 0;
	}
	if (mbedtls_gcm_finish(&op->gcm, tag, op->tag_len) != 0)
		TEE_Panic(TEE_ERROR_GENERIC);
	op->info.handleState &= ~(uint32_t)TEE_HANDLE_FLAG_INITIALIZED;
}

TEE_Result TEE_AEEncryptFinal(TEE_OperationHandle operation, const void *srcData, size_t srcLen,
			      void *destData, size_t *destLen, void *tag, size_t *tagLen)
{
	struct __TEE_OperationHandle *op = ae_op(operation, srcLen, srcData, destLen);
	if (op->info.mode != TEE_MODE_ENCRYPT || !tagLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t n = block_out(op, srcLen, true);
	if ((n && !destData) || *destLen < n || !tag || *tagLen < op->tag_len) {
		*destLen = n;
		*tagLen = op->tag_len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	ae_final(op, srcData, srcLen, destData, tag);
	*destLen = n;
	*tagLen = op->tag_len;
	return TEE_SUCCESS;
}

TEE_Result TEE_AEDecryptFinal(TEE_OperationHandle operation, const void *srcData, size_t srcLen,
			      void *destData, size_t *destLen, void *tag, size_t tagLen)
{
	struct __TEE_OperationHandle *op = ae_op(operation, srcLen, srcData, destLen);
	uint8_t computed[16];
	if (op->info.mode != TEE_MODE_DECRYPT || (tagLen && !tag))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t n = block_out(op, srcLen, true);
	if ((n && !destData) || *destLen < n) {
		*destLen = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	size_t want = op->tag_len;
	ae_final(op, srcData, srcLen, destData, computed);
	*destLen = n;
	if (tagLen != want || TEE_MemCompare(computed, tag, want) != 0) {
		TEE_MemFill(destData, 0, n);
		return TEE_ERROR_MAC_INVALID;
	}
	return TEE_SUCCESS;
}

/* ---------------------------------------------------------------- asymmetric */

static const TEE_Attribute *find_attr(const TEE_Attribute *params, uint32_t n, uint32_t id)
{
	if (n && !params)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	for (uint32_t i = 0; i < n; i++) {
		if (params[i].attributeID == id)
			return &params[i];
	}
	return NULL;
}

static struct __TEE_OperationHandle *asym_op(TEE_OperationHandle operation, uint32_t op_class,
					     uint32_t mode)
{
	struct __TEE_OperationHandle *op = check_op(operation, op_class);
	if (op->info.mode != mode || !op->key)
		TEE_Panic(TEE_ERROR_BAD_STATE);
	return op;
}

static size_t ec_len(const struct __TEE_OperationHandle *op)
{
	return (op->ec.grp.pbits + 7) / 8;
}

TEE_Result TEE_AsymmetricSignDigest(TEE_OperationHandle operation, const TEE_Attribute *params,
				    uint32_t paramCount, const void *digest, size_t digestLen,
				    void *signature, size_t *signatureLen)
{
	struct __TEE_OperationHandle *op =
		asym_op(operation, TEE_OPERATION_ASYMMETRIC_SIGNATURE, TEE_MODE_SIGN);
	if (!signatureLen || !digest)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t hlen = mbedtls_md_get_size(op->md_info);
	if (op->alg->kind == K_ECDSA) {
		size_t n = ec_len(op);
		if (!signature || *signatureLen < 2 * n) {
			*signatureLen = 2 * n;
			return TEE_ERROR_SHORT_BUFFER;
		}
		mbedtls_mpi r, s;
		mbedtls_mpi_init(&r);
		mbedtls_mpi_init(&s);
		int e = mbedtls_ecdsa_sign(&op->ec.grp, &r, &s, &op->ec.d, digest, digestLen,
					   tzv_mbedtls_rng, NULL);
		if (!e)
			e = mbedtls_mpi_write_binary(&r, signature, n);
		if (!e)
			e = mbedtls_mpi_write_binary(&s, (uint8_t *)signature + n, n);
		mbedtls_mpi_free(&r);
		mbedtls_mpi_free(&s);
		if (e)
			return TEE_ERROR_GENERIC;
		*signatureLen = 2 * n;
		return TEE_SUCCESS;
	}
	if (digestLen != hlen)
		return TEE_ERROR_BAD_PARAMETERS;
	size_t k = mbedtls_rsa_get_len(&op->rsa);
	if (!signature || *signatureLen < k) {
		*signatureLen = k;
		return TEE_ERROR_SHORT_BUFFER;
	}
	int e;
	if (op->alg->kind == K_RSA_PSS) {
		const TEE_Attribute *salt = find_attr(params, paramCount, TEE_ATTR_RSA_PSS_SALT_LENGTH);
		int saltlen = salt ? (int)salt->content.value.a : (int)hlen;
		e = mbedtls_rsa_rsassa_pss_sign_ext(&op->rsa, tzv_mbedtls_rng, NULL, op->alg->md,
						    (unsigned)hlen, digest, saltlen, signature);
	} else {
		e = mbedtls_rsa_rsassa_pkcs1_v15_sign(&op->rsa, tzv_mbedtls_rng, NULL,
						      MBEDTLS_RSA_PRIVATE, op->alg->md,
						      (unsigned)hlen, digest, signature);
	}
	if (e)
		return TEE_ERROR_BAD_PARAMETERS;
	*signatureLen = k;
	return TEE_SUCCESS;
}

TEE_Result TEE_AsymmetricVerifyDigest(TEE_OperationHandle operation, const TEE_Attribute *params,
				      uint32_t paramCount, const void *digest, size_t digestLen,
				      const void *signature, size_t signatureLen)
{
	struct __TEE_OperationHandle *op =
		asym_op(operation, TEE_OPERATION_ASYMMETRIC_SIGNATURE, TEE_MODE_VERIFY);
	if (!digest || (signatureLen && !signature))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t hlen = mbedtls_md_get_size(op->md_info);
	if (op->alg->kind == K_ECDSA) {
		size_t n = ec_len(op);
		if (signatureLen != 2 * n)
			return TEE_ERROR_SIGNATURE_INVALID;
		mbedtls_mpi r, s;
		mbedtls_mpi_init(&r);
		mbedtls_mpi_init(&s);
		int e = mbedtls_mpi_read_binary(&r, signature, n);
		if (!e)
			e = mbedtls_mpi_read_binary(&s, (const uint8_t *)signature + n, n);
		if (!e)
			e = mbedtls_ecdsa_verify(&op->ec.grp, digest, digestLen, &op->ec.Q, &r, &s);
		mbedtls_mpi_free(&r);
		mbedtls_mpi_free(&s);
		return e ? TEE_ERROR_SIGNATURE_INVALID : TEE_SUCCESS;
	}
	if (digestLen != hlen)
		return TEE_ERROR_BAD_PARAMETERS;
	if (signatureLen != mbedtls_rsa_get_len(&op->rsa))
		return TEE_ERROR_SIGNATURE_INVALID;
	int e;
	if (op->alg->kind == K_RSA_PSS) {
		const TEE_Attribute *salt = find_attr(params, paramCount, TEE_ATTR_RSA_PSS_SALT_LENGTH);
		int saltlen = salt ? (int)salt->content.value.a : (int)hlen;
		e = mbedtls_rsa_rsassa_pss_verify_ext(&op->rsa, NULL, NULL, MBEDTLS_RSA_PUBLIC,
						      op->alg->md, (unsigned)hlen, digest,
						      op->alg->md, saltlen, signature);
	} else {
		e = mbedtls_rsa_rsassa_pkcs1_v15_verify(&op->rsa, NULL, NULL, MBEDTLS_RSA_PUBLIC,
							op->alg->md, (unsigned)hlen, digest,
							signature);
	}
	return e ? TEE_ERROR_SIGNATURE_INVALID : TEE_SUCCESS;
}

static void oaep_label(const TEE_Attribute *params, uint32_t n, const uint8_t **label,
		       size_t *len)
{
	const TEE_Attribute *l = find_attr(params, n, TEE_ATTR_RSA_OAEP_LABEL);
	*label = l ? l->content.ref.buffer : NULL;
	*len = l ? l->content.ref.length : 0;
}

TEE_Result TEE_AsymmetricEncrypt(TEE_OperationHandle operation, const TEE_Attribute *params,
				 uint32_t paramCount, const void *srcData, size_t srcLen,
				 void *destData, size_t *destLen)
{
	struct __TEE_OperationHandle *op =
		asym_op(operation, TEE_OPERATION_ASYMMETRIC_CIPHER, TEE_MODE_ENCRYPT);
	if (!destLen || (srcLen && !srcData))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t k = mbedtls_rsa_get_len(&op->rsa);
	if (!destData || *destLen < k) {
		*destLen = k;
		return TEE_ERROR_SHORT_BUFFER;
	}
	int e;
	if (op->alg->kind == K_RSA_OAEP) {
		const uint8_t *label;
		size_t llen;
		oaep_label(params, paramCount, &label, &llen);
		e = mbedtls_rsa_rsaes_oaep_encrypt(&op->rsa, tzv_mbedtls_rng, NULL, MBEDTLS_RSA_PUBLIC,
						   label, llen, srcLen, srcData, destData);
	} else {
		e = mbedtls_rsa_rsaes_pkcs1_v15_encrypt(&op->rsa, tzv_mbedtls_rng, NULL,
							MBEDTLS_RSA_PUBLIC, srcLen, srcData,
							destData);
	}
	if (e)
		return TEE_ERROR_BAD_PARAMETERS;
	*destLen = k;
	return TEE_SUCCESS;
}

TEE_Result TEE_AsymmetricDecrypt(TEE_OperationHandle operation, const TEE_Attribute *params,
				 uint32_t paramCount, const void *srcData, size_t srcLen,
				 void *destData, size_t *destLen)
{
	struct __TEE_OperationHandle *op =
		asym_op(operation, TEE_OPERATION_ASYMMETRIC_CIPHER, TEE_MODE_DECRYPT);
	if (!destLen || !srcData)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t k = mbedtls_rsa_get_len(&op->rsa);
	if (srcLen != k)
		return TEE_ERROR_BAD_PARAMETERS;
	uint8_t *tmp = TEE_Malloc(k, TEE_MALLOC_NO_FILL);
	if (!tmp)
		return TEE_ERROR_OUT_OF_MEMORY;
	size_t olen = 0;
	int e;
	if (op->alg->kind == K_RSA_OAEP) {
		const uint8_t *label;
		size_t llen;
		oaep_label(params, paramCount, &label, &llen);
		e = mbedtls_rsa_rsaes_oaep_decrypt(&op->rsa, tzv_mbedtls_rng, NULL,
						   MBEDTLS_RSA_PRIVATE, label, llen, &olen, srcData,
						   tmp, k);
	} else {
		e = mbedtls_rsa_rsaes_pkcs1_v15_decrypt(&op->rsa, tzv_mbedtls_rng, NULL,
							MBEDTLS_RSA_PRIVATE, &olen, srcData, tmp, k);
	}
	TEE_Result res = TEE_SUCCESS;
	if (e) {
		res = TEE_ERROR_BAD_PARAMETERS;
	} else if (!destData || *destLen < olen) {
		*destLen = olen;
		res = TEE_ERROR_SHORT_BUFFER;
	} else {
		TEE_MemMove(destData, tmp, olen);
		*destLen = olen;
	}
	TEE_MemFill(tmp, 0, k);
	TEE_Free(tmp);
	return res;
}
