/*
 * Client entry points, exception vectors and the register-level SMC helpers.
 * Entered at NS-EL1 (EL1h), MMU off, DAIF masked. Core 0 comes in at _start;
 * core 1 is started with PSCI CPU_ON at core1_entry (x0 = context id).
 */
#include "client_asm.h"

	.section .text.entry, "ax"
	.global _start
_start:
	adrp	x1, __stack0_top
	add	x1, x1, :lo12:__stack0_top
	mov	sp, x1
	bl	cpu_early_init
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	dsb	sy
	bl	client_main
3:	wfi
	b	3b

	.text
	.global core1_entry
core1_entry:
	adrp	x1, __stack1_top
	add	x1, x1, :lo12:__stack1_top
	mov	sp, x1
	mov	x19, x0
	bl	cpu_early_init
	mov	x0, x19
	bl	core1_main
1:	wfi
	b	1b

/* VBAR_EL1 = our vectors, FP/SIMD usable at EL1 and EL0 (CPACR_EL1.FPEN = 3). */
cpu_early_init:
	adrp	x9, client_vectors
	add	x9, x9, :lo12:client_vectors
	msr	vbar_el1, x9
	mrs	x9, cpacr_el1
	orr	x9, x9, #(3 << 20)
	msr	cpacr_el1, x9
	isb
	ret

/*
 * void smc_call(struct smc_regs *r): x0..x17 from r->x[], smc #0, all of
 * x0..x17 stored back so the caller can check what the callee preserved.
 */
	.global smc_call
