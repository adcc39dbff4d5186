/*
 * DSA (FIPS 186-4, section 4) for GP's TEE_ALG_DSA_SHA* and TEE_TYPE_DSA_*:
 * key generation from given domain parameters, signing and verifying a digest.
 * Debian's mbedTLS 2.28 has no DSA and libtomcrypt's pulls ~150 KiB into the
 * kernel (its DER code, libtommath and the RSA/ECC helpers of its math
 * descriptor), so the formulas run on mbedTLS's bignums, as DH does in
 * crypto_asym.c. The signature is r || s, each as long as q (as OP-TEE has it).
 */
#include <stdlib.h>
#include <lib/string.h>
#include <mbedtls/bignum.h>
#include <tee_api_defines.h>
#include "crypto_op.h"

struct dsa {
	mbedtls_mpi p, q, g, y, x;
};

static void dsa_init(struct dsa *d)
{
	mbedtls_mpi_init(&d->p);
	mbedtls_mpi_init(&d->q);
	mbedtls_mpi_init(&d->g);
	mbedtls_mpi_init(&d->y);
	mbedtls_mpi_init(&d->x);
}

static void dsa_free(struct dsa *d)
{
	mbedtls_mpi_free(&d->p);
	mbedtls_mpi_free(&d->q);
	mbedtls_mpi_free(&d->g);
	mbedtls_mpi_free(&d->y);
	mbedtls_mpi_free(&d->x);
}

static int read_attr(mbedtls_mpi *x, const struct cr_obj *k, uint32_t id)
{
	const struct cr_attr *a = cr_obj_attr(k, id);
	return a ? mbedtls_mpi_read_binary(x, a->buf, a->len) : -1;
}

/* p odd and > 3, 1 < q < p, 1 < g < p: what the formulas below need to be defined. */
static bool domain_ok(const struct dsa *d)
{
	return mbedtls_mpi_get_bit(&d->p, 0) && mbedtls_mpi_cmp_int(&d->p, 3) > 0 &&
	       mbedtls_mpi_cmp_int(&d->q, 1) > 0 && mbedtls_mpi_cmp_mpi(&d->q, &d->p) < 0 &&
	       mbedtls_mpi_cmp_int(&d->g, 1) > 0 && mbedtls_mpi_cmp_mpi(&d->g, &d->p) < 0;
}

