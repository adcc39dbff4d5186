/* C library functions TAs written for OP-TEE use beyond libc.c. */
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
