/*
 * The checks of a signed TA file, on its private copy (tee/ta_load.c fetches
 * it): OP-TEE's signed header, SHA-256 over header | bootstrap header | ELF,
 * the RSA signature against the key built into this image, the UUID, then the
 * ELF, before a single segment page is allocated. Pure logic apart from the
 * hash and signature (tee/ta_crypto.c), so it builds on the host for the unit
 * tests (tests/unit/test_ta_check.c).
 */
#include <lib/string.h>
#include <abi/elf64.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "tee.h"
#include "ta_crypto.h"

/* The kernel's own mappings share the TA's lower VA space (tee/uta.c). */
#define KERNEL_WINDOW_LO 0x0e000000ul
#define KERNEL_WINDOW_HI 0x10000000ul

static void free_segs(struct uta_image *img)
{
	for (unsigned i = 0; i < img->nsegs; i++)
		pages_free(img->seg[i].mem, img->seg[i].npages);
	img->nsegs = 0;
}

static uint32_t bad_elf(const char *why)
{
	tee_log("load TA: bad ELF: %s", why);
	return TEEC_ERROR_BAD_FORMAT;
}

static uint64_t page_end(const struct elf64_phdr *p)
{
	return (p->vaddr + p->memsz + TEE_PAGE - 1) & ~(TEE_PAGE - 1);
}

/*
 * The layout of include/tzvisor/ta_abi.h, in address order: RX, an unmapped
 * guard page, the stack (RW, nothing from the file), the RW data segment
 * starting right at the stack's (page-rounded) top. So an overflowing stack
 * faults in the guard page, and a read past the stack's top stays in the TA's
 * own data.
 */
static uint32_t check_layout(const struct elf64_phdr ph[UTA_TA_SEGS], unsigned nload)
{
	if (nload != 3)
		return bad_elf("not three PT_LOAD segments (code, stack, data)");
	if (ph[1].vaddr < ph[0].vaddr || ph[2].vaddr < ph[1].vaddr)
		return bad_elf("PT_LOAD segments not in address order (code, stack, data)");
	if (!(ph[1].flags & ELF_PF_W) || ph[1].filesz != 0)
		return bad_elf("second PT_LOAD is not the stack (writable, no file bytes)");
	if (ph[1].vaddr < page_end(&ph[0]) + TEE_PAGE)
		return bad_elf("no unmapped guard page below the stack");
	if (!(ph[2].flags & ELF_PF_W) || ph[2].vaddr != page_end(&ph[1]))
		return bad_elf("the stack's top is not the start of the writable data segment");
	return TEEC_SUCCESS;
}

