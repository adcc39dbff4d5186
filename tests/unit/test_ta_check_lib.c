/*
 * The kernel's checks of a shared TA library's signed file (tee/ta_check.c,
 * uta_lib_verify_and_load), on a small synthetic library laid out as the dev
 * kit links one (headers R, code RX, data RW starting inside a page): the good
 * one and every hostile form, each refused with its log line and no page kept.
 * Signature stand-in and SHA-256: tests/unit/ta_check_host.c, shared with test_ta_check.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <abi/elf64.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "ta_check_host.h"

/* ---- a synthetic library ---- */

#define ELF_SIZE 0x1200
#define POOL_PAGES 16

static const uint8_t uuid[16] = {0x2c, 0x6e, 0x8a, 0x1f, 0x3b, 0x5d, 0x4e, 0x7a,
				 0x8c, 0x9d, 0x0f, 0x1e, 0x2a, 0x3b, 0x4c, 0x5d};
/* R at 0 (ELF and program headers), RX at 0x1000, RW at 0x2010 (inside its page). */
static void build_elf(void)
{
	memset(elf, 0, sizeof(elf));
	elf_size = ELF_SIZE;
	memcpy(eh()->ident, "\177ELF\2\1\1", 7);
	eh()->type = 3;
	eh()->machine = ELF_EM_AARCH64;
	eh()->version = 1;
	eh()->phoff = 64;
	eh()->ehsize = 64;
	eh()->phentsize = 56;
	eh()->phnum = 3;
	*ph(0) = (struct elf64_phdr){1, ELF_PF_R, 0, 0, 0, 0x200, 0x200, 0x1000};
	*ph(1) = (struct elf64_phdr){
	    1, ELF_PF_R | ELF_PF_X, 0x1000, 0x1000, 0x1000, 0x100, 0x100, 0x1000};
	*ph(2) = (struct elf64_phdr){
	    1, ELF_PF_R | ELF_PF_W, 0x1100, 0x2010, 0x2010, 0x20, 0x100, 0x1000};
	memset(elf + 0x1000, 0xc3, 0x100); /* "code" */
	memset(elf + 0x1100, 0xd4, 0x20);  /* initialised data */
}

static uint32_t check(void)
{
	last_log[0] = '\0';
	return uta_lib_verify_and_load(file, file_size, uuid, &img);
}

/* Refused with `want` and the log line `why`; no page allocated, no segment. */
static void refused(uint32_t want, const char *why)
{
	expect_refused(check, want, why);
}

/* The ELF changed, signed again, refused for `why`. */
static void elf_refused(const char *why)
{
	sign_as(uuid);
	refused(TEEC_ERROR_BAD_FORMAT, why);
	build_elf();
}

static int setup(void **state)
{
	(void)state;
	pool_init(POOL_PAGES);
	build_elf();
	sign_as(uuid);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pool_free();
	return 0;
}

static void test_good(void **state)
{
	(void)state;
	assert_int_equal(check(), TEEC_SUCCESS);
	assert_int_equal(img.nsegs, 3);
	assert_true(img.seg[0].va == 0 && !img.seg[0].write && !img.seg[0].exec);
	assert_true(img.seg[1].va == 0x1000 && img.seg[1].exec && !img.seg[1].write);
	/* the data segment starts inside its page: the page from its start, zero below */
	assert_true(img.seg[2].va == 0x2000 && img.seg[2].write && !img.seg[2].exec);
	assert_int_equal(img.seg[2].size, TEE_PAGE);
	assert_int_equal(img.seg[2].mem[0x0f], 0);
	assert_int_equal(img.seg[2].mem[0x10], 0xd4);
	assert_int_equal(img.seg[2].mem[0x30], 0);
	assert_memory_equal(img.seg[0].mem, elf, 0x200); /* the headers, for dl_iterate_phdr */
	assert_memory_equal(img.uuid, uuid, 16);
	assert_int_equal(pages_free_count(), POOL_PAGES - 3);
}

