/*
 * Loading a user TA: <uuid>.ta comes from the normal world's tee-supplicant
 * (OPTEE_RPC_CMD_LOAD_TA, first as a size query, then into shared memory from
 * OPTEE_RPC_CMD_SHM_ALLOC), is copied into private pages first, and only that
 * copy is checked: OP-TEE's signed header, SHA-256 over header | bootstrap
 * header | ELF, the RSA signature against the key built into this image
 * (build/keys/ta_pubkey.c), the UUID, then the ELF. Nothing of a refused image
 * is mapped or run.
 */
#include <lib/string.h>
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "tee.h"
#include "ta_crypto.h"

#define OPTEE_RPC_SHM_TYPE_APPL 0

/* ---- fetching ---- */

static uint64_t load_pages[TEE_SHM_MAX_PAGES];

static uint32_t load_ta_rpc(const struct rpc_shm *arg, const uint8_t uuid[16],
			    struct optee_msg_param *mem, uint64_t *size)
{
	struct optee_msg_param p[2];
	memset(p, 0, sizeof(p));
	p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
	memcpy(&p[0].u.value, uuid, 16); /* octets, as OPEN_SESSION carries them */
	p[1] = *mem;
	uint32_t r = rpc_cmd(arg, OPTEE_RPC_CMD_LOAD_TA, p, 2);
	/* the size is in the same place for TMEM and RMEM */
	*size = (p[1].attr & OPTEE_MSG_ATTR_TYPE_MASK) >= OPTEE_MSG_ATTR_TYPE_RMEM_INPUT
			? p[1].u.rmem.size
			: p[1].u.tmem.size;
	return r;
}

uint32_t uta_fetch(const uint8_t uuid[16], uint8_t **file, uint64_t *size, unsigned *npages)
{
	struct rpc_shm arg;
	uint32_t r;
	uint64_t want = 0, got = 0;

	*file = NULL;
	*npages = 0;
	if (!rpc_alloc(OPTEE_MSG_GET_ARG_SIZE(TEE_RPC_ARG_PARAMS), &arg)) {
		tee_log("load TA: no RPC argument memory from the normal world");
		return TEEC_ERROR_OUT_OF_MEMORY;
	}

	/* 1. the size (a null memref) */
	struct optee_msg_param mem;
	memset(&mem, 0, sizeof(mem));
	mem.attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
	r = load_ta_rpc(&arg, uuid, &mem, &want);
	if (r != TEEC_SUCCESS) {
		if (r != TEEC_ERROR_ITEM_NOT_FOUND)
			tee_log("load TA: supplicant answered 0x%x", r);
		goto out_arg;
	}
	if (want < TZV_SHDR_SIZE || want > UTA_IMAGE_MAX ||
	    (want + TEE_PAGE - 1) / TEE_PAGE > pages_free_count()) {
		tee_log("load TA: %llu bytes: too small or too large (limit %lu, %u pages free)",
			(unsigned long long)want, UTA_IMAGE_MAX, pages_free_count());
		r = want < TZV_SHDR_SIZE ? TEEC_ERROR_BAD_FORMAT : TEEC_ERROR_OUT_OF_MEMORY;
		goto out_arg;
	}

	/* 2. shared memory from tee-supplicant */
	struct optee_msg_param p;
	memset(&p, 0, sizeof(p));
	p.attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
	p.u.value.a = OPTEE_RPC_SHM_TYPE_APPL;
	p.u.value.b = want;
	r = rpc_cmd(&arg, OPTEE_RPC_CMD_SHM_ALLOC, &p, 1);
	uint32_t type = p.attr & OPTEE_MSG_ATTR_TYPE_MASK;
	struct nwbuf buf;
	uint64_t cookie = p.u.tmem.shm_ref;
	if (r != TEEC_SUCCESS || type != OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT || p.u.tmem.size < want) {
		bool allocated = r == TEEC_SUCCESS && type == OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
		tee_log("load TA: SHM_ALLOC of %llu bytes failed (0x%x)", (unsigned long long)want, r);
		r = TEEC_ERROR_OUT_OF_MEMORY;
		if (allocated)
			goto out_shm;
		goto out_arg;
	}
	memset(&buf, 0, sizeof(buf));
	if (p.attr & OPTEE_MSG_ATTR_NONCONTIG) {
		r = nw_pagelist_load(p.u.tmem.buf_ptr, want, load_pages, TEE_SHM_MAX_PAGES, &buf);
	} else {
		buf.pa = p.u.tmem.buf_ptr;
		buf.size = want;
		r = nw_range_ok(buf.pa, want) ? TEEC_SUCCESS : TEEC_ERROR_BAD_PARAMETERS;
	}
	if (r != TEEC_SUCCESS) {
		tee_log("load TA: shared memory outside the VM");
		goto out_shm;
	}

	/* 3. the file into it */
	memset(&mem, 0, sizeof(mem));
	mem.attr = OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT;
	mem.u.rmem.shm_ref = cookie;
	mem.u.rmem.offs = 0;
	mem.u.rmem.size = want;
	r = load_ta_rpc(&arg, uuid, &mem, &got);
	if (r != TEEC_SUCCESS || got != want) {
		tee_log("load TA: second LOAD_TA answered 0x%x, %llu of %llu bytes", r,
			(unsigned long long)got, (unsigned long long)want);
		if (r == TEEC_SUCCESS)
			r = TEEC_ERROR_BAD_FORMAT;
		goto out_shm;
	}

	/* 4. into private memory, before anything looks at it */
	unsigned n = (unsigned)((want + TEE_PAGE - 1) / TEE_PAGE);
	uint8_t *priv = pages_alloc(n);
	if (!priv) {
		r = TEEC_ERROR_OUT_OF_MEMORY;
		goto out_shm;
	}
	if (nwbuf_read(&buf, 0, priv, want)) {
		pages_free(priv, n);
		r = TEEC_ERROR_BAD_PARAMETERS;
		goto out_shm;
	}
	*file = priv;
	*size = want;
	*npages = n;
	r = TEEC_SUCCESS;

out_shm:
	memset(&p, 0, sizeof(p));
	p.attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
	p.u.value.a = OPTEE_RPC_SHM_TYPE_APPL;
	p.u.value.b = cookie;
	rpc_cmd(&arg, OPTEE_RPC_CMD_SHM_FREE, &p, 1);
out_arg:
	rpc_free(&arg);
	return r;
}

