/*
 * SM2 (GM/T 0003-2012, GB/T 32918-2016) for user TAs: the signature
 * (TEE_ALG_SM2_DSA_SM3, part 2) and public-key encryption (TEE_ALG_SM2_PKE,
 * part 4); the key exchange (part 3) is crypto_sm2_kep.c. All on mbedTLS's
 * generic short-Weierstrass arithmetic with the curve of part 5 (a = p - 3,
 * which mbedTLS takes as "A unset"). The TA hands the
 * signature its digest e = SM3(Z_A || M) already, as OP-TEE's do; the
 * ciphertext is C1 || C2 || C3 with C1 uncompressed, as OP-TEE writes it.
 * SM3 is OpenSSL's object (crypto_hash.c). What the ciphertext's secret
 * derives from (the shared point, the KDF's key stream, the SM3 states that held
 * them, the plaintext) is wiped with mbedtls_platform_zeroize before the kernel
 * stack or heap lets go of it (a memset the compiler may drop).
 */
#include <stdlib.h>
#include <lib/string.h>
#include <mbedtls/ecp.h>
#include <mbedtls/platform_util.h>
#include <tee_api_defines.h>
#include "crypto_op.h"

int ossl_sm3_init(void *c);
int ossl_sm3_update(void *c, const void *data, size_t len);
int ossl_sm3_final(unsigned char *md, void *c);

#define SM2_BYTES 32u
#define SM3_BYTES 32u

/* GM/T 0003.5-2012's recommended curve */
static const char *const sm2_p = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF";
static const char *const sm2_b = "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93";
static const char *const sm2_n = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123";
static const char *const sm2_gx =
    "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7";
static const char *const sm2_gy =
    "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0";

bool cr_sm2_type(uint32_t type)
{
	switch (type) {
	case TEE_TYPE_SM2_DSA_PUBLIC_KEY:
	case TEE_TYPE_SM2_DSA_KEYPAIR:
	case TEE_TYPE_SM2_PKE_PUBLIC_KEY:
	case TEE_TYPE_SM2_PKE_KEYPAIR:
	case TEE_TYPE_SM2_KEP_PUBLIC_KEY:
	case TEE_TYPE_SM2_KEP_KEYPAIR:
		return true;
	default:
		return false;
	}
}

int cr_sm2_group(mbedtls_ecp_group *grp)
{
	mbedtls_ecp_group_free(grp);
	mbedtls_ecp_group_init(grp);
	int e = mbedtls_mpi_read_string(&grp->P, 16, sm2_p);
	if (!e)
		e = mbedtls_mpi_read_string(&grp->B, 16, sm2_b);
	if (!e)
		e = mbedtls_mpi_read_string(&grp->N, 16, sm2_n);
	if (!e)
		e = mbedtls_mpi_read_string(&grp->G.X, 16, sm2_gx);
	if (!e)
		e = mbedtls_mpi_read_string(&grp->G.Y, 16, sm2_gy);
	if (!e)
		e = mbedtls_mpi_lset(&grp->G.Z, 1);
	grp->pbits = grp->nbits = 256;
	/* h != 1: mbedtls_ecp_group_free frees these numbers (1 marks its static curves) */
	grp->h = 0;
	return e;
}

/* ---- signature (part 2) ---- */

