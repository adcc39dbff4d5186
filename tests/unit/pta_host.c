/* The TEE kernel around a built-in TA on the host: see pta_host.h. */
#include <stdlib.h>
#include <string.h>
#include <tzvisor/secure_abi.h>
#include "pta_host.h"
#include "tee.h"

uint32_t tee_vm_id = 1;

void tee_log(const char *fmt, ...)
{
	(void)fmt;
}

bool ta_check_types(const struct ta_param p[TEE_TA_PARAMS], const uint32_t allowed[TEE_TA_PARAMS])
{
	for (unsigned i = 0; i < TEE_TA_PARAMS; i++)
		if (!(allowed[i] & TA_T(p[i].type)))
			return false;
	return true;
}

void uta_uuid_to_octets(const uint8_t *u, uint8_t o[16])
{
	memcpy(o, u, 16);
}

int tee_instance_key(uint32_t purpose, uint8_t key[32])
{
	if (purpose != TZV_KEY_PURPOSE_STORAGE)
		abort();
	memset(key, 0x42, 32);
	return 0;
}

uint64_t host_sysreg_read(const char *name)
{
	static uint64_t t;
	return strcmp(name, "cntfrq_el0") ? ++t : 62500000;
}

/* The kernel's RNG (PSS salts, blinding): any bytes do for the checks here. */
int cr_rng(void *ctx, unsigned char *buf, size_t len)
{
	static uint8_t x;
	(void)ctx;
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(x += 0x3b);
	return 0;
}

void pta_host_pages(unsigned n)
{
	static uint8_t *pool;
	static unsigned have;
	if (n > have) {
		free(pool);
		pool = aligned_alloc(TEE_PAGE, n * TEE_PAGE);
		if (!pool)
			abort();
		have = n;
	}
	pages_init((uintptr_t)pool, n * TEE_PAGE);
}
