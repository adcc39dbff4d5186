/* The TEE-visor's own stage-1 map and the register set-up every core needs. */
#include "tvisor.h"
#include <lib/pgtable.h>
#include <lib/sysreg.h>
#include <lib/string.h>
#include <tzvisor/platform.h>

#define POOL_PAGES TVISOR_TABLE_PAGES
static uint64_t page_pool[POOL_PAGES][512] __attribute__((aligned(4096)));
static uint32_t pool_next;

uint64_t *page_pool_alloc(void)
{
	if (pool_next == POOL_PAGES)
		return 0;
	uint64_t *page = page_pool[pool_next++];
	memset(page, 0, PAGE_SIZE);
	return page;
}

uint32_t page_pool_used(void)
{
	return pool_next;
}

static uint64_t *el2_root;

#define TCR_T0SZ (64 - PGTABLE_IA_BITS)
#define TCR_WBWA_INNER_SHARED ((1ul << 8) | (1ul << 10) | (3ul << 12))
#define TCR_EL2_VALUE (TCR_T0SZ | TCR_WBWA_INNER_SHARED | (2ul << 16) | (1ul << 23) | (1ul << 31))
#define VTCR_SL0_LEVEL1 (1ul << 6)
#define VTCR_NSA (1ul << 30)
#define VTCR_EL2_VALUE (TCR_T0SZ | VTCR_SL0_LEVEL1 | TCR_WBWA_INNER_SHARED | (2ul << 16) | (1ul << 31) | VTCR_NSA)
#define VSTCR_EL2_VALUE (TCR_T0SZ | VTCR_SL0_LEVEL1)
#define SCTLR_EL2_VALUE (0x30c50830ul | (1ul << 0) | (1ul << 2) | (1ul << 12))

/*
 * HCR_EL2 while instances run: stage 2 on, their SMCs and WFI/WFE trapped
 * here; pointer authentication neither trapped (API) nor its key registers
 * (APK): TAs use it, each with its own keys, which the TEE kernel loads
 * (tee/pauth.c; the monitor keeps the normal world's). Nothing else a TA
 * may execute traps to S-EL2; whatever still does is handed to the TEE
 * kernel (instance.c).
 */
#define HCR_VM (1ul << 0)
#define HCR_TWI (1ul << 13)
#define HCR_TWE (1ul << 14)
#define HCR_TSC (1ul << 19)
#define HCR_RW (1ul << 31)
#define HCR_APK (1ul << 40)
#define HCR_API (1ul << 41)
#define HCR_EL2_VALUE (HCR_VM | HCR_TWI | HCR_TWE | HCR_TSC | HCR_RW | HCR_APK | HCR_API)
/* EL1PCTEN: the physical counter readable at S-EL1/S-EL0 (the EL1 physical timer stays trapped). */
#define CNTHCTL_EL1PCTEN 1ul

void tvisor_mmu_build(void)
{
	struct pgtable pt = { page_pool_alloc(), page_pool_alloc };
	el2_root = pt.root;
	int err = 0;
	err |= pgtable_map(&pt, PLAT_GICD_BASE, PLAT_GICD_BASE, 0x01000000,
			   S1_ATTR_DEVICE | S1_AF | S1_XN | S1_PXN);
	err |= pgtable_map(&pt, PLAT_UART0_BASE, PLAT_UART0_BASE, PAGE_SIZE,
			   S1_ATTR_DEVICE | S1_AF | S1_XN | S1_PXN);
	err |= pgtable_map(&pt, SRAM_BASE, SRAM_BASE, SRAM_SIZE,
			   S1_ATTR_NORMAL | S1_SH_INNER | S1_AF);
	/* Normal-world RAM, non-secure: only to report a dead instance to its caller. */
	err |= pgtable_map(&pt, PLAT_DRAM_BASE, PLAT_DRAM_BASE, PLAT_DRAM_SIZE_MAX,
			   S1_ATTR_NORMAL | S1_SH_INNER | S1_AF | S1_NS | S1_XN | S1_PXN);
	if (err) {
		uint64_t fail[8] = { 0xbe000013u, 1 };
		tvisor_smc_exit(fail);
	}
}

void tvisor_cpu_setup(void)
{
	write_sysreg(mair_el2, S1_MAIR_VALUE);
	write_sysreg(tcr_el2, TCR_EL2_VALUE);
	write_sysreg(ttbr0_el2, (uint64_t)el2_root);
	isb();
	__asm__ volatile("tlbi alle2\n dsb ish\n isb" ::: "memory");
	write_sysreg(sctlr_el2, SCTLR_EL2_VALUE);
	isb();
	write_sysreg(vtcr_el2, VTCR_EL2_VALUE);
	write_sysreg(S3_4_C2_C6_2, VSTCR_EL2_VALUE); /* VSTCR_EL2 */
	write_sysreg(hcr_el2, HCR_EL2_VALUE);
	write_sysreg(cptr_el2, 0x33fful);
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN);
	isb();
}
