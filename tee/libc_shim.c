/*
 * How the TEE kernel reports what its copy of libmbedcrypto.a's C library
 * (lib/mbedtls/libc.c) meets: TA signature checks and key derivation use it.
 */
#include <stddef.h>
#include <lib/mbedtls_libc.h>
#include <tzvisor/secure_abi.h>
#include "tee.h"

void mbedtls_libc_fatal(const char *why)
{
	tee_log("%s", why);
	tee_panic(TZV_PANIC_ASSERT);
}

void mbedtls_libc_heap_exhausted(size_t heap_size)
{
	tee_log("mbedTLS heap exhausted (%u bytes)", (unsigned)heap_size);
}
