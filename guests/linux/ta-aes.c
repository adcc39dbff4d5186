/* Client of the aes example TA: SP 800-38A CBC/CTR vectors, GCM round trip and tampering. */
#include "ta-client.h"
#include <aes_ta.h>

static size_t hex(const char *s, uint8_t *out)
{
	size_t n = 0;
	for (; s[0] && s[1]; s += 2)
		sscanf(s, "%2hhx", &out[n++]);
	return n;
}

static TEEC_Result run(TEEC_Session *s, uint32_t cmd, uint32_t a, uint32_t b, const uint8_t *key,
		       size_t kl, const uint8_t *in, size_t il, uint8_t *out, size_t *ol)
{
	TEEC_Operation op;
	uint32_t origin;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT);
	op.params[0].value.a = a;
	op.params[0].value.b = b;
	op.params[1].tmpref.buffer = (void *)key;
	op.params[1].tmpref.size = kl;
	op.params[2].tmpref.buffer = (void *)in;
	op.params[2].tmpref.size = il;
	op.params[3].tmpref.buffer = out;
	op.params[3].tmpref.size = *ol;
	TEEC_Result r = TEEC_InvokeCommand(s, cmd, &op, &origin);
	*ol = op.params[3].tmpref.size;
	return r;
}

static void kat(TEEC_Session *s, const char *name, uint32_t alg, uint32_t mode, const char *key_iv,
		const char *in, const char *want)
{
	uint8_t k[48], i[64], w[64], o[64];
	size_t kl = hex(key_iv, k), il = hex(in, i), n = sizeof(o);
	hex(want, w);
	TEEC_Result r = run(s, TA_AES_CMD_CIPHER, alg, mode, k, kl, i, il, o, &n);
	check(name, r == TEEC_SUCCESS && n == il && !memcmp(o, w, il), "0x%x len %zu", r, n);
}

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_UUID uuid = TA_AES_UUID;
	client_name = "ta-aes";
	open_ta(&ctx, &s, &uuid);

	const char *pt = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51";
	const char *cbc = "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2";
	const char *ctr = "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff";
	kat(&s, "cbc_encrypt", 0x10000110, 0,
	    "2b7e151628aed2a6abf7158809cf4f3c000102030405060708090a0b0c0d0e0f", pt, cbc);
	kat(&s, "cbc_decrypt", 0x10000110, 1,
	    "2b7e151628aed2a6abf7158809cf4f3c000102030405060708090a0b0c0d0e0f", cbc, pt);
	kat(&s, "ctr_encrypt", 0x10000210, 0,
	    "2b7e151628aed2a6abf7158809cf4f3cf0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", pt, ctr);
	kat(&s, "ecb_encrypt", 0x10000010, 0, "000102030405060708090a0b0c0d0e0f",
	    "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a");

	/* GCM: the specification's test case 2, then a round trip with AAD and a flipped tag. */
	uint8_t key[28] = { 0 }, zero[16] = { 0 }, out[128], want[32];
	size_t n = sizeof(out);
	TEEC_Result r = run(&s, TA_AES_CMD_GCM, 0, 0, key, sizeof(key), zero, 16, out, &n);
	hex("0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf", want);
	check("gcm_encrypt", r == TEEC_SUCCESS && n == 32 && !memcmp(out, want, 32), "0x%x len %zu",
	      r, n);
	uint8_t in[64], back[64];
	const char *aad = "header", *msg = "thirty-one bytes of plain text!";
	memcpy(in, aad, 6);
	memcpy(in + 6, msg, 31);
	n = sizeof(out);
	r = run(&s, TA_AES_CMD_GCM, 0, 6, key, sizeof(key), in, 37, out, &n);
	check("gcm_encrypt_aad", r == TEEC_SUCCESS && n == 47, "0x%x len %zu", r, n);
	memcpy(in + 6, out, 47);
	size_t m = sizeof(back);
	r = run(&s, TA_AES_CMD_GCM, 1, 6, key, sizeof(key), in, 53, back, &m);
	check("gcm_decrypt_aad", r == TEEC_SUCCESS && m == 31 && !memcmp(back, msg, 31), "0x%x", r);
	in[52] ^= 1;
	m = sizeof(back);
	r = run(&s, TA_AES_CMD_GCM, 1, 6, key, sizeof(key), in, 53, back, &m);
	check("gcm_tampered_tag", r == 0xFFFF3071, "0x%x", r); /* TEE_ERROR_MAC_INVALID */
	return finish(&ctx, &s);
}
