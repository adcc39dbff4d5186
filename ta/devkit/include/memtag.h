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

/* OP-TEE's values with tagging off */
#define MEMTAG_IS_ENABLED 0
#define MEMTAG_TAG_WIDTH 0
#define MEMTAG_GRANULE_SIZE 1
#define MEMTAG_GRANULE_MASK (MEMTAG_GRANULE_SIZE - 1)

static inline uintptr_t memtag_strip_tag_vaddr(const void *addr)
{
	return (uintptr_t)addr;
}

static inline const void *memtag_strip_tag_const(const void *addr)
{
	return addr;
}

static inline uintptr_t memtag_insert_tag_vaddr(uintptr_t addr, uint8_t tag)
{
	(void)tag;
	return addr;
}

static inline void memtag_assert_tag(const void *addr)
{
	(void)addr;
}

static inline uint8_t memtag_read_tag(const void *addr)
{
	(void)addr;
	return 0;
}

static inline void *memtag_set_random_tags(void *addr, size_t size)
{
	(void)size;
	return addr;
}

static inline void memtag_clear_mem(void *addr, size_t size)
{
	unsigned char *p = addr;
	for (size_t i = 0; i < size; i++)
		p[i] = 0;
}

#endif
