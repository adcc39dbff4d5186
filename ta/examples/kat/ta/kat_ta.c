/*
 * kat: GlobalPlatform crypto against known answers (the client holds the
 * vectors, derived with OpenSSL), key generation and round trips, and the
 * handle attack. It declares a 2 KiB stack: the crypto runs in the TEE kernel,
 * so every GP call must fit. Buffers are static, not on the stack.
 */
#include <tee_internal_api.h>

#include <kat_ta.h>

static uint8_t buf_a[1024], buf_b[1024];

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[4], void **sess_ctx)
{
	(void)param_types;
	(void)params;
	(void)sess_ctx;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	(void)sess_ctx;
}

static uint32_t key_type(uint32_t alg)
{
	switch (alg & 0xff) {
	case 0x10:
		return TEE_TYPE_AES;
	case 0x11:
		return TEE_TYPE_DES;
	case 0x13:
		return TEE_TYPE_DES3;
	case 0x14:
		return TEE_TYPE_SM4;
	default:
		return TEE_TYPE_HMAC_MD5 + (alg & 0xf) - 1; /* TEE_ALG_HMAC_* */
	}
}

/* A secret key object of `type` holding key[len] (XTS: two of len/2). */
static TEE_Result secret(uint32_t type, const void *key, size_t len, TEE_ObjectHandle *o)
{
	TEE_Attribute a;
	TEE_Result r = TEE_AllocateTransientObject(type, (uint32_t)len * 8, o);
	if (r != TEE_SUCCESS)
		return r;
	TEE_InitRefAttribute(&a, TEE_ATTR_SECRET_VALUE, key, len);
	r = TEE_PopulateTransientObject(*o, &a, 1);
	if (r != TEE_SUCCESS)
		TEE_FreeTransientObject(*o);
	return r;
}

static TEE_Result digest(uint32_t alg, uint32_t xof_len, TEE_Param *p)
{
	TEE_OperationHandle op = TEE_HANDLE_NULL, copy = TEE_HANDLE_NULL;
	const uint8_t *msg = p[2].memref.buffer;
	size_t half = p[2].memref.size / 2, n = p[3].memref.size, m = sizeof(buf_a);
	if (xof_len) /* SHAKE gives as many bytes as asked */
		n = m = xof_len < n ? xof_len : n;
	TEE_Result r = TEE_AllocateOperation(&op, alg, TEE_MODE_DIGEST, 0);
	if (r == TEE_SUCCESS)
		r = TEE_AllocateOperation(&copy, alg, TEE_MODE_DIGEST, 0);
	if (r == TEE_SUCCESS) {
		TEE_DigestUpdate(op, msg, half);
		TEE_CopyOperation(copy, op);
		r = TEE_DigestDoFinal(op, msg + half, p[2].memref.size - half, p[3].memref.buffer,
				      &n);
		p[3].memref.size = n;
	}
	if (r == TEE_SUCCESS)
		r = TEE_DigestDoFinal(copy, msg + half, p[2].memref.size - half, buf_a, &m);
	if (r == TEE_SUCCESS && (m != n || TEE_MemCompare(buf_a, p[3].memref.buffer, n)))
		r = TEE_ERROR_GENERIC;
	/* TEE_DigestExtract: 3 bytes, then the rest */
	if (r == TEE_SUCCESS) {
		size_t e1 = 3, e2 = n - 3;
		TEE_DigestUpdate(copy, msg, p[2].memref.size);
		r = TEE_DigestExtract(copy, buf_b, &e1);
		if (r == TEE_SUCCESS)
			r = TEE_DigestExtract(copy, buf_b + 3, &e2);
		if (r == TEE_SUCCESS && (e1 + e2 != n || TEE_MemCompare(buf_b, buf_a, n)))
			r = TEE_ERROR_GENERIC;
	}
	TEE_FreeOperation(op);
	TEE_FreeOperation(copy);
	return r;
}

static TEE_Result cipher(uint32_t alg, uint32_t mode, TEE_Param *p)
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_ObjectHandle k1 = TEE_HANDLE_NULL, k2 = TEE_HANDLE_NULL;
	bool xts = alg == TEE_ALG_AES_XTS;
	size_t klen = xts ? p[1].memref.size / 2 : p[1].memref.size;
	size_t iv_len =
	    (alg & 0xf00) == 0 ? 0 : ((alg & 0xff) == 0x13 || (alg & 0xff) == 0x11 ? 8 : 16);
	const uint8_t *in = p[2].memref.buffer;
	uint8_t *out = p[3].memref.buffer;
	size_t in_len = p[2].memref.size - iv_len, first = in_len > 7 ? 7 : in_len;
	size_t n1 = p[3].memref.size, n2;
	TEE_Result r = TEE_AllocateOperation(&op, alg, mode, (uint32_t)klen * 8);
	if (r == TEE_SUCCESS)
		r = secret(key_type(alg), p[1].memref.buffer, klen, &k1);
	if (r == TEE_SUCCESS && xts)
		r = secret(TEE_TYPE_AES, (uint8_t *)p[1].memref.buffer + klen, klen, &k2);
	if (r == TEE_SUCCESS)
		r = xts ? TEE_SetOperationKey2(op, k1, k2) : TEE_SetOperationKey(op, k1);
	if (r == TEE_SUCCESS) {
		TEE_CipherInit(op, iv_len ? in : NULL, iv_len);
		r = TEE_CipherUpdate(op, in + iv_len, first, out, &n1);
	}
	if (r == TEE_SUCCESS) {
		n2 = p[3].memref.size - n1;
		r = TEE_CipherDoFinal(op, in + iv_len + first, in_len - first, out + n1, &n2);
		p[3].memref.size = n1 + n2;
	}
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(k1);
	TEE_FreeTransientObject(k2);
	return r;
}

