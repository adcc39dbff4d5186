/*
 * The TEE kernel around a built-in (pseudo) TA on the host (tests/unit/pta_host.c), for
 * the host builds of OP-TEE's attestation PTA and the secure-storage TA-management PTA
 * (test_optee_attest, test_secstor_ta_mgmt, fuzz_optee_attest): a silent log, VM 1, the
 * parameter-type check, UUIDs as their octets, a fixed instance key (0x42 bytes; storage
 * purpose only), a counter and frequency for <lib/sysreg.h> (tests/fuzz/host_sysreg.h),
 * and a deterministic RNG.
 */
#ifndef TESTS_UNIT_PTA_HOST_H
#define TESTS_UNIT_PTA_HOST_H
#include <stddef.h>
#include <stdint.h>

uint64_t host_sysreg_read(const char *name);
int cr_rng(void *ctx, unsigned char *buf, size_t len);
/* The kernel's private pages: a pool of n (made once), all free again. */
void pta_host_pages(unsigned n);

#endif
