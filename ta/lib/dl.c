/*
 * libdl for TAs: dlopen/dlsym/dlclose/dlerror and dl_iterate_phdr over the TA and
 * its shared TA libraries (SHLIBNAME of the dev kit, named by UUID as OP-TEE
 * names them). dl_objs[0] is the TA; its program headers are not mapped (the
 * kernel maps segments only, tee/ta_check.c), so they are made here from the
 * symbols mk/ta.ld defines. A library's own headers are mapped with its first
 * segment. Libraries stay mapped until the instance ends (dlclose only counts
 * down: every handle behaves as RTLD_NODELETE, as OP-TEE's loader does).
 */
#include <link.h>
#include <stdarg.h>
#include <string.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>
#include "dl.h"
#include "utee.h"

void *dlsym(void *__restrict handle, const char *__restrict symbol);
int dlclose(void *handle);
char *dlerror(void);

struct dl_obj dl_objs[DL_MAX_OBJECTS];
unsigned dl_nobjs;
unsigned long long dl_adds;

static char err_msg[128];
static bool err_set;

void dl_set_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tzv_vsnprintf(err_msg, sizeof(err_msg), fmt, ap);
	va_end(ap);
	err_set = true;
	EMSG("dl: %s", err_msg);
}

/* dlsym's misses: for dlerror only (a caller may probe for optional symbols) */
static void quiet_error(const char *what, const char *symbol)
{
	size_t n = strlen(what);
	if (n >= sizeof(err_msg))
		n = sizeof(err_msg) - 1;
	memcpy(err_msg, what, n);
	size_t m = symbol ? strlen(symbol) : 0;
	if (m > sizeof(err_msg) - 1 - n)
		m = sizeof(err_msg) - 1 - n;
	memcpy(err_msg + n, symbol, m);
	err_msg[n + m] = '\0';
	err_set = true;
}

/* ---- the TA as an object ---- */

/* mk/ta.ld */
extern char __ta_text_end[], __ta_stack_start[], __ta_stack_top[], __ta_data_start[],
    __ta_data_end[], __ta_tdata_start[], __ta_tdata_size[], __ta_tls_size[], __ta_tls_align[],
    __ta_tls_tp[];
/* present only in a TA linked against shared libraries (or with --export-dynamic) */
extern Elf64_Dyn _DYNAMIC[] __attribute__((weak, visibility("hidden")));
/* present only when the TA keeps .eh_frame_hdr (the C++ unwinder finds it here) */
extern char __ta_eh_frame_hdr_start[] __attribute__((weak, visibility("hidden")));
extern char __ta_eh_frame_hdr_end[] __attribute__((weak, visibility("hidden")));

static Elf64_Phdr ta_phdr[6];

static void ta_seg(Elf64_Word type, Elf64_Word flags, uintptr_t start, uintptr_t end,
		   uint64_t filesz, uint64_t align)
{
	Elf64_Phdr *p = &ta_phdr[dl_objs[0].phnum++];
	p->p_type = type;
	p->p_flags = flags;
	p->p_vaddr = p->p_paddr = start;
	p->p_memsz = end - start;
	p->p_filesz = filesz;
	p->p_align = align;
}

