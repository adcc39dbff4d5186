/* Client of the digest example TA: SHA-1, SHA-256 and HMAC-SHA256 against known answers. */
#include "ta-client.h"
#include <digest_ta.h>

static void hex(const char *s, uint8_t *out)
{
	for (; s[0] && s[1]; s += 2)
		sscanf(s, "%2hhx", out++);
}

static TEEC_Result hash(TEEC_Session *s, uint32_t alg, const char *msg, uint8_t *out, size_t *len)
{
	TEEC_Operation op;
	uint32_t origin;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE);
	op.params[0].value.a = alg;
	op.params[1].tmpref.buffer = (void *)msg;
	op.params[1].tmpref.size = strlen(msg);
	op.params[2].tmpref.buffer = out;
	op.params[2].tmpref.size = *len;
	TEEC_Result r = TEEC_InvokeCommand(s, TA_DIGEST_CMD_HASH, &op, &origin);
	*len = op.params[2].tmpref.size;
	return r;
}

static TEEC_Result hmac(TEEC_Session *s, uint32_t cmd, const char *key, const char *msg,
			uint8_t *mac, size_t *len)
{
	TEEC_Operation op;
	uint32_t origin;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_INPUT,
					 cmd == TA_DIGEST_CMD_HMAC_SHA256 ? TEEC_MEMREF_TEMP_OUTPUT
									  : TEEC_MEMREF_TEMP_INPUT,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = (void *)key;
	op.params[0].tmpref.size = strlen(key);
	op.params[1].tmpref.buffer = (void *)msg;
	op.params[1].tmpref.size = strlen(msg);
	op.params[2].tmpref.buffer = mac;
	op.params[2].tmpref.size = *len;
	TEEC_Result r = TEEC_InvokeCommand(s, cmd, &op, &origin);
	*len = op.params[2].tmpref.size;
	return r;
}

#define HMAC_KEY "tzvisor-hmac-key-24bytes" /* 24 bytes: 192 bits */

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_UUID uuid = TA_DIGEST_UUID;
	uint8_t out[64], want[64];
	size_t n;
	client_name = "ta-digest";
	open_ta(&ctx, &s, &uuid);

	n = sizeof(out);
	TEEC_Result r = hash(&s, 0x50000004, "abc", out, &n); /* TEE_ALG_SHA256 */
	hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want);
	check("sha256", r == TEEC_SUCCESS && n == 32 && !memcmp(out, want, 32), "0x%x len %zu", r, n);
	n = sizeof(out);
	r = hash(&s, 0x50000002, "abc", out, &n); /* TEE_ALG_SHA1 */
	hex("a9993e364706816aba3e25717850c26c9cd0d89d", want);
	check("sha1", r == TEEC_SUCCESS && n == 20 && !memcmp(out, want, 20), "0x%x len %zu", r, n);
	n = 16;
	r = hash(&s, 0x50000004, "abc", out, &n);
	check("sha256_short_buffer", r == TEEC_ERROR_SHORT_BUFFER && n == 32, "0x%x len %zu", r, n);

	/*
	 * GlobalPlatform allows HMAC-SHA256 keys of 192 to 1024 bits, so RFC 4231's
	 * 4-byte "Jefe" key is refused (TEE_ERROR_NOT_SUPPORTED, as in OP-TEE); a 24-byte
	 * key instead, expected value from `openssl dgst -sha256 -hmac`.
	 */
	n = sizeof(out);
	r = hmac(&s, TA_DIGEST_CMD_HMAC_SHA256, HMAC_KEY, "what do ya want for nothing?", out, &n);
	hex("7414d5419226e2a9c3fb3b143d4c66186eae34a3bf13cdf9bda4639f50e32f26", want);
	check("hmac_sha256", r == TEEC_SUCCESS && n == 32 && !memcmp(out, want, 32), "0x%x", r);
	n = 32;
	r = hmac(&s, TA_DIGEST_CMD_HMAC_SHA256_CHECK, HMAC_KEY, "what do ya want for nothing?", want, &n);
	check("hmac_compare", r == TEEC_SUCCESS, "0x%x", r);
	want[0] ^= 1;
	r = hmac(&s, TA_DIGEST_CMD_HMAC_SHA256_CHECK, HMAC_KEY, "what do ya want for nothing?", want, &n);
	check("hmac_compare_wrong", r == 0xFFFF3071, "0x%x", r); /* TEE_ERROR_MAC_INVALID */
	return finish(&ctx, &s);
}