/* The ELF at elf[0..size): checks, then segments into fresh pages. */
static uint32_t load_elf(const uint8_t *elf, uint64_t size, const uint8_t uuid[16],
			 struct uta_image *img)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph[UTA_TA_SEGS];
	unsigned nload = 0;

	if (size < sizeof(eh))
		return bad_elf("shorter than its header");
	memcpy(&eh, elf, sizeof(eh));
	if (memcmp(eh.ident, "\177ELF", 4) || eh.ident[4] != 2 /* 64-bit */ ||
	    eh.ident[5] != 1 /* little-endian */ || eh.type != 2 /* ET_EXEC */ ||
	    eh.machine != ELF_EM_AARCH64 || eh.phentsize != sizeof(struct elf64_phdr))
		return bad_elf(eh.type == 3 ? "a shared TA library (ET_DYN), not a TA"
					    : "not an AArch64 ELF64 executable");
	if (eh.phoff > size || eh.phnum > (size - eh.phoff) / sizeof(struct elf64_phdr))
		return bad_elf("program headers outside the file");

	for (unsigned i = 0; i < eh.phnum; i++) {
		struct elf64_phdr p;
		memcpy(&p, elf + eh.phoff + (uint64_t)i * sizeof(p), sizeof(p));
		if (p.type == ELF_PT_DYNAMIC || p.type == ELF_PT_INTERP)
			return bad_elf("dynamic");
		if (p.type != ELF_PT_LOAD)
			continue;
		if (nload == UTA_TA_SEGS)
			return bad_elf("too many PT_LOAD segments");
		if (p.vaddr % TZV_TA_PAGE_SIZE || p.offset % TZV_TA_PAGE_SIZE)
			return bad_elf("segment not page aligned");
		if (p.filesz > p.memsz || p.memsz == 0 || p.vaddr < TZV_TA_LOAD_VA ||
		    p.vaddr >= TZV_TA_VA_LIMIT || p.memsz > TZV_TA_VA_LIMIT - p.vaddr)
			return bad_elf("segment outside the TA's address range");
		if (p.offset > size || p.filesz > size - p.offset)
			return bad_elf("segment outside the file");
		if ((p.flags & ELF_PF_W) && (p.flags & ELF_PF_X))
			return bad_elf("segment both writable and executable");
		uint64_t end = (p.vaddr + p.memsz + TEE_PAGE - 1) & ~(TEE_PAGE - 1);
		if (end > KERNEL_WINDOW_LO && p.vaddr < KERNEL_WINDOW_HI)
			return bad_elf("segment over the kernel's window 0x0e000000-0x10000000");
		for (unsigned j = 0; j < nload; j++) {
			uint64_t jend =
			    (ph[j].vaddr + ph[j].memsz + TEE_PAGE - 1) & ~(TEE_PAGE - 1);
			if (p.vaddr < jend && ph[j].vaddr < end)
				return bad_elf("overlapping segments");
		}
		ph[nload++] = p;
	}
	if (nload == 0 || ph[0].vaddr != TZV_TA_LOAD_VA || !(ph[0].flags & ELF_PF_X) ||
	    ph[0].filesz < sizeof(struct tzv_ta_head))
		return bad_elf("first PT_LOAD is not the RX segment at TZV_TA_LOAD_VA");

	struct tzv_ta_head head;
	memcpy(&head, elf + ph[0].offset, sizeof(head));
	if (head.magic != TZV_TA_HEAD_MAGIC || head.abi_version != TZV_TA_ABI_VERSION)
		return bad_elf("TA head magic or ABI version");
	if (head.entry != eh.entry || eh.entry < ph[0].vaddr ||
	    eh.entry >= ph[0].vaddr + ph[0].memsz || eh.entry % 4)
		return bad_elf("entry point not head.entry inside the RX segment");
	/* head.uuid is a TEE_UUID: compare as octets */
	uint8_t hu[16];
	hu[0] = (uint8_t)(head.uuid.time_low >> 24);
	hu[1] = (uint8_t)(head.uuid.time_low >> 16);
	hu[2] = (uint8_t)(head.uuid.time_low >> 8);
	hu[3] = (uint8_t)head.uuid.time_low;
	hu[4] = (uint8_t)(head.uuid.time_mid >> 8);
	hu[5] = (uint8_t)head.uuid.time_mid;
	hu[6] = (uint8_t)(head.uuid.time_hi_and_version >> 8);
	hu[7] = (uint8_t)head.uuid.time_hi_and_version;
	memcpy(hu + 8, head.uuid.clock_seq_and_node, 8);
	if (memcmp(hu, uuid, 16))
		return bad_elf("TA head UUID is not the one asked for");
	bool params_ok = false;
	for (unsigned j = 0; j < nload; j++)
		if ((ph[j].flags & ELF_PF_W) && head.params_va >= ph[j].vaddr &&
		    head.params_va % 8 == 0 && head.params_va - ph[j].vaddr <= ph[j].memsz &&
		    sizeof(struct tzv_ta_params) <= ph[j].memsz - (head.params_va - ph[j].vaddr))
			params_ok = true;
	if (!params_ok)
		return bad_elf("parameter block not inside a writable segment");
	uint32_t r = check_layout(ph, nload);
	if (r != TEEC_SUCCESS)
		return r;

	memset(img, 0, sizeof(*img));
	for (unsigned j = 0; j < nload; j++) {
		struct uta_seg *s = &img->seg[j];
		s->va = ph[j].vaddr;
		s->size = (ph[j].memsz + TEE_PAGE - 1) & ~(TEE_PAGE - 1);
		s->npages = (unsigned)(s->size / TEE_PAGE);
		s->write = ph[j].flags & ELF_PF_W;
		s->exec = ph[j].flags & ELF_PF_X;
		if (j == 2) {
			s->mem = img->seg[1].mem + img->seg[1].size; /* allocated with the stack */
		} else if (j == 1) {
			/* stack and data in one run of pages: a range may span both */
			uint64_t data = (ph[2].memsz + TEE_PAGE - 1) & ~(TEE_PAGE - 1);
			s->mem = pages_alloc(s->npages + (unsigned)(data / TEE_PAGE));
		} else {
			s->mem = pages_alloc(s->npages);
		}
		if (!s->mem) {
			free_segs(img);
			tee_log("load TA: out of private pages (%u free)", pages_free_count());
			return TEEC_ERROR_OUT_OF_MEMORY;
		}
		img->nsegs = j + 1;
		memcpy(s->mem, elf + ph[j].offset, (size_t)ph[j].filesz);
	}
	img->stack_top = img->seg[1].va + img->seg[1].size; /* the runtime sets SP itself */
	memcpy(img->uuid, uuid, 16);
	img->flags = head.flags;
	img->entry = head.entry;
	img->params_va = head.params_va;
	return TEEC_SUCCESS;
}