static TEE_Result mac(uint32_t alg, TEE_Param *p)
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_ObjectHandle k = TEE_HANDLE_NULL;
	const uint8_t *msg = p[2].memref.buffer;
	size_t len = p[2].memref.size, first = len > 3 ? 3 : len, n = p[3].memref.size;
	TEE_Result r = TEE_AllocateOperation(&op, alg, TEE_MODE_MAC, p[1].memref.size * 8);
	if (r == TEE_SUCCESS)
		r = secret(key_type(alg), p[1].memref.buffer, p[1].memref.size, &k);
	if (r == TEE_SUCCESS)
		r = TEE_SetOperationKey(op, k);
	if (r == TEE_SUCCESS) {
		TEE_MACInit(op, NULL, 0);
		TEE_MACUpdate(op, msg, first);
		r = TEE_MACComputeFinal(op, msg + first, len - first, p[3].memref.buffer, &n);
		p[3].memref.size = n;
	}
	if (r == TEE_SUCCESS) {
		TEE_MACInit(op, NULL, 0);
		r = TEE_MACCompareFinal(op, msg, len, p[3].memref.buffer, n);
	}
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(k);
	return r;
}

static TEE_Result ae(uint32_t alg, uint32_t b, TEE_Param *p)
{
	TEE_OperationHandle enc = TEE_HANDLE_NULL, dec = TEE_HANDLE_NULL;
	TEE_ObjectHandle k = TEE_HANDLE_NULL;
	size_t nonce_len = b & 0xff, aad_len = (b >> 8) & 0xff, tag_bits = b >> 16;
	const uint8_t *nonce = p[2].memref.buffer, *aad = nonce + nonce_len, *pt = aad + aad_len;
	size_t pt_len = p[2].memref.size - nonce_len - aad_len;
	uint8_t *out = p[3].memref.buffer;
	size_t n = pt_len, t = tag_bits / 8, m = sizeof(buf_a);
	uint32_t bits = p[1].memref.size * 8;
	if (p[3].memref.size < pt_len + t)
		return TEE_ERROR_SHORT_BUFFER;
	TEE_Result r = TEE_AllocateOperation(&enc, alg, TEE_MODE_ENCRYPT, bits);
	if (r == TEE_SUCCESS)
		r = TEE_AllocateOperation(&dec, alg, TEE_MODE_DECRYPT, bits);
	if (r == TEE_SUCCESS)
		r = secret(TEE_TYPE_AES, p[1].memref.buffer, p[1].memref.size, &k);
	if (r == TEE_SUCCESS)
		r = TEE_SetOperationKey(enc, k);
	if (r == TEE_SUCCESS)
		r = TEE_SetOperationKey(dec, k);
	if (r == TEE_SUCCESS)
		r = TEE_AEInit(enc, nonce, nonce_len, tag_bits, aad_len, pt_len);
	if (r == TEE_SUCCESS) {
		TEE_AEUpdateAAD(enc, aad, aad_len);
		r = TEE_AEEncryptFinal(enc, pt, pt_len, out, &n, out + pt_len, &t);
		p[3].memref.size = n + t;
	}
	if (r == TEE_SUCCESS)
		r = TEE_AEInit(dec, nonce, nonce_len, tag_bits, aad_len, pt_len);
	if (r == TEE_SUCCESS) {
		TEE_AEUpdateAAD(dec, aad, aad_len);
		r = TEE_AEDecryptFinal(dec, out, n, buf_a, &m, out + n, t);
	}
	if (r == TEE_SUCCESS && (m != pt_len || TEE_MemCompare(buf_a, pt, pt_len)))
		r = TEE_ERROR_MAC_INVALID;
	TEE_FreeOperation(enc);
	TEE_FreeOperation(dec);
	TEE_FreeTransientObject(k);
	return r;
}

static TEE_Attribute attrs[6];

