/*
 * The check behind every pointer a TA passes to a syscall (tee/uta.c): which
 * kernel pointer a TA range is, if any. Pure logic, so that it builds on the
 * host (tests/fuzz/fuzz_storage.c drives it with the storage syscalls).
 */
#include "tee.h"

void *uta_va_ptr(const struct uta_image *img, const struct ta_param *params, uint64_t va,
		 uint64_t len, bool write, bool *shared)
{
	if (shared)
		*shared = false;
	for (unsigned i = 0; i < img->nsegs; i++) {
		const struct uta_seg *s = &img->seg[i];
		if (va >= s->va && va - s->va <= s->size && len <= s->size - (va - s->va)) {
			if (write && !s->write)
				return NULL;
			return s->mem + (va - s->va);
		}
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
			if (shared)
				*shared = true;
			return (uint8_t *)p->u.memref.buf + (va - base);
		}
	}
	return NULL;
}
