/*
 * monitor/counter_store.c on a simulated NOR flash: programming only clears
 * bits (like real flash; QEMU's pflash would overwrite), erase sets a block to
 * ones, and the power can fail after any number of word operations, leaving
 * the operation in progress undone or (erase) half done.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "../../monitor/counter_store.h"

#define BLOCK 0x1000u /* small blocks: compaction after 255 records */
#define A 0x2000u
#define B 0x3000u
#define FLASH_SIZE 0x4000u

static uint32_t flash[FLASH_SIZE / 4];
static long ops_left; /* -1: no power cut */
static int power_lost;
static unsigned erases;

static uint32_t f_read(void *ctx, uint32_t off)
{
	(void)ctx;
	return flash[off / 4];
}

static int spend(void)
{
	if (power_lost)
		return -1;
	if (ops_left == 0) {
		power_lost = 1;
		return -1;
	}
	if (ops_left > 0)
		ops_left--;
	return 0;
}

static int f_program(void *ctx, uint32_t off, uint32_t value)
{
	(void)ctx;
	if (spend())
		return -1;
	flash[off / 4] &= value;
	return 0;
}

static int f_erase(void *ctx, uint32_t off)
{
	(void)ctx;
	if (power_lost)
		return -1;
	if (ops_left == 0) {
		/* cut mid-erase: the first half erased, the rest as it was */
		memset(&flash[off / 4], 0xff, BLOCK / 2);
		power_lost = 1;
		return -1;
	}
	if (ops_left > 0)
		ops_left--;
	memset(&flash[off / 4], 0xff, BLOCK);
	erases++;
	return 0;
}

static const struct flash_dev dev = {f_read, f_program, f_erase, NULL};

static void reset_flash(void)
{
	memset(flash, 0xff, sizeof(flash));
	ops_left = -1;
	power_lost = 0;
	erases = 0;
}

static void reboot(struct counter_store *cs)
{
	ops_left = -1;
	power_lost = 0;
	counter_store_open(cs, &dev, A, B, BLOCK);
}

static void test_empty_flash_reads_zero(void **state)
{
	(void)state;
	struct counter_store cs;
	reset_flash();
	reboot(&cs);
	assert_int_equal(cs.active, -1);
	assert_int_equal(counter_store_get(&cs, 1), 0);
	assert_int_equal(counter_store_advance(&cs, 1, 0), COUNTER_OK);
	assert_int_equal(erases, 0); /* nothing to write */
}

static void test_values_persist_per_vm(void **state)
{
	(void)state;
	struct counter_store cs;
	reset_flash();
	reboot(&cs);
	assert_int_equal(counter_store_advance(&cs, 1, 5), COUNTER_OK);
	assert_int_equal(counter_store_advance(&cs, 2, 0x100000007ull), COUNTER_OK);
	assert_int_equal(counter_store_advance(&cs, 1, 6), COUNTER_OK);
	reboot(&cs);
	assert_int_equal(counter_store_get(&cs, 1), 6);
	assert_int_equal(counter_store_get(&cs, 2), 0x100000007ull);
	assert_int_equal(counter_store_get(&cs, 3), 0);
}

static void test_lower_value_refused(void **state)
{
	(void)state;
	struct counter_store cs;
	reset_flash();
	reboot(&cs);
	assert_int_equal(counter_store_advance(&cs, 1, 10), COUNTER_OK);
	assert_int_equal(counter_store_advance(&cs, 1, 9), COUNTER_LOWER);
	assert_int_equal(counter_store_advance(&cs, 1, 10), COUNTER_OK);
	reboot(&cs);
	assert_int_equal(counter_store_get(&cs, 1), 10);
	assert_int_equal(counter_store_advance(&cs, 0xffffffffu, 1), COUNTER_BAD_ARG);
}

static void test_compaction_keeps_every_vm(void **state)
{
	(void)state;
	struct counter_store cs;
	reset_flash();
	reboot(&cs);
	assert_int_equal(counter_store_advance(&cs, 7, 1000), COUNTER_OK);
	for (uint64_t v = 1; v <= 1000; v++)
		assert_int_equal(counter_store_advance(&cs, 1, v), COUNTER_OK);
	assert_true(erases >= 4); /* 255 records a block: several compactions */
	reboot(&cs);
	assert_int_equal(counter_store_get(&cs, 1), 1000);
	assert_int_equal(counter_store_get(&cs, 7), 1000);
}