static uint32_t load(struct dsa *d, const struct cr_obj *k, bool private)
{
	if (read_attr(&d->p, k, TEE_ATTR_DSA_PRIME) || read_attr(&d->q, k, TEE_ATTR_DSA_SUBPRIME) ||
	    read_attr(&d->g, k, TEE_ATTR_DSA_BASE) ||
	    read_attr(&d->y, k, TEE_ATTR_DSA_PUBLIC_VALUE) ||
	    (private && read_attr(&d->x, k, TEE_ATTR_DSA_PRIVATE_VALUE)) || !domain_ok(d))
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

/* z: the leftmost min(N, 8 * len) bits of the digest, N the bit length of q. */
static int digest_to_z(mbedtls_mpi *z, const mbedtls_mpi *q, const uint8_t *h, size_t len)
{
	size_t n = mbedtls_mpi_bitlen(q), qbytes = (n + 7) / 8;
	if (len > qbytes)
		len = qbytes;
	int e = mbedtls_mpi_read_binary(z, h, len);
	if (!e && len * 8 > n)
		e = mbedtls_mpi_shift_r(z, len * 8 - n);
	return e;
}

/* k^-1 mod q, blinded by a random b: (k b)^-1 b, so the inversion never sees k. */
static int blinded_inverse(mbedtls_mpi *kinv, const mbedtls_mpi *k, const mbedtls_mpi *q)
{
	mbedtls_mpi b, kb;
	mbedtls_mpi_init(&b);
	mbedtls_mpi_init(&kb);
	int e = mbedtls_mpi_random(&b, 1, q, cr_rng, NULL);
	if (!e)
		e = mbedtls_mpi_mul_mpi(&kb, k, &b);
	if (!e)
		e = mbedtls_mpi_mod_mpi(&kb, &kb, q);
	if (!e)
		e = mbedtls_mpi_inv_mod(kinv, &kb, q);
	if (!e)
		e = mbedtls_mpi_mul_mpi(kinv, kinv, &b);
	if (!e)
		e = mbedtls_mpi_mod_mpi(kinv, kinv, q);
	mbedtls_mpi_free(&b);
	mbedtls_mpi_free(&kb);
	return e;
}

static uint32_t sign(const struct dsa *d, const uint8_t *h, size_t hlen, uint8_t *sig,
		     uint64_t *sig_len)
{
	size_t qbytes = mbedtls_mpi_size(&d->q);
	if (*sig_len < 2 * qbytes) {
		*sig_len = 2 * qbytes;
		return TEE_ERROR_SHORT_BUFFER;
	}
	mbedtls_mpi z, k, kinv, r, s;
	mbedtls_mpi_init(&z);
	mbedtls_mpi_init(&k);
	mbedtls_mpi_init(&kinv);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	int e = digest_to_z(&z, &d->q, h, hlen);
	for (int tries = 0; !e && tries < 16; tries++) {
		/* r = (g^k mod p) mod q, s = k^-1 (z + x r) mod q, neither 0 */
		e = mbedtls_mpi_random(&k, 1, &d->q, cr_rng, NULL);
		if (!e)
			e = mbedtls_mpi_exp_mod(&r, &d->g, &k, &d->p, NULL);
		if (!e)
			e = mbedtls_mpi_mod_mpi(&r, &r, &d->q);
		if (!e)
			e = blinded_inverse(&kinv, &k, &d->q);
		if (!e)
			e = mbedtls_mpi_mul_mpi(&s, &d->x, &r);
		if (!e)
			e = mbedtls_mpi_add_mpi(&s, &s, &z);
		if (!e)
			e = mbedtls_mpi_mul_mpi(&s, &s, &kinv);
		if (!e)
			e = mbedtls_mpi_mod_mpi(&s, &s, &d->q);
		if (!e && mbedtls_mpi_cmp_int(&r, 0) && mbedtls_mpi_cmp_int(&s, 0))
			break;
	}
	/* every k gave r or s = 0 (a degenerate domain such as q = 2, g even): no signature */
	if (!e && (!mbedtls_mpi_cmp_int(&r, 0) || !mbedtls_mpi_cmp_int(&s, 0)))
		e = -1;
	if (!e)
		e = mbedtls_mpi_write_binary(&r, sig, qbytes);
	if (!e)
		e = mbedtls_mpi_write_binary(&s, sig + qbytes, qbytes);
	if (!e)
		*sig_len = 2 * qbytes;
	mbedtls_mpi_free(&z);
	mbedtls_mpi_free(&k);
	mbedtls_mpi_free(&kinv);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	return e ? TEE_ERROR_GENERIC : TEE_SUCCESS;
}

static uint32_t verify(const struct dsa *d, const uint8_t *h, size_t hlen, const uint8_t *sig,
		       size_t sig_len)
{
	size_t qbytes = mbedtls_mpi_size(&d->q);
	if (sig_len != 2 * qbytes)
		return TEE_ERROR_SIGNATURE_INVALID;
	mbedtls_mpi z, r, s, w, u1, u2, v, t;
	mbedtls_mpi *all[] = {&z, &r, &s, &w, &u1, &u2, &v, &t};
	for (unsigned i = 0; i < 8; i++)
		mbedtls_mpi_init(all[i]);
	int e = digest_to_z(&z, &d->q, h, hlen);
	if (!e)
		e = mbedtls_mpi_read_binary(&r, sig, qbytes);
	if (!e)
		e = mbedtls_mpi_read_binary(&s, sig + qbytes, qbytes);
	/* 0 < r < q and 0 < s < q, else the signature is not one */
	if (!e && (mbedtls_mpi_cmp_int(&r, 0) <= 0 || mbedtls_mpi_cmp_mpi(&r, &d->q) >= 0 ||
		   mbedtls_mpi_cmp_int(&s, 0) <= 0 || mbedtls_mpi_cmp_mpi(&s, &d->q) >= 0))
		e = -1;
	/* w = s^-1, u1 = z w, u2 = r w (mod q); v = (g^u1 y^u2 mod p) mod q */
	if (!e)
		e = mbedtls_mpi_inv_mod(&w, &s, &d->q);
	if (!e)
		e = mbedtls_mpi_mul_mpi(&u1, &z, &w);
	if (!e)
		e = mbedtls_mpi_mod_mpi(&u1, &u1, &d->q);
	if (!e)
		e = mbedtls_mpi_mul_mpi(&u2, &r, &w);
	if (!e)
		e = mbedtls_mpi_mod_mpi(&u2, &u2, &d->q);
	if (!e)
		e = mbedtls_mpi_exp_mod(&v, &d->g, &u1, &d->p, NULL);
	if (!e)
		e = mbedtls_mpi_exp_mod(&t, &d->y, &u2, &d->p, NULL);
	if (!e)
		e = mbedtls_mpi_mul_mpi(&v, &v, &t);
	if (!e)
		e = mbedtls_mpi_mod_mpi(&v, &v, &d->p);
	if (!e)
		e = mbedtls_mpi_mod_mpi(&v, &v, &d->q);
	bool ok = !e && mbedtls_mpi_cmp_mpi(&v, &r) == 0;
	for (unsigned i = 0; i < 8; i++)
		mbedtls_mpi_free(all[i]);
	return ok ? TEE_SUCCESS : TEE_ERROR_SIGNATURE_INVALID;
}

uint32_t cr_dsa(struct cr_op *op, bool do_sign, const uint8_t *digest, size_t dlen, uint8_t *sig,
		uint64_t *sig_len)
{
	struct dsa d;
	dsa_init(&d);
	uint32_t r = load(&d, &op->key, do_sign);
	if (r == TEE_SUCCESS)
		r = do_sign ? sign(&d, digest, dlen, sig, sig_len)
			    : verify(&d, digest, dlen, sig, (size_t)*sig_len);
	dsa_free(&d);
	return r;
}

static uint32_t add_mpi(struct cr_obj *o, uint32_t id, const mbedtls_mpi *x)
{
	size_t len = mbedtls_mpi_size(x);
	uint8_t *tmp = calloc(1, len ? len : 1);
	if (!tmp)
		return TEE_ERROR_OUT_OF_MEMORY;
	uint32_t r = mbedtls_mpi_write_binary(x, tmp, len) ? TEE_ERROR_GENERIC
							   : cr_obj_add_ref(o, id, tmp, len);
	free(tmp); /* the heap wipes it */
	return r;
}

/* TEE_GenerateKey of a TEE_TYPE_DSA_KEYPAIR: x in [1, q-1], y = g^x mod p. */
uint32_t cr_dsa_generate(struct cr_obj *o, uint32_t bits, const struct tzv_cr_attr *params,
			 const void *const *bufs, uint32_t n)
{
	static const uint32_t ids[3] = {TEE_ATTR_DSA_PRIME, TEE_ATTR_DSA_SUBPRIME,
					TEE_ATTR_DSA_BASE};
	int at[3];
	for (int i = 0; i < 3; i++) {
		at[i] = -1;
		for (uint32_t k = 0; k < n; k++)
			if (params[k].id == ids[i])
				at[i] = (int)k;
		if (at[i] < 0)
			return CR_PANIC; /* GP: the domain parameters are mandatory */
	}
	struct dsa d;
	dsa_init(&d);
	mbedtls_mpi *v[3] = {&d.p, &d.q, &d.g};
	uint32_t r = TEE_ERROR_BAD_PARAMETERS;
	for (int i = 0; i < 3; i++)
		if (mbedtls_mpi_read_binary(v[i], bufs[at[i]], (size_t)params[at[i]].u.ref.length))
			goto out;
	if (!domain_ok(&d) || mbedtls_mpi_bitlen(&d.p) != bits)
		goto out;
	if (mbedtls_mpi_random(&d.x, 1, &d.q, cr_rng, NULL) ||
	    mbedtls_mpi_exp_mod(&d.y, &d.g, &d.x, &d.p, NULL)) {
		r = TEE_ERROR_GENERIC;
		goto out;
	}
	r = TEE_SUCCESS;
	for (int i = 0; i < 3 && r == TEE_SUCCESS; i++)
		r = cr_obj_add_ref(o, ids[i], bufs[at[i]], (size_t)params[at[i]].u.ref.length);
	if (r == TEE_SUCCESS)
		r = add_mpi(o, TEE_ATTR_DSA_PUBLIC_VALUE, &d.y);
	if (r == TEE_SUCCESS)
		r = add_mpi(o, TEE_ATTR_DSA_PRIVATE_VALUE, &d.x);
out:
	dsa_free(&d);
	return r;
}
