/*
 * Trusted storage's enumerators (TEE_AllocatePersistentObjectEnumerator and the rest):
 * a TA's object files listed through the REE FS RPC, each opened and checked before
 * its id and information are given out.
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_storage_abi.h>
#include "storage.h"
#include "storage_int.h"

#define ST_ENUMS 4
#define ST_ENUM_NAMES 32

/* An enumeration reads the TA's directory in batches of ST_ENUM_NAMES names. */
struct senum {
	bool used, started;
	bool more; /* the directory has names after this batch */
	const void *owner;
	uint8_t uuid[16];
	unsigned n, next; /* names in this batch, the next one to return */
	unsigned taken;	  /* names returned from earlier batches and this one */
	uint8_t names[ST_ENUM_NAMES][NAME_LEN];
};

static struct senum enums[ST_ENUMS];

static struct senum *enum_get(const void *owner, uint64_t no)
{
	if (no == 0 || no > ST_ENUMS || !enums[no - 1].used || enums[no - 1].owner != owner)
		return NULL;
	return &enums[no - 1];
}

/*
 * Reads the names of the TA's object files after the first `skip` into e->names (at most
 * ST_ENUM_NAMES); e->more when there are others after them. ITEM_NOT_FOUND: no directory.
 */
static uint32_t enum_batch(struct senum *e, unsigned skip)
{
	struct fs c;
	char dir[40], entry[128];
	uint8_t name[NAME_LEN];
	unsigned seen_names = 0;
	e->n = e->next = 0;
	e->more = false;
	uint32_t r = fs_begin(&c);
	if (r != TEEC_SUCCESS)
		return r;
	storage_path(dir, e->uuid, NULL, false);
	uint64_t dh;
	r = fs_opendir(&c, dir, &dh);
	if (r == TEEC_SUCCESS) {
		while (!e->more) {
			uint64_t got;
			if (fs_readdir(&c, dh, entry, sizeof(entry), &got) != TEEC_SUCCESS)
				break; /* ITEM_NOT_FOUND: the end */
			if (got == 0)
				continue;
			if (!storage_parse_name(entry, name) || seen_names++ < skip)
				continue; /* not an object file (temporary ones start with '.'), or
					     done */
			if (e->n == ST_ENUM_NAMES)
				e->more = true;
			else
				memcpy(e->names[e->n++], name, NAME_LEN);
		}
		fs_closedir(&c, dh);
	}
	fs_end(&c);
	return r;
}

static uint32_t op_enum_start(struct senum *e, const uint8_t uuid[16], uint64_t storage)
{
	e->started = false;
	e->n = e->next = e->taken = 0;
	if (!storage_id_ok((uint32_t)storage))
		return TEEC_ERROR_ITEM_NOT_FOUND;
	memcpy(e->uuid, uuid, 16);
	uint32_t r = enum_batch(e, 0);
	if (r != TEEC_SUCCESS)
		return r; /* no directory: no objects (ITEM_NOT_FOUND) */
	e->started = true;
	return e->n ? TEEC_SUCCESS : TEEC_ERROR_ITEM_NOT_FOUND;
}

static uint32_t op_enum_next(struct senum *e, struct tzv_st_info *info, uint8_t *id,
			     uint64_t *id_len)
{
	if (!e->started)
		return TEEC_ERROR_ITEM_NOT_FOUND;
	for (;;) {
		if (e->next == e->n) {
			if (!e->more)
				return TEEC_ERROR_ITEM_NOT_FOUND;
			uint32_t b = enum_batch(e, e->taken);
			if (b != TEEC_SUCCESS)
				return b;
			if (!e->n)
				return TEEC_ERROR_ITEM_NOT_FOUND;
		}
		const uint8_t *name = e->names[e->next++];
		e->taken++;
		const struct sobj *o = obj_find(e->uuid, name);
		if (o) {
			storage_fill_info(o, info, 0, 0);
			memcpy(id, o->id, o->id_len);
			*id_len = o->id_len;
			return TEEC_SUCCESS;
		}
		struct ta_keys k;
		struct fs c;
		struct loaded l;
		uint8_t check[NAME_LEN];
		memset(&l, 0, sizeof(l));
		uint32_t r = ta_keys(e->uuid, &k);
		if (r != TEEC_SUCCESS)
			return r;
		r = fs_begin(&c);
		if (r == TEEC_SUCCESS) {
			r = storage_load_file(&c, &k, name, &l);
			fs_end(&c);
		}
		if (r == TEEC_SUCCESS) {
			object_name(&k, l.id, l.fixed.id_len, check);
			if (memcmp(check, name, NAME_LEN))
				r = storage_corrupt("the file holds another object", name);
		}
		wipe(&k, sizeof(k));
		if (r == TEEC_SUCCESS)
			r = seen_check(e->uuid, name, l.version);
		if (r == TEEC_ERROR_ITEM_NOT_FOUND) {
			/* gone since the enumeration started, or a deleted object's file put
			 * back (loaded: its pages go back, found by fuzzing) */
			loaded_free(&l);
			continue;
		}
		if (r == TEEC_SUCCESS) {
			memset(info, 0, sizeof(*info));
			info->type = l.fixed.type;
			info->obj_size = l.fixed.obj_size;
			info->max_size = l.fixed.max_size;
			info->usage = l.fixed.usage;
			info->meta_len = l.fixed.meta_len;
			info->data_size = l.fixed.data_len;
			memcpy(id, l.id, l.fixed.id_len);
			*id_len = l.fixed.id_len;
			seen_note(e->uuid, name, l.version, false);
		}
		loaded_free(&l);
		return r;
	}
}

uint32_t storage_enum_syscall(const void *owner, const uint8_t uuid[16], uint64_t op, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t a4)
{
	if (op == TZV_ST_ENUM_ALLOC) {
		uint32_t *out = user_obj(a1, uint32_t, true);
		if (!out)
			uta_kill_current("STORAGE: bad buffer", a1, 0);
		for (unsigned i = 0; i < ST_ENUMS; i++)
			if (!enums[i].used) {
				memset(&enums[i], 0, sizeof(enums[i]));
				enums[i].used = true;
				enums[i].owner = owner;
				*out = i + 1;
				return TEEC_SUCCESS;
			}
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	struct senum *e = enum_get(owner, a1);
	if (!e)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (op == TZV_ST_ENUM_FREE) {
		memset(e, 0, sizeof(*e));
		return TEEC_SUCCESS;
	}
	if (op == TZV_ST_ENUM_RESET) {
		e->started = false;
		e->n = e->next = 0;
		return TEEC_SUCCESS;
	}
	if (op == TZV_ST_ENUM_START)
		return op_enum_start(e, uuid, a2);
	struct tzv_st_info *i = user_obj(a2, struct tzv_st_info, true);
	uint8_t *id = uta_user_ptr(a3, TZV_ST_ID_MAX, true);
	uint64_t *len = user_obj(a4, uint64_t, true);
	if (!i || !id || !len)
		uta_kill_current("STORAGE: bad buffer", a2, a3);
	return op_enum_next(e, i, id, len);
}

void storage_enum_release(const void *owner)
{
	for (unsigned i = 0; i < ST_ENUMS; i++)
		if (enums[i].used && enums[i].owner == owner)
			memset(&enums[i], 0, sizeof(enums[i]));
}

void storage_enum_reset(void)
{
	memset(enums, 0, sizeof(enums));
}
