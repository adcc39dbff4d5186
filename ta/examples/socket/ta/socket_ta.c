/*
 * socket: the GP TEE Sockets API (TEE_tcpSocket, TEE_udpSocket) against echo
 * servers of the normal world, a receive timeout and an ioctl, and attacks
 * on the kernel's SOCKET syscall underneath it (another instance's handle, a
 * buffer outside the TA, an address without its NUL).
 */
#include <string.h>
#include <tee_internal_api.h>
#include <tee_tcpsocket.h>
#include <tee_udpsocket.h>

#include <socket_ta.h>

/* The kernel's SOCKET syscall (include/tzvisor/ta_abi.h), for the attacks only. */
#define SYS_SOCKET 46
#define SOCK_OPEN 0
#define SOCK_SEND 2

static uint32_t kept_handle;

static uint64_t sys_socket(uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = op;
	register uint64_t x1 __asm__("x1") = a0;
	register uint64_t x2 __asm__("x2") = a1;
	register uint64_t x3 __asm__("x3") = a2;
	register uint64_t x4 __asm__("x4") = a3;
	register uint64_t x8 __asm__("x8") = SYS_SOCKET;
	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x8)
			 :
			 : "x5", "x6", "x7", "memory");
	return x0;
}

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

static TEE_Result open_local(bool udp, uint16_t port, TEE_iSocketHandle *h)
{
	static char addr[] = "127.0.0.1";
	uint32_t proto_error;
	if (udp) {
		TEE_udpSocket_Setup s = {TEE_IP_VERSION_4, addr, port};
		return TEE_udpSocket->open(h, &s, &proto_error);
	}
	TEE_tcpSocket_Setup s = {TEE_IP_VERSION_4, addr, port};
	return TEE_tcpSocket->open(h, &s, &proto_error);
}

static TEE_Result echo(TEE_Param p[4])
{
	bool udp = p[0].value.b;
	TEE_iSocket *api = udp ? TEE_udpSocket : TEE_tcpSocket;
	TEE_iSocketHandle h;
	uint32_t n = p[1].memref.size, got = 0;
	if (p[2].memref.size < n)
		return TEE_ERROR_SHORT_BUFFER;
	TEE_Result r = open_local(udp, p[0].value.a, &h);
	if (r != TEE_SUCCESS)
		return r;
	uint32_t len = n;
	r = api->send(h, p[1].memref.buffer, &len, 5000);
	if (r == TEE_SUCCESS && len != n)
		r = TEE_ERROR_COMMUNICATION;
	/* TCP may deliver the echo in pieces; UDP gives the datagram at once */
	while (r == TEE_SUCCESS && got < n) {
		len = n - got;
		r = api->recv(h, (uint8_t *)p[2].memref.buffer + got, &len, 5000);
		if (r == TEE_SUCCESS && (!len || len > n - got))
			r = TEE_ERROR_COMMUNICATION;
		if (r == TEE_SUCCESS)
			got += len;
	}
	p[2].memref.size = got;
	p[3].value.a = api->error(h);
	TEE_Result rc = api->close(h);
	return r != TEE_SUCCESS ? r : rc;
}

static TEE_Result timeout(TEE_Param p[4])
{
	TEE_iSocketHandle h;
	uint8_t b[16];
	uint32_t len = sizeof(b);
	TEE_Result r = open_local(false, p[0].value.a, &h);
	if (r != TEE_SUCCESS)
		return r;
	p[1].value.a = TEE_tcpSocket->recv(h, b, &len, 100);
	TEE_tcpSocket->close(h);

	r = open_local(true, p[0].value.a, &h);
	if (r != TEE_SUCCESS)
		return r;
	uint16_t port = p[0].value.a + 1;
	len = sizeof(port);
	p[1].value.b = TEE_udpSocket->ioctl(h, TEE_UDP_CHANGEPORT, &port, &len);
	if (p[1].value.b == TEE_SUCCESS)
		p[1].value.b = TEE_udpSocket->close(h);
	return TEE_SUCCESS;
}

static TEE_Result keep(TEE_Param p[4])
{
	static const char addr[] = "127.0.0.1";
	uint64_t what = 0x65 /* TCP */ | ((uint64_t)TEE_IP_VERSION_4 << 8) |
			((uint64_t)(p[0].value.a & 0xffff) << 16);
	TEE_Result r =
	    sys_socket(SOCK_OPEN, what, (uintptr_t)addr, sizeof(addr), (uintptr_t)&kept_handle);
	p[1].value.a = kept_handle;
	return r;
}

static TEE_Result attack(TEE_Param p[4])
{
	static const char no_nul[4] = {'1', '2', '7', '.'};
	static uint8_t data[8];
	uint32_t len = sizeof(data);
	switch (p[0].value.b) {
	case 0: /* another instance's handle */
		p[1].value.a =
		    sys_socket(SOCK_SEND, p[0].value.a, (uintptr_t)data, (uintptr_t)&len, 0);
		return TEE_SUCCESS;
	case 1: /* the TEE kernel's own memory, as far as the TA knows it: not its own */
		len = 64;
		sys_socket(SOCK_SEND, kept_handle, 0x1000, (uintptr_t)&len, 0);
		return TEE_ERROR_GENERIC; /* not reached: the kernel ends the TA */
	default: {
		uint32_t h = 0;
		uint64_t what = 0x65 | ((uint64_t)TEE_IP_VERSION_4 << 8) | (7u << 16);
		p[1].value.a =
		    sys_socket(SOCK_OPEN, what, (uintptr_t)no_nul, sizeof(no_nul), (uintptr_t)&h);
		return TEE_SUCCESS;
	}
	}
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd, uint32_t param_types,
				      TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd) {
	case TA_SOCKET_CMD_ECHO:
		if (param_types !=
		    TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_MEMREF_INPUT,
				    TEE_PARAM_TYPE_MEMREF_OUTPUT, TEE_PARAM_TYPE_VALUE_OUTPUT))
			return TEE_ERROR_BAD_PARAMETERS;
		return echo(params);
	case TA_SOCKET_CMD_TIMEOUT:
	case TA_SOCKET_CMD_KEEP:
	case TA_SOCKET_CMD_ATTACK:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
						   TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return cmd == TA_SOCKET_CMD_TIMEOUT ? timeout(params)
		       : cmd == TA_SOCKET_CMD_KEEP  ? keep(params)
						    : attack(params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