/* ---- checking ---- */

#define ELF_PT_LOAD 1
#define ELF_PT_DYNAMIC 2
#define ELF_PT_INTERP 3
#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

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

/* The ELF at elf[0..size): checks, then segments into fresh pages. */
static uint32_t load_elf(const uint8_t *elf, uint64_t size, const uint8_t uuid[16],
			 struct uta_image *img)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph[UTA_MAX_SEGS];
	unsigned nload = 0;

	if (size < sizeof(eh))
		return bad_elf("shorter than its header");
	memcpy(&eh, elf, sizeof(eh));
	if (memcmp(eh.ident, "\177ELF", 4) || eh.ident[4] != 2 /* 64-bit */ ||
	    eh.ident[5] != 1 /* little-endian */ || eh.type != 2 /* ET_EXEC */ ||
	    eh.machine != 183 /* EM_AARCH64 */ || eh.phentsize != sizeof(struct elf64_phdr))
		return bad_elf("not an AArch64 ELF64 executable");
	if (eh.phoff > size || eh.phnum > (size - eh.phoff) / sizeof(struct elf64_phdr))
		return bad_elf("program headers outside the file");

	for (unsigned i = 0; i < eh.phnum; i++) {
		struct elf64_phdr p;
		memcpy(&p, elf + eh.phoff + (uint64_t)i * sizeof(p), sizeof(p));
		if (p.type == ELF_PT_DYNAMIC || p.type == ELF_PT_INTERP)
			return bad_elf("dynamic");
		if (p.type != ELF_PT_LOAD)
			continue;
		if (nload == UTA_MAX_SEGS)
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
			uint64_t jend = (ph[j].vaddr + ph[j].memsz + TEE_PAGE - 1) & ~(TEE_PAGE - 1);
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
	if (head.entry != eh.entry || eh.entry < ph[0].vaddr || eh.entry >= ph[0].vaddr + ph[0].memsz ||
	    eh.entry % 4)
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
		    head.params_va % 8 == 0 &&
		    head.params_va - ph[j].vaddr <= ph[j].memsz &&
		    sizeof(struct tzv_ta_params) <= ph[j].memsz - (head.params_va - ph[j].vaddr))
			params_ok = true;
	if (!params_ok)
		return bad_elf("parameter block not inside a writable segment");

	/* the stack: the last writable segment's top (the runtime sets SP itself) */
	memset(img, 0, sizeof(*img));
	for (unsigned j = 0; j < nload; j++) {
		struct uta_seg *s = &img->seg[j];
		s->va = ph[j].vaddr;
		s->size = (ph[j].memsz + TEE_PAGE - 1) & ~(TEE_PAGE - 1);
		s->npages = (unsigned)(s->size / TEE_PAGE);
		s->write = ph[j].flags & ELF_PF_W;
		s->exec = ph[j].flags & ELF_PF_X;
		s->mem = pages_alloc(s->npages);
		if (!s->mem) {
			free_segs(img);
			tee_log("load TA: out of private pages (%u free)", pages_free_count());
			return TEEC_ERROR_OUT_OF_MEMORY;
		}
		img->nsegs = j + 1;
		memcpy(s->mem, elf + ph[j].offset, (size_t)ph[j].filesz);
		if (s->write)
			img->stack_top = s->va + s->size;
	}
	memcpy(img->uuid, uuid, 16);
	img->flags = head.flags;
	img->entry = head.entry;
	img->params_va = head.params_va;
	return TEEC_SUCCESS;
}

