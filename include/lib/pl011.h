#ifndef LIB_PL011_H
#define LIB_PL011_H
#include <stdint.h>
void pl011_putc(uintptr_t base, char c);
int pl011_getc(uintptr_t base); /* -1 when nothing is waiting */
#endif
