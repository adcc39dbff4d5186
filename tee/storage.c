/*
 * GlobalPlatform trusted storage for user TAs: persistent objects kept as
 * files in the normal world's file system through the stock tee-supplicant's
 * REE FS RPC (OPTEE_RPC_CMD_FS), each file encrypted and authenticated with
 * AES-256-GCM under a key of its TA (docs/storage.md has the format and what
 * is and is not detected).
 *
 * Keys: the instance storage key comes from the monitor (tee_instance_key);
 * each TA gets two keys from it with HKDF-SHA256, info = label || TA UUID:
 * one for GCM, one that names files (HMAC-SHA256 of the object id, 16 bytes,
 * in hex), so the normal world sees neither the data nor the object ids.
 *
 * A file is header (authenticated, clear) | body (encrypted) | GCM tag. The
 * AAD is the header (with the version counter), the TA UUID and the file
 * name, and the body repeats the object id: a file moved to another name,
 * another TA, another VM, or a flipped byte fails the tag or the id check.
 * The instance remembers the highest version it has seen of each object and
 * which it deleted, and keeps that table in a sealed file whose version is
 * bound to a counter in secure flash that only the monitor writes: an older
 * copy is refused, also after a restart of the instance or the machine.
 *
 * A change is written whole to "<ta>/.<name>.new" and renamed over
 * "<ta>/<name>", so a power cut leaves the old or the new file.
 *
 * The kernel keeps the objects: one copy of the attribute blob and data per
 * open object, shared by all its handles (from any instance of the TA), and
 * applies GP's sharing rules across them.
 *
 * This file: objects, handles, their operations and the syscall. The REE FS
 * RPC is in storage_fs.c, the file format and keys in storage_file.c, the
 * rollback table in storage_rollback.c, enumerators in storage_enum.c; what
 * they share in storage_int.h.
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_storage_abi.h>
#include "crypto.h"
#include "storage.h"
#include "storage_int.h"

/* GP values (tee_api_defines.h) */
#define TEE_STORAGE_PRIVATE 0x00000001u
#define TEE_STORAGE_PRIVATE_REE 0x80000000u
#define FLAG_READ 0x001u
#define FLAG_WRITE 0x002u
#define FLAG_WRITE_META 0x004u
#define FLAG_SHARE_READ 0x010u
#define FLAG_SHARE_WRITE 0x020u
#define FLAG_OVERWRITE 0x400u
#define FLAGS_HANDLE (FLAG_READ | FLAG_WRITE | FLAG_WRITE_META | FLAG_SHARE_READ | FLAG_SHARE_WRITE)
#define SEEK_SET_ 0u
#define SEEK_CUR_ 1u
#define SEEK_END_ 2u
#define MAX_POSITION 0xffffffffull

/* ---- limits ---- */
#define ST_OBJS 8
#define ST_HANDLES 16

struct shandle {
	bool used;
	const void *owner;
	struct sobj *o;
	uint32_t flags;
	uint64_t pos;
};

static struct sobj objs[ST_OBJS];
static struct shandle handles[ST_HANDLES];

/* ---- objects and handles ---- */

struct sobj *obj_find(const uint8_t uuid[16], const uint8_t name[NAME_LEN])
{
	for (unsigned i = 0; i < ST_OBJS; i++)
		if (objs[i].used && !memcmp(objs[i].uuid, uuid, 16) &&
		    !memcmp(objs[i].name, name, NAME_LEN))
			return &objs[i];
	return NULL;
}

static void obj_free(struct sobj *o)
{
	if (o->meta)
		pages_free(o->meta, o->meta_pages);
	if (o->data)
		pages_free(o->data, o->data_pages);
	memset(o, 0, sizeof(*o));
}

