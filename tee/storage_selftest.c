/*
 * Trusted storage's corner cases, run for real through the REE FS RPC and the VM's
 * tee-supplicant (PTA_INVOKE_TESTS_CMD_FS_HTREE, tee/pta_invoke_tests.c). OP-TEE's
 * command tests its hash tree; this storage has none (docs/storage.md: one sealed file
 * per object), so the same question is asked of its format: is every damaged, swapped
 * or old file refused?
 *
 * Two scratch objects live in the namespace of the calling built-in TA's UUID, so under
 * its own derived keys and directory, never a user TA's. Object a is written twice (its
 * first file kept), b once; then a's file is replaced, one case at a time, by: a's file
 * cut short (by one byte, and to 20 bytes), with a byte flipped in the header, the body
 * and the tag, b's file, and a's first version (a rollback). Each must be refused with
 * TEE_ERROR_CORRUPT_OBJECT; a's second file put back must read again (so the refusals
 * came from the damage). At the end both objects are deleted as a TA's are, on success
 * or not, and a's file put back after its deletion must not read as the object.
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include "selftest.h"
#include "storage.h"
#include "storage_int.h"

static const uint8_t id_a[] = "invoke-tests scratch a";
static const uint8_t id_b[] = "invoke-tests scratch b";
static const uint8_t data_1[] = "scratch data, version 1";
static const uint8_t data_2[] = "scratch data, version 2";

/* A copy of an object's file in private memory. */
struct raw {
	uint8_t *p;
	unsigned pages;
	uint64_t len;
};

static void raw_free(struct raw *f)
{
	pages_free(f->p, f->pages);
	memset(f, 0, sizeof(*f));
}

static uint32_t object_path(const uint8_t owner[16], const uint8_t *id, uint32_t id_len,
			    char path[80], char tmp[80])
{
	struct ta_keys k;
	uint8_t name[NAME_LEN];
	uint32_t r = ta_keys(owner, &k);
	if (r != TEEC_SUCCESS)
		return r;
	int e = object_name(&k, id, id_len, name);
	wipe(&k, sizeof(k));
	if (e)
		return TEEC_ERROR_GENERIC;
	storage_path(path, owner, name, false);
	if (tmp)
		storage_path(tmp, owner, name, true);
	return TEEC_SUCCESS;
}

static uint32_t raw_get(const uint8_t owner[16], const uint8_t *id, uint32_t id_len, struct raw *f)
{
	char path[80];
	struct fs c;
	uint64_t got = 0;
	memset(f, 0, sizeof(*f));
	uint32_t r = object_path(owner, id, id_len, path, NULL);
	if (r != TEEC_SUCCESS || (r = fs_begin(&c)) != TEEC_SUCCESS)
		return r;
	r = fs_read_file(&c, path, &got);
	if (r == TEEC_SUCCESS && (got == 0 || got == c.room))
		r = TEEC_ERROR_GENERIC; /* scratch files are small: whole, or not ours */
	if (r == TEEC_SUCCESS) {
		f->pages = (unsigned)((got + TEE_PAGE - 1) / TEE_PAGE);
		f->p = pages_alloc(f->pages);
		if (!f->p) {
			f->pages = 0;
			r = TEEC_ERROR_OUT_OF_MEMORY;
		} else if (nwbuf_read(&c.buf, SHM_FILE, f->p, got)) {
			raw_free(f);
			r = TEEC_ERROR_GENERIC;
		} else {
			f->len = got;
		}
	}
	fs_end(&c);
	return r;
}

/* The object's file replaced by len bytes of p. */
static uint32_t raw_put(const uint8_t owner[16], const uint8_t *id, uint32_t id_len,
			const uint8_t *p, uint64_t len)
{
	char path[80], tmp[80];
	struct fs c;
	uint32_t r = object_path(owner, id, id_len, path, tmp);
	if (r != TEEC_SUCCESS || (r = fs_begin(&c)) != TEEC_SUCCESS)
		return r;
	r = fs_reserve(&c, len);
	if (r == TEEC_SUCCESS && nwbuf_write(&c.buf, SHM_FILE, p, len))
		r = TEEC_ERROR_GENERIC;
	if (r == TEEC_SUCCESS)
		r = fs_put_file(&c, tmp, path, len);
	fs_end(&c);
	return r;
}

static uint32_t raw_remove(const uint8_t owner[16], const uint8_t *id, uint32_t id_len)
{
	char path[80];
	struct fs c;
	uint32_t r = object_path(owner, id, id_len, path, NULL);
	if (r != TEEC_SUCCESS || (r = fs_begin(&c)) != TEEC_SUCCESS)
		return r;
	r = fs_remove(&c, path);
	fs_end(&c);
	return r;
}

