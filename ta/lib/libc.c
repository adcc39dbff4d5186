/*
 * The C library a TA links: what TAs written for OP-TEE commonly call and what
 * Debian's libmbedcrypto.a (built against glibc) expects. Memory comes from the
 * TA heap, output goes to the log syscall, files and threads do not exist.
 * Target only (the host tests use the host's C library).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tee_internal_api.h>
#include "utee.h"

/* ---------------------------------------------------------------- strings and memory */

void *memcpy(void *restrict dest, const void *restrict src, size_t n)
{
	uint8_t *d = dest;
	const uint8_t *s = src;
	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
	}
	while (n--)
		*d++ = *s++;
	return dest;
}

void *memmove(void *dest, const void *src, size_t n)
{
	return TEE_MemMove(dest, src, n);
}

void *memset(void *s, int c, size_t n)
{
	uint8_t *d = s;
	if (((uintptr_t)d & 7) == 0) {
		uint64_t w = (uint8_t)c * 0x0101010101010101ull;
		for (; n >= 8; n -= 8, d += 8)
			*(uint64_t *)(void *)d = w;
	}
	while (n--)
		*d++ = (uint8_t)c;
	return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const uint8_t *p = s;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == (uint8_t)c)
			return (void *)(uintptr_t)(p + i);
	}
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (!*s)
			return NULL;
	}
}

char *strstr(const char *h, const char *n)
{
	size_t k = strlen(n);
	for (; *h; h++) {
		if (!strncmp(h, n, k))
			return (char *)(uintptr_t)h;
	}
	return k ? NULL : (char *)(uintptr_t)h;
}

char *strcpy(char *restrict d, const char *restrict s)
{
	char *r = d;
	while ((*d++ = *s++))
		;
	return r;
}

char *strncpy(char *restrict d, const char *restrict s, size_t n)
{
	size_t i = 0;
	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = '\0';
	return d;
}

/* glibc's fortified variants (Debian builds with _FORTIFY_SOURCE). */
void __chk_fail(void) __attribute__((noreturn));
void __chk_fail(void)
{
	TEE_Panic(TEE_ERROR_SECURITY);
}

void *__memcpy_chk(void *d, const void *s, size_t n, size_t dlen)
{
	if (n > dlen)
		__chk_fail();
	return memcpy(d, s, n);
}

void *__memset_chk(void *d, int c, size_t n, size_t dlen)
{
	if (n > dlen)
		__chk_fail();
	return memset(d, c, n);
}

void *__memmove_chk(void *d, const void *s, size_t n, size_t dlen)
{
	if (n > dlen)
		__chk_fail();
	return memmove(d, s, n);
}

/* ---------------------------------------------------------------- heap */

void *malloc(size_t size)
{
	return TEE_Malloc(size, TEE_MALLOC_NO_FILL);
}

void *calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return TEE_Malloc(n * size, TEE_MALLOC_FILL_ZERO);
}

void *realloc(void *p, size_t size)
{
	return TEE_Realloc(p, size);
}

void free(void *p)
{
	TEE_Free(p);
}

