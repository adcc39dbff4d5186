/* GP TEE Sockets API, TCP: protocol id and warning (see __tee_isocket_defines.h). tzvisor dev kit.
 */
#ifndef TZV___TEE_TCPSOCKET_DEFINES_H
#define TZV___TEE_TCPSOCKET_DEFINES_H

#define TEE_ISOCKET_PROTOCOLID_TCP 0x65
#define TEE_ISOCKET_TCP_WARNING_UNKNOWN_OUT_OF_BAND 0xF1010002

#endif
