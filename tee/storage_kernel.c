/*
 * Trusted storage for the kernel itself: whole objects it writes and reads in the
 * namespace of a built-in TA's UUID (no user TA can have it: built-in TAs are found
 * first), with the same sealed files, keys, rollback and deletion detection as a TA's
 * objects (docs/storage.md). Used for the TAs installed through OP-TEE's secure-storage
 * TA management PTA (tee/pta_secstor_ta_mgmt.c).
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_storage_abi.h>
#include "storage.h"
#include "storage_int.h"

uint32_t storage_kernel_read(const uint8_t owner[16], const uint8_t *id, uint32_t id_len,
			     uint8_t **data, uint64_t *len, unsigned *npages)
{
	struct ta_keys k;
	uint8_t name[NAME_LEN];
	struct fs c;
	struct loaded l;

	*data = NULL;
	*len = 0;
	*npages = 0;
	if (id_len > TZV_ST_ID_MAX)
		return TEEC_ERROR_BAD_PARAMETERS;
	uint32_t r = ta_keys(owner, &k);
	if (r != TEEC_SUCCESS)
		return r;
	object_name(&k, id, id_len, name);
	memset(&l, 0, sizeof(l));
	r = fs_begin(&c);
	if (r == TEEC_SUCCESS) {
		r = storage_load_file(&c, &k, name, &l);
		fs_end(&c);
	}
	wipe(&k, sizeof(k));
	if (r == TEEC_ERROR_ITEM_NOT_FOUND) {
		const struct seen *s = seen_find(owner, name);
		if (s && !s->deleted)
			r = storage_corrupt("its file is gone (deleted behind the TEE's back)",
					    name);
		return r;
	}
	if (r == TEEC_SUCCESS && (l.fixed.id_len != id_len || memcmp(l.id, id, id_len) ||
				  l.fixed.type != TZV_ST_TYPE_DATA || l.fixed.meta_len))
		r = storage_corrupt("the file holds another object", name);
	if (r == TEEC_SUCCESS)
		r = seen_check(owner, name, l.version);
	if (r == TEEC_SUCCESS) {
		seen_note(owner, name, l.version, false);
		unsigned n = (unsigned)((l.fixed.data_len + TEE_PAGE - 1) / TEE_PAGE);
		uint8_t *p = n ? pages_alloc(n) : NULL;
		if (n && !p) {
			r = TEEC_ERROR_OUT_OF_MEMORY;
		} else {
			memcpy(p, l.data, l.fixed.data_len);
			*data = p;
			*len = l.fixed.data_len;
			*npages = n;
		}
	}
	loaded_free(&l);
	return r;
}

/* The object's keys and file name, and an open REE FS session; on failure nothing is left. */
static uint32_t object_begin(const uint8_t owner[16], const uint8_t *id, uint32_t id_len,
			     struct ta_keys *k, uint8_t name[NAME_LEN], struct fs *c)
{
	if (id_len > TZV_ST_ID_MAX)
		return TEEC_ERROR_BAD_PARAMETERS;
	uint32_t r = ta_keys(owner, k);
	if (r != TEEC_SUCCESS)
		return r;
	object_name(k, id, id_len, name);
	r = fs_begin(c);
	if (r != TEEC_SUCCESS)
		wipe(k, sizeof(*k));
	return r;
}

/* The highest version of the object the instance has seen or its file has (0: none). */
static uint64_t highest_version(struct fs *c, const struct ta_keys *k, const uint8_t owner[16],
				const uint8_t name[NAME_LEN], const struct seen **seen,
				uint32_t *load)
{
	*seen = seen_find(owner, name);
	uint64_t version = *seen ? (*seen)->version : 0;
	struct loaded l;
	*load = storage_load_file(c, k, name, &l);
	if (*load == TEEC_SUCCESS && l.version > version)
		version = l.version;
	loaded_free(&l);
	return version;
}

uint32_t storage_kernel_write(const uint8_t owner[16], const uint8_t *id, uint32_t id_len,
			      const uint8_t *data, uint64_t len)
{
	struct ta_keys k;
	uint8_t name[NAME_LEN];
	struct fs c;

	if (len > TZV_ST_DATA_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	uint32_t r = object_begin(owner, id, id_len, &k, name, &c);
	if (r != TEEC_SUCCESS)
		return r;
	/* the new version is above every one the instance has seen or the file has */
	const struct seen *s;
	uint32_t found;
	uint64_t version = highest_version(&c, &k, owner, name, &s, &found) + 1;

	struct body_fixed f;
	memset(&f, 0, sizeof(f));
	f.type = TZV_ST_TYPE_DATA;
	f.id_len = id_len;
	f.data_len = (uint32_t)len;
	const struct seg segs[2] = {{id, id_len}, {data, len}};
	uint64_t file_len;
	r = storage_seal(&c, &k, name, version, &f, segs, 2, &file_len);
	if (r == TEEC_SUCCESS) {
		char tmp[80], final[80];
		storage_path(tmp, owner, name, true);
		storage_path(final, owner, name, false);
		if (fs_put_file(&c, tmp, final, file_len) != TEEC_SUCCESS)
			r = TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	if (r == TEEC_SUCCESS) {
		seen_note(owner, name, version, false);
		r = table_commit(&c);
	}
	fs_end(&c);
	wipe(&k, sizeof(k));
	return r;
}

uint32_t storage_kernel_remove(const uint8_t owner[16], const uint8_t *id, uint32_t id_len)
{
	struct ta_keys k;
	uint8_t name[NAME_LEN];
	struct fs c;
	char path[80];

	uint32_t r = object_begin(owner, id, id_len, &k, name, &c);
	if (r != TEEC_SUCCESS)
		return r;
	/* the version to mark deleted: the highest seen or on file */
	const struct seen *s;
	uint32_t found;
	uint64_t version = highest_version(&c, &k, owner, name, &s, &found);
	wipe(&k, sizeof(k));
	if (!s && found == TEEC_ERROR_ITEM_NOT_FOUND) {
		fs_end(&c);
		return TEEC_ERROR_ITEM_NOT_FOUND;
	}
	/* as a TA's delete: the table says "deleted" before the file goes */
	bool was_deleted = s && s->deleted;
	seen_note(owner, name, version, true);
	r = table_commit(&c);
	if (r == TEEC_SUCCESS) {
		storage_path(path, owner, name, false);
		r = fs_remove(&c, path);
		if (r == TEEC_ERROR_ITEM_NOT_FOUND)
			r = TEEC_SUCCESS;
	} else {
		seen_note(owner, name, version, was_deleted);
	}
	fs_end(&c);
	return r;
}
