/*
 * libutee's loader of shared TA libraries (ta/lib/dl_load.c, dl.c) on the host, on a
 * synthetic library the "kernel" maps (tzv_sys_map_lib answers a heap block): a header
 * page (ELF and program headers, symbols, hash, strings, relocations), a writable page
 * (the dynamic section, data) and a page after it that no segment covers, the guard.
 * A signed library may still be buggy or hostile: its relocations, symbols, strings,
 * dynamic section and TLS block must keep the loader inside the library's own
 * segments, so a TA cannot be made to write outside its mappings (or past a heap block).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <elf.h>
#include <tee_internal_api.h>

#include "../../ta/lib/dl.h"
#include "../../ta/lib/utee.h"

void *dlopen(const char *filename, int flags);
void *dlsym(void *__restrict handle, const char *__restrict symbol);

/* mk/ta.ld's symbols: a TA without TLS, constructors or an unwinder table */
__asm__(".globl __ta_text_end, __ta_stack_start, __ta_stack_top, __ta_data_start\n"
	".globl __ta_data_end, __ta_tdata_start, __ta_tdata_size, __ta_tls_size\n"
	".globl __ta_tls_align, __ta_tls_tp, __ta_init_array_start, __ta_init_array_end\n"
	".set __ta_text_end, 0x1000\n.set __ta_stack_start, 0x2000\n"
	".set __ta_stack_top, 0x3000\n.set __ta_data_start, 0x3000\n"
	".set __ta_data_end, 0x4000\n.set __ta_tdata_start, 0\n.set __ta_tdata_size, 0\n"
	".set __ta_tls_size, 0\n.set __ta_tls_align, 0\n.set __ta_tls_tp, 0\n"
	".set __ta_init_array_start, 0\n.set __ta_init_array_end, 0\n");

void tzv_tlsdesc_static(void);
void tzv_tlsdesc_static(void)
{
}

#define PAGE 0x1000
#define LIB_UUID "6c1b2a3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

/* The library: header page, writable page, guard page. */
static uint8_t *lib;
#define RW 0x1000    /* the writable segment's VA */
#define GUARD 0x2000 /* the page no segment covers */
#define DYN_OFF RW   /* the dynamic section */
#define VAR_VA (RW + 0x800)
#define BIG_VA (RW + 0x900)
#define SYMTAB 0x200
#define HASH 0x300
#define STRTAB 0x400
#define RELA 0x500

static const char strtab[] = "\0var\0big"; /* its NUL ends it: 9 bytes */
enum { SYM_VAR = 1, SYM_BIG = 2, NSYMS = 3 };

struct rela_spec {
	uint64_t offset;
	uint32_t sym, type;
	int64_t addend;
};

/* What each test changes of a good library. */
struct lib_spec {
	struct rela_spec rela[4];
	unsigned nrela;
	uint64_t big_size;  /* st_size of "big" (default 8) */
	uint64_t strsz;	    /* DT_STRSZ (default: the table with its NUL) */
	bool dyn_cut;	    /* PT_DYNAMIC stops before DT_NULL; DT_TEXTREL follows it */
	uint64_t tls_memsz; /* a PT_TLS of that size (0: none) */
};