static TEE_Result derive(uint32_t alg, uint32_t b, TEE_Param *p)
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_ObjectHandle key = TEE_HANDLE_NULL, out = TEE_HANDLE_NULL;
	const uint8_t *k = p[1].memref.buffer, *q = p[2].memref.buffer;
	size_t kl = p[1].memref.size, ql = p[2].memref.size, n = p[3].memref.size;
	uint32_t type, bits, np = 0, out_bits = 1024, nkdf = 3; /* the KDF's parameters */
	TEE_Result r;
	if (alg == TEE_ALG_ECDH_DERIVE_SHARED_SECRET) {
		size_t c = kl / 3;
		bits = b == TEE_ECC_CURVE_NIST_P521 ? 521 : (uint32_t)c * 8;
		type = TEE_TYPE_ECDH_KEYPAIR;
		TEE_InitValueAttribute(&attrs[0], TEE_ATTR_ECC_CURVE, b, 0);
		TEE_InitRefAttribute(&attrs[1], TEE_ATTR_ECC_PRIVATE_VALUE, k, c);
		TEE_InitRefAttribute(&attrs[2], TEE_ATTR_ECC_PUBLIC_VALUE_X, k + c, c);
		TEE_InitRefAttribute(&attrs[3], TEE_ATTR_ECC_PUBLIC_VALUE_Y, k + 2 * c, c);
		TEE_InitRefAttribute(&attrs[4], TEE_ATTR_ECC_PUBLIC_VALUE_X, q, ql / 2);
		TEE_InitRefAttribute(&attrs[5], TEE_ATTR_ECC_PUBLIC_VALUE_Y, q + ql / 2, ql / 2);
		np = 4;
	} else if (alg == TEE_ALG_X25519) {
		bits = 256;
		type = TEE_TYPE_X25519_KEYPAIR;
		TEE_InitRefAttribute(&attrs[0], TEE_ATTR_X25519_PRIVATE_VALUE, k, 32);
		TEE_InitRefAttribute(&attrs[1], TEE_ATTR_X25519_PUBLIC_VALUE, k + 32, 32);
		TEE_InitRefAttribute(&attrs[4], TEE_ATTR_X25519_PUBLIC_VALUE, q, 32);
		np = 2;
	} else if (alg == TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY) {
		bits = (uint32_t)kl * 8;
		type = TEE_TYPE_PBKDF2_PASSWORD;
		TEE_InitRefAttribute(&attrs[0], TEE_ATTR_PBKDF2_PASSWORD, k, kl);
		TEE_InitRefAttribute(&attrs[3], TEE_ATTR_PBKDF2_SALT, q, ql);
		TEE_InitValueAttribute(&attrs[4], TEE_ATTR_PBKDF2_ITERATION_COUNT, b & 0xffff, 0);
		TEE_InitValueAttribute(&attrs[5], TEE_ATTR_PBKDF2_DKM_LENGTH, b >> 16, 0);
		np = 1;
	} else if (alg == TEE_ALG_CONCAT_KDF_SHA1_DERIVE_KEY ||
		   alg == TEE_ALG_CONCAT_KDF_SHA256_DERIVE_KEY) {
		bits = (uint32_t)kl * 8;
		type = TEE_TYPE_CONCAT_KDF_Z;
		TEE_InitRefAttribute(&attrs[0], TEE_ATTR_CONCAT_KDF_Z, k, kl);
		TEE_InitRefAttribute(&attrs[3], TEE_ATTR_CONCAT_KDF_OTHER_INFO, q, ql);
		TEE_InitValueAttribute(&attrs[4], TEE_ATTR_CONCAT_KDF_DKM_LENGTH, b >> 16, 0);
		np = 1;
		nkdf = 2;
	} else {
		bits = (uint32_t)kl * 8;
		type = TEE_TYPE_HKDF_IKM;
		TEE_InitRefAttribute(&attrs[0], TEE_ATTR_HKDF_IKM, k, kl);
		TEE_InitRefAttribute(&attrs[3], TEE_ATTR_HKDF_SALT, q, b & 0xffff);
		TEE_InitRefAttribute(&attrs[4], TEE_ATTR_HKDF_INFO, q + (b & 0xffff),
				     ql - (b & 0xffff));
		TEE_InitValueAttribute(&attrs[5], TEE_ATTR_HKDF_OKM_LENGTH, b >> 16, 0);
		np = 1;
	}
	r = TEE_AllocateOperation(&op, alg, TEE_MODE_DERIVE, bits);
	if (r == TEE_SUCCESS)
		r = TEE_AllocateTransientObject(type, bits, &key);
	if (r == TEE_SUCCESS)
		r = TEE_PopulateTransientObject(key, attrs, np);
	if (r == TEE_SUCCESS)
		r = TEE_SetOperationKey(op, key);
	if (r == TEE_SUCCESS)
		r = TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, out_bits * 4, &out);
	if (r == TEE_SUCCESS) {
		/* the peer's public value(s), or the KDF's parameters */
		bool ecdh = alg == TEE_ALG_ECDH_DERIVE_SHARED_SECRET, x = alg == TEE_ALG_X25519;
		TEE_DeriveKey(op, &attrs[ecdh || x ? 4 : 3], ecdh ? 2 : (x ? 1 : nkdf), out);
		r = TEE_GetObjectBufferAttribute(out, TEE_ATTR_SECRET_VALUE, p[3].memref.buffer,
						 &n);
		p[3].memref.size = n;
	}
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(key);
	TEE_FreeTransientObject(out);
	return r;
}

/* An SM2 KEP key pair from d | x | y. */
static TEE_Result sm2_keypair(const uint8_t *dxy, TEE_ObjectHandle *o)
{
	TEE_Attribute a[3];
	TEE_InitRefAttribute(&a[0], TEE_ATTR_ECC_PRIVATE_VALUE, dxy, 32);
	TEE_InitRefAttribute(&a[1], TEE_ATTR_ECC_PUBLIC_VALUE_X, dxy + 32, 32);
	TEE_InitRefAttribute(&a[2], TEE_ATTR_ECC_PUBLIC_VALUE_Y, dxy + 64, 32);
	TEE_Result r = TEE_AllocateTransientObject(TEE_TYPE_SM2_KEP_KEYPAIR, 256, o);
	if (r == TEE_SUCCESS)
		r = TEE_PopulateTransientObject(*o, a, 3);
	return r;
}