/*
 * Every check of the signed file; on success *elf, *elf_size = its ELF, *ta_version,
 * signed_uuid = the UUID it is signed for. uuid NULL: any UUID (an image to install).
 */
static uint32_t check_signed(const uint8_t *file, uint64_t size, const uint8_t *uuid,
			     struct uta_image *img, const uint8_t **elf, uint64_t *elf_size,
			     uint32_t *ta_version, uint8_t signed_uuid[16])
{
	struct tzv_shdr sh;
	struct tzv_shdr_bootstrap_ta bs;
	struct ta_rsa_key key;
	uint8_t ns[16];
	uint64_t off;

	memset(img, 0, sizeof(*img));
	if (size < TZV_SHDR_SIZE) {
		tee_log("load TA: %llu bytes, no signed header", (unsigned long long)size);
		return TEEC_ERROR_SECURITY;
	}
	memcpy(&sh, file, TZV_SHDR_SIZE);
	if (sh.magic != TZV_SHDR_MAGIC) {
		/* a bare ELF is an unsigned TA */
		bool elf = !memcmp(file, "\177ELF", 4);
		tee_log("load TA: %s", elf ? "unsigned (a bare ELF)" : "no OP-TEE signed header");
		return elf ? TEEC_ERROR_SECURITY : TEEC_ERROR_BAD_FORMAT;
	}
	/* signed with a subkey: the chain first, then the TA's header after it */
	uint32_t r = uta_subkey_chain(file, size, img, &off, &key, ns);
	if (r != TEEC_SUCCESS)
		return r;
	file += off;
	size -= off;
	if (size < TZV_SHDR_SIZE) {
		tee_log("load TA: no TA header after the subkeys");
		return TEEC_ERROR_SECURITY;
	}
	memcpy(&sh, file, TZV_SHDR_SIZE);
	uint16_t sig_size = key.n ? (uint16_t)key.n_size : ta_crypto_sig_size();
	if (sh.magic != TZV_SHDR_MAGIC || sh.img_type != TZV_SHDR_BOOTSTRAP_TA ||
	    (sh.algo != TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256 &&
	     sh.algo != TZV_SHDR_ALGO_RSA_PSS_SHA256) ||
	    sh.hash_size != 32 || sh.sig_size != sig_size) {
		tee_log("load TA: header: type %u algo 0x%x hash %u sig %u not supported",
			sh.img_type, sh.algo, sh.hash_size, sh.sig_size);
		return img->nsubkeys ? TEEC_ERROR_SECURITY : TEEC_ERROR_BAD_FORMAT;
	}
	uint64_t hdr = TZV_SHDR_SIZE + (uint64_t)sh.hash_size + sh.sig_size;
	if (size != hdr + TZV_SHDR_BOOTSTRAP_SIZE + (uint64_t)sh.img_size) {
		tee_log(
		    "load TA: %llu bytes, the header says %llu (truncated or padded)",
		    (unsigned long long)size,
		    (unsigned long long)(hdr + TZV_SHDR_BOOTSTRAP_SIZE + (uint64_t)sh.img_size));
		return TEEC_ERROR_SECURITY;
	}
	const uint8_t *hash = file + TZV_SHDR_SIZE;
	const uint8_t *sig = hash + sh.hash_size;
	const uint8_t *rest = file + hdr; /* bootstrap header | ELF */

	uint8_t calc[32];
	if (ta_crypto_hash(file, TZV_SHDR_SIZE, rest,
			   TZV_SHDR_BOOTSTRAP_SIZE + (uint64_t)sh.img_size, calc) ||
	    memcmp(calc, hash, 32)) {
		tee_log("load TA: SHA-256 does not match the signed header (tampered)");
		return TEEC_ERROR_SECURITY;
	}
	if (key.n ? ta_crypto_verify_key(&key, sh.algo, hash, sig, sh.sig_size)
		  : ta_crypto_verify(sh.algo, hash, sig, sh.sig_size)) {
		tee_log("load TA: signature does not verify with %s",
			key.n ? "its subkey" : "the built-in key");
		return TEEC_ERROR_SECURITY;
	}
	memcpy(&bs, rest, sizeof(bs));
	if (!uuid)
		uuid = bs.uuid;
	if (memcmp(bs.uuid, uuid, 16)) {
		tee_log("load TA: signed for another UUID");
		return TEEC_ERROR_SECURITY;
	}
	if (img->nsubkeys && memcmp(uuid, ns, 16)) {
		tee_log("load TA: UUID outside the namespace of its subkey");
		return TEEC_ERROR_SECURITY;
	}
	memcpy(img->digest, hash, 32);
	*elf = rest + TZV_SHDR_BOOTSTRAP_SIZE;
	*elf_size = sh.img_size;
	*ta_version = bs.ta_version;
	memcpy(signed_uuid, bs.uuid, 16);
	return TEEC_SUCCESS;
}

