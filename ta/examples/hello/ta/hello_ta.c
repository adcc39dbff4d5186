/*
 * hello: the smallest useful TA. Increments or decrements the value the client
 * passes, and counts invocations per session (session context) and per
 * instance (a global: the TA is single-instance, multi-session).
 */
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include <hello_ta.h>

struct hello_session {
	uint32_t calls;
};

static uint32_t instance_calls;

TEE_Result TA_CreateEntryPoint(void)
{
	DMSG("created");
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
	DMSG("destroyed");
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param __maybe_unused params[4],
				    void __maybe_unused **sess_ctx)
{
	uint32_t none = TEE_PARAM_TYPES(TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
					TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE);
	if (param_types != none)
		return TEE_ERROR_BAD_PARAMETERS;
	struct hello_session *s = TEE_Malloc(sizeof(*s), TEE_MALLOC_FILL_ZERO);
	if (!s)
		return TEE_ERROR_OUT_OF_MEMORY;
	*sess_ctx = s;
	IMSG("hello: session opened");
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void __maybe_unused *sess_ctx)
{
	struct hello_session *s = sess_ctx;
	IMSG("hello: session closed after %u calls", (unsigned)s->calls);
	TEE_Free(s);
}

static TEE_Result step(uint32_t param_types, TEE_Param params[4], int delta)
{
	uint32_t want = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_NONE,
					TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE);
	if (param_types != want)
		return TEE_ERROR_BAD_PARAMETERS;
	DMSG("value %u", (unsigned)params[0].value.a);
	params[0].value.a += (uint32_t)delta;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void __maybe_unused *sess_ctx, uint32_t cmd_id,
				      uint32_t param_types, TEE_Param params[4])
{
	struct hello_session *s = sess_ctx;
	s->calls++;
	instance_calls++;
	switch (cmd_id) {
	case TA_HELLO_CMD_INC_VALUE:
		return step(param_types, params, 1);
	case TA_HELLO_CMD_DEC_VALUE:
		return step(param_types, params, -1);
	case TA_HELLO_CMD_COUNT:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		params[0].value.a = s->calls;
		params[0].value.b = instance_calls;
		return TEE_SUCCESS;
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
