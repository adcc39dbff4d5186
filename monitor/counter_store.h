/*
 * Persistent monotonic counters, kept as a log in two flash erase blocks
 * (docs/keys.md "Rollback counters"). A counter id is a VM id (that VM's
 * storage rollback counter) or a TA version id (flash.c: the highest version
 * of a TA a VM's instance accepted). Plain logic over a flash
 * device interface, so the host unit tests run it on a simulated flash that
 * can lose power after any operation.
 */
#ifndef MONITOR_COUNTER_STORE_H
#define MONITOR_COUNTER_STORE_H

#include <stdint.h>

/* Offsets from the start of the flash; words are 32-bit, 4-byte aligned. */
struct flash_dev {
	uint32_t (*read)(void *ctx, uint32_t off);
	/* Programs an erased word (only 1 -> 0 bits change on real flash); 0 or -1. */
	int (*program)(void *ctx, uint32_t off, uint32_t value);
	/* Erases the block at off to all ones; 0 or -1. */
	int (*erase)(void *ctx, uint32_t off);
	void *ctx;
};

#define COUNTER_MAX_IDS 136 /* 8 VMs' storage counters and 128 TA versions */
#define COUNTER_HDR_MAGIC 0x43525a54u /* "TZRC" in memory */
#define COUNTER_FORMAT 1u
#define COUNTER_RECORD 16u /* bytes: vm id, value low, value high, check */

enum {
	COUNTER_OK = 0,
	COUNTER_LOWER = -1,	   /* the new value is below the stored one */
	COUNTER_FLASH_FAILED = -2, /* program or erase failed, or read back wrong */
	COUNTER_NO_ROOM = -3,	   /* more counter ids than COUNTER_MAX_IDS */
	COUNTER_BAD_ARG = -4,
};

struct counter_store {
	const struct flash_dev *dev;
	uint32_t block[2];
	uint32_t block_size;
	int active;    /* block holding the newest log, -1 when none yet */
	uint32_t seq;  /* its generation */
	uint32_t next; /* offset of the next free record in it */
	unsigned count;
	struct {
		uint32_t counter_id;
		uint64_t value;
	} entries[COUNTER_MAX_IDS];
};

/* Scans both blocks: the valid one with the higher generation holds the values. */
void counter_store_open(struct counter_store *cs, const struct flash_dev *dev, uint32_t block_a,
			uint32_t block_b, uint32_t block_size);
/* The value of counter_id's counter (0 if it was never advanced). */
uint64_t counter_store_get(const struct counter_store *cs, uint32_t counter_id);
/* Sets counter_id's counter to value if value >= the stored one; COUNTER_* result. */
int counter_store_advance(struct counter_store *cs, uint32_t counter_id, uint64_t value);

#endif
