/*
 * Loading shared TA libraries at S-EL0 (dl.h). The kernel fetches, verifies and
 * maps a library's segments (TZV_TA_SYS_MAP_LIB, tee/uta_lib.c); here: its
 * dynamic section, what it needs (DT_NEEDED: UUID sonames, breadth first), its
 * TLS block, the relocations of AArch64 (RELATIVE, ABS64, GLOB_DAT, JUMP_SLOT,
 * COPY, TLS_TPREL, TLSDESC; everything bound at once) and its constructors,
 * dependencies first and the TA last. Symbols are bound in the global scope (the
 * TA, its link-time libraries, libraries opened RTLD_GLOBAL, in load order), then
 * in the object's own dependencies.
 */
#include <string.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>
#include "dl.h"
#include "utee.h"

/* entry.S: a TLSDESC resolver for a block at a fixed TP offset (the descriptor's 2nd word) */
void tzv_tlsdesc_static(void);
/* mk/ta.ld */
extern char __ta_tls_tp[];

void *dlopen(const char *filename, int flags);
#define DL_RTLD_GLOBAL 0x100 /* <dlfcn.h> */

/* ---- symbols ---- */

/* Where name is bound for a relocation of o: the global scope, then o's dependencies. */
static const Elf64_Sym *bind(const struct dl_obj *o, const char *name, bool skip_ta,
			     const struct dl_obj **def)
{
	const Elf64_Sym *s;
	for (unsigned i = skip_ta ? 1 : 0; i < dl_nobjs; i++)
		if ((dl_objs[i].global || &dl_objs[i] == o) && (s = dl_lookup(&dl_objs[i], name))) {
			*def = &dl_objs[i];
			return s;
		}
	for (unsigned d = 0; d < o->ndeps; d++)
		if ((s = dl_lookup(&dl_objs[o->deps[d]], name))) {
			*def = &dl_objs[o->deps[d]];
			return s;
		}
	return NULL;
}

/* ---- the dynamic section ---- */

static bool in_segment(const struct dl_obj *o, uint64_t va, uint64_t len, bool write)
{
	for (unsigned i = 0; i < o->phnum; i++) {
		const Elf64_Phdr *p = &o->phdr[i];
		if (p->p_type != PT_LOAD || (write && !(p->p_flags & PF_W)))
			continue;
		uint64_t start = o->base + p->p_vaddr;
		if (va >= start && va - start <= p->p_memsz && len <= p->p_memsz - (va - start))
			return true;
	}
	return false;
}

static uint64_t dyn_val(const struct dl_obj *o, int64_t tag)
{
	for (size_t i = 0; o->dyn && i < o->ndyn && o->dyn[i].d_tag != DT_NULL; i++)
		if (o->dyn[i].d_tag == tag)
			return o->dyn[i].d_un.d_val;
	return 0;
}

TEE_Result dl_read_dynamic(struct dl_obj *o)
{
	if (!o->dyn)
		return TEE_SUCCESS;
	uint64_t hash = dyn_val(o, DT_HASH), symtab = dyn_val(o, DT_SYMTAB);
	uint64_t strtab = dyn_val(o, DT_STRTAB);
	o->strsz = dyn_val(o, DT_STRSZ);
	if (!hash || !symtab || !strtab || !in_segment(o, o->base + hash, 8, false) ||
	    !in_segment(o, o->base + strtab, o->strsz, false)) {
		dl_set_error("%s: no SysV hash, symbol or string table (link with "
			     "--hash-style=sysv)",
			     o->name[0] ? o->name : "TA");
		return TEE_ERROR_BAD_FORMAT;
	}
	/* every name is read up to its NUL: the table's last byte must be one */
	if (!o->strsz || ((const char *)(uintptr_t)(o->base + strtab))[o->strsz - 1]) {
		dl_set_error("%s: string table not ended by a NUL", o->name[0] ? o->name : "TA");
		return TEE_ERROR_BAD_FORMAT;
	}
	o->hash = (const uint32_t *)(uintptr_t)(o->base + hash);
	o->symtab = (const Elf64_Sym *)(uintptr_t)(o->base + symtab);
	o->strtab = (const char *)(uintptr_t)(o->base + strtab);
	uint64_t nb = o->hash[0], nc = o->hash[1];
	if (!nb || !in_segment(o, o->base + hash, (2 + nb + nc) * 4, false) ||
	    !in_segment(o, o->base + symtab, nc * sizeof(Elf64_Sym), false)) {
		dl_set_error("%s: hash or symbol table outside its segments", o->name);
		return TEE_ERROR_BAD_FORMAT;
	}
	return TEE_SUCCESS;
}

/* ---- mapping ---- */

