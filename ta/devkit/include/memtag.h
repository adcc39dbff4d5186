/*
 * Arm Memory Tagging helpers as OP-TEE's libutils names them. tzvisor runs
 * TAs without MTE: tagging is never enabled, tags are 0 and addresses are
 * left as they are. tzvisor dev kit.
 */
#ifndef TZV_MEMTAG_H
#define TZV_MEMTAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool memtag_is_enabled(void)
{
	return false;
}

static inline uint8_t memtag_get_tag(const void *addr)
{
	(void)addr;
	return 0;
}

static inline void *memtag_insert_tag(void *addr, uint8_t tag)
{
	(void)tag;
	return addr;
}

static inline void *memtag_strip_tag(void *addr)
{
	return addr;
}

static inline void *memtag_set_tags(void *addr, size_t size, uint8_t tag)
{
	(void)size;
	(void)tag;
	return addr;
}

#endif
