/*
 * OP-TEE's system pseudo TA: its UUID and command ids (OP-TEE 4.1.0 values).
 * tzvisor's (tee/pta_system.c) serves TAs only and answers
 * PTA_SYSTEM_ADD_RNG_ENTROPY and PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY; every other
 * command answers TEE_ERROR_NOT_SUPPORTED.
 */
#ifndef PTA_SYSTEM_H
#define PTA_SYSTEM_H

#define PTA_SYSTEM_UUID                                                                            \
	{                                                                                          \
		0x3a2f8978, 0x5dc0, 0x11e8,                                                        \
		{                                                                                  \
			0x9c, 0x2d, 0xfa, 0x7a, 0xe0, 0x1b, 0xbe, 0xbc                             \
		}                                                                                  \
	}

#define PTA_SYSTEM_ADD_RNG_ENTROPY 0
#define PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY 1
#define PTA_SYSTEM_MAP_ZI 2
#define PTA_SYSTEM_UNMAP 3
#define PTA_SYSTEM_OPEN_TA_BINARY 4
#define PTA_SYSTEM_CLOSE_TA_BINARY 5
#define PTA_SYSTEM_MAP_TA_BINARY 6
#define PTA_SYSTEM_COPY_FROM_TA_BINARY 7
#define PTA_SYSTEM_SET_PROT 8
#define PTA_SYSTEM_REMAP 9
#define PTA_SYSTEM_DLOPEN 10
#define PTA_SYSTEM_DLSYM 11
#define PTA_SYSTEM_GET_TPM_EVENT_LOG 12
#define PTA_SYSTEM_SUPP_PLUGIN_INVOKE 13

#define PTA_SYSTEM_MAP_FLAG_SHAREABLE (1u << 0)
#define PTA_SYSTEM_MAP_FLAG_WRITEABLE (1u << 1)
#define PTA_SYSTEM_MAP_FLAG_EXECUTABLE (1u << 2)

/* DERIVE_TA_UNIQUE_KEY: [0] MEMREF_INPUT extra data, [1] MEMREF_OUTPUT the key */
#define TA_DERIVED_KEY_MIN_SIZE 16
#define TA_DERIVED_KEY_MAX_SIZE 32
#define TA_DERIVED_EXTRA_DATA_MAX_SIZE 1024

#endif
