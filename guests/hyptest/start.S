/* hyptest entry at NS-EL1: stack, exception vectors, .bss, then C. */
	.section .text.entry, "ax"
	.global _start
_start:
	ldr	x1, =__stack_top
	mov	sp, x1
	ldr	x1, =guest_vectors
	msr	vbar_el1, x1
	isb
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	bl	guest_main
3:	wfi
	b	3b

/* A second vCPU (PSCI CPU_ON), x0 = context = top of its own stack. */
	.global secondary_start
secondary_start:
	mov	sp, x0
	ldr	x1, =guest_vectors
	msr	vbar_el1, x1
	isb
	bl	guest_secondary
4:	b	4b

	.text
/* struct smc_result guest_smc(a0..a7): smc #0, results x0..x3. */
	.global guest_smc
guest_smc:
	mov	x9, x8
	smc	#0
	stp	x0, x1, [x9]
	stp	x2, x3, [x9, #16]
	ret

/* The same through the hypervisor call conduit. */
	.global guest_hvc
guest_hvc:
	mov	x9, x8
	hvc	#0
	stp	x0, x1, [x9]
	stp	x2, x3, [x9, #16]
	ret

/*
 * uint64_t probe_sve(void): executes one SVE instruction (RDVL) at EL1; returns
 * 0 if it ran, 1 if it was undefined (the vectors below skip it). Clobbers x1.
 */
	.global probe_sve
probe_sve:
	mov	x0, #0
	.arch_extension sve
probe_sve_insn:
	rdvl	x1, #1
	.arch_extension nosve
	ret

	.global guest_nosmc
guest_nosmc:
	mov	x9, x8
	nop
	stp	x0, x1, [x9]
	stp	x2, x3, [x9, #16]
	ret

.macro unexpected
	.balign 128
	/* probe_sve's instruction undefined: back after it, with x0 = 1 */
	mrs	x0, elr_el1
	adr	x1, probe_sve_insn
	cmp	x0, x1
	b.ne	1f
	add	x0, x0, #4
	msr	elr_el1, x0
	mov	x0, #1
	eret
1:	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	b	guest_exception
.endm

/* Any exception at EL1 is a test failure, except an IRQ while at EL1 (SP_EL1): guest_irq. */
	.balign 2048
guest_vectors:
	.rept 5
	unexpected
	.endr
	.balign 128
	b	irq_entry
	.rept 10
	unexpected
	.endr

/* Caller-saved registers around guest_irq(), then back to where it was. */
irq_entry:
	stp	x29, x30, [sp, #-176]!
	stp	x0, x1, [sp, #16]
	stp	x2, x3, [sp, #32]
	stp	x4, x5, [sp, #48]
	stp	x6, x7, [sp, #64]
	stp	x8, x9, [sp, #80]
	stp	x10, x11, [sp, #96]
	stp	x12, x13, [sp, #112]
	stp	x14, x15, [sp, #128]
	stp	x16, x17, [sp, #144]
	str	x18, [sp, #160]
	bl	guest_irq
	ldp	x0, x1, [sp, #16]
	ldp	x2, x3, [sp, #32]
	ldp	x4, x5, [sp, #48]
	ldp	x6, x7, [sp, #64]
	ldp	x8, x9, [sp, #80]
	ldp	x10, x11, [sp, #96]
	ldp	x12, x13, [sp, #112]
	ldp	x14, x15, [sp, #128]
	ldp	x16, x17, [sp, #144]
	ldr	x18, [sp, #160]
	ldp	x29, x30, [sp], #176
	eret
