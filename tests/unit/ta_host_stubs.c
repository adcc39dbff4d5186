/*
 * What libutee (ta/lib) needs from the TEE kernel and the dev kit, for host
 * unit tests: the syscalls (a fake TEE), a TA head and property table, the
 * heap area and the five entry points of a small TA that records its calls.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <tee_internal_api.h>
#include <user_ta_header.h>

#include "../../ta/lib/utee.h"
#include "ta_host_stubs.h"

struct fake_tee fake;

/* TLS blocks exist only in a TA's image (ta/lib/tls.c, mk/ta.ld) */
void tzv_tls_init(void)
{
}

/* no shared libraries nor constructors on the host (weak: test_utee_dl links ta/lib/dl.c's) */
__attribute__((weak)) TEE_Result tzv_dl_start(void)
{
	return TEE_SUCCESS;
}

void tzv_sys_return(TEE_Result res)
{
	(void)res;
	abort();
}

void tzv_sys_panic(uint32_t code)
{
	fake.panics++;
	fake.panic_code = code;
	if (fake.panic_armed) {
		fake.panic_armed = 0;
		longjmp(fake.panic_jmp, 1);
	}
	abort();
}

void tzv_sys_log(const char *buf, size_t len)
{
	size_t n = len < sizeof(fake.log) - 1 ? len : sizeof(fake.log) - 1;
	memcpy(fake.log, buf, n);
	fake.log[n] = '\0';
}

TEE_Result tzv_sys_get_time(uint32_t kind, TEE_Time *out)
{
	out->seconds = kind == TZV_TA_TIME_REE ? 1700000000u : 12;
	out->millis = 345;
	return TEE_SUCCESS;
}

TEE_Result tzv_sys_wait(uint32_t ms, uint32_t cancellable)
{
	fake.waited_ms = ms;
	return cancellable && fake.cancel ? TEE_ERROR_CANCEL : TEE_SUCCESS;
}

uint32_t tzv_sys_get_cancel(void)
{
	return fake.cancel;
}

TEE_Result tzv_sys_get_property(const char *name, size_t name_len, void *buf, uint64_t *len,
				uint32_t *type)
{
	static const char api[] = "1.3.1";
	const void *v;
	size_t n;
	uint32_t u;
	if (name_len == strlen("gpd.tee.apiversion") && !memcmp(name, "gpd.tee.apiversion", name_len)) {
		v = api;
		n = sizeof(api);
		*type = TZV_TA_PROP_TYPE_STRING;
	} else if (name_len == strlen("gpd.tee.internalCore.version") &&
		   !memcmp(name, "gpd.tee.internalCore.version", name_len)) {
		u = 0x01030100;
		v = &u;
		n = 4;
		*type = TZV_TA_PROP_TYPE_U32;
	} else {
		return TEE_ERROR_ITEM_NOT_FOUND;
	}
	if (*len < n) {
		*len = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	memcpy(buf, v, n);
	*len = n;
	return TEE_SUCCESS;
}

TEE_Result tzv_sys_random(void *buf, size_t len)
{
	uint8_t *p = buf;
	if (len > TZV_TA_RANDOM_MAX)
		return TEE_ERROR_BAD_PARAMETERS;
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)rand();
	fake.random_bytes += len;
	return TEE_SUCCESS;
}

TEE_Result tzv_sys_check_access(uint32_t flags, const void *buf, size_t len)
{
	(void)flags;
	return (const uint8_t *)buf >= fake.ok_base &&
			       (const uint8_t *)buf + len <= fake.ok_base + sizeof(fake.ok_area)
		       ? TEE_SUCCESS
		       : TEE_ERROR_ACCESS_DENIED;
}

/* What the dev kit's user_ta_header.c makes for a TA. */
uint8_t __ta_heap[256 * 1024] __attribute__((aligned(16)));
/* TEE_Malloc(0) answers the page below the stack (unmapped in a real TA) */
uint8_t __ta_stack[8192] __attribute__((aligned(4096)));
const size_t __ta_heap_size = sizeof(__ta_heap);
const struct tzv_ta_head ta_head = {
	.uuid = { 0x9c3f5e1a, 0x7b2d, 0x4e8f, { 0xa1, 0xc6, 0x3d, 0x5b, 0x7e, 0x9f, 0x0a, 0x24 } },
	.stack_size = 2048,
	.flags = TZV_TA_FLAG_SINGLE_INSTANCE | TZV_TA_FLAG_MULTI_SESSION,
	.magic = TZV_TA_HEAD_MAGIC,
	.abi_version = TZV_TA_ABI_VERSION,
	.data_size = 32768,
};
const struct user_ta_property ta_props[] = {
	{ "gpd.ta.version", USER_TA_PROP_TYPE_STRING, "1.0" },
	{ "org.example.answer", USER_TA_PROP_TYPE_U32, &(const uint32_t){ 42 } },
	{ "org.example.flag", USER_TA_PROP_TYPE_BOOL, &(const bool){ true } },
	{ "org.example.number", USER_TA_PROP_TYPE_STRING, "0x2a" },
	{ "org.example.blob", USER_TA_PROP_TYPE_BINARY_BLOCK, "SGVs bG8=" },
	{ "org.example.big", USER_TA_PROP_TYPE_U64, &(const uint64_t){ 0x100000001ull } },
	{ "org.example.bigtext", USER_TA_PROP_TYPE_STRING, "18446744073709551615" },
};
const size_t ta_num_props = sizeof(ta_props) / sizeof(ta_props[0]);

