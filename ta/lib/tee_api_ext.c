/*
 * GP functions beyond the first set and OP-TEE's extensions: TA-to-TA sessions
 * (the kernel runs the callee, tee/uta_call.c), TA persistent time (kept by
 * the TEE instance per TA UUID), tee-supplicant plugins.
 */
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>
#include "utee.h"

TEE_Result TEE_OpenTASession(const TEE_UUID *destination, uint32_t cancellationRequestTimeout,
			     uint32_t paramTypes, TEE_Param params[TEE_NUM_PARAMS],
			     TEE_TASessionHandle *session, uint32_t *returnOrigin)
{
	uint32_t id = 0, origin = TEE_ORIGIN_TEE;
	if (!destination || !session)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Result res = tzv_sys_open_ta_session(destination, cancellationRequestTimeout,
						 paramTypes, params, &id, &origin);
	*session = res == TEE_SUCCESS ? (TEE_TASessionHandle)(uintptr_t)id : TEE_HANDLE_NULL;
	if (returnOrigin)
		*returnOrigin = origin;
	return res;
}

void TEE_CloseTASession(TEE_TASessionHandle session)
{
	if (session == TEE_HANDLE_NULL)
		return; /* GP: nothing to do */
	tzv_sys_close_ta_session((uint32_t)(uintptr_t)session);
}

TEE_Result TEE_InvokeTACommand(TEE_TASessionHandle session, uint32_t cancellationRequestTimeout,
			       uint32_t commandID, uint32_t paramTypes,
			       TEE_Param params[TEE_NUM_PARAMS], uint32_t *returnOrigin)
{
	uint32_t origin = TEE_ORIGIN_TEE;
	/* an invalid handle panics (the kernel ends the TA) */
	TEE_Result res =
	    tzv_sys_invoke_ta_command((uint32_t)(uintptr_t)session, cancellationRequestTimeout,
				      commandID, paramTypes, params, &origin);
	if (returnOrigin)
		*returnOrigin = origin;
	return res;
}

TEE_Result TEE_GetTAPersistentTime(TEE_Time *time)
{
	if (!time)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Result res = tzv_sys_ta_time(TZV_TA_TIME_GET, time);
	if (res != TEE_SUCCESS && res != TEE_ERROR_OVERFLOW) {
		time->seconds = 0;
		time->millis = 0;
	}
	return res;
}

TEE_Result TEE_SetTAPersistentTime(const TEE_Time *time)
{
	if (!time || time->millis >= 1000)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Time t = *time;
	return tzv_sys_ta_time(TZV_TA_TIME_SET, &t);
}

TEE_Result tee_invoke_supp_plugin(const TEE_UUID *uuid, uint32_t cmd, uint32_t sub_cmd, void *buf,
				  size_t len, size_t *outlen)
{
	uint64_t out = 0;
	/* as OP-TEE: no buffer at all, or a buffer with a length */
	if (!uuid || !buf != !len || len > TZV_TA_SUPP_PLUGIN_MAX)
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_Result res = tzv_sys_supp_plugin(uuid, cmd, sub_cmd, buf, len, &out);
	if (res == TEE_SUCCESS && outlen)
		*outlen = (size_t)out;
	return res;
}
