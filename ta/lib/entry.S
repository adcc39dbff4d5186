/*
 * __ta_entry: where the TEE kernel enters a TA (include/tzvisor/ta_abi.h).
 * x0 = command, x1 = session id, x2 = parameter block. Every entry starts on
 * an empty stack (top of the stack segment) and ends in the RETURN syscall.
 * TPIDR_EL0 points at the TA's TLS block (__thread variables, mk/ta.ld).
 */
#include <tzvisor/ta_abi.h>

	.section .text.__ta_entry, "ax"
	.global __ta_entry
	.type __ta_entry, %function
__ta_entry:
	adrp	x9, __ta_stack_top
	add	x9, x9, :lo12:__ta_stack_top
	mov	sp, x9
	/* the TA's TLS block (mk/ta.ld); the kernel enters with TPIDR_EL0 = 0 */
	adrp	x9, __ta_tls_tp
	add	x9, x9, :lo12:__ta_tls_tp
	msr	tpidr_el0, x9
	mov	x29, xzr
	mov	x30, xzr
	bl	tzv_ta_dispatch
	/* x0 = TEE_Result */
	mov	x8, #TZV_TA_SYS_RETURN
	svc	#0
1:	b	1b
	.size __ta_entry, . - __ta_entry

/*
 * The TLSDESC resolver of every TLS descriptor libutee's loader fills (dl_load.c):
 * each library's TLS block has a fixed offset from TPIDR_EL0 (one thread per
 * instance), which is the descriptor's second word. x0 = the descriptor; returns
 * the offset in x0 and changes nothing else (the TLSDESC calling convention).
 */
	.section .text.tzv_tlsdesc_static, "ax"
	.global tzv_tlsdesc_static
	.type tzv_tlsdesc_static, %function
tzv_tlsdesc_static:
	ldr	x0, [x0, #8]
	ret
	.size tzv_tlsdesc_static, . - tzv_tlsdesc_static