uint32_t uta_verify_signed(const uint8_t *file, uint64_t size, const uint8_t uuid[16],
			   struct uta_image *img)
{
	const uint8_t *elf;
	uint64_t elf_size;
	uint8_t signed_uuid[16];
	uint32_t r =
	    check_signed(file, size, uuid, img, &elf, &elf_size, &img->ta_version, signed_uuid);
	if (r != TEEC_SUCCESS)
		memset(img, 0, sizeof(*img));
	return r;
}

typedef uint32_t (*elf_loader)(const uint8_t *elf, uint64_t size, const uint8_t uuid[16],
			       struct uta_image *img);

/* uuid NULL: the one the file is signed for (an image to install) */
static uint32_t verify_and_load(const uint8_t *file, uint64_t size, const uint8_t *uuid,
				struct uta_image *img, elf_loader load)
{
	const uint8_t *elf;
	uint64_t elf_size;
	uint32_t ta_version;
	uint8_t signed_uuid[16];
	uint32_t r = check_signed(file, size, uuid, img, &elf, &elf_size, &ta_version, signed_uuid);
	if (r != TEEC_SUCCESS)
		return r;
	struct uta_image chain = *img; /* the loader starts img afresh */
	r = load(elf, elf_size, signed_uuid, img);
	img->ta_version = ta_version;
	img->nsubkeys = chain.nsubkeys;
	memcpy(img->subkey, chain.subkey, sizeof(img->subkey));
	memcpy(img->digest, chain.digest, 32);
	return r;
}

uint32_t uta_verify_and_load(const uint8_t *file, uint64_t size, const uint8_t *uuid,
			     struct uta_image *img)
{
	return verify_and_load(file, size, uuid, img, load_elf);
}

uint32_t uta_verify_install(const uint8_t *file, uint64_t size, struct uta_image *img)
{
	uint32_t r = uta_verify_and_load(file, size, NULL, img);
	if (r != TEEC_SUCCESS) {
		memset(img, 0, sizeof(*img));
		return r;
	}
	free_segs(img); /* it loads: that was all the ELF had to show */
	return TEEC_SUCCESS;
}

/* ---- shared TA libraries ---- */

static uint32_t bad_lib(const char *why)
{
	tee_log("load library: bad ELF: %s", why);
	return TEEC_ERROR_BAD_FORMAT;
}

