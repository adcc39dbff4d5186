/*
 * GP TEE Sockets API, TCP: OP-TEE's ioctl commands beyond the specification
 * (values as OP-TEE has them): the socket's receive and send buffer sizes
 * (an int, as Linux's SO_RCVBUF / SO_SNDBUF take it). tzvisor dev kit.
 */
#ifndef TZV___TEE_TCPSOCKET_DEFINES_EXTENSIONS_H
#define TZV___TEE_TCPSOCKET_DEFINES_EXTENSIONS_H

#define TEE_TCP_SET_RECVBUF 0x65f00000
#define TEE_TCP_SET_SENDBUF 0x65f00001

#endif
