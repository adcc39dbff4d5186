/*
 * GP functions beyond the first set and OP-TEE's extensions: TA-to-TA sessions
 * (the kernel runs the callee, tee/uta_call.c), TA persistent time (kept by
 * the TEE instance per TA UUID), tee-supplicant plugins, cache maintenance
 * on memrefs, tee_uuid_from_str.
 */
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>
#include <user_ta_header.h>
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

/*
 * OP-TEE's rules: only a TA with TA_FLAG_CACHE_MAINTENANCE, only on memory a
 * memref brought (never the TA's own), readable. The memory itself needs no
 * maintenance here: a memref is the kernel's private copy of the client's
 * buffer, copied back through cacheable coherent mappings when the call
 * returns, and every observer of either is a CPU.
 */
static TEE_Result cache_operation(const char *buf, size_t len)
{
	if (!(ta_head.flags & TA_FLAG_CACHE_MAINTENANCE))
		return TEE_ERROR_NOT_SUPPORTED;
	/* NONSECURE: the memref window and nothing else (tee/uta.c) */
	if (tzv_sys_check_access(TEE_MEMORY_ACCESS_READ | TEE_MEMORY_ACCESS_ANY_OWNER |
				     TEE_MEMORY_ACCESS_NONSECURE,
				 buf, len) != TEE_SUCCESS)
		return TEE_ERROR_ACCESS_DENIED;
	return TEE_SUCCESS;
}

TEE_Result TEE_CacheClean(char *buf, size_t len)
{
	return cache_operation(buf, len);
}

TEE_Result TEE_CacheFlush(char *buf, size_t len)
{
	return cache_operation(buf, len);
}

TEE_Result TEE_CacheInvalidate(char *buf, size_t len)
{
	return cache_operation(buf, len);
}

/* The value of hex digits s[0..n-1], or -1 if one is not a hex digit. */
static int64_t hex_field(const char *s, size_t n)
{
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

TEE_Result tee_uuid_from_str(TEE_UUID *uuid, const char *s)
{
	/* offset and width of each hex field; a dash after the first four */
	static const uint8_t at[11] = {0, 9, 14, 19, 21, 24, 26, 28, 30, 32, 34};
	static const uint8_t width[11] = {8, 4, 4, 2, 2, 2, 2, 2, 2, 2, 2};
	int64_t f[11];
	size_t len = 0;

	if (!s)
		return TEE_ERROR_BAD_FORMAT;
	while (len < 37 && s[len])
		len++;
	if (len != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
		return TEE_ERROR_BAD_FORMAT;
	for (size_t i = 0; i < 11; i++) {
		f[i] = hex_field(s + at[i], width[i]);
		if (f[i] < 0)
			return TEE_ERROR_BAD_FORMAT;
	}
	uuid->timeLow = (uint32_t)f[0];
	uuid->timeMid = (uint16_t)f[1];
	uuid->timeHiAndVersion = (uint16_t)f[2];
	for (size_t i = 0; i < 8; i++)
		uuid->clockSeqAndNode[i] = (uint8_t)f[3 + i];
	return TEE_SUCCESS;
}
