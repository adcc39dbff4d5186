/*
 * Access to the calling VM's normal-world memory. Every address that comes
 * from the normal world is checked here against the VM's static RAM range
 * before it is dereferenced; the arithmetic never overflows.
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include "tee.h"

uint64_t nw_ram_base;
uint64_t nw_ram_size;
uintptr_t nw_host_bias;

bool nw_set_range(uint64_t base, uint64_t size)
{
	if (size == 0 || base + size < base)
		return false;
	nw_ram_base = base;
	nw_ram_size = size;
	return true;
}

/* [pa, pa+len) inside [base, base+size); len == 0 asks for pa <= base+size. */
bool nw_range_ok(uint64_t pa, uint64_t len)
{
	if (nw_ram_size == 0 || pa < nw_ram_base)
		return false;
	uint64_t off = pa - nw_ram_base;
	if (off > nw_ram_size)
		return false;
	return len <= nw_ram_size - off;
}

static void *nw_ptr(uint64_t pa)
{
	return (void *)(uintptr_t)(pa + nw_host_bias);
}

int nw_read(uint64_t pa, void *dst, uint64_t len)
{
	if (!nw_range_ok(pa, len))
		return -1;
	if (len)
		memcpy(dst, nw_ptr(pa), (size_t)len);
	return 0;
}

int nw_write(uint64_t pa, const void *src, uint64_t len)
{
	if (!nw_range_ok(pa, len))
		return -1;
	if (len)
		memcpy(nw_ptr(pa), src, (size_t)len);
	return 0;
}

bool nwbuf_span_ok(const struct nwbuf *b, uint64_t off, uint64_t len)
{
	return off <= b->size && len <= b->size - off;
}

void nwbuf_sub(const struct nwbuf *b, uint64_t off, uint64_t len, struct nwbuf *out)
{
	*out = *b;
	out->size = len;
	if (!b->pages) {
		out->pa = b->pa + off;
		return;
	}
	uint64_t pos = b->first_off + off;
	out->pages = b->pages + pos / TEE_NC_PAGE;
	out->first_off = (uint32_t)(pos % TEE_NC_PAGE);
	uint64_t left = b->npages - pos / TEE_NC_PAGE;
	out->npages = (uint32_t)left;
	/* within one page (a message in the driver's argument page): contiguous, the fast path */
	if (left && out->first_off + len <= TEE_NC_PAGE) {
		out->pa = out->pages[0] + out->first_off;
		out->pages = NULL;
		out->npages = 0;
		out->first_off = 0;
	}
}

/* Copies between private memory and the buffer, page by page. */
static int nwbuf_xfer(const struct nwbuf *b, uint64_t off, void *priv, uint64_t len, bool to_nw)
{
	if (!nwbuf_span_ok(b, off, len))
		return -1;
	if (!b->pages)
		return to_nw ? nw_write(b->pa + off, priv, len) : nw_read(b->pa + off, priv, len);

	uint8_t *p = priv;
	uint64_t pos = b->first_off + off;
	/* check every page first so a failure leaves nothing half copied */
	for (uint64_t done = 0, at = pos; done < len;) {
		uint64_t idx = at / TEE_NC_PAGE, in = at % TEE_NC_PAGE;
		uint64_t chunk = TEE_NC_PAGE - in;
		if (chunk > len - done)
			chunk = len - done;
		if (idx >= b->npages || !nw_range_ok(b->pages[idx] + in, chunk))
			return -1;
		done += chunk;
		at += chunk;
	}
	while (len) {
		uint64_t idx = pos / TEE_NC_PAGE, in = pos % TEE_NC_PAGE;
		uint64_t chunk = TEE_NC_PAGE - in;
		if (chunk > len)
			chunk = len;
		int r = to_nw ? nw_write(b->pages[idx] + in, p, chunk)
			      : nw_read(b->pages[idx] + in, p, chunk);
		if (r)
			return -1;
		p += chunk;
		pos += chunk;
		len -= chunk;
	}
	return 0;
}

int nwbuf_read(const struct nwbuf *b, uint64_t off, void *dst, uint64_t len)
{
	return nwbuf_xfer(b, off, dst, len, false);
}

int nwbuf_write(const struct nwbuf *b, uint64_t off, const void *src, uint64_t len)
{
	return nwbuf_xfer(b, off, (void *)src, len, true);
}

static bool page_ok(uint64_t pa)
{
	return (pa % TEE_NC_PAGE) == 0 && nw_range_ok(pa, TEE_NC_PAGE);
}

uint32_t nw_pagelist_load(uint64_t buf_ptr, uint64_t size, uint64_t *pages,
			  uint32_t max_pages, struct nwbuf *out)
{
	uint64_t first_off = buf_ptr % TEE_NC_PAGE;
	uint64_t list = buf_ptr - first_off;

	if (size > nw_ram_size)
		return TEEC_ERROR_BAD_PARAMETERS;
	/* size <= RAM size, so this cannot overflow */
	uint64_t npages = (first_off + size + TEE_NC_PAGE - 1) / TEE_NC_PAGE;
	if (npages > max_pages)
		return TEEC_ERROR_OUT_OF_MEMORY;
	if (npages == 0)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (!page_ok(list))
		return TEEC_ERROR_BAD_PARAMETERS;

	for (uint64_t i = 0; i < npages; i++) {
		uint64_t slot = i % TEE_NC_LIST_ENTRIES;
		uint64_t entry;
		if (i && slot == 0) {
			uint64_t next;
			if (nw_read(list + TEE_NC_LIST_ENTRIES * 8, &next, 8) || !page_ok(next))
				return TEEC_ERROR_BAD_PARAMETERS;
			list = next;
		}
		if (nw_read(list + slot * 8, &entry, 8) || !page_ok(entry))
			return TEEC_ERROR_BAD_PARAMETERS;
		pages[i] = entry;
	}
	out->size = size;
	out->pa = 0;
	out->pages = pages;
	out->npages = (uint32_t)npages;
	out->first_off = (uint32_t)first_off;
	return TEEC_SUCCESS;
}
