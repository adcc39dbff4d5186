/*
 * ta2ta: checks, written from the GP TEE Internal Core API specification, of
 * TA-to-TA sessions (TEE_OpenTASession, TEE_InvokeTACommand,
 * TEE_CloseTASession) and of GP v1.1 source compatibility: this file is built
 * with CFG_TA_OPTEE_CORE_API_COMPAT_1_1=y, so every length below is a
 * uint32_t and TEE_ObjectInfo has keySize, as in GP v1.1.
 */
#include <string.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include <hello_ta.h>
#include <pta_system.h>
#include <ta2ta_ta.h>

#define SECRET 0x5ec7e7a5u

/* A word only this instance ever sets (TA_TA2TA_CMD_PRIVATE_VA). */
static volatile uint32_t private_word;

static const TEE_UUID self_uuid = TA_TA2TA_UUID;

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

/* Ends the check at step `step` (params[0].value.a for the client). */
static TEE_Result fail(TEE_Param params[4], uint32_t step, uint32_t detail)
{
	params[0].value.a = step;
	params[0].value.b = detail;
	EMSG("step %u failed (0x%x)", step, detail);
	return TEE_ERROR_GENERIC;
}

static TEE_Result open_self(TEE_TASessionHandle *s)
{
	uint32_t origin = 0;
	return TEE_OpenTASession(&self_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, s, &origin);
}

static TEE_Result call_hello(TEE_Param params[4])
{
	const TEE_UUID hello = TA_HELLO_UUID;
	TEE_TASessionHandle s = TEE_HANDLE_NULL;
	TEE_Param p[TEE_NUM_PARAMS];
	uint32_t origin = 0;
	TEE_Result res = TEE_OpenTASession(&hello, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
	if (res != TEE_SUCCESS)
		return fail(params, 1, res);
	memset(p, 0, sizeof(p));
	p[0].value.a = 41;
	res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, TA_HELLO_CMD_INC_VALUE,
				  TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_NONE,
						  TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
				  p, &origin);
	if (res != TEE_SUCCESS || origin != TEE_ORIGIN_TRUSTED_APP)
		return fail(params, 2, res);
	if (p[0].value.a != 42)
		return fail(params, 3, p[0].value.a);
	/* the callee's own refusal comes back with its origin */
	res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, TA_HELLO_CMD_INC_VALUE, 0, p, &origin);
	if (res != TEE_ERROR_BAD_PARAMETERS || origin != TEE_ORIGIN_TRUSTED_APP)
		return fail(params, 4, res);
	TEE_CloseTASession(s);
	params[0].value.a = 0;
	params[0].value.b = 42;
	return TEE_SUCCESS;
}

static TEE_Result identity(TEE_Param params[4])
{
	TEE_TASessionHandle s = TEE_HANDLE_NULL;
	TEE_Param p[TEE_NUM_PARAMS];
	TEE_UUID seen;
	uint32_t origin = 0;
	TEE_Result res = open_self(&s);
	if (res != TEE_SUCCESS)
		return fail(params, 1, res);
	memset(p, 0, sizeof(p));
	memset(&seen, 0, sizeof(seen));
	p[1].memref.buffer = &seen;
	p[1].memref.size = sizeof(seen);
	res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, TA_TA2TA_CMD_WHO,
				  TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT,
						  TEE_PARAM_TYPE_MEMREF_OUTPUT, TEE_PARAM_TYPE_NONE,
						  TEE_PARAM_TYPE_NONE),
				  p, &origin);
	TEE_CloseTASession(s);
	if (res != TEE_SUCCESS)
		return fail(params, 2, res);
	if (p[0].value.a != TEE_LOGIN_TRUSTED_APP)
		return fail(params, 3, p[0].value.a);
	if (p[1].memref.size != sizeof(seen) || TEE_MemCompare(&seen, &self_uuid, sizeof(seen)))
		return fail(params, 4, p[1].memref.size);
	params[0].value.a = 0;
	params[0].value.b = p[0].value.a;
	return TEE_SUCCESS;
}

