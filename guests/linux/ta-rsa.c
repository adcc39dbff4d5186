/* Client of the rsa example TA: RSA-2048 PKCS#1 v1.5/PSS signatures, OAEP, ECDSA P-256. */
#include "ta-client.h"
#include <rsa_ta.h>

static TEEC_Result call(TEEC_Session *s, uint32_t cmd, uint32_t alg, const void *in, size_t il,
			void *out, size_t *ol, int out_is_input)
{
	TEEC_Operation op;
	uint32_t origin;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_INPUT,
					 out_is_input ? TEEC_MEMREF_TEMP_INPUT : TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_NONE);
	op.params[0].value.a = alg;
	op.params[1].tmpref.buffer = (void *)in;
	op.params[1].tmpref.size = il;
	op.params[2].tmpref.buffer = out;
	op.params[2].tmpref.size = *ol;
	TEEC_Result r = TEEC_InvokeCommand(s, cmd, &op, &origin);
	*ol = op.params[2].tmpref.size;
	return r;
}

static TEEC_Result plain(TEEC_Session *s, uint32_t cmd)
{
	TEEC_Operation op;
	uint32_t origin;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	return TEEC_InvokeCommand(s, cmd, &op, &origin);
}

static void sign_verify(TEEC_Session *s, const char *name, uint32_t alg, size_t sig_len)
{
	uint8_t digest[32], sig[256];
	char what[64];
	for (int i = 0; i < 32; i++)
		digest[i] = (uint8_t)(i * 11);
	size_t n = sizeof(sig);
	TEEC_Result r = call(s, TA_RSA_CMD_SIGN, alg, digest, 32, sig, &n, 0);
	snprintf(what, sizeof(what), "%s_sign", name);
	check(what, r == TEEC_SUCCESS && n == sig_len, "0x%x len %zu", r, n);
	r = call(s, TA_RSA_CMD_VERIFY, alg, digest, 32, sig, &n, 1);
	snprintf(what, sizeof(what), "%s_verify", name);
	check(what, r == TEEC_SUCCESS, "0x%x", r);
	sig[n / 2] ^= 1;
	r = call(s, TA_RSA_CMD_VERIFY, alg, digest, 32, sig, &n, 1);
	snprintf(what, sizeof(what), "%s_verify_tampered", name);
	check(what, r == 0xFFFF3072, "0x%x", r); /* TEE_ERROR_SIGNATURE_INVALID */
}

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_UUID uuid = TA_RSA_UUID;
	client_name = "ta-rsa";
	open_ta(&ctx, &s, &uuid);

	TEEC_Result r = plain(&s, TA_RSA_CMD_GENERATE);
	check("generate_rsa2048", r == TEEC_SUCCESS, "0x%x", r);
	sign_verify(&s, "pkcs1_v15_sha256", 0x70004830, 256);
	sign_verify(&s, "pss_sha256", 0x70414930, 256);

	uint8_t ct[256], pt[256];
	size_t cl = sizeof(ct), pl = sizeof(pt);
	r = call(&s, TA_RSA_CMD_ENCRYPT, 0x60410230, "attack at dawn", 14, ct, &cl, 0);
	check("oaep_encrypt", r == TEEC_SUCCESS && cl == 256, "0x%x len %zu", r, cl);
	r = call(&s, TA_RSA_CMD_DECRYPT, 0x60410230, ct, cl, pt, &pl, 0);
	check("oaep_decrypt", r == TEEC_SUCCESS && pl == 14 && !memcmp(pt, "attack at dawn", 14),
	      "0x%x len %zu", r, pl);
	ct[5] ^= 1;
	pl = sizeof(pt);
	r = call(&s, TA_RSA_CMD_DECRYPT, 0x60410230, ct, cl, pt, &pl, 0);
	check("oaep_decrypt_tampered", r != TEEC_SUCCESS, "0x%x", r);

	r = plain(&s, TA_RSA_CMD_GENERATE_ECDSA);
	check("generate_ecdsa_p256", r == TEEC_SUCCESS, "0x%x", r);
	sign_verify(&s, "ecdsa_p256_sha256", 0x70003042, 64);
	return finish(&ctx, &s);
}
