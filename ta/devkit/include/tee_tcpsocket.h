/* GP TEE Sockets API: the TCP instance and its setup (see tee_isocket.h). tzvisor dev kit. */
#ifndef TZV_TEE_TCPSOCKET_H
#define TZV_TEE_TCPSOCKET_H

#include <tee_isocket.h>
#include <__tee_ipsocket.h>
#include <__tee_tcpsocket_defines.h>

typedef struct TEE_tcpSocket_Setup_s {
	TEE_ipSocket_ipVersion ipVersion;
	char *server_addr;
	uint16_t server_port;
} TEE_tcpSocket_Setup;

extern TEE_iSocket *const TEE_tcpSocket;

#endif
