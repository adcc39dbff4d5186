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
#include <lib/asm_gprs.h>
#define FRAME_SIZE 272	/* x0..x30, ELR_EL1, SPSR_EL1, SP_EL0 */
#define FRAME_ELR  248
#define FRAME_SPSR 256
#define FRAME_SP_EL0 264

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
	/* the FP/SIMD state a foreign interrupt saved (foreign_intr) */
	adrp	x1, thread_fp_saved
	ldr	w2, [x1, :lo12:thread_fp_saved]
	cbz	w2, 1f
	str	wzr, [x1, :lo12:thread_fp_saved]
	adrp	x1, thread_fp_area
	add	x1, x1, :lo12:thread_fp_area
	bl	fp_restore
1:	ldp	x30, x1, [sp, #240]
	ldr	x2, [sp, #FRAME_SPSR]
	ldr	x3, [sp, #FRAME_SP_EL0]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	msr	sp_el0, x3
	load_x2_x29 sp
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
	 * only while a TA's code (a built-in TA's, here) runs in the thread
	 * (tee/msg.c), so SP is on the thread stack: the context goes there,
	 * below the interrupted code's.
	 * The interrupt stays pending for the normal world to take.
	 */
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	b	foreign_intr
	fatal	7
	/* 8: synchronous from EL0 (a TA): syscall or fault */
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	b	el0_sync
	/* 9: IRQ from EL0: nothing is routed as IRQ to the secure world; ends the TA */
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #9
	b	el0_fatal
	/* 10: FIQ from EL0: a foreign interrupt while a TA runs */
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	b	foreign_intr
	/* 11: SError from EL0 */
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #11
	b	el0_fatal
	fatal	12
	fatal	13
	fatal	14
	fatal	15

/* Saves x2..x30, ELR, SPSR, SP_EL0 into the frame at sp (x0, x1 already there). */
.macro	save_rest
	store_x2_x29 sp
	mrs	x0, elr_el1
	stp	x30, x0, [sp, #240]
	mrs	x0, spsr_el1
	mrs	x2, sp_el0
	stp	x0, x2, [sp, #FRAME_SPSR]
.endm

/*
 * The TA's FP/SIMD registers are kept across the syscall: the kernel's C code
 * and mbedTLS (storage, keys) use them, and nothing of theirs may reach the TA.
 */
el0_sync:
	save_rest
	adrp	x1, uta_sys_fp_area
	add	x1, x1, :lo12:uta_sys_fp_area
	bl	fp_save
	mov	x0, sp
	mov	x29, xzr
	bl	uta_el0_sync			/* C: a syscall answered in the frame, or ends the entry */
	adrp	x1, uta_sys_fp_area
	add	x1, x1, :lo12:uta_sys_fp_area
	bl	fp_restore
	mov	x0, sp
	b	thread_resume

el0_fatal:
	mov	x0, x1
	str	x0, [sp, #8]			/* x1 of the TA is lost: it dies anyway */
	save_rest
	ldr	x1, [sp, #8]
	mov	x0, sp
	mov	x29, xzr
	b	uta_el0_fatal			/* C, ends the entry */


/* C: tee_fp_save(area), tee_fp_restore(area) */
	.global tee_fp_save
tee_fp_save:
	mov	x1, x0
	b	fp_save
	.global tee_fp_restore
tee_fp_restore:
	mov	x1, x0
	b	fp_restore

/* x1 = 528-byte area: q0..q31, FPSR, FPCR. Clobbers x2. */
fp_save:
	stp	q0, q1, [x1, #0]
	stp	q2, q3, [x1, #32]
	stp	q4, q5, [x1, #64]
	stp	q6, q7, [x1, #96]
	stp	q8, q9, [x1, #128]
	stp	q10, q11, [x1, #160]
	stp	q12, q13, [x1, #192]
	stp	q14, q15, [x1, #224]
	stp	q16, q17, [x1, #256]
	stp	q18, q19, [x1, #288]
	stp	q20, q21, [x1, #320]
	stp	q22, q23, [x1, #352]
	stp	q24, q25, [x1, #384]
	stp	q26, q27, [x1, #416]
	stp	q28, q29, [x1, #448]
	stp	q30, q31, [x1, #480]
	mrs	x2, fpsr
	str	x2, [x1, #512]
	mrs	x2, fpcr
	str	x2, [x1, #520]
	ret

fp_restore:
	ldp	q0, q1, [x1, #0]
	ldp	q2, q3, [x1, #32]
	ldp	q4, q5, [x1, #64]
	ldp	q6, q7, [x1, #96]
	ldp	q8, q9, [x1, #128]
	ldp	q10, q11, [x1, #160]
	ldp	q12, q13, [x1, #192]
	ldp	q14, q15, [x1, #224]
	ldp	q16, q17, [x1, #256]
	ldp	q18, q19, [x1, #288]
	ldp	q20, q21, [x1, #320]
	ldp	q22, q23, [x1, #352]
	ldp	q24, q25, [x1, #384]
	ldp	q26, q27, [x1, #416]
	ldp	q28, q29, [x1, #448]
	ldp	q30, q31, [x1, #480]
	ldr	x2, [x1, #512]
	msr	fpsr, x2
	ldr	x2, [x1, #520]
	msr	fpcr, x2
	ret

/*
 * uint64_t uta_enter(struct uta_kctx *ctx, pc, cmd, session, params_va, sp_el0):
 * enters a TA at EL0 with x0..x2 = cmd, session, params_va and nothing else
 * (general and FP/SIMD registers zero). Returns what uta_exit() passes.
 */
	.global uta_enter
uta_enter:
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x9, sp
	str	x9, [x0, #96]
	msr	elr_el1, x1
	msr	spsr_el1, xzr			/* EL0t, AArch64, DAIF clear */
	msr	sp_el0, x5
	msr	tpidr_el0, xzr
	mov	x0, x2
	mov	x1, x3
	mov	x2, x4
	movi	v0.2d, #0
	movi	v1.2d, #0
	movi	v2.2d, #0
	movi	v3.2d, #0
	movi	v4.2d, #0
	movi	v5.2d, #0
	movi	v6.2d, #0
	movi	v7.2d, #0
	movi	v8.2d, #0
	movi	v9.2d, #0
	movi	v10.2d, #0
	movi	v11.2d, #0
	movi	v12.2d, #0
	movi	v13.2d, #0
	movi	v14.2d, #0
	movi	v15.2d, #0
	movi	v16.2d, #0
	movi	v17.2d, #0
	movi	v18.2d, #0
	movi	v19.2d, #0
	movi	v20.2d, #0
	movi	v21.2d, #0
	movi	v22.2d, #0
	movi	v23.2d, #0
	movi	v24.2d, #0
	movi	v25.2d, #0
	movi	v26.2d, #0
	movi	v27.2d, #0
	movi	v28.2d, #0
	movi	v29.2d, #0
	movi	v30.2d, #0
	movi	v31.2d, #0
	msr	fpsr, xzr
	msr	fpcr, xzr
	mov	x3, xzr
	mov	x4, xzr
	mov	x5, xzr
	mov	x6, xzr
	mov	x7, xzr
	mov	x8, xzr
	mov	x9, xzr
	mov	x10, xzr
	mov	x11, xzr
	mov	x12, xzr
	mov	x13, xzr
	mov	x14, xzr
	mov	x15, xzr
	mov	x16, xzr
	mov	x17, xzr
	mov	x18, xzr
	mov	x19, xzr
	mov	x20, xzr
	mov	x21, xzr
	mov	x22, xzr
	mov	x23, xzr
	mov	x24, xzr
	mov	x25, xzr
	mov	x26, xzr
	mov	x27, xzr
	mov	x28, xzr
	mov	x29, xzr
	mov	x30, xzr
	eret

/* uta_exit(ctx, result): back to where uta_enter was called, with result. */
	.global uta_exit
uta_exit:
	ldp	x19, x20, [x0, #0]
	ldp	x21, x22, [x0, #16]
	ldp	x23, x24, [x0, #32]
	ldp	x25, x26, [x0, #48]
	ldp	x27, x28, [x0, #64]
	ldp	x29, x30, [x0, #80]
	ldr	x9, [x0, #96]
	mov	sp, x9
	mov	x0, x1
	ret

/*
 * thread_rpc_switch(const uint64_t out[8]): suspends the running yielding
 * call in an RPC to the normal world (a0..a6 = out[0..6]); returns when
 * RETURN_FROM_RPC resumes it (tee_thread.rpc_in holds that call's a0..a7).
 */
	.global thread_rpc_switch
thread_rpc_switch:
	sub	sp, sp, #FRAME_SIZE
	str	x19, [sp, #152]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	adr	x1, 1f
	stp	x30, x1, [sp, #240]
	mov	x1, #0x3c5			/* EL1h, DAIF masked */
	mrs	x2, sp_el0
	stp	x1, x2, [sp, #FRAME_SPSR]
	mov	x1, x0
	mov	x0, sp
	mov	x29, xzr
	b	tee_rpc_suspend			/* C, ends the entry with the RPC return */
1:	ret

/*
 * A foreign interrupt stopped a TA at EL0 or a built-in TA at EL1: the stopped
 * code's FP/SIMD registers are kept too (the libraries a built-in TA calls,
 * mbedTLS and OpenSSL, are not built general-registers-only), because the
 * monitor gives the normal world its own back meanwhile; thread_resume puts
 * them back.
 */
foreign_intr:
	save_rest
	adrp	x1, thread_fp_area
	add	x1, x1, :lo12:thread_fp_area
	bl	fp_save
	adrp	x1, thread_fp_saved
	mov	w2, #1
	str	w2, [x1, :lo12:thread_fp_saved]
	mov	x0, sp
	mov	x29, xzr
	b	tee_foreign_intr		/* C, ends in TEE_CALL_DONE (the RPC return) */

vector_common:
	adrp	x9, __stack_top
	add	x9, x9, :lo12:__stack_top
	mov	sp, x9
	mov	x29, xzr
	b	tee_exception			/* C, panics */
