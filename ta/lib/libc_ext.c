/* C library functions TAs written for OP-TEE use beyond libc.c, and the trace hexdump. */
#define _DEFAULT_SOURCE /* strnlen, strndup, strdup */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
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

void tzv_trace_hexdump(const char *func, int line, int level, const void *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *b = buf;
	for (size_t off = 0; off < len; off += 16) {
		char text[16 * 3 + 1];
		size_t n = 0;
		for (size_t i = off; i < len && i < off + 16; i++) {
			text[n++] = hex[b[i] >> 4];
			text[n++] = hex[b[i] & 15];
			text[n++] = ' ';
		}
		text[n ? n - 1 : 0] = '\0';
		trace_printf(func, line, level, true, "%04zx: %s", off, text);
	}
}
