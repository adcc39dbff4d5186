/* C library functions TAs written for OP-TEE use beyond libc.c. */
#define _DEFAULT_SOURCE /* strnlen, strndup, strdup */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <printk.h>
#include <stdarg.h>
#include <string_ext.h>
#include <trace.h>
#include "utee.h"

char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = malloc(len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *strdup(const char *s)
{
	return strndup(s, (size_t)-1);
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t used = strnlen(dst, size);

	if (used == size)
		return size + strlen(src);
	return used + strlcpy(dst + used, src, size - used);
}

int consttime_memcmp(const void *p1, const void *p2, size_t nb)
{
	const volatile unsigned char *a = p1;
	const volatile unsigned char *b = p2;
	unsigned char diff = 0;

	for (size_t i = 0; i < nb; i++)
		diff |= a[i] ^ b[i];
	return diff != 0;
}

void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	/* the buffer is "used" afterwards: the stores cannot be dropped */
	__asm__ volatile("" : : "r"(s) : "memory");
}

int vsnprintk(char *str, size_t size, const char *fmt, va_list ap)
{
	return tzv_vsnprintf(str, size, fmt, ap);
}

int snprintk(char *str, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = tzv_vsnprintf(str, size, fmt, ap);
	va_end(ap);
	return n;
}