/* Reads object a: its result, and (on success) whether it holds `want`. */
static uint32_t read_a(const uint8_t owner[16], const uint8_t *want, uint64_t want_len)
{
	uint8_t *data;
	uint64_t len;
	unsigned pages;
	uint32_t r = storage_kernel_read(owner, id_a, sizeof(id_a), &data, &len, &pages);
	if (r == TEEC_SUCCESS && (len != want_len || memcmp(data, want, want_len)))
		r = TEEC_ERROR_GENERIC;
	pages_free(data, pages);
	return r;
}

/* a's file replaced by f (changed by a flipped byte at flip, or cut at cut), then read. */
static int refused(const uint8_t owner[16], const char *name, struct raw *f, uint64_t flip,
		   uint64_t cut)
{
	uint64_t len = cut < f->len ? cut : f->len;
	if (flip < len)
		f->p[flip] ^= 0x01;
	uint32_t r = raw_put(owner, id_a, sizeof(id_a), f->p, len);
	if (flip < len)
		f->p[flip] ^= 0x01;
	int ok =
	    r == TEEC_SUCCESS && read_a(owner, data_2, sizeof(data_2)) == TEE_ERROR_CORRUPT_OBJECT;
	selftest_report(name, ok);
	return ok;
}

uint32_t storage_self_test(const uint8_t owner[16])
{
	struct raw v1, v2, b;
	memset(&v1, 0, sizeof(v1));
	memset(&v2, 0, sizeof(v2));
	memset(&b, 0, sizeof(b));
	const uint64_t none = UINT64_MAX;

	uint32_t r = storage_kernel_write(owner, id_a, sizeof(id_a), data_1, sizeof(data_1));
	if (r == TEEC_SUCCESS)
		r = raw_get(owner, id_a, sizeof(id_a), &v1);
	if (r == TEEC_SUCCESS)
		r = storage_kernel_write(owner, id_a, sizeof(id_a), data_2, sizeof(data_2));
	if (r == TEEC_SUCCESS)
		r = raw_get(owner, id_a, sizeof(id_a), &v2);
	if (r == TEEC_SUCCESS)
		r = storage_kernel_write(owner, id_b, sizeof(id_b), data_1, sizeof(data_1));
	if (r == TEEC_SUCCESS)
		r = raw_get(owner, id_b, sizeof(id_b), &b);
	if (r == TEEC_SUCCESS)
		r = read_a(owner, data_2, sizeof(data_2));
	selftest_report("storage scratch objects written and read", r == TEEC_SUCCESS);
	if (r != TEEC_SUCCESS)
		goto out;

	int ok = refused(owner, "storage file cut by one byte refused", &v2, none, v2.len - 1);
	ok &= refused(owner, "storage file cut to 20 bytes refused", &v2, none, 20);
	ok &= refused(owner, "storage header byte flipped refused", &v2, 16, none);
	ok &= refused(owner, "storage body byte flipped refused", &v2, sizeof(struct file_hdr) + 3,
		      none);
	ok &= refused(owner, "storage tag byte flipped refused", &v2, v2.len - 1, none);
	ok &= refused(owner, "storage another object's file refused", &b, none, none);
	ok &= refused(owner, "storage older version refused (rollback)", &v1, none, none);
	/* the intact file reads again: the refusals came from the damage */
	int back = raw_put(owner, id_a, sizeof(id_a), v2.p, v2.len) == TEEC_SUCCESS &&
		   read_a(owner, data_2, sizeof(data_2)) == TEEC_SUCCESS;
	selftest_report("storage intact file read again", back);
	r = ok && back ? TEEC_SUCCESS : TEEC_ERROR_GENERIC;

out:;
	/* the scratch objects go, whatever happened above */
	uint32_t ra = storage_kernel_remove(owner, id_a, sizeof(id_a));
	uint32_t rb = storage_kernel_remove(owner, id_b, sizeof(id_b));
	int gone = (ra == TEEC_SUCCESS || ra == TEEC_ERROR_ITEM_NOT_FOUND) &&
		   (rb == TEEC_SUCCESS || rb == TEEC_ERROR_ITEM_NOT_FOUND);
	if (r == TEEC_SUCCESS) {
		/* a copy of a deleted object put back is not the object */
		gone = gone && ra == TEEC_SUCCESS && rb == TEEC_SUCCESS &&
		       raw_put(owner, id_a, sizeof(id_a), v2.p, v2.len) == TEEC_SUCCESS &&
		       read_a(owner, data_2, sizeof(data_2)) == TEEC_ERROR_ITEM_NOT_FOUND;
		raw_remove(owner, id_a, sizeof(id_a));
		selftest_report("storage scratch objects deleted, a put-back copy ignored", gone);
		if (!gone)
			r = TEEC_ERROR_GENERIC;
	}
	raw_free(&v1);
	raw_free(&v2);
	raw_free(&b);
	return r;
}
