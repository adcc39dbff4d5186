/*
 * tzvisor TEE kernel entry points. The first instruction of the image is the
 * boot entry; tee_call_entry is where the TEE-visor enters every call; the
 * vector table treats any exception taken at S-EL1 as fatal.
 * Neither entry keeps state on the stack: SP is reset to its top each time.
 */
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

	.balign 2048
	.global tee_vectors
tee_vectors:
	.irp	idx, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	.balign	0x80
	mov	x0, #\idx
	b	vector_common
	.endr

vector_common:
	adrp	x9, __stack_top
	add	x9, x9, :lo12:__stack_top
	mov	sp, x9
	mov	x29, xzr
	b	tee_exception			/* C, panics */
