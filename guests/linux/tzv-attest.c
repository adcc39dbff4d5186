/*
 * tzv-attest: asks this VM's TEE for an attestation token (docs/attestation.md)
 * through the stock stack (libteec -> /dev/tee0 -> optee driver -> the
 * built-in `attest` TA) and prints it for tools/attest-verify:
 *
 *   tzv-attest <nonce-hex>      32, 48 or 64 bytes of nonce, in hex
 *
 * prints "tzv-attest: nonce <hex>", the token as "tzv-attest: token <i> <hex>"
 * lines of 64 bytes, "tzv-attest: token-end <length>", then the token in
 * base64 ("tzv-attest: base64 <chunk>"). Exit status 0 on success.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>
#include <tzvisor/pta_uuid.h>

static int parse_hex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = strlen(s);
	if (n % 2 || n / 2 > cap)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	*len = n / 2;
	return 0;
}

static void print_base64(const uint8_t *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char line[80];
	size_t k = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		for (int j = 0; j < 4; j++)
			line[k++] = j <= (int)(n - i) ? a[(v >> (18 - 6 * j)) & 63] : '=';
		if (k == 64 || i + 3 >= n) {
			line[k] = 0;
			printf("tzv-attest: base64 %s\n", line);
			k = 0;
		}
	}
}

int main(int argc, char **argv)
{
	uint8_t nonce[64], token[4096];
	size_t nonce_len = 0;
	if (argc != 2 || parse_hex(argv[1], nonce, sizeof(nonce), &nonce_len) ||
	    (nonce_len != 32 && nonce_len != 48 && nonce_len != 64)) {
		fprintf(stderr, "usage: tzv-attest <nonce: 32, 48 or 64 bytes in hex>\n");
		return 2;
	}
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_UUID uuid = PTA_ATTEST_UUID;
	uint32_t origin = 0;
	TEEC_Result r = TEEC_InitializeContext(NULL, &ctx);
	if (r != TEEC_SUCCESS) {
		printf("tzv-attest: TEEC_InitializeContext failed: 0x%x\n", r);
		return 1;
	}
	r = TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (r != TEEC_SUCCESS) {
		printf("tzv-attest: TEEC_OpenSession failed: 0x%x origin %u\n", r, origin);
		TEEC_FinalizeContext(&ctx);
		return 1;
	}
	TEEC_Operation op;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = nonce;
	op.params[0].tmpref.size = nonce_len;
	op.params[1].tmpref.buffer = token;
	op.params[1].tmpref.size = sizeof(token);
	r = TEEC_InvokeCommand(&sess, PTA_ATTEST_CMD_GET_TOKEN, &op, &origin);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	if (r != TEEC_SUCCESS) {
		printf("tzv-attest: GET_TOKEN failed: 0x%x origin %u (size %zu)\n", r, origin,
		       op.params[1].tmpref.size);
		return 1;
	}
	size_t len = op.params[1].tmpref.size;
	printf("tzv-attest: nonce %s\n", argv[1]);
	for (size_t off = 0; off < len; off += 64) {
		printf("tzv-attest: token %zu ", off / 64);
		for (size_t i = off; i < len && i < off + 64; i++)
			printf("%02x", token[i]);
		printf("\n");
	}
	printf("tzv-attest: token-end %zu\n", len);
	print_base64(token, len);
	fflush(stdout);
	return 0;
}