static void build(const struct lib_spec *spec)
{
	memset(lib, 0, 3 * PAGE);
	memset(lib + GUARD, 0x5a, PAGE);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)lib;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_type = ET_DYN;
	eh->e_machine = EM_AARCH64;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	Elf64_Phdr *ph = (Elf64_Phdr *)(lib + eh->e_phoff);
	unsigned n = 0;
	ph[n++] = (Elf64_Phdr){PT_LOAD, PF_R | PF_X, 0, 0, 0, PAGE, PAGE, PAGE};
	ph[n++] = (Elf64_Phdr){PT_LOAD, PF_R | PF_W, RW, RW, RW, PAGE, PAGE, PAGE};
	Elf64_Dyn *dyn = (Elf64_Dyn *)(lib + DYN_OFF);
	unsigned nd = 0;
	uint64_t relasz = spec->nrela * sizeof(Elf64_Rela);
	dyn[nd++] = (Elf64_Dyn){DT_HASH, {HASH}};
	dyn[nd++] = (Elf64_Dyn){DT_SYMTAB, {SYMTAB}};
	dyn[nd++] = (Elf64_Dyn){DT_STRTAB, {STRTAB}};
	dyn[nd++] = (Elf64_Dyn){DT_STRSZ, {spec->strsz ? spec->strsz : sizeof(strtab)}};
	dyn[nd++] = (Elf64_Dyn){DT_SYMENT, {sizeof(Elf64_Sym)}};
	if (relasz) {
		dyn[nd++] = (Elf64_Dyn){DT_RELA, {RELA}};
		dyn[nd++] = (Elf64_Dyn){DT_RELASZ, {relasz}};
		dyn[nd++] = (Elf64_Dyn){DT_RELAENT, {sizeof(Elf64_Rela)}};
	}
	unsigned declared = nd + 1;
	if (spec->dyn_cut) {
		declared = nd; /* what follows is outside the section */
		dyn[nd++] = (Elf64_Dyn){DT_TEXTREL, {1}};
	}
	dyn[nd++] = (Elf64_Dyn){DT_NULL, {0}};
	ph[n++] = (Elf64_Phdr){PT_DYNAMIC,
			       PF_R | PF_W,
			       DYN_OFF,
			       DYN_OFF,
			       DYN_OFF,
			       declared * sizeof(Elf64_Dyn),
			       declared * sizeof(Elf64_Dyn),
			       8};
	if (spec->tls_memsz)
		ph[n++] =
		    (Elf64_Phdr){PT_TLS, PF_R, VAR_VA, VAR_VA, VAR_VA, 16, spec->tls_memsz, 16};
	eh->e_phnum = (Elf64_Half)n;

	Elf64_Sym *sym = (Elf64_Sym *)(lib + SYMTAB);
	sym[SYM_VAR] = (Elf64_Sym){1, ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT), 0, 2, VAR_VA, 8};
	sym[SYM_BIG] = (Elf64_Sym){5,	   ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT), 0, 2,
				   BIG_VA, spec->big_size ? spec->big_size : 8};
	/* SysV hash: one bucket, every symbol on its chain */
	uint32_t *hash = (uint32_t *)(lib + HASH);
	hash[0] = 1;
	hash[1] = NSYMS;
	hash[2] = SYM_BIG;	  /* bucket 0 */
	hash[3] = 0, hash[4] = 0; /* chain[0], chain[1] */
	hash[5] = SYM_VAR;	  /* chain[2] */
	memcpy(lib + STRTAB, strtab, sizeof(strtab));
	if (spec->strsz && spec->strsz < sizeof(strtab))
		lib[STRTAB + spec->strsz] = 'X'; /* whatever follows the table */
	Elf64_Rela *r = (Elf64_Rela *)(lib + RELA);
	for (unsigned i = 0; i < spec->nrela; i++)
		r[i] = (Elf64_Rela){spec->rela[i].offset,
				    ELF64_R_INFO(spec->rela[i].sym, spec->rela[i].type),
				    spec->rela[i].addend};
}

TEE_Result tzv_sys_map_lib(const uint8_t uuid[16], uint64_t *base)
{
	static const uint8_t want[16] = {0x6c, 0x1b, 0x2a, 0x3d, 0x4e, 0x5f, 0x4a, 0x6b,
					 0x8c, 0x7d, 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d};
	if (memcmp(uuid, want, 16))
		return TEE_ERROR_ITEM_NOT_FOUND;
	*base = (uint64_t)(uintptr_t)lib;
	return TEE_SUCCESS;
}

static uint64_t word(uint64_t va)
{
	uint64_t v;
	memcpy(&v, lib + va, 8);
	return v;
}

static void guard_intact(void)
{
	for (unsigned i = 0; i < PAGE; i++)
		if (lib[GUARD + i] != 0x5a)
			fail_msg("guard byte %u written", i);
}

static int setup(void **state)
{
	(void)state;
	if (!lib)
		lib = aligned_alloc(PAGE, 3 * PAGE);
	dl_nobjs = 0; /* a fresh instance: dlopen starts from the TA alone */
	return 0;
}

static void test_good_library_relocated(void **state)
{
	(void)state;
	struct lib_spec s = {.nrela = 3,
			     .rela = {{RW + 0x808, 0, R_AARCH64_RELATIVE, 0x10},
				      {RW + 0x810, SYM_VAR, R_AARCH64_ABS64, 4},
				      {RW + 0x818, SYM_BIG, R_AARCH64_GLOB_DAT, 0}}};
	build(&s);
	uint64_t base = (uint64_t)(uintptr_t)lib;
	void *h = dlopen(LIB_UUID, 0);
	assert_non_null(h);
	assert_int_equal(word(RW + 0x808), base + 0x10);
	assert_int_equal(word(RW + 0x810), base + VAR_VA + 4);
	assert_int_equal(word(RW + 0x818), base + BIG_VA);
	assert_ptr_equal(dlsym(h, "var"), lib + VAR_VA);
	guard_intact();
}

