#ifndef LIB_PRINT_H
#define LIB_PRINT_H
#include <stdarg.h>
#include <stddef.h>

/* Each image provides the byte sink; print formats into it. */
void console_putc(char c);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void puts_raw(const char *s);

#endif
