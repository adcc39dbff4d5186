/*
 * Ed25519 (RFC 8032) for user TAs: the curve arithmetic is OpenSSL 3.0's
 * crypto/ec/curve25519.c, the one object of Debian's libcrypto.a it needs
 * (ossl_ed25519_*). That object hashes through OpenSSL's EVP digest calls; the
 * few it makes are answered here with mbedTLS's SHA-512, so none of OpenSSL's
 * EVP or provider code is linked. Ed25519ctx and Ed25519ph (GP 1.3.1's
 * TEE_ATTR_EDDSA_CTX and TEE_ATTR_EDDSA_PREHASH, as OP-TEE has them) hash
 * RFC 8032's dom2 prefix first: OpenSSL 3.0 has no dom2, so the "library
 * context" handed to its sign and verify calls carries the prefix, and the
 * digest shim below puts it in front of the two hashes of a signature
 * (not the hash that expands the private key).
 */
#include <stdlib.h>
#include <lib/string.h>
#include <mbedtls/sha512.h>
#include <tee_api_defines.h>
#include "crypto_op.h"

/* OpenSSL 3.0's internal API of crypto/ec/curve25519.c (include/crypto/ecx.h) */
int ossl_ed25519_sign(uint8_t *out_sig, const uint8_t *message, size_t message_len,
		      const uint8_t public_key[32], const uint8_t private_key[32], void *libctx,
		      const char *propq);
int ossl_ed25519_verify(const uint8_t *message, size_t message_len, const uint8_t signature[64],
			const uint8_t public_key[32], void *libctx, const char *propq);
int ossl_ed25519_public_from_private(void *libctx, uint8_t out_public_key[32],
				     const uint8_t private_key[32], const char *propq);

#define ED25519_CTX_MAX 255 /* GP 1.3.1 table 6-8 */

/*
 * What the curve25519 object takes for an EVP_MD: the dom2 prefix of this
 * signature, and how many digests to leave without it (signing first hashes
 * the private key).
 */
struct ed_dom {
	uint8_t prefix[32 + 2 + ED25519_CTX_MAX];
	size_t len;
	unsigned skip;
};

struct evp_md_ctx {
	mbedtls_sha512_context sha;
};

/* ---- the EVP calls of the curve25519 object, over mbedTLS ---- */

void *EVP_MD_fetch(void *libctx, const char *name, const char *propq);
void EVP_MD_free(void *md);
struct evp_md_ctx *EVP_MD_CTX_new(void);
void EVP_MD_CTX_free(struct evp_md_ctx *c);
int EVP_DigestInit_ex(struct evp_md_ctx *c, void *md, void *impl);
int EVP_DigestUpdate(struct evp_md_ctx *c, const void *d, size_t n);
int EVP_DigestFinal_ex(struct evp_md_ctx *c, uint8_t *out, unsigned *n);
int EVP_Digest(const void *d, size_t n, uint8_t *out, unsigned *len, void *md, void *impl);
__attribute__((weak)) int CRYPTO_memcmp(const void *a, const void *b, size_t n);

static struct ed_dom no_dom; /* never written: len 0, skip 0 */

/* The object asks only for "SHA512"; libctx is the struct ed_dom (or NULL) given to it. */
void *EVP_MD_fetch(void *libctx, const char *name, const char *propq)
{
	(void)propq;
	if (strcmp(name, "SHA512") != 0)
		return NULL;
	return libctx ? libctx : &no_dom;
}

void EVP_MD_free(void *md)
{
	(void)md;
}

struct evp_md_ctx *EVP_MD_CTX_new(void)
{
	struct evp_md_ctx *c = calloc(1, sizeof(*c));
	if (c)
		mbedtls_sha512_init(&c->sha);
	return c;
}

void EVP_MD_CTX_free(struct evp_md_ctx *c)
{
	if (!c)
		return;
	mbedtls_sha512_free(&c->sha);
	free(c); /* the heap wipes it */
}

int EVP_DigestInit_ex(struct evp_md_ctx *c, void *md, void *impl)
{
	(void)impl;
	struct ed_dom *dom = md;
	if (mbedtls_sha512_starts_ret(&c->sha, 0) != 0)
		return 0;
	if (dom->skip) {
		dom->skip--;
		return 1;
	}
	return !dom->len || mbedtls_sha512_update_ret(&c->sha, dom->prefix, dom->len) == 0;
}

int EVP_DigestUpdate(struct evp_md_ctx *c, const void *d, size_t n)
{
	return mbedtls_sha512_update_ret(&c->sha, d, n) == 0;
}

int EVP_DigestFinal_ex(struct evp_md_ctx *c, uint8_t *out, unsigned *n)
{
	if (n)
		*n = 64;
	return mbedtls_sha512_finish_ret(&c->sha, out) == 0;
}