static int sm2_sign(const mbedtls_ecp_group *grp, const mbedtls_mpi *d, const mbedtls_mpi *e,
		    mbedtls_mpi *r, mbedtls_mpi *s)
{
	mbedtls_mpi k, t, b;
	mbedtls_ecp_point kg;
	mbedtls_mpi_init(&k);
	mbedtls_mpi_init(&t);
	mbedtls_mpi_init(&b);
	mbedtls_ecp_point_init(&kg);
	int err;
	for (int tries = 0; tries < 16; tries++) {
		/* A3, A4: k in [1, n-1], (x1, y1) = [k]G */
		err = mbedtls_ecp_gen_keypair((mbedtls_ecp_group *)grp, &k, &kg, cr_rng, NULL);
		/* A5: r = (e + x1) mod n, again if r = 0 or r + k = n */
		if (!err)
			err = mbedtls_mpi_add_mpi(&t, e, &kg.X);
		if (!err)
			err = mbedtls_mpi_mod_mpi(r, &t, &grp->N);
		if (!err)
			err = mbedtls_mpi_add_mpi(&t, r, &k);
		if (err)
			break;
		if (!mbedtls_mpi_cmp_int(r, 0) || !mbedtls_mpi_cmp_mpi(&t, &grp->N))
			continue;
		/*
		 * A6: s = ((1 + d)^-1 (k - r d)) mod n, again if s = 0. mbedTLS's inversion
		 * is not constant-time: it inverts (1 + d) b for a random b (as its ECDSA
		 * blinds k), so its timing says nothing about d.
		 */
		err = mbedtls_ecp_gen_privkey(grp, &b, cr_rng, NULL);
		if (!err)
			err = mbedtls_mpi_add_int(&t, d, 1);
		if (!err)
			err = mbedtls_mpi_mul_mpi(&t, &t, &b);
		if (!err)
			err = mbedtls_mpi_mod_mpi(&t, &t, &grp->N);
		if (!err)
			err = mbedtls_mpi_inv_mod(s, &t, &grp->N);
		if (!err)
			err = mbedtls_mpi_mul_mpi(s, s, &b);
		if (!err)
			err = mbedtls_mpi_mul_mpi(&t, r, d);
		if (!err)
			err = mbedtls_mpi_sub_mpi(&t, &k, &t);
		if (!err)
			err = mbedtls_mpi_mul_mpi(&t, &t, s);
		if (!err)
			err = mbedtls_mpi_mod_mpi(s, &t, &grp->N);
		if (err || mbedtls_mpi_cmp_int(s, 0))
			break;
	}
	if (!err && !mbedtls_mpi_cmp_int(s, 0))
		err = -1; /* sixteen unlucky draws */
	mbedtls_mpi_free(&k);
	mbedtls_mpi_free(&t);
	mbedtls_mpi_free(&b);
	mbedtls_ecp_point_free(&kg);
	return err;
}

/* B1-B7: 0 when (r, s) is a signature of e under Q */
static int sm2_verify(const mbedtls_ecp_group *grp, const mbedtls_ecp_point *q,
		      const mbedtls_mpi *e, const mbedtls_mpi *r, const mbedtls_mpi *s)
{
	if (mbedtls_mpi_cmp_int(r, 1) < 0 || mbedtls_mpi_cmp_mpi(r, &grp->N) >= 0 ||
	    mbedtls_mpi_cmp_int(s, 1) < 0 || mbedtls_mpi_cmp_mpi(s, &grp->N) >= 0)
		return -1;
	mbedtls_mpi t, v;
	mbedtls_ecp_point p;
	mbedtls_mpi_init(&t);
	mbedtls_mpi_init(&v);
	mbedtls_ecp_point_init(&p);
	/* B5: t = (r + s) mod n, not 0; B6: (x1, y1) = [s]G + [t]Q; B7: (e + x1) mod n = r */
	int err = mbedtls_mpi_add_mpi(&t, r, s);
	if (!err)
		err = mbedtls_mpi_mod_mpi(&t, &t, &grp->N);
	if (!err && !mbedtls_mpi_cmp_int(&t, 0))
		err = -1;
	if (!err)
		err = mbedtls_ecp_muladd((mbedtls_ecp_group *)grp, &p, s, &grp->G, &t, q);
	if (!err)
		err = mbedtls_mpi_add_mpi(&v, e, &p.X);
	if (!err)
		err = mbedtls_mpi_mod_mpi(&v, &v, &grp->N);
	if (!err && mbedtls_mpi_cmp_mpi(&v, r))
		err = -1;
	mbedtls_mpi_free(&t);
	mbedtls_mpi_free(&v);
	mbedtls_ecp_point_free(&p);
	return err;
}

