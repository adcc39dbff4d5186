#ifndef LIB_STRING_H
#define LIB_STRING_H
#include <stddef.h>
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#include <stdint.h>
/*
 * A few registers' worth of 64-bit words, copied inline (ldp/stp, no call): the
 * register blocks handed along on every secure call.
 */
static inline void copy_words(uint64_t *dst, const uint64_t *src, unsigned n)
{
#pragma GCC unroll 8
	for (unsigned i = 0; i < n; i++)
		dst[i] = src[i];
}
#endif
