/*
 * Asymmetric operations and key derivation of user TAs in the TEE kernel, with
 * Debian's mbedTLS: RSA (PKCS#1 v1.5 and PSS signatures, PKCS#1 v1.5 and OAEP
 * encryption, raw NOPAD), ECDSA on the NIST curves, and the derivations DH,
 * ECDH, X25519, HKDF, PBKDF2, Concat KDF and SM2 KEP (crypto_sm2_kep.c) (GP's
 * TEE_DeriveKey).
 */
#include <stdlib.h>
#include <lib/string.h>
#include <mbedtls/ecdh.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/pkcs5.h>
#include <mbedtls/platform_util.h>
#include <tee_api_defines.h>
#include "crypto_op.h"

static int find(const struct tzv_cr_attr *p, uint32_t n, uint32_t id)
{
	for (uint32_t i = 0; i < n; i++)
		if (p[i].id == id)
			return (int)i;
	return -1;
}

static bool is_rsa(const struct cr_op *op)
{
	return op->a->kind >= K_RSA_V15 && op->a->kind <= K_RSA_NOPAD;
}

void cr_asym_free(struct cr_op *op)
{
	if (!op->asym_ready)
		return;
	mbedtls_rsa_free(&op->rsa);
	mbedtls_ecp_keypair_free(&op->ec);
	op->asym_ready = false;
}

