/*
 * The digests and HMACs of the operations: MD5, SHA-1 and SHA-2 with Debian's
 * mbedTLS, SHA-3 and SHAKE with Debian's libtomcrypt, SM3 with Debian's OpenSSL
 * (mbedTLS 2.28 has none of those; libtomcrypt 1.18 has no SM3). libtomcrypt's
 * HMAC runs over SHA-3 and SM3 alike: it finds its hash by index in a table
 * filled on first use (register_hash); its state keeps the padded key in a
 * buffer it allocates.
 */
#include <stdlib.h>
#include <lib/mbedtls_libc.h>
#include <lib/string.h>
#include <tee_api_defines.h>
#include <tomcrypt.h>
#include "crypto_op.h"

/*
 * SM3 (GB/T 32905-2016) is the one object of libcrypto.a linked (OpenSSL 3.0's
 * internal API of crypto/sm3: a context of 27 words, kept here in a hash_state).
 */
int ossl_sm3_init(void *c);
int ossl_sm3_update(void *c, const void *data, size_t len);
int ossl_sm3_final(unsigned char *md, void *c);
_Static_assert(sizeof(hash_state) >= 27 * sizeof(uint32_t), "SM3's context fits a hash_state");

/*
 * What the SM3 object asks of OpenSSL: a wipe the compiler keeps. Weak: on the host
 * (tests/unit) libcrypto.a's CPU-feature object, which x86 builds of its objects pull in,
 * brings its own.
 */
__attribute__((weak)) void OPENSSL_cleanse(void *p, size_t n);
__attribute__((weak)) void OPENSSL_cleanse(void *p, size_t n)
{
	volatile uint8_t *v = p;
	while (n--)
		*v++ = 0;
}

static int sm3_init(hash_state *md)
{
	return ossl_sm3_init(md) ? CRYPT_OK : CRYPT_ERROR;
}

static int sm3_process(hash_state *md, const unsigned char *in, unsigned long len)
{
	return ossl_sm3_update(md, in, len) ? CRYPT_OK : CRYPT_ERROR;
}

static int sm3_done(hash_state *md, unsigned char *out)
{
	return ossl_sm3_final(out, md) ? CRYPT_OK : CRYPT_ERROR;
}

static int sm3_test(void)
{
	return CRYPT_NOP;
}

/* libtomcrypt's descriptor of OpenSSL's SM3, for its HMAC (ID: not one of libtomcrypt's) */
static const struct ltc_hash_descriptor sm3_desc = {
    .name = "sm3",
    .ID = 200,
    .hashsize = 32,
    .blocksize = 64,
    .init = sm3_init,
    .process = sm3_process,
    .done = sm3_done,
    .test = sm3_test,
};

static const struct ltc_hash_descriptor *const ltc_desc[] = {
    [CR_SHA3_224] = &sha3_224_desc, [CR_SHA3_256] = &sha3_256_desc, [CR_SHA3_384] = &sha3_384_desc,
    [CR_SHA3_512] = &sha3_512_desc, [CR_SM3] = &sm3_desc,
};

/* libtomcrypt's checks of its own arguments (LTC_ARGCHK): a NULL here is the kernel's bug. */
void crypt_argchk(const char *v, const char *s, int d);
void crypt_argchk(const char *v, const char *s, int d)
{
	(void)v, (void)s, (void)d;
	mbedtls_libc_fatal("libtomcrypt: bad argument");
}

bool cr_hash_xof(const struct cr_op *op)
{
	return op->a->sha3 == CR_SHAKE128 || op->a->sha3 == CR_SHAKE256;
}

size_t cr_hash_size(const struct alg_info *a)
{
	if (a->sha3)
		return a->sha3 == CR_SHAKE128 || a->sha3 == CR_SHAKE256
			   ? 0
			   : ltc_desc[a->sha3]->hashsize;
	return mbedtls_md_get_size(mbedtls_md_info_from_type((mbedtls_md_type_t)a->md));
}

static hmac_state *ltc(const struct cr_op *op)
{
	return op->ltc;
}

static void ltc_drop_key(struct cr_op *op)
{
	hmac_state *h = ltc(op);
	if (h && h->key) {
		memset(h->key, 0, ltc_desc[op->a->sha3]->blocksize);
		free(h->key);
		h->key = NULL;
	}
}

uint32_t cr_hash_alloc(struct cr_op *op)
{
	if (op->a->sha3) {
		op->ltc = calloc(1, sizeof(hmac_state));
		if (!op->ltc)
			return TEE_ERROR_OUT_OF_MEMORY;
		if (op->a->kind == K_DIGEST)
			cr_hash_restart(op);
		return TEE_SUCCESS;
	}
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type((mbedtls_md_type_t)op->a->md);
	mbedtls_md_init(&op->md);
	op->md_ready = true;
	if (!info || mbedtls_md_setup(&op->md, info, op->a->kind == K_HMAC) != 0)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (op->a->kind == K_DIGEST)
		mbedtls_md_starts(&op->md);
	return TEE_SUCCESS;
}

void cr_hash_free(struct cr_op *op)
{
	if (op->md_ready)
		mbedtls_md_free(&op->md);
	op->md_ready = false;
	if (op->ltc) {
		ltc_drop_key(op);
		free(op->ltc); /* the heap wipes it */
		op->ltc = NULL;
	}
}