uint32_t uta_verify_and_load(const uint8_t *file, uint64_t size, const uint8_t uuid[16],
			     struct uta_image *img)
{
	struct tzv_shdr sh;
	struct tzv_shdr_bootstrap_ta bs;

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
	if (sh.img_type != TZV_SHDR_BOOTSTRAP_TA ||
	    (sh.algo != TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256 && sh.algo != TZV_SHDR_ALGO_RSA_PSS_SHA256) ||
	    sh.hash_size != 32 || sh.sig_size != ta_crypto_sig_size()) {
		tee_log("load TA: header: type %u algo 0x%x hash %u sig %u not supported", sh.img_type,
			sh.algo, sh.hash_size, sh.sig_size);
		return TEEC_ERROR_BAD_FORMAT;
	}
	uint64_t hdr = TZV_SHDR_SIZE + (uint64_t)sh.hash_size + sh.sig_size;
	if (size != hdr + TZV_SHDR_BOOTSTRAP_SIZE + (uint64_t)sh.img_size) {
		tee_log("load TA: %llu bytes, the header says %llu (truncated or padded)",
			(unsigned long long)size,
			(unsigned long long)(hdr + TZV_SHDR_BOOTSTRAP_SIZE + (uint64_t)sh.img_size));
		return TEEC_ERROR_SECURITY;
	}
	const uint8_t *hash = file + TZV_SHDR_SIZE;
	const uint8_t *sig = hash + sh.hash_size;
	const uint8_t *rest = file + hdr; /* bootstrap header | ELF */

	uint8_t calc[32];
	if (ta_crypto_hash(file, TZV_SHDR_SIZE, rest, TZV_SHDR_BOOTSTRAP_SIZE + (uint64_t)sh.img_size,
			   calc) ||
	    memcmp(calc, hash, 32)) {
		tee_log("load TA: SHA-256 does not match the signed header (tampered)");
		return TEEC_ERROR_SECURITY;
	}
	if (ta_crypto_verify(sh.algo, hash, sig, sh.sig_size)) {
		tee_log("load TA: signature does not verify with the built-in key");
		return TEEC_ERROR_SECURITY;
	}
	memcpy(&bs, rest, sizeof(bs));
	if (memcmp(bs.uuid, uuid, 16)) {
		tee_log("load TA: signed for another UUID");
		return TEEC_ERROR_SECURITY;
	}
	return load_elf(rest + TZV_SHDR_BOOTSTRAP_SIZE, sh.img_size, uuid, img);
}
