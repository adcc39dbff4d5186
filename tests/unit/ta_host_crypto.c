/*
 * The TEE kernel's GP crypto (tee/crypto_*.c) behind libutee's crypto
 * syscall, on the host: test_utee runs the TA API against the kernel's code.
 * TA pointers are host pointers; a kernel-side "the TA dies" is a TEE_Panic.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tee_internal_api.h>

#include "../../ta/lib/utee.h"
#include "crypto.h"
#include "storage.h"
#include "ta_host_stubs.h"

TEE_Result tzv_sys_crypto(uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			  uint64_t a5, uint64_t a6, uint64_t a7)
{
	const uint64_t a[7] = {a1, a2, a3, a4, a5, a6, a7};
	return crypto_syscall(fake.crypto_owner, op, a);
}

void *uta_user_ptr(uint64_t va, uint64_t len, bool write)
{
	uintptr_t ro = (uintptr_t)fake.ro_base;
	if (write && va < ro + fake.ro_len && ro < va + len)
		return NULL; /* as an input parameter mapped read-only for the TA */
	return (void *)(uintptr_t)va;
}

void uta_kill_current(const char *why, uint64_t a, uint64_t b)
{
	snprintf(fake.killed, sizeof(fake.killed), "%s", why);
	(void)a, (void)b;
	tzv_sys_panic(TEE_ERROR_TARGET_DEAD);
	abort();
}

void tee_random_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)rand();
}

bool storage_key_attributes(const void *owner, uint32_t handle, uint32_t *type, uint32_t *obj_size,
			    uint32_t *max_size, uint32_t *usage, const uint8_t **meta,
			    uint32_t *meta_len)
{
	(void)owner, (void)handle, (void)type, (void)obj_size, (void)max_size, (void)usage;
	(void)meta, (void)meta_len;
	return false;
}

/* The kernel's fatal-error report (tee/libc_shim.c): libtomcrypt's argument checks. */
void mbedtls_libc_fatal(const char *why)
{
	fprintf(stderr, "fatal: %s\n", why);
	abort();
}