/* Data buffer of the object holding at least n bytes (contents kept). */
static bool obj_reserve(struct sobj *o, uint64_t n)
{
	if (n <= (uint64_t)o->data_pages * TEE_PAGE)
		return true;
	unsigned np = (unsigned)((n + TEE_PAGE - 1) / TEE_PAGE);
	uint8_t *d = pages_alloc(np);
	if (!d)
		return false;
	if (o->data) {
		memcpy(d, o->data, (size_t)o->data_len);
		pages_free(o->data, o->data_pages);
	}
	o->data = d;
	o->data_pages = np;
	return true;
}

/*
 * The data of a file just loaded becomes the object's: moved to the start of its
 * pages, which the object keeps (a large object is not held twice, even briefly).
 */
static void obj_adopt_data(struct sobj *o, struct loaded *l)
{
	uint64_t n = l->fixed.data_len;
	memmove(l->body, l->data, (size_t)n);
	memset(l->body + n, 0, (size_t)((uint64_t)l->pages * TEE_PAGE - n));
	o->data = l->body;
	o->data_pages = l->pages;
	o->data_len = n;
	l->body = NULL;
	l->pages = 0;
}

static bool obj_set_meta(struct sobj *o, const uint8_t *meta, uint32_t len)
{
	if (!len)
		return true;
	o->meta_pages = (len + TEE_PAGE - 1) / TEE_PAGE;
	o->meta = pages_alloc(o->meta_pages);
	if (!o->meta) {
		o->meta_pages = 0;
		return false;
	}
	memcpy(o->meta, meta, len);
	o->meta_len = len;
	return true;
}

static struct sobj *obj_alloc(void)
{
	for (unsigned i = 0; i < ST_OBJS; i++)
		if (!objs[i].used) {
			memset(&objs[i], 0, sizeof(objs[i]));
			objs[i].used = true;
			return &objs[i];
		}
	return NULL;
}

static struct shandle *handle_alloc(void)
{
	for (unsigned i = 0; i < ST_HANDLES; i++)
		if (!handles[i].used)
			return &handles[i];
	return NULL;
}

static uint32_t handle_no(const struct shandle *h)
{
	return (uint32_t)(h - handles) + 1;
}

static struct shandle *handle_get(const void *owner, uint64_t no)
{
	if (no == 0 || no > ST_HANDLES || !handles[no - 1].used || handles[no - 1].owner != owner)
		return NULL;
	return &handles[no - 1];
}

static void handle_close(struct shandle *h)
{
	struct sobj *o = h->o;
	memset(h, 0, sizeof(*h));
	if (o && --o->refs == 0)
		obj_free(o);
}

/* GP's sharing rules: may a handle with `flags` join the handles already open on o? */
static bool share_ok(const struct sobj *o, uint32_t flags)
{
	for (unsigned i = 0; i < ST_HANDLES; i++) {
		const struct shandle *h = &handles[i];
		if (!h->used || h->o != o)
			continue;
		if ((flags & FLAG_WRITE_META) || (h->flags & FLAG_WRITE_META))
			return false;
		if (((flags & FLAG_READ) && !(h->flags & FLAG_SHARE_READ)) ||
		    ((flags & FLAG_WRITE) && !(h->flags & FLAG_SHARE_WRITE)) ||
		    ((h->flags & FLAG_READ) && !(flags & FLAG_SHARE_READ)) ||
		    ((h->flags & FLAG_WRITE) && !(flags & FLAG_SHARE_WRITE)))
			return false;
	}
	return true;
}

void storage_fill_info(const struct sobj *o, struct tzv_st_info *i, uint32_t flags, uint64_t pos)
{
	memset(i, 0, sizeof(*i));
	i->type = o->type;
	i->obj_size = o->obj_size;
	i->max_size = o->max_size;
	i->usage = o->usage;
	i->meta_len = o->meta_len;
	i->flags = flags;
	i->data_size = o->data_len;
	i->position = pos;
}

bool storage_id_ok(uint32_t id)
{
	return id == TEE_STORAGE_PRIVATE || id == TEE_STORAGE_PRIVATE_REE;
}

