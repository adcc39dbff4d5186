/* The TEE kernel's crypto for TA signatures (tee/ta_crypto.c, mbedTLS). */
#ifndef TEE_TA_CRYPTO_H
#define TEE_TA_CRYPTO_H
#include <stdint.h>

/* Size of a signature with the built-in key (its modulus size). */
uint16_t ta_crypto_sig_size(void);
/* SHA-256 of a | b into out; 0 or -1. */
int ta_crypto_hash(const uint8_t *a, uint64_t alen, const uint8_t *b, uint64_t blen, uint8_t out[32]);
/* RSA signature over a SHA-256 hash with the built-in key; algo TZV_SHDR_ALGO_*; 0 = valid. */
int ta_crypto_verify(uint32_t algo, const uint8_t hash[32], const uint8_t *sig, uint16_t sig_size);

/* An RSA public key of a subkey: big-endian modulus and exponent, no leading zero bytes. */
struct ta_rsa_key {
	const uint8_t *n, *e;
	uint32_t n_size, e_size;
};
/* The same check with that key (its signatures are n_size bytes); 0 = valid. */
int ta_crypto_verify_key(const struct ta_rsa_key *key, uint32_t algo, const uint8_t hash[32],
			 const uint8_t *sig, uint16_t sig_size);
/* SHA-512 of a | b into out; 0 or -1. */
int ta_crypto_sha512(const uint8_t *a, uint64_t alen, const uint8_t *b, uint64_t blen,
		     uint8_t out[64]);

#endif
