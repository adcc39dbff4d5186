/*
 * S-EL2 entry points (boot, per-core init, call) and the switch into a TEE
 * instance at S-EL1 and back. instance_enter returns the vector number of
 * the exception that ended the instance's run.
 */
#include <lib/asm_gprs.h>
#define REGS_ELR 248

	.section .text.boot, "ax"
	.global _start
_start:
	adr	x9, el2_vectors
	msr	vbar_el2, x9
	ldr	x9, =__bss_start
	ldr	x10, =__bss_end
1:	cmp	x9, x10
	b.hs	2f
	str	xzr, [x9], #8
	b	1b
2:	bl	core_stack
	bl	tvisor_boot
	b	.

	.global tvisor_cpu_init_entry
tvisor_cpu_init_entry:
	adr	x9, el2_vectors
	msr	vbar_el2, x9
	bl	core_stack
	bl	tvisor_cpu_init
	b	.

/* x0..x7: the normal-world call, passed on by the monitor. */
	.global tvisor_call_entry
tvisor_call_entry:
	bl	core_stack
	sub	sp, sp, #64
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	mov	x0, sp
	bl	tvisor_handle_call
	b	.

/* Sets SP to the top of this core's stack; clobbers x10-x13. */
core_stack:
	mrs	x10, mpidr_el1
	and	x11, x10, #0xff
	ubfx	x12, x10, #8, #8
	add	x11, x11, x12, lsl #3
	ldr	x10, =__stacks_start
	mov	x12, #0x2000
	madd	x13, x11, x12, x12
	add	x10, x10, x13
	mov	sp, x10
	ret

	.text
/* x0 = struct instance_regs *: run the instance until it traps to S-EL2. */
	.global instance_enter
instance_enter:
	sub	sp, sp, #112
	str	x0, [sp, #0]
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	stp	x29, x30, [sp, #96]
	ldp	x1, x2, [x0, #REGS_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	load_x2_x29 x0
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret

.macro instance_exit kind
	stp	x0, x1, [sp, #-16]!
	ldr	x0, [sp, #16]
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
	ldp	x29, x30, [sp, #96]
	add	sp, sp, #112
	mov	x0, #\kind
	ret
.endm

.macro tvisor_fault kind
	mov	x0, #\kind
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	b	tvisor_unexpected
.endm

	.balign 2048
el2_vectors:
	.balign 128
	tvisor_fault 0
	.balign 128
	tvisor_fault 1
	.balign 128
	tvisor_fault 2
	.balign 128
	tvisor_fault 3
	.balign 128
	tvisor_fault 4
	.balign 128
	tvisor_fault 5
	.balign 128
	tvisor_fault 6
	.balign 128
	tvisor_fault 7
	.balign 128
	instance_exit 8
	.balign 128
	instance_exit 9
	.balign 128
	instance_exit 10
	.balign 128
	instance_exit 11
	.balign 128
	instance_exit 12
	.balign 128
	instance_exit 13
	.balign 128
	instance_exit 14
	.balign 128
	instance_exit 15

/* Returns to EL3 with x0..x7 set; never comes back (every call re-enters above). */
	.global tvisor_smc_exit
tvisor_smc_exit:
	ldp	x6, x7, [x0, #48]
	ldp	x4, x5, [x0, #32]
	ldp	x2, x3, [x0, #16]
	ldp	x0, x1, [x0, #0]
	smc	#0
	b	.