/*
 * The object id a TA names: at most TZV_ST_ID_MAX bytes of its own memory; the empty id
 * is an id too. NULL: a bad pointer or length. An id in the client's shared memory (which
 * the client may change during the call; GP: not allowed) ends the TA.
 */
static const uint8_t *object_id(uint64_t va, uint64_t len)
{
	static const uint8_t empty[1];
	if (len > TZV_ST_ID_MAX)
		return NULL;
	if (len == 0)
		return empty;
	if (uta_user_shared(va, len))
		uta_kill_current("STORAGE: object id in shared memory", va, len);
	return uta_user_ptr(va, len, false);
}

/*
 * Writes o (under name, with id, meta and the data segments) as a new version:
 * to the temporary file first, then renamed over the object's file.
 */
static uint32_t persist(struct fs *c, const struct ta_keys *k, const uint8_t name[NAME_LEN],
			uint64_t version, const struct sobj *o, const uint8_t *id, uint32_t id_len,
			const struct seg *data, unsigned ndata)
{
	struct body_fixed f;
	struct seg segs[6];
	uint64_t data_len = 0, len, fd;
	memset(&f, 0, sizeof(f));
	for (unsigned i = 0; i < ndata; i++)
		data_len += data[i].len;
	f.type = o->type;
	f.obj_size = o->obj_size;
	f.max_size = o->max_size;
	f.usage = o->usage;
	f.id_len = id_len;
	f.meta_len = o->meta_len;
	f.data_len = (uint32_t)data_len;
	segs[0] = (struct seg){id, id_len};
	segs[1] = (struct seg){o->meta, o->meta_len};
	for (unsigned i = 0; i < ndata && i < 4; i++)
		segs[2 + i] = data[i];
	uint32_t r = storage_seal(c, k, name, version, &f, segs, 2 + ndata, &len);
	if (r != TEEC_SUCCESS)
		return r;

	char tmp[80], final[80];
	storage_path(tmp, k->uuid, name, true);
	storage_path(final, k->uuid, name, false);
	r = fs_open(c, tmp, true, &fd);
	if (r != TEEC_SUCCESS)
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	r = fs_write_all(c, fd, len);
	fs_close(c, fd);
	if (r == TEEC_SUCCESS)
		r = fs_rename(c, tmp, final, true);
	if (r != TEEC_SUCCESS) {
		fs_remove(c, tmp);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	return TEEC_SUCCESS;
}

/* ---- operations ---- */

static uint32_t op_open(const void *owner, const uint8_t uuid[16], struct tzv_st_open *a)
{
	struct ta_keys k;
	uint8_t name[NAME_LEN];
	const uint8_t *id = object_id(a->id, a->id_len);
	if (!id)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (!storage_id_ok(a->storage_id))
		return TEEC_ERROR_ITEM_NOT_FOUND;
	if (a->flags & ~FLAGS_HANDLE)
		return TEEC_ERROR_BAD_PARAMETERS;
	struct shandle *h = handle_alloc();
	if (!h)
		return TEEC_ERROR_OUT_OF_MEMORY;
	uint32_t r = ta_keys(uuid, &k);
	if (r != TEEC_SUCCESS)
		return r;
	object_name(&k, id, (uint32_t)a->id_len, name);

	struct sobj *o = obj_find(uuid, name);
	if (o) {
		if (!share_ok(o, a->flags)) {
			wipe(&k, sizeof(k));
			return TEE_ERROR_ACCESS_CONFLICT;
		}
	} else {
		struct fs c;
		struct loaded l;
		memset(&l, 0, sizeof(l));
		o = obj_alloc();
		if (!o) {
			wipe(&k, sizeof(k));
			return TEEC_ERROR_OUT_OF_MEMORY;
		}
		r = fs_begin(&c);
		if (r == TEEC_SUCCESS) {
			r = storage_load_file(&c, &k, name, &l);
			fs_end(&c);
		}
		if (r == TEEC_ERROR_ITEM_NOT_FOUND) {
			const struct seen *s = seen_find(uuid, name);
			if (s && !s->deleted)
				r = storage_corrupt(
				    "its file is gone (deleted behind the TEE's back)", name);
		}
		if (r == TEEC_SUCCESS &&
		    (l.fixed.id_len != a->id_len || memcmp(l.id, id, a->id_len)))
			r = storage_corrupt("the file holds another object", name);
		if (r == TEEC_SUCCESS)
			r = seen_check(uuid, name, l.version);
		if (r == TEEC_SUCCESS) {
			memcpy(o->uuid, uuid, 16);
			memcpy(o->name, name, NAME_LEN);
			memcpy(o->id, id, a->id_len);
			o->id_len = (uint32_t)a->id_len;
			o->version = l.version;
			o->type = l.fixed.type;
			o->obj_size = l.fixed.obj_size;
			o->max_size = l.fixed.max_size;
			o->usage = l.fixed.usage;
			if (!obj_set_meta(o, l.meta, l.fixed.meta_len))
				r = TEEC_ERROR_OUT_OF_MEMORY;
			else if (l.fixed.data_len)
				obj_adopt_data(o, &l);
			seen_note(uuid, name, l.version, false);
		}
		loaded_free(&l);
		if (r != TEEC_SUCCESS) {
			obj_free(o);
			wipe(&k, sizeof(k));
			return r;
		}
	}
	wipe(&k, sizeof(k));
	o->refs++;
	h->used = true;
	h->owner = owner;
	h->o = o;
	h->flags = a->flags;
	h->pos = 0;
	a->handle = handle_no(h);
	storage_fill_info(o, &a->info, h->flags, 0);
	return TEEC_SUCCESS;
}

/* op_create with meta, the buffer for a key object's attributes (op_create wipes it). */
static uint32_t create_object(const void *owner, const uint8_t uuid[16], struct tzv_st_create *a,
			      uint8_t meta[TZV_ST_META_MAX])
{
	struct ta_keys k;
	uint8_t name[NAME_LEN];
	const uint8_t *id = object_id(a->id, a->id_len);
	const uint8_t *data = uta_user_ptr(a->data, a->data_len, false);
	/* the attributes come from the kernel's key object, never from the TA */
	if (!id || a->meta || a->meta_len || (!data && a->data_len) ||
	    (a->flags & ~(FLAGS_HANDLE | FLAG_OVERWRITE)))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (!a->key_object) {
		a->type = TZV_ST_TYPE_DATA;
		a->obj_size = a->max_size = 0;
	} else {
		uint32_t meta_len;
		if (!crypto_key_for_storage(owner, a->key_object, &a->type, &a->obj_size,
					    &a->max_size, &a->usage, meta, &meta_len))
			return TEEC_ERROR_BAD_PARAMETERS; /* libutee panics on it */
		a->meta_len = meta_len;
	}
	if (!storage_id_ok(a->storage_id))
		return TEEC_ERROR_ITEM_NOT_FOUND;
	if (a->meta_len > TZV_ST_META_MAX || a->data_len > TZV_ST_DATA_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	struct shandle *h = NULL;
	if (a->want_handle && !(h = handle_alloc()))
		return TEEC_ERROR_OUT_OF_MEMORY;
	uint32_t r = ta_keys(uuid, &k);
	if (r != TEEC_SUCCESS)
		return r;
	object_name(&k, id, (uint32_t)a->id_len, name);
	if (obj_find(uuid, name)) {
		wipe(&k, sizeof(k));
		return TEE_ERROR_ACCESS_CONFLICT; /* open: neither created again nor overwritten */
	}
	struct sobj *o = obj_alloc();
	if (!o) {
		wipe(&k, sizeof(k));
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	memcpy(o->uuid, uuid, 16);
	memcpy(o->name, name, NAME_LEN);
	memcpy(o->id, id, a->id_len);
	o->id_len = (uint32_t)a->id_len;
	o->type = a->type;
	o->obj_size = a->obj_size;
	o->max_size = a->max_size;
	o->usage = a->usage;
	bool meta_ok = obj_set_meta(o, meta, (uint32_t)a->meta_len);
	if (!meta_ok || !obj_reserve(o, a->data_len)) {
		obj_free(o);
		wipe(&k, sizeof(k));
		return TEEC_ERROR_OUT_OF_MEMORY;
	}

	struct fs c;
	r = fs_begin(&c);
	if (r == TEEC_SUCCESS) {
		/* an existing file: conflict, or (OVERWRITE) a version above the one it has */
		const struct seen *s = seen_find(uuid, name);
		uint64_t base = s ? s->version : 0;
		struct loaded l;
		uint32_t e = storage_load_file(&c, &k, name, &l);
		if (e == TEEC_SUCCESS && l.version > base)
			base = l.version;
		if (e == TEEC_SUCCESS && seen_deleted(uuid, name, l.version))
			e = TEEC_ERROR_ITEM_NOT_FOUND; /* a deleted object's file is no object */
		loaded_free(&l);
		bool exists =
		    e != TEEC_ERROR_ITEM_NOT_FOUND && e != TEE_ERROR_STORAGE_NOT_AVAILABLE;
		if (e == TEE_ERROR_STORAGE_NOT_AVAILABLE)
			r = e;
		else if (exists && !(a->flags & FLAG_OVERWRITE))
			r = TEE_ERROR_ACCESS_CONFLICT;
		else {
			struct seg d = {data, a->data_len};
			r = persist(&c, &k, name, base + 1, o, id, o->id_len, &d, 1);
			if (r == TEEC_SUCCESS) {
				o->version = base + 1;
				seen_note(uuid, name, o->version, false);
				r = table_commit(&c);
			}
		}
		fs_end(&c);
	}
	wipe(&k, sizeof(k));
	if (r != TEEC_SUCCESS || !h) {
		obj_free(o);
		return r;
	}
	if (a->data_len)
		memcpy(o->data, data, a->data_len);
	o->data_len = a->data_len;
	o->refs = 1;
	h->used = true;
	h->owner = owner;
	h->o = o;
	h->flags = a->flags & FLAGS_HANDLE;
	h->pos = 0;
	a->handle = handle_no(h);
	return TEEC_SUCCESS;
}

/*
 * A key object's attributes (its secret) pass through one buffer of the kernel's,
 * wiped whichever way the creation ends: refused storage id, no handle or object
 * free, a conflict, a failed write.
 */
static uint32_t op_create(const void *owner, const uint8_t uuid[16], struct tzv_st_create *a)
{
	static uint8_t meta[TZV_ST_META_MAX]; /* one call at a time per instance */
	uint32_t r = create_object(owner, uuid, a, meta);
	wipe(meta, sizeof(meta));
	return r;
}

/* Rewrites h's object with data = segs (length new_len); the cache is updated by the caller. */
static uint32_t rewrite(struct shandle *h, const struct seg *segs, unsigned n)
{
	struct ta_keys k;
	struct fs c;
	struct sobj *o = h->o;
	uint32_t r = ta_keys(o->uuid, &k);
	if (r != TEEC_SUCCESS)
		return r;
	r = fs_begin(&c);
	if (r == TEEC_SUCCESS) {
		r = persist(&c, &k, o->name, o->version + 1, o, o->id, o->id_len, segs, n);
		if (r == TEEC_SUCCESS) {
			/* the file holds this version now, whatever happens to the table */
			o->version++;
			seen_note(o->uuid, o->name, o->version, false);
			r = table_commit(&c);
		}
		fs_end(&c);
	}
	wipe(&k, sizeof(k));
	return r;
}

static uint32_t op_write(struct shandle *h, const uint8_t *buf, uint64_t len)
{
	struct sobj *o = h->o;
	if (!(h->flags & FLAG_WRITE))
		return TEE_ERROR_ACCESS_CONFLICT;
	if (h->pos + len > MAX_POSITION)
		return TEE_ERROR_OVERFLOW;
	uint64_t end = h->pos + len, old = o->data_len;
	if (end > TZV_ST_DATA_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	if (len == 0)
		return TEEC_SUCCESS;
	if (!obj_reserve(o, end > old ? end : old))
		return TEEC_ERROR_OUT_OF_MEMORY;
	struct seg s[4];
	unsigned n = 0;
	uint64_t keep = h->pos < old ? h->pos : old;
	s[n++] = (struct seg){o->data, keep};
	if (h->pos > old)
		s[n++] = (struct seg){NULL, h->pos - old};
	s[n++] = (struct seg){buf, len};
	if (end < old)
		s[n++] = (struct seg){o->data + end, old - end};
	uint32_t r = rewrite(h, s, n);
	if (r != TEEC_SUCCESS)
		return r;
	if (h->pos > old)
		memset(o->data + old, 0, (size_t)(h->pos - old));
	memcpy(o->data + h->pos, buf, (size_t)len);
	if (end > old)
		o->data_len = end;
	h->pos = end;
	return TEEC_SUCCESS;
}

static uint32_t op_truncate(struct shandle *h, uint64_t size)
{
	struct sobj *o = h->o;
	if (!(h->flags & FLAG_WRITE))
		return TEE_ERROR_ACCESS_CONFLICT;
	if (size > TZV_ST_DATA_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	if (!obj_reserve(o, size))
		return TEEC_ERROR_OUT_OF_MEMORY;
	uint64_t old = o->data_len;
	struct seg s[2] = {{o->data, size < old ? size : old}, {NULL, size > old ? size - old : 0}};
	uint32_t r = rewrite(h, s, 2);
	if (r != TEEC_SUCCESS)
		return r;
	if (size > old)
		memset(o->data + old, 0, (size_t)(size - old));
	else if (o->data)
		memset(o->data + size, 0, (size_t)(old - size));
	o->data_len = size;
	return TEEC_SUCCESS;
}

static uint32_t op_seek(struct shandle *h, int64_t off, uint64_t whence)
{
	int64_t base;
	if (whence == SEEK_SET_)
		base = 0;
	else if (whence == SEEK_CUR_)
		base = (int64_t)h->pos;
	else if (whence == SEEK_END_)
		base = (int64_t)h->o->data_len;
	else
		return TEEC_ERROR_BAD_PARAMETERS;
	int64_t p = base + off;
	if (p < 0)
		p = 0; /* before the start: the start */
	if ((uint64_t)p > MAX_POSITION)
		return TEE_ERROR_OVERFLOW;
	h->pos = (uint64_t)p;
	return TEEC_SUCCESS;
}

static uint32_t op_read(struct shandle *h, uint8_t *buf, uint64_t len, uint64_t *count)
{
	struct sobj *o = h->o;
	if (!(h->flags & FLAG_READ))
		return TEE_ERROR_ACCESS_CONFLICT;
	uint64_t n = 0;
	if (h->pos < o->data_len)
		n = o->data_len - h->pos < len ? o->data_len - h->pos : len;
	if (n)
		memcpy(buf, o->data + h->pos, (size_t)n);
	h->pos += n;
	*count = n;
	return TEEC_SUCCESS;
}

static uint32_t op_rename(struct shandle *h, const uint8_t *id, uint64_t id_len)
{
	struct sobj *o = h->o;
	struct ta_keys k;
	struct fs c;
	uint8_t name[NAME_LEN];
	if (!(h->flags & FLAG_WRITE_META))
		return TEE_ERROR_ACCESS_CONFLICT;
	uint32_t r = ta_keys(o->uuid, &k);
	if (r != TEEC_SUCCESS)
		return r;
	object_name(&k, id, (uint32_t)id_len, name);
	if (!memcmp(name, o->name, NAME_LEN)) {
		wipe(&k, sizeof(k));
		return TEEC_SUCCESS; /* the same id */
	}
	if (obj_find(o->uuid, name)) {
		wipe(&k, sizeof(k));
		return TEE_ERROR_ACCESS_CONFLICT;
	}
	r = fs_begin(&c);
	if (r == TEEC_SUCCESS) {
		struct loaded l;
		uint32_t e = storage_load_file(&c, &k, name, &l);
		const struct seen *s = seen_find(o->uuid, name);
		uint64_t v = s ? s->version : 0;
		if (e == TEEC_SUCCESS && seen_deleted(o->uuid, name, l.version))
			e = TEEC_ERROR_ITEM_NOT_FOUND; /* a deleted object's file is no object */
		if (e == TEEC_SUCCESS && l.version > v)
			v = l.version;
		loaded_free(&l);
		if (e == TEE_ERROR_STORAGE_NOT_AVAILABLE)
			r = e;
		else if (e != TEEC_ERROR_ITEM_NOT_FOUND)
			r = TEE_ERROR_ACCESS_CONFLICT; /* a file of that name exists */
		else {
			struct seg d = {o->data, o->data_len};
			r = persist(&c, &k, name, v + 1, o, id, (uint32_t)id_len, &d, 1);
			if (r == TEEC_SUCCESS) {
				char old[80];
				storage_path(old, o->uuid, o->name, false);
				seen_note(o->uuid, o->name, o->version, true);
				seen_note(o->uuid, name, v + 1, false);
				/* the old file goes only once the table no longer lists it */
				r = table_commit(&c);
				if (r == TEEC_SUCCESS)
					fs_remove(&c, old);
				memcpy(o->name, name, NAME_LEN);
				memcpy(o->id, id, id_len);
				o->id_len = (uint32_t)id_len;
				o->version = v + 1;
			}
		}
		fs_end(&c);
	}
	wipe(&k, sizeof(k));
	return r;
}

/* TEE_RestrictObjectUsage1 on a persistent object: the restriction is stored. */
static uint32_t op_restrict(struct shandle *h, uint32_t usage)
{
	struct sobj *o = h->o;
	uint32_t old = o->usage;
	if ((old & usage) == old)
		return TEEC_SUCCESS; /* nothing changes */
	o->usage = old & usage;
	struct seg d = {o->data, o->data_len};
	uint32_t r = rewrite(h, &d, 1);
	if (r != TEEC_SUCCESS)
		o->usage = old;
	return r;
}

static uint32_t op_delete(struct shandle *h)
{
	struct sobj *o = h->o;
	struct fs c;
	char path[80];
	if (!(h->flags & FLAG_WRITE_META))
		return TEE_ERROR_ACCESS_CONFLICT;
	uint32_t r = fs_begin(&c);
	if (r != TEEC_SUCCESS)
		return r;
	storage_path(path, o->uuid, o->name, false);
	/* the table says "deleted" before the file goes: a cut never brings it back */
	seen_note(o->uuid, o->name, o->version, true);
	r = table_commit(&c);
	if (r == TEEC_SUCCESS) {
		r = fs_remove(&c, path);
		if (r == TEEC_ERROR_ITEM_NOT_FOUND)
			r = TEEC_SUCCESS;
	} else {
		seen_note(o->uuid, o->name, o->version, false);
	}
	fs_end(&c);
	if (r != TEEC_SUCCESS)
		return r;
	handle_close(h);
	return TEEC_SUCCESS;
}

/* ---- for the kernel's key objects (tee/crypto_sys.c) ---- */

bool storage_key_attributes(const void *owner, uint32_t handle, uint32_t *type, uint32_t *obj_size,
			    uint32_t *max_size, uint32_t *usage, const uint8_t **meta,
			    uint32_t *meta_len)
{
	struct shandle *h = handle_get(owner, handle);
	if (!h)
		return false;
	*type = h->o->type;
	*obj_size = h->o->obj_size;
	*max_size = h->o->max_size;
	*usage = h->o->usage;
	*meta = h->o->meta;
	*meta_len = h->o->meta_len;
	return true;
}

/* ---- the syscall ---- */

uint32_t storage_syscall(const void *owner, const uint8_t uuid[16], uint64_t op, uint64_t a1,
			 uint64_t a2, uint64_t a3, uint64_t a4)
{
	struct shandle *h = NULL;
	if ((op >= TZV_ST_CLOSE && op <= TZV_ST_GET_META) || op == TZV_ST_RESTRICT) {
		h = handle_get(owner, a1);
		if (!h)
			return TEEC_ERROR_BAD_PARAMETERS; /* libutee panics on it */
	}
	switch (op) {
	case TZV_ST_OPEN: {
		struct tzv_st_open *a = user_obj(a1, struct tzv_st_open, true);
		if (!a)
			uta_kill_current("STORAGE: bad argument", op, a1);
		return op_open(owner, uuid, a);
	}
	case TZV_ST_CREATE: {
		struct tzv_st_create *a = user_obj(a1, struct tzv_st_create, true);
		if (!a)
			uta_kill_current("STORAGE: bad argument", op, a1);
		return op_create(owner, uuid, a);
	}
	case TZV_ST_CLOSE:
		handle_close(h);
		return TEEC_SUCCESS;
	case TZV_ST_READ: {
		uint8_t *buf = uta_user_ptr(a2, a3, true);
		uint64_t *count = user_obj(a4, uint64_t, true);
		if ((!buf && a3) || !count)
			uta_kill_current("STORAGE: bad buffer", a2, a3);
		return op_read(h, buf, a3, count);
	}
	case TZV_ST_WRITE: {
		const uint8_t *buf = uta_user_ptr(a2, a3, false);
		if (!buf && a3)
			uta_kill_current("STORAGE: bad buffer", a2, a3);
		return op_write(h, buf, a3);
	}
	case TZV_ST_TRUNCATE:
		return op_truncate(h, a2);
	case TZV_ST_SEEK:
		return op_seek(h, (int64_t)a2, a3);
	case TZV_ST_RENAME: {
		const uint8_t *id = object_id(a2, a3);
		if (!id)
			uta_kill_current("STORAGE: bad buffer", a2, a3);
		return op_rename(h, id, a3);
	}
	case TZV_ST_RESTRICT:
		return op_restrict(h, (uint32_t)a2);
	case TZV_ST_DELETE:
		return op_delete(h);
	case TZV_ST_INFO: {
		struct tzv_st_info *i = user_obj(a2, struct tzv_st_info, true);
		if (!i)
			uta_kill_current("STORAGE: bad buffer", a2, 0);
		storage_fill_info(h->o, i, h->flags, h->pos);
		return TEEC_SUCCESS;
	}
	case TZV_ST_GET_META:
		/* a key object's attributes stay in the kernel (storage_key_attributes) */
		uta_kill_current("STORAGE: attributes are not the TA's to read", op, a1);
	case TZV_ST_ENUM_ALLOC:
	case TZV_ST_ENUM_FREE:
	case TZV_ST_ENUM_RESET:
	case TZV_ST_ENUM_START:
	case TZV_ST_ENUM_NEXT:
		return storage_enum_syscall(owner, uuid, op, a1, a2, a3, a4);
	default:
		uta_kill_current("STORAGE: unknown operation", op, a1);
	}
}

void storage_release(const void *owner)
{
	for (unsigned i = 0; i < ST_HANDLES; i++)
		if (handles[i].used && handles[i].owner == owner)
			handle_close(&handles[i]);
	storage_enum_release(owner);
}

void storage_reset(void)
{
	memset(objs, 0, sizeof(objs));
	memset(handles, 0, sizeof(handles));
	storage_enum_reset();
	storage_rollback_reset();
	storage_keys_reset();
}
