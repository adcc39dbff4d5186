/*
 * tzvisor TEE kernel entry points. The first instruction of the image is the
 * boot entry; tee_call_entry is where the TEE-visor enters every call; the
 * vector table treats any exception taken at S-EL1 as fatal, except a FIQ
 * while a yielding call's TA code runs: a normal-world ("foreign") interrupt,
 * which suspends the call (tee/thread.c).
 *
 * Two stacks: the entry stack, reset to its top at every entry (boot, fast
 * calls, dispatch), and the thread stack, where a yielding call runs and
 * where its context waits while it is suspended.
 */
#define FRAME_SIZE 272	/* x0..x30, ELR_EL1, SPSR_EL1, pad */
#define FRAME_ELR  248
#define FRAME_SPSR 256

	.section .text.entry, "ax"
	.global _start
_start:
	/* x0 = vm id, x1 = RAM base, x2 = RAM size, x3 = private data size */
	adrp	x9, __stack_top
	add	x9, x9, :lo12:__stack_top
	mov	sp, x9
	mov	x29, xzr
	mov	x30, xzr
	b	tee_boot			/* C, does not return */

	.text
	.global tee_call_entry
	.balign 8
tee_call_entry:
	/* x0..x7 = the caller's a0..a7 */
	adrp	x9, __stack_top
	add	x9, x9, :lo12:__stack_top
	mov	sp, x9
	stp	x6, x7, [sp, #-16]!
	stp	x4, x5, [sp, #-16]!
	stp	x2, x3, [sp, #-16]!
	stp	x0, x1, [sp, #-16]!
	mov	x0, sp
	mov	x29, xzr
	mov	x30, xzr
	b	tee_call			/* C, ends in TEE_CALL_DONE */

/* Runs the yielding call in tee_thread.regs on the thread stack (C, ends in TEE_CALL_DONE). */
	.global thread_start
thread_start:
	adrp	x9, __thread_stack_top
	add	x9, x9, :lo12:__thread_stack_top
	mov	sp, x9
	mov	x29, xzr
	mov	x30, xzr
	b	tee_thread_main

/* x0 = a frame saved by foreign_intr: continue the interrupted code exactly there. */
	.global thread_resume
thread_resume:
	mov	sp, x0
	ldp	x30, x1, [sp, #240]
	ldr	x2, [sp, #FRAME_SPSR]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	eret

.macro	fatal idx
	.balign	0x80
	mov	x0, #\idx
	b	vector_common
.endm

	.balign 2048
	.global tee_vectors
tee_vectors:
	fatal	0
	fatal	1
	fatal	2
	fatal	3
	fatal	4
	fatal	5
	/*
	 * FIQ, current EL with SP_EL1: while the PE is in Secure state a
	 * non-secure group 1 interrupt is signalled as FIQ. PSTATE.F is clear
	 * only while a TA's code runs in the thread (tee/msg.c), so SP is on the
	 * thread stack: the context goes there, below the interrupted code's.
	 * The interrupt stays pending for the normal world to take.
	 */
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	b	foreign_intr
	fatal	7
	fatal	8
	fatal	9
	fatal	10
	fatal	11
	fatal	12
	fatal	13
	fatal	14
	fatal	15

foreign_intr:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x0, elr_el1
	stp	x30, x0, [sp, #240]
	mrs	x0, spsr_el1
	str	x0, [sp, #FRAME_SPSR]
	mov	x0, sp
	mov	x29, xzr
	b	tee_foreign_intr		/* C, ends in TEE_CALL_DONE (the RPC return) */

vector_common:
	adrp	x9, __stack_top
	add	x9, x9, :lo12:__stack_top
	mov	sp, x9
	mov	x29, xzr
	b	tee_exception			/* C, panics */
