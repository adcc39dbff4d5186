/* GICv3 set-up at EL3: both security states, every interrupt given to the normal world. */
#include "monitor.h"
#include <lib/sysreg.h>

#define GICD_CTLR     0x0000
#define GICD_TYPER    0x0004
#define GICD_IGROUPR  0x0080
#define GICD_IGRPMODR 0x0d00
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ENABLE_G0 (1u << 0)
#define GICD_CTLR_ENABLE_G1NS (1u << 1)
#define GICD_CTLR_ENABLE_G1S (1u << 2)
#define GICD_CTLR_ARE_S (1u << 4)
#define GICD_CTLR_ARE_NS (1u << 5)

#define GICR_WAKER    0x0014
#define GICR_TYPER    0x0008
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_SGI_BASE 0x10000
#define GICR_IGROUPR0 (GICR_SGI_BASE + 0x80)
#define GICR_IGRPMODR0 (GICR_SGI_BASE + 0xd00)

#define ICC_SRE_SRE (1u << 0)
#define ICC_SRE_DFB (1u << 1)
#define ICC_SRE_DIB (1u << 2)
#define ICC_SRE_ENABLE (1u << 3)

static inline volatile uint32_t *gicd(uint64_t off)
{
	return (volatile uint32_t *)(PLAT_GICD_BASE + off);
}

static inline volatile uint32_t *gicr(uint32_t core, uint64_t off)
{
	return (volatile uint32_t *)(PLAT_GICR_BASE + core * PLAT_GICR_STRIDE + off);
}

void gic_init_distributor(void)
{
	*gicd(GICD_CTLR) = 0;
	while (*gicd(GICD_CTLR) & GICD_CTLR_RWP)
		;
	uint32_t lines = ((*gicd(GICD_TYPER) & 0x1f) + 1) * 32;
	/* Shared interrupts: non-secure group 1, owned by the normal world. */
	for (uint32_t irq = 32; irq < lines; irq += 32) {
		*gicd(GICD_IGROUPR + irq / 8) = ~0u;
		*gicd(GICD_IGRPMODR + irq / 8) = 0;
	}
	*gicd(GICD_CTLR) = GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G0 |
			   GICD_CTLR_ENABLE_G1NS | GICD_CTLR_ENABLE_G1S;
	while (*gicd(GICD_CTLR) & GICD_CTLR_RWP)
		;
}

uint32_t gic_count_redistributors(void)
{
	uint32_t n = 0;
	while (n < PLAT_MAX_CPUS) {
		uint64_t typer = *(volatile uint64_t *)(PLAT_GICR_BASE + n * PLAT_GICR_STRIDE +
						       GICR_TYPER);
		n++;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return n;
}

void gic_init_core(uint32_t core)
{
	*gicr(core, GICR_WAKER) &= ~GICR_WAKER_PROCESSOR_SLEEP;
	while (*gicr(core, GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP)
		;
	*gicr(core, GICR_IGROUPR0) = ~0u;
	*gicr(core, GICR_IGRPMODR0) = 0;
	/* System-register interface for EL3 and, through the enable bits, for EL2 and EL1. */
	write_sysreg(S3_6_C12_C12_5, ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB | ICC_SRE_ENABLE);
	isb();
	write_sysreg(S3_4_C12_C9_5, ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB | ICC_SRE_ENABLE);
	isb();
}
