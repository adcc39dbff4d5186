/*
 * attest-verify: checks an attestation token (docs/attestation.md) against
 * the build's attestation public key and reference values, for the caller's
 * nonce. Prints every claim and names each measurement that differs; exit
 * status 0 only when everything checks.
 *
 *   attest-verify --key build/attest-key.pem --refs build/<cfg>/reference-values.txt
 *                 --nonce <hex> (<token.cbor> | --token-hex <hex>)
 */
#include "key.h"
#include "verify.h"
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	fprintf(stderr, "usage: attest-verify --key PUBKEY.pem --refs REFERENCE-VALUES.txt "
			"--nonce HEX (TOKEN-FILE | --token-hex HEX)\n");
	exit(2);
}

/* Hex (spaces and newlines ignored) into a new buffer; NULL if it is not hex. */
static uint8_t *from_hex(const char *s, size_t *len)
{
	size_t n = strlen(s);
	uint8_t *out = malloc(n / 2 + 1);
	size_t k = 0;
	int half = -1;
	for (size_t i = 0; out && i < n; i++) {
		char c = s[i];
		int v = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (v < 0) {
			free(out);
			return NULL;
		}
		if (half < 0) {
			half = v;
		} else {
			out[k++] = (uint8_t)(half << 4 | v);
			half = -1;
		}
	}
	if (half >= 0) {
		free(out);
		return NULL;
	}
	*len = k;
	return out;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return NULL;
	}
	uint8_t *buf = malloc(1 << 16);
	*len = buf ? fread(buf, 1, 1 << 16, f) : 0;
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	const char *key_path = NULL, *refs_path = NULL, *nonce_hex = NULL, *token_hex = NULL;
	const char *token_path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--key") && i + 1 < argc)
			key_path = argv[++i];
		else if (!strcmp(argv[i], "--refs") && i + 1 < argc)
			refs_path = argv[++i];
		else if (!strcmp(argv[i], "--nonce") && i + 1 < argc)
			nonce_hex = argv[++i];
		else if (!strcmp(argv[i], "--token-hex") && i + 1 < argc)
			token_hex = argv[++i];
		else if (argv[i][0] != '-' && !token_path)
			token_path = argv[i];
		else
			usage();
	}
	if (!key_path || !refs_path || !nonce_hex || !token_path == !token_hex)
		usage();

	EVP_PKEY *pub = attest_key_read_pem(key_path);
	static struct attest_refs refs;
	char err[200];
	if (!pub)
		return 2;
	if (attest_refs_load(refs_path, &refs, err, sizeof(err))) {
		fprintf(stderr, "attest-verify: %s\n", err);
		return 2;
	}
	size_t nonce_len = 0, token_len = 0;
	uint8_t *nonce = from_hex(nonce_hex, &nonce_len);
	if (!nonce || (nonce_len != 32 && nonce_len != 48 && nonce_len != 64)) {
		fprintf(stderr, "attest-verify: the nonce must be 32, 48 or 64 bytes in hex\n");
		return 2;
	}
	uint8_t *token =
	    token_hex ? from_hex(token_hex, &token_len) : read_file(token_path, &token_len);
	if (!token) {
		fprintf(stderr, "attest-verify: cannot read the token\n");
		return 2;
	}
	unsigned bad = attest_verify(token, token_len, pub, nonce, nonce_len, &refs, stdout);
	if (bad) {
		printf("attest-verify: FAILED:%s%s%s%s%s\n",
		       bad & ATTEST_BAD_FORMAT ? " format" : "",
		       bad & ATTEST_BAD_SIGNATURE ? " signature" : "",
		       bad & ATTEST_BAD_NONCE ? " nonce" : "",
		       bad & ATTEST_BAD_MEASUREMENT ? " measurement" : "",
		       bad & ATTEST_BAD_CLAIM ? " claims" : "");
	} else {
		printf("attest-verify: token verified\n");
	}
	free(token);
	free(nonce);
	EVP_PKEY_free(pub);
	return bad ? 1 : 0;
}