int EVP_Digest(const void *d, size_t n, uint8_t *out, unsigned *len, void *md, void *impl)
{
	(void)md;
	(void)impl;
	if (len)
		*len = 64;
	return mbedtls_sha512_ret(d, n, out, 0) == 0;
}

/* weak for the same reason as OPENSSL_cleanse (crypto_hash.c) */
__attribute__((weak)) int CRYPTO_memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	uint8_t d = 0;
	for (size_t i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d;
}

/* ---- GP's Ed25519 ---- */

uint32_t cr_ed25519_public(const uint8_t priv[32], uint8_t pub[32])
{
	return ossl_ed25519_public_from_private(NULL, pub, priv, NULL) ? TEE_SUCCESS
								       : TEE_ERROR_GENERIC;
}

/*
 * The signature's variant from the operation's parameters, as OP-TEE reads
 * them: PREHASH 0 or 1, one CTX of at most 255 bytes; either makes it a dom2
 * variant (an empty CTX alone does not).
 */
static uint32_t parse_variant(const struct tzv_cr_attr *params, const void *const *bufs,
			      uint32_t count, struct ed_dom *dom, bool *ph)
{
	static const char tag[] = "SigEd25519 no Ed25519 collisions";
	const uint8_t *ctx = NULL;
	size_t ctx_len = 0;
	bool seen_ctx = false;
	*ph = false;
	for (uint32_t i = 0; i < count; i++) {
		if (params[i].id == TEE_ATTR_EDDSA_PREHASH) {
			if (params[i].u.value.b || params[i].u.value.a > 1)
				return TEE_ERROR_BAD_PARAMETERS;
			*ph = params[i].u.value.a == 1;
		} else if (params[i].id == TEE_ATTR_EDDSA_CTX) {
			if (seen_ctx || params[i].u.ref.length > ED25519_CTX_MAX)
				return TEE_ERROR_BAD_PARAMETERS;
			seen_ctx = true;
			ctx = bufs[i];
			ctx_len = (size_t)params[i].u.ref.length;
		}
	}
	dom->len = 0;
	if (!*ph && !ctx_len)
		return TEE_SUCCESS;
	memcpy(dom->prefix, tag, 32);
	dom->prefix[32] = *ph;
	dom->prefix[33] = (uint8_t)ctx_len;
	if (ctx_len)
		memcpy(dom->prefix + 34, ctx, ctx_len);
	dom->len = 34 + ctx_len;
	return TEE_SUCCESS;
}

uint32_t cr_ed25519(struct cr_op *op, bool sign, const struct tzv_cr_attr *params,
		    const void *const *bufs, uint32_t count, const uint8_t *msg, size_t len,
		    uint8_t *sig, uint64_t *sig_len)
{
	const struct cr_attr *pub = cr_obj_attr(&op->key, TEE_ATTR_ED25519_PUBLIC_VALUE);
	const struct cr_attr *priv = cr_obj_attr(&op->key, TEE_ATTR_ED25519_PRIVATE_VALUE);
	struct ed_dom *dom = calloc(1, sizeof(*dom));
	if (!dom)
		return TEE_ERROR_OUT_OF_MEMORY;
	bool ph;
	uint8_t hash[64];
	uint32_t r = parse_variant(params, bufs, count, dom, &ph);
	if (r == TEE_SUCCESS && ph) { /* Ed25519ph signs SHA-512 of the message */
		if (mbedtls_sha512_ret(msg, len, hash, 0) != 0)
			r = TEE_ERROR_GENERIC;
		msg = hash;
		len = sizeof(hash);
	}
	if (r != TEE_SUCCESS) {
		/* as parsed */
	} else if (sign) {
		if (!priv) {
			r = TEE_ERROR_BAD_PARAMETERS;
		} else if (*sig_len < 64) {
			*sig_len = 64;
			r = TEE_ERROR_SHORT_BUFFER;
		} else {
			/*
			 * The public half is derived, not taken from the object: its nonce does
			 * not depend on it, so two signatures of one message under two public
			 * values a TA's client chose would give away the private key.
			 */
			uint8_t derived[32];
			r = cr_ed25519_public(priv->buf, derived);
			dom->skip = 1;
			if (r == TEE_SUCCESS)
				r = ossl_ed25519_sign(sig, msg, len, derived, priv->buf, dom, NULL)
					? TEE_SUCCESS
					: TEE_ERROR_GENERIC;
			if (r == TEE_SUCCESS)
				*sig_len = 64;
		}
	} else {
		r = *sig_len == 64 && ossl_ed25519_verify(msg, len, sig, pub->buf, dom, NULL)
			? TEE_SUCCESS
			: TEE_ERROR_SIGNATURE_INVALID;
	}
	free(dom);
	return r;
}
