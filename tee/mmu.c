/*
 * The TEE kernel's stage-1 translation (4 KiB granule, 39-bit VA, identity map),
 * turning the MMU on, and cache maintenance for boot. Not built for the host tests.
 */
#include <stdbool.h>
#include <lib/sysreg.h>
#include <tzvisor/platform.h>
#include <tzvisor/secure_abi.h>
#include "mmu.h"
#include "tee.h"


#define PTE_VALID     (1ull << 0)
#define PTE_TABLE     (3ull << 0) /* table (L1/L2) or page (L3) */
#define PTE_BLOCK     (1ull << 0)
#define PTE_ATTR(i)   ((uint64_t)(i) << 2)
#define PTE_NS        (1ull << 5)
#define PTE_AP_RO     (2ull << 6) /* EL1 read-only, no EL0 access */
#define PTE_SH_INNER  (3ull << 8)
#define PTE_AF        (1ull << 10)
#define PTE_PXN       (1ull << 53)
#define PTE_UXN       (1ull << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000ull

#define MAIR_NORMAL_WB 0xffull /* attr index 0: Normal, inner/outer WB RA WA */
#define MAIR_DEVICE    0x00ull /* attr index 1: Device-nGnRnE (unused) */

#define ATTR_CODE (PTE_ATTR(0) | PTE_SH_INNER | PTE_AF | PTE_AP_RO | PTE_UXN)
#define ATTR_DATA (PTE_ATTR(0) | PTE_SH_INNER | PTE_AF | PTE_PXN | PTE_UXN)
#define ATTR_NS   (ATTR_DATA | PTE_NS)

#define VA_BITS   39
#define N_TABLES  6 /* root, L2 0-1 GiB, L3 code, L3 data, spare */

static uint64_t tables[N_TABLES][512] __attribute__((aligned(4096)));
static unsigned tables_used = 1; /* tables[0] is the level-1 root */

static uint64_t *next_table(uint64_t *entry)
{
	if ((*entry & 3) == PTE_TABLE)
		return (uint64_t *)(uintptr_t)(*entry & PTE_ADDR_MASK);
	if (*entry & PTE_VALID || tables_used == N_TABLES) {
		tee_log("mmu: table pool exhausted or overlapping map");
		tee_panic(TZV_PANIC_ASSERT);
	}
	uint64_t *t = tables[tables_used++];
	*entry = (uint64_t)(uintptr_t)t | PTE_TABLE;
	return t;
}

/* Identity-maps [va, va+size), page-aligned, with blocks where they fit. */
static void map_range(uint64_t va, uint64_t size, uint64_t attr)
{
	while (size) {
		uint64_t *l1e = &tables[0][(va >> 30) & 511];
		if ((va & ((1ull << 30) - 1)) == 0 && size >= (1ull << 30)) {
			*l1e = va | attr | PTE_BLOCK;
			va += 1ull << 30;
			size -= 1ull << 30;
			continue;
		}
		uint64_t *l2e = &next_table(l1e)[(va >> 21) & 511];
		if ((va & ((1ull << 21) - 1)) == 0 && size >= (1ull << 21)) {
			*l2e = va | attr | PTE_BLOCK;
			va += 1ull << 21;
			size -= 1ull << 21;
			continue;
		}
		uint64_t *l3e = &next_table(l2e)[(va >> 12) & 511];
		*l3e = va | attr | PTE_TABLE;
		va += PAGE_SIZE;
		size -= PAGE_SIZE;
	}
}
uint64_t *tee_kernel_root(void)
{
	return tables[0];
}
uint64_t tee_kernel_ttbr0(void)
{
	return (uint64_t)(uintptr_t)tables[0]; /* ASID 0: the kernel's own, all global */
}

void mmu_enable(uint64_t data_size)
{
	map_range(TEE_CODE_IPA, TEE_CODE_SIZE, ATTR_CODE);
	map_range(TEE_DATA_IPA, data_size, ATTR_DATA);
	map_range(PLAT_DRAM_BASE, PLAT_DRAM_SIZE_MAX, ATTR_NS);
	dsb(ish);

	write_sysreg(mair_el1, MAIR_NORMAL_WB | (MAIR_DEVICE << 8));
	uint64_t tcr = (64 - VA_BITS)  /* T0SZ */
		       | (1ull << 8)   /* IRGN0 WB WA */
		       | (1ull << 10)  /* ORGN0 WB WA */
		       | (3ull << 12)  /* SH0 inner shareable */
		       | (0ull << 14)  /* TG0 4 KiB */
		       | (1ull << 23)  /* EPD1: no TTBR1 walks */
		       | (2ull << 32); /* IPS 40 bits */
	write_sysreg(tcr_el1, tcr);
	write_sysreg(ttbr0_el1, (uint64_t)(uintptr_t)tables[0]);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tic iallu\n\tdsb nsh\n\tisb" ::: "memory");

	uint64_t sctlr = 0x30d00800ull  /* RES1 bits of ARMv8.0 (EOS, TSCXT, EIS, SPAN, nTLSMD, LSMAOE) */
			 | (1ull << 0)  /* M */
			 | (1ull << 2)  /* C */
			 | (1ull << 3)  /* SA */
			 | (1ull << 4)  /* SA0: TAs' stack alignment checked */
			 | (1ull << 12) /* I */
			 | (1ull << 14) /* DZE: DC ZVA at EL0 */
			 | (1ull << 15) /* UCT: CTR_EL0 readable at EL0 */
			 | (1ull << 19); /* WXN */
	/* EnIA, EnIB, EnDA, EnDB: pointer authentication for TAs (tee/pauth.c) */
	sctlr |= (1ull << 31) | (1ull << 30) | (1ull << 27) | (1ull << 13);
	/* PAN (ARMv8.1): set at every exception entry (SPAN = 0), and now */
	bool pan = (read_sysreg(id_aa64mmfr1_el1) >> 20) & 0xf;
	if (pan)
		sctlr &= ~(1ull << 23);
	/* FP/SIMD for TAs (Debian's mbedTLS in them uses it) and the kernel's own mbedTLS */
	write_sysreg(cpacr_el1, 3ull << 20);
	write_sysreg(sctlr_el1, sctlr);
	isb();
	if (pan)
		__asm__ volatile(".inst 0xd500419f" ::: "memory"); /* msr pan, #1 */
}

void dcache_clean_inval(uintptr_t start, uintptr_t end)
{
	uint64_t ctr = read_sysreg(ctr_el0);
	uintptr_t line = 4ul << ((ctr >> 16) & 0xf);
	for (uintptr_t a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(sy);
}
