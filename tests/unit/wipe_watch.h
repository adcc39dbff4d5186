/*
 * What SM2 code leaves behind, for test_utee_sm*.c: run.sh links them with
 * -Wl,--wrap=ossl_sm3_final,--wrap=mbedtls_platform_zeroize,--wrap=free. While
 * watch_start() is on, every SM3 state finalised is noted, then marked wiped when
 * mbedtls_platform_zeroize covers it, and the contents of every freed block are kept.
 */
#ifndef WIPE_WATCH_H
#define WIPE_WATCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WATCH_MAX_FINALS 32

struct sm3_final_seen {
	const uint8_t *ctx;
	bool wiped;
};

extern struct sm3_final_seen watch_finals[WATCH_MAX_FINALS];
extern unsigned watch_nfinals;

void watch_start(void);
void watch_stop(void);
/* whether a block freed while watching held these n bytes */
bool watch_freed_holds(const uint8_t *p, size_t n);

#endif
