/*
 * OP-TEE's statistics pseudo TA: its UUID, command ids and result layouts
 * (OP-TEE 4.1.0), for `xtest --stats`. tzvisor has no such TA: opening it
 * answers TEEC_ERROR_ITEM_NOT_FOUND.
 */
#ifndef PTA_STATS_H
#define PTA_STATS_H

#include <stdint.h>
#include <tee_api_types.h>

#define STATS_UUID                                                                                 \
	{                                                                                          \
		0xd96a5b40, 0xe2c7, 0xb1af,                                                        \
		{                                                                                  \
			0x87, 0x94, 0x10, 0x02, 0xa5, 0xd5, 0xc6, 0x1b                             \
		}                                                                                  \
	}

#define STATS_CMD_PAGER_STATS 0
#define STATS_CMD_ALLOC_STATS 1
#define STATS_CMD_MEMLEAK_STATS 2
#define STATS_CMD_TA_STATS 3
#define STATS_CMD_GET_TIME 4
#define STATS_CMD_PRINT_DRIVER_INFO 5

#define ALLOC_ID_ALL 0
#define ALLOC_ID_HEAP 1
#define ALLOC_ID_PUBLIC_DDR 2
#define ALLOC_ID_TA_RAM 3
#define ALLOC_ID_NEXUS_HEAP 4
#define STATS_NB_POOLS 5

#define STATS_DRIVER_TYPE_CLOCK 0
#define STATS_DRIVER_TYPE_REGULATOR 1

#define TEE_ALLOCATOR_DESC_LENGTH 32

struct pta_stats_alloc {
	char desc[TEE_ALLOCATOR_DESC_LENGTH];
	uint32_t allocated;
	uint32_t max_allocated;
	uint32_t size;
	uint32_t num_alloc_fail;
	uint32_t biggest_alloc_fail;
	uint32_t biggest_alloc_fail_used;
};

struct pta_stats_ta {
	TEE_UUID uuid;
	uint32_t panicked;
	uint32_t sess_num;
	struct pta_stats_alloc heap;
};

#endif