static TEE_Attribute kep_attrs[9];

static TEE_Result sm2_kep(uint32_t role, TEE_Param *p)
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_ObjectHandle key = TEE_HANDLE_NULL, eph = TEE_HANDLE_NULL, out = TEE_HANDLE_NULL;
	const uint8_t *k = p[1].memref.buffer, *q = p[2].memref.buffer;
	static const char id[] = "1234567812345678";
	if (p[1].memref.size != 192 || (p[2].memref.size != 128 && p[2].memref.size != 160) ||
	    p[3].memref.size < 48)
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_Result r = TEE_AllocateOperation(&op, TEE_ALG_SM2_KEP, TEE_MODE_DERIVE, 512);
	if (r == TEE_SUCCESS)
		r = sm2_keypair(k, &key);
	if (r == TEE_SUCCESS)
		r = sm2_keypair(k + 96, &eph);
	if (r == TEE_SUCCESS)
		r = TEE_SetOperationKey2(op, key, eph);
	/* the key's length: OP-TEE reads the secret object's maximum size as bytes */
	if (r == TEE_SUCCESS)
		r = TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, 16, &out);
	if (r == TEE_SUCCESS) {
		uint32_t n = 0;
		TEE_InitValueAttribute(&kep_attrs[n++], TEE_ATTR_SM2_KEP_USER, role, 0);
		TEE_InitRefAttribute(&kep_attrs[n++], TEE_ATTR_ECC_PUBLIC_VALUE_X, q, 32);
		TEE_InitRefAttribute(&kep_attrs[n++], TEE_ATTR_ECC_PUBLIC_VALUE_Y, q + 32, 32);
		TEE_InitRefAttribute(&kep_attrs[n++], TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X, q + 64,
				     32);
		TEE_InitRefAttribute(&kep_attrs[n++], TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y, q + 96,
				     32);
		TEE_InitRefAttribute(&kep_attrs[n++], TEE_ATTR_SM2_ID_INITIATOR, id, 16);
		TEE_InitRefAttribute(&kep_attrs[n++], TEE_ATTR_SM2_ID_RESPONDER, id, 16);
		if (p[2].memref.size == 160)
			TEE_InitRefAttribute(&kep_attrs[n++], TEE_ATTR_SM2_KEP_CONFIRMATION_IN,
					     q + 128, 32);
		TEE_MemFill(buf_a, 0, 32);
		TEE_InitRefAttribute(&kep_attrs[n++], TEE_ATTR_SM2_KEP_CONFIRMATION_OUT, buf_a, 32);
		/* a point off the curve or a confirmation value that is not the peer's panics */
		TEE_DeriveKey(op, kep_attrs, n, out);
		size_t len = 16;
		r = TEE_GetObjectBufferAttribute(out, TEE_ATTR_SECRET_VALUE, p[3].memref.buffer,
						 &len);
		TEE_MemMove((uint8_t *)p[3].memref.buffer + len, buf_a, 32);
		p[3].memref.size = len + 32;
	}
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(key);
	TEE_FreeTransientObject(eph);
	TEE_FreeTransientObject(out);
	return r;
}

static bool dsa_check(TEE_ObjectHandle key, uint32_t alg, uint32_t bits, uint32_t mode,
		      const void *digest, size_t dlen, void *sig, size_t *slen)
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_Result r = TEE_AllocateOperation(&op, alg, mode, bits);
	if (r == TEE_SUCCESS)
		r = TEE_SetOperationKey(op, key);
	if (r == TEE_SUCCESS)
		r = mode == TEE_MODE_SIGN
			? TEE_AsymmetricSignDigest(op, NULL, 0, digest, dlen, sig, slen)
			: TEE_AsymmetricVerifyDigest(op, NULL, 0, digest, dlen, sig, *slen);
	TEE_FreeOperation(op);
	return r == TEE_SUCCESS;
}

