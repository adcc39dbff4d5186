/*
 * OP-TEE's attestation PTA (tee/pta_optee_attest.c) with the TA anti-rollback check
 * (tee/ta_version.c) on the host: GET_TA_SHDR_DIGEST signs a TA file's digest only when
 * the loader would take the file, its version and its subkeys' against the counters, and
 * vouching records no version; the loader's check (record) does. The file's signature
 * checks (tee/ta_check.c, tested by test_ta_check) stand in: every file passes with its
 * first 32 bytes as the digest, the versions given here. The key is the real one
 * (RSA-2048 by mbedTLS from HKDF of a fixed instance key).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/tee_client.h>
#include <tzvisor/pta_uuid.h>
#include <tzvisor/secure_abi.h>
#include "fake_counters.h"
#include "pta_host.h"
#include "tee.h"
#include "uta_call.h"

#define KEY_BYTES (PTA_OPTEE_ATTEST_KEY_BITS / 8)
#define ANSWER (32 + KEY_BYTES)
#define POOL_PAGES 8

extern const struct ta_ops pta_optee_attest;

uint8_t tee_image[4096];
__asm__(".globl __code_start\n.set __code_start, tee_image\n"
	".globl __ro_end\n.set __ro_end, tee_image + 4096\n");

struct uta *uta_call_caller(const struct ta_session *s)
{
	(void)s;
	return NULL;
}

const struct uta_image *uta_image_of(const struct uta *u)
{
	(void)u;
	fail();
	return NULL;
}

/* ---- the TA file the loader would take ---- */
static const uint8_t ta_uuid[16] = {0x11, 0x22, 0x33, 0x44, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static const uint8_t sk_uuid[16] = {0xaa, 0xbb, 0xcc, 0xdd, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
static uint32_t file_version, file_subkey_version;
static bool file_has_subkey;

uint32_t uta_find_file(const uint8_t uuid[16], uint8_t **file, uint64_t *size, unsigned *npages)
{
	if (memcmp(uuid, ta_uuid, 16))
		return TEEC_ERROR_ITEM_NOT_FOUND;
	uint8_t *f = pages_alloc(1);
	assert_non_null(f);
	memset(f, 0xd1, TEE_PAGE);
	*file = f;
	*size = TEE_PAGE;
	*npages = 1;
	return TEEC_SUCCESS;
}

uint32_t uta_verify_signed(const uint8_t *file, uint64_t size, const uint8_t uuid[16],
			   struct uta_image *img)
{
	assert_true(size >= 32);
	memset(img, 0, sizeof(*img));
	memcpy(img->uuid, uuid, 16);
	memcpy(img->digest, file, 32);
	img->ta_version = file_version;
	if (file_has_subkey) {
		img->nsubkeys = 1;
		memcpy(img->subkey[0].uuid, sk_uuid, 16);
		img->subkey[0].version = file_subkey_version;
	}
	return TEEC_SUCCESS;
}

static int setup(void **state)
{
	(void)state;
	pta_host_pages(POOL_PAGES);
	fake_counters_reset();
	file_version = 0;
	file_subkey_version = 0;
	file_has_subkey = false;
	return 0;
}

/* GET_TA_SHDR_DIGEST of ta_uuid; out: the answer. */
static uint32_t shdr_digest(uint8_t out[ANSWER])
{
	uint8_t uuid[16], nonce[32];
	memcpy(uuid, ta_uuid, 16);
	memset(nonce, 0x5e, sizeof(nonce));
	struct ta_param p[TEE_TA_PARAMS];
	memset(p, 0, sizeof(p));
	p[0].type = TA_PARAM_MEMREF_INPUT;
	p[0].u.memref.buf = uuid;
	p[0].u.memref.size = 16;
	p[1].type = TA_PARAM_MEMREF_INPUT;
	p[1].u.memref.buf = nonce;
	p[1].u.memref.size = sizeof(nonce);
	p[2].type = TA_PARAM_MEMREF_OUTPUT;
	p[2].u.memref.buf = out;
	p[2].u.memref.size = ANSWER;
	memset(out, 0, ANSWER);
	struct ta_session s;
	memset(&s, 0, sizeof(s));
	s.used = true;
	s.ta = &pta_optee_attest;
	unsigned free_before = pages_free_count();
	uint32_t r = pta_optee_attest.invoke(&s, PTA_OPTEE_ATTEST_CMD_GET_TA_SHDR_DIGEST, p);
	assert_int_equal(pages_free_count(), free_before);
	return r;
}

static bool all_zero(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void test_current_version_signed_and_not_recorded(void **state)
{
	(void)state;
	uint8_t out[ANSWER];
	*fake_counter(ta_uuid) = 5;
	file_version = 5;
	assert_int_equal(shdr_digest(out), TEEC_SUCCESS);
	uint8_t d[32];
	memset(d, 0xd1, 32);
	assert_memory_equal(out, d, 32);
	assert_false(all_zero(out + 32, KEY_BYTES));
	/* a newer file is vouched for, but only the loader records its version */
	file_version = 9;
	assert_int_equal(shdr_digest(out), TEEC_SUCCESS);
	assert_int_equal(*fake_counter(ta_uuid), 5);
	assert_int_equal(fake_counter_advances, 0);
}

static void test_rolled_back_ta_refused(void **state)
{
	(void)state;
	uint8_t out[ANSWER];
	*fake_counter(ta_uuid) = 5;
	file_version = 4;
	assert_int_equal(shdr_digest(out), TEEC_ERROR_SECURITY);
	assert_true(all_zero(out, ANSWER));
	assert_int_equal(*fake_counter(ta_uuid), 5);
}

static void test_rolled_back_subkey_refused(void **state)
{
	(void)state;
	uint8_t out[ANSWER];
	file_has_subkey = true;
	*fake_subkey_counter(sk_uuid) = 3;
	file_subkey_version = 2;
	file_version = 7; /* the TA's own version is new: the subkey's alone refuses it */
	assert_int_equal(shdr_digest(out), TEEC_ERROR_SECURITY);
	assert_true(all_zero(out, ANSWER));
	file_subkey_version = 3;
	assert_int_equal(shdr_digest(out), TEEC_SUCCESS);
	assert_int_equal(*fake_counter(ta_uuid), 0);
	assert_int_equal(fake_counter_advances, 0);
}

static void test_unreadable_counter_refused(void **state)
{
	(void)state;
	uint8_t out[ANSWER];
	fake_counter_read_error = TZV_COUNTER_FAILED;
	assert_int_equal(shdr_digest(out), TEEC_ERROR_GENERIC);
	assert_true(all_zero(out, ANSWER));
}

/* The loader's check (record): the same refusals, and a higher version recorded. */
static void test_loader_check_records(void **state)
{
	(void)state;
	struct uta_image img;
	memset(&img, 0, sizeof(img));
	img.nsubkeys = 1;
	memcpy(img.subkey[0].uuid, sk_uuid, 16);
	img.subkey[0].version = 2;
	img.ta_version = 6;
	*fake_counter(ta_uuid) = 5;
	assert_int_equal(uta_versions_check(&img, ta_uuid, false), TEEC_SUCCESS);
	assert_int_equal(*fake_counter(ta_uuid), 5);
	assert_int_equal(uta_versions_check(&img, ta_uuid, true), TEEC_SUCCESS);
	assert_int_equal(*fake_counter(ta_uuid), 6);
	assert_int_equal(*fake_subkey_counter(sk_uuid), 2);
	img.ta_version = 5;
	assert_int_equal(uta_versions_check(&img, ta_uuid, true), TEEC_ERROR_SECURITY);
	assert_int_equal(*fake_counter(ta_uuid), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_current_version_signed_and_not_recorded, setup),
	    cmocka_unit_test_setup(test_rolled_back_ta_refused, setup),
	    cmocka_unit_test_setup(test_rolled_back_subkey_refused, setup),
	    cmocka_unit_test_setup(test_unreadable_counter_refused, setup),
	    cmocka_unit_test_setup(test_loader_check_records, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
