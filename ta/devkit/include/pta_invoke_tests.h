/*
 * OP-TEE's invoke-tests pseudo TA: its UUID and command ids (OP-TEE 4.1.0
 * values), for xtest. tzvisor has no such TA: opening it answers
 * TEEC_ERROR_ITEM_NOT_FOUND, which xtest takes as "skip".
 */
#ifndef PTA_INVOKE_TESTS_H
#define PTA_INVOKE_TESTS_H

#define PTA_INVOKE_TESTS_UUID                                                                      \
	{                                                                                          \
		0xd96a5b40, 0xc3e5, 0x21e3,                                                        \
		{                                                                                  \
			0x87, 0x94, 0x10, 0x02, 0xa5, 0xd5, 0xc6, 0x1b                             \
		}                                                                                  \
	}

#define PTA_INVOKE_TESTS_CMD_TRACE 0
#define PTA_INVOKE_TESTS_CMD_PARAMS 1
#define PTA_INVOKE_TESTS_CMD_SELF_TESTS 2
#define PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC 3
#define PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC 4
#define PTA_INVOKE_TESTS_CMD_COPY_SEC_TO_NSEC 5
#define PTA_INVOKE_TESTS_CMD_FS_HTREE 6
#define PTA_INVOKE_TESTS_CMD_MUTEX 7
#define PTA_INVOKE_TESTS_CMD_LOCKDEP 8
#define PTA_INVOKE_TEST_CMD_AES_PERF 9
#define PTA_INVOKE_TESTS_CMD_MEMREF_NULL 10
#define PTA_INVOKE_TESTS_CMD_DT_DRIVER_TESTS 11

#define PTA_MUTEX_TEST_WRITER 0
#define PTA_MUTEX_TEST_READER 1

#define PTA_INVOKE_TESTS_AES_ECB 0
#define PTA_INVOKE_TESTS_AES_CBC 1
#define PTA_INVOKE_TESTS_AES_CTR 2
#define PTA_INVOKE_TESTS_AES_XTS 3
#define PTA_INVOKE_TESTS_AES_GCM 4

#endif
