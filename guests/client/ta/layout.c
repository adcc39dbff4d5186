/*
 * The test TA's address-space layout checks (include/tzvisor/ta_abi.h): its
 * stack overflows into the guard page, a read past its stack's top stays in
 * its own data, and the system PTA refuses to derive a key into its client's
 * normal-world buffer.
 */
#include <string.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>
#include <pta_system.h>
#include <tzvtest_ta.h>
#include "layout.h"

extern uint8_t __ta_stack[], __ta_stack_top[];
static volatile uint32_t data_marker = TZVTEST_DATA_MARKER;

/*
 * 512 bytes of frame per level, used after the call: no tail call, no loop.
 * The recursion never ends on purpose: it must run into the guard page.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static uint32_t __attribute__((noinline)) deep(uint32_t n)
{
	volatile uint8_t frame[512];
	frame[0] = (uint8_t)n;
	frame[511] = (uint8_t)n;
	return deep(n + 1) + frame[0] + frame[511];
}
#pragma GCC diagnostic pop

static TEE_Result system_call(uint32_t types, TEE_Param p[4], uint32_t *origin)
{
	static const TEE_UUID uuid = PTA_SYSTEM_UUID;
	TEE_TASessionHandle s;
	TEE_Result r = TEE_OpenTASession(&uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &s, origin);
	if (r != TEE_SUCCESS)
		return r;
	r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY, types, p,
				origin);
	TEE_CloseTASession(s);
	return r;
}

TEE_Result tzvtest_stack(uint32_t types, TEE_Param p[4])
{
	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT,
				     TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	switch (p[0].value.a) {
	case TZVTEST_STACK_OVERFLOW:
		/* the kernel's fault line must name this page */
		IMSG("guard page 0x%lx", (unsigned long)((uintptr_t)__ta_stack - 4096));
		p[1].value.a = deep(0);
		return TEE_SUCCESS;
	case TZVTEST_STACK_PAST_TOP: {
		/* every byte from the top to the marker in the data segment, read one by one */
		const volatile uint8_t *top = __ta_stack_top;
		uintptr_t off = (uintptr_t)&data_marker - (uintptr_t)top;
		uint32_t v = 0;
		for (uintptr_t i = 0; i < off + sizeof(v); i++) {
			uint8_t b = top[i];
			if (i >= off)
				v |= (uint32_t)b << (8 * (i - off));
		}
		p[1].value.a = (uint32_t)off;
		p[1].value.b = v;
		/*
		 * A small buffer near the stack's top passed on with too large a size
		 * (xtest 4013's case): the memref reaches into the data segment, so the
		 * kernel passes it and the PTA answers for itself (extra data > 1024).
		 */
		uint8_t extra[14] = {0};
		uint8_t key[32];
		TEE_Param q[4];
		uint32_t origin;
		memset(q, 0, sizeof(q));
		q[0].memref.buffer = extra;
		q[0].memref.size = 1025;
		q[1].memref.buffer = key;
		q[1].memref.size = sizeof(key);
		p[2].value.a = system_call(
		    TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
				    TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
		    q, &origin);
		p[2].value.b = (uint32_t)((uintptr_t)__ta_stack_top - (uintptr_t)extra);
		return TEE_SUCCESS;
	}
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}

TEE_Result tzvtest_derive(uint32_t types, TEE_Param p[4])
{
	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_MEMREF_INOUT,
				     TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	uint8_t own[32];
	memset(own, 0, sizeof(own));
	TEE_Param q[4];
	uint32_t origin = 0;
	memset(q, 0, sizeof(q));
	if (p[0].value.a == TZVTEST_DERIVE_INTO_CLIENT) {
		/* the attack: the client's normal-world buffer as the key's destination */
		q[1].memref.buffer = p[1].memref.buffer;
		q[1].memref.size = p[1].memref.size;
	} else {
		q[1].memref.buffer = own;
		q[1].memref.size = sizeof(own);
	}
	p[2].value.a =
	    system_call(TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
					TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
			q, &origin);
	p[2].value.b = origin;
	/* own key derived: say whether it is not all zeros */
	if (p[0].value.a != TZVTEST_DERIVE_INTO_CLIENT)
		for (size_t i = 0; i < sizeof(own); i++)
			if (own[i])
				p[2].value.b |= 0x100;
	return TEE_SUCCESS;
}
