/*
 * The check behind every pointer a TA passes to a syscall (tee/uta.c): which
 * kernel pointer a TA range is, if any. Pure logic, so that it builds on the
 * host (tests/fuzz/fuzz_storage.c drives it with the storage syscalls).
 */
#include "tee.h"

void *uta_va_ptr(const struct uta_image *img, const struct ta_param *params, uint64_t va,
		 uint64_t len, bool write, const struct ta_param **memref)
{
	if (memref)
		*memref = NULL;
	for (unsigned i = 0; i < img->nsegs; i++) {
		const struct uta_seg *s = &img->seg[i];
		if (va < s->va || va - s->va > s->size)
			continue;
		/* a segment's end is the next one's start when they touch (a library's) */
		if (va - s->va == s->size && len && i + 1 < img->nsegs && img->seg[i + 1].va == va)
			continue;
		if (write && !s->write)
			return NULL;
		/*
		 * A range may run on into the segments right above (the stack into the
		 * data, tee/ta_check.c) when they follow in the TA's VA and in the
		 * kernel's pages alike.
		 */
		uint64_t room = s->size - (va - s->va);
		for (unsigned j = i + 1; len > room && j < img->nsegs; j++) {
			const struct uta_seg *lo = &img->seg[j - 1], *hi = &img->seg[j];
			if (hi->va != lo->va + lo->size || hi->mem != lo->mem + lo->size ||
			    (write && !hi->write))
				break;
			room += hi->size;
		}
		return len <= room ? s->mem + (va - s->va) : NULL;
	}
	for (unsigned i = 0; params && i < TEE_TA_PARAMS; i++) {
		const struct ta_param *p = &params[i];
		uint64_t base = UTA_MEMREF_VA + i * UTA_MEMREF_STRIDE;
		if (!TA_PARAM_IS_MEMREF(p->type) || !p->u.memref.buf)
			continue;
		uint64_t size = p->u.memref.size;
		if (va >= base && va - base <= size && len <= size - (va - base)) {
			if (write && p->type == TA_PARAM_MEMREF_INPUT)
				return NULL;
			if (memref)
				*memref = p;
			return (uint8_t *)p->u.memref.buf + (va - base);
		}
	}
	return NULL;
}
