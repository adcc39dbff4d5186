/*
 * "hello" pseudo TA: a counter per session and one per TEE instance (so two
 * VMs show separate instance state), plus test hooks.
 */
#include <abi/tee_client.h>
#include <tzvisor/pta_uuid.h>
#include <tzvisor/secure_abi.h>
#include "tee.h"

#define OUT_VAL (TA_T(TA_PARAM_VALUE_OUTPUT) | TA_T(TA_PARAM_VALUE_INOUT))
#define NONE    TA_T(TA_PARAM_NONE)

static uint64_t global_counter;

static uint32_t hello_invoke(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS])
{
	static const uint32_t one_value_out[TEE_TA_PARAMS] = { OUT_VAL, NONE, NONE, NONE };

	switch (cmd) {
	case PTA_HELLO_CMD_INC:
	case PTA_HELLO_CMD_GET:
	case PTA_HELLO_CMD_INC_GLOBAL:
		if (!ta_check_types(p, one_value_out))
			return TEEC_ERROR_BAD_PARAMETERS;
		if (cmd == PTA_HELLO_CMD_INC)
			p[0].u.value.a = ++s->priv[0];
		else if (cmd == PTA_HELLO_CMD_GET)
			p[0].u.value.a = s->priv[0];
		else
			p[0].u.value.a = ++global_counter;
		p[0].u.value.b = 0;
		p[0].u.value.c = 0;
		return TEEC_SUCCESS;
#ifdef CONFIG_TEST_HOOKS
	case PTA_HELLO_CMD_TOUCH: {
		static const uint32_t touch[TEE_TA_PARAMS] = {
			TA_T(TA_PARAM_VALUE_INPUT), NONE | OUT_VAL, NONE, NONE
		};
		if (!ta_check_types(p, touch))
			return TEEC_ERROR_BAD_PARAMETERS;
		tee_log("hello: test hook reads 0x%llx", (unsigned long long)p[0].u.value.a);
		uint64_t v = *(volatile uint64_t *)(uintptr_t)p[0].u.value.a;
		if (p[1].type != TA_PARAM_NONE) {
			p[1].u.value.a = (uint32_t)v;
			p[1].u.value.b = v >> 32;
		}
		return TEEC_SUCCESS;
	}
	case PTA_HELLO_CMD_UTA_PA: {
		static const uint32_t types[TEE_TA_PARAMS] = {
			TA_T(TA_PARAM_VALUE_INPUT), OUT_VAL, NONE, NONE
		};
		if (!ta_check_types(p, types))
			return TEEC_ERROR_BAD_PARAMETERS;
		uint64_t pa = uta_test_data_pa((uint32_t)p[0].u.value.a);
		p[1].u.value.a = (uint32_t)pa;
		p[1].u.value.b = pa >> 32;
		return TEEC_SUCCESS;
	}
	case PTA_HELLO_CMD_PANIC:
		tee_log("hello: test hook asks for a panic");
		tee_panic(TZV_PANIC_TEST);
#endif
	default:
		return TEEC_ERROR_NOT_SUPPORTED;
	}
}

const struct ta_ops pta_hello = {
	.name = "hello",
	.uuid = PTA_HELLO_UUID_OCTETS,
	.invoke = hello_invoke,
};
