/* The hypervisor's own stage-1 map, each VM's stage-2 map, and per-core EL2 set-up. */
#include "hyp.h"
#include <lib/pgtable.h>
#include <lib/string.h>
#include <lib/sysreg.h>

#define POOL_PAGES 64
static uint64_t page_pool[POOL_PAGES][512] __attribute__((aligned(4096)));
static uint32_t pool_next;

static uint64_t *page_alloc(void)
{
	if (pool_next == POOL_PAGES)
		return 0;
	uint64_t *page = page_pool[pool_next++];
	memset(page, 0, PAGE_SIZE);
	return page;
}

static uint64_t *el2_root;

#define TCR_T0SZ (64 - PGTABLE_IA_BITS)
#define TCR_WBWA_INNER_SHARED ((1ul << 8) | (1ul << 10) | (3ul << 12))
#define TCR_PS_40BIT (2ul << 16)
#define TCR_EL2_RES1 ((1ul << 23) | (1ul << 31))
#define TCR_EL2_VALUE (TCR_T0SZ | TCR_WBWA_INNER_SHARED | TCR_PS_40BIT | TCR_EL2_RES1)
#define VTCR_SL0_LEVEL1 (1ul << 6)
#define VTCR_EL2_VALUE (TCR_T0SZ | VTCR_SL0_LEVEL1 | TCR_WBWA_INNER_SHARED | TCR_PS_40BIT | (1ul << 31))
#define SCTLR_EL2_RES1 0x30c50830ul
#define SCTLR_M (1ul << 0)
#define SCTLR_C (1ul << 2)
#define SCTLR_I (1ul << 12)
#define CPTR_EL2_RES1 0x33fful
/* EL1PCTEN: guests read the physical counter; EL1PCEN clear: their CNTP_* accesses trap
 * (emulated as RAZ/WI, vgic.c): guests use the virtual timer. */
#define CNTHCTL_EL1PCTEN 1ul

/* Code and data in the hypervisor's RAM; every VM's RAM (to load images); the real UART. */
int hyp_mmu_build(void)
{
	const struct platform_config *cfg = &platform_config;
	struct pgtable pt = { page_alloc(), page_alloc };
	el2_root = pt.root;
	int err = pgtable_map(&pt, cfg->hyp.ram_base, cfg->hyp.ram_base, cfg->hyp.ram_size,
			      S1_ATTR_NORMAL | S1_SH_INNER | S1_AF);
	err |= pgtable_map(&pt, PLAT_UART0_BASE, PLAT_UART0_BASE, PAGE_SIZE,
			   S1_ATTR_DEVICE | S1_AF | S1_XN);
	/* The real distributor and every core's redistributor frames. */
	err |= pgtable_map(&pt, PLAT_GICD_BASE, PLAT_GICD_BASE, 0x10000,
			   S1_ATTR_DEVICE | S1_AF | S1_XN);
	err |= pgtable_map(&pt, PLAT_GICR_BASE, PLAT_GICR_BASE, PLAT_GICR_STRIDE * PLAT_MAX_CPUS,
			   S1_ATTR_DEVICE | S1_AF | S1_XN);
	for (uint32_t i = 0; i < cfg->vm_count; i++)
		err |= pgtable_map(&pt, cfg->vms[i].ram_base, cfg->vms[i].ram_base,
				   cfg->vms[i].ram_size, S1_ATTR_NORMAL | S1_SH_INNER | S1_AF | S1_XN);
	return err;
}

void hyp_cpu_setup(void)
{
	write_sysreg(mair_el2, S1_MAIR_VALUE);
	write_sysreg(tcr_el2, TCR_EL2_VALUE);
	write_sysreg(ttbr0_el2, (uint64_t)el2_root);
	isb();
	__asm__ volatile("tlbi alle2\n dsb ish\n isb" ::: "memory");
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_I);
	isb();
	write_sysreg(vtcr_el2, VTCR_EL2_VALUE);
	write_sysreg(cptr_el2, CPTR_EL2_RES1);
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN);
	write_sysreg(cntvoff_el2, 0); /* the virtual counter is the physical one */
	isb();
	gic_cpu_setup();
}

/* The VM's RAM only, IPA == PA. Its UART page stays unmapped: accesses trap and are emulated. */
int vm_stage2_build(struct vm *vm, uint32_t vmid)
{
	struct pgtable pt = { page_alloc(), page_alloc };
	if (!pt.root)
		return -1;
	if (pgtable_map(&pt, vm->cfg->ram_base, vm->cfg->ram_base, vm->cfg->ram_size,
			S2_MEM_NORMAL | S2_AP_RW | S2_SH_INNER | S2_AF))
		return -1;
	vm->vttbr = (uint64_t)pt.root | ((uint64_t)vmid << 48);
	vm->s2_root = pt.root;
	return 0;
}

/* Stage-2 entries are cached with the VMID of VTTBR_EL2: the caller runs a vCPU of vm. */
static void stage2_changed(void)
{
	__asm__ volatile("dsb ishst\n tlbi vmalls12e1is\n dsb ish\n isb" ::: "memory");
}

/*
 * Without interrupts to send (no virtual GIC), this is how the VM's other
 * cores are stopped: with its stage 2 empty, each faults at its next
 * instruction fetch or access, comes back to EL2 and sees the VM's state.
 * One in WFI stays asleep until an interrupt wakes it, then does the same.
 */
void vm_stage2_revoke(struct vm *vm)
{
	for (int i = 0; i < 512; i++) {
		vm->s2_root_copy[i] = vm->s2_root[i];
		__atomic_store_n(&vm->s2_root[i], 0, __ATOMIC_RELAXED);
	}
	stage2_changed();
}

void vm_stage2_restore(struct vm *vm)
{
	for (int i = 0; i < 512; i++)
		__atomic_store_n(&vm->s2_root[i], vm->s2_root_copy[i], __ATOMIC_RELAXED);
	stage2_changed();
}