static uint32_t load_rsa(struct cr_op *op)
{
	const struct cr_obj *k = &op->key;
	const struct cr_attr *n = cr_obj_attr(k, TEE_ATTR_RSA_MODULUS);
	const struct cr_attr *e = cr_obj_attr(k, TEE_ATTR_RSA_PUBLIC_EXPONENT);
	const struct cr_attr *d = cr_obj_attr(k, TEE_ATTR_RSA_PRIVATE_EXPONENT);
	const struct cr_attr *p = cr_obj_attr(k, TEE_ATTR_RSA_PRIME1);
	const struct cr_attr *q = cr_obj_attr(k, TEE_ATTR_RSA_PRIME2);
	bool v21 = op->a->kind == K_RSA_PSS || op->a->kind == K_RSA_OAEP;
	mbedtls_rsa_init(&op->rsa, v21 ? MBEDTLS_RSA_PKCS_V21 : MBEDTLS_RSA_PKCS_V15,
			 v21 ? op->a->md : 0);
	mbedtls_ecp_keypair_init(&op->ec);
	op->asym_ready = true;
	if (mbedtls_rsa_import_raw(&op->rsa, n->buf, n->len, p ? p->buf : NULL, p ? p->len : 0,
				   q ? q->buf : NULL, q ? q->len : 0, d ? d->buf : NULL,
				   d ? d->len : 0, e->buf, e->len) != 0 ||
	    mbedtls_rsa_complete(&op->rsa) != 0)
		return TEE_ERROR_BAD_PARAMETERS;
	if (d ? mbedtls_rsa_check_privkey(&op->rsa) : mbedtls_rsa_check_pubkey(&op->rsa))
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

static uint32_t load_ec(struct cr_op *op)
{
	const struct cr_obj *k = &op->key;
	const struct cr_attr *c = cr_obj_attr(k, TEE_ATTR_ECC_CURVE);
	const struct cr_attr *x = cr_obj_attr(k, TEE_ATTR_ECC_PUBLIC_VALUE_X);
	const struct cr_attr *y = cr_obj_attr(k, TEE_ATTR_ECC_PUBLIC_VALUE_Y);
	const struct cr_attr *d = cr_obj_attr(k, TEE_ATTR_ECC_PRIVATE_VALUE);
	mbedtls_rsa_init(&op->rsa, MBEDTLS_RSA_PKCS_V15, 0);
	mbedtls_ecp_keypair_init(&op->ec);
	op->asym_ready = true;
	mbedtls_ecp_keypair *ec = &op->ec;
	/* SM2's keys have no curve attribute: their type says it */
	int e = op->a->kind == K_SM2_DSA || op->a->kind == K_SM2_PKE || op->a->kind == K_SM2_KEP
		    ? cr_sm2_group(&ec->grp)
		    : mbedtls_ecp_group_load(&ec->grp, (mbedtls_ecp_group_id)cr_ecc_group(c->a));
	if (e != 0 || mbedtls_mpi_read_binary(&ec->Q.X, x->buf, x->len) != 0 ||
	    mbedtls_mpi_read_binary(&ec->Q.Y, y->buf, y->len) != 0 ||
	    mbedtls_mpi_lset(&ec->Q.Z, 1) != 0 || mbedtls_ecp_check_pubkey(&ec->grp, &ec->Q) != 0)
		return TEE_ERROR_BAD_PARAMETERS;
	if (d && (mbedtls_mpi_read_binary(&ec->d, d->buf, d->len) != 0 ||
		  mbedtls_ecp_check_privkey(&ec->grp, &ec->d) != 0))
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

uint32_t cr_asym_load(struct cr_op *op)
{
	if (is_rsa(op))
		return load_rsa(op);
	if (op->a->kind == K_ECDSA || op->a->kind == K_ECDH || op->a->kind == K_SM2_DSA ||
	    op->a->kind == K_SM2_PKE || op->a->kind == K_SM2_KEP)
		return load_ec(op); /* SM2 KEP: the static key; the ephemeral one when it runs */
	return TEE_SUCCESS; /* DH, X25519, Ed25519 and the KDFs read the key when they run */
}

/* ---- RSA and ECDSA ---- */

static uint32_t rsa_nopad(struct cr_op *op, bool private, const uint8_t *src, size_t len,
			  uint8_t *dst, uint64_t *dst_len)
{
	size_t k = mbedtls_rsa_get_len(&op->rsa);
	if (len > k)
		return TEE_ERROR_BAD_PARAMETERS;
	uint8_t *in = calloc(1, k), *out = calloc(1, k);
	uint32_t r = TEE_ERROR_OUT_OF_MEMORY;
	if (in && out) {
		memcpy(in + k - len, src, len);
		int e = private ? mbedtls_rsa_private(&op->rsa, cr_rng, NULL, in, out)
				: mbedtls_rsa_public(&op->rsa, in, out);
		if (e) {
			r = TEE_ERROR_BAD_PARAMETERS;
		} else {
			/* without its leading zeros (one stays), as OP-TEE answers */
			size_t off = 0;
			while (off + 1 < k && !out[off])
				off++;
			if (*dst_len < k - off) {
				*dst_len = k - off;
				r = TEE_ERROR_SHORT_BUFFER;
			} else {
				memcpy(dst, out + off, k - off);
				*dst_len = k - off;
				r = TEE_SUCCESS;
			}
		}
	}
	free(in);
	free(out);
	return r;
}

static uint32_t rsa_cipher(struct cr_op *op, bool encrypt, const struct tzv_cr_attr *params,
			   const void *const *bufs, uint32_t count, const uint8_t *src, size_t len,
			   uint8_t *dst, uint64_t *dst_len)
{
	size_t k = mbedtls_rsa_get_len(&op->rsa);
	if (op->a->kind == K_RSA_NOPAD)
		return rsa_nopad(op, !encrypt, src, len, dst, dst_len);
	int il = find(params, count, TEE_ATTR_RSA_OAEP_LABEL);
	const uint8_t *label = il >= 0 ? bufs[il] : NULL;
	size_t llen = il >= 0 ? (size_t)params[il].u.ref.length : 0;
	bool oaep = op->a->kind == K_RSA_OAEP;
	if (encrypt) {
		if (*dst_len < k) {
			*dst_len = k;
			return TEE_ERROR_SHORT_BUFFER;
		}
		int e = oaep ? mbedtls_rsa_rsaes_oaep_encrypt(&op->rsa, cr_rng, NULL,
							      MBEDTLS_RSA_PUBLIC, label, llen, len,
							      src, dst)
			     : mbedtls_rsa_rsaes_pkcs1_v15_encrypt(
				   &op->rsa, cr_rng, NULL, MBEDTLS_RSA_PUBLIC, len, src, dst);
		if (e)
			return TEE_ERROR_BAD_PARAMETERS;
		*dst_len = k;
		return TEE_SUCCESS;
	}
	if (len != k)
		return TEE_ERROR_BAD_PARAMETERS;
	uint8_t *tmp = calloc(1, k);
	if (!tmp)
		return TEE_ERROR_OUT_OF_MEMORY;
	size_t olen = 0;
	int e = oaep ? mbedtls_rsa_rsaes_oaep_decrypt(&op->rsa, cr_rng, NULL, MBEDTLS_RSA_PRIVATE,
						      label, llen, &olen, src, tmp, k)
		     : mbedtls_rsa_rsaes_pkcs1_v15_decrypt(&op->rsa, cr_rng, NULL,
							   MBEDTLS_RSA_PRIVATE, &olen, src, tmp, k);
	uint32_t r = TEE_SUCCESS;
	if (e) {
		r = TEE_ERROR_BAD_PARAMETERS;
	} else if (*dst_len < olen) {
		*dst_len = olen;
		r = TEE_ERROR_SHORT_BUFFER;
	} else {
		memcpy(dst, tmp, olen);
		*dst_len = olen;
	}
	free(tmp);
	return r;
}

static uint32_t rsa_sign(struct cr_op *op, bool sign, const struct tzv_cr_attr *params,
			 uint32_t count, const uint8_t *digest, size_t dlen, uint8_t *sig,
			 uint64_t *sig_len)
{
	size_t hlen = mbedtls_md_get_size(mbedtls_md_info_from_type(op->a->md));
	size_t k = mbedtls_rsa_get_len(&op->rsa);
	if (dlen != hlen)
		return TEE_ERROR_BAD_PARAMETERS;
	int is = find(params, count, TEE_ATTR_RSA_PSS_SALT_LENGTH);
	int salt = is >= 0 ? (int)params[is].u.value.a : (int)hlen;
	mbedtls_md_type_t md = (mbedtls_md_type_t)op->a->md;
	int e;
	if (sign) {
		if (*sig_len < k) {
			*sig_len = k;
			return TEE_ERROR_SHORT_BUFFER;
		}
		e = op->a->kind == K_RSA_PSS
			? mbedtls_rsa_rsassa_pss_sign_ext(&op->rsa, cr_rng, NULL, md,
							  (unsigned)hlen, digest, salt, sig)
			: mbedtls_rsa_rsassa_pkcs1_v15_sign(&op->rsa, cr_rng, NULL,
							    MBEDTLS_RSA_PRIVATE, md, (unsigned)hlen,
							    digest, sig);
		if (e)
			return TEE_ERROR_BAD_PARAMETERS;
		*sig_len = k;
		return TEE_SUCCESS;
	}
	if (*sig_len != k)
		return TEE_ERROR_SIGNATURE_INVALID;
	e = op->a->kind == K_RSA_PSS
		? mbedtls_rsa_rsassa_pss_verify_ext(&op->rsa, NULL, NULL, MBEDTLS_RSA_PUBLIC, md,
						    (unsigned)hlen, digest, md, salt, sig)
		: mbedtls_rsa_rsassa_pkcs1_v15_verify(&op->rsa, NULL, NULL, MBEDTLS_RSA_PUBLIC, md,
						      (unsigned)hlen, digest, sig);
	return e ? TEE_ERROR_SIGNATURE_INVALID : TEE_SUCCESS;
}

static uint32_t ecdsa(struct cr_op *op, bool sign, const uint8_t *digest, size_t dlen, uint8_t *sig,
		      uint64_t *sig_len)
{
	size_t n = (op->ec.grp.pbits + 7) / 8;
	mbedtls_mpi r, s;
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	uint32_t res;
	if (sign) {
		if (*sig_len < 2 * n) {
			*sig_len = 2 * n;
			res = TEE_ERROR_SHORT_BUFFER;
		} else {
			int e = mbedtls_ecdsa_sign(&op->ec.grp, &r, &s, &op->ec.d, digest, dlen,
						   cr_rng, NULL);
			if (!e)
				e = mbedtls_mpi_write_binary(&r, sig, n);
			if (!e)
				e = mbedtls_mpi_write_binary(&s, sig + n, n);
			res = e ? TEE_ERROR_GENERIC : TEE_SUCCESS;
			if (!e)
				*sig_len = 2 * n;
		}
	} else if (*sig_len != 2 * n) {
		res = TEE_ERROR_SIGNATURE_INVALID;
	} else {
		int e = mbedtls_mpi_read_binary(&r, sig, n);
		if (!e)
			e = mbedtls_mpi_read_binary(&s, sig + n, n);
		if (!e)
			e = mbedtls_ecdsa_verify(&op->ec.grp, digest, dlen, &op->ec.Q, &r, &s);
		res = e ? TEE_ERROR_SIGNATURE_INVALID : TEE_SUCCESS;
	}
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	return res;
}

uint32_t cr_asymmetric(struct cr_op *op, uint32_t what, const struct tzv_cr_attr *params,
		       const void *const *bufs, uint32_t count, const uint8_t *src, size_t src_len,
		       uint8_t *dst, uint64_t *dst_len)
{
	static const uint32_t modes[] = {TEE_MODE_ENCRYPT, TEE_MODE_DECRYPT, TEE_MODE_SIGN,
					 TEE_MODE_VERIFY};
	uint32_t cls = what <= TZV_CR_ASYM_DECRYPT ? TEE_OPERATION_ASYMMETRIC_CIPHER
						   : TEE_OPERATION_ASYMMETRIC_SIGNATURE;
	if (what > TZV_CR_ASYM_VERIFY || op->a->cls != cls || op->mode != modes[what] ||
	    !(op->state & TEE_HANDLE_FLAG_KEY_SET))
		return CR_PANIC;
	if (op->a->kind == K_SM2_PKE)
		return cr_sm2_pke(op, what == TZV_CR_ASYM_ENCRYPT, src, src_len, dst, dst_len);
	if (what <= TZV_CR_ASYM_DECRYPT)
		return rsa_cipher(op, what == TZV_CR_ASYM_ENCRYPT, params, bufs, count, src,
				  src_len, dst, dst_len);
	if (op->a->kind == K_ECDSA)
		return ecdsa(op, what == TZV_CR_ASYM_SIGN, src, src_len, dst, dst_len);
	if (op->a->kind == K_SM2_DSA)
		return cr_sm2_dsa(op, what == TZV_CR_ASYM_SIGN, src, src_len, dst, dst_len);
	if (op->a->kind == K_ED25519)
		return cr_ed25519(op, what == TZV_CR_ASYM_SIGN, params, bufs, count, src, src_len,
				  dst, dst_len);
	if (op->a->kind == K_DSA)
		return cr_dsa(op, what == TZV_CR_ASYM_SIGN, src, src_len, dst, dst_len);
	return rsa_sign(op, what == TZV_CR_ASYM_SIGN, params, count, src, src_len, dst, dst_len);
}

/* ---- key derivation ---- */

/*
 * The derived secret goes into a TEE_TYPE_GENERIC_SECRET object whatever its
 * maximum size, up to the type's 4096 bits, as OP-TEE does (xtest derives a
 * 256-bit X25519 secret into an object allocated with 32).
 */
static uint32_t set_secret(struct cr_obj *derived, const uint8_t *s, size_t len)
{
	if (len * 8 > 4096)
		return CR_PANIC;
	uint32_t r = cr_obj_add_ref(derived, TEE_ATTR_SECRET_VALUE, s, len);
	if (r != TEE_SUCCESS)
		return CR_PANIC;
	derived->size = (uint32_t)len * 8;
	derived->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

static uint32_t derive_dh(struct cr_op *op, const struct tzv_cr_attr *params,
			  const void *const *bufs, uint32_t count, struct cr_obj *derived)
{
	int ip = find(params, count, TEE_ATTR_DH_PUBLIC_VALUE);
	const struct cr_attr *p = cr_obj_attr(&op->key, TEE_ATTR_DH_PRIME);
	const struct cr_attr *x = cr_obj_attr(&op->key, TEE_ATTR_DH_PRIVATE_VALUE);
	if (ip < 0 || !p || !x)
		return CR_PANIC;
	mbedtls_mpi P, X, Y, Z;
	mbedtls_mpi_init(&P);
	mbedtls_mpi_init(&X);
	mbedtls_mpi_init(&Y);
	mbedtls_mpi_init(&Z);
	uint32_t r = CR_PANIC;
	uint8_t *out = calloc(1, p->len);
	if (out && !mbedtls_mpi_read_binary(&P, p->buf, p->len) &&
	    !mbedtls_mpi_read_binary(&X, x->buf, x->len) &&
	    !mbedtls_mpi_read_binary(&Y, bufs[ip], (size_t)params[ip].u.ref.length) &&
	    mbedtls_mpi_cmp_int(&Y, 1) > 0 && mbedtls_mpi_cmp_mpi(&Y, &P) < 0 &&
	    !mbedtls_mpi_exp_mod(&Z, &Y, &X, &P, NULL)) {
		size_t n = mbedtls_mpi_size(&Z);
		if (!mbedtls_mpi_write_binary(&Z, out, n))
			r = set_secret(derived, out, n);
	}
	free(out);
	mbedtls_mpi_free(&P);
	mbedtls_mpi_free(&X);
	mbedtls_mpi_free(&Y);
	mbedtls_mpi_free(&Z);
	return r;
}

static uint32_t derive_ecdh(struct cr_op *op, const struct tzv_cr_attr *params,
			    const void *const *bufs, uint32_t count, struct cr_obj *derived)
{
	int ix = find(params, count, TEE_ATTR_ECC_PUBLIC_VALUE_X);
	int iy = find(params, count, TEE_ATTR_ECC_PUBLIC_VALUE_Y);
	if (ix < 0 || iy < 0)
		return CR_PANIC;
	mbedtls_ecp_point Q;
	mbedtls_mpi Z;
	mbedtls_ecp_point_init(&Q);
	mbedtls_mpi_init(&Z);
	size_t n = (op->ec.grp.pbits + 7) / 8;
	uint8_t out[66];
	uint32_t r = CR_PANIC;
	if (!mbedtls_mpi_read_binary(&Q.X, bufs[ix], (size_t)params[ix].u.ref.length) &&
	    !mbedtls_mpi_read_binary(&Q.Y, bufs[iy], (size_t)params[iy].u.ref.length) &&
	    !mbedtls_mpi_lset(&Q.Z, 1) && !mbedtls_ecp_check_pubkey(&op->ec.grp, &Q) &&
	    !mbedtls_ecdh_compute_shared(&op->ec.grp, &Z, &Q, &op->ec.d, cr_rng, NULL) &&
	    !mbedtls_mpi_write_binary(&Z, out, n))
		r = set_secret(derived, out, n);
	memset(out, 0, sizeof(out));
	mbedtls_ecp_point_free(&Q);
	mbedtls_mpi_free(&Z);
	return r;
}

static uint32_t derive_x25519(struct cr_op *op, const struct tzv_cr_attr *params,
			      const void *const *bufs, uint32_t count, struct cr_obj *derived)
{
	int ip = find(params, count, TEE_ATTR_X25519_PUBLIC_VALUE);
	const struct cr_attr *d = cr_obj_attr(&op->key, TEE_ATTR_X25519_PRIVATE_VALUE);
	if (ip < 0 || params[ip].u.ref.length != 32 || !d)
		return CR_PANIC;
	mbedtls_ecp_group g;
	mbedtls_ecp_point Q;
	mbedtls_mpi D, Z;
	mbedtls_ecp_group_init(&g);
	mbedtls_ecp_point_init(&Q);
	mbedtls_mpi_init(&D);
	mbedtls_mpi_init(&Z);
	uint8_t be[32], le[32], k[32], u[32];
	uint32_t r = CR_PANIC;
	if (d->len != 32)
		return CR_PANIC;
	/* RFC 7748 section 5: the scalar clamped, the top bit of u ignored */
	memcpy(k, d->buf, 32);
	k[0] &= 248;
	k[31] = (uint8_t)((k[31] & 127) | 64);
	memcpy(u, bufs[ip], 32);
	u[31] &= 127;
	if (!mbedtls_ecp_group_load(&g, MBEDTLS_ECP_DP_CURVE25519) &&
	    !mbedtls_mpi_read_binary_le(&Q.X, u, 32) && !mbedtls_mpi_lset(&Q.Z, 1) &&
	    !mbedtls_mpi_read_binary_le(&D, k, 32) &&
	    !mbedtls_ecdh_compute_shared(&g, &Z, &Q, &D, cr_rng, NULL) &&
	    !mbedtls_mpi_write_binary(&Z, be, 32)) {
		for (int i = 0; i < 32; i++)
			le[i] = be[31 - i];
		r = set_secret(derived, le, 32);
	}
	memset(le, 0, sizeof(le));
	memset(k, 0, sizeof(k));
	mbedtls_ecp_group_free(&g);
	mbedtls_ecp_point_free(&Q);
	mbedtls_mpi_free(&D);
	mbedtls_mpi_free(&Z);
	return r;
}

static uint32_t derive_kdf(struct cr_op *op, const struct tzv_cr_attr *params,
			   const void *const *bufs, uint32_t count, struct cr_obj *derived)
{
	const struct cr_attr *k = op->key.nattrs ? &op->key.attrs[0] : NULL;
	const mbedtls_md_info_t *md = mbedtls_md_info_from_type((mbedtls_md_type_t)op->a->md);
	bool hkdf = op->a->kind == K_HKDF;
	int il = find(params, count, hkdf ? TEE_ATTR_HKDF_OKM_LENGTH : TEE_ATTR_PBKDF2_DKM_LENGTH);
	int is = find(params, count, hkdf ? __OPTEE_TEE_ATTR_HKDF_SALT : TEE_ATTR_PBKDF2_SALT);
	if (hkdf && is < 0)
		is = find(params, count, TEE_ATTR_HKDF_SALT);
	int ii = find(params, count, __OPTEE_ATTR_HKDF_INFO);
	if (ii < 0)
		ii = find(params, count, TEE_ATTR_HKDF_INFO);
	int ic = find(params, count, TEE_ATTR_PBKDF2_ITERATION_COUNT);
	if (!k || !md || il < 0 || (!hkdf && (is < 0 || ic < 0)))
		return CR_PANIC;
	size_t olen = params[il].u.value.a;
	if (!olen || olen > 512)
		return CR_PANIC;
	uint8_t *out = calloc(1, olen);
	if (!out)
		return CR_PANIC;
	const uint8_t *salt = is >= 0 ? bufs[is] : NULL;
	size_t slen = is >= 0 ? (size_t)params[is].u.ref.length : 0;
	int e;
	if (hkdf) {
		e = mbedtls_hkdf(md, salt, slen, k->buf, k->len, ii >= 0 ? bufs[ii] : NULL,
				 ii >= 0 ? (size_t)params[ii].u.ref.length : 0, out, olen);
	} else {
		mbedtls_md_context_t c;
		mbedtls_md_init(&c);
		e = mbedtls_md_setup(&c, md, 1);
		if (!e)
			e = mbedtls_pkcs5_pbkdf2_hmac(&c, k->buf, k->len, salt, slen,
						      params[ic].u.value.a, (uint32_t)olen, out);
		mbedtls_md_free(&c);
	}
	uint32_t r = e ? CR_PANIC : set_secret(derived, out, olen);
	free(out);
	return r;
}

/*
 * OP-TEE's Concat KDF (NIST SP 800-56A section 5.8.1, the single-step KDF over a hash):
 * block i is H(i as a 32-bit big-endian counter from 1 | Z | OtherInfo), the blocks
 * concatenated and cut to the requested length. Z is the key, OtherInfo optional.
 */
static uint32_t derive_concat_kdf(struct cr_op *op, const struct tzv_cr_attr *params,
				  const void *const *bufs, uint32_t count, struct cr_obj *derived)
{
	const struct cr_attr *z = op->key.nattrs ? &op->key.attrs[0] : NULL;
	const mbedtls_md_info_t *md = mbedtls_md_info_from_type((mbedtls_md_type_t)op->a->md);
	int il = find(params, count, TEE_ATTR_CONCAT_KDF_DKM_LENGTH);
	int ii = find(params, count, TEE_ATTR_CONCAT_KDF_OTHER_INFO);
	if (!z || !md || il < 0)
		return CR_PANIC;
	size_t olen = params[il].u.value.a, hlen = mbedtls_md_get_size(md);
	if (!olen || olen > 512)
		return CR_PANIC;
	uint8_t *out = calloc(1, olen + hlen);
	if (!out)
		return CR_PANIC;
	mbedtls_md_context_t c;
	mbedtls_md_init(&c);
	int e = mbedtls_md_setup(&c, md, 0);
	for (uint32_t i = 1, done = 0; !e && done < olen; i++, done += (uint32_t)hlen) {
		const uint8_t counter[4] = {(uint8_t)(i >> 24), (uint8_t)(i >> 16),
					    (uint8_t)(i >> 8), (uint8_t)i};
		e = mbedtls_md_starts(&c);
		if (!e)
			e = mbedtls_md_update(&c, counter, sizeof(counter));
		if (!e)
			e = mbedtls_md_update(&c, z->buf, z->len);
		if (!e && ii >= 0)
			e = mbedtls_md_update(&c, bufs[ii], params[ii].u.ref.length);
		if (!e)
			e = mbedtls_md_finish(&c, out + done);
	}
	mbedtls_md_free(&c);
	uint32_t r = e ? CR_PANIC : set_secret(derived, out, olen);
	memset(out, 0, olen + hlen);
	free(out);
	return r;
}

/*
 * SM2 KEP: klen is the derived object's maximum size read as bytes, as OP-TEE has it.
 * Errors are the GP codes OP-TEE gives, which libutee turns into the TA's panic.
 */
static uint32_t derive_sm2_kep(struct cr_op *op, const struct tzv_cr_attr *params,
			       const void *const *bufs, uint32_t count, struct cr_obj *derived)
{
	size_t klen = derived->max_size;
	if (!klen || klen * 8 > 4096)
		return TEE_ERROR_BAD_PARAMETERS;
	uint8_t *key = calloc(1, klen);
	if (!key)
		return TEE_ERROR_OUT_OF_MEMORY;
	uint32_t r = cr_sm2_kep(op, params, bufs, count, key, klen);
	if (r == TEE_SUCCESS)
		r = set_secret(derived, key, klen);
	mbedtls_platform_zeroize(key, klen);
	free(key);
	return r;
}

uint32_t cr_derive(struct cr_op *op, const struct tzv_cr_attr *params, const void *const *bufs,
		   uint32_t count, struct cr_obj *derived)
{
	if (op->a->cls != TEE_OPERATION_KEY_DERIVATION || !(op->state & TEE_HANDLE_FLAG_KEY_SET) ||
	    derived->type != TEE_TYPE_GENERIC_SECRET ||
	    (derived->flags & (TEE_HANDLE_FLAG_INITIALIZED | TEE_HANDLE_FLAG_PERSISTENT)))
		return CR_PANIC;
	switch (op->a->kind) {
	case K_DH:
		return derive_dh(op, params, bufs, count, derived);
	case K_ECDH:
		return derive_ecdh(op, params, bufs, count, derived);
	case K_X25519:
		return derive_x25519(op, params, bufs, count, derived);
	case K_CONCAT_KDF:
		return derive_concat_kdf(op, params, bufs, count, derived);
	case K_SM2_KEP:
		return derive_sm2_kep(op, params, bufs, count, derived);
	default:
		return derive_kdf(op, params, bufs, count, derived);
	}
}