void cr_hash_restart(struct cr_op *op)
{
	hmac_state *h = ltc(op);
	switch (op->a->sha3) {
	case CR_NO_SHA3:
		mbedtls_md_starts(&op->md);
		break;
	case CR_SHAKE128:
		sha3_shake_init(&h->md, 128);
		break;
	case CR_SHAKE256:
		sha3_shake_init(&h->md, 256);
		break;
	default:
		ltc_desc[op->a->sha3]->init(&h->md);
		break;
	}
}

uint32_t cr_hash_update(struct cr_op *op, const uint8_t *p, size_t n)
{
	if (!op->a->sha3)
		return mbedtls_md_update(&op->md, p, n) ? TEE_ERROR_GENERIC : TEE_SUCCESS;
	int e = cr_hash_xof(op) ? sha3_process(&ltc(op)->md, p, n)
				: ltc_desc[op->a->sha3]->process(&ltc(op)->md, p, n);
	return e == CRYPT_OK ? TEE_SUCCESS : TEE_ERROR_GENERIC;
}

uint32_t cr_hash_finish(struct cr_op *op, uint8_t *out, size_t n)
{
	int e;
	if (!op->a->sha3)
		e = mbedtls_md_finish(&op->md, out);
	else if (cr_hash_xof(op))
		e = sha3_shake_done(&ltc(op)->md, out, n) != CRYPT_OK;
	else
		e = ltc_desc[op->a->sha3]->done(&ltc(op)->md, out) != CRYPT_OK;
	return e ? TEE_ERROR_GENERIC : TEE_SUCCESS;
}

/* More output of an extendable-output digest already finished (TEE_DigestExtract). */
uint32_t cr_hash_squeeze(struct cr_op *op, uint8_t *out, size_t n)
{
	return sha3_shake_done(&ltc(op)->md, out, n) == CRYPT_OK ? TEE_SUCCESS : TEE_ERROR_GENERIC;
}

uint32_t cr_hash_clone(struct cr_op *dst, const struct cr_op *src)
{
	if (!src->a->sha3) {
		if (!src->md_ready)
			return TEE_SUCCESS;
		if (!dst->md_ready && cr_hash_alloc(dst) != TEE_SUCCESS)
			return TEE_ERROR_OUT_OF_MEMORY;
		return mbedtls_md_clone(&dst->md, &src->md) ? TEE_ERROR_GENERIC : TEE_SUCCESS;
	}
	if (!dst->ltc && cr_hash_alloc(dst) != TEE_SUCCESS)
		return TEE_ERROR_OUT_OF_MEMORY;
	ltc_drop_key(dst);
	const hmac_state *s = ltc(src);
	hmac_state *d = ltc(dst);
	*d = *s;
	d->key = NULL;
	if (s->key) {
		size_t block = ltc_desc[src->a->sha3]->blocksize;
		d->key = malloc(block);
		if (!d->key)
			return TEE_ERROR_OUT_OF_MEMORY;
		memcpy(d->key, s->key, block);
	}
	return TEE_SUCCESS;
}

uint32_t cr_hmac_start(struct cr_op *op, const uint8_t *key, size_t len)
{
	if (!op->a->sha3) {
		if (!op->md_ready && cr_hash_alloc(op) != TEE_SUCCESS)
			return TEE_ERROR_OUT_OF_MEMORY;
		return mbedtls_md_hmac_starts(&op->md, key, len) ? TEE_ERROR_GENERIC : TEE_SUCCESS;
	}
	if (!op->ltc && cr_hash_alloc(op) != TEE_SUCCESS)
		return TEE_ERROR_OUT_OF_MEMORY;
	ltc_drop_key(op);
	/* the table index of the hash (register_hash answers the same one every time) */
	int index = register_hash(ltc_desc[op->a->sha3]);
	return index >= 0 && hmac_init(ltc(op), index, key, len) == CRYPT_OK ? TEE_SUCCESS
									     : TEE_ERROR_GENERIC;
}

uint32_t cr_hmac_reset(struct cr_op *op)
{
	if (!op->a->sha3) {
		mbedtls_md_hmac_reset(&op->md);
		return TEE_SUCCESS;
	}
	const struct cr_attr *k = cr_secret(&op->key);
	return k ? cr_hmac_start(op, k->buf, k->len) : TEE_SUCCESS;
}

uint32_t cr_hmac_update(struct cr_op *op, const uint8_t *p, size_t n)
{
	if (!op->a->sha3)
		return mbedtls_md_hmac_update(&op->md, p, n) ? TEE_ERROR_GENERIC : TEE_SUCCESS;
	return hmac_process(ltc(op), p, n) == CRYPT_OK ? TEE_SUCCESS : TEE_ERROR_GENERIC;
}

uint32_t cr_hmac_finish(struct cr_op *op, uint8_t *out)
{
	if (!op->a->sha3)
		return mbedtls_md_hmac_finish(&op->md, out) ? TEE_ERROR_GENERIC : TEE_SUCCESS;
	unsigned long n = 64;
	int e = hmac_done(ltc(op), out, &n);
	ltc(op)->key = NULL; /* hmac_done freed it */
	return e == CRYPT_OK ? TEE_SUCCESS : TEE_ERROR_GENERIC;
}