static TEE_Result dsa(uint32_t alg, uint32_t qlen, TEE_Param *p)
{
	const uint8_t *k = p[1].memref.buffer, *in = p[2].memref.buffer;
	size_t plen = (p[1].memref.size - qlen) / 3, slen = 2 * qlen;
	size_t dlen = p[2].memref.size - slen;
	uint32_t bits = (uint32_t)plen * 8;
	TEE_ObjectHandle pub = TEE_HANDLE_NULL, gen = TEE_HANDLE_NULL;
	TEE_InitRefAttribute(&attrs[0], TEE_ATTR_DSA_PRIME, k, plen);
	TEE_InitRefAttribute(&attrs[1], TEE_ATTR_DSA_SUBPRIME, k + plen, qlen);
	TEE_InitRefAttribute(&attrs[2], TEE_ATTR_DSA_BASE, k + plen + qlen, plen);
	TEE_InitRefAttribute(&attrs[3], TEE_ATTR_DSA_PUBLIC_VALUE, k + 2 * plen + qlen, plen);
	TEE_Result r = TEE_AllocateTransientObject(TEE_TYPE_DSA_PUBLIC_KEY, bits, &pub);
	if (r == TEE_SUCCESS)
		r = TEE_PopulateTransientObject(pub, attrs, 4);
	if (r == TEE_SUCCESS)
		r = TEE_AllocateTransientObject(TEE_TYPE_DSA_KEYPAIR, bits, &gen);
	if (r == TEE_SUCCESS)
		r = TEE_GenerateKey(gen, bits, attrs, 3);
	bool ok = r == TEE_SUCCESS && slen <= sizeof(buf_a);
	if (ok) { /* the given signature, then the same with its last bit changed */
		TEE_MemMove(buf_a, in + dlen, slen);
		ok = dsa_check(pub, alg, bits, TEE_MODE_VERIFY, in, dlen, buf_a, &slen);
		buf_a[slen - 1] ^= 1;
		ok = ok && !dsa_check(pub, alg, bits, TEE_MODE_VERIFY, in, dlen, buf_a, &slen);
	}
	size_t n = sizeof(buf_a);
	ok = ok && dsa_check(gen, alg, bits, TEE_MODE_SIGN, in, dlen, buf_a, &n) && n == slen &&
	     dsa_check(gen, alg, bits, TEE_MODE_VERIFY, in, dlen, buf_a, &n);
	TEE_FreeTransientObject(pub);
	TEE_FreeTransientObject(gen);
	if (r != TEE_SUCCESS)
		return r;
	*(uint8_t *)p[3].memref.buffer = ok;
	p[3].memref.size = 1;
	return TEE_SUCCESS;
}

/* One Ed25519 signature (sign) or check (verify) with key and the variant's parameters. */
static TEE_Result eddsa_run(TEE_ObjectHandle key, uint32_t mode, uint32_t nattrs, const void *msg,
			    size_t len, void *sig, size_t *slen)
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_Result r = TEE_AllocateOperation(&op, TEE_ALG_ED25519, mode, 256);
	if (r == TEE_SUCCESS)
		r = TEE_SetOperationKey(op, key);
	if (r == TEE_SUCCESS)
		r = mode == TEE_MODE_SIGN
			? TEE_AsymmetricSignDigest(op, attrs, nattrs, msg, len, sig, slen)
			: TEE_AsymmetricVerifyDigest(op, attrs, nattrs, msg, len, sig, *slen);
	TEE_FreeOperation(op);
	return r;
}

static TEE_Result eddsa(uint32_t b, TEE_Param *p)
{
	const uint8_t *k = p[1].memref.buffer, *in = p[2].memref.buffer;
	size_t ctx_len = b >> 8, len = p[2].memref.size - ctx_len, slen = 64;
	uint32_t n = 0;
	if (p[1].memref.size != 64 || p[2].memref.size < ctx_len || p[3].memref.size < 64)
		return TEE_ERROR_BAD_PARAMETERS;
	if (b & 1)
		TEE_InitValueAttribute(&attrs[n++], TEE_ATTR_EDDSA_PREHASH, 1, 0);
	if (ctx_len)
		TEE_InitRefAttribute(&attrs[n++], TEE_ATTR_EDDSA_CTX, in, ctx_len);
	TEE_InitRefAttribute(&attrs[2], TEE_ATTR_ED25519_PRIVATE_VALUE, k, 32);
	TEE_InitRefAttribute(&attrs[3], TEE_ATTR_ED25519_PUBLIC_VALUE, k + 32, 32);
	TEE_ObjectHandle kp = TEE_HANDLE_NULL, pub = TEE_HANDLE_NULL, gen = TEE_HANDLE_NULL;
	TEE_Result r = TEE_AllocateTransientObject(TEE_TYPE_ED25519_KEYPAIR, 256, &kp);
	if (r == TEE_SUCCESS)
		r = TEE_PopulateTransientObject(kp, &attrs[2], 2);
	if (r == TEE_SUCCESS)
		r = TEE_AllocateTransientObject(TEE_TYPE_ED25519_PUBLIC_KEY, 256, &pub);
	if (r == TEE_SUCCESS)
		r = TEE_PopulateTransientObject(pub, &attrs[3], 1);
	if (r == TEE_SUCCESS)
		r = eddsa_run(kp, TEE_MODE_SIGN, n, in + ctx_len, len, p[3].memref.buffer, &slen);
	if (r == TEE_SUCCESS) {
		TEE_MemMove(buf_a, p[3].memref.buffer, slen);
		p[3].memref.size = slen;
		r = eddsa_run(pub, TEE_MODE_VERIFY, n, in + ctx_len, len, buf_a, &slen);
		buf_a[0] ^= 1;
		if (r == TEE_SUCCESS && eddsa_run(pub, TEE_MODE_VERIFY, n, in + ctx_len, len, buf_a,
						  &slen) != TEE_ERROR_SIGNATURE_INVALID)
			r = TEE_ERROR_SIGNATURE_INVALID;
	}
	if (r == TEE_SUCCESS)
		r = TEE_AllocateTransientObject(TEE_TYPE_ED25519_KEYPAIR, 256, &gen);
	if (r == TEE_SUCCESS)
		r = TEE_GenerateKey(gen, 256, NULL, 0);
	if (r == TEE_SUCCESS &&
	    (eddsa_run(gen, TEE_MODE_SIGN, n, in + ctx_len, len, buf_b, &slen) != TEE_SUCCESS ||
	     eddsa_run(gen, TEE_MODE_VERIFY, n, in + ctx_len, len, buf_b, &slen) != TEE_SUCCESS))
		r = TEE_ERROR_GENERIC;
	TEE_FreeTransientObject(kp);
	TEE_FreeTransientObject(pub);
	TEE_FreeTransientObject(gen);
	return r;
}