/*
 * The segments touch in VA but not in the kernel's pages: a syscall buffer at
 * the first byte of one is that segment's (not refused as the end of the one
 * below), and a write does not run from the code into the data.
 */
static void test_adjacent_segments(void **state)
{
	(void)state;
	assert_int_equal(check(), TEEC_SUCCESS);
	assert_ptr_equal(uta_va_ptr(&img, NULL, 0x1000, 0x10, false, NULL), img.seg[1].mem);
	assert_ptr_equal(uta_va_ptr(&img, NULL, 0x2000, 0x10, true, NULL), img.seg[2].mem);
	assert_null(uta_va_ptr(&img, NULL, 0x1000, 0x10, true, NULL)); /* code: read-only */
	assert_null(uta_va_ptr(&img, NULL, 0x1ff0, 0x20, true, NULL)); /* code into data */
	assert_non_null(uta_va_ptr(&img, NULL, 0x1000, 0, false, NULL));
}

static void test_signature_refusals(void **state)
{
	(void)state;
	file[20 + 32 + 256 + 20 + 0x1010] ^= 1; /* a byte of the code after signing */
	refused(TEEC_ERROR_SECURITY, "SHA-256 does not match");
	sign_as((const uint8_t[16]){1});
	refused(TEEC_ERROR_SECURITY, "signed for another UUID");
	memcpy(file, elf, elf_size); /* a bare ELF */
	file_size = elf_size;
	refused(TEEC_ERROR_SECURITY, "unsigned (a bare ELF)");
}

static void test_elf_refusals(void **state)
{
	(void)state;
	eh()->type = 2;
	elf_refused("a TA (ET_EXEC), not a shared library");
	eh()->type = 1;
	elf_refused("not a shared library (ET_DYN)");
	eh()->machine = 62;
	elf_refused("not an AArch64 ELF64");
	eh()->phoff = 0x10000;
	elf_refused("program headers outside the file");
	eh()->phnum = 0;
	elf_refused("program headers outside the file");
	ph(1)->type = ELF_PT_INTERP;
	elf_refused("has an interpreter");
	ph(2)->flags |= ELF_PF_X;
	elf_refused("both writable and executable");
	ph(2)->memsz = TZV_TA_LIB_SPAN_MAX + 1; /* huge */
	elf_refused("larger than a library may span");
	ph(2)->vaddr = TZV_TA_LIB_SPAN_MAX - 0x10; /* ends beyond the span */
	elf_refused("larger than a library may span");
	ph(2)->filesz = 0x200; /* more file bytes than memory */
	elf_refused("larger than a library may span");
	ph(2)->offset = ELF_SIZE - 0x10;
	elf_refused("outside the file");
	ph(1)->vaddr = 0; /* overlapping the headers */
	elf_refused("overlapping");
	ph(2)->vaddr = 0x1080; /* in the code's page */
	elf_refused("sharing a page");
	ph(2)->vaddr = 0x800; /* below the code: out of order */
	elf_refused("not in address order");
	ph(0)->vaddr = 0x1000, ph(1)->vaddr = 0x2000, ph(2)->vaddr = 0x3010;
	elf_refused("first PT_LOAD does not map the file's start at VA 0");
	ph(0)->filesz = ph(0)->memsz = 0x60; /* the headers end at 64 + 3 * 56 */
	elf_refused("program headers not in the first PT_LOAD");
	eh()->phnum = 5;
	for (int i = 3; i < 5; i++)
		*ph(i) = (struct elf64_phdr){1, ELF_PF_R, 0,	0x4000 + 0x1000 * (uint64_t)i,
					     0, 0,	  0x10, 0x1000};
	elf_refused("too many PT_LOAD segments");
}

static void test_out_of_pages(void **state)
{
	(void)state;
	expect_out_of_pages(check, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_good, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_adjacent_segments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_signature_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_out_of_pages, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
