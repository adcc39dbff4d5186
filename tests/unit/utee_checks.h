/* Checks the host tests of libutee's crypto share (tests/unit/utee_checks.c). */
#ifndef TESTS_UNIT_UTEE_CHECKS_H
#define TESTS_UNIT_UTEE_CHECKS_H
#include <stddef.h>
#include <stdint.h>
#include <tee_internal_api.h>

/* Hex digits to bytes; the count. */
size_t unhex(const char *s, uint8_t *out);
/*
 * Signs a fixed digest with key (GP's short-buffer answer first: the size for max_bits)
 * and verifies it; a changed signature or digest does not verify.
 */
void sign_round_trip(TEE_ObjectHandle key, uint32_t alg, uint32_t max_bits);

#endif
