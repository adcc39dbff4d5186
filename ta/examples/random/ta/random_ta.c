/* random: TEE_GenerateRandom, the two clocks, TEE_Wait and the property API. */
#include <stdio.h>
#include <string.h>
#include <tee_internal_api.h>

#include <random_ta.h>

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[4], void **sess_ctx)
{
	(void)param_types;
	(void)params;
	(void)sess_ctx;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	(void)sess_ctx;
}

static TEE_Result props(TEE_Param *out)
{
	static const struct {
		TEE_PropSetHandle set;
		const char *name;
	} list[] = {
		{ TEE_PROPSET_CURRENT_TA, "gpd.ta.appID" },
		{ TEE_PROPSET_CURRENT_TA, "gpd.ta.singleInstance" },
		{ TEE_PROPSET_CURRENT_TA, "gpd.ta.dataSize" },
		{ TEE_PROPSET_CURRENT_TA, "gpd.ta.version" },
		{ TEE_PROPSET_CURRENT_CLIENT, "gpd.client.identity" },
		{ TEE_PROPSET_TEE_IMPLEMENTATION, "gpd.tee.apiversion" },
		{ TEE_PROPSET_TEE_IMPLEMENTATION, "gpd.tee.description" },
	};
	char *p = out->memref.buffer;
	size_t left = out->memref.size, used = 0;
	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++) {
		char v[128];
		size_t n = sizeof(v);
		if (TEE_GetPropertyAsString(list[i].set, list[i].name, v, &n) != TEE_SUCCESS)
			snprintf(v, sizeof(v), "?");
		int k = snprintf(p + used, left > used ? left - used : 0, "%s%s=%s", i ? " " : "",
				 list[i].name, v);
		if (k < 0)
			return TEE_ERROR_GENERIC;
		used += (size_t)k;
	}
	if (used + 1 > left) {
		out->memref.size = used + 1;
		return TEE_ERROR_SHORT_BUFFER;
	}
	out->memref.size = used + 1;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	(void)sess_ctx;
	TEE_Time t;
	switch (cmd_id) {
	case TA_RANDOM_CMD_GENERATE:
		if (TEE_PARAM_TYPE_GET(param_types, 0) != TEE_PARAM_TYPE_MEMREF_OUTPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_GenerateRandom(params[0].memref.buffer, params[0].memref.size);
		return TEE_SUCCESS;
	case TA_RANDOM_CMD_TIME:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT,
						   TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_GetSystemTime(&t);
		params[0].value.a = t.seconds;
		params[0].value.b = t.millis;
		TEE_GetREETime(&t);
		params[1].value.a = t.seconds;
		params[1].value.b = t.millis;
		return TEE_SUCCESS;
	case TA_RANDOM_CMD_WAIT:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
						   TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_UnmaskCancellation();
		params[1].value.a = TEE_Wait(params[0].value.a);
		params[1].value.b = TEE_GetCancellationFlag();
		return TEE_SUCCESS;
	case TA_RANDOM_CMD_PROPS:
		if (TEE_PARAM_TYPE_GET(param_types, 0) != TEE_PARAM_TYPE_MEMREF_OUTPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		return props(&params[0]);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
