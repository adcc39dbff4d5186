/*
 * OP-TEE's snprintk/vsnprintk: snprintf/vsnprintf of libutee's formatter
 * (ta/lib/printf.c). tzvisor dev kit.
 */
#ifndef TZV_DEVKIT_PRINTK_H
#define TZV_DEVKIT_PRINTK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

int snprintk(char *str, size_t size, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
int vsnprintk(char *str, size_t size, const char *fmt, va_list ap)
    __attribute__((__format__(__printf__, 3, 0)));

#endif
