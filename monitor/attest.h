/* Attestation tokens, built and signed at EL3 (attest.c, docs/attestation.md). */
#ifndef MONITOR_ATTEST_H
#define MONITOR_ATTEST_H

#include <stdint.h>

/*
 * TZV_TVISOR_ATTEST_TOKEN (tzvisor/secure_abi.h): x[1] = VM id, x[2]/x[3] =
 * nonce PA and length, x[4]/x[5] = output PA and size; answers x[0] =
 * TZV_ATTEST_* and x[1] = the token's length (or the size needed).
 */
void attest_handle_tvisor_call(uint64_t x[8]);

#endif
