#include <lib/string.h>
#include <stdint.h>

/* A word that may alias anything: these routines copy objects of every type. */
typedef uint64_t __attribute__((may_alias)) any_word;

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	/* Whole words when both sides allow it (messages and parameter blocks on every call),
	 * four at a time. */
	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; n >= 32; n -= 32, d += 32, s += 32) {
			any_word a = ((const any_word *)(const void *)s)[0];
			any_word b = ((const any_word *)(const void *)s)[1];
			any_word c = ((const any_word *)(const void *)s)[2];
			any_word e = ((const any_word *)(const void *)s)[3];
			((any_word *)(void *)d)[0] = a;
			((any_word *)(void *)d)[1] = b;
			((any_word *)(void *)d)[2] = c;
			((any_word *)(void *)d)[3] = e;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(any_word *)(void *)d = *(const any_word *)(const void *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	if (((uintptr_t)d & 7) == 0) {
		uint64_t word = (unsigned char)c * 0x0101010101010101ul;
		for (; n >= 32; n -= 32, d += 32) {
			((any_word *)(void *)d)[0] = word;
			((any_word *)(void *)d)[1] = word;
			((any_word *)(void *)d)[2] = word;
			((any_word *)(void *)d)[3] = word;
		}
		for (; n >= 8; n -= 8, d += 8)
			*(any_word *)(void *)d = word;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}
