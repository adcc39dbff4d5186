/*
 * Shared TA libraries (TZV_TA_SYS_MAP_LIB): the kernel's part is fetching,
 * checking and mapping only. The library's signed file comes from tee-supplicant
 * through the TA-load RPC (tee/ta_load.c: OPTEE_RPC_CMD_LOAD_TA, by the library's
 * UUID, as OP-TEE's ldelf asks for it), passes every check a TA passes (OP-TEE's
 * signed header with the image type of a TA, as OP-TEE signs libraries too; hash,
 * signature, subkeys, rollback counter of its UUID) and the library's ELF checks
 * (tee/ta_check.c). Its segments are then mapped at a VA the kernel picks above
 * everything the instance has mapped, after an unmapped guard page, and appended
 * to the instance's image: they are charged to the instance, freed with it, reach
 * the syscalls' pointer checks and OP-TEE's attestation hash of the TA's
 * read-only memory (tee/pta_optee_attest.c). Relocation happens at S-EL0
 * (ta/lib/dl_load.c). A refused library changes nothing.
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "storage.h"
#include "tee.h"
#include "uta_call.h"
#include "uta_lib.h"

/* The kernel's own mappings share the TA's lower VA space (tee/ta_check.c). */
#define LIB_VA_LIMIT 0x0e000000ul

/* One log line about library lib of TA ta: what, then the value a unless what ends in '.' */
static void log_lib(const uint8_t ta[16], const uint8_t lib[16], const char *what,
		    unsigned long long a)
{
	size_t n = strlen(what);
	if (n && what[n - 1] == '.')
		tee_log("TA %02x%02x%02x%02x: library %02x%02x%02x%02x: %s", ta[0], ta[1], ta[2],
			ta[3], lib[0], lib[1], lib[2], lib[3], what);
	else
		tee_log("TA %02x%02x%02x%02x: library %02x%02x%02x%02x: %s 0x%llx", ta[0], ta[1],
			ta[2], ta[3], lib[0], lib[1], lib[2], lib[3], what, a);
}

/* Code written through the kernel's map reaches the instruction side at EL0. */
static void sync_code(const uint8_t *p, uint64_t size)
{
	uint64_t ctr;
	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	uint64_t line = 4ull << ((ctr >> 16) & 0xf);
	for (uint64_t o = 0; o < size; o += line)
		__asm__ volatile("dc cvau, %0" ::"r"(p + o) : "memory");
	__asm__ volatile("dsb ish\n\tic ialluis\n\tdsb ish\n\tisb" ::: "memory");
}

uint32_t uta_lib_map(struct uta *u, uint64_t uuid_va, uint64_t base_va)
{
	const uint8_t *uuid_p = uta_user_ptr(uuid_va, 16, false);
	uint64_t *base_out = base_va % 8 ? NULL : uta_user_ptr(base_va, 8, true);
	if (!uuid_p || !base_out)
		uta_kill_current("MAP_LIB: bad pointer", uuid_va, base_va);
	struct uta_image *img = uta_image_rw(u);
	const uint8_t *ta = img->uuid;
	uint8_t uuid[16];
	memcpy(uuid, uuid_p, 16);

	for (unsigned i = 0; i < img->nlibs; i++)
		if (!memcmp(img->lib[i].uuid, uuid, 16)) {
			*base_out = img->lib[i].base; /* already mapped */
			return TEEC_SUCCESS;
		}
	if (!memcmp(uuid, ta, 16)) {
		log_lib(ta, uuid, "refused: the TA itself.", 0);
		return TEEC_ERROR_BAD_FORMAT;
	}
	if (img->nlibs == TZV_TA_MAX_LIBS) {
		log_lib(ta, uuid, "refused: libraries mapped already:", TZV_TA_MAX_LIBS);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}

	uint8_t *file;
	uint64_t size;
	unsigned npages;
	uint32_t r = uta_fetch(uuid, &file, &size, &npages);
	if (r != TEEC_SUCCESS) {
		log_lib(ta, uuid, "not loaded, fetching it answered", r);
		return r;
	}
	static struct uta_image lib; /* one call at a time: the TEE thread runs it */
	r = uta_lib_verify_and_load(file, size, uuid, &lib);
	pages_free(file, npages);
	if (r != TEEC_SUCCESS) {
		log_lib(ta, uuid, "refused, checks answered", r);
		return r;
	}
	/* rollback: each subkey it was signed through, then its own UUID's counter */
	r = uta_versions_check(&lib, uuid, true);

	/* the base: a guard page above everything mapped so far */
	uint64_t base = 0,
		 span = lib.nsegs ? lib.seg[lib.nsegs - 1].va + lib.seg[lib.nsegs - 1].size : 0;
	for (unsigned i = 0; i < img->nsegs; i++)
		if (img->seg[i].va + img->seg[i].size > base)
			base = img->seg[i].va + img->seg[i].size;
	base += TEE_PAGE;
	if (r == TEEC_SUCCESS && (base > LIB_VA_LIMIT || span > LIB_VA_LIMIT - base ||
				  img->nsegs + lib.nsegs > UTA_MAX_SEGS)) {
		log_lib(ta, uuid, "refused: no room in the TA's address space for bytes", span);
		r = TEEC_ERROR_OUT_OF_MEMORY;
	}
	unsigned first = img->nsegs;
	for (unsigned i = 0; r == TEEC_SUCCESS && i < lib.nsegs; i++) {
		struct uta_seg *s = &img->seg[img->nsegs];
		*s = lib.seg[i];
		s->va += base;
		img->nsegs++;
		if (uta_map_seg(u, s)) {
			log_lib(ta, uuid, "refused: out of page tables at", s->va);
			r = TEEC_ERROR_OUT_OF_MEMORY;
		} else if (s->exec) {
			sync_code(s->mem, s->size);
		}
	}
	if (r != TEEC_SUCCESS) {
		/* nothing of it stays: mappings, pages, segments */
		while (img->nsegs > first) {
			struct uta_seg *s = &img->seg[--img->nsegs];
			uta_unmap_seg(u, s);
			memset(s, 0, sizeof(*s));
		}
		for (unsigned i = 0; i < lib.nsegs; i++)
			pages_free(lib.seg[i].mem, lib.seg[i].npages);
		memset(&lib, 0, sizeof(lib));
		return r;
	}
	memcpy(img->lib[img->nlibs].uuid, uuid, 16);
	img->lib[img->nlibs++].base = base;
	log_lib(ta, uuid, "mapped at", base);
	memset(&lib, 0, sizeof(lib));
	*base_out = base;
	return TEEC_SUCCESS;
}
