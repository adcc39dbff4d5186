/*
 * GP TEE Sockets API: the TCP and UDP instances of TEE_iSocket over the
 * kernel's SOCKET syscall (include/tzvisor/ta_abi.h), which reaches
 * tee-supplicant's sockets in the normal world. A TEE_iSocketHandle points to
 * a small context on the TA's heap: the kernel's handle and the last result
 * (what error() answers). As GP has it, NULL pointers where the API needs
 * memory and ioctl commands the protocol does not know panic the TA; commands
 * of protocol 0 (GP's generic range) succeed and do nothing.
 */
#include <string.h>
#include <tee_internal_api.h>
#include <tee_tcpsocket.h>
#include <tee_udpsocket.h>
#include <__tee_tcpsocket_defines_extensions.h>
#include "utee.h"

struct socket_ctx {
	uint32_t handle;
	uint32_t proto_error;
};

static TEE_Result sock_open(uint8_t proto, TEE_iSocketHandle *ctx, TEE_ipSocket_ipVersion ip,
			    const char *addr, uint16_t port, uint32_t *protocolError)
{
	if (!ctx || !protocolError)
		TEE_Panic(0);
	*ctx = NULL;
	*protocolError = TEE_SUCCESS;
	if ((uint32_t)ip > TEE_IP_VERSION_6 || !addr)
		return TEE_ERROR_BAD_PARAMETERS;
	struct socket_ctx *c = TEE_Malloc(sizeof(*c), TEE_MALLOC_FILL_ZERO);
	if (!c)
		return TEE_ERROR_OUT_OF_MEMORY;
	size_t len = strlen(addr) + 1;
	uint64_t what = proto | ((uint64_t)ip << 8) | ((uint64_t)port << 16);
	TEE_Result r = tzv_sys_socket(TZV_SOCK_OPEN, what, (uint64_t)(uintptr_t)addr, len,
				      (uint64_t)(uintptr_t)&c->handle);
	if (r != TEE_SUCCESS) {
		TEE_Free(c);
		c = NULL;
	}
	*ctx = c;
	if (r == TEE_ISOCKET_ERROR_HOSTNAME) {
		*protocolError = r;
		return TEE_ISOCKET_ERROR_PROTOCOL;
	}
	return r;
}

static TEE_Result tcp_open(TEE_iSocketHandle *ctx, void *setup, uint32_t *protocolError)
{
	const TEE_tcpSocket_Setup *s = setup;
	if (!s)
		TEE_Panic(0);
	return sock_open(TEE_ISOCKET_PROTOCOLID_TCP, ctx, s->ipVersion, s->server_addr,
			 s->server_port, protocolError);
}

static TEE_Result udp_open(TEE_iSocketHandle *ctx, void *setup, uint32_t *protocolError)
{
	const TEE_udpSocket_Setup *s = setup;
	if (!s)
		TEE_Panic(0);
	return sock_open(TEE_ISOCKET_PROTOCOLID_UDP, ctx, s->ipVersion, s->server_addr,
			 s->server_port, protocolError);
}

static TEE_Result sock_close(TEE_iSocketHandle ctx)
{
	struct socket_ctx *c = ctx;
	if (!c)
		return TEE_SUCCESS;
	TEE_Result r = tzv_sys_socket(TZV_SOCK_CLOSE, c->handle, 0, 0, 0);
	TEE_Free(c);
	return r;
}

static TEE_Result sock_send(TEE_iSocketHandle ctx, const void *buf, uint32_t *length,
			    uint32_t timeout)
{
	struct socket_ctx *c = ctx;
	if (!c || !buf || !length)
		TEE_Panic(0);
	c->proto_error = tzv_sys_socket(TZV_SOCK_SEND, c->handle, (uint64_t)(uintptr_t)buf,
					(uint64_t)(uintptr_t)length, timeout);
	return c->proto_error;
}

static TEE_Result sock_recv(TEE_iSocketHandle ctx, void *buf, uint32_t *length, uint32_t timeout)
{
	struct socket_ctx *c = ctx;
	if (!c || !length || (!buf && *length))
		TEE_Panic(0);
	c->proto_error = tzv_sys_socket(TZV_SOCK_RECV, c->handle, (uint64_t)(uintptr_t)buf,
					(uint64_t)(uintptr_t)length, timeout);
	return c->proto_error;
}

static uint32_t sock_error(TEE_iSocketHandle ctx)
{
	struct socket_ctx *c = ctx;
	if (!c)
		TEE_Panic(0);
	return c->proto_error;
}

static TEE_Result sock_ioctl(uint8_t proto, TEE_iSocketHandle ctx, uint32_t commandCode, void *buf,
			     uint32_t *length)
{
	struct socket_ctx *c = ctx;
	if (!c || !length || (!buf && *length))
		TEE_Panic(0);
	if (commandCode >> 24 == 0)
		return TEE_SUCCESS;
	bool known = proto == TEE_ISOCKET_PROTOCOLID_TCP
			 ? commandCode == TEE_TCP_SET_RECVBUF || commandCode == TEE_TCP_SET_SENDBUF
			 : commandCode == TEE_UDP_CHANGEADDR || commandCode == TEE_UDP_CHANGEPORT;
	if (!known)
		TEE_Panic(0);
	c->proto_error = tzv_sys_socket(TZV_SOCK_IOCTL, c->handle, commandCode,
					(uint64_t)(uintptr_t)buf, (uint64_t)(uintptr_t)length);
	return c->proto_error;
}

static TEE_Result tcp_ioctl(TEE_iSocketHandle ctx, uint32_t commandCode, void *buf,
			    uint32_t *length)
{
	return sock_ioctl(TEE_ISOCKET_PROTOCOLID_TCP, ctx, commandCode, buf, length);
}

static TEE_Result udp_ioctl(TEE_iSocketHandle ctx, uint32_t commandCode, void *buf,
			    uint32_t *length)
{
	return sock_ioctl(TEE_ISOCKET_PROTOCOLID_UDP, ctx, commandCode, buf, length);
}

static const struct TEE_iSocket_s tcp = {
    .TEE_iSocketVersion = TEE_ISOCKET_VERSION,
    .protocolID = TEE_ISOCKET_PROTOCOLID_TCP,
    .open = tcp_open,
    .close = sock_close,
    .send = sock_send,
    .recv = sock_recv,
    .error = sock_error,
    .ioctl = tcp_ioctl,
};
static const struct TEE_iSocket_s udp = {
    .TEE_iSocketVersion = TEE_ISOCKET_VERSION,
    .protocolID = TEE_ISOCKET_PROTOCOLID_UDP,
    .open = udp_open,
    .close = sock_close,
    .send = sock_send,
    .recv = sock_recv,
    .error = sock_error,
    .ioctl = udp_ioctl,
};

TEE_iSocket *const TEE_tcpSocket = &tcp;
TEE_iSocket *const TEE_udpSocket = &udp;