/* ---- round trips ---- */

static unsigned passed, failed_at, step;

static void expect(bool ok)
{
	step++;
	if (ok)
		passed++;
	else if (!failed_at)
		failed_at = step;
}

static bool sign_verify(TEE_ObjectHandle key, TEE_ObjectHandle pub, uint32_t alg, uint32_t bits)
{
	TEE_OperationHandle s = TEE_HANDLE_NULL, v = TEE_HANDLE_NULL;
	size_t n = sizeof(buf_b);
	TEE_MemFill(buf_a, 0x5a, 64);
	size_t dlen = alg == TEE_ALG_ECDSA_SHA384 ? 48 : 32;
	bool ok = TEE_AllocateOperation(&s, alg, TEE_MODE_SIGN, bits) == TEE_SUCCESS &&
		  TEE_AllocateOperation(&v, alg, TEE_MODE_VERIFY, bits) == TEE_SUCCESS &&
		  TEE_SetOperationKey(s, key) == TEE_SUCCESS &&
		  TEE_SetOperationKey(v, pub) == TEE_SUCCESS &&
		  TEE_AsymmetricSignDigest(s, NULL, 0, buf_a, dlen, buf_b, &n) == TEE_SUCCESS &&
		  TEE_AsymmetricVerifyDigest(v, NULL, 0, buf_a, dlen, buf_b, n) == TEE_SUCCESS;
	buf_b[3] ^= 1;
	ok = ok && TEE_AsymmetricVerifyDigest(v, NULL, 0, buf_a, dlen, buf_b, n) ==
		       TEE_ERROR_SIGNATURE_INVALID;
	TEE_FreeOperation(s);
	TEE_FreeOperation(v);
	return ok;
}

static bool rsa_round_trip(TEE_ObjectHandle kp, TEE_ObjectHandle pub, uint32_t alg)
{
	TEE_OperationHandle e = TEE_HANDLE_NULL, d = TEE_HANDLE_NULL;
	size_t n = sizeof(buf_b), m = sizeof(buf_a);
	static const char msg[] = "a secret for RSA";
	bool ok = TEE_AllocateOperation(&e, alg, TEE_MODE_ENCRYPT, 1024) == TEE_SUCCESS &&
		  TEE_AllocateOperation(&d, alg, TEE_MODE_DECRYPT, 1024) == TEE_SUCCESS &&
		  TEE_SetOperationKey(e, pub) == TEE_SUCCESS &&
		  TEE_SetOperationKey(d, kp) == TEE_SUCCESS &&
		  TEE_AsymmetricEncrypt(e, NULL, 0, msg, sizeof(msg), buf_b, &n) == TEE_SUCCESS &&
		  TEE_AsymmetricDecrypt(d, NULL, 0, buf_b, n, buf_a, &m) == TEE_SUCCESS &&
		  m == sizeof(msg) && !TEE_MemCompare(buf_a, msg, m);
	TEE_FreeOperation(e);
	TEE_FreeOperation(d);
	return ok;
}

/* RFC 2409's first Oakley group (768 bits), generator 2. */
static const uint8_t dh_p[96] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2, 0x21, 0x68, 0xc2, 0x34,
    0xc4, 0xc6, 0x62, 0x8b, 0x80, 0xdc, 0x1c, 0xd1, 0x29, 0x02, 0x4e, 0x08, 0x8a, 0x67, 0xcc, 0x74,
    0x02, 0x0b, 0xbe, 0xa6, 0x3b, 0x13, 0x9b, 0x22, 0x51, 0x4a, 0x08, 0x79, 0x8e, 0x34, 0x04, 0xdd,
    0xef, 0x95, 0x19, 0xb3, 0xcd, 0x3a, 0x43, 0x1b, 0x30, 0x2b, 0x0a, 0x6d, 0xf2, 0x5f, 0x14, 0x37,
    0x4f, 0xe1, 0x35, 0x6d, 0x6d, 0x51, 0xc2, 0x45, 0xe4, 0x85, 0xb5, 0x76, 0x62, 0x5e, 0x7e, 0xc6,
    0xf4, 0x4c, 0x42, 0xe9, 0xa6, 0x3a, 0x36, 0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t dh_g[1] = {2};

static bool dh_pair(TEE_ObjectHandle *o)
{
	TEE_InitRefAttribute(&attrs[0], TEE_ATTR_DH_PRIME, dh_p, sizeof(dh_p));
	TEE_InitRefAttribute(&attrs[1], TEE_ATTR_DH_BASE, dh_g, sizeof(dh_g));
	return TEE_AllocateTransientObject(TEE_TYPE_DH_KEYPAIR, 768, o) == TEE_SUCCESS &&
	       TEE_GenerateKey(*o, 768, attrs, 2) == TEE_SUCCESS;
}

