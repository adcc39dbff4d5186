/*
 * OP-TEE's secure-storage TA management PTA (tee/pta_secstor_ta_mgmt.c) with the TA
 * anti-rollback check (tee/ta_version.c) on the host: BOOTSTRAP stores a signed TA, then
 * records its version, so a storage write that fails leaves the stored copy loadable,
 * and a version that cannot be recorded leaves the new copy stored and loadable.
 *
 * The file's signature checks (tee/ta_check.c, test_ta_check) stand in: a "signed file"
 * here is its UUID, its ta_version (little-endian) and padding; trusted storage is one
 * object per UUID in memory, with a failure to inject. "The loader" is what tee/uta.c
 * does with it: tadb_fetch, the file's checks, the versions checked and recorded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/tee_client.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/ta_abi.h>
#include "fake_counters.h"
#include "pta_host.h"
#include "storage.h"
#include "tee.h"

#define POOL_PAGES 8
#define FILE_SIZE 64
#define TEE_ERROR_STORAGE_NO_SPACE 0xffff3041u

extern const struct ta_ops pta_secstor_ta_mgmt;

static const uint8_t ta_uuid[16] = {0x5e, 0xc5, 0x70, 0x12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

static void make_file(uint8_t f[FILE_SIZE], uint32_t version)
{
	memset(f, 0xee, FILE_SIZE);
	memcpy(f, ta_uuid, 16);
	memcpy(f + 16, &version, 4);
}

/* ---- the file's checks, standing in for tee/ta_check.c ---- */
static uint32_t file_check(const uint8_t *file, uint64_t size, struct uta_image *img)
{
	if (size != FILE_SIZE)
		return TEEC_ERROR_SECURITY;
	memset(img, 0, sizeof(*img));
	memcpy(img->uuid, file, 16);
	memcpy(&img->ta_version, file + 16, 4);
	return TEEC_SUCCESS;
}

uint32_t uta_verify_install(const uint8_t *file, uint64_t size, struct uta_image *img)
{
	return file_check(file, size, img);
}

uint32_t uta_verify_signed(const uint8_t *file, uint64_t size, const uint8_t uuid[16],
			   struct uta_image *img)
{
	uint32_t r = file_check(file, size, img);
	if (r == TEEC_SUCCESS && memcmp(img->uuid, uuid, 16))
		r = TEEC_ERROR_SECURITY;
	return r;
}

/* ---- the kernel's trusted storage: one object, a write failure to inject ---- */
static uint8_t stored[FILE_SIZE];
static bool have_stored;
static uint32_t write_error; /* TEEC_SUCCESS: writes work */
static unsigned writes;

uint32_t storage_kernel_write(const uint8_t owner[16], const uint8_t *id, uint32_t id_len,
			      const uint8_t *data, uint64_t len)
{
	assert_memory_equal(owner, pta_secstor_ta_mgmt.uuid, 16);
	assert_int_equal(id_len, 16);
	assert_memory_equal(id, ta_uuid, 16);
	if (write_error != TEEC_SUCCESS)
		return write_error; /* nothing written: the object as it was */
	assert_int_equal(len, FILE_SIZE);
	memcpy(stored, data, FILE_SIZE);
	have_stored = true;
	writes++;
	return TEEC_SUCCESS;
}

uint32_t storage_kernel_read(const uint8_t owner[16], const uint8_t *id, uint32_t id_len,
			     uint8_t **data, uint64_t *len, unsigned *npages)
{
	assert_memory_equal(owner, pta_secstor_ta_mgmt.uuid, 16);
	if (!have_stored || id_len != 16 || memcmp(id, ta_uuid, 16))
		return TEEC_ERROR_ITEM_NOT_FOUND;
	uint8_t *p = pages_alloc(1);
	assert_non_null(p);
	memcpy(p, stored, FILE_SIZE);
	*data = p;
	*len = FILE_SIZE;
	*npages = 1;
	return TEEC_SUCCESS;
}

static int setup(void **state)
{
	(void)state;
	pta_host_pages(POOL_PAGES);
	fake_counters_reset();
	have_stored = false;
	write_error = TEEC_SUCCESS;
	writes = 0;
	return 0;
}

