/*
 * NS-EL2 entry points and the switch into a guest vCPU and back. While a
 * guest runs, TPIDR_EL2 points at its struct vcpu_regs; vcpu_run returns
 * the vector number of the exception that brought the core back to EL2.
 */
#include <lib/asm_gprs.h>
#define REGS_ELR 248
#define STACK_SIZE 0x4000

	.section .text.boot, "ax"
	.global _start
/* Boot core, MMU off, x0 = struct hyp_boot_info * from the monitor. */
_start:
	mov	x19, x0
	adr	x9, hyp_vectors
	msr	vbar_el2, x9
	ldr	x9, =__bss_start
	ldr	x10, =__bss_end
1:	cmp	x9, x10
	b.hs	2f
	str	xzr, [x9], #8
	b	1b
2:	bl	core_stack
	mov	x0, x19
	bl	hyp_main
	b	.

/* Other cores, started by the hypervisor with PSCI CPU_ON; x0 = linear core id. */
	.global hyp_secondary_entry
hyp_secondary_entry:
	mov	x19, x0
	adr	x9, hyp_vectors
	msr	vbar_el2, x9
	bl	core_stack
	mov	x0, x19
	bl	hyp_secondary_main
	b	.

/* SP = top of this core's stack; clobbers x10-x13. */
core_stack:
	mrs	x10, mpidr_el1
	and	x11, x10, #0xff
	ubfx	x12, x10, #8, #8
	add	x11, x11, x12, lsl #3
	ldr	x10, =__stacks_start
	mov	x12, #STACK_SIZE
	madd	x13, x11, x12, x12
	add	x10, x10, x13
	mov	sp, x10
	ret

	.text
/* uint64_t vcpu_run(struct vcpu_regs *): run the guest until it traps to EL2. */
	.global vcpu_run
vcpu_run:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	msr	tpidr_el2, x0
	ldp	x1, x2, [x0, #REGS_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	load_x2_x29 x0
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret

.macro guest_exit kind
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el2
	store_x2_x29 x0
	str	x30, [x0, #240]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #0]
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x1, x2, [x0, #REGS_ELR]
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	mov	x0, #\kind
	ret
.endm

.macro hyp_fault kind
	mov	x0, #\kind
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	b	hyp_unexpected
.endm

	.balign 2048
hyp_vectors:
	.balign 128	/* current EL, SP0: never used */
	hyp_fault 0
	.balign 128
	hyp_fault 1
	.balign 128
	hyp_fault 2
	.balign 128
	hyp_fault 3
	.balign 128	/* current EL, SPx: a bug in the hypervisor */
	hyp_fault 4
	.balign 128
	hyp_fault 5
	.balign 128
	hyp_fault 6
	.balign 128
	hyp_fault 7
	.balign 128	/* lower EL, AArch64: the guest */
	guest_exit 8
	.balign 128
	guest_exit 9
	.balign 128
	guest_exit 10
	.balign 128
	guest_exit 11
	.balign 128	/* lower EL, AArch32: HCR_EL2.RW keeps guests in AArch64 */
	hyp_fault 12
	.balign 128
	hyp_fault 13
	.balign 128
	hyp_fault 14
	.balign 128
	hyp_fault 15

/* void smc_raw(uint64_t regs[8]): x0..x7 in, results back into regs[0..7]. */
	.global smc_raw
smc_raw:
	str	x0, [sp, #-16]!
	mov	x8, x0
	ldp	x0, x1, [x8, #0]
	ldp	x2, x3, [x8, #16]
	ldp	x4, x5, [x8, #32]
	ldp	x6, x7, [x8, #48]
	smc	#0
	ldr	x8, [sp], #16
	stp	x0, x1, [x8, #0]
	stp	x2, x3, [x8, #16]
	stp	x4, x5, [x8, #32]
	stp	x6, x7, [x8, #48]
	ret