static bool uuid_octets(const char *s, uint8_t out[16])
{
	TEE_UUID u;
	if (strlen(s) != 36 || tee_uuid_from_str(&u, s) != TEE_SUCCESS)
		return false;
	out[0] = (uint8_t)(u.timeLow >> 24);
	out[1] = (uint8_t)(u.timeLow >> 16);
	out[2] = (uint8_t)(u.timeLow >> 8);
	out[3] = (uint8_t)u.timeLow;
	out[4] = (uint8_t)(u.timeMid >> 8);
	out[5] = (uint8_t)u.timeMid;
	out[6] = (uint8_t)(u.timeHiAndVersion >> 8);
	out[7] = (uint8_t)u.timeHiAndVersion;
	memcpy(out + 8, u.clockSeqAndNode, 8);
	return true;
}

/* A loaded library by UUID string (hex digits in either case). */
static unsigned find(const char *name)
{
	for (unsigned i = 1; i < dl_nobjs; i++) {
		const char *a = dl_objs[i].name, *b = name;
		while (*a && (*a | 0x20) == (*b | 0x20))
			a++, b++;
		if (!*a && !*b)
			return i;
	}
	return 0;
}

/* Maps one library into slot dl_nobjs (not yet counted). */
static TEE_Result map_one(const char *name)
{
	uint8_t uuid[16];
	uint64_t base = 0;
	if (!uuid_octets(name, uuid)) {
		dl_set_error("\"%.40s\": not a library UUID", name);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	if (dl_nobjs == DL_MAX_OBJECTS) {
		dl_set_error("%s: more than %u libraries", name, TZV_TA_MAX_LIBS);
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	TEE_Result r = tzv_sys_map_lib(uuid, &base);
	if (r != TEE_SUCCESS) {
		dl_set_error("%s: the TEE did not map it (0x%x%s)", name, (unsigned)r,
			     r == TEE_ERROR_ITEM_NOT_FOUND ? ": no such library"
			     : r == TEE_ERROR_SECURITY	   ? ": signature or version refused"
			     : r == TEE_ERROR_BAD_FORMAT   ? ": not a TA library"
							   : "");
		return r;
	}
	struct dl_obj *o = &dl_objs[dl_nobjs];
	memset(o, 0, sizeof(*o));
	o->base = base;
	memcpy(o->name, name, 36);
	o->name[36] = '\0';
	/* the kernel checked that the first segment (vaddr 0) holds both headers */
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)(uintptr_t)base;
	o->phdr = (const Elf64_Phdr *)(uintptr_t)(base + eh->e_phoff);
	o->phnum = eh->e_phnum;
	for (unsigned i = 0; i < o->phnum; i++) {
		const Elf64_Phdr *p = &o->phdr[i];
		if (p->p_type == PT_DYNAMIC &&
		    in_segment(o, base + p->p_vaddr, p->p_memsz, false)) {
			o->dyn = (const Elf64_Dyn *)(uintptr_t)(base + p->p_vaddr);
			o->ndyn = p->p_memsz / sizeof(Elf64_Dyn);
		}
	}
	if (!o->dyn) {
		dl_set_error("%s: no dynamic section", name);
		return TEE_ERROR_BAD_FORMAT;
	}
	return dl_read_dynamic(o);
}

/* Maps what objects [first, dl_nobjs) need, breadth first; records each one's deps. */
static TEE_Result map_needed(unsigned first)
{
	for (unsigned i = first; i < dl_nobjs; i++) {
		struct dl_obj *o = &dl_objs[i];
		for (size_t k = 0; o->dyn && k < o->ndyn && o->dyn[k].d_tag != DT_NULL; k++) {
			const Elf64_Dyn *d = &o->dyn[k];
			if (d->d_tag != DT_NEEDED)
				continue;
			if (d->d_un.d_val >= o->strsz) {
				dl_set_error("%s: DT_NEEDED outside its string table", o->name);
				return TEE_ERROR_BAD_FORMAT;
			}
			const char *need = o->strtab + d->d_un.d_val;
			unsigned j = find(need);
			if (!j) {
				TEE_Result r = map_one(need);
				if (r != TEE_SUCCESS)
					return r;
				j = dl_nobjs++;
				dl_objs[j].global = o->global;
			}
			if (o->ndeps == DL_MAX_DEPS) {
				dl_set_error("%s: more than %u DT_NEEDED", o->name, DL_MAX_DEPS);
				return TEE_ERROR_BAD_FORMAT;
			}
			o->deps[o->ndeps++] = j;
		}
	}
	return TEE_SUCCESS;
}

/* ---- TLS ---- */

static TEE_Result setup_tls(struct dl_obj *o)
{
	for (unsigned i = 0; i < o->phnum; i++) {
		const Elf64_Phdr *p = &o->phdr[i];
		if (p->p_type != PT_TLS || !p->p_memsz)
			continue;
		uint64_t align = p->p_align > 16 ? p->p_align : 16;
		/* no larger than a library (p_memsz + align must not wrap), one per object */
		if ((align & (align - 1)) || align > 4096 || p->p_filesz > p->p_memsz ||
		    p->p_memsz > TZV_TA_LIB_SPAN_MAX || o->tls_mem ||
		    !in_segment(o, o->base + p->p_vaddr, p->p_filesz, false)) {
			dl_set_error("%s: bad PT_TLS", o->name);
			return TEE_ERROR_BAD_FORMAT;
		}
		/* one thread per instance: the block can be anywhere, at its offset from TP */
		uint8_t *mem = TEE_Malloc(p->p_memsz + align, TEE_MALLOC_FILL_ZERO);
		if (!mem) {
			dl_set_error("%s: no heap for its TLS block", o->name);
			return TEE_ERROR_OUT_OF_MEMORY;
		}
		o->tls_mem = mem;
		o->tls = (uint8_t *)(((uintptr_t)mem + align - 1) & ~(uintptr_t)(align - 1));
		memcpy(o->tls, (const void *)(uintptr_t)(o->base + p->p_vaddr), p->p_filesz);
		o->tls_off = (uint64_t)((uintptr_t)o->tls - (uintptr_t)__ta_tls_tp);
		o->tls_modid = (size_t)(o - dl_objs) + 1;
	}
	return TEE_SUCCESS;
}

/* ---- relocation ---- */

static TEE_Result relocate(struct dl_obj *o, uint64_t rel, uint64_t size)
{
	if (!rel || !size)
		return TEE_SUCCESS;
	if (!in_segment(o, o->base + rel, size, false) || size % sizeof(Elf64_Rela)) {
		dl_set_error("%s: relocations outside its segments", o->name);
		return TEE_ERROR_BAD_FORMAT;
	}
	const Elf64_Rela *r = (const Elf64_Rela *)(uintptr_t)(o->base + rel);
	uint32_t nsyms = o->hash ? o->hash[1] : 0;
	for (size_t i = 0; i < size / sizeof(*r); i++) {
		uint32_t type = ELF64_R_TYPE(r[i].r_info), si = ELF64_R_SYM(r[i].r_info);
		uint64_t where = o->base + r[i].r_offset;
		const struct dl_obj *def = o;
		const Elf64_Sym *s = NULL;
		uint64_t S = 0;
		if (type == R_AARCH64_NONE)
			continue;
		if (!in_segment(o, where, type == R_AARCH64_TLSDESC ? 16 : 8, true)) {
			dl_set_error("%s: relocation %zu outside its writable segments", o->name,
				     i);
			return TEE_ERROR_BAD_FORMAT;
		}
		if (si) {
			if (si >= nsyms || o->symtab[si].st_name >= o->strsz) {
				dl_set_error("%s: relocation %zu: bad symbol index", o->name, i);
				return TEE_ERROR_BAD_FORMAT;
			}
			s = &o->symtab[si];
			const char *name = o->strtab + s->st_name;
			if (ELF64_ST_BIND(s->st_info) != STB_LOCAL) {
				const Elf64_Sym *d = bind(o, name, type == R_AARCH64_COPY, &def);
				if (!d && ELF64_ST_BIND(s->st_info) != STB_WEAK) {
					dl_set_error("%s: undefined symbol %s",
						     o->name[0] ? o->name : "TA", name);
					return TEE_ERROR_ITEM_NOT_FOUND;
				}
				s = d;
			}
			if (s)
				S = def->base + s->st_value;
		}
		uint64_t *w = (uint64_t *)(uintptr_t)where;
		switch (type) {
		case R_AARCH64_RELATIVE:
			*w = o->base + (uint64_t)r[i].r_addend;
			break;
		case R_AARCH64_ABS64:
		case R_AARCH64_GLOB_DAT:
		case R_AARCH64_JUMP_SLOT:
			*w = s ? S + (uint64_t)r[i].r_addend : 0;
			break;
		case R_AARCH64_COPY:
			/* st_size bytes are written: all of them in o's writable segments */
			if (!s || !in_segment(def, S, s->st_size, false) ||
			    !in_segment(o, where, s->st_size, true)) {
				dl_set_error("%s: copy relocation %zu without its data", o->name,
					     i);
				return TEE_ERROR_BAD_FORMAT;
			}
			memcpy(w, (const void *)(uintptr_t)S, s->st_size);
			break;
		case R_AARCH64_TLS_TPREL:
		case R_AARCH64_TLSDESC:
			if (s && !def->tls_modid) {
				dl_set_error("%s: TLS relocation %zu to an object without TLS",
					     o->name, i);
				return TEE_ERROR_BAD_FORMAT;
			}
			uint64_t off =
			    (s ? def->tls_off + s->st_value : o->tls_off) + (uint64_t)r[i].r_addend;
			if (type == R_AARCH64_TLSDESC) {
				w[0] = (uint64_t)(uintptr_t)tzv_tlsdesc_static;
				w[1] = off;
			} else {
				*w = off;
			}
			break;
		default:
			dl_set_error("%s: relocation type %u not supported", o->name,
				     (unsigned)type);
			return TEE_ERROR_NOT_SUPPORTED;
		}
	}
	return TEE_SUCCESS;
}

static TEE_Result relocate_obj(struct dl_obj *o)
{
	if (!o->dyn)
		return TEE_SUCCESS;
	if (dyn_val(o, DT_TEXTREL) || (dyn_val(o, DT_FLAGS) & DF_TEXTREL)) {
		dl_set_error("%s: relocations in its code (build with -fPIC)", o->name);
		return TEE_ERROR_BAD_FORMAT;
	}
	if (dyn_val(o, DT_PLTREL) && dyn_val(o, DT_PLTREL) != DT_RELA) {
		dl_set_error("%s: PLT relocations without addends", o->name);
		return TEE_ERROR_BAD_FORMAT;
	}
	TEE_Result r = relocate(o, dyn_val(o, DT_RELA), dyn_val(o, DT_RELASZ));
	if (r == TEE_SUCCESS)
		r = relocate(o, dyn_val(o, DT_JMPREL), dyn_val(o, DT_PLTRELSZ));
	return r;
}

/* ---- constructors ---- */

static void run_init(const struct dl_obj *o)
{
	uint64_t arr = dyn_val(o, DT_INIT_ARRAY), sz = dyn_val(o, DT_INIT_ARRAYSZ);
	if (!arr || !in_segment(o, o->base + arr, sz, false))
		return;
	void (**fn)(void) = (void (**)(void))(uintptr_t)(o->base + arr);
	for (uint64_t i = 0; i < sz / sizeof(*fn); i++)
		fn[i]();
}

/* Objects [first, dl_nobjs): TLS, relocation (last first: dependencies before their users). */
static TEE_Result link_new(unsigned first)
{
	TEE_Result r = TEE_SUCCESS;
	for (unsigned i = first; i < dl_nobjs && r == TEE_SUCCESS; i++)
		if (i)
			r = setup_tls(&dl_objs[i]);
	for (unsigned i = dl_nobjs; i > first && r == TEE_SUCCESS; i--)
		r = relocate_obj(&dl_objs[i - 1]);
	return r;
}

/* Objects [first, dl_nobjs) are dropped after a failure: their TLS blocks freed. */
static void forget(unsigned first)
{
	for (unsigned i = first; i < dl_nobjs; i++)
		TEE_Free(dl_objs[i].tls_mem);
	dl_nobjs = first;
}

TEE_Result dl_link_ta(void)
{
	dl_init_ta();
	TEE_Result r = dl_read_dynamic(&dl_objs[0]);
	if (r == TEE_SUCCESS)
		r = map_needed(0);
	if (r == TEE_SUCCESS)
		r = link_new(0);
	if (r != TEE_SUCCESS) {
		forget(1);
		return r;
	}
	dl_adds = dl_nobjs;
	/* libraries last loaded first (dependencies before what needs them), then the TA */
	for (unsigned i = dl_nobjs; i > 1; i--)
		run_init(&dl_objs[i - 1]);
	dl_run_ta_init();
	return TEE_SUCCESS;
}

TEE_Result dl_load(const char *name, bool global, unsigned *index)
{
	unsigned i = find(name), first = dl_nobjs;
	if (i) {
		if (global && !dl_objs[i].global)
			dl_objs[i].global = true;
		*index = i;
		return TEE_SUCCESS;
	}
	TEE_Result r = map_one(name);
	if (r != TEE_SUCCESS)
		return r;
	dl_objs[dl_nobjs++].global = global;
	r = map_needed(first);
	if (r == TEE_SUCCESS)
		r = link_new(first);
	if (r != TEE_SUCCESS) {
		forget(first); /* the kernel gives the same base next time */
		return r;
	}
	dl_adds += dl_nobjs - first;
	for (unsigned j = dl_nobjs; j > first; j--)
		run_init(&dl_objs[j - 1]);
	*index = first;
	return TEE_SUCCESS;
}

/* ---- libdl ---- */

void *dlopen(const char *filename, int flags)
{
	unsigned i;
	if (!dl_nobjs)
		dl_init_ta();
	if (!filename) {
		dl_objs[0].refs++;
		return &dl_objs[0]; /* the global scope */
	}
	if (dl_load(filename, flags & DL_RTLD_GLOBAL, &i) != TEE_SUCCESS)
		return NULL;
	dl_objs[i].refs++;
	return &dl_objs[i];
}
