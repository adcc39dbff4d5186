/* Address checks, normal-world buffers and page-list walking (tee/nwmem.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <abi/tee_client.h>
#include "fake_nw.h"

static int setup(void **state)
{
	(void)state;
	fake_ram_setup();
	return 0;
}

static void test_range_basic(void **state)
{
	(void)state;
	assert_true(nw_range_ok(FAKE_BASE, 1));
	assert_true(nw_range_ok(FAKE_BASE, FAKE_SIZE));
	assert_false(nw_range_ok(FAKE_BASE, FAKE_SIZE + 1));
	assert_false(nw_range_ok(FAKE_BASE - 1, 1));
	assert_false(nw_range_ok(FAKE_BASE - 1, 2)); /* straddles the start */
	/* ends exactly at RAM end / one byte past */
	assert_true(nw_range_ok(FAKE_BASE + FAKE_SIZE - 32, 32));
	assert_false(nw_range_ok(FAKE_BASE + FAKE_SIZE - 32, 33));
	assert_false(nw_range_ok(FAKE_BASE + FAKE_SIZE, 1));
	/* empty ranges: allowed up to and including the end */
	assert_true(nw_range_ok(FAKE_BASE + FAKE_SIZE, 0));
	assert_false(nw_range_ok(FAKE_BASE + FAKE_SIZE + 1, 0));
	assert_false(nw_range_ok(0, 0));
	/* huge lengths must not wrap into the range */
	assert_false(nw_range_ok(FAKE_BASE + 16, UINT64_MAX));
	assert_false(nw_range_ok(FAKE_BASE + 16, UINT64_MAX - 15));
	assert_false(nw_range_ok(UINT64_MAX, 2));
}

static void test_range_top_of_address_space(void **state)
{
	(void)state;
	/* a range ending at 2^64 cannot be represented: rejected */
	assert_false(nw_set_range(0xffffffffffff0000ull, 0x10000));
	assert_false(nw_set_range(FAKE_BASE, 0));
	/* the previous range stays in force */
	assert_true(nw_range_ok(FAKE_BASE, 8));

	assert_true(nw_set_range(0xffffffffffff0000ull, 0xffff));
	assert_true(nw_range_ok(0xffffffffffff0000ull, 0xffff));
	assert_false(nw_range_ok(0xffffffffffff0000ull, 0x10000));
	assert_false(nw_range_ok(0xfffffffffffff000ull, 0x2000)); /* pa + len wraps */
	assert_false(nw_range_ok(0xffffffffffff0100ull, UINT64_MAX));
	assert_false(nw_range_ok(0x10, 0x100)); /* wrapped-around address */
	fake_ram_setup();
}

static void test_read_write_reject(void **state)
{
	(void)state;
	uint8_t buf[16];
	memset(buf, 0x11, sizeof(buf));
	assert_int_equal(nw_read(FAKE_BASE + FAKE_SIZE - 8, buf, 16), -1);
	for (unsigned i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0x11); /* nothing read */
	assert_int_equal(nw_write(FAKE_BASE + FAKE_SIZE - 8, buf, 16), -1);
	assert_int_equal(((uint8_t *)pa_ptr(FAKE_BASE + FAKE_SIZE - 8))[0], 0xa5); /* nothing written */
	assert_int_equal(nw_write(FAKE_BASE + FAKE_SIZE - 16, buf, 16), 0);
	assert_int_equal(((uint8_t *)pa_ptr(FAKE_BASE + FAKE_SIZE - 1))[0], 0x11);
}

#define LIST0 (FAKE_BASE + 0x1000)
#define LIST1 (FAKE_BASE + 0x2000)

/* data pages placed backwards from the top so they are not contiguous */
static uint64_t data_page(unsigned i)
{
	return FAKE_BASE + FAKE_SIZE - (uint64_t)(i + 1) * 4096;
}

static void build_list(unsigned npages)
{
	uint64_t list = LIST0;
	for (unsigned i = 0; i < npages; i++) {
		unsigned slot = i % 511;
		if (i && slot == 0) {
			uint64_t next = list == LIST0 ? LIST1 : LIST1 + 0x1000;
			put64(list + 511 * 8, next);
			list = next;
		}
		put64(list + slot * 8, data_page(i));
	}
}