static uint32_t install(uint32_t version)
{
	uint8_t f[FILE_SIZE];
	make_file(f, version);
	struct ta_param p[TEE_TA_PARAMS];
	memset(p, 0, sizeof(p));
	p[0].type = TA_PARAM_MEMREF_INPUT;
	p[0].u.memref.buf = f;
	p[0].u.memref.size = FILE_SIZE;
	struct ta_session s;
	memset(&s, 0, sizeof(s));
	s.used = true;
	s.ta = &pta_secstor_ta_mgmt;
	unsigned free_before = pages_free_count();
	uint32_t r = pta_secstor_ta_mgmt.invoke(&s, 0 /* PTA_SECSTOR_TA_MGMT_BOOTSTRAP */, p);
	assert_int_equal(pages_free_count(), free_before);
	return r;
}

/* What the loader does (tee/uta.c): the installed copy, its checks, its versions recorded. */
static uint32_t load(uint32_t *version)
{
	uint8_t *file;
	uint64_t size;
	unsigned npages;
	uint32_t r = tadb_fetch(ta_uuid, &file, &size, &npages);
	if (r != TEEC_SUCCESS)
		return r;
	struct uta_image img;
	r = uta_verify_signed(file, size, ta_uuid, &img);
	pages_free(file, npages);
	if (r == TEEC_SUCCESS)
		r = uta_versions_check(&img, ta_uuid, true);
	*version = img.ta_version;
	return r;
}

static void test_install_records_then_loads(void **state)
{
	(void)state;
	uint32_t v = 0;
	assert_int_equal(install(2), TEEC_SUCCESS);
	assert_int_equal(*fake_counter(ta_uuid), 2);
	assert_int_equal(load(&v), TEEC_SUCCESS);
	assert_int_equal(v, 2);
	/* an older file is refused: the installed one is newer */
	assert_int_equal(install(1), TEEC_ERROR_ACCESS_CONFLICT);
	assert_int_equal(writes, 1);
}

/* The write of version 3 fails: version 2 stays stored, its counter too, and it loads. */
static void test_failed_write_leaves_installed_ta_loadable(void **state)
{
	(void)state;
	uint32_t v = 0;
	assert_int_equal(install(2), TEEC_SUCCESS);
	write_error = TEE_ERROR_STORAGE_NO_SPACE;
	assert_int_equal(install(3), TEE_ERROR_STORAGE_NO_SPACE);
	assert_int_equal(*fake_counter(ta_uuid), 2);
	write_error = TEEC_SUCCESS;
	assert_int_equal(load(&v), TEEC_SUCCESS);
	assert_int_equal(v, 2);
	/* and installing it again works */
	assert_int_equal(install(3), TEEC_SUCCESS);
	assert_int_equal(load(&v), TEEC_SUCCESS);
	assert_int_equal(v, 3);
	assert_int_equal(*fake_counter(ta_uuid), 3);
}

/*
 * The version of a stored file cannot be recorded (the flash fails): the answer says so,
 * the new copy is stored, and it loads (the loader records its version) once the flash
 * works; an older file cannot be installed over it meanwhile.
 */
static void test_failed_record_leaves_new_ta_loadable(void **state)
{
	(void)state;
	uint32_t v = 0;
	assert_int_equal(install(2), TEEC_SUCCESS);
	fake_counter_advance_error = TZV_COUNTER_FAILED;
	assert_int_equal(install(3), TEEC_ERROR_GENERIC);
	assert_int_equal(*fake_counter(ta_uuid), 2);
	fake_counter_advance_error = TZV_COUNTER_OK;
	assert_int_equal(install(2), TEEC_ERROR_ACCESS_CONFLICT);
	assert_int_equal(load(&v), TEEC_SUCCESS);
	assert_int_equal(v, 3);
	assert_int_equal(*fake_counter(ta_uuid), 3);
}

/* A version below the counter (accepted from tee-supplicant before) is not installed. */
static void test_rollback_not_installed(void **state)
{
	(void)state;
	*fake_counter(ta_uuid) = 4;
	assert_int_equal(install(3), TEEC_ERROR_SECURITY);
	assert_false(have_stored);
	assert_int_equal(*fake_counter(ta_uuid), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_install_records_then_loads, setup),
	    cmocka_unit_test_setup(test_failed_write_leaves_installed_ta_loadable, setup),
	    cmocka_unit_test_setup(test_failed_record_leaves_new_ta_loadable, setup),
	    cmocka_unit_test_setup(test_rollback_not_installed, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