/* A TA: counts its entries; session context = a heap counter. */
int tahead_get_trace_level(void)
{
	return fake.ta_trace_level ? fake.ta_trace_level : TRACE_LEVEL;
}

TEE_Result TA_CreateEntryPoint(void)
{
	fake.created++;
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
	fake.destroyed++;
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t types, TEE_Param params[4], void **ctx)
{
	if (TEE_PARAM_TYPE_GET(types, 0) == TEE_PARAM_TYPE_VALUE_INPUT && params[0].value.a == 666)
		return TEE_ERROR_ACCESS_DENIED;
	uint32_t *c = TEE_Malloc(sizeof(*c), TEE_MALLOC_FILL_ZERO);
	*ctx = c;
	fake.opened++;
	return c ? TEE_SUCCESS : TEE_ERROR_OUT_OF_MEMORY;
}

void TA_CloseSessionEntryPoint(void *ctx)
{
	fake.closed++;
	TEE_Free(ctx);
}

TEE_Result TA_InvokeCommandEntryPoint(void *ctx, uint32_t cmd, uint32_t types, TEE_Param params[4])
{
	uint32_t *c = ctx;
	(*c)++;
	fake.last_cmd = cmd;
	if (cmd == 50) /* test_utee_api: unmask for the rest of the session */
		TEE_UnmaskCancellation();
	if (cmd == 51 && TEE_PARAM_TYPE_GET(types, 0) == TEE_PARAM_TYPE_VALUE_OUTPUT)
		params[0].value.a = TEE_MaskCancellation(); /* the mask this entry started with */
	if (TEE_PARAM_TYPE_GET(types, 0) == TEE_PARAM_TYPE_VALUE_INOUT)
		params[0].value.a = params[0].value.a * 2 + *c;
	if (TEE_PARAM_TYPE_GET(types, 1) == TEE_PARAM_TYPE_MEMREF_INOUT) {
		uint8_t *b = params[1].memref.buffer;
		for (size_t i = 0; i < params[1].memref.size; i++)
			b[i] ^= 0xff;
		params[1].memref.size /= 2;
	}
	return cmd == 99 ? TEE_ERROR_NOT_SUPPORTED : TEE_SUCCESS;
}

/* No trusted storage on the host: the persistent-object paths are tested under QEMU. */
TEE_Result tzv_sys_storage(uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	(void)op, (void)a1, (void)a2, (void)a3, (void)a4;
	return TEE_ERROR_STORAGE_NOT_AVAILABLE;
}

/* Syscalls 40..63 (ta/lib/sys_devkit.c): not reached by the host tests. */
TEE_Result tzv_sys_supp_plugin(const TEE_UUID *uuid, uint32_t cmd, uint32_t sub_cmd, void *buf,
			       size_t len, uint64_t *outlen)
{
	(void)uuid, (void)cmd, (void)sub_cmd, (void)buf, (void)len, (void)outlen;
	return TEE_ERROR_NOT_SUPPORTED;
}

TEE_Result tzv_sys_ta_time(uint32_t op, TEE_Time *time)
{
	(void)op, (void)time;
	return TEE_ERROR_NOT_SUPPORTED;
}

TEE_Result tzv_sys_open_ta_session(const TEE_UUID *uuid, uint32_t timeout, uint32_t types,
				   TEE_Param *params, uint32_t *session, uint32_t *origin)
{
	(void)uuid, (void)timeout, (void)types, (void)params, (void)session, (void)origin;
	return TEE_ERROR_NOT_SUPPORTED;
}

TEE_Result tzv_sys_invoke_ta_command(uint32_t session, uint32_t timeout, uint32_t cmd,
				     uint32_t types, TEE_Param *params, uint32_t *origin)
{
	(void)session, (void)timeout, (void)cmd, (void)types, (void)params, (void)origin;
	return TEE_ERROR_NOT_SUPPORTED;
}

void tzv_sys_close_ta_session(uint32_t session)
{
	(void)session;
}