static void test_too_many_vms(void **state)
{
	(void)state;
	struct counter_store cs;
	reset_flash();
	reboot(&cs);
	for (uint32_t vm = 1; vm <= COUNTER_MAX_IDS; vm++)
		assert_int_equal(counter_store_advance(&cs, vm, vm), COUNTER_OK);
	assert_int_equal(counter_store_advance(&cs, 1000, 1), COUNTER_NO_ROOM);
	reboot(&cs);
	for (uint32_t vm = 1; vm <= COUNTER_MAX_IDS; vm++)
		assert_int_equal(counter_store_get(&cs, vm), vm);
}

/*
 * A power cut after every possible number of flash operations during a run
 * of advances that crosses two compactions: after the restart the counter is
 * the last value whose advance returned OK or the one being written, never
 * less, and the store keeps working.
 */
static void test_power_cut_anywhere(void **state)
{
	(void)state;
	struct counter_store cs;
	const uint64_t target = 600;
	for (long cut = 0; cut < 3000; cut += 1) {
		reset_flash();
		reboot(&cs);
		assert_int_equal(counter_store_advance(&cs, 2, 77), COUNTER_OK);
		ops_left = cut;
		uint64_t committed = 0;
		for (uint64_t v = 1; v <= target; v++) {
			if (counter_store_advance(&cs, 1, v) != COUNTER_OK)
				break;
			committed = v;
		}
		reboot(&cs);
		uint64_t got = counter_store_get(&cs, 1);
		if (got != committed && got != committed + 1)
			fail_msg("cut after %ld operations: committed %llu, read %llu", cut,
				 (unsigned long long)committed, (unsigned long long)got);
		assert_int_equal(counter_store_get(&cs, 2), 77);
		assert_int_equal(counter_store_advance(&cs, 1, got + 1), COUNTER_OK);
		reboot(&cs);
		assert_int_equal(counter_store_get(&cs, 1), got + 1);
	}
}

/* A failing flash (read-only, worn out) is reported and the old value stays. */
static void test_flash_failure_reported(void **state)
{
	(void)state;
	struct counter_store cs;
	reset_flash();
	reboot(&cs);
	assert_int_equal(counter_store_advance(&cs, 1, 3), COUNTER_OK);
	power_lost = 1; /* every operation fails from now on */
	assert_int_equal(counter_store_advance(&cs, 1, 4), COUNTER_FLASH_FAILED);
	assert_int_equal(counter_store_get(&cs, 1), 3);
	reboot(&cs);
	assert_int_equal(counter_store_get(&cs, 1), 3);
}

/* Garbage in a record slot (not written by the store) is not taken as a value. */
static void test_garbage_record_ignored(void **state)
{
	(void)state;
	struct counter_store cs;
	reset_flash();
	reboot(&cs);
	assert_int_equal(counter_store_advance(&cs, 1, 3), COUNTER_OK);
	uint32_t slot = (cs.block[cs.active] + cs.next) / 4;
	flash[slot] = 1;
	flash[slot + 1] = 0xffff;
	flash[slot + 2] = 0;
	flash[slot + 3] = 0x1234;
	reboot(&cs);
	assert_int_equal(counter_store_get(&cs, 1), 3);
	assert_int_equal(counter_store_advance(&cs, 1, 4), COUNTER_OK);
	reboot(&cs);
	assert_int_equal(counter_store_get(&cs, 1), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_flash_reads_zero),
	    cmocka_unit_test(test_values_persist_per_vm),
	    cmocka_unit_test(test_lower_value_refused),
	    cmocka_unit_test(test_compaction_keeps_every_vm),
	    cmocka_unit_test(test_too_many_vms),
	    cmocka_unit_test(test_power_cut_anywhere),
	    cmocka_unit_test(test_flash_failure_reported),
	    cmocka_unit_test(test_garbage_record_ignored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
