/*
 * "attest" pseudo TA (docs/attestation.md): a caller's nonce in, an
 * attestation token for this instance's VM out. The token is built and
 * signed by the monitor; this TA only moves the nonce and the token between
 * the caller's memrefs and a buffer in the instance's private memory, the
 * only place the TEE-visor accepts.
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/pta_uuid.h>
#include <tzvisor/secure_abi.h>
#include "tee.h"

#define MR_IN (TA_T(TA_PARAM_MEMREF_INPUT) | TA_T(TA_PARAM_MEMREF_INOUT))
#define MR_OUT (TA_T(TA_PARAM_MEMREF_OUTPUT) | TA_T(TA_PARAM_MEMREF_INOUT))
#define NONE TA_T(TA_PARAM_NONE)

/* One thread per instance: one request at a time. */
static uint8_t nonce_buf[64] __attribute__((aligned(16)));
static uint8_t token_buf[TZV_ATTEST_TOKEN_MAX] __attribute__((aligned(16)));

/* smc TZV_TEE_ATTEST_TOKEN (tzvisor/secure_abi.h): returns x0, *len = x1. */
static uint64_t attest_smc(const void *nonce, uint64_t nonce_len, void *out, uint64_t cap,
			   uint64_t *len)
{
	register uint64_t x0 __asm__("x0") = TZV_TEE_ATTEST_TOKEN;
	register uint64_t x1 __asm__("x1") = (uint64_t)nonce;
	register uint64_t x2 __asm__("x2") = nonce_len;
	register uint64_t x3 __asm__("x3") = (uint64_t)out;
	register uint64_t x4 __asm__("x4") = cap;
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
			 :
			 : "x5", "x6", "x7", "memory");
	*len = x1;
	return x0;
}

static uint32_t get_token(struct ta_param p[TEE_TA_PARAMS])
{
	static const uint32_t types[TEE_TA_PARAMS] = {MR_IN, MR_OUT, NONE, NONE};
	if (!ta_check_types(p, types))
		return TEEC_ERROR_BAD_PARAMETERS;
	uint64_t n = p[0].u.memref.size;
	if ((n != 32 && n != 48 && n != 64) || !p[0].u.memref.buf)
		return TEEC_ERROR_BAD_PARAMETERS;
	memcpy(nonce_buf, p[0].u.memref.buf, (size_t)n);
	uint64_t len = 0;
	uint64_t status = attest_smc(nonce_buf, n, token_buf, sizeof(token_buf), &len);
	switch (status) {
	case TZV_ATTEST_OK:
		break;
	case TZV_ATTEST_BAD_ARGS:
		return TEEC_ERROR_BAD_PARAMETERS;
	case TZV_ATTEST_NO_KEY: {
		static bool told;
		if (!told)
			tee_log("attest: no attestation key (no device secret)");
		told = true;
		return TEEC_ERROR_ITEM_NOT_FOUND;
	}
	default:
		tee_log("attest: the monitor could not make a token (status %lu)", status);
		return TEEC_ERROR_GENERIC;
	}
	if (len > sizeof(token_buf))
		return TEEC_ERROR_GENERIC;
	if (p[1].u.memref.size < len || !p[1].u.memref.buf) {
		p[1].u.memref.size = len;
		return TEEC_ERROR_SHORT_BUFFER;
	}
	memcpy(p[1].u.memref.buf, token_buf, (size_t)len);
	p[1].u.memref.size = len;
	return TEEC_SUCCESS;
}

static uint32_t attest_invoke(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS])
{
	(void)s;
	switch (cmd) {
	case PTA_ATTEST_CMD_GET_TOKEN:
		return get_token(p);
#ifdef CONFIG_TEST_HOOKS
	case PTA_ATTEST_CMD_FORGE_VM: {
		/* What a compromised kernel might try: the monitor's own entry, naming a VM. */
		static const uint32_t types[TEE_TA_PARAMS] = {
		    TA_T(TA_PARAM_VALUE_INPUT), TA_T(TA_PARAM_VALUE_OUTPUT), NONE, NONE};
		if (!ta_check_types(p, types))
			return TEEC_ERROR_BAD_PARAMETERS;
		memset(nonce_buf, 0x5a, 32);
		register uint64_t x0 __asm__("x0") = TZV_TVISOR_ATTEST_TOKEN;
		register uint64_t x1 __asm__("x1") = p[0].u.value.a;
		register uint64_t x2 __asm__("x2") = (uint64_t)nonce_buf;
		register uint64_t x3 __asm__("x3") = 32;
		register uint64_t x4 __asm__("x4") = (uint64_t)token_buf;
		register uint64_t x5 __asm__("x5") = sizeof(token_buf);
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
				 :
				 : "x6", "x7", "memory");
		p[1].u.value.a = x0;
		p[1].u.value.b = 0;
		return TEEC_SUCCESS;
	}
	case PTA_ATTEST_CMD_OUT_NW: {
		static const uint32_t types[TEE_TA_PARAMS] = {TA_T(TA_PARAM_VALUE_OUTPUT), NONE,
							      NONE, NONE};
		if (!ta_check_types(p, types))
			return TEEC_ERROR_BAD_PARAMETERS;
		memset(nonce_buf, 0x5a, 32);
		uint64_t len = 0;
		/* The VM's own RAM (mapped for the kernel at its IPA): not private memory. */
		p[0].u.value.a =
		    attest_smc(nonce_buf, 32, (void *)nw_ram_base, sizeof(token_buf), &len);
		p[0].u.value.b = len;
		return TEEC_SUCCESS;
	}
#endif
	default:
		return TEEC_ERROR_NOT_SUPPORTED;
	}
}

const struct ta_ops pta_attest = {
    .name = "attest",
    .uuid = PTA_ATTEST_UUID_OCTETS,
    .invoke = attest_invoke,
};