/* A's secret with B's public value, into buf (len out). */
static bool dh_derive(TEE_ObjectHandle a, TEE_ObjectHandle b, uint8_t *buf, size_t *len)
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_ObjectHandle s = TEE_HANDLE_NULL;
	size_t pl = sizeof(buf_b);
	bool ok =
	    TEE_GetObjectBufferAttribute(b, TEE_ATTR_DH_PUBLIC_VALUE, buf_b, &pl) == TEE_SUCCESS &&
	    TEE_AllocateOperation(&op, TEE_ALG_DH_DERIVE_SHARED_SECRET, TEE_MODE_DERIVE, 768) ==
		TEE_SUCCESS &&
	    TEE_SetOperationKey(op, a) == TEE_SUCCESS &&
	    TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, 1024, &s) == TEE_SUCCESS;
	if (ok) {
		TEE_InitRefAttribute(&attrs[2], TEE_ATTR_DH_PUBLIC_VALUE, buf_b, pl);
		TEE_DeriveKey(op, &attrs[2], 1, s);
		ok =
		    TEE_GetObjectBufferAttribute(s, TEE_ATTR_SECRET_VALUE, buf, len) == TEE_SUCCESS;
	}
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(s);
	return ok;
}

static TEE_Result selftest(TEE_Param *p)
{
	TEE_ObjectHandle kp = TEE_HANDLE_NULL, pub = TEE_HANDLE_NULL, ec = TEE_HANDLE_NULL;
	TEE_ObjectHandle d1 = TEE_HANDLE_NULL, d2 = TEE_HANDLE_NULL;
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	static uint8_t s1[128], s2[128];
	passed = failed_at = step = 0;

	/* RSA: key generation, the public half by TEE_CopyObjectAttributes1, every scheme */
	expect(TEE_AllocateTransientObject(TEE_TYPE_RSA_KEYPAIR, 1024, &kp) == TEE_SUCCESS &&
	       TEE_GenerateKey(kp, 1024, NULL, 0) == TEE_SUCCESS);
	expect(TEE_AllocateTransientObject(TEE_TYPE_RSA_PUBLIC_KEY, 1024, &pub) == TEE_SUCCESS &&
	       TEE_CopyObjectAttributes1(pub, kp) == TEE_SUCCESS);
	size_t n = sizeof(buf_a);
	expect(TEE_GetObjectBufferAttribute(pub, TEE_ATTR_RSA_PRIVATE_EXPONENT, buf_a, &n) ==
	       TEE_ERROR_ITEM_NOT_FOUND);
	expect(sign_verify(kp, pub, TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, 1024));
	expect(sign_verify(kp, pub, TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, 1024));
	expect(rsa_round_trip(kp, pub, TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA1));
	expect(rsa_round_trip(kp, pub, TEE_ALG_RSA_NOPAD));

	/* ECDSA P-384 */
	TEE_InitValueAttribute(&attrs[0], TEE_ATTR_ECC_CURVE, TEE_ECC_CURVE_NIST_P384, 0);
	expect(TEE_AllocateTransientObject(TEE_TYPE_ECDSA_KEYPAIR, 384, &ec) == TEE_SUCCESS &&
	       TEE_GenerateKey(ec, 384, attrs, 1) == TEE_SUCCESS &&
	       sign_verify(ec, ec, TEE_ALG_ECDSA_SHA384, 384));

	/* DH: two key pairs of one group agree */
	size_t l1 = sizeof(s1), l2 = sizeof(s2);
	expect(dh_pair(&d1) && dh_pair(&d2) && dh_derive(d1, d2, s1, &l1) &&
	       dh_derive(d2, d1, s2, &l2) && l1 == l2 && !TEE_MemCompare(s1, s2, l1));

	/* usage restriction: the key no longer signs (SetOperationKey would panic) */
	TEE_ObjectInfo info;
	expect(TEE_RestrictObjectUsage1(kp, TEE_USAGE_VERIFY) == TEE_SUCCESS &&
	       TEE_GetObjectInfo1(kp, &info) == TEE_SUCCESS &&
	       info.objectUsage == TEE_USAGE_VERIFY && info.objectSize == 1024 &&
	       (info.handleFlags & TEE_HANDLE_FLAG_INITIALIZED));

	/* operation info for a two-key operation */
	static uint8_t im[sizeof(TEE_OperationInfoMultiple) + 2 * sizeof(TEE_OperationInfoKey)];
	TEE_OperationInfoMultiple *m = (TEE_OperationInfoMultiple *)im;
	size_t ml = sizeof(im);
	expect(TEE_AllocateOperation(&op, TEE_ALG_AES_XTS, TEE_MODE_ENCRYPT, 256) == TEE_SUCCESS &&
	       TEE_GetOperationInfoMultiple(op, m, &ml) == TEE_SUCCESS && m->numberOfKeys == 2 &&
	       m->operationState == TEE_OPERATION_STATE_INITIAL &&
	       (m->handleState & TEE_HANDLE_FLAG_EXPECT_TWO_KEYS) && m->maxKeySize == 256);
	TEE_FreeOperation(op);

	/* what is and is not there */
	expect(TEE_IsAlgorithmSupported(TEE_ALG_AES_CCM, TEE_CRYPTO_ELEMENT_NONE) == TEE_SUCCESS);
	expect(TEE_IsAlgorithmSupported(TEE_ALG_ECDSA_SHA256, TEE_ECC_CURVE_NIST_P521) ==
	       TEE_SUCCESS);
	expect(TEE_IsAlgorithmSupported(TEE_ALG_DSA_SHA256, TEE_CRYPTO_ELEMENT_NONE) ==
	       TEE_SUCCESS);
	expect(TEE_IsAlgorithmSupported(TEE_ALG_ED25519, TEE_ECC_CURVE_25519) == TEE_SUCCESS &&
	       TEE_AllocateOperation(&op, TEE_ALG_ED448, TEE_MODE_SIGN, 456) ==
		   TEE_ERROR_NOT_SUPPORTED);
	expect(TEE_IsAlgorithmSupported(TEE_ALG_SM2_KEP, TEE_ECC_CURVE_SM2) == TEE_SUCCESS &&
	       TEE_AllocateOperation(&op, TEE_ALG_SM4_XTS, TEE_MODE_ENCRYPT, 256) ==
		   TEE_ERROR_NOT_SUPPORTED);

	TEE_FreeTransientObject(kp);
	TEE_FreeTransientObject(pub);
	TEE_FreeTransientObject(ec);
	TEE_FreeTransientObject(d1);
	TEE_FreeTransientObject(d2);
	p[0].value.a = passed;
	p[0].value.b = failed_at;
	return TEE_SUCCESS;
}

