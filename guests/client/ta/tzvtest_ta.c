/*
 * The bare-metal client's test TA: a session counter and an instance counter
 * (single instance, multi session), a memref round trip, the GlobalPlatform
 * services it gets through syscalls, and every way a TA must die alone.
 */
#include <string.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>
#include <pta_attestation.h>
#include <tee_tcpsocket.h>
#include <__tee_tcpsocket_defines_extensions.h>
#include <tzvtest_ta.h>
#include "layout.h"
#include "traps.h"

static uint32_t instance_count;
static uint8_t data_page[64] __attribute__((aligned(16))) = { 0xd6, 0x5f, 0x03, 0xd6 }; /* "ret"-ish bytes */

static TEE_Result tzvtest_socket(uint32_t types, TEE_Param p[4])
{
	static char host[] = "hostile";
	TEE_tcpSocket_Setup setup = {TEE_IP_VERSION_DC, host, 7};
	TEE_iSocketHandle h;
	uint32_t proto_error, len;
	uint8_t buf[32];
	int rcvbuf = 4096;
	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_VALUE_OUTPUT,
				     TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_VALUE_OUTPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	p[0].value.a = TEE_tcpSocket->open(&h, &setup, &proto_error);
	if (p[0].value.a != TEE_SUCCESS)
		return TEE_SUCCESS;
	memset(buf, 0x11, sizeof(buf));
	len = 16;
	p[0].value.b = TEE_tcpSocket->send(h, buf, &len, 0);
	p[3].value.a = len;
	len = 16;
	p[1].value.a = TEE_tcpSocket->recv(h, buf, &len, 0);
	p[3].value.b = len;
	p[1].value.b = 1;
	for (unsigned i = 16; i < sizeof(buf); i++)
		if (buf[i] != 0x11)
			p[1].value.b = 0;
	len = 0; /* an empty buffer: no byte may be claimed for it */
	if (TEE_tcpSocket->recv(h, buf, &len, 0) != TEE_ERROR_COMMUNICATION || len)
		p[1].value.b = 0;
	len = sizeof(rcvbuf);
	p[2].value.a = TEE_tcpSocket->ioctl(h, TEE_TCP_SET_RECVBUF, &rcvbuf, &len);
	p[2].value.b = TEE_tcpSocket->close(h);
	return TEE_SUCCESS;
}

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t types, TEE_Param params[4], void **ctx)
{
	(void)types;
	(void)params;
	uint32_t *c = TEE_Malloc(sizeof(*c), TEE_MALLOC_FILL_ZERO);
	if (!c)
		return TEE_ERROR_OUT_OF_MEMORY;
	*ctx = c;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *ctx)
{
	TEE_Free(ctx);
}

static TEE_Result attest_memory(uint32_t types, TEE_Param p[4])
{
	static const TEE_UUID pta = PTA_ATTESTATION_UUID;
	TEE_TASessionHandle s = TEE_HANDLE_NULL;
	uint32_t origin = 0;
	TEE_Result r = TEE_OpenTASession(&pta, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
	if (r != TEE_SUCCESS)
		return r;
	r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, PTA_ATTESTATION_HASH_TA_MEMORY, types, p,
				&origin);
	TEE_CloseTASession(s);
	return r;
}

static TEE_Result services(TEE_Param p[4])
{
	char v[32];
	size_t n = sizeof(v);
	uint32_t rnd = 0;
	TEE_Time t = { 0, 0 };

	p[0].value.a = TEE_GetPropertyAsString(TEE_PROPSET_TEE_IMPLEMENTATION, "gpd.tee.apiversion", v,
					       &n) == TEE_SUCCESS && n > 1;
	for (int i = 0; i < 4 && !rnd; i++)
		TEE_GenerateRandom(&rnd, sizeof(rnd));
	p[0].value.b = rnd != 0;
	TEE_GetSystemTime(&t);
	TEE_Wait(1);
	TEE_Time t2 = { 0, 0 };
	TEE_GetSystemTime(&t2);
	p[1].value.a = t2.seconds > t.seconds || (t2.seconds == t.seconds && t2.millis >= t.millis);
	p[1].value.b = 0;
	return TEE_SUCCESS;
}

static __thread uint32_t tls_zero;
static __thread uint32_t tls_init = TZVTEST_TLS_INIT;

