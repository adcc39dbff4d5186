/* The socket example TA: UUID and commands, shared with its client (guests/linux/ta-socket.c). */
#ifndef TA_SOCKET_EXAMPLE_H
#define TA_SOCKET_EXAMPLE_H

/* 0151ec76-c843-443e-97d7-fe221e7b9384 */
#define TA_SOCKET_UUID                                                                             \
	{                                                                                          \
		0x0151ec76, 0xc843, 0x443e,                                                        \
		{                                                                                  \
			0x97, 0xd7, 0xfe, 0x22, 0x1e, 0x7b, 0x93, 0x84                             \
		}                                                                                  \
	}

/*
 * params[0] VALUE_INPUT .a = port of an echo server on 127.0.0.1, .b = 0 TCP, 1 UDP;
 * params[1] MEMREF_INPUT: what to send; params[2] MEMREF_OUTPUT: what came back
 * (as many bytes as were sent); params[3] VALUE_OUTPUT .a = TEE_iSocket error() after it.
 */
#define TA_SOCKET_CMD_ECHO 0
/*
 * params[0] VALUE_INPUT .a = port of a TCP server on 127.0.0.1 that sends nothing;
 * params[1] VALUE_OUTPUT .a = the result of a recv with a 100 ms timeout,
 * .b = the result of TEE_UDP_CHANGEPORT on a UDP socket (ioctl), then of close.
 */
#define TA_SOCKET_CMD_TIMEOUT 1
/*
 * params[0] VALUE_INPUT .a = port of a TCP server on 127.0.0.1; the socket stays open in
 * this instance; params[1] VALUE_OUTPUT .a = the kernel's handle of it (SOCKET syscall).
 */
#define TA_SOCKET_CMD_KEEP 2
/*
 * Attacks through the raw SOCKET syscall: params[0] VALUE_INPUT .a = a handle (another
 * instance's), .b = 0: SEND on it (params[1] VALUE_OUTPUT .a = the result),
 * .b = 1: SEND of a buffer outside the TA's memory on the handle kept by CMD_KEEP
 * (the kernel ends the TA), .b = 2: OPEN with an address that has no NUL.
 */
#define TA_SOCKET_CMD_ATTACK 3

#endif
