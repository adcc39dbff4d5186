/* "echo" pseudo TA: memref copy, checksum of a (multi-page) buffer, null call, long spin. */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/pta_uuid.h>
#include "tee.h"

#define NONE    TA_T(TA_PARAM_NONE)
#define MR_IN   (TA_T(TA_PARAM_MEMREF_INPUT) | TA_T(TA_PARAM_MEMREF_INOUT))
#define MR_OUT  (TA_T(TA_PARAM_MEMREF_OUTPUT) | TA_T(TA_PARAM_MEMREF_INOUT))
#define VAL_OUT (TA_T(TA_PARAM_VALUE_OUTPUT) | TA_T(TA_PARAM_VALUE_INOUT))
#define VAL_IN  (TA_T(TA_PARAM_VALUE_INPUT) | TA_T(TA_PARAM_VALUE_INOUT))

/* Steps the LCG n times; the empty asm keeps every step a real, interruptible one. */
static uint64_t spin(uint64_t x, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		x = pta_lcg_step(x);
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

static uint32_t echo_invoke(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS])
{
	static const uint32_t copy_types[TEE_TA_PARAMS] = { MR_IN, MR_OUT, NONE, NONE };
	static const uint32_t sum_types[TEE_TA_PARAMS] = { VAL_OUT, MR_IN, NONE, NONE };
	static const uint32_t spin_types[TEE_TA_PARAMS] = { VAL_IN, NONE | VAL_OUT, NONE, NONE };
	(void)s;

	switch (cmd) {
	case PTA_ECHO_CMD_COPY: {
		if (!ta_check_types(p, copy_types))
			return TEEC_ERROR_BAD_PARAMETERS;
		uint64_t n = p[0].u.memref.size;
		if (n && !p[0].u.memref.buf)
			return TEEC_ERROR_BAD_PARAMETERS;
		if (p[1].u.memref.size < n || (n && !p[1].u.memref.buf)) {
			p[1].u.memref.size = n;
			return TEEC_ERROR_SHORT_BUFFER;
		}
		if (n)
			memcpy(p[1].u.memref.buf, p[0].u.memref.buf, (size_t)n);
		p[1].u.memref.size = n;
		return TEEC_SUCCESS;
	}
	case PTA_ECHO_CMD_CHECKSUM:
		if (!ta_check_types(p, sum_types))
			return TEEC_ERROR_BAD_PARAMETERS;
		if (p[1].u.memref.size && !p[1].u.memref.buf)
			return TEEC_ERROR_BAD_PARAMETERS;
		p[0].u.value.a = pta_fnv1a32(p[1].u.memref.buf, p[1].u.memref.size, PTA_FNV1A32_INIT);
		p[0].u.value.b = (uint32_t)p[1].u.memref.size;
		p[0].u.value.c = 0;
		return TEEC_SUCCESS;
	case PTA_ECHO_CMD_NULL:
		return TEEC_SUCCESS;
	case PTA_ECHO_CMD_SPIN: {
		if (!ta_check_types(p, spin_types) || p[0].u.value.a > PTA_ECHO_SPIN_MAX)
			return TEEC_ERROR_BAD_PARAMETERS;
		uint64_t n = p[0].u.value.a;
		uint64_t x = spin(p[0].u.value.b, n);
		if (p[1].type != TA_PARAM_NONE) {
			p[1].u.value.a = (uint32_t)x;
			p[1].u.value.b = x >> 32;
			p[1].u.value.c = n;
		}
		return TEEC_SUCCESS;
	}
	default:
		return TEEC_ERROR_NOT_SUPPORTED;
	}
}

const struct ta_ops pta_echo = {
	.name = "echo",
	.uuid = PTA_ECHO_UUID_OCTETS,
	.invoke = echo_invoke,
};
