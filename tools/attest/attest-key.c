/*
 * attest-key: the attestation public key of a device secret, computed as the
 * monitor does (docs/attestation.md). Writes <out>.pem (SubjectPublicKeyInfo)
 * and <out>.jwk (RFC 7517/7518 EC key), and prints the point.
 *
 *   attest-key build/device-secret.bin build/attest-key
 */
#include "key.h"
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

static void base64url(FILE *f, const uint8_t *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		int chars = n - i >= 3 ? 4 : (int)(n - i) + 1;
		for (int k = 0; k < chars; k++)
			fputc(a[(v >> (18 - 6 * k)) & 63], f);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: attest-key DEVICE-SECRET.bin OUT-PREFIX\n");
		return 2;
	}
	uint8_t secret[32];
	FILE *f = fopen(argv[1], "rb");
	if (!f || fread(secret, 1, 32, f) != 32 || fgetc(f) != EOF) {
		fprintf(stderr, "attest-key: %s must hold exactly 32 bytes\n", argv[1]);
		return 1;
	}
	fclose(f);
	EVP_PKEY *key = attest_key_from_secret(secret);
	memset(secret, 0, sizeof(secret));
	uint8_t point[65], id[32];
	if (!key || attest_key_public_point(key, point)) {
		fprintf(stderr, "attest-key: derivation failed\n");
		return 1;
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s.pem", argv[2]);
	f = fopen(path, "w");
	if (!f || !PEM_write_PUBKEY(f, key) || fclose(f)) {
		perror(path);
		return 1;
	}
	snprintf(path, sizeof(path), "%s.jwk", argv[2]);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 1;
	}
	fprintf(f, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"x\":\"");
	base64url(f, point + 1, 32);
	fprintf(f, "\",\"y\":\"");
	base64url(f, point + 33, 32);
	fprintf(f, "\"}\n");
	fclose(f);
	SHA256(point, sizeof(point), id);
	printf("attestation public key (P-256, ES256): ");
	for (int i = 0; i < 65; i++)
		printf("%02x", point[i]);
	printf("\ninstance id (UEID): 01");
	for (int i = 0; i < 32; i++)
		printf("%02x", id[i]);
	printf("\nwritten: %s.pem %s.jwk\n", argv[2], argv[2]);
	EVP_PKEY_free(key);
	return 0;
}