/* ---------------------------------------------------------------- formatted output */

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
{
	return tzv_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = tzv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int __snprintf_chk(char *buf, size_t size, int flag, size_t slen, const char *fmt, ...)
{
	(void)flag;
	if (size > slen)
		__chk_fail();
	va_list ap;
	va_start(ap, fmt);
	int n = tzv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int __vsnprintf_chk(char *buf, size_t size, int flag, size_t slen, const char *fmt, va_list ap)
{
	(void)flag;
	if (size > slen)
		__chk_fail();
	return tzv_vsnprintf(buf, size, fmt, ap);
}

int vprintf(const char *restrict fmt, va_list ap)
{
	char buf[MAX_PRINT_SIZE];
	if (trace_get_level() < TRACE_PRINTF_LEVEL)
		return 0;
	int n = tzv_vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n > 0)
		tzv_sys_log(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int __printf_chk(int flag, const char *fmt, ...)
{
	(void)flag;
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	if (trace_get_level() >= TRACE_PRINTF_LEVEL)
		tzv_sys_log(s, strlen(s));
	return 0;
}

int putchar(int c)
{
	char ch = (char)c;
	if (trace_get_level() >= TRACE_PRINTF_LEVEL)
		tzv_sys_log(&ch, 1);
	return c;
}

/* ---------------------------------------------------------------- what does not exist here */

static int err_no;

int *__errno_location(void)
{
	return &err_no;
}

void abort(void)
{
	TEE_Panic(TEE_ERROR_GENERIC);
}

/* glibc's <assert.h> (the dev kit's wraps it) calls this: log, then panic as OP-TEE's assert. */
void __assert_fail(const char *expr, const char *file, unsigned int line, const char *func)
{
	EMSG("assertion '%s' failed at %s:%u in %s()", expr, file, line, func);
	TEE_Panic(TEE_ERROR_GENERIC);
}

/* The stack protector's canary (the dev kit builds TAs without it; mbedTLS has it). */
uintptr_t __stack_chk_guard = 0x7a76c0de5eed0001ul;

void __stack_chk_fail(void)
{
	TEE_Panic(TEE_ERROR_SECURITY);
}

/* One thread per TA instance: mutexes always succeed. */
int pthread_mutex_init(void *m, const void *attr)
{
	(void)m;
	(void)attr;
	return 0;
}

int pthread_mutex_destroy(void *m)
{
	(void)m;
	return 0;
}

int pthread_mutex_lock(void *m)
{
	(void)m;
	return 0;
}

int pthread_mutex_unlock(void *m)
{
	(void)m;
	return 0;
}

/* No files: mbedTLS's *_file() helpers fail cleanly. */
void *fopen(const char *path, const char *mode)
{
	(void)path;
	(void)mode;
	return NULL;
}

int fclose(void *f)
{
	(void)f;
	return -1;
}

size_t fread(void *p, size_t size, size_t n, void *f)
{
	(void)p;
	(void)size;
	(void)n;
	(void)f;
	return 0;
}

size_t fwrite(const void *p, size_t size, size_t n, void *f)
{
	(void)p;
	(void)size;
	(void)n;
	(void)f;
	return 0;
}

int fseek(void *f, long off, int whence)
{
	(void)f;
	(void)off;
	(void)whence;
	return -1;
}

long ftell(void *f)
{
	(void)f;
	return -1;
}

int ferror(void *f)
{
	(void)f;
	return 1;
}

char *fgets(char *s, int n, void *f)
{
	(void)s;
	(void)n;
	(void)f;
	return NULL;
}

int remove(const char *path)
{
	(void)path;
	return -1;
}

int rename(const char *a, const char *b)
{
	(void)a;
	(void)b;
	return -1;
}

/* Time as the REE sees it (what mbedTLS's time() users get). */
long time(long *t)
{
	TEE_Time now;
	TEE_GetREETime(&now);
	if (t)
		*t = now.seconds;
	return now.seconds;
}

struct timeval_shim {
	long tv_sec;
	long tv_usec;
};

int gettimeofday(struct timeval_shim *tv, void *tz)
{
	(void)tz;
	TEE_Time now;
	TEE_GetREETime(&now);
	if (tv) {
		tv->tv_sec = now.seconds;
		tv->tv_usec = (long)now.millis * 1000;
	}
	return 0;
}

/* glibc's struct tm, the layout Debian's mbedTLS objects were compiled against */
struct tm_shim {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
	long tm_gmtoff;
	const char *tm_zone;
};

/*
 * UTC calendar time of a count of seconds since 1970 (mbedTLS's X.509 validity checks).
 * Days are counted in 400-year eras of 146097 days starting on 1 March, so that the leap
 * day is the last day of a year.
 */
struct tm_shim *gmtime_r(const long *t, struct tm_shim *tm)
{
	long secs = *t, days = secs / 86400, rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	tm->tm_hour = (int)(rem / 3600);
	tm->tm_min = (int)(rem % 3600 / 60);
	tm->tm_sec = (int)(rem % 60);
	tm->tm_wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
	long z = days + 719468;			    /* days from 0000-03-01 */
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;					  /* [0, 146096] */
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);		  /* from 1 March */
	long mp = (5 * doy + 2) / 153;					  /* March = 0 */
	long year = yoe + era * 400 + (mp >= 10);
	int mon = (int)(mp < 10 ? mp + 2 : mp - 10);
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	static const short before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_mon = mon;
	tm->tm_year = (int)(year - 1900);
	tm->tm_yday = before[mon] + tm->tm_mday - 1 + (leap && mon > 1);
	tm->tm_isdst = 0;
	tm->tm_gmtoff = 0;
	tm->tm_zone = "UTC";
	return tm;
}

/* No directories either (mbedtls_x509_crt_parse_path fails cleanly). */
void *opendir(const char *path)
{
	(void)path;
	return NULL;
}

void *readdir(void *dir)
{
	(void)dir;
	return NULL;
}

int closedir(void *dir)
{
	(void)dir;
	return -1;
}

int stat(const char *path, void *st)
{
	(void)path;
	(void)st;
	return -1;
}

unsigned alarm(unsigned s)
{
	(void)s;
	return 0;
}

void *signal(int sig, void *handler)
{
	(void)sig;
	(void)handler;
	return NULL;
}

int rand(void)
{
	uint32_t v;
	TEE_GenerateRandom(&v, sizeof(v));
	return (int)(v & 0x7fffffff);
}

long syscall(long nr, ...)
{
	(void)nr;
	err_no = 38; /* ENOSYS */
	return -1;
}
