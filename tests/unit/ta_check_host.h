/*
 * What the host tests of tee/ta_check.c share (tests/unit/ta_check_host.c): the kernel's
 * log (its last line), the crypto it calls (OpenSSL's SHA-256 and SHA-512, and stand-in
 * signatures: the hash eight times for the built-in key; for a subkey, the hash over the
 * key's n_size bytes, each XOR the first byte of its modulus), a synthetic ELF and the
 * signed file made from it, the page pool, and a refusal's checks.
 * test_ta_check.c builds a TA into elf, test_ta_check_lib.c a shared library.
 */
#ifndef TESTS_UNIT_TA_CHECK_HOST_H
#define TESTS_UNIT_TA_CHECK_HOST_H
#include <stdint.h>
#include <abi/elf64.h>
#include "tee.h"

#define SIG_SIZE 256

extern char last_log[200];
extern uint8_t elf[0x4000];
extern uint64_t elf_size;
extern uint8_t file[0x5000];
extern uint64_t file_size;
extern struct uta_image img;

struct elf64_ehdr *eh(void);
struct elf64_phdr *ph(int i);
/* file = shdr | hash | signature | bootstrap header (signed_uuid, version 0) | elf. */
void sign_as(const uint8_t signed_uuid[16]);
/* A pool of `pages` private pages for the checks to load into; freed by pool_free. */
void pool_init(unsigned pages);
void pool_free(void);
/* check() answers want with `why` in the log; no page taken, no segment in img. */
void expect_refused(uint32_t (*check)(void), uint32_t want, const char *why);
/*
 * With all but `left` pages of the pool taken, check() is refused for want of private
 * pages (none kept); with them back, it passes.
 */
void expect_out_of_pages(uint32_t (*check)(void), unsigned left);

#endif