/* ---- the handle attack ---- */

/* libutee's object handle as the TA holds it (ta/lib/crypto.h): forged below */
struct forged_object {
	uint32_t magic, kernel, storage_handle, data_flags;
};
static struct forged_object forged = {0x0b1ec7a7u, 0, 0, 0};
static TEE_OperationHandle own_op = TEE_HANDLE_NULL;
static TEE_ObjectHandle own_obj = TEE_HANDLE_NULL;

static TEE_Result attack(uint32_t cmd, TEE_Param *p)
{
	switch (cmd) {
	case TA_KAT_CMD_ALLOC_OP:
		if (own_op == TEE_HANDLE_NULL &&
		    TEE_AllocateOperation(&own_op, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0) !=
			TEE_SUCCESS)
			return TEE_ERROR_OUT_OF_MEMORY;
		p[0].value.a = (uint32_t)(uintptr_t)own_op;
		return TEE_SUCCESS;
	case TA_KAT_CMD_USE_OP:
		/* another instance's handle: the kernel must end this TA here */
		TEE_DigestUpdate((TEE_OperationHandle)(uintptr_t)p[0].value.a, "x", 1);
		return TEE_SUCCESS;
	case TA_KAT_CMD_ALLOC_OBJ:
		if (own_obj == TEE_HANDLE_NULL) {
			static const uint8_t key[16] = {1, 2, 3};
			if (secret(TEE_TYPE_AES, key, sizeof(key), &own_obj) != TEE_SUCCESS)
				return TEE_ERROR_OUT_OF_MEMORY;
		}
		p[0].value.a = ((struct forged_object *)own_obj)->kernel;
		return TEE_SUCCESS;
	default: { /* TA_KAT_CMD_USE_OBJ: read the key of the object through a forged handle */
		size_t n = sizeof(buf_a);
		forged.kernel = p[0].value.a;
		return TEE_GetObjectBufferAttribute((TEE_ObjectHandle)&forged,
						    TEE_ATTR_SECRET_VALUE, buf_a, &n);
	}
	}
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	(void)sess_ctx;
	if (cmd == TA_KAT_CMD_SELFTEST)
		return types == TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
						TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE)
			   ? selftest(p)
			   : TEE_ERROR_BAD_PARAMETERS;
	if (cmd >= TA_KAT_CMD_ALLOC_OP && cmd <= TA_KAT_CMD_USE_OBJ) {
		uint32_t t0 = (cmd == TA_KAT_CMD_ALLOC_OP || cmd == TA_KAT_CMD_ALLOC_OBJ)
				  ? TEE_PARAM_TYPE_VALUE_OUTPUT
				  : TEE_PARAM_TYPE_VALUE_INPUT;
		if (types != TEE_PARAM_TYPES(t0, TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
					     TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return attack(cmd, p);
	}
	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_MEMREF_INPUT,
				     TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	uint32_t alg = p[0].value.a, b = p[0].value.b;
	switch (cmd) {
	case TA_KAT_CMD_DIGEST:
		return digest(alg, b, p);
	case TA_KAT_CMD_DSA:
		return dsa(alg, b, p);
	case TA_KAT_CMD_CIPHER:
		return cipher(alg, b, p);
	case TA_KAT_CMD_MAC:
		return mac(alg, p);
	case TA_KAT_CMD_AE:
		return ae(alg, b, p);
	case TA_KAT_CMD_DERIVE:
		return derive(alg, b, p);
	case TA_KAT_CMD_EDDSA:
		return eddsa(b, p);
	case TA_KAT_CMD_SM2_KEP:
		return sm2_kep(b, p);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
