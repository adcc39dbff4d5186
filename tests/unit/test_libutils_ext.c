/*
 * The OP-TEE libutils pieces the dev kit offers TAs (ta/lib/libc_ext.c and the
 * dev kit's config.h, bitstring.h, string_ext.h, printk.h, stdint.h, assert.h,
 * sys/queue.h) on the host: the semantics OP-TEE's PKCS#11 TA relies on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <assert.h>
#include <bitstring.h>
#include <config.h>
#include <printk.h>
#include <string_ext.h>
#include <sys/queue.h>
#include <types_ext.h>

#define CFG_ON 1
#define CFG_OFF 0
#define CFG_TEXT y

static void test_is_enabled(void **state)
{
	(void)state;
	assert_int_equal(IS_ENABLED(CFG_ON), 1);
	assert_int_equal(IS_ENABLED(CFG_OFF), 0);
	assert_int_equal(IS_ENABLED(CFG_TEXT), 0);
	assert_int_equal(IS_ENABLED(CFG_NOT_DEFINED_ANYWHERE), 0);
	/* usable in #if as in C */
#if IS_ENABLED(CFG_ON) && !IS_ENABLED(CFG_OFF)
	int in_if = 1;
#else
	int in_if = 0;
#endif
	assert_int_equal(in_if, 1);
}

static void test_suffix_macros(void **state)
{
	(void)state;
	assert_int_equal(sizeof(U(3)), sizeof(unsigned int));
	assert_int_equal(sizeof(UL(3)), sizeof(unsigned long));
	assert_int_equal(sizeof(ULL(3)), sizeof(unsigned long long));
	assert_true(U(0) - 1 > 0); /* unsigned */
	assert_int_equal(sizeof(vaddr_t), sizeof(void *));
	COMPILE_TIME_ASSERT(sizeof(paddr_t) == sizeof(uintptr_t));
}

static void test_bitstring(void **state)
{
	bitstr_t bit_decl(bits, 20) = {0};
	int at = 99;

	(void)state;
	assert_int_equal(sizeof(bits), 3);
	assert_int_equal(bitstr_size(1), 1);
	assert_int_equal(bitstr_size(8), 1);
	assert_int_equal(bitstr_size(9), 2);
	bit_ffs(bits, 20, &at);
	assert_int_equal(at, -1);
	bit_set(bits, 9);
	assert_int_equal(bits[1], 0x02); /* bit 9: byte 1, mask 1 << 1 */
	assert_true(bit_test(bits, 9));
	assert_false(bit_test(bits, 8));
	bit_ffs(bits, 20, &at);
	assert_int_equal(at, 9);
	bit_ffs_from(bits, 20, 10, &at);
	assert_int_equal(at, -1);
	bit_nset(bits, 0, 12);
	bit_ffc(bits, 20, &at);
	assert_int_equal(at, 13);
	bit_nset(bits, 13, 19);
	bit_ffc(bits, 20, &at);
	assert_int_equal(at, -1); /* bits 20..23 of the last byte are beyond nbits */
	bit_clear(bits, 4);
	bit_nclear(bits, 16, 19);
	bit_ffc(bits, 20, &at);
	assert_int_equal(at, 4);
	bit_ffs_from(bits, 20, 15, &at);
	assert_int_equal(at, 15);
	assert_int_equal(bits[2], 0x00);
}

static void test_strlcpy_strlcat(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(strlcpy(buf, "abc", sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(strlcpy(buf, "0123456789", sizeof(buf)), 10);
	assert_string_equal(buf, "0123456");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(strlcpy(buf, "abc", 0), 3);
	assert_int_equal(buf[0], 'x'); /* size 0: nothing written */
	strlcpy(buf, "ab", sizeof(buf));
	assert_int_equal(strlcat(buf, "cd", sizeof(buf)), 4);
	assert_string_equal(buf, "abcd");
	assert_int_equal(strlcat(buf, "efghij", sizeof(buf)), 10);
	assert_string_equal(buf, "abcdefg");
	/* no terminator within size: size + strlen(src), nothing written */
	memset(buf, 'y', sizeof(buf));
	assert_int_equal(strlcat(buf, "zz", 4), 6);
	assert_int_equal(buf[4], 'y');
}

static void test_compare_and_zero(void **state)
{
	uint8_t a[33], b[33];

	(void)state;
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = b[i] = (uint8_t)(i * 3);
	assert_int_equal(consttime_memcmp(a, b, sizeof(a)), 0);
	assert_int_equal(buf_compare_ct(a, b, 0), 0);
	b[32] ^= 0x80;
	assert_int_not_equal(consttime_memcmp(a, b, sizeof(a)), 0);
	assert_int_not_equal(buf_compare_ct(a, b, sizeof(a)), 0);
	assert_int_equal(buf_compare_ct(a, b, 32), 0);
	memzero_explicit(a, sizeof(a));
	for (size_t i = 0; i < sizeof(a); i++)
		assert_int_equal(a[i], 0);
}

static void test_snprintk(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(snprintk(buf, sizeof(buf), "slot %u: %s", 3u, "tok"), 11);
	assert_string_equal(buf, "slot 3: tok");
	assert_int_equal(snprintk(buf, 6, "%08x", 0x1234u), 8);
	assert_string_equal(buf, "00001");
}

struct item {
	int v;
	TAILQ_ENTRY(item) link;
	LIST_ENTRY(item) llink;
};
TAILQ_HEAD(item_tq, item);
LIST_HEAD(item_list, item);

static void test_foreach_safe(void **state)
{
	struct item_tq tq = TAILQ_HEAD_INITIALIZER(tq);
	struct item_list l = LIST_HEAD_INITIALIZER(l);
	struct item *it, *next;
	int sum = 0;

	(void)state;
	for (int i = 1; i <= 4; i++) {
		it = calloc(1, sizeof(*it));
		assert_non_null(it);
		it->v = i;
		TAILQ_INSERT_TAIL(&tq, it, link);
		LIST_INSERT_HEAD(&l, it, llink);
	}
	/* remove every even element from the list while walking it */
	LIST_FOREACH_SAFE(it, &l, llink, next)
	{
		if (!(it->v % 2))
			LIST_REMOVE(it, llink);
	}
	LIST_FOREACH(it, &l, llink)
	sum += it->v;
	assert_int_equal(sum, 1 + 3);
	/* free every element while walking the tail queue */
	sum = 0;
	TAILQ_FOREACH_SAFE(it, &tq, link, next)
	{
		sum += it->v;
		TAILQ_REMOVE(&tq, it, link);
		free(it);
	}
	assert_int_equal(sum, 10);
	assert_true(TAILQ_EMPTY(&tq));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_is_enabled),	     cmocka_unit_test(test_suffix_macros),
	    cmocka_unit_test(test_bitstring),	     cmocka_unit_test(test_strlcpy_strlcat),
	    cmocka_unit_test(test_compare_and_zero), cmocka_unit_test(test_snprintk),
	    cmocka_unit_test(test_foreach_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
