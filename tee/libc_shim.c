/*
 * What Debian's libmbedcrypto.a (linked into the TEE kernel for TA signature
 * checks, tee/ta_crypto.c) expects from a C library: a small private heap for
 * its bignums (Debian builds it without MBEDTLS_PLATFORM_MEMORY, so it calls
 * calloc/free directly) and stubs for what whole objects pull in.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/string.h>
#include <tzvisor/secure_abi.h>
#include "tee.h"

/* ---- what libmbedcrypto.a needs from a C library ---- */

uintptr_t __stack_chk_guard = 0x7ee5c0de7ee5c0deul;

void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	tee_log("stack protector tripped in libmbedcrypto");
	tee_panic(TZV_PANIC_ASSERT);
}

/*
 * The bignum heap: first fit over a static arena, blocks with a size header,
 * neighbours merged on free. Only the signature check uses it.
 */
#define HEAP_SIZE 0x8000u
static uint8_t heap[HEAP_SIZE] __attribute__((aligned(16)));
struct blk {
	uint32_t size; /* bytes after the header */
	uint32_t free;
	uint64_t pad;
};
static bool heap_ready;

void *calloc(size_t n, size_t size);
void free(void *p);

void *calloc(size_t n, size_t size)
{
	if (!heap_ready) {
		struct blk *b = (struct blk *)heap;
		b->size = HEAP_SIZE - sizeof(struct blk);
		b->free = 1;
		heap_ready = true;
	}
	if (n && size > (HEAP_SIZE / n))
		return NULL;
	size_t want = (n * size + 15) & ~(size_t)15;
	if (want == 0)
		want = 16;
	for (uint8_t *at = heap; at < heap + HEAP_SIZE;) {
		struct blk *b = (struct blk *)at;
		if (b->free && b->size >= want) {
			if (b->size >= want + sizeof(struct blk) + 16) {
				struct blk *rest = (struct blk *)(at + sizeof(struct blk) + want);
				rest->size = b->size - (uint32_t)want - (uint32_t)sizeof(struct blk);
				rest->free = 1;
				b->size = (uint32_t)want;
			}
			b->free = 0;
			memset(b + 1, 0, b->size);
			return b + 1;
		}
		at += sizeof(struct blk) + b->size;
	}
	tee_log("mbedTLS heap exhausted (%u bytes)", HEAP_SIZE);
	return NULL;
}

void free(void *p)
{
	if (!p)
		return;
	struct blk *b = (struct blk *)p - 1;
	b->free = 1;
	/* merge every run of free blocks */
	for (uint8_t *at = heap; at < heap + HEAP_SIZE;) {
		struct blk *c = (struct blk *)at;
		uint8_t *next = at + sizeof(struct blk) + c->size;
		while (c->free && next < heap + HEAP_SIZE && ((struct blk *)next)->free) {
			c->size += (uint32_t)sizeof(struct blk) + ((struct blk *)next)->size;
			next = at + sizeof(struct blk) + c->size;
		}
		at = next;
	}
}

int puts(const char *s);
int puts(const char *s)
{
	(void)s;
	return 0;
}

int putchar(int c);
int putchar(int c)
{
	return c;
}

int __printf_chk(int flag, const char *fmt, ...);
int __printf_chk(int flag, const char *fmt, ...)
{
	(void)flag;
	(void)fmt;
	return 0;
}

struct tm;
struct tm *gmtime_r(const void *t, struct tm *out);
struct tm *gmtime_r(const void *t, struct tm *out)
{
	(void)t;
	(void)out;
	return NULL;
}

/*
 * Pulled in with whole objects (bignum file I/O, the threading layer, self
 * tests), never called by the signature check: each fails.
 */
int rand(void);
int rand(void)
{
	return 0;
}

int pthread_mutex_init(void *m, const void *attr);
int pthread_mutex_init(void *m, const void *attr)
{
	(void)m;
	(void)attr;
	return 0;
}

int pthread_mutex_destroy(void *m);
int pthread_mutex_destroy(void *m)
{
	(void)m;
	return 0;
}

/* one call at a time runs in an instance: nothing to lock against */
int pthread_mutex_lock(void *m);
int pthread_mutex_lock(void *m)
{
	(void)m;
	return 0;
}

int pthread_mutex_unlock(void *m);
int pthread_mutex_unlock(void *m)
{
	(void)m;
	return 0;
}

void *fopen(const char *path, const char *mode);
void *fopen(const char *path, const char *mode)
{
	(void)path;
	(void)mode;
	return NULL;
}

int fclose(void *f);
int fclose(void *f)
{
	(void)f;
	return -1;
}

int ferror(void *f);
int ferror(void *f)
{
	(void)f;
	return 1;
}

char *fgets(char *s, int n, void *f);
char *fgets(char *s, int n, void *f)
{
	(void)s;
	(void)n;
	(void)f;
	return NULL;
}

size_t fread(void *p, size_t size, size_t n, void *f);
size_t fread(void *p, size_t size, size_t n, void *f)
{
	(void)p;
	(void)size;
	(void)n;
	(void)f;
	return 0;
}

size_t fwrite(const void *p, size_t size, size_t n, void *f);
size_t fwrite(const void *p, size_t size, size_t n, void *f)
{
	(void)p;
	(void)size;
	(void)n;
	(void)f;
	return 0;
}

int __snprintf_chk(char *s, size_t max, int flag, size_t len, const char *fmt, ...);
int __snprintf_chk(char *s, size_t max, int flag, size_t len, const char *fmt, ...)
{
	(void)flag;
	(void)len;
	(void)fmt;
	if (s && max)
		s[0] = '\0';
	return -1;
}