smc_call:
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x0, [sp, #16]
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x0, x1, [x0]
	smc	#0
	stp	x0, x1, [sp, #-16]!
	ldr	x0, [sp, #32]
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0]
	ldp	x29, x30, [sp], #32
	ret

/*
 * void ws_capture(struct ws_state *dst): records the state the world switch
 * must not change. Uses only x0, x9..x11.
 */
ws_capture:
	mov	x9, x0
	stp	q0, q1, [x9], #32
	stp	q2, q3, [x9], #32
	stp	q4, q5, [x9], #32
	stp	q6, q7, [x9], #32
	stp	q8, q9, [x9], #32
	stp	q10, q11, [x9], #32
	stp	q12, q13, [x9], #32
	stp	q14, q15, [x9], #32
	stp	q16, q17, [x9], #32
	stp	q18, q19, [x9], #32
	stp	q20, q21, [x9], #32
	stp	q22, q23, [x9], #32
	stp	q24, q25, [x9], #32
	stp	q26, q27, [x9], #32
	stp	q28, q29, [x9], #32
	stp	q30, q31, [x9], #32
	mrs	x10, fpsr
	mrs	x11, fpcr
	stp	x10, x11, [x9, #WS_FPSR - 512]
	mrs	x10, tpidr_el0
	mrs	x11, tpidr_el1
	stp	x10, x11, [x9, #WS_TPIDR_EL0 - 512]
	mrs	x10, tpidrro_el0
	mrs	x11, sp_el0
	stp	x10, x11, [x9, #WS_TPIDRRO_EL0 - 512]
	mrs	x10, vbar_el1
	mrs	x11, contextidr_el1
	stp	x10, x11, [x9, #WS_VBAR_EL1 - 512]
	stp	x19, x20, [x9, #WS_X19 - 512]
	stp	x21, x22, [x9, #WS_X19 + 16 - 512]
	stp	x23, x24, [x9, #WS_X19 + 32 - 512]
	stp	x25, x26, [x9, #WS_X19 + 48 - 512]
	stp	x27, x28, [x9, #WS_X19 + 64 - 512]
	mov	x10, sp
	mov	x11, x29
	stp	x10, x11, [x9, #WS_SP - 512]
	ret

/*
 * void ws_call(const struct ws_state *in, struct ws_state *pre,
 *              struct ws_state *post, struct smc_regs *r)
 * Loads the state from `in`, records it in `pre`, issues the SMC in r->x[0..7]
 * (results back into r->x[0..7]) and records the state again in `post`.
 */
	.global ws_call
ws_call:
	stp	x29, x30, [sp, #-128]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	stp	x2, x3, [sp, #96]
	mrs	x9, vbar_el1
	str	x9, [sp, #112]

	mov	x9, x0
	ldp	q0, q1, [x9], #32
	ldp	q2, q3, [x9], #32
	ldp	q4, q5, [x9], #32
	ldp	q6, q7, [x9], #32
	ldp	q8, q9, [x9], #32
	ldp	q10, q11, [x9], #32
	ldp	q12, q13, [x9], #32
	ldp	q14, q15, [x9], #32
	ldp	q16, q17, [x9], #32
	ldp	q18, q19, [x9], #32
	ldp	q20, q21, [x9], #32
	ldp	q22, q23, [x9], #32
	ldp	q24, q25, [x9], #32
	ldp	q26, q27, [x9], #32
	ldp	q28, q29, [x9], #32
	ldp	q30, q31, [x9], #32
	ldp	x10, x11, [x9, #WS_FPSR - 512]
	msr	fpsr, x10
	msr	fpcr, x11
	ldp	x10, x11, [x9, #WS_TPIDR_EL0 - 512]
	msr	tpidr_el0, x10
	msr	tpidr_el1, x11
	ldp	x10, x11, [x9, #WS_TPIDRRO_EL0 - 512]
	msr	tpidrro_el0, x10
	msr	sp_el0, x11
	ldp	x10, x11, [x9, #WS_VBAR_EL1 - 512]
	msr	vbar_el1, x10
	msr	contextidr_el1, x11
	isb
	ldp	x19, x20, [x9, #WS_X19 - 512]
	ldp	x21, x22, [x9, #WS_X19 + 16 - 512]
	ldp	x23, x24, [x9, #WS_X19 + 32 - 512]
	ldp	x25, x26, [x9, #WS_X19 + 48 - 512]
	ldp	x27, x28, [x9, #WS_X19 + 64 - 512]

	mov	x0, x1
	bl	ws_capture

	ldr	x8, [sp, #104]
	ldp	x0, x1, [x8]
	ldp	x2, x3, [x8, #16]
	ldp	x4, x5, [x8, #32]
	ldp	x6, x7, [x8, #48]
	smc	#0
	ldr	x8, [sp, #104]
	stp	x0, x1, [x8]
	stp	x2, x3, [x8, #16]
	stp	x4, x5, [x8, #32]
	stp	x6, x7, [x8, #48]

	ldr	x0, [sp, #96]
	bl	ws_capture

	ldr	x9, [sp, #112]
	msr	vbar_el1, x9
	msr	fpcr, xzr
	msr	fpsr, xzr
	isb
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #128
	ret

/*
 * uint64_t smc_loop_cycles(const struct smc_regs *r, uint64_t n, int do_smc)
 * Runs n times: load x0..x7 from r, then `smc #0` (or nothing when do_smc is 0,
 * for the loop's own cost). Returns the PMCCNTR_EL0 difference.
 */
	.global smc_loop_cycles
smc_loop_cycles:
	stp	x29, x30, [sp, #-48]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	mov	x19, x0
	mov	x20, x1
	mov	x22, x2
	isb
	mrs	x21, pmccntr_el0
1:	cbz	x20, 3f
	ldp	x0, x1, [x19]
	ldp	x2, x3, [x19, #16]
	ldp	x4, x5, [x19, #32]
	ldp	x6, x7, [x19, #48]
	cbz	x22, 2f
	smc	#0
2:	sub	x20, x20, #1
	b	1b
3:	isb
	mrs	x0, pmccntr_el0
	sub	x0, x0, x21
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x29, x30, [sp], #48
	ret

/* Exception vectors: any exception taken by the client is a test failure, except an IRQ. */
	.macro	vent type
	.balign	0x80
	mov	x0, #\type
	b	vector_common
	.endm

	.section .vectors, "ax"
	.balign	2048
	.global	client_vectors
client_vectors:
	vent 0
	vent 1
	vent 2
	vent 3
	vent 4
	.balign	0x80		/* IRQ, current EL with SP_EL1: client_irq (tests_intr.c) */
	b	irq_entry
	vent 6
	vent 7
	vent 8
	vent 9
	vent 10
	vent 11
	vent 12
	vent 13
	vent 14
	vent 15
/* Caller-saved registers and ELR/SPSR around client_irq(), then back to where it was. */
irq_entry:
	stp	x29, x30, [sp, #-192]!
	stp	x0, x1, [sp, #16]
	stp	x2, x3, [sp, #32]
	stp	x4, x5, [sp, #48]
	stp	x6, x7, [sp, #64]
	stp	x8, x9, [sp, #80]
	stp	x10, x11, [sp, #96]
	stp	x12, x13, [sp, #112]
	stp	x14, x15, [sp, #128]
	stp	x16, x17, [sp, #144]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x18, x0, [sp, #160]
	str	x1, [sp, #176]
	bl	client_irq
	ldp	x18, x0, [sp, #160]
	ldr	x1, [sp, #176]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #16]
	ldp	x2, x3, [sp, #32]
	ldp	x4, x5, [sp, #48]
	ldp	x6, x7, [sp, #64]
	ldp	x8, x9, [sp, #80]
	ldp	x10, x11, [sp, #96]
	ldp	x12, x13, [sp, #112]
	ldp	x14, x15, [sp, #128]
	ldp	x16, x17, [sp, #144]
	ldp	x29, x30, [sp], #192
	eret

vector_common:
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	bl	client_exception
1:	wfi
	b	1b

/*
 * Executes one SVE instruction (RDVL) with a private vector table installed
 * and returns the ESR_EL1 of the exception it raised, or ~0 if it ran.
 * The monitor traps SVE (CPTR_EL3.EZ = 0) and must hand it back to us as an
 * Undefined Instruction exception instead of stopping the machine.
 */
	.text
	.global	probe_sve_undef
probe_sve_undef:
	mrs	x9, vbar_el1
	adrp	x10, probe_vectors
	add	x10, x10, :lo12:probe_vectors
	msr	vbar_el1, x10
	mrs	x11, cpacr_el1
	orr	x12, x11, #(3 << 16)	/* ZEN: let it past EL1 so it reaches EL3 */
	msr	cpacr_el1, x12
	isb
	mov	x0, #-1
	.inst	0x04bf5020		/* rdvl x0, #1 */
	msr	cpacr_el1, x11
	msr	vbar_el1, x9
	isb
	ret

/*
 * probe_read_esr(address): reads 8 bytes at address with probe_vectors
 * installed; returns the ESR_EL1 of the abort it raised, or ~0 if it read.
 */
	.global	probe_read_esr
probe_read_esr:
	mov	x13, x0
	mrs	x9, vbar_el1
	adrp	x10, probe_vectors
	add	x10, x10, :lo12:probe_vectors
	msr	vbar_el1, x10
	isb
	mov	x0, #-1
	ldr	x14, [x13]
	msr	vbar_el1, x9
	isb
	ret

/*
 * probe_write_esr(address, value): writes 4 bytes at address with
 * probe_vectors installed; the ESR_EL1 of the abort, or ~0 if it wrote.
 */
	.global	probe_write_esr
probe_write_esr:
	mov	x13, x0
	mrs	x9, vbar_el1
	adrp	x10, probe_vectors
	add	x10, x10, :lo12:probe_vectors
	msr	vbar_el1, x10
	isb
	mov	x0, #-1
	str	w1, [x13]
	msr	vbar_el1, x9
	isb
	ret

	.section .vectors, "ax"
	.balign	2048
probe_vectors:
	.balign	0x80
	b	.
	.balign	0x80
	b	.
	.balign	0x80
	b	.
	.balign	0x80
	b	.
	.balign	0x80		/* synchronous, current EL with SPx: skip the instruction */
	mrs	x0, esr_el1
	mrs	x10, elr_el1
	add	x10, x10, #4
	msr	elr_el1, x10
	eret
