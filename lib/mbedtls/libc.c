/*
 * What Debian's libmbedcrypto.a needs from a C library when it is linked into
 * firmware (include/lib/mbedtls_libc.h): a heap for bignums and message-digest
 * contexts, and stubs for what whole objects pull in (file I/O for keys,
 * threading, self-test output), never called by the functions used here.
 *
 * The heap is first fit over a static arena: blocks with a size header,
 * neighbours merged on free. A spin lock makes it safe when several cores use
 * the library at once (the monitor serves every core).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/mbedtls_libc.h>
#include <lib/string.h>

uintptr_t __stack_chk_guard = 0x7ee5c0de5a17c0deul;

void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	mbedtls_libc_fatal("stack protector tripped in libmbedcrypto");
}

static uint8_t heap[MBEDTLS_HEAP_SIZE] __attribute__((aligned(16)));
struct heap_block {
	uint32_t size; /* bytes after the header */
	uint32_t free;
	uint64_t pad;
};
static bool heap_ready;
static uint32_t heap_lock;

static void heap_acquire(void)
{
	while (__atomic_exchange_n(&heap_lock, 1, __ATOMIC_ACQUIRE))
		;
}

static void heap_release(void)
{
	__atomic_store_n(&heap_lock, 0, __ATOMIC_RELEASE);
}

void *calloc(size_t n, size_t size);
void free(void *p);

static void *heap_take(size_t want)
{
	if (!heap_ready) {
		struct heap_block *b = (struct heap_block *)heap;
		b->size = MBEDTLS_HEAP_SIZE - sizeof(struct heap_block);
		b->free = 1;
		heap_ready = true;
	}
	for (uint8_t *at = heap; at < heap + MBEDTLS_HEAP_SIZE;) {
		struct heap_block *b = (struct heap_block *)at;
		if (b->free && b->size >= want) {
			if (b->size >= want + sizeof(struct heap_block) + 16) {
				struct heap_block *rest =
					(struct heap_block *)(at + sizeof(struct heap_block) + want);
				rest->size = b->size - (uint32_t)want - (uint32_t)sizeof(struct heap_block);
				rest->free = 1;
				b->size = (uint32_t)want;
			}
			b->free = 0;
			return b + 1;
		}
		at += sizeof(struct heap_block) + b->size;
	}
	return NULL;
}

void *calloc(size_t n, size_t size)
{
	if (n && size > (MBEDTLS_HEAP_SIZE / n))
		return NULL;
	size_t want = (n * size + 15) & ~(size_t)15;
	if (want == 0)
		want = 16;
	heap_acquire();
	void *p = heap_take(want);
	heap_release();
	if (!p) {
		mbedtls_libc_heap_exhausted(MBEDTLS_HEAP_SIZE);
		return NULL;
	}
	memset(p, 0, want);
	return p;
}

/* libtomcrypt (TEE kernel) allocates with malloc: the same heap, zeroed */
void *malloc(size_t n);
void *malloc(size_t n)
{
	return calloc(1, n);
}

void free(void *p)
{
	if (!p)
		return;
	heap_acquire();
	struct heap_block *b = (struct heap_block *)p - 1;
	/* Freed memory may have held key material: wipe it before anyone else gets it. */
	memset(p, 0, b->size);
	b->free = 1;
	for (uint8_t *at = heap; at < heap + MBEDTLS_HEAP_SIZE;) {
		struct heap_block *c = (struct heap_block *)at;
		uint8_t *next = at + sizeof(struct heap_block) + c->size;
		while (c->free && next < heap + MBEDTLS_HEAP_SIZE && ((struct heap_block *)next)->free) {
			c->size += (uint32_t)sizeof(struct heap_block) + ((struct heap_block *)next)->size;
			next = at + sizeof(struct heap_block) + c->size;
		}
		at = next;
	}
	heap_release();
}

/* Debian builds with _FORTIFY_SOURCE: the checked memset that hkdf.c calls. */
void *__memset_chk(void *dest, int c, size_t len, size_t dest_len);
void *__memset_chk(void *dest, int c, size_t len, size_t dest_len)
{
	if (len > dest_len)
		mbedtls_libc_fatal("memset beyond its object in libmbedcrypto");
	return memset(dest, c, len);
}

/* Only the library's self-tests print; they are never run. */
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

struct tm;
struct tm *gmtime_r(const void *t, struct tm *out);
struct tm *gmtime_r(const void *t, struct tm *out)
{
	(void)t;
	(void)out;
	return NULL;
}

int rand(void);
int rand(void)
{
	return 0;
}

/* Callers serialise their own use of the library; the heap has its own lock. */
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

/* Key and random-seed file I/O: there are no files, so every call fails. */
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
