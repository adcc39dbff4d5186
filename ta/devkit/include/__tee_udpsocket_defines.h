/* GP TEE Sockets API, UDP: protocol id, warning, ioctl commands (see __tee_isocket_defines.h).
 * tzvisor dev kit. */
#ifndef TZV___TEE_UDPSOCKET_DEFINES_H
#define TZV___TEE_UDPSOCKET_DEFINES_H

#define TEE_ISOCKET_PROTOCOLID_UDP 0x66
#define TEE_ISOCKET_UDP_WARNING_UNKNOWN_OUT_OF_BAND 0xF1020002
#define TEE_UDP_CHANGEADDR 0x66000001
#define TEE_UDP_CHANGEPORT 0x66000002

#endif