uint32_t cr_sm2_dsa(struct cr_op *op, bool sign, const uint8_t *digest, size_t dlen, uint8_t *sig,
		    uint64_t *sig_len)
{
	mbedtls_mpi e, r, s;
	mbedtls_mpi_init(&e);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	uint32_t res;
	int err = mbedtls_mpi_read_binary(&e, digest, dlen);
	if (err) {
		res = TEE_ERROR_BAD_PARAMETERS;
	} else if (sign) {
		if (*sig_len < 2 * SM2_BYTES) {
			*sig_len = 2 * SM2_BYTES;
			res = TEE_ERROR_SHORT_BUFFER;
		} else {
			err = sm2_sign(&op->ec.grp, &op->ec.d, &e, &r, &s);
			if (!err)
				err = mbedtls_mpi_write_binary(&r, sig, SM2_BYTES);
			if (!err)
				err = mbedtls_mpi_write_binary(&s, sig + SM2_BYTES, SM2_BYTES);
			res = err ? TEE_ERROR_GENERIC : TEE_SUCCESS;
			if (!err)
				*sig_len = 2 * SM2_BYTES;
		}
	} else {
		res = TEE_ERROR_SIGNATURE_INVALID;
		if (*sig_len == 2 * SM2_BYTES && !mbedtls_mpi_read_binary(&r, sig, SM2_BYTES) &&
		    !mbedtls_mpi_read_binary(&s, sig + SM2_BYTES, SM2_BYTES) &&
		    !sm2_verify(&op->ec.grp, &op->ec.Q, &e, &r, &s))
			res = TEE_SUCCESS;
	}
	mbedtls_mpi_free(&e);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	return res;
}

/* ---- public-key encryption (part 4) ---- */

/* Part 3's KDF with SM3: SM3(z || counter) for counter = 1, 2, ..., len bytes of them. */
void cr_sm2_kdf(const uint8_t *z, size_t zlen, uint8_t *out, size_t len)
{
	uint32_t ctx[32];
	uint8_t block[SM3_BYTES];
	for (uint32_t ct = 1; len; ct++) {
		uint8_t c[4] = {(uint8_t)(ct >> 24), (uint8_t)(ct >> 16), (uint8_t)(ct >> 8),
				(uint8_t)ct};
		size_t n = len < SM3_BYTES ? len : SM3_BYTES;
		ossl_sm3_init(ctx);
		ossl_sm3_update(ctx, z, zlen);
		ossl_sm3_update(ctx, c, sizeof(c));
		ossl_sm3_final(block, ctx);
		memcpy(out, block, n);
		out += n;
		len -= n;
	}
	/* the state holds the last key-stream block */
	mbedtls_platform_zeroize(ctx, sizeof(ctx));
	mbedtls_platform_zeroize(block, sizeof(block));
}

/* C3 = SM3(x2 || M || y2) */
static void sm2_c3(const uint8_t xy[2 * SM2_BYTES], const uint8_t *m, size_t len,
		   uint8_t out[SM3_BYTES])
{
	uint32_t ctx[32];
	ossl_sm3_init(ctx);
	ossl_sm3_update(ctx, xy, SM2_BYTES);
	ossl_sm3_update(ctx, m, len);
	ossl_sm3_update(ctx, xy + SM2_BYTES, SM2_BYTES);
	ossl_sm3_final(out, ctx);
	mbedtls_platform_zeroize(ctx, sizeof(ctx));
}

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return !acc;
}

/* (x, y) of [k]P as 64 bytes */
static int shared_point(const mbedtls_ecp_group *grp, const mbedtls_mpi *k,
			const mbedtls_ecp_point *p, uint8_t xy[2 * SM2_BYTES])
{
	mbedtls_ecp_point s;
	mbedtls_ecp_point_init(&s);
	int err = mbedtls_ecp_mul((mbedtls_ecp_group *)grp, &s, k, p, cr_rng, NULL);
	if (!err)
		err = mbedtls_mpi_write_binary(&s.X, xy, SM2_BYTES);
	if (!err)
		err = mbedtls_mpi_write_binary(&s.Y, xy + SM2_BYTES, SM2_BYTES);
	mbedtls_ecp_point_free(&s);
	return err;
}