/* A COPY writes the symbol's st_size bytes: all of them must lie in a writable segment. */
static void test_copy_past_writable_segment_refused(void **state)
{
	(void)state;
	struct lib_spec s = {
	    .nrela = 1, .rela = {{GUARD - 8, SYM_BIG, R_AARCH64_COPY, 0}}, .big_size = 64};
	build(&s);
	assert_null(dlopen(LIB_UUID, 0));
	guard_intact();
	/* the same copy that fits is done */
	s.rela[0].offset = GUARD - 64;
	build(&s);
	memset(lib + BIG_VA, 0x77, 64);
	assert_non_null(dlopen(LIB_UUID, 0));
	assert_int_equal(lib[GUARD - 1], 0x77);
	guard_intact();
}

/* Relocation targets and symbols that the existing checks refuse. */
static void test_bad_relocations_refused(void **state)
{
	(void)state;
	struct lib_spec s = {.nrela = 1, .rela = {{GUARD, 0, R_AARCH64_RELATIVE, 0}}};
	build(&s);
	assert_null(dlopen(LIB_UUID, 0)); /* in the guard */
	s.rela[0] = (struct rela_spec){GUARD - 4, 0, R_AARCH64_RELATIVE, 0};
	build(&s);
	assert_null(dlopen(LIB_UUID, 0)); /* straddles the segment's end */
	s.rela[0] = (struct rela_spec){0x10, 0, R_AARCH64_RELATIVE, 0};
	build(&s);
	assert_null(dlopen(LIB_UUID, 0)); /* the read-only segment */
	s.rela[0] = (struct rela_spec){RW + 0x808, NSYMS, R_AARCH64_ABS64, 0};
	build(&s);
	assert_null(dlopen(LIB_UUID, 0)); /* a symbol index past the table */
	s.rela[0] = (struct rela_spec){RW + 0x808, (uint32_t)-1, R_AARCH64_ABS64, 0};
	build(&s);
	assert_null(dlopen(LIB_UUID, 0));
	s.rela[0] = (struct rela_spec){(uint64_t)-8, 0, R_AARCH64_RELATIVE, 0};
	build(&s);
	assert_null(dlopen(LIB_UUID, 0)); /* an offset that wraps */
	guard_intact();
}

/* Names are read up to their NUL: a string table not ended by one is refused. */
static void test_unterminated_string_table_refused(void **state)
{
	(void)state;
	struct lib_spec s = {.strsz = sizeof(strtab) - 1};
	build(&s);
	assert_null(dlopen(LIB_UUID, 0));
}

/* Nothing past PT_DYNAMIC's size is read as an entry (here: a DT_TEXTREL right after it). */
static void test_dynamic_read_within_its_size(void **state)
{
	(void)state;
	struct lib_spec s = {.dyn_cut = true};
	build(&s);
	assert_non_null(dlopen(LIB_UUID, 0));
	/* the same entry inside the section refuses the library */
	setup(NULL);
	struct lib_spec t = {0};
	build(&t);
	Elf64_Dyn *dyn = (Elf64_Dyn *)(lib + DYN_OFF);
	for (unsigned i = 0; dyn[i].d_tag != DT_NULL; i++)
		if (dyn[i].d_tag == DT_SYMENT)
			dyn[i].d_tag = DT_TEXTREL;
	assert_null(dlopen(LIB_UUID, 0));
}

/* A TLS block whose size would wrap the heap request is refused, not under-allocated. */
static void test_tls_size_wrap_refused(void **state)
{
	(void)state;
	struct lib_spec s = {.tls_memsz = UINT64_MAX - 8};
	build(&s);
	assert_null(dlopen(LIB_UUID, 0));
	struct lib_spec t = {.tls_memsz = 64};
	build(&t);
	assert_non_null(dlopen(LIB_UUID, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_good_library_relocated, setup),
	    cmocka_unit_test_setup(test_copy_past_writable_segment_refused, setup),
	    cmocka_unit_test_setup(test_bad_relocations_refused, setup),
	    cmocka_unit_test_setup(test_unterminated_string_table_refused, setup),
	    cmocka_unit_test_setup(test_dynamic_read_within_its_size, setup),
	    cmocka_unit_test_setup(test_tls_size_wrap_refused, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