TEE_Result TA_InvokeCommandEntryPoint(void *ctx, uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	uint32_t *count = ctx;

	switch (cmd) {
	case TZVTEST_CMD_INC:
		p[0].value.a = ++*count;
		return TEE_SUCCESS;
	case TZVTEST_CMD_INST_INC:
		p[0].value.a = ++instance_count;
		return TEE_SUCCESS;
	case TZVTEST_CMD_READ: {
		uint64_t addr = p[0].value.a | ((uint64_t)p[0].value.b << 32);
		uint64_t v = *(volatile uint64_t *)(uintptr_t)addr;
		p[1].value.a = (uint32_t)v;
		p[1].value.b = (uint32_t)(v >> 32);
		return TEE_SUCCESS;
	}
	case TZVTEST_CMD_WRITE_CODE:
		*(volatile uint32_t *)(uintptr_t)&TA_CreateEntryPoint = 0;
		return TEE_SUCCESS;
	case TZVTEST_CMD_PANIC:
		TEE_Panic(0x7e57);
		return TEE_SUCCESS;
	case TZVTEST_CMD_BAD_SVC: {
		register uint64_t x8 __asm__("x8") = 99;
		register uint64_t x0 __asm__("x0") = 0;
		__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
		return TEE_SUCCESS;
	}
	case TZVTEST_CMD_MEMREF: {
		if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INOUT, TEE_PARAM_TYPE_VALUE_OUTPUT,
					     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		uint8_t *b = p[0].memref.buffer;
		uint32_t sum = 0;
		for (size_t i = 0; i < p[0].memref.size; i++) {
			sum += b[i];
			b[i] = (uint8_t)(b[i] + 1);
		}
		p[1].value.a = sum;
		p[1].value.b = (uint32_t)(uintptr_t)b;
		return TEE_SUCCESS;
	}
	case TZVTEST_CMD_EXEC_DATA: {
		void (*f)(void) = (void (*)(void))(uintptr_t)data_page;
		f();
		return TEE_SUCCESS;
	}
	case TZVTEST_CMD_BAD_LOG: {
		register uint64_t x8 __asm__("x8") = 2; /* TZV_TA_SYS_LOG */
		register uint64_t x0 __asm__("x0") = 0x0e800000; /* the kernel's private data */
		register uint64_t x1 __asm__("x1") = 16;
		__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1) : "r"(x8) : "memory");
		return TEE_SUCCESS;
	}
	case TZVTEST_CMD_MISALIGNED_TIME: {
		register uint64_t x8 __asm__("x8") = 3; /* TZV_TA_SYS_GET_TIME */
		register uint64_t x0 __asm__("x0") = 0;  /* TZV_TA_TIME_SYSTEM */
		register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)data_page + 1;
		__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1) : "r"(x8) : "memory");
		return TEE_SUCCESS;
	}
	case TZVTEST_CMD_SERVICES:
		return services(p);
	case TZVTEST_CMD_CANCEL_POLL: {
		if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT,
					     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		volatile uint64_t x = 1;
		TEE_UnmaskCancellation();
		for (uint32_t i = 0; i < p[0].value.a; i++) {
			for (int k = 0; k < 1000; k++)
				x = x * 6364136223846793005ull + 1442695040888963407ull;
			if (TEE_GetCancellationFlag()) {
				p[1].value.a = i + 1;
				p[1].value.b = 1;
				return TEE_ERROR_CANCEL;
			}
		}
		p[1].value.a = p[0].value.a;
		p[1].value.b = 0;
		return TEE_SUCCESS;
	}
	case TZVTEST_CMD_WAIT: {
		if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT,
					     TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_VALUE_OUTPUT))
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_Time t = { 0, 0 };
		if (p[0].value.b)
			TEE_UnmaskCancellation();
		p[1].value.a = TEE_Wait(p[0].value.a);
		p[1].value.b = TEE_GetCancellationFlag();
		p[2].value.a = TEE_UnmaskCancellation();
		p[2].value.b = TEE_GetCancellationFlag();
		TEE_GetREETime(&t);
		p[3].value.a = t.seconds;
		p[3].value.b = t.millis;
		return TEE_SUCCESS;
	}
	case TZVTEST_CMD_TRAP:
		return tzvtest_trap(p[0].value.a, p);
	case TZVTEST_CMD_SIMD_KEPT:
		return tzvtest_simd_kept(p[0].value.a, p);
	case TZVTEST_CMD_TLS:
		p[0].value.a = tls_zero++;
		p[0].value.b = tls_init++;
		return TEE_SUCCESS;
	case TZVTEST_CMD_STACK:
		return tzvtest_stack(types, p);
	case TZVTEST_CMD_DERIVE:
		return tzvtest_derive(types, p);
	case TZVTEST_CMD_CACHE: {
		if (types !=
		    TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INOUT, TEE_PARAM_TYPE_VALUE_OUTPUT,
				    TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_VALUE_OUTPUT))
			return TEE_ERROR_BAD_PARAMETERS;
		char *b = p[0].memref.buffer;
		size_t n = p[0].memref.size;
		p[1].value.a = TEE_CacheClean(b, n);
		p[1].value.b = TEE_CacheFlush(b, n);
		p[2].value.a = TEE_CacheInvalidate(b, n);
		p[2].value.b = TEE_CacheFlush((char *)data_page, sizeof(data_page));
		p[3].value.a = TEE_CacheFlush(b, n + 4096);
		p[3].value.b = TEE_CacheFlush((char *)0x1000, 16);
		return TEE_SUCCESS;
	}
	case TZVTEST_CMD_SOCKET:
		return tzvtest_socket(types, p);
	case TZVTEST_CMD_CLIENT: {
		TEE_Identity id;
		if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT,
					     TEE_PARAM_TYPE_VALUE_OUTPUT,
					     TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_Result r = TEE_GetPropertyAsIdentity(TEE_PROPSET_CURRENT_CLIENT,
							 "gpd.client.identity", &id);
		if (r != TEE_SUCCESS)
			return r;
		const uint8_t *n = id.uuid.clockSeqAndNode;
		p[0].value.a = id.login;
		p[0].value.b = id.uuid.timeLow;
		p[1].value.a = id.uuid.timeMid;
		p[1].value.b = id.uuid.timeHiAndVersion;
		p[2].value.a =
		    (uint32_t)n[0] << 24 | (uint32_t)n[1] << 16 | (uint32_t)n[2] << 8 | n[3];
		p[2].value.b =
		    (uint32_t)n[4] << 24 | (uint32_t)n[5] << 16 | (uint32_t)n[6] << 8 | n[7];
		return TEE_SUCCESS;
	}
	case TZVTEST_CMD_ATTEST_MEMORY:
		return attest_memory(types, p);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