void dl_init_ta(void)
{
	struct dl_obj *ta = &dl_objs[0];
	memset(dl_objs, 0, sizeof(dl_objs));
	memset(ta_phdr, 0, sizeof(ta_phdr));
	ta->phdr = ta_phdr;
	ta->global = true;
	ta->refs = 1;
	ta_seg(PT_LOAD, PF_R | PF_X, TZV_TA_LOAD_VA, (uintptr_t)__ta_text_end,
	       (uintptr_t)__ta_text_end - TZV_TA_LOAD_VA, TZV_TA_PAGE_SIZE);
	ta_seg(PT_LOAD, PF_R | PF_W, (uintptr_t)__ta_stack_start, (uintptr_t)__ta_stack_top, 0,
	       TZV_TA_PAGE_SIZE);
	ta_seg(PT_LOAD, PF_R | PF_W, (uintptr_t)__ta_data_start, (uintptr_t)__ta_data_end,
	       (uintptr_t)__ta_data_end - (uintptr_t)__ta_data_start, TZV_TA_PAGE_SIZE);
	if ((uintptr_t)__ta_tls_size) {
		ta_seg(PT_TLS, PF_R, (uintptr_t)__ta_tdata_start,
		       (uintptr_t)__ta_tdata_start + (uintptr_t)__ta_tls_size,
		       (uintptr_t)__ta_tdata_size, (uintptr_t)__ta_tls_align);
		ta->tls = (uint8_t *)__ta_tls_tp + (uintptr_t)__ta_tls_align;
		ta->tls_off = (uintptr_t)__ta_tls_align; /* variant 1: right after the TCB */
		ta->tls_modid = 1;
	}
	if (_DYNAMIC) {
		const Elf64_Dyn *d = _DYNAMIC;
		while (d->d_tag != DT_NULL)
			d++;
		ta_seg(PT_DYNAMIC, PF_R | PF_W, (uintptr_t)_DYNAMIC, (uintptr_t)(d + 1),
		       (uintptr_t)(d + 1) - (uintptr_t)_DYNAMIC, 8);
		ta->dyn = _DYNAMIC;
		ta->ndyn = (size_t)(d + 1 - _DYNAMIC);
	}
	if (__ta_eh_frame_hdr_start &&
	    (uintptr_t)__ta_eh_frame_hdr_end > (uintptr_t)__ta_eh_frame_hdr_start)
		ta_seg(PT_GNU_EH_FRAME, PF_R, (uintptr_t)__ta_eh_frame_hdr_start,
		       (uintptr_t)__ta_eh_frame_hdr_end,
		       (uintptr_t)__ta_eh_frame_hdr_end - (uintptr_t)__ta_eh_frame_hdr_start, 4);
	dl_nobjs = 1;
	dl_adds = 1;
}

/* mk/ta.ld */
extern void (*__ta_init_array_start[])(void);
extern void (*__ta_init_array_end[])(void);

void dl_run_ta_init(void)
{
	for (void (**fn)(void) = __ta_init_array_start; fn < __ta_init_array_end; fn++)
		(*fn)();
}

/*
 * A static TA runs its constructors only; the loader (dl_load.c) is linked into a TA
 * that links shared libraries (the dev kit adds -u dl_link_ta) or calls dlopen.
 * dl_init_ta is the loader's (or dlopen's, dl_iterate_phdr's, when first called):
 * called here, it put 0.7 KiB of code into every static TA, which took the hello
 * example's code past its second page and each load of it 4 KiB more to hash.
 */
TEE_Result tzv_dl_start(void)
{
	if (dl_link_ta)
		return dl_link_ta();
	for (const Elf64_Dyn *d = _DYNAMIC; d && d->d_tag != DT_NULL; d++)
		if (d->d_tag == DT_NEEDED) {
			/* the plain log call: a static TA does not link the formatter */
			static const char msg[] = "dl: the TA needs shared libraries but has no "
						  "loader (link with -u dl_link_ta)";
			tzv_sys_log(msg, sizeof(msg) - 1);
			return TEE_ERROR_NOT_SUPPORTED;
		}
	dl_run_ta_init();
	return TEE_SUCCESS;
}

/* ---- dl_iterate_phdr ---- */

/*
 * As OP-TEE's: every object is passed to the callback, whatever it returns, and the
 * result is the last callback's (xtest 1030 counts the objects with a callback that
 * always returns 123).
 */
