/*
 * The TA heap behind TEE_Malloc and the libc shim's malloc: first fit over one
 * region. Every block starts with a 16-byte header (size incl. header, magic);
 * free blocks are kept in address order and merged with their neighbours.
 */
#include "utee.h"

#define ALIGN 16u
#define MAGIC_USED 0x7a7655ed5a11ccedull
#define MAGIC_FREE 0x7a76f4eef4eef4eeull

struct block {
	size_t size;     /* bytes, header included, multiple of ALIGN */
	uint64_t magic;  /* MAGIC_USED or MAGIC_FREE */
};

struct free_block {
	struct block hdr;
	struct free_block *next;
};

_Static_assert(sizeof(struct block) == ALIGN, "block header is one alignment unit");

void tzv_heap_init(struct tzv_heap *h, void *base, size_t size)
{
	uintptr_t b = ((uintptr_t)base + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
	size_t lost = (size_t)(b - (uintptr_t)base);
	h->base = (uint8_t *)b;
	h->size = size > lost ? (size - lost) & ~(size_t)(ALIGN - 1) : 0;
	h->used = 0;
	h->max_used = 0;
	h->free_list = NULL;
	if (h->size >= sizeof(struct free_block)) {
		struct free_block *f = (struct free_block *)h->base;
		f->hdr.size = h->size;
		f->hdr.magic = MAGIC_FREE;
		f->next = NULL;
		h->free_list = f;
	}
}

/* The header of p when p is a block in use of h, else NULL. */
static struct block *used_block(struct tzv_heap *h, const void *p)
{
	uintptr_t a = (uintptr_t)p;
	if (!p || (a & (ALIGN - 1)) || a < (uintptr_t)h->base + sizeof(struct block) ||
	    a >= (uintptr_t)h->base + h->size)
		return NULL;
	struct block *b = (struct block *)(a - sizeof(struct block));
	if (b->magic != MAGIC_USED || b->size < sizeof(struct free_block) ||
	    b->size > (uintptr_t)h->base + h->size - (uintptr_t)b)
		return NULL;
	return b;
}

static size_t block_bytes(size_t size)
{
	if (size > SIZE_MAX - 2 * ALIGN)
		return 0;
	size_t n = (size + sizeof(struct block) + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return n < sizeof(struct free_block) ? sizeof(struct free_block) : n;
}

void *tzv_heap_alloc(struct tzv_heap *h, size_t size)
{
	size_t need = block_bytes(size ? size : 1);
	if (!need)
		return NULL;
	struct free_block **link = (struct free_block **)&h->free_list;
	for (struct free_block *f = *link; f; link = &f->next, f = f->next) {
		if (f->hdr.size < need)
			continue;
		if (f->hdr.size - need >= sizeof(struct free_block)) {
			/* Split: the tail stays free in f's place. */
			struct free_block *rest = (struct free_block *)((uint8_t *)f + need);
			rest->hdr.size = f->hdr.size - need;
			rest->hdr.magic = MAGIC_FREE;
			rest->next = f->next;
			*link = rest;
			f->hdr.size = need;
		} else {
			*link = f->next;
		}
		f->hdr.magic = MAGIC_USED;
		h->used += f->hdr.size;
		if (h->used > h->max_used)
			h->max_used = h->used;
		return (uint8_t *)f + sizeof(struct block);
	}
	return NULL;
}

int tzv_heap_free(struct tzv_heap *h, void *p)
{
	struct block *b = used_block(h, p);
	if (!b)
		return -1;
	struct free_block *f = (struct free_block *)b;
	h->used -= b->size;
	f->hdr.magic = MAGIC_FREE;
	/* Insert in address order, then merge with the next and the previous block. */
	struct free_block *prev = NULL, *cur = h->free_list;
	while (cur && cur < f) {
		prev = cur;
		cur = cur->next;
	}
	f->next = cur;
	if (prev)
		prev->next = f;
	else
		h->free_list = f;
	if (cur && (uint8_t *)f + f->hdr.size == (uint8_t *)cur) {
		f->hdr.size += cur->hdr.size;
		f->next = cur->next;
		cur->hdr.magic = 0;
	}
	if (prev && (uint8_t *)prev + prev->hdr.size == (uint8_t *)f) {
		prev->hdr.size += f->hdr.size;
		prev->next = f->next;
		f->hdr.magic = 0;
	}
	return 0;
}

size_t tzv_heap_block_size(struct tzv_heap *h, const void *p)
{
	struct block *b = used_block(h, p);
	return b ? b->size - sizeof(struct block) : 0;
}

void *tzv_heap_realloc(struct tzv_heap *h, void *p, size_t size, int *bad)
{
	*bad = 0;
	if (!p)
		return tzv_heap_alloc(h, size);
	struct block *b = used_block(h, p);
	if (!b) {
		*bad = 1;
		return NULL;
	}
	size_t have = b->size - sizeof(struct block);
	if (size <= have)
		return p;
	uint8_t *n = tzv_heap_alloc(h, size);
	if (!n)
		return NULL;
	const uint8_t *s = p;
	for (size_t i = 0; i < have; i++)
		n[i] = s[i];
	tzv_heap_free(h, p);
	return n;
}