/*
 * A library's ELF: only what the kernel needs to map it safely (relocation is
 * libutee's). Segment VAs stay relative: the caller picks the base. Each
 * segment gets pages of its own: two never share a page, so no page is both
 * writable and executable.
 */
static uint32_t load_lib_elf(const uint8_t *elf, uint64_t size, const uint8_t uuid[16],
			     struct uta_image *img)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph[TZV_TA_LIB_SEGS];
	unsigned nload = 0;
	uint64_t end = 0;

	if (size < sizeof(eh))
		return bad_lib("shorter than its header");
	memcpy(&eh, elf, sizeof(eh));
	if (memcmp(eh.ident, "\177ELF", 4) || eh.ident[4] != 2 /* 64-bit */ ||
	    eh.ident[5] != 1 /* little-endian */ || eh.machine != ELF_EM_AARCH64 ||
	    eh.phentsize != sizeof(struct elf64_phdr))
		return bad_lib("not an AArch64 ELF64");
	if (eh.type == 2)
		return bad_lib("a TA (ET_EXEC), not a shared library");
	if (eh.type != 3)
		return bad_lib("not a shared library (ET_DYN)");
	if (eh.phnum == 0 || eh.phoff > size ||
	    eh.phnum > (size - eh.phoff) / sizeof(struct elf64_phdr))
		return bad_lib("program headers outside the file");

	for (unsigned i = 0; i < eh.phnum; i++) {
		struct elf64_phdr p;
		memcpy(&p, elf + eh.phoff + (uint64_t)i * sizeof(p), sizeof(p));
		if (p.type == ELF_PT_INTERP)
			return bad_lib("has an interpreter");
		if (p.type != ELF_PT_LOAD)
			continue;
		if (nload == TZV_TA_LIB_SEGS)
			return bad_lib("too many PT_LOAD segments");
		/* a segment may start inside a page (the linker packs the file): the
		 * page is mapped from its start, zero below the segment */
		if (p.filesz > p.memsz || p.memsz == 0 || p.memsz > TZV_TA_LIB_SPAN_MAX ||
		    p.vaddr > TZV_TA_LIB_SPAN_MAX - p.memsz)
			return bad_lib("segment larger than a library may span");
		if (p.offset > size || p.filesz > size - p.offset)
			return bad_lib("segment outside the file");
		if ((p.flags & ELF_PF_W) && (p.flags & ELF_PF_X))
			return bad_lib("segment both writable and executable");
		if (nload && (p.vaddr & ~(TEE_PAGE - 1)) < end)
			return bad_lib(
			    "segments overlapping or sharing a page, or not in address order");
		end = page_end(&p);
		ph[nload++] = p;
	}
	if (nload == 0 || ph[0].vaddr != 0 || ph[0].offset != 0)
		return bad_lib("first PT_LOAD does not map the file's start at VA 0");
	if (eh.phoff + (uint64_t)eh.phnum * sizeof(struct elf64_phdr) > ph[0].filesz)
		return bad_lib("program headers not in the first PT_LOAD");

	memset(img, 0, sizeof(*img));
	for (unsigned j = 0; j < nload; j++) {
		struct uta_seg *s = &img->seg[j];
		uint64_t in_page = ph[j].vaddr % TEE_PAGE;
		s->va = ph[j].vaddr - in_page;
		s->size = page_end(&ph[j]) - s->va;
		s->npages = (unsigned)(s->size / TEE_PAGE);
		s->write = ph[j].flags & ELF_PF_W;
		s->exec = ph[j].flags & ELF_PF_X;
		s->mem = pages_alloc(s->npages);
		if (!s->mem) {
			free_segs(img);
			tee_log("load library: out of private pages (%u free)", pages_free_count());
			return TEEC_ERROR_OUT_OF_MEMORY;
		}
		img->nsegs = j + 1;
		memcpy(s->mem + in_page, elf + ph[j].offset, (size_t)ph[j].filesz);
	}
	memcpy(img->uuid, uuid, 16);
	return TEEC_SUCCESS;
}

uint32_t uta_lib_verify_and_load(const uint8_t *file, uint64_t size, const uint8_t uuid[16],
				 struct uta_image *lib)
{
	return verify_and_load(file, size, uuid, lib, load_lib_elf);
}