static TEE_Result memref(TEE_Param params[4])
{
	/* the memref is msg.data; the secret right after it is not passed */
	static struct {
		char data[100];
		uint32_t secret[8];
	} msg;
	TEE_TASessionHandle s = TEE_HANDLE_NULL;
	TEE_Param p[TEE_NUM_PARAMS];
	uint32_t origin = 0;
	for (unsigned i = 0; i < sizeof(msg.data); i++)
		msg.data[i] = (char)('a' + i % 26);
	for (unsigned i = 0; i < 8; i++)
		msg.secret[i] = SECRET;
	TEE_Result res = open_self(&s);
	if (res != TEE_SUCCESS)
		return fail(params, 1, res);
	memset(p, 0, sizeof(p));
	p[0].memref.buffer = msg.data;
	p[0].memref.size = sizeof(msg.data);
	res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, TA_TA2TA_CMD_ECHO,
				  TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INOUT,
						  TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
						  TEE_PARAM_TYPE_NONE),
				  p, &origin);
	TEE_CloseTASession(s);
	if (res != TEE_SUCCESS)
		return fail(params, 2, res);
	if (p[0].memref.size != sizeof(msg.data) / 2)
		return fail(params, 3, p[0].memref.size);
	/* the callee reversed the first half */
	for (unsigned i = 0; i < 50; i++)
		if (msg.data[i] != (char)('a' + (99 - i) % 26))
			return fail(params, 4, i);
	if (p[1].value.a != 0)
		return fail(params, 5, p[1].value.a); /* it saw bytes beyond the memref */
	for (unsigned i = 0; i < 8; i++)
		if (msg.secret[i] != SECRET)
			return fail(params, 6, i); /* it wrote beyond the memref */
	if (p[1].value.b != 1)
		return fail(params, 7, p[1].value.b); /* a TA's memory is secure, not the REE's */
	params[0].value.a = 0;
	params[0].value.b = p[0].memref.size;
	return TEE_SUCCESS;
}

static TEE_Result private_va(TEE_Param params[4])
{
	TEE_TASessionHandle s = TEE_HANDLE_NULL;
	TEE_Param p[TEE_NUM_PARAMS];
	uint32_t origin = 0;
	uintptr_t va = (uintptr_t)&private_word;
	private_word = SECRET;
	TEE_Result res = open_self(&s);
	if (res != TEE_SUCCESS)
		return fail(params, 1, res);
	memset(p, 0, sizeof(p));
	p[0].value.a = (uint32_t)va;
	p[0].value.b = (uint32_t)((uint64_t)va >> 32);
	res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, TA_TA2TA_CMD_PEEK,
				  TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
						  TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
						  TEE_PARAM_TYPE_NONE),
				  p, &origin);
	TEE_CloseTASession(s);
	if (res != TEE_SUCCESS)
		return fail(params, 2, res);
	if (p[1].value.a == SECRET)
		return fail(params, 3, p[1].value.a);
	params[0].value.a = 0;
	params[0].value.b = p[1].value.a;
	return TEE_SUCCESS;
}

/* GP 1.1 prototypes: uint32_t lengths, keySize; a guard word beside each out-length. */
static TEE_Result gp11(TEE_Param params[4])
{
	static const char id[] = "ta2ta-gp11";
	static const char data[] = "GP 1.1 object data";
	struct {
		uint32_t len;
		uint32_t guard;
	} out = {0, SECRET};
	char text[80];
	TEE_ObjectHandle o = TEE_HANDLE_NULL;
	TEE_ObjectInfo info;

	out.len = sizeof(text);
	TEE_Result res =
	    TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "gpd.ta.description", text, &out.len);
	if (res != TEE_SUCCESS || out.guard != SECRET)
		return fail(params, 1, res);
	if (out.len != sizeof("tzvisor example: TA-to-TA sessions, GP 1.1 mode"))
		return fail(params, 2, out.len);
	res = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, id, sizeof(id) - 1,
					 TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |
					     TEE_DATA_FLAG_ACCESS_WRITE_META |
					     TEE_DATA_FLAG_OVERWRITE,
					 TEE_HANDLE_NULL, data, sizeof(data), &o);
	if (res != TEE_SUCCESS)
		return fail(params, 3, res);
	res = TEE_GetObjectInfo1(o, &info);
	if (res != TEE_SUCCESS || info.dataSize != sizeof(data) || info.keySize != 0 ||
	    info.objectType != TEE_TYPE_DATA)
		return fail(params, 4, res ? res : info.dataSize);
	res = TEE_SeekObjectData(o, 3, TEE_DATA_SEEK_SET);
	if (res != TEE_SUCCESS)
		return fail(params, 5, res);
	out.len = 0;
	res = TEE_ReadObjectData(o, text, sizeof(text), &out.len);
	if (res != TEE_SUCCESS || out.len != sizeof(data) - 3 || out.guard != SECRET ||
	    TEE_MemCompare(text, data + 3, out.len))
		return fail(params, 6, res ? res : out.len);
	res = TEE_CloseAndDeletePersistentObject1(o);
	if (res != TEE_SUCCESS)
		return fail(params, 7, res);
	params[0].value.a = 0;
	params[0].value.b = out.len;
	return TEE_SUCCESS;
}

