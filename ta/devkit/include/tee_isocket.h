/*
 * GlobalPlatform TEE Sockets API: the iSocket interface (specification v1.0
 * layout). tzvisor offers the TCP and UDP instances (tee_tcpsocket.h,
 * tee_udpsocket.h), served by tee-supplicant's sockets in the normal world
 * (ta/README.md, "GP sockets"). tzvisor dev kit.
 */
#ifndef TZV_TEE_ISOCKET_H
#define TZV_TEE_ISOCKET_H

#include <stdint.h>
#include <tee_api_types.h>
#include <__tee_isocket_defines.h>

typedef void *TEE_iSocketHandle;

typedef const struct TEE_iSocket_s {
	uint32_t TEE_iSocketVersion;
	uint8_t protocolID;
	TEE_Result (*open)(TEE_iSocketHandle *ctx, void *setup, uint32_t *protocolError);
	TEE_Result (*close)(TEE_iSocketHandle ctx);
	TEE_Result (*send)(TEE_iSocketHandle ctx, const void *buf, uint32_t *length,
			   uint32_t timeout);
	TEE_Result (*recv)(TEE_iSocketHandle ctx, void *buf, uint32_t *length, uint32_t timeout);
	uint32_t (*error)(TEE_iSocketHandle ctx);
	TEE_Result (*ioctl)(TEE_iSocketHandle ctx, uint32_t commandCode, void *buf,
			    uint32_t *length);
} TEE_iSocket;

#endif
