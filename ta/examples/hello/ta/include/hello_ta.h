/* The hello example TA: its UUID and commands, shared with the client (guests/linux). */
#ifndef TA_HELLO_H
#define TA_HELLO_H

/* 9c3f5e1a-7b2d-4e8f-a1c6-3d5b7e9f0a24 */
#define TA_HELLO_UUID \
	{ 0x9c3f5e1a, 0x7b2d, 0x4e8f, { 0xa1, 0xc6, 0x3d, 0x5b, 0x7e, 0x9f, 0x0a, 0x24 } }

/* params[0] VALUE_INOUT: .a += 1 (the client's counter) */
#define TA_HELLO_CMD_INC_VALUE 0
/* params[0] VALUE_INOUT: .a -= 1 */
#define TA_HELLO_CMD_DEC_VALUE 1
/* params[0] VALUE_OUTPUT: .a = this session's invocation count, .b = the instance's */
#define TA_HELLO_CMD_COUNT     2

#endif
