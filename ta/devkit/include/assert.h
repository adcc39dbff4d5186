/*
 * The C library's <assert.h> (a failed assert() calls __assert_fail, which
 * libutee implements: log, then TEE_Panic(TEE_ERROR_GENERIC), as OP-TEE's
 * assert does) plus OP-TEE's additions: runtime_assert(), which is assert()
 * here, and the deprecated COMPILE_TIME_ASSERT(). tzvisor dev kit.
 */
#ifndef TZV_DEVKIT_ASSERT_H
#define TZV_DEVKIT_ASSERT_H

#include_next <assert.h>

#define runtime_assert(expr) assert(expr)

/* a statement that does not compile when x is a constant 0 */
#define COMPILE_TIME_ASSERT(x)                                                                     \
	do {                                                                                       \
		_Static_assert(x, "COMPILE_TIME_ASSERT(" #x ")");                                  \
	} while (0)

#endif
