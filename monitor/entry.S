/*
 * EL3 entry: reset vector for every core, the exception vectors, and the
 * code that saves one world's general registers and resumes a world.
 * While a lower EL runs, SP_EL3 points at that world's struct cpu_context.
 */
#include <lib/asm_gprs.h>
#define CTX_ELR  248
#define CTX_SPSR 256
#define CTX_STACK 272

/*
 * Reset: every core starts here, in flash. The boot core copies the monitor's
 * code, read-only data and data into secure SRAM and clears .bss; the others
 * wait in this flash loop until that is done, then move to SRAM and check in
 * (monitor_core_in_sram). Nothing below runs from flash after that, so the
 * monitor may put the flash into its command modes (flash.c).
 */
	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x0, mpidr_el1
	and	x1, x0, #0xff
	ubfx	x2, x0, #8, #8
	add	x19, x1, x2, lsl #3		/* linear core id */
	msr	cptr_el3, xzr			/* no FP/SIMD traps to EL3 */
	isb
	cbnz	x19, flash_wait

	ldr	x0, =__text_start
	ldr	x1, =__text_end
	ldr	x2, =__text_load
	bl	boot_copy
	ldr	x0, =__rodata_start
	ldr	x1, =__rodata_end
	ldr	x2, =__rodata_load
	bl	boot_copy
	ldr	x0, =__data_start
	ldr	x1, =__data_end
	ldr	x2, =__data_load
	bl	boot_copy
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	dsb	sy
	ic	iallu				/* the new code, not stale lines */
	dsb	sy
	isb
	ldr	x0, =monitor_image_ready
	mov	x1, #1
	stlr	x1, [x0]
	dsb	sy
	sev
	ldr	x0, =boot_core_sram
	br	x0

/* x0 = destination, x1 = its end, x2 = source; 8-byte steps (sections are 16-aligned). */
boot_copy:
	cmp	x0, x1
	b.hs	3f
	ldr	x3, [x2], #8
	str	x3, [x0], #8
	b	boot_copy
3:	ret

/* A secondary core: wait for the copy (the flag is cleared before every reset). */
flash_wait:
	ldr	x1, =monitor_image_ready
4:	ldar	x2, [x1]
	cbnz	x2, 6f
	wfe
	b	4b
6:	ic	iallu
	dsb	sy
	isb
	ldr	x0, =secondary_core_sram
	br	x0
	.ltorg

	.text
boot_core_sram:
	bl	core_in_sram
	bl	set_core_stack
	bl	monitor_main
	b	.

secondary_core_sram:
	bl	core_in_sram
	dsb	sy
	sev
	/* fall through */

/* Cores other than the boot core wait here until PSCI CPU_ON releases them. */
	.global secondary_pen
secondary_pen:
	ldr	x1, =cpu_release
5:	wfe
	ldr	x2, [x1, x19, lsl #3]
	cbz	x2, 5b
	bl	set_core_stack
	mov	x0, x19
	bl	monitor_cpu_on_main
	b	.

/* Called from C by a core that turns itself off: x0 = linear id. */
	.global cpu_off_wait
cpu_off_wait:
	mov	x19, x0
	b	secondary_pen

/* This core now runs from SRAM: the vectors there, and its check-in flag set. */
core_in_sram:
	adr	x0, el3_vectors
	msr	vbar_el3, x0
	isb
	ldr	x0, =monitor_core_in_sram
	mov	x1, #1
	strb	w1, [x0, x19]
	ret

set_core_stack:
	ldr	x0, =__stacks_start
	mov	x1, #0x2000
	madd	x2, x19, x1, x1
	add	x0, x0, x2
	mov	sp, x0
	ret

/* x0 = struct cpu_context *: restore that world and return to it. */
	.global world_resume
world_resume:
	mov	sp, x0
	ldp	x0, x1, [sp, #CTX_SPSR]
	msr	spsr_el3, x0
	msr	scr_el3, x1
	ldp	x30, x0, [sp, #240]
	msr	elr_el3, x0
	load_x2_x29 sp
	ldp	x0, x1, [sp, #0]
	eret

.macro save_world kind
	stp	x0, x1, [sp, #0]
	store_x2_x29 sp
	mrs	x0, elr_el3
	stp	x30, x0, [sp, #240]
	mrs	x0, spsr_el3
	mrs	x1, scr_el3
	stp	x0, x1, [sp, #CTX_SPSR]
	mov	x0, sp
	ldr	x1, [x0, #CTX_STACK]
	mov	sp, x1
	mov	x1, #\kind
	bl	monitor_handle_lower
	b	world_resume
.endm

.macro unexpected_here kind
	mov	x0, #\kind
	mrs	x1, esr_el3
	mrs	x2, elr_el3
	mrs	x3, far_el3
	b	monitor_unexpected
.endm

	.balign 2048
el3_vectors:
	.balign 128	/* current EL, SP0 */
	unexpected_here 0
	.balign 128
	unexpected_here 1
	.balign 128
	unexpected_here 2
	.balign 128
	unexpected_here 3
	.balign 128	/* current EL, SPx */
	unexpected_here 4
	.balign 128
	unexpected_here 5
	.balign 128
	unexpected_here 6
	.balign 128
	unexpected_here 7
	.balign 128	/* lower EL, AArch64 */
	save_world 8
	.balign 128
	save_world 9
	.balign 128
	save_world 10
	.balign 128
	save_world 11
	.balign 128	/* lower EL, AArch32: never configured */
	save_world 12
	.balign 128
	save_world 13
	.balign 128
	save_world 14
	.balign 128
	save_world 15

/* FP/SIMD state of a world: x0 = struct fp_state * (16-byte aligned). */
	.global fp_save
fp_save:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	ret

	.global fp_restore
fp_restore:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	add	x3, x0, #512
	ldp	x1, x2, [x3]
	msr	fpsr, x1
	msr	fpcr, x2
	ret

/* Semihosting SYS_EXIT_EXTENDED-style exit: x0 = status. */
	.global semihosting_exit
semihosting_exit:
	ldr	x1, =semihosting_block
	mov	x2, #0x0026
	movk	x2, #0x2, lsl #16		/* ADP_Stopped_ApplicationExit */
	stp	x2, x0, [x1]
	mov	x0, #0x18			/* SYS_EXIT */
	hlt	#0xf000
	b	.
