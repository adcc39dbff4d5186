/*
 * The attestation key on the host: the same derivation as the monitor
 * (monitor/attest.c, docs/keys.md), with OpenSSL.
 */
#ifndef ATTEST_KEY_H
#define ATTEST_KEY_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

/* HKDF-SHA256: IKM = secret, salt "tzvisor-device-key-v1", info = label || 0x00 || context. */
int device_key_derive_host(const uint8_t secret[32], const char *label, const void *context,
			   size_t context_len, uint8_t out[32]);
/* The P-256 key pair with d = (OS2IP(okm) mod (n - 1)) + 1; NULL on error. */
EVP_PKEY *attest_key_from_okm(const uint8_t okm[32]);
/* The attestation key pair of a device secret (label "attestation", no context). */
EVP_PKEY *attest_key_from_secret(const uint8_t secret[32]);
/* The public point 0x04 || X || Y; returns 0 or -1. */
int attest_key_public_point(EVP_PKEY *key, uint8_t out[65]);
/* A public key from a PEM file; NULL (message on stderr) on error. */
EVP_PKEY *attest_key_read_pem(const char *path);

#endif
