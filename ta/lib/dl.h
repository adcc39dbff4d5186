/*
 * libutee's loader of shared TA libraries (dl.c: the objects, libdl's API,
 * dl_iterate_phdr; dl_load.c: mapping through the kernel, relocation, TLS,
 * constructors). The kernel maps a library's segments (TZV_TA_SYS_MAP_LIB); all
 * the rest happens here, at S-EL0, with the TA's own rights.
 */
#ifndef TZV_DL_H
#define TZV_DL_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tee_api_types.h>
#include <tzvisor/ta_abi.h>

#define DL_MAX_OBJECTS (1 + TZV_TA_MAX_LIBS) /* the TA and its libraries */
#define DL_MAX_DEPS 8			     /* DT_NEEDED entries of one object */

/* One ELF object of the instance: dl_objs[0] is the TA, then libraries in load order. */
struct dl_obj {
	uint64_t base; /* load bias: 0 for the TA (ET_EXEC) */
	char name[40]; /* "" for the TA, a library's UUID string */
	const Elf64_Phdr *phdr;
	Elf64_Half phnum;
	const Elf64_Dyn *dyn; /* NULL for a TA without shared libraries */
	size_t ndyn;	      /* entries PT_DYNAMIC holds: none is read past them */
	const Elf64_Sym *symtab;
	const char *strtab;
	uint64_t strsz;
	const uint32_t *hash; /* SysV: nbucket, nchain, buckets, chains */
	uint8_t *tls;	      /* its TLS block (PT_TLS), NULL without */
	void *tls_mem;	      /* the heap block it lies in (libraries) */
	uint64_t tls_off;     /* TP-relative offset of that block */
	size_t tls_modid;     /* 1-based, 0 without TLS */
	unsigned ndeps, deps[DL_MAX_DEPS];
	unsigned refs; /* dlopen count */
	bool global;   /* in the global scope (the TA, link-time libraries, RTLD_GLOBAL) */
};

extern struct dl_obj dl_objs[DL_MAX_OBJECTS];
extern unsigned dl_nobjs;
extern unsigned long long dl_adds;

/* dl.c: records the message dlerror() gives next, and logs it. */
void dl_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* dl.c: the TA as dl_objs[0] (its program headers made from mk/ta.ld's symbols). */
void dl_init_ta(void);

/*
 * dl_load.c: loads the library named by uuid_str and, breadth first, what it needs;
 * relocates and initialises every object added. *index: the library's slot.
 * On failure nothing is added (pages the kernel mapped stay mapped).
 */
TEE_Result dl_load(const char *uuid_str, bool global, unsigned *index);
/* dl_load.c: reads an object's dynamic section (symbols, hash, needed). */
TEE_Result dl_read_dynamic(struct dl_obj *o);
/*
 * dl_load.c: the TA as dl_objs[0] (dl_init_ta), its DT_NEEDED libraries, relocated
 * and initialised.
 * Weak: a TA that neither links shared libraries nor calls dlopen goes without.
 * Hidden, as every weak symbol libutee reads before the TA is relocated: the
 * linker then resolves its GOT entry itself instead of leaving a relocation.
 */
TEE_Result dl_link_ta(void) __attribute__((weak, visibility("hidden")));
/* dl.c: the TA's own constructors (mk/ta.ld's .init_array). */
void dl_run_ta_init(void);
/* dl.c: a defined global symbol of o by name (its SysV hash table), or NULL. */
const Elf64_Sym *dl_lookup(const struct dl_obj *o, const char *name);

#endif
