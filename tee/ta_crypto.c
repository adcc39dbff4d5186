/*
 * TA signature checks with Debian's arm64 libmbedcrypto.a (mbedTLS 2.28),
 * linked into the TEE kernel: SHA-256 and RSA PKCS#1 v1.5 / PSS verification
 * against the public key built into the image (build/keys/ta_pubkey.c, made
 * by tools/tasign from the development key). Also the few C library
 * functions the library needs, with a small private heap for its bignums
 * (Debian builds it without MBEDTLS_PLATFORM_MEMORY, so it calls calloc/free
 * directly).
 */
#include <stddef.h>
#include <lib/string.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/ta_abi.h>
#include "tee.h"
#include "ta_crypto.h"

/* An RSA public key built into the image (tools/tasign export). */
struct ta_pubkey {
	uint32_t exponent;
	uint32_t modulus_size;
	const uint8_t *modulus;
};

extern const uint32_t ta_pubkey_exponent;
extern const uint32_t ta_pubkey_modulus_size;
extern const uint8_t ta_pubkey_modulus[];
#ifdef CONFIG_TEST_HOOKS
/* Test images also trust the test-TA key (ta/ta.mk); shipped images do not have it. */
extern const uint32_t ta_test_pubkey_exponent;
extern const uint32_t ta_test_pubkey_modulus_size;
extern const uint8_t ta_test_pubkey_modulus[];
#endif

uint16_t ta_crypto_sig_size(void)
{
	return (uint16_t)ta_pubkey_modulus_size;
}

int ta_crypto_hash(const uint8_t *a, uint64_t alen, const uint8_t *b, uint64_t blen, uint8_t out[32])
{
	mbedtls_sha256_context c;
	int r;
	mbedtls_sha256_init(&c);
	r = mbedtls_sha256_starts_ret(&c, 0);
	if (!r)
		r = mbedtls_sha256_update_ret(&c, a, (size_t)alen);
	if (!r)
		r = mbedtls_sha256_update_ret(&c, b, (size_t)blen);
	if (!r)
		r = mbedtls_sha256_finish_ret(&c, out);
	mbedtls_sha256_free(&c);
	return r ? -1 : 0;
}

int ta_crypto_sha512(const uint8_t *a, uint64_t alen, const uint8_t *b, uint64_t blen,
		     uint8_t out[64])
{
	mbedtls_sha512_context c;
	int r;
	mbedtls_sha512_init(&c);
	r = mbedtls_sha512_starts_ret(&c, 0);
	if (!r)
		r = mbedtls_sha512_update_ret(&c, a, (size_t)alen);
	if (!r)
		r = mbedtls_sha512_update_ret(&c, b, (size_t)blen);
	if (!r)
		r = mbedtls_sha512_finish_ret(&c, out);
	mbedtls_sha512_free(&c);
	return r ? -1 : 0;
}

int ta_crypto_verify_key(const struct ta_rsa_key *key, uint32_t algo, const uint8_t hash[32],
			 const uint8_t *sig, uint16_t sig_size)
{
	mbedtls_rsa_context rsa;
	int r;

	if (sig_size != key->n_size)
		return -1;
	mbedtls_rsa_init(&rsa, MBEDTLS_RSA_PKCS_V15, 0);
	r = mbedtls_rsa_import_raw(&rsa, key->n, key->n_size, NULL, 0, NULL, 0, NULL, 0, key->e,
				   key->e_size);
	if (!r)
		r = mbedtls_rsa_complete(&rsa);
	if (!r && algo == TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256) {
		r = mbedtls_rsa_pkcs1_verify(&rsa, NULL, NULL, MBEDTLS_RSA_PUBLIC, MBEDTLS_MD_SHA256, 32,
					     hash, sig);
	} else if (!r && algo == TZV_SHDR_ALGO_RSA_PSS_SHA256) {
		mbedtls_rsa_set_padding(&rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
		r = mbedtls_rsa_rsassa_pss_verify_ext(&rsa, NULL, NULL, MBEDTLS_RSA_PUBLIC,
						      MBEDTLS_MD_SHA256, 32, hash, MBEDTLS_MD_SHA256,
						      32, sig);
	} else if (!r) {
		r = -1;
	}
	mbedtls_rsa_free(&rsa);
	return r ? -1 : 0;
}

static int verify_with(const struct ta_pubkey *key, uint32_t algo, const uint8_t hash[32],
		       const uint8_t *sig, uint16_t sig_size)
{
	uint8_t e[4] = { (uint8_t)(key->exponent >> 24), (uint8_t)(key->exponent >> 16),
			 (uint8_t)(key->exponent >> 8), (uint8_t)key->exponent };
	const struct ta_rsa_key k = { key->modulus, e, key->modulus_size, sizeof(e) };
	return ta_crypto_verify_key(&k, algo, hash, sig, sig_size);
}

int ta_crypto_verify(uint32_t algo, const uint8_t hash[32], const uint8_t *sig, uint16_t sig_size)
{
	const struct ta_pubkey dev_key = { ta_pubkey_exponent, ta_pubkey_modulus_size,
					   ta_pubkey_modulus };
	if (!verify_with(&dev_key, algo, hash, sig, sig_size))
		return 0;
#ifdef CONFIG_TEST_HOOKS
	const struct ta_pubkey test_key = { ta_test_pubkey_exponent, ta_test_pubkey_modulus_size,
					    ta_test_pubkey_modulus };
	if (!verify_with(&test_key, algo, hash, sig, sig_size))
		return 0;
#endif
	return -1;
}
