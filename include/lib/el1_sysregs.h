/* EL1 system registers that belong to whatever runs at EL1; swapped by EL3 and S-EL2. */
#ifndef LIB_EL1_SYSREGS_H
#define LIB_EL1_SYSREGS_H

/*
 * Everything but the EL1 timers and the pointer authentication keys: what the
 * TEE-visor swaps between TEE instances. With PMUSERENR_EL0, so neither the
 * normal world's PMU access reaches the secure side nor the reverse.
 *
 * EL1_INSTANCE_BOOT_SYSREGS: what the TEE kernel sets while it boots and never
 * writes again (tee/mmu.c, tee/platform.c) and no exception changes; the
 * TEE-visor saves them once, when the instance has booted, and loads them on
 * every entry. EL1_INSTANCE_CALL_SYSREGS: what a call may change (a TA's
 * tables, thread and stack pointers, exception state); saved after every call.
 */
#define EL1_INSTANCE_BOOT_SYSREGS(X)                                                        \
	X(sctlr_el1) X(cpacr_el1) X(ttbr1_el1) X(tcr_el1) X(mair_el1) X(amair_el1) X(vbar_el1) \
	X(contextidr_el1) X(tpidrro_el0) X(tpidr_el1) X(cntkctl_el1) X(csselr_el1)             \
	X(mdscr_el1) X(pmuserenr_el0)
#define EL1_INSTANCE_CALL_SYSREGS(X)                                                      \
	X(ttbr0_el1) X(esr_el1) X(far_el1) X(afsr0_el1) X(afsr1_el1) X(tpidr_el0) X(sp_el0) \
	X(sp_el1) X(elr_el1) X(spsr_el1) X(par_el1)
#define EL1_INSTANCE_SYSREGS(X) EL1_INSTANCE_BOOT_SYSREGS(X) EL1_INSTANCE_CALL_SYSREGS(X)

/*
 * The pointer authentication keys (APIAKeyLo_EL1 .. APGAKeyHi_EL1, by encoding:
 * FEAT_PAuth, which -cpu max has). The monitor swaps them per world, so no
 * secure key reaches the normal world. The TEE-visor does not: only TAs use
 * them, and the TEE kernel loads a TA's own before every entry into it and
 * every resumption of a call that was running it (tee/pauth.c).
 */
#define EL1_PAUTH_KEY_SYSREGS(X)                                                       \
	X(S3_0_C2_C1_0) X(S3_0_C2_C1_1) X(S3_0_C2_C1_2) X(S3_0_C2_C1_3) X(S3_0_C2_C2_0) \
	X(S3_0_C2_C2_1) X(S3_0_C2_C2_2) X(S3_0_C2_C2_3) X(S3_0_C2_C3_0) X(S3_0_C2_C3_1)

#define EL1_CONTEXT_SYSREGS(X) EL1_INSTANCE_SYSREGS(X) EL1_PAUTH_KEY_SYSREGS(X)

/*
 * The EL1 virtual and physical timers: not part of any context the firmware
 * swaps. They stay the normal world's across a secure call, armed, and their
 * interrupts arrive (as FIQ, a foreign interrupt for the TEE kernel). Nothing
 * in the secure world writes them (docs/threat-model.md, "EL1 timers"): the
 * TEE-visor and the TEE kernels never do, S-EL1 accesses to the physical
 * timer trap to the TEE-visor (CNTHCTL_EL2.EL1PCEN clear) and S-EL0 accesses
 * to either timer trap to the TEE kernel (CNTKCTL_EL1 = 0). So the monitor
 * neither saves nor restores them: under QEMU each of these accesses takes the
 * emulator's global lock, eight times per call, which serialised the TEE
 * calls of VMs on different cores. It only disarms them when it starts the
 * normal world on a core.
 */
#define SYSREG_FIELD(r) uint64_t r;
#define SYSREG_SAVE(r) regs->r = read_sysreg(r);
#define SYSREG_RESTORE(r) write_sysreg(r, regs->r);

#endif
