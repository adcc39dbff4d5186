/*
 * The C library's <stdint.h> plus OP-TEE's integer-constant suffix macros
 * (its libutils' stdint.h has them, and TA headers use them: U(3)).
 * tzvisor dev kit.
 */
#ifndef TZV_DEVKIT_STDINT_H
#define TZV_DEVKIT_STDINT_H

#include_next <stdint.h>

#ifdef __ASSEMBLY__
#define U(v) v
#define UL(v) v
#define ULL(v) v
#else
#define U(v) v##U
#define UL(v) v##UL
#define ULL(v) v##ULL
#endif

#endif
