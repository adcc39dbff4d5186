/*
 * Debian builds libmbedcrypto.a with _FORTIFY_SOURCE: the AES, Camellia and
 * CCM objects that AES-GCM pulls in (tee/storage_file.c) call __memcpy_chk. The
 * check is kept: an overflowing copy stops the instance.
 */
#include <stddef.h>
#include <lib/string.h>
#include <tzvisor/secure_abi.h>
#include "tee.h"

void *__memcpy_chk(void *dst, const void *src, size_t n, size_t dst_size);
void *__memcpy_chk(void *dst, const void *src, size_t n, size_t dst_size)
{
	if (n > dst_size) {
		tee_log("memcpy of %zu bytes into %zu", n, dst_size);
		tee_panic(TZV_PANIC_ASSERT);
	}
	return memcpy(dst, src, n);
}