static TEE_Result time_props(TEE_Param params[4])
{
	TEE_Time t = {1000, 500}, back = {0, 0};
	uint64_t big = 0;
	TEE_PropSetHandle e = TEE_HANDLE_NULL;
	char name[64];
	uint32_t n, count = 0;
	bool saw_app_id = false;

	TEE_Result res = TEE_SetTAPersistentTime(&t);
	if (res != TEE_SUCCESS)
		return fail(params, 1, res);
	res = TEE_GetTAPersistentTime(&back);
	if (res != TEE_SUCCESS || back.seconds < 1000 || back.seconds > 1000 + 600)
		return fail(params, 2, res ? res : back.seconds);
	res = TEE_GetPropertyAsU64(TEE_PROPSET_CURRENT_TA, "org.tzvisor.ta2ta.big", &big);
	if (res != TEE_SUCCESS || big != 0x123456789aull)
		return fail(params, 3, res ? res : (uint32_t)big);
	res = TEE_AllocatePropertyEnumerator(&e);
	if (res != TEE_SUCCESS)
		return fail(params, 4, res);
	TEE_StartPropertyEnumerator(e, TEE_PROPSET_CURRENT_TA);
	do {
		n = sizeof(name);
		res = TEE_GetPropertyName(e, name, &n);
		if (res != TEE_SUCCESS)
			break;
		count++;
		if (n == sizeof("gpd.ta.appID") && !TEE_MemCompare(name, "gpd.ta.appID", n))
			saw_app_id = true;
	} while (TEE_GetNextProperty(e) == TEE_SUCCESS);
	TEE_FreePropertyEnumerator(e);
	if (count < 8 || !saw_app_id)
		return fail(params, 5, count);
	params[0].value.a = 0;
	params[0].value.b = count;
	return TEE_SUCCESS;
}

static TEE_Result bad_memref(TEE_Param params[4])
{
	TEE_TASessionHandle s = TEE_HANDLE_NULL;
	TEE_Param p[TEE_NUM_PARAMS];
	uint32_t origin = 0;
	TEE_Result res = open_self(&s);
	if (res != TEE_SUCCESS)
		return fail(params, 1, res);
	memset(p, 0, sizeof(p));
	/* not ours: above every segment of a TA, below the kernel's window */
	p[0].memref.buffer = (void *)(uintptr_t)0x0c000000;
	p[0].memref.size = 64;
	res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, TA_TA2TA_CMD_ECHO,
				  TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INOUT,
						  TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
						  TEE_PARAM_TYPE_NONE),
				  p, &origin);
	/* not reached: the kernel ends this instance */
	return fail(params, 2, res);
}

static TEE_Result not_found(TEE_Param params[4])
{
	const TEE_UUID none = {0x00badbad, 0, 0, {0, 0, 0, 0, 0, 0, 0, 1}};
	TEE_TASessionHandle s = TEE_HANDLE_NULL;
	uint32_t origin = 0;
	TEE_Result res = TEE_OpenTASession(&none, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
	if (res != TEE_ERROR_ITEM_NOT_FOUND || origin != TEE_ORIGIN_TEE || s != TEE_HANDLE_NULL)
		return fail(params, 1, res);
	params[0].value.a = 0;
	params[0].value.b = origin;
	return TEE_SUCCESS;
}

/* key (size 32) from the system PTA for extra data `extra` */
static TEE_Result derive(TEE_TASessionHandle s, const char *extra, uint8_t *key, uint32_t size)
{
	TEE_Param p[TEE_NUM_PARAMS];
	uint32_t origin = 0;
	memset(p, 0, sizeof(p));
	p[0].memref.buffer = (void *)extra;
	p[0].memref.size = strlen(extra);
	p[1].memref.buffer = key;
	p[1].memref.size = size;
	return TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY,
				   TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
						   TEE_PARAM_TYPE_MEMREF_OUTPUT,
						   TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
				   p, &origin);
}

