/* How the monitor reports what its copy of libmbedcrypto.a's C library meets. */
#include "monitor.h"
#include <lib/mbedtls_libc.h>
#include <lib/print.h>

void mbedtls_libc_fatal(const char *why)
{
	panic(why);
}

void mbedtls_libc_heap_exhausted(size_t heap_size)
{
	printf("monitor: mbedTLS heap exhausted (%lu bytes)\n", (unsigned long)heap_size);
}

/* Parameter block of the semihosting exit call (entry.S). */
uint64_t semihosting_block[2];
