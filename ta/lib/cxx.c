/*
 * What the C++ runtime needs from libutee. The dev kit links a TA with C++ sources
 * against Debian's libstdc++/libsupc++ and libgcc_eh, statically (ta/devkit/mk); they
 * take malloc, abort, the string functions from libutee, and these:
 *  - __cxa_atexit and __dso_handle: the destructors of static objects, run at DESTROY
 *    (tzv_cxx_fini) last registered first, then .fini_array;
 *  - _dl_find_object: how GCC 12's unwinder finds the .eh_frame_hdr of the object a PC
 *    lies in (glibc's ABI, without the optional fields: aarch64 has neither), answered
 *    from dl_iterate_phdr (ta/lib/dl.c: the TA, PT_GNU_EH_FRAME when it keeps
 *    .eh_frame_hdr, and each shared TA library);
 *  - __getauxval: libgcc's outline atomics ask it for the CPU's HWCAP at start; 0 keeps
 *    them on the exclusive-access instructions every Armv8-A core has;
 *  - stderr, fputs, fputc, sprintf: libstdc++'s default terminate handler prints why
 *    the TA ends (an uncaught exception, demangled) on stderr: here the TA's log, a line
 *    at a time; then abort() panics the TA.
 * A C TA links none of this: libutee calls tzv_cxx_fini through a weak reference.
 */
#include <link.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "utee.h"

void *__dso_handle = &__dso_handle;

struct atexit_fn {
	void (*fn)(void *);
	void *arg;
};

static struct atexit_fn *atexit_fns;
static size_t atexit_count, atexit_room;

int __cxa_atexit(void (*fn)(void *), void *arg, void *dso);
int __cxa_atexit(void (*fn)(void *), void *arg, void *dso)
{
	(void)dso; /* one object with destructors: the TA (shared libraries use -fno-exceptions
		      and their own registrations end with the instance) */
	if (atexit_count == atexit_room) {
		size_t room = atexit_room ? 2 * atexit_room : 16;
		struct atexit_fn *p = realloc(atexit_fns, room * sizeof(*p));
		if (!p)
			return -1;
		atexit_fns = p;
		atexit_room = room;
	}
	atexit_fns[atexit_count].fn = fn;
	atexit_fns[atexit_count].arg = arg;
	atexit_count++;
	return 0;
}

/* mk/ta.ld */
extern void (*__ta_fini_array_start[])(void);
extern void (*__ta_fini_array_end[])(void);

void tzv_cxx_fini(void)
{
	while (atexit_count) {
		atexit_count--;
		atexit_fns[atexit_count].fn(atexit_fns[atexit_count].arg);
	}
	free(atexit_fns);
	atexit_fns = NULL;
	atexit_room = 0;
	for (void (**fn)(void) = __ta_fini_array_end; fn > __ta_fini_array_start;)
		(*--fn)();
}

/* glibc's struct dl_find_object on aarch64 (DLFO_STRUCT_HAS_EH_DBASE, _EH_COUNT: 0) */
struct dl_find_object {
	unsigned long long dlfo_flags;
	void *dlfo_map_start;
	void *dlfo_map_end;
	struct link_map *dlfo_link_map;
	void *dlfo_eh_frame;
	unsigned long long dlfo_reserved[7];
};

struct find {
	uintptr_t pc;
	struct dl_find_object *out;
	int found;
};

static int find_object(struct dl_phdr_info *info, size_t size, void *data)
{
	struct find *f = data;
	const Elf64_Phdr *load = NULL, *eh = NULL;
	(void)size;
	if (f->found)
		return 0;
	for (unsigned i = 0; i < info->dlpi_phnum; i++) {
		const Elf64_Phdr *p = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + p->p_vaddr;
		if (p->p_type == PT_LOAD && f->pc >= start && f->pc - start < p->p_memsz)
			load = p;
		if (p->p_type == PT_GNU_EH_FRAME)
			eh = p;
	}
	if (!load)
		return 0;
	f->found = 1;
	f->out->dlfo_flags = 0;
	f->out->dlfo_map_start = (void *)(info->dlpi_addr + load->p_vaddr);
	f->out->dlfo_map_end = (void *)(info->dlpi_addr + load->p_vaddr + load->p_memsz);
	f->out->dlfo_link_map = NULL;
	f->out->dlfo_eh_frame = eh ? (void *)(info->dlpi_addr + eh->p_vaddr) : NULL;
	return 0;
}

int _dl_find_object(void *pc, struct dl_find_object *result);
int _dl_find_object(void *pc, struct dl_find_object *result)
{
	struct find f = {.pc = (uintptr_t)pc, .out = result, .found = 0};
	dl_iterate_phdr(find_object, &f);
	return f.found ? 0 : -1;
}

unsigned long __getauxval(unsigned long type);
unsigned long __getauxval(unsigned long type)
{
	(void)type;
	return 0;
}

/* ---- what libstdc++'s terminate handler writes to ---- */

void *stderr;
static char err_line[200];
static size_t err_len;

int fputc(int c, void *f);
int fputc(int c, void *f)
{
	(void)f;
	if (c != '\n')
		err_line[err_len++] = (char)c;
	if (c == '\n' || err_len == sizeof(err_line)) {
		tzv_sys_log(err_line, err_len);
		err_len = 0;
	}
	return (unsigned char)c;
}

int fputs(const char *s, void *f);
int fputs(const char *s, void *f)
{
	while (*s)
		fputc(*s++, f);
	return 0;
}

/* The demangler formats numbers with it. */
int sprintf(char *buf, const char *fmt, ...);
int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = tzv_vsnprintf(buf, 4096, fmt, ap);
	va_end(ap);
	return n;
}