static TEE_Result system_pta(TEE_Param params[4])
{
	const TEE_UUID sys = PTA_SYSTEM_UUID;
	TEE_TASessionHandle s = TEE_HANDLE_NULL;
	uint8_t k1[32], k2[32], k3[32];
	uint32_t origin = 0;
	TEE_Result res = TEE_OpenTASession(&sys, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
	if (res != TEE_SUCCESS)
		return fail(params, 1, res);
	res = derive(s, "tzvisor", k1, sizeof(k1));
	if (res == TEE_SUCCESS)
		res = derive(s, "tzvisor", k2, sizeof(k2));
	if (res == TEE_SUCCESS)
		res = derive(s, "other", k3, sizeof(k3));
	if (res != TEE_SUCCESS)
		return fail(params, 2, res);
	if (TEE_MemCompare(k1, k2, sizeof(k1)) || !TEE_MemCompare(k1, k3, sizeof(k1)))
		return fail(params, 3, 0);
	/* OP-TEE's bounds: 16..32 bytes */
	res = derive(s, "tzvisor", k3, 8);
	if (res != TEE_ERROR_BAD_PARAMETERS)
		return fail(params, 4, res);
	TEE_CloseTASession(s);
	params[0].value.a = 0;
	params[0].value.b = k1[0];
	return TEE_SUCCESS;
}

/* ---- the callee side ---- */

static TEE_Result who(TEE_Param params[4])
{
	TEE_Identity id;
	TEE_Result res =
	    TEE_GetPropertyAsIdentity(TEE_PROPSET_CURRENT_CLIENT, "gpd.client.identity", &id);
	if (res != TEE_SUCCESS)
		return res;
	if (params[1].memref.size < sizeof(id.uuid))
		return TEE_ERROR_SHORT_BUFFER;
	params[0].value.a = id.login;
	TEE_MemMove(params[1].memref.buffer, &id.uuid, sizeof(id.uuid));
	params[1].memref.size = sizeof(id.uuid);
	return TEE_SUCCESS;
}

static TEE_Result echo(TEE_Param params[4])
{
	char *b = params[0].memref.buffer;
	uint32_t n = params[0].memref.size;
	uint32_t seen = 0;
	/* the rest of the page the memref lies in: the caller's memory must not be there */
	uintptr_t end = ((uintptr_t)b + n + 4095) & ~(uintptr_t)4095;
	for (const volatile char *q = b + n; (uintptr_t)q < end; q++)
		seen += *q != 0;
	for (uint32_t i = 0; i < n / 2; i++) {
		char c = b[i];
		b[i] = b[n - 1 - i];
		b[n - 1 - i] = c;
	}
	params[0].memref.size = n / 2;
	params[1].value.a = seen;
	/* where the memref's memory is: bit 0 secure, bit 1 non-secure (GP's access rights) */
	const uint32_t any = TEE_MEMORY_ACCESS_READ | TEE_MEMORY_ACCESS_ANY_OWNER;
	params[1].value.b =
	    (TEE_CheckMemoryAccessRights(any | TEE_MEMORY_ACCESS_SECURE, b, n) == TEE_SUCCESS) |
	    (TEE_CheckMemoryAccessRights(any | TEE_MEMORY_ACCESS_NONSECURE, b, n) == TEE_SUCCESS)
		<< 1;
	return TEE_SUCCESS;
}

static TEE_Result peek(TEE_Param params[4])
{
	uintptr_t va = params[0].value.a | ((uint64_t)params[0].value.b << 32);
	/* a VA of the caller: in this instance it is this instance's own memory, or nothing */
	if (TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ, (void *)va, 4) != TEE_SUCCESS) {
		params[1].value.a = 0;
		return TEE_SUCCESS;
	}
	params[1].value.a = *(volatile uint32_t *)va;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd, uint32_t param_types,
				      TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd) {
	case TA_TA2TA_CMD_WHO:
		return who(params);
	case TA_TA2TA_CMD_ECHO:
		return echo(params);
	case TA_TA2TA_CMD_PEEK:
		return peek(params);
	default:
		break;
	}
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	switch (cmd) {
	case TA_TA2TA_CMD_CALL_HELLO:
		return call_hello(params);
	case TA_TA2TA_CMD_IDENTITY:
		return identity(params);
	case TA_TA2TA_CMD_MEMREF:
		return memref(params);
	case TA_TA2TA_CMD_PRIVATE_VA:
		return private_va(params);
	case TA_TA2TA_CMD_GP11:
		return gp11(params);
	case TA_TA2TA_CMD_TIME_PROPS:
		return time_props(params);
	case TA_TA2TA_CMD_BAD_MEMREF:
		return bad_memref(params);
	case TA_TA2TA_CMD_NOT_FOUND:
		return not_found(params);
	case TA_TA2TA_CMD_SYSTEM_PTA:
		return system_pta(params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