static void test_pagelist_simple(void **state)
{
	(void)state;
	uint64_t pages[8];
	struct nwbuf b;
	build_list(3);
	/* 0x100 bytes into the first page, spanning 3 pages */
	assert_int_equal(nw_pagelist_load(LIST0 | 0x100, 2 * 4096, pages, 8, &b), TEEC_SUCCESS);
	assert_int_equal(b.npages, 3);
	assert_int_equal(b.first_off, 0x100);
	assert_int_equal(b.size, 2 * 4096);
	assert_int_equal(pages[0], data_page(0));
	assert_int_equal(pages[2], data_page(2));

	/* exactly two pages with offset 0: the third entry is never read */
	put64(LIST0 + 2 * 8, 0xdead000);
	assert_int_equal(nw_pagelist_load(LIST0, 2 * 4096, pages, 8, &b), TEEC_SUCCESS);
	assert_int_equal(b.npages, 2);
	/* one byte more needs the bad third entry */
	assert_int_equal(nw_pagelist_load(LIST0, 2 * 4096 + 1, pages, 8, &b),
			 TEEC_ERROR_BAD_PARAMETERS);
}

static void test_pagelist_bad_entries(void **state)
{
	(void)state;
	uint64_t pages[8];
	struct nwbuf b;

	build_list(2);
	put64(LIST0 + 8, data_page(1) + 8); /* unaligned page */
	assert_int_equal(nw_pagelist_load(LIST0, 8192, pages, 8, &b), TEEC_ERROR_BAD_PARAMETERS);
	put64(LIST0 + 8, FAKE_BASE + FAKE_SIZE); /* first page past the end */
	assert_int_equal(nw_pagelist_load(LIST0, 8192, pages, 8, &b), TEEC_ERROR_BAD_PARAMETERS);
	put64(LIST0 + 8, FAKE_BASE - 4096); /* below the start */
	assert_int_equal(nw_pagelist_load(LIST0, 8192, pages, 8, &b), TEEC_ERROR_BAD_PARAMETERS);
	put64(LIST0 + 8, 0xfffffffffffff000ull); /* wraps */
	assert_int_equal(nw_pagelist_load(LIST0, 8192, pages, 8, &b), TEEC_ERROR_BAD_PARAMETERS);
	put64(LIST0 + 8, FAKE_BASE + FAKE_SIZE - 4096); /* last page: fine */
	assert_int_equal(nw_pagelist_load(LIST0, 8192, pages, 8, &b), TEEC_SUCCESS);

	/* the list page itself outside the VM */
	assert_int_equal(nw_pagelist_load(FAKE_BASE + FAKE_SIZE, 4096, pages, 8, &b),
			 TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(nw_pagelist_load(0x1000, 4096, pages, 8, &b), TEEC_ERROR_BAD_PARAMETERS);
	/* size 0, size bigger than the VM, more pages than allowed */
	assert_int_equal(nw_pagelist_load(LIST0, 0, pages, 8, &b), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(nw_pagelist_load(LIST0, FAKE_SIZE + 1, pages, 8, &b),
			 TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(nw_pagelist_load(LIST0, UINT64_MAX, pages, 8, &b),
			 TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(nw_pagelist_load(LIST0, 8 * 4096 + 1, pages, 8, &b),
			 TEEC_ERROR_OUT_OF_MEMORY);
	assert_int_equal(nw_pagelist_load(LIST0 | 1, 8 * 4096, pages, 8, &b),
			 TEEC_ERROR_OUT_OF_MEMORY);
}

static void test_pagelist_chained(void **state)
{
	(void)state;
	static uint64_t pages[600];
	struct nwbuf b;

	build_list(520); /* needs a second list page */
	assert_int_equal(nw_pagelist_load(LIST0, 520 * 4096, pages, 600, &b), TEEC_SUCCESS);
	assert_int_equal(b.npages, 520);
	assert_int_equal(pages[510], data_page(510));
	assert_int_equal(pages[511], data_page(511));
	assert_int_equal(pages[519], data_page(519));

	/* next pointer outside the VM, unaligned, or zero */
	put64(LIST0 + 511 * 8, FAKE_BASE + FAKE_SIZE);
	assert_int_equal(nw_pagelist_load(LIST0, 520 * 4096, pages, 600, &b),
			 TEEC_ERROR_BAD_PARAMETERS);
	put64(LIST0 + 511 * 8, LIST1 + 8);
	assert_int_equal(nw_pagelist_load(LIST0, 520 * 4096, pages, 600, &b),
			 TEEC_ERROR_BAD_PARAMETERS);
	put64(LIST0 + 511 * 8, 0);
	assert_int_equal(nw_pagelist_load(LIST0, 520 * 4096, pages, 600, &b),
			 TEEC_ERROR_BAD_PARAMETERS);
	/* ...but 511 pages never look at the next pointer */
	assert_int_equal(nw_pagelist_load(LIST0, 511 * 4096, pages, 600, &b), TEEC_SUCCESS);
	/* a list that points to itself ends at the page count */
	put64(LIST0 + 511 * 8, LIST0);
	assert_int_equal(nw_pagelist_load(LIST0, 520 * 4096, pages, 600, &b), TEEC_SUCCESS);
	assert_int_equal(pages[511], data_page(0));
}

static void test_nwbuf_pages(void **state)
{
	(void)state;
	uint64_t pages[8];
	struct nwbuf b, sub;
	uint8_t in[9000], out[9000];

	build_list(4);
	assert_int_equal(nw_pagelist_load(LIST0 | 0xff0, 9000, pages, 8, &b), TEEC_SUCCESS);
	assert_int_equal(b.npages, 4); /* 0xff0 + 9000 bytes touch 4 pages */
	for (unsigned i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7 + 3);
	assert_int_equal(nwbuf_write(&b, 0, in, sizeof(in)), 0);
	/* byte 0 at page0+0xff0, byte 16 at page1+0 */
	assert_int_equal(*(uint8_t *)pa_ptr(data_page(0) + 0xff0), in[0]);
	assert_int_equal(*(uint8_t *)pa_ptr(data_page(1)), in[16]);
	assert_int_equal(*(uint8_t *)pa_ptr(data_page(2)), in[16 + 4096]);
	memset(out, 0, sizeof(out));
	assert_int_equal(nwbuf_read(&b, 0, out, sizeof(out)), 0);
	assert_memory_equal(in, out, sizeof(in));

	/* bounds */
	assert_int_equal(nwbuf_read(&b, 1, out, sizeof(out)), -1);
	assert_int_equal(nwbuf_read(&b, 9000, out, 0), 0);
	assert_int_equal(nwbuf_read(&b, 9001, out, 0), -1);
	assert_int_equal(nwbuf_read(&b, UINT64_MAX, out, 2), -1);
	assert_false(nwbuf_span_ok(&b, 8000, UINT64_MAX - 100));

	/* sub-views */
	assert_true(nwbuf_span_ok(&b, 5000, 100));
	nwbuf_sub(&b, 5000, 100, &sub);
	memset(out, 0, sizeof(out));
	assert_int_equal(nwbuf_read(&sub, 0, out, 100), 0);
	assert_memory_equal(in + 5000, out, 100);
	assert_int_equal(nwbuf_read(&sub, 0, out, 101), -1);
}

static void test_nwbuf_contig(void **state)
{
	(void)state;
	struct nwbuf b = { .size = 64, .pa = FAKE_BASE + FAKE_SIZE - 64 };
	uint8_t out[64];
	assert_int_equal(nwbuf_read(&b, 0, out, 64), 0);
	assert_int_equal(nwbuf_read(&b, 1, out, 64), -1);
	/* a buffer whose size claims more than the RAM holds is still caught */
	b.size = 128;
	assert_int_equal(nwbuf_read(&b, 0, out, 65), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_range_basic, setup),
		cmocka_unit_test_setup(test_range_top_of_address_space, setup),
		cmocka_unit_test_setup(test_read_write_reject, setup),
		cmocka_unit_test_setup(test_pagelist_simple, setup),
		cmocka_unit_test_setup(test_pagelist_bad_entries, setup),
		cmocka_unit_test_setup(test_pagelist_chained, setup),
		cmocka_unit_test_setup(test_nwbuf_pages, setup),
		cmocka_unit_test_setup(test_nwbuf_contig, setup),
	};
	return cmocka_run_group_tests_name("nwmem", tests, NULL, NULL);
}
