/*
 * GlobalPlatform's symmetric operations in the TEE kernel, with Debian's
 * mbedTLS: MACs (HMAC, CMAC, CBC-MAC), ciphers (AES ECB/CBC/CTR/CTS/XTS, DES
 * and 3DES ECB/CBC, SM4 ECB/CBC/CTR) and authenticated encryption (AES-GCM,
 * AES-CCM). The block modes run over one raw block primitive (mbedTLS's cipher
 * layer in ECB mode, set up by crypto_op.c, or the SM4 object of Debian's
 * OpenSSL libcrypto.a) so that AES, DES, 3DES and SM4 share them; input
 * that does not fill a block waits in the operation.
 */
#include <stdlib.h>
#include <lib/string.h>
#include <mbedtls/cmac.h>
#include <tee_api_defines.h>
#include "crypto_op.h"

/* ---- block primitive and modes ---- */

/* SM4 (GB/T 32907-2016): OpenSSL 3.0's crypto/sm4 (include/crypto/sm4.h), an SM4_KEY of 32
 * round keys. mbedTLS 2.28 has no SM4. */
int ossl_sm4_set_key(const uint8_t *key, uint32_t *ks);
void ossl_sm4_encrypt(const uint8_t *in, uint8_t *out, const uint32_t *ks);
void ossl_sm4_decrypt(const uint8_t *in, uint8_t *out, const uint32_t *ks);

void cr_sm4_setkey(struct cr_op *op, const uint8_t key[16], bool decrypt)
{
	ossl_sm4_set_key(key, op->sm4_rk);
	op->sm4_decrypt = decrypt;
	op->block = 16;
}

static void raw_block(struct cr_op *op, const uint8_t *in, uint8_t *out)
{
	size_t n = 0;
	if (op->a->cipher == CR_CIPHER_SM4) {
		if (op->sm4_decrypt)
			ossl_sm4_decrypt(in, out, op->sm4_rk);
		else
			ossl_sm4_encrypt(in, out, op->sm4_rk);
		return;
	}
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
	unsigned b =
	    op->a->cipher == MBEDTLS_CIPHER_ID_AES || op->a->cipher == CR_CIPHER_SM4 ? 16 : 8;
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
		cr_hmac_reset(op);
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
		return cr_hmac_update(op, src, len);
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
		r = cr_hmac_finish(op, mac);
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

/*
 * GCM is a stream: every input byte gives its output byte at once, as GP and OP-TEE
 * have it. mbedTLS 2.28's GCM takes whole blocks except at the end, so a partial
 * block waits in op->pending (its bytes already given out) for the real context,
 * and its output comes from a shallow copy of the context that takes it as the
 * end (the copy shares the AES key context, which ECB leaves unchanged).
 */
static void gcm_stream(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst)
{
	uint8_t block[16];
	while (len) {
		size_t had = op->pending_len;
		size_t take = 16 - had < len ? 16 - had : len;
		memcpy(op->pending + had, src, take);
		op->pending_len += take;
		if (op->pending_len == 16) {
			mbedtls_gcm_update(&op->gcm, 16, op->pending, block);
			op->pending_len = 0;
		} else {
			mbedtls_gcm_context end = op->gcm;
			mbedtls_gcm_update(&end, op->pending_len, op->pending, block);
		}
		memcpy(dst, block + had, take);
		src += take;
		dst += take;
		len -= take;
	}
	memset(block, 0, sizeof(block));
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
	if (*dst_len < len) {
		*dst_len = len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	uint32_t r = gcm_start(op);
	if (r != TEE_SUCCESS)
		return r;
	gcm_stream(op, src, len, dst);
	*dst_len = len;
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
		const struct cr_attr *k = cr_secret(&op->key);
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
		gcm_stream(op, src, len, dst);
		if (op->pending_len) { /* its output was given: the real context takes it now */
			uint8_t block[16];
			mbedtls_gcm_update(&op->gcm, op->pending_len, op->pending, block);
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
	return op->a->kind == K_CCM ? op->acc_len + len : len;
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
