/* The monitor's TA version counters for host tests: see fake_counters.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <mbedtls/sha256.h>
#include <tzvisor/secure_abi.h>
#include "fake_counters.h"
#include "tee.h"
#include "ta_crypto.h"

#define MAX_COUNTERS 16

static struct {
	uint8_t id[16];
	uint64_t value;
} counters[MAX_COUNTERS];
static unsigned ncounters;
uint64_t fake_counter_read_error, fake_counter_advance_error;
unsigned fake_counter_advances;

void fake_counters_reset(void)
{
	ncounters = 0;
	fake_counter_read_error = fake_counter_advance_error = TZV_COUNTER_OK;
	fake_counter_advances = 0;
}

uint64_t *fake_counter(const uint8_t id[16])
{
	for (unsigned i = 0; i < ncounters; i++)
		if (!memcmp(counters[i].id, id, 16))
			return &counters[i].value;
	assert_true(ncounters < MAX_COUNTERS);
	memcpy(counters[ncounters].id, id, 16);
	counters[ncounters].value = 0;
	return &counters[ncounters++].value;
}

uint64_t tee_ta_version_counter(const uint8_t uuid[16], uint64_t op, uint64_t value,
				uint64_t *stored)
{
	if (fake_counter_read_error != TZV_COUNTER_OK)
		return fake_counter_read_error;
	uint64_t *c = fake_counter(uuid);
	if (op == TZV_COUNTER_ADVANCE) {
		if (fake_counter_advance_error != TZV_COUNTER_OK)
			return fake_counter_advance_error;
		if (value < *c)
			return TZV_COUNTER_REFUSED;
		*c = value;
		fake_counter_advances++;
	}
	*stored = *c;
	return TZV_COUNTER_OK;
}

int ta_crypto_hash(const uint8_t *a, uint64_t alen, const uint8_t *b, uint64_t blen,
		   uint8_t out[32])
{
	mbedtls_sha256_context c;
	mbedtls_sha256_init(&c);
	int e = mbedtls_sha256_starts_ret(&c, 0) || mbedtls_sha256_update_ret(&c, a, alen) ||
		(blen && mbedtls_sha256_update_ret(&c, b, blen)) ||
		mbedtls_sha256_finish_ret(&c, out);
	mbedtls_sha256_free(&c);
	return e ? -1 : 0;
}

uint64_t *fake_subkey_counter(const uint8_t uuid[16])
{
	static const char label[] = "tzvisor subkey version";
	uint8_t d[32];
	assert_int_equal(ta_crypto_hash((const uint8_t *)label, sizeof(label) - 1, uuid, 16, d), 0);
	return fake_counter(d);
}
