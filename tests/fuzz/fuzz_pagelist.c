/*
 * libFuzzer harness: normal-world memory access (tee/nwmem.c) on its own:
 * the VM's RAM range (any base and size, including ones that end at 2^64),
 * OPTEE_MSG_ATTR_NONCONTIG page lists as the normal world writes them
 * (chained list pages, any entries), and reads, writes and sub-views of the
 * buffer a list describes. The fake RAM is exactly the VM's RAM: an access
 * outside it is an AddressSanitizer report.
 *
 * Checked: nw_range_ok never accepts a range outside [base, base+size); a
 * loaded list has only page-aligned pages inside the RAM and as many as its
 * size needs; a buffer access either fails or stays inside the RAM.
 */
#include <stdlib.h>
#include <abi/tee_client.h>
#include "fuzz_input.h"
#include "tee.h"

#define PAGE 4096ull
#define RAM_PAGES 16
#define MAX_LIST_PAGES 1100 /* more than two list pages' worth */

uint32_t tee_vm_id = 1;

void tee_log(const char *fmt, ...)
{
	(void)fmt;
}

static uint8_t *ram;
static uint64_t pages[MAX_LIST_PAGES];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fin in = {data, size};
	uint64_t ram_size = RAM_PAGES * PAGE;
	uint64_t base;

	if (!ram)
		ram = malloc(RAM_PAGES * PAGE);
	/* the RAM's base: usually aligned, sometimes near the top of the address space */
	switch (fin_u8(&in) % 4) {
	case 0:
		base = 0x40000000ull;
		break;
	case 1:
		base = 0ull - ram_size; /* ends exactly at 2^64 */
		break;
	case 2:
		base = fin_u64(&in) & ~(PAGE - 1);
		break;
	default:
		base = fin_u64(&in);
		break;
	}
	if (!nw_set_range(base, ram_size)) {
		FUZZ_ASSERT(base + ram_size < base);
		return 0;
	}
	nw_host_bias = (uintptr_t)ram - (uintptr_t)base;
	/* the RAM's contents: the page lists and the data, as the normal world left them */
	memset(ram, 0, ram_size);
	fin_bytes(&in, ram, in.n < ram_size / 2 ? in.n / 2 : ram_size / 2);
	/* slot entries pointing at pages: make some valid-looking ones cheaply */
	unsigned fills = fin_u8(&in) % 64;
	for (unsigned i = 0; i < fills; i++) {
		uint64_t slot = fin_u16(&in) % (ram_size / 8);
		uint64_t v = base + (uint64_t)(fin_u8(&in) % (RAM_PAGES + 2)) * PAGE;
		memcpy(ram + slot * 8, &v, 8);
	}

	/* nw_range_ok: never outside */
	for (int i = 0; i < 4; i++) {
		uint64_t pa =
		    fin_u8(&in) < 0x80 ? base + fin_small(&in, ram_size + 64) : fin_u64(&in);
		uint64_t len = fin_small(&in, ram_size + 64);
		if (nw_range_ok(pa, len))
			FUZZ_ASSERT(pa >= base && pa - base <= ram_size &&
				    len <= ram_size - (pa - base));
	}

	uint64_t buf_ptr =
	    fin_u8(&in) < 0xc0 ? base + fin_small(&in, ram_size + PAGE) : fin_u64(&in);
	uint64_t bsize = fin_small(&in, MAX_LIST_PAGES * PAGE);
	uint32_t maxp = fin_u8(&in) < 0xc0 ? MAX_LIST_PAGES : fin_u16(&in) % MAX_LIST_PAGES;
	struct nwbuf b;
	uint32_t r = nw_pagelist_load(buf_ptr, bsize, pages, maxp, &b);
	FUZZ_ASSERT(r == TEEC_SUCCESS || r == TEEC_ERROR_BAD_PARAMETERS ||
		    r == TEEC_ERROR_OUT_OF_MEMORY);
	if (r != TEEC_SUCCESS)
		return 0;
	FUZZ_ASSERT(b.size == bsize && b.first_off == buf_ptr % PAGE && b.npages <= maxp);
	FUZZ_ASSERT(b.npages == (b.first_off + bsize + PAGE - 1) / PAGE);
	for (uint32_t i = 0; i < b.npages; i++)
		FUZZ_ASSERT(pages[i] % PAGE == 0 && nw_range_ok(pages[i], PAGE));

	/* accesses and sub-views of it */
	static uint8_t tmp[MAX_LIST_PAGES * PAGE / 8];
	for (int i = 0; i < 6 && in.n; i++) {
		uint64_t off = fin_small(&in, bsize + 16), len = fin_small(&in, sizeof(tmp));
		if (len > sizeof(tmp))
			len = sizeof(tmp);
		switch (fin_u8(&in) % 3) {
		case 0:
			if (nwbuf_read(&b, off, tmp, len) == 0)
				FUZZ_ASSERT(nwbuf_span_ok(&b, off, len));
			break;
		case 1:
			if (nwbuf_write(&b, off, tmp, len) == 0)
				FUZZ_ASSERT(nwbuf_span_ok(&b, off, len));
			break;
		case 2:
			if (nwbuf_span_ok(&b, off, len)) {
				struct nwbuf sub;
				nwbuf_sub(&b, off, len, &sub);
				FUZZ_ASSERT(sub.size == len);
				b = sub;
				bsize = len;
			}
			break;
		}
	}
	return 0;
}
