/*
 * GP TEE Sockets API instances without a transport (tee-supplicant's socket
 * RPC is not used yet): opening a socket answers TEE_ERROR_NOT_SUPPORTED, and
 * so does every operation on the handle it never gives.
 */
#include <tee_internal_api.h>
#include <tee_tcpsocket.h>
#include <tee_udpsocket.h>

static TEE_Result sock_open(TEE_iSocketHandle *ctx, void *setup, uint32_t *protocolError)
{
	(void)setup;
	if (ctx)
		*ctx = NULL;
	if (protocolError)
		*protocolError = 0;
	return TEE_ERROR_NOT_SUPPORTED;
}

static TEE_Result sock_close(TEE_iSocketHandle ctx)
{
	(void)ctx;
	return TEE_ERROR_NOT_SUPPORTED;
}

static TEE_Result sock_send(TEE_iSocketHandle ctx, const void *buf, uint32_t *length,
			    uint32_t timeout)
{
	(void)ctx;
	(void)buf;
	(void)length;
	(void)timeout;
	return TEE_ERROR_NOT_SUPPORTED;
}

static TEE_Result sock_recv(TEE_iSocketHandle ctx, void *buf, uint32_t *length, uint32_t timeout)
{
	(void)ctx;
	(void)buf;
	(void)length;
	(void)timeout;
	return TEE_ERROR_NOT_SUPPORTED;
}

static uint32_t sock_error(TEE_iSocketHandle ctx)
{
	(void)ctx;
	return 0;
}

static TEE_Result sock_ioctl(TEE_iSocketHandle ctx, uint32_t commandCode, void *buf,
			     uint32_t *length)
{
	(void)ctx;
	(void)commandCode;
	(void)buf;
	(void)length;
	return TEE_ERROR_NOT_SUPPORTED;
}

static const struct TEE_iSocket_s tcp = {
    .TEE_iSocketVersion = TEE_ISOCKET_VERSION,
    .protocolID = TEE_ISOCKET_PROTOCOLID_TCP,
    .open = sock_open,
    .close = sock_close,
    .send = sock_send,
    .recv = sock_recv,
    .error = sock_error,
    .ioctl = sock_ioctl,
};
static const struct TEE_iSocket_s udp = {
    .TEE_iSocketVersion = TEE_ISOCKET_VERSION,
    .protocolID = TEE_ISOCKET_PROTOCOLID_UDP,
    .open = sock_open,
    .close = sock_close,
    .send = sock_send,
    .recv = sock_recv,
    .error = sock_error,
    .ioctl = sock_ioctl,
};

TEE_iSocket *const TEE_tcpSocket = &tcp;
TEE_iSocket *const TEE_udpSocket = &udp;