int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size, void *data), void *data)
{
	int r = 0;
	if (!dl_nobjs)
		dl_init_ta(); /* before CREATE (a unit test), the TA alone */
	for (unsigned i = 0; i < dl_nobjs; i++) {
		const struct dl_obj *o = &dl_objs[i];
		struct dl_phdr_info info = {
		    .dlpi_addr = o->base,
		    .dlpi_name = o->name,
		    .dlpi_phdr = o->phdr,
		    .dlpi_phnum = o->phnum,
		    .dlpi_adds = dl_adds,
		    .dlpi_subs = 0,
		    .dlpi_tls_modid = o->tls_modid,
		    .dlpi_tls_data = o->tls,
		};
		r = callback(&info, sizeof(info), data);
	}
	return r;
}

/* ---- libdl ---- */

/* ---- symbols ---- */

static uint32_t sysv_hash(const char *name)
{
	uint32_t h = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h = (h << 4) + *p;
		uint32_t g = h & 0xf0000000u;
		if (g)
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}

const Elf64_Sym *dl_lookup(const struct dl_obj *o, const char *name)
{
	if (!o->hash || !o->hash[0])
		return NULL;
	uint32_t nbucket = o->hash[0], nchain = o->hash[1];
	const uint32_t *bucket = o->hash + 2, *chain = bucket + nbucket;
	unsigned steps = 0;
	for (uint32_t i = bucket[sysv_hash(name) % nbucket]; i && i < nchain && steps < nchain;
	     i = chain[i], steps++) {
		const Elf64_Sym *s = &o->symtab[i];
		unsigned bind = ELF64_ST_BIND(s->st_info);
		if (s->st_shndx == SHN_UNDEF || s->st_name >= o->strsz ||
		    (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE))
			continue;
		if (!strcmp(o->strtab + s->st_name, name))
			return s;
	}
	return NULL;
}

static struct dl_obj *handle_obj(void *handle)
{
	for (unsigned i = 0; i < dl_nobjs; i++)
		if (handle == &dl_objs[i])
			return &dl_objs[i];
	return NULL;
}

static void *sym_addr(const struct dl_obj *o, const Elf64_Sym *s)
{
	if (ELF64_ST_TYPE(s->st_info) == STT_TLS)
		return o->tls ? o->tls + s->st_value : NULL;
	return (void *)(uintptr_t)(o->base + s->st_value);
}

void *dlsym(void *__restrict handle, const char *__restrict symbol)
{
	struct dl_obj *h = handle_obj(handle);
	const Elf64_Sym *s;
	if (!symbol || (handle && !h)) {
		dl_set_error("dlsym: not a handle from dlopen");
		return NULL;
	}
	if (!h || h == &dl_objs[0]) {
		/* RTLD_DEFAULT or dlopen(NULL): the global scope in load order */
		for (unsigned i = 0; i < dl_nobjs; i++)
			if (dl_objs[i].global && (s = dl_lookup(&dl_objs[i], symbol)))
				return sym_addr(&dl_objs[i], s);
	} else {
		/* the object, then what it needs, breadth first */
		unsigned queue[DL_MAX_OBJECTS], n = 0;
		bool seen[DL_MAX_OBJECTS] = {false};
		queue[n++] = (unsigned)(h - dl_objs);
		seen[queue[0]] = true;
		for (unsigned q = 0; q < n; q++) {
			const struct dl_obj *o = &dl_objs[queue[q]];
			if ((s = dl_lookup(o, symbol)))
				return sym_addr(o, s);
			for (unsigned d = 0; d < o->ndeps; d++)
				if (!seen[o->deps[d]]) {
					seen[o->deps[d]] = true;
					queue[n++] = o->deps[d];
				}
		}
	}
	quiet_error("dlsym: symbol not found: ", symbol);
	return NULL;
}

int dlclose(void *handle)
{
	struct dl_obj *o = handle_obj(handle);
	if (!o || !o->refs) {
		dl_set_error("dlclose: not an open handle");
		return -1;
	}
	o->refs--; /* never unmapped: RTLD_NODELETE for every library */
	return 0;
}

char *dlerror(void)
{
	if (!err_set)
		return NULL;
	err_set = false;
	return err_msg;
}
