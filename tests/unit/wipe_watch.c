/* The --wrap wrappers of tests/unit/wipe_watch.h. */
#include <malloc.h>
#include <string.h>
#include "wipe_watch.h"

int __real_ossl_sm3_final(unsigned char *md, void *c);
int __wrap_ossl_sm3_final(unsigned char *md, void *c);
void __real_mbedtls_platform_zeroize(void *p, size_t n);
void __wrap_mbedtls_platform_zeroize(void *p, size_t n);
void __real_free(void *p);
void __wrap_free(void *p);

#define SM3_STATE 32 /* OpenSSL's SM3_CTX: A..H first, the digest after the final */

struct sm3_final_seen watch_finals[WATCH_MAX_FINALS];
unsigned watch_nfinals;
static bool watching;
static uint8_t freed[65536]; /* what the freed blocks held, one after the other */
static size_t freed_len;

void watch_start(void)
{
	watch_nfinals = 0;
	freed_len = 0;
	watching = true;
}

void watch_stop(void)
{
	watching = false;
}

bool watch_freed_holds(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + n <= freed_len; i++)
		if (!memcmp(freed + i, p, n))
			return true;
	return false;
}

int __wrap_ossl_sm3_final(unsigned char *md, void *c)
{
	int r = __real_ossl_sm3_final(md, c);
	if (watching && watch_nfinals < WATCH_MAX_FINALS) {
		watch_finals[watch_nfinals].ctx = c;
		watch_finals[watch_nfinals].wiped = false;
		watch_nfinals++;
	}
	return r;
}

void __wrap_mbedtls_platform_zeroize(void *p, size_t n)
{
	const uint8_t *b = p;
	for (unsigned i = 0; watching && i < watch_nfinals; i++)
		if (watch_finals[i].ctx >= b && watch_finals[i].ctx + SM3_STATE <= b + n)
			watch_finals[i].wiped = true;
	__real_mbedtls_platform_zeroize(p, n);
}

void __wrap_free(void *p)
{
	if (watching && p) {
		size_t n = malloc_usable_size(p);
		if (n > sizeof(freed) - freed_len)
			n = sizeof(freed) - freed_len;
		memcpy(freed + freed_len, p, n);
		freed_len += n;
	}
	__real_free(p);
}
