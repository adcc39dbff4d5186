/* Self tests of the TEE kernel, run by OP-TEE's "invoke tests" PTA (tee/pta_invoke_tests.c). */
#ifndef TEE_SELFTEST_H
#define TEE_SELFTEST_H

#include <stdint.h>

/*
 * tee/selftest.c: the overflow-safe range checks, the page allocator and the
 * library heap, known-answer tests of the crypto the kernel links, the random
 * source. TEEC_SUCCESS only if every test passed (each failure is logged).
 */
uint32_t tee_self_tests(void);

/*
 * tee/storage_selftest.c: trusted storage's refusals of damaged, swapped and
 * old files, on scratch objects in the namespace of owner (a built-in TA's
 * UUID), removed again at the end. TEEC_SUCCESS only if every check passed.
 */
uint32_t storage_self_test(const uint8_t owner[16]);

/* A test image logs each test that passed; every image logs a failure. */
void selftest_report(const char *name, int ok);

#endif
