/*
 * An instance-wide counter, to show what GlobalPlatform's instance flags do
 * with the instance: which sessions share it and how long it lives.
 */
#include <tee_internal_api.h>
#include <tzvflags_ta.h>

static uint32_t instance_count, creations;

TEE_Result TA_CreateEntryPoint(void)
{
	creations++;
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t types, TEE_Param params[4], void **ctx)
{
	(void)types;
	(void)params;
	*ctx = NULL;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *ctx)
{
	(void)ctx;
}

TEE_Result TA_InvokeCommandEntryPoint(void *ctx, uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	(void)ctx;
	if (cmd != TZVFLAGS_CMD_INST_INC)
		return TEE_ERROR_NOT_SUPPORTED;
	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	p[0].value.a = ++instance_count;
	p[0].value.b = creations;
	return TEE_SUCCESS;
}
