/* Fake normal-world RAM for the host tests: PA FAKE_BASE.. maps to fake_ram. */
#ifndef TESTS_UNIT_FAKE_NW_H
#define TESTS_UNIT_FAKE_NW_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tee.h"

#define FAKE_BASE 0x40000000ull
#define FAKE_SIZE 0x00400000ull /* 4 MiB */

static uint8_t *fake_ram;

static inline void fake_ram_setup(void)
{
	if (!fake_ram)
		fake_ram = aligned_alloc(4096, FAKE_SIZE);
	memset(fake_ram, 0xa5, FAKE_SIZE);
	nw_set_range(FAKE_BASE, FAKE_SIZE);
	nw_host_bias = (uintptr_t)fake_ram - (uintptr_t)FAKE_BASE;
}

static inline void *pa_ptr(uint64_t pa)
{
	return fake_ram + (pa - FAKE_BASE);
}

static inline void put64(uint64_t pa, uint64_t v)
{
	memcpy(pa_ptr(pa), &v, 8);
}
#endif
