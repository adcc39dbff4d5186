/*
 * What Debian's libmbedcrypto.a expects from a C library. Only SHA-256 is
 * used; the rest satisfies symbols of objects pulled in whole.
 */
#include "monitor.h"
#include <stddef.h>
#include <lib/string.h>

uintptr_t __stack_chk_guard = 0x5a17c0de5a17c0deul;

void __stack_chk_fail(void)
{
	panic("stack protector tripped in libmbedcrypto");
}

/* mbedTLS's platform layer may ask for memory; the monitor has none to give. */
void *calloc(size_t n, size_t size)
{
	(void)n;
	(void)size;
	return NULL;
}

void free(void *p)
{
	(void)p;
}

/* Only mbedTLS's self-tests print; they are never run here. */
int puts(const char *s)
{
	(void)s;
	return 0;
}

int putchar(int c)
{
	return c;
}

int __printf_chk(int flag, const char *fmt, ...)
{
	(void)flag;
	(void)fmt;
	return 0;
}

struct tm;
struct tm *gmtime_r(const void *t, struct tm *out)
{
	(void)t;
	(void)out;
	return NULL;
}

/* Parameter block of the semihosting exit call (entry.S). */
uint64_t semihosting_block[2];
