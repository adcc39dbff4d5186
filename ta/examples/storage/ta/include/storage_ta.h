/* The storage example TA (ta/examples/storage): commands and parameters. */
#ifndef STORAGE_TA_H
#define STORAGE_TA_H

/* d2b9b0f4-3c1e-4a57-9d6b-8e2f1a7c5b30 */
#define TA_STORAGE_UUID                                                                            \
	{                                                                                          \
		0xd2b9b0f4, 0x3c1e, 0x4a57,                                                        \
		{                                                                                  \
			0x9d, 0x6b, 0x8e, 0x2f, 0x1a, 0x7c, 0x5b, 0x30                             \
		}                                                                                  \
	}
/* The same code under another UUID (ta/examples/storage2): another TA's objects. */
/* 5e4a7c19-8b2d-4f06-a3e1-7c9d0b2f4e68 */
#define TA_STORAGE2_UUID                                                                           \
	{                                                                                          \
		0x5e4a7c19, 0x8b2d, 0x4f06,                                                        \
		{                                                                                  \
			0xa3, 0xe1, 0x7c, 0x9d, 0x0b, 0x2f, 0x4e, 0x68                             \
		}                                                                                  \
	}

/* params[0] memref in: object id; params[1] memref in: data. Creates or overwrites. */
#define TA_STORAGE_CMD_PUT 0
/* params[0] memref in: id; params[1] memref out: the data (SHORT_BUFFER + size). */
#define TA_STORAGE_CMD_GET 1
/* params[0] memref in: id. */
#define TA_STORAGE_CMD_DEL 2
/*
 * params[0] memref out: the ids, each followed by '\n'; params[1] value out: a = objects,
 * b = files that failed their checks (skipped).
 */
#define TA_STORAGE_CMD_LIST 3
/*
 * params[0] value out: a = the first check that failed (0: all passed), b = the
 * result it got; params[1] value out: a = checks passed. Every GP storage
 * function, the sharing rules, seeks and limits, a persistent AES key.
 */
#define TA_STORAGE_CMD_SELFTEST 4
/*
 * params[0] memref in: id; params[1] value in: a = n, b = size. Writes
 * pattern n (size bytes: n as 4 bytes, then (n * 31 + i) & 0xff) over the
 * object in one TEE_WriteObjectData (creates it the first time).
 */
#define TA_STORAGE_CMD_PUT_PATTERN 5
/* params[0] memref in: id; params[1] value out: a = n of the pattern found (~0: none), b = size. */
#define TA_STORAGE_CMD_CHECK_PATTERN 6
/*
 * params[0] memref in: id. Opens the object naming the id where it lies, in the client's
 * shared memory (what GP forbids; the attack test of tests/system/storage.sh): the TEE ends
 * the TA instance (TEE_ERROR_TARGET_DEAD).
 */
#define TA_STORAGE_CMD_OPEN_CLIENT_ID 7

#endif
