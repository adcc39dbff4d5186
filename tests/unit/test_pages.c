/*
 * The TEE kernel's private page allocator (tee/pages.c) on the host: pool
 * layout, first fit, zeroed pages out, wiped pages back, and every free that
 * names something other than pages in use refused without changing anything.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <tzvisor/platform.h>
#include "tee.h"

uint32_t tee_vm_id = 1;
static unsigned logged;

void tee_log(const char *fmt, ...)
{
	(void)fmt;
	logged++;
}

#define POOL_PAGES 16
static uint8_t *pool; /* POOL_PAGES + 2 pages, page aligned */

static int setup(void **state)
{
	(void)state;
	pool = aligned_alloc(TEE_PAGE, (POOL_PAGES + 2) * TEE_PAGE);
	assert_non_null(pool);
	memset(pool, 0xa5, (POOL_PAGES + 2) * TEE_PAGE);
	/* base one page in: the pages around the pool show any write outside it */
	pages_init((uintptr_t)pool + TEE_PAGE, POOL_PAGES * TEE_PAGE);
	logged = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(pool);
	return 0;
}

static int all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static void test_init_rounds_to_pages(void **state)
{
	(void)state;
	assert_int_equal(pages_total(), POOL_PAGES);
	assert_int_equal(pages_free_count(), POOL_PAGES);
	/* an unaligned base: the pool starts at the next page, whole pages only */
	pages_init((uintptr_t)pool + 100, POOL_PAGES * TEE_PAGE);
	assert_int_equal(pages_total(), POOL_PAGES - 1);
	uint8_t *p = pages_alloc(1);
	assert_ptr_equal(p, pool + TEE_PAGE);
	/* less than a page after the alignment: nothing */
	pages_init((uintptr_t)pool + 100, TEE_PAGE);
	assert_int_equal(pages_total(), 0);
	assert_null(pages_alloc(1));
	/* more than the kernel's private region can hold is capped */
	pages_init((uintptr_t)pool, (uint64_t)TEE_DATA_SIZE_MAX * 4);
	assert_int_equal(pages_total(), TEE_DATA_SIZE_MAX / TEE_PAGE);
}

static void test_alloc_zeroed_first_fit(void **state)
{
	(void)state;
	uint8_t *a = pages_alloc(2), *b = pages_alloc(3), *c = pages_alloc(1);
	assert_ptr_equal(a, pool + TEE_PAGE);
	assert_ptr_equal(b, a + 2 * TEE_PAGE);
	assert_ptr_equal(c, b + 3 * TEE_PAGE);
	assert_true(all_bytes(a, 6 * TEE_PAGE, 0));
	assert_int_equal(pages_free_count(), POOL_PAGES - 6);
	memset(b, 0x77, 3 * TEE_PAGE);
	pages_free(b, 3);
	assert_true(all_bytes(b, 3 * TEE_PAGE, 0)); /* wiped on the way back */
	assert_int_equal(pages_free_count(), POOL_PAGES - 3);
	/* first fit: a 2-page request reuses the hole, a 4-page one goes after c */
	uint8_t *d = pages_alloc(2), *e = pages_alloc(4);
	assert_ptr_equal(d, b);
	assert_ptr_equal(e, c + TEE_PAGE);
	/* the guard pages around the pool were never touched */
	assert_true(all_bytes(pool, TEE_PAGE, 0xa5));
	assert_true(all_bytes(pool + (POOL_PAGES + 1) * TEE_PAGE, TEE_PAGE, 0xa5));
	assert_int_equal(logged, 0);
}

static void test_alloc_limits(void **state)
{
	(void)state;
	assert_null(pages_alloc(0));
	assert_null(pages_alloc(POOL_PAGES + 1));
	uint8_t *all = pages_alloc(POOL_PAGES);
	assert_non_null(all);
	assert_int_equal(pages_free_count(), 0);
	assert_null(pages_alloc(1));
	pages_free(all, POOL_PAGES);
	assert_int_equal(pages_free_count(), POOL_PAGES);
	/* fragmented: enough pages in all, but no run long enough */
	uint8_t *p[POOL_PAGES];
	for (int i = 0; i < POOL_PAGES; i++)
		p[i] = pages_alloc(1);
	for (int i = 0; i < POOL_PAGES; i += 2)
		pages_free(p[i], 1);
	assert_int_equal(pages_free_count(), POOL_PAGES / 2);
	assert_null(pages_alloc(2));
	assert_non_null(pages_alloc(1));
}

/* Each bad free is refused and logged; the pool and every page in use stay as they were. */
static void test_bad_frees_change_nothing(void **state)
{
	(void)state;
	uint8_t *a = pages_alloc(2);
	uint8_t *b = pages_alloc(2);
	memset(a, 0x11, 2 * TEE_PAGE);
	memset(b, 0x22, 2 * TEE_PAGE);
	unsigned free_before = pages_free_count();
	struct {
		void *p;
		unsigned n;
	} bad[] = {
	    {pool, 1},				     /* below the pool */
	    {pool + (POOL_PAGES + 1) * TEE_PAGE, 1}, /* above it */
	    {a + 8, 1},				     /* not page aligned */
	    {b, POOL_PAGES},			     /* runs past the end */
	    {b + 2 * TEE_PAGE, 1},		     /* a page not in use */
	    {b, 3},				     /* one page too many */
	    {b + TEE_PAGE, 2},			     /* half in use */
	    {(void *)(uintptr_t)-TEE_PAGE, 4},	     /* wraps around */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned l = logged;
		pages_free(bad[i].p, bad[i].n);
		assert_int_equal(logged, l + 1);
		assert_int_equal(pages_free_count(), free_before);
		assert_true(all_bytes(a, 2 * TEE_PAGE, 0x11));
		assert_true(all_bytes(b, 2 * TEE_PAGE, 0x22));
	}
	/* NULL or zero pages: nothing to do, nothing said */
	unsigned l = logged;
	pages_free(NULL, 3);
	pages_free(a, 0);
	assert_int_equal(logged, l);
	assert_true(all_bytes(a, 2 * TEE_PAGE, 0x11));
	/* a double free is the second kind: the pages may be someone else's by then */
	pages_free(a, 2);
	uint8_t *c = pages_alloc(2);
	assert_ptr_equal(c, a);
	memset(c, 0x33, 2 * TEE_PAGE);
	pages_free(c + 0, 1);
	pages_free(c + TEE_PAGE, 1);
	pages_free(c, 2); /* both already free: refused */
	assert_int_equal(pages_free_count(), free_before + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_init_rounds_to_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_alloc_zeroed_first_fit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_alloc_limits, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_frees_change_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