static uint32_t sm2_encrypt(struct cr_op *op, const uint8_t *m, size_t len, uint8_t *dst,
			    uint64_t *dst_len)
{
	size_t need = 1 + 2 * SM2_BYTES + len + SM3_BYTES;
	if (*dst_len < need) {
		*dst_len = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	uint8_t *t = calloc(1, len ? len : 1);
	if (!t)
		return TEE_ERROR_OUT_OF_MEMORY;
	mbedtls_mpi k;
	mbedtls_ecp_point c1;
	mbedtls_mpi_init(&k);
	mbedtls_ecp_point_init(&c1);
	uint8_t xy[2 * SM2_BYTES];
	uint32_t res = TEE_ERROR_GENERIC;
	for (int tries = 0; tries < 16; tries++) {
		/* A1, A2: k in [1, n-1], C1 = [k]G; A4: (x2, y2) = [k]PB; A5: t = KDF, not 0 */
		if (mbedtls_ecp_gen_keypair(&op->ec.grp, &k, &c1, cr_rng, NULL) ||
		    shared_point(&op->ec.grp, &k, &op->ec.Q, xy))
			break;
		cr_sm2_kdf(xy, sizeof(xy), t, len);
		if (len && all_zero(t, len))
			continue;
		/* A6-A8: C1 || C2 = M xor t || C3 = SM3(x2 || M || y2) */
		dst[0] = 0x04;
		if (mbedtls_mpi_write_binary(&c1.X, dst + 1, SM2_BYTES) ||
		    mbedtls_mpi_write_binary(&c1.Y, dst + 1 + SM2_BYTES, SM2_BYTES))
			break;
		sm2_c3(xy, m, len, dst + 1 + 2 * SM2_BYTES + len);
		for (size_t i = 0; i < len; i++)
			dst[1 + 2 * SM2_BYTES + i] = m[i] ^ t[i];
		*dst_len = need;
		res = TEE_SUCCESS;
		break;
	}
	mbedtls_platform_zeroize(xy, sizeof(xy));
	mbedtls_platform_zeroize(t, len ? len : 1); /* the key stream: C2 xor t is M */
	free(t);
	mbedtls_mpi_free(&k);
	mbedtls_ecp_point_free(&c1);
	return res;
}

static uint32_t sm2_decrypt(struct cr_op *op, const uint8_t *c, size_t len, uint8_t *dst,
			    uint64_t *dst_len)
{
	const size_t c1_len = 1 + 2 * SM2_BYTES;
	if (len <= c1_len + SM3_BYTES || c[0] != 0x04)
		return TEE_ERROR_BAD_PARAMETERS; /* only the uncompressed form, as OP-TEE */
	size_t mlen = len - c1_len - SM3_BYTES;
	if (*dst_len < mlen) {
		*dst_len = mlen;
		return TEE_ERROR_SHORT_BUFFER;
	}
	mbedtls_ecp_point c1;
	mbedtls_ecp_point_init(&c1);
	uint8_t xy[2 * SM2_BYTES], u[SM3_BYTES];
	uint8_t *m = calloc(1, mlen);
	uint32_t res = TEE_ERROR_OUT_OF_MEMORY;
	/* B1: C1 on the curve; B3: (x2, y2) = [dB]C1; B4: t = KDF, not 0; B5: M = C2 xor t */
	if (m) {
		res = TEE_ERROR_BAD_PARAMETERS;
		if (!mbedtls_ecp_point_read_binary(&op->ec.grp, &c1, c, c1_len) &&
		    !mbedtls_ecp_check_pubkey(&op->ec.grp, &c1) &&
		    !shared_point(&op->ec.grp, &op->ec.d, &c1, xy)) {
			cr_sm2_kdf(xy, sizeof(xy), m, mlen);
			res = TEE_ERROR_CIPHERTEXT_INVALID;
			if (!all_zero(m, mlen)) {
				for (size_t i = 0; i < mlen; i++)
					m[i] ^= c[c1_len + i];
				/* B6: u = SM3(x2 || M || y2) = C3 */
				sm2_c3(xy, m, mlen, u);
				uint8_t diff = 0;
				for (size_t i = 0; i < SM3_BYTES; i++)
					diff |= u[i] ^ c[c1_len + mlen + i];
				if (!diff) {
					memcpy(dst, m, mlen);
					*dst_len = mlen;
					res = TEE_SUCCESS;
				}
			}
		}
		mbedtls_platform_zeroize(m, mlen);
	}
	mbedtls_platform_zeroize(xy, sizeof(xy));
	mbedtls_platform_zeroize(u, sizeof(u));
	free(m);
	mbedtls_ecp_point_free(&c1);
	return res;
}

uint32_t cr_sm2_pke(struct cr_op *op, bool encrypt, const uint8_t *src, size_t len, uint8_t *dst,
		    uint64_t *dst_len)
{
	return encrypt ? sm2_encrypt(op, src, len, dst, dst_len)
		       : sm2_decrypt(op, src, len, dst, dst_len);
}
