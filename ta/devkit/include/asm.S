/*
 * Assembly helpers for TA sources, with the macro names OP-TEE's dev kit offers
 * (optee_test's os_test and bti_test include <asm.S>):
 *   FUNC name, :          a global function in its own .text.<name> section
 *   LOCAL_FUNC / WEAK_FUNC the same, local or weak
 *   END_FUNC name         its size
 *   DATA name, : / END_DATA name
 *   emit_aarch64_feature_1_and <bits>   the GNU property note (BTI, PAC bits);
 * a function starts with BTI c when the TA is built with CFG_TA_BTI.
 */
#ifndef TZV_DEVKIT_ASM_S
#define TZV_DEVKIT_ASM_S

#define GNU_PROPERTY_AARCH64_FEATURE_1_BTI (1 << 0)
#define GNU_PROPERTY_AARCH64_FEATURE_1_PAC (1 << 1)

#if defined(CFG_TA_BTI)
#define TZV_ASM_BTI_C hint 34
#else
#define TZV_ASM_BTI_C
#endif

	.macro tzv_asm_func_start name, colon, section
	.ifc \section\(),default
	.section .text.\name, "ax", %progbits
	.else
	.section \section, "ax", %progbits
	.endif
	.type \name, %function
	.balign 4
\name\colon
	.endm

	.macro FUNC name, colon, section=default
	.global \name
	tzv_asm_func_start \name, \colon, \section
	TZV_ASM_BTI_C
	.endm

	.macro LOCAL_FUNC name, colon, section=default
	tzv_asm_func_start \name, \colon, \section
	TZV_ASM_BTI_C
	.endm

	.macro WEAK_FUNC name, colon, section=default
	.weak \name
	tzv_asm_func_start \name, \colon, \section
	TZV_ASM_BTI_C
	.endm

	.macro END_FUNC name
	.size \name, . - \name
	.endm

	.macro DATA name, colon
	.global \name
	.type \name, %object
\name\colon
	.endm

	.macro END_DATA name
	.size \name, . - \name
	.endm

	/* NT_GNU_PROPERTY_TYPE_0 with GNU_PROPERTY_AARCH64_FEATURE_1_AND (the TA linker drops it) */
	.macro emit_aarch64_feature_1_and bits
	.pushsection .note.gnu.property, "a"
	.balign 8
	.long 4, 16, 5
	.asciz "GNU"
	.long 0xc0000000, 4, \bits, 0
	.popsection
	.endm

#endif
