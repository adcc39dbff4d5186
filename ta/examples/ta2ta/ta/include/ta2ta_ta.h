/*
 * The ta2ta example TA: TA-to-TA sessions and the GP 1.1 API (it is built in
 * the dev kit's GP 1.1 mode). Shared with its client (guests/linux/ta-ta2ta.c).
 * Each command the client calls runs one check and answers TEE_SUCCESS, or an
 * error with params[0].value.a telling which step failed.
 */
#ifndef TA_TA2TA_H
#define TA_TA2TA_H

/* 5a7c2e91-3b4d-4f6a-8e1c-2d9b0a7f6e53 */
#define TA_TA2TA_UUID                                                                              \
	{                                                                                          \
		0x5a7c2e91, 0x3b4d, 0x4f6a,                                                        \
		{                                                                                  \
			0x8e, 0x1c, 0x2d, 0x9b, 0x0a, 0x7f, 0x6e, 0x53                             \
		}                                                                                  \
	}

/* From the client; params[0] VALUE_OUTPUT (.a: failed step, .b: detail) */
#define TA_TA2TA_CMD_CALL_HELLO 0 /* a session to the hello TA: 41 + 1 */
#define TA_TA2TA_CMD_IDENTITY 1	  /* the callee sees TEE_LOGIN_TRUSTED_APP and our UUID */
#define TA_TA2TA_CMD_MEMREF 2	  /* a memref to another TA: data both ways, nothing else seen */
#define TA_TA2TA_CMD_PRIVATE_VA 3 /* the callee reads our secret's VA: its own memory */
#define TA_TA2TA_CMD_GP11 4	  /* GP 1.1 prototypes: properties, storage, keySize */
#define TA_TA2TA_CMD_TIME_PROPS 5 /* TA persistent time, U64 property, property enumerator */
#define TA_TA2TA_CMD_BAD_MEMREF 6 /* a memref outside our memory: the kernel ends us */
#define TA_TA2TA_CMD_NOT_FOUND 7  /* a session to a TA that does not exist */
#define TA_TA2TA_CMD_SYSTEM_PTA 8 /* OP-TEE's system PTA: a TA-unique key, derived twice */

/* From another instance of this TA (the callee side) */
#define TA_TA2TA_CMD_WHO 100 /* [0] VALUE_OUTPUT login, [1] MEMREF_OUTPUT client UUID */
#define TA_TA2TA_CMD_ECHO                                                                          \
	101 /* [0] MEMREF_INOUT reversed, size halved; [1] VALUE_OUTPUT                            \
	     * .a = bytes after the memref that were not zero, .b = its memory: bit 0              \
	     * secure, bit 1 non-secure (TEE_CheckMemoryAccessRights) */
#define TA_TA2TA_CMD_PEEK                                                                          \
	102 /* [0] VALUE_INPUT VA (a low, b high) -> [1] VALUE_OUTPUT .a                           \
	     * = the 32-bit word at that VA in the callee */

#endif
