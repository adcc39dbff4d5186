/*
 * The C library that Debian's libmbedcrypto.a expects, for the images that link
 * it (monitor, TEE kernel): lib/mbedtls/libc.c. Debian builds mbedTLS without
 * MBEDTLS_PLATFORM_MEMORY, so it calls calloc/free directly; they are served
 * from a private heap of MBEDTLS_HEAP_SIZE bytes in the image's .bss.
 */
#ifndef LIB_MBEDTLS_LIBC_H
#define LIB_MBEDTLS_LIBC_H

#include <stddef.h>

/* Images may set their own (the TEE kernel keeps its TAs' crypto state there). */
#ifndef MBEDTLS_HEAP_SIZE
#define MBEDTLS_HEAP_SIZE 0x8000u
#endif

/* Each image says how it reports the library's fatal errors (stack check). */
void mbedtls_libc_fatal(const char *why) __attribute__((noreturn));
/* ... and how it logs an exhausted heap (calloc then returns NULL). */
void mbedtls_libc_heap_exhausted(size_t heap_size);

#endif
