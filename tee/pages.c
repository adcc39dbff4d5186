/*
 * The private pages the kernel image leaves free in its instance's private
 * region: TA images while they are checked, TA segments and their
 * translation tables. First fit over a bitmap; every page handed out is zeroed
 * and every page given back is wiped, so nothing of one TA reaches another. A
 * free that names anything but pages in use changes nothing.
 */
#include <lib/string.h>
#include <tzvisor/platform.h>
#include "tee.h"

#define MAX_PAGES (TEE_DATA_SIZE_MAX / TEE_PAGE)

static uintptr_t pool_base;
static unsigned pool_pages, pool_free;
static uint8_t used[MAX_PAGES];

void pages_init(uintptr_t base, uint64_t size)
{
	uintptr_t start = (base + TEE_PAGE - 1) & ~(TEE_PAGE - 1);
	uint64_t n = size > start - base ? (size - (start - base)) / TEE_PAGE : 0;
	if (n > MAX_PAGES)
		n = MAX_PAGES;
	pool_base = start;
	pool_pages = pool_free = (unsigned)n;
	memset(used, 0, sizeof(used));
}

void *pages_alloc(unsigned n)
{
	if (n == 0 || n > pool_free)
		return NULL;
	for (unsigned i = 0, run = 0; i < pool_pages; i++) {
		run = used[i] ? 0 : run + 1;
		if (run == n) {
			unsigned first = i + 1 - n;
			memset(used + first, 1, n);
			pool_free -= n;
			void *p = (void *)(pool_base + (uintptr_t)first * TEE_PAGE);
			memset(p, 0, (size_t)n * TEE_PAGE);
			return p;
		}
	}
	return NULL;
}

void pages_free(void *p, unsigned n)
{
	uintptr_t a = (uintptr_t)p;
	if (!p || n == 0)
		return;
	if (a < pool_base || (a - pool_base) % TEE_PAGE ||
	    (a - pool_base) / TEE_PAGE + (uint64_t)n > pool_pages) {
		tee_log("pages: free of %u pages at 0x%llx outside the pool: ignored", n,
			(unsigned long long)a);
		return;
	}
	unsigned first = (unsigned)((a - pool_base) / TEE_PAGE);
	/* a page not in use may already belong to someone else: wipe nothing */
	for (unsigned i = first; i < first + n; i++) {
		if (!used[i]) {
			tee_log("pages: free of %u pages at 0x%llx: page %u not in use: ignored", n,
				(unsigned long long)a, i - first);
			return;
		}
	}
	memset(p, 0, (size_t)n * TEE_PAGE);
	memset(used + first, 0, n);
	pool_free += n;
}

unsigned pages_free_count(void)
{
	return pool_free;
}

unsigned pages_total(void)
{
	return pool_pages;
}
