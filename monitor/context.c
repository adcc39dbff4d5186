#include "context.h"
#include <lib/sysreg.h>
#include <stddef.h>

_Static_assert(offsetof(struct cpu_context, elr_el3) == CTX_ELR_OFFSET, "entry.S layout");
_Static_assert(offsetof(struct cpu_context, spsr_el3) == CTX_SPSR_OFFSET, "entry.S layout");
_Static_assert(offsetof(struct cpu_context, c_stack_top) == CTX_STACK_OFFSET, "entry.S layout");
_Static_assert(offsetof(struct cpu_context, fp) == CTX_FP_OFFSET, "entry.S layout");

/* Writes an EL2_SYSREGS_IO register only when it changes (reading it is cheap). */
#define SYSREG_RESTORE_IF_CHANGED(r)                                                               \
	if (read_sysreg(r) != regs->r)                                                             \
		write_sysreg(r, regs->r);

void sysregs_save(struct world_sysregs *regs)
{
	EL1_CONTEXT_SYSREGS(SYSREG_SAVE)
	EL2_SYSREGS(SYSREG_SAVE)
}

void sysregs_restore(const struct world_sysregs *regs)
{
	EL1_CONTEXT_SYSREGS(SYSREG_RESTORE)
	EL2_SYSREGS_PLAIN(SYSREG_RESTORE)
	EL2_SYSREGS_IO(SYSREG_RESTORE_IF_CHANGED)
	isb();
}

void sysregs_restore_el2(const struct world_sysregs *regs)
{
	EL2_SYSREGS_PLAIN(SYSREG_RESTORE)
	EL2_SYSREGS_IO(SYSREG_RESTORE_IF_CHANGED)
	isb();
}
