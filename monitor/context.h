/* Per-core, per-world state the monitor saves on a world switch. */
#ifndef MONITOR_CONTEXT_H
#define MONITOR_CONTEXT_H

#include <lib/el1_sysregs.h>
#include <stdint.h>

/*
 * EL2 registers: with FEAT_SEL2 secure and non-secure EL2 share these.
 * EL2_SYSREGS_IO: those whose writes QEMU (7.2) emulates under its global lock
 * (ARM_CP_IO); reading them takes no lock. The monitor writes each only when
 * the value it loads differs from the one in the register: CNTVOFF_EL2 is 0 in
 * both worlds, MDCR_EL2 the same unless the hypervisor changes it.
 */
#define EL2_SYSREGS_PLAIN(X)                                                                \
	X(hcr_el2) X(vttbr_el2) X(vtcr_el2) X(sctlr_el2) X(ttbr0_el2) X(tcr_el2) X(mair_el2) \
	X(amair_el2) X(vbar_el2) X(elr_el2) X(spsr_el2) X(esr_el2) X(far_el2) X(hpfar_el2)   \
	X(afsr0_el2) X(afsr1_el2) X(sp_el2) X(cptr_el2) X(cnthctl_el2) X(vmpidr_el2)         \
	X(vpidr_el2) X(tpidr_el2) X(hstr_el2)
#define EL2_SYSREGS_IO(X) X(mdcr_el2) X(cntvoff_el2)
#define EL2_SYSREGS(X) EL2_SYSREGS_PLAIN(X) EL2_SYSREGS_IO(X)

/* The EL1 timers are not here: they stay the normal world's (lib/el1_sysregs.h). */
struct world_sysregs {
	EL1_CONTEXT_SYSREGS(SYSREG_FIELD)
	EL2_SYSREGS(SYSREG_FIELD)
};

struct fp_state {
	uint64_t q[64]; /* q0..q31, 16 bytes each */
	uint64_t fpsr;
	uint64_t fpcr;
};

/* The first fields are used by the vector code in entry.S: keep the offsets. */
struct cpu_context {
	uint64_t x[31];
	uint64_t elr_el3;
	uint64_t spsr_el3;
	uint64_t scr_el3;
	uint64_t c_stack_top;
	uint64_t pad;
	struct fp_state fp; /* 16-byte aligned for stp q */
	struct world_sysregs sys;
} __attribute__((aligned(16)));

#define CTX_ELR_OFFSET 248
#define CTX_SPSR_OFFSET 256
#define CTX_STACK_OFFSET 272
#define CTX_FP_OFFSET 288

enum world { WORLD_NORMAL = 0, WORLD_SECURE = 1 };

void sysregs_save(struct world_sysregs *regs);
void sysregs_restore(const struct world_sysregs *regs);
void sysregs_restore_el2(const struct world_sysregs *regs);
void fp_save(struct fp_state *fp);
void fp_restore(const struct fp_state *fp);

#endif
