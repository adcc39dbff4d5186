/*
 * String and memory functions of OP-TEE's libutils beyond ISO C that TAs
 * use (implemented in libutee, ta/lib/libc_ext.c). tzvisor dev kit.
 */
#ifndef TZV_DEVKIT_STRING_EXT_H
#define TZV_DEVKIT_STRING_EXT_H

#include <stddef.h>

/* BSD strlcpy/strlcat: always terminated (size > 0), return the length tried */
size_t strlcpy(char *dst, const char *src, size_t size);
size_t strlcat(char *dst, const char *src, size_t size);

/* 0 if the nb bytes are equal, nonzero otherwise; time independent of the contents */
int consttime_memcmp(const void *p1, const void *p2, size_t nb);

static inline int buf_compare_ct(const void *s1, const void *s2, size_t n)
{
	return consttime_memcmp(s1, s2, n);
}

/* memset(s, 0, count) that the compiler may not drop */
void memzero_explicit(void *s, size_t count);

#endif
