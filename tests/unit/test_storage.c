/*
 * Trusted storage (tee/storage.c) on the host, against a fake tee-supplicant that keeps
 * files in memory and can cut the power after any number of changes to them: a
 * round trip and persistence across an instance restart; every byte of a file flipped;
 * swapped files, another TA's and another VM's file; rollback and a deleted object's
 * file while the instance runs and after a restart (the rollback table bound to the
 * monitor's counter: an older table, a missing one, one a cut left ahead by one); a power
 * cut after each change a write makes, also halfway through a file write, leaving the
 * old or the new object; a normal world that lies about sizes or shared memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_storage_abi.h>
#include "fake_nw.h"
#include "storage.h"
#include "tee.h"

#define CORRUPT 0xf0100001u
#define NOT_AVAILABLE 0xf0100003u
#define CONFLICT 0xffff0003u
#define NO_SPACE 0xffff3041u
#define RW 0x7u /* ACCESS_READ | WRITE | WRITE_META */
#define OVERWRITE 0x400u
#define ARG_PA (FAKE_BASE + 0x1000)
#define SHM_PA (FAKE_BASE + 0x100000)

uint32_t tee_vm_id = 1;
static int quiet = 1;

void tee_log(const char *fmt, ...)
{
	va_list ap;
	if (quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

/* ---- the fake secure-world surroundings ---- */

static uint8_t key_seed = 1; /* another seed: another VM's instance key */
static bool no_secret;	     /* the device has no secret: no instance key */

int tee_instance_key(uint32_t purpose, uint8_t key[32])
{
	assert_int_equal(purpose, 1);
	memset(key, no_secret ? 0 : key_seed, 32);
	return no_secret ? -1 : 0;
}

/* The monitor's rollback counters, one per VM (key seed); survive storage_reset. */
static uint64_t counters[4];
static bool changes_left(void);

uint64_t tee_rollback_counter(uint64_t op, uint64_t value, uint64_t *stored)
{
	uint64_t *c = &counters[key_seed & 3];
	*stored = *c;
	if (op == 0)
		return 0;
	assert_int_equal(op, 1);
	if (value < *c)
		return 1;
	if (!changes_left())
		return 2; /* the power went before the flash was written */
	*c = value;
	*stored = value;
	return 0;
}

void *uta_user_ptr(uint64_t va, uint64_t len, bool write)
{
	(void)len, (void)write;
	return (void *)(uintptr_t)va;
}

/* [shared_lo, shared_hi): the TA's memref parameters (the client's shared memory) */
static uintptr_t shared_lo, shared_hi;

bool uta_user_shared(uint64_t va, uint64_t len)
{
	return va < shared_hi && va + len > shared_lo;
}

static bool expect_kill; /* a test that expects the TA to be ended */
static jmp_buf kill_jmp;

void uta_kill_current(const char *why, uint64_t a, uint64_t b)
{
	if (expect_kill)
		longjmp(kill_jmp, 1);
	fail_msg("TA killed: %s (0x%llx, 0x%llx)", why, (unsigned long long)a,
		 (unsigned long long)b);
	abort();
}

/*
 * One key object, handle KEY_HANDLE: an AES key whose attribute blob is KEY_META_LEN bytes
 * of KEY_BYTE (a recognisable secret); key_meta is the kernel's buffer it was put in.
 * Every other handle is no key object.
 */
#define KEY_HANDLE 0x5ec7u
#define KEY_META_LEN 48u
#define KEY_BYTE 0xa5
static uint8_t *key_meta;

bool crypto_key_for_storage(const void *owner, uint32_t handle, uint32_t *type, uint32_t *obj_size,
			    uint32_t *max_size, uint32_t *usage, uint8_t *meta, uint32_t *meta_len)
{
	(void)owner;
	if (handle != KEY_HANDLE)
		return false;
	*type = 0xa0000010u; /* TEE_TYPE_AES */
	*obj_size = *max_size = 256;
	*usage = 0xffffffffu;
	memset(meta, KEY_BYTE, KEY_META_LEN);
	*meta_len = KEY_META_LEN;
	key_meta = meta;
	return true;
}

/* ---- the fake tee-supplicant ---- */

struct ffile {
	bool used;
	char name[128];
	uint8_t data[300000];
	size_t len;
};
static struct ffile files[48];
static int fds[8];	     /* file index + 1, 0 = free */
static int budget = -1;	     /* changes left before the power cut; -1: no cut */
static size_t torn;	     /* bytes of a WRITE that land when the cut hits it */
static bool cut;	     /* the power is gone: nothing more happens */
static bool lie_read_size;   /* READ answers more bytes than asked */
static bool shm_outside;     /* SHM_ALLOC answers memory outside the VM */
static char last_final[128]; /* the last name renamed to: an object's file */
static unsigned dir_pos;
static char dir_name[64]; /* the directory OPENDIR named */

static struct ffile *ffind(const char *name)
{
	for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (files[i].used && !strcmp(files[i].name, name))
			return &files[i];
	return NULL;
}

static struct ffile *fnew(const char *name)
{
	for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (!files[i].used) {
			memset(&files[i], 0, sizeof(files[i]));
			files[i].used = true;
			snprintf(files[i].name, sizeof(files[i].name), "%s", name);
			return &files[i];
		}
	fail_msg("fake fs full");
	return NULL;
}

/* One change to the files: false when the power is cut before it. */
static bool change(void)
{
	if (budget < 0)
		return true;
	if (budget == 0) {
		cut = true;
		return false;
	}
	budget--;
	return true;
}

static bool changes_left(void)
{
	return !cut && change();
}

static const char *shm_str(const struct optee_msg_param *p)
{
	return (const char *)pa_ptr(SHM_PA + p->u.rmem.offs);
}

static uint32_t fs(struct optee_msg_param *p, unsigned n)
{
	struct ffile *f;
	if (cut)
		return TEEC_ERROR_COMMUNICATION;
	uint64_t fd = p[0].u.value.b;
	switch (p[0].u.value.a) {
	case 0: /* OPEN */
	case 1: /* CREATE */
		assert_int_equal(n, 3);
		f = ffind(shm_str(&p[1]));
		if (p[0].u.value.a == 1) {
			if (!change())
				return TEEC_ERROR_COMMUNICATION;
			if (!f)
				f = fnew(shm_str(&p[1]));
			f->len = 0;
		}
		if (!f)
			return TEEC_ERROR_ITEM_NOT_FOUND;
		for (unsigned i = 0; i < 8; i++)
			if (!fds[i]) {
				fds[i] = (int)(f - files) + 1;
				p[2].u.value.a = i;
				return TEEC_SUCCESS;
			}
		fail_msg("fds full");
		return TEEC_ERROR_GENERIC;
	case 2: /* CLOSE */
		fds[fd] = 0;
		return TEEC_SUCCESS;
	case 3: { /* READ */
		f = &files[fds[fd] - 1];
		uint64_t off = p[0].u.value.c, want = p[1].u.rmem.size;
		uint64_t got = off < f->len ? (f->len - off < want ? f->len - off : want) : 0;
		memcpy(pa_ptr(SHM_PA + p[1].u.rmem.offs), f->data + off, got);
		p[1].u.rmem.size = lie_read_size ? want + 4096 : got;
		return TEEC_SUCCESS;
	}
	case 4: { /* WRITE */
		f = &files[fds[fd] - 1];
		uint64_t off = p[0].u.value.c, len = p[1].u.rmem.size;
		bool ok = change();
		if (!ok)
			len = torn < len ? torn : len; /* part of it reached the disk */
		memcpy(f->data + off, pa_ptr(SHM_PA + p[1].u.rmem.offs), len);
		if (off + len > f->len)
			f->len = off + len;
		return ok ? TEEC_SUCCESS : TEEC_ERROR_COMMUNICATION;
	}
	case 6: /* REMOVE */
		if (!change())
			return TEEC_ERROR_COMMUNICATION;
		f = ffind(shm_str(&p[1]));
		if (!f)
			return TEEC_ERROR_ITEM_NOT_FOUND;
		f->used = false;
		return TEEC_SUCCESS;
	case 7: { /* RENAME */
		assert_int_equal(n, 3);
		struct ffile *from = ffind(shm_str(&p[1])), *to = ffind(shm_str(&p[2]));
		if (!from)
			return TEEC_ERROR_ITEM_NOT_FOUND;
		if (to && !p[0].u.value.b)
			return CONFLICT;
		if (!change())
			return TEEC_ERROR_COMMUNICATION;
		if (to)
			to->used = false;
		snprintf(from->name, sizeof(from->name), "%s", shm_str(&p[2]));
		if (strchr(from->name, '/')) /* an object file, not the rollback table */
			snprintf(last_final, sizeof(last_final), "%s", from->name);
		return TEEC_SUCCESS;
	}
	case 8: /* OPENDIR */
		dir_pos = 0;
		snprintf(dir_name, sizeof(dir_name), "%s", shm_str(&p[1]));
		p[2].u.value.a = 5;
		return TEEC_SUCCESS;
	case 10: /* READDIR */
		while (dir_pos < sizeof(files) / sizeof(files[0])) {
			f = &files[dir_pos++];
			const char *slash = f->used ? strchr(f->name, '/') : NULL;
			if (!slash || slash[1] == '.' ||
			    strlen(dir_name) != (size_t)(slash - f->name) ||
			    strncmp(f->name, dir_name, (size_t)(slash - f->name)))
				continue;
			size_t l = strlen(slash + 1) + 1;
			memcpy(pa_ptr(SHM_PA + p[1].u.rmem.offs), slash + 1, l);
			p[1].u.rmem.size = l;
			return TEEC_SUCCESS;
		}
		return TEEC_ERROR_ITEM_NOT_FOUND;
	case 9: /* CLOSEDIR */
		return TEEC_SUCCESS;
	}
	fail_msg("unexpected FS sub-command %llu", (unsigned long long)p[0].u.value.a);
	return TEEC_ERROR_GENERIC;
}

bool rpc_alloc(uint64_t size, struct rpc_shm *out)
{
	out->pa = ARG_PA;
	out->cookie = 1;
	out->size = size;
	return true;
}

void rpc_free(const struct rpc_shm *s)
{
	(void)s;
}

uint32_t rpc_cmd(const struct rpc_shm *arg, uint32_t cmd, struct optee_msg_param *p, unsigned n)
{
	assert_true(n <= TEE_RPC_ARG_PARAMS);
	(void)arg;
	switch (cmd) {
	case OPTEE_RPC_CMD_SHM_ALLOC:
		p[0].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
		p[0].u.tmem.size = p[0].u.value.b;
		p[0].u.tmem.buf_ptr = shm_outside ? FAKE_BASE + FAKE_SIZE - 4096 : SHM_PA;
		p[0].u.tmem.shm_ref = 77;
		return TEEC_SUCCESS;
	case OPTEE_RPC_CMD_SHM_FREE:
		return TEEC_SUCCESS;
	case OPTEE_RPC_CMD_FS:
		return fs(p, n);
	}
	fail_msg("unexpected RPC %u", cmd);
	return TEEC_ERROR_GENERIC;
}

/* ---- the TA side ---- */

static const uint8_t ta1[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const uint8_t ta2[16] = {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
static int owner;

static uint32_t create(const uint8_t *uuid, const char *id, const char *data, uint32_t flags,
		       uint32_t *h)
{
	struct tzv_st_create a;
	memset(&a, 0, sizeof(a));
	a.storage_id = 1;
	a.flags = flags;
	a.id = (uintptr_t)id;
	a.id_len = strlen(id);
	a.data = (uintptr_t)data;
	a.data_len = strlen(data);
	a.type = 0xa00000bf;
	a.want_handle = h != NULL;
	uint32_t r = storage_syscall(&owner, uuid, TZV_ST_CREATE, (uintptr_t)&a, 0, 0, 0);
	if (h)
		*h = a.handle;
	return r;
}

static uint32_t open_obj(const uint8_t *uuid, const char *id, uint32_t flags, uint32_t *h)
{
	struct tzv_st_open a;
	memset(&a, 0, sizeof(a));
	a.storage_id = 1;
	a.flags = flags;
	a.id = (uintptr_t)id;
	a.id_len = strlen(id);
	uint32_t r = storage_syscall(&owner, uuid, TZV_ST_OPEN, (uintptr_t)&a, 0, 0, 0);
	*h = a.handle;
	return r;
}

static void close_obj(uint32_t h)
{
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_CLOSE, h, 0, 0, 0), 0);
}

/* Opens id and reads it whole into out (NUL-terminated); the open's result. */
static uint32_t get(const uint8_t *uuid, const char *id, char *out)
{
	uint32_t h;
	uint64_t n = 0;
	out[0] = '\0';
	uint32_t r = open_obj(uuid, id, 1, &h);
	if (r)
		return r;
	assert_int_equal(
	    storage_syscall(&owner, uuid, TZV_ST_READ, h, (uintptr_t)out, 255, (uintptr_t)&n), 0);
	out[n] = '\0';
	close_obj(h);
	return 0;
}

static uint32_t put(const uint8_t *uuid, const char *id, const char *data)
{
	return create(uuid, id, data, RW | OVERWRITE, NULL);
}

/* A copy of an object's file and where it lies. */
struct saved {
	char name[128];
	uint8_t data[40000];
	size_t len;
};

static void save(struct saved *s)
{
	struct ffile *f = ffind(last_final);
	assert_non_null(f);
	snprintf(s->name, sizeof(s->name), "%s", f->name);
	memcpy(s->data, f->data, f->len);
	s->len = f->len;
}

static void restore(const struct saved *s, const char *as)
{
	struct ffile *f = ffind(as);
	if (!f)
		f = fnew(as);
	memcpy(f->data, s->data, s->len);
	f->len = s->len;
}

static uint8_t *pool;

static int setup(void **state)
{
	(void)state;
	fake_ram_setup();
	if (!pool)
		pool = aligned_alloc(TEE_PAGE, 128 * TEE_PAGE);
	pages_init((uintptr_t)pool, 128 * TEE_PAGE);
	memset(files, 0, sizeof(files));
	memset(fds, 0, sizeof(fds));
	budget = -1;
	cut = lie_read_size = shm_outside = false;
	key_seed = 1;
	no_secret = false;
	memset(counters, 0, sizeof(counters));
	storage_reset();
	return 0;
}

/* ---- tests ---- */

static void test_round_trip_and_restart(void **state)
{
	(void)state;
	char buf[256];
	assert_int_equal(put(ta1, "a", "hello"), 0);
	assert_int_equal(get(ta1, "a", buf), 0);
	assert_string_equal(buf, "hello");
	assert_non_null(strstr(last_final, "01020304-0506-0708-090a-0b0c0d0e0f10/"));
	assert_int_equal(strlen(strchr(last_final, '/') + 1), 32);
	/* 88 bytes of format, the id and the data */
	assert_int_equal(ffind(last_final)->len, 88 + 1 + 5);
	storage_reset(); /* a new instance, the same device key */
	assert_int_equal(get(ta1, "a", buf), 0);
	assert_string_equal(buf, "hello");
	assert_int_equal(get(ta1, "b", buf), TEEC_ERROR_ITEM_NOT_FOUND);
	/* create without OVERWRITE of an existing object */
	assert_int_equal(create(ta1, "a", "x", RW, NULL), CONFLICT);
}

static void test_every_byte_flipped(void **state)
{
	(void)state;
	char buf[256];
	assert_int_equal(put(ta1, "flip", "some data to protect"), 0);
	struct ffile *f = ffind(last_final);
	for (size_t i = 0; i < f->len; i++) {
		f->data[i] ^= 0x01;
		assert_int_equal(get(ta1, "flip", buf), CORRUPT);
		f->data[i] ^= 0x01;
	}
	assert_int_equal(get(ta1, "flip", buf), 0);
	assert_string_equal(buf, "some data to protect");
	/* shorter and longer files */
	size_t len = f->len;
	f->len = len - 1;
	assert_int_equal(get(ta1, "flip", buf), CORRUPT);
	f->len = len + 1;
	assert_int_equal(get(ta1, "flip", buf), CORRUPT);
	f->len = 0;
	assert_int_equal(get(ta1, "flip", buf), CORRUPT);
}

static void test_moved_files(void **state)
{
	(void)state;
	char buf[256];
	struct saved *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b)), *o = malloc(sizeof(*o));
	assert_int_equal(put(ta1, "a", "AAA"), 0);
	save(a);
	assert_int_equal(put(ta1, "b", "BBB"), 0);
	save(b);
	restore(a, b->name);
	restore(b, a->name);
	assert_int_equal(get(ta1, "a", buf), CORRUPT);
	assert_int_equal(get(ta1, "b", buf), CORRUPT);
	/* another TA's file of the same id */
	assert_int_equal(put(ta2, "c", "other TA"), 0);
	save(o);
	assert_int_equal(put(ta1, "c", "mine"), 0);
	char mine[128];
	snprintf(mine, sizeof(mine), "%s", last_final);
	restore(o, mine);
	assert_int_equal(get(ta1, "c", buf), CORRUPT);
	assert_int_equal(get(ta2, "c", buf), 0);
	assert_string_equal(buf, "other TA");
	/* another VM's file: its instance key differs, and so do its names */
	storage_reset();
	key_seed = 2;
	assert_int_equal(put(ta1, "c", "other VM"), 0);
	save(o);
	assert_string_not_equal(o->name, mine);
	storage_reset();
	key_seed = 1;
	restore(o, mine);
	assert_int_equal(get(ta1, "c", buf), CORRUPT);
	free(a), free(b), free(o);
}

static void test_rollback(void **state)
{
	(void)state;
	char buf[256];
	struct saved *v1 = malloc(sizeof(*v1)), *d = malloc(sizeof(*d));
	assert_int_equal(put(ta1, "rb", "v1"), 0);
	save(v1);
	assert_int_equal(put(ta1, "rb", "v2"), 0);
	restore(v1, v1->name);
	assert_int_equal(get(ta1, "rb", buf), CORRUPT);
	/* a deleted object's file put back; a seen object's file removed */
	uint32_t h;
	assert_int_equal(put(ta1, "dl", "x"), 0);
	save(d);
	assert_int_equal(open_obj(ta1, "dl", RW, &h), 0);
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_DELETE, h, 0, 0, 0), 0);
	assert_null(ffind(d->name));
	restore(d, d->name);
	assert_int_equal(get(ta1, "dl", buf), TEEC_ERROR_ITEM_NOT_FOUND); /* stays deleted */
	assert_int_equal(put(ta1, "gone", "x"), 0);
	ffind(last_final)->used = false;
	assert_int_equal(get(ta1, "gone", buf), CORRUPT);
	/* recreated after delete: the version goes on, the old file stays refused */
	assert_int_equal(put(ta1, "dl", "new"), 0);
	restore(d, d->name);
	assert_int_equal(get(ta1, "dl", buf), CORRUPT);
	/* a deleted object's file put back is no object: creating it anew needs no OVERWRITE */
	assert_int_equal(open_obj(ta1, "dl", RW, &h), CORRUPT);
	ffind(d->name)->used = false;
	assert_int_equal(put(ta1, "dl", "again"), 0);
	assert_int_equal(open_obj(ta1, "dl", RW, &h), 0);
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_DELETE, h, 0, 0, 0), 0);
	restore(d, d->name);
	assert_int_equal(create(ta1, "dl", "fresh", RW, NULL), 0);
	assert_int_equal(get(ta1, "dl", buf), 0);
	assert_string_equal(buf, "fresh");
	/* after a restart (the table and the counter persist) an older copy is still refused */
	storage_reset();
	restore(v1, v1->name);
	assert_int_equal(get(ta1, "rb", buf), CORRUPT);
	free(v1), free(d);
}

/* A copy of the whole fake file system: what the normal world can put back while the machine is
 * off. */
static struct ffile snapshot[48];

/* The table file put back older (with every object as it was then): everything refused. */
static void test_rollback_whole_store_across_restart(void **state)
{
	(void)state;
	char buf[256];
	assert_int_equal(put(ta1, "a", "v1"), 0);
	assert_int_equal(put(ta1, "b", "b1"), 0);
	memcpy(snapshot, files, sizeof(files));
	assert_int_equal(put(ta1, "a", "v2"), 0);
	storage_reset();
	memcpy(files, snapshot, sizeof(files));
	assert_int_equal(get(ta1, "a", buf), CORRUPT);
	assert_int_equal(get(ta1, "b", buf), CORRUPT); /* unchanged, but the table is old */
	assert_int_equal(put(ta1, "c", "new"), CORRUPT);
	/* the table removed as well: with the counter above 0, still refused */
	ffind("tzvisor-rollback")->used = false;
	storage_reset();
	assert_int_equal(get(ta1, "b", buf), CORRUPT);
	/* another VM (its own counter, still 0) starts a fresh store */
	storage_reset();
	key_seed = 2;
	assert_int_equal(put(ta1, "z", "fresh"), 0);
	assert_int_equal(get(ta1, "z", buf), 0);
	assert_int_equal(counters[2], 1);
}

/* A table one above the counter (the cut hit between the table and the advance): accepted. */
static void test_table_ahead_by_one_accepted(void **state)
{
	(void)state;
	char buf[256];
	assert_int_equal(put(ta1, "a", "v1"), 0);
	assert_int_equal(put(ta1, "a", "v2"), 0);
	assert_int_equal(counters[1], 2);
	counters[1] = 1; /* as if the last advance never reached the flash */
	storage_reset();
	assert_int_equal(get(ta1, "a", buf), 0);
	assert_string_equal(buf, "v2");
	assert_int_equal(counters[1], 2); /* advanced on load */
	/* two above: not a cut, refused */
	counters[1] = 0;
	storage_reset();
	assert_int_equal(get(ta1, "a", buf), CORRUPT);
	/* and a table that is not authentic */
	counters[1] = 2;
	ffind("tzvisor-rollback")->data[40] ^= 1;
	storage_reset();
	assert_int_equal(get(ta1, "a", buf), CORRUPT);
}

/* A power cut after `changes` changes (and `torn_bytes` of a cut file write) during a write of
 * "new" over "old": after the restart the object reads "old" or "new". */
static void cut_write_at(int changes, size_t torn_bytes, unsigned *saw_old, unsigned *saw_new)
{
	char buf[256];
	uint32_t h;
	setup(NULL);
	assert_int_equal(put(ta1, "pc", "old content"), 0);
	assert_int_equal(open_obj(ta1, "pc", RW, &h), 0);
	budget = changes;
	torn = torn_bytes;
	uint32_t r = storage_syscall(&owner, ta1, TZV_ST_WRITE, h, (uintptr_t) "NEW", 3, 0);
	bool returned_ok = r == 0;
	if (!returned_ok) {
		assert_int_equal(r, NOT_AVAILABLE);
		/* the failed write changed nothing the handle sees */
		uint64_t n;
		assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_SEEK, h, 0, 0, 0), 0);
		assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_READ, h, (uintptr_t)buf, 255,
						 (uintptr_t)&n),
				 0);
		buf[n] = '\0';
		assert_string_equal(buf, "old content");
	}
	/* power back: a new instance */
	storage_reset();
	cut = false;
	budget = -1;
	memset(fds, 0, sizeof(fds));
	assert_int_equal(get(ta1, "pc", buf), 0);
	if (!strcmp(buf, "old content")) {
		assert_false(returned_ok);
		(*saw_old)++;
	} else {
		assert_string_equal(buf, "NEW content");
		(*saw_new)++;
	}
	/* and the object can be written again */
	assert_int_equal(put(ta1, "pc", "again"), 0);
	assert_int_equal(get(ta1, "pc", buf), 0);
	assert_string_equal(buf, "again");
}

static void test_power_cut_every_step(void **state)
{
	(void)state;
	unsigned old = 0, new_ = 0;
	/*
	 * a write changes the files six times (CREATE the temporary file, WRITE it, RENAME it;
	 * the same for the rollback table), then advances the counter
	 */
	for (int k = 0; k <= 7; k++)
		for (size_t t = 0; t <= 100; t += 25)
			cut_write_at(k, t, &old, &new_);
	assert_true(old > 0 && new_ > 0);
}

static void test_power_cut_create(void **state)
{
	(void)state;
	char buf[256];
	for (int k = 0; k <= 7; k++) {
		setup(NULL);
		budget = k;
		torn = 30;
		uint32_t r = put(ta1, "fresh", "created");
		storage_reset();
		cut = false;
		budget = -1;
		memset(fds, 0, sizeof(fds));
		uint32_t g = get(ta1, "fresh", buf);
		if (r == 0 || g == 0) {
			assert_int_equal(g, 0);
			assert_string_equal(buf, "created");
		} else {
			assert_int_equal(g, TEEC_ERROR_ITEM_NOT_FOUND);
		}
	}
}

/* A power cut at every step of a delete: after the restart the object is there or gone. */
static void test_power_cut_delete(void **state)
{
	(void)state;
	char buf[256];
	unsigned kept = 0, gone = 0;
	for (int k = 0; k <= 5; k++) {
		uint32_t h;
		setup(NULL);
		assert_int_equal(put(ta1, "del", "content"), 0);
		assert_int_equal(open_obj(ta1, "del", RW, &h), 0);
		budget = k;
		uint32_t r = storage_syscall(&owner, ta1, TZV_ST_DELETE, h, 0, 0, 0);
		storage_reset();
		cut = false;
		budget = -1;
		memset(fds, 0, sizeof(fds));
		uint32_t g = get(ta1, "del", buf);
		if (g == 0) {
			assert_int_not_equal(r, 0);
			assert_string_equal(buf, "content");
			kept++;
		} else {
			assert_int_equal(g, TEEC_ERROR_ITEM_NOT_FOUND);
			gone++;
		}
		/* and the id can be created again */
		assert_int_equal(create(ta1, "del", "next", RW | (g == 0 ? OVERWRITE : 0), NULL),
				 0);
	}
	assert_true(kept > 0 && gone > 0);
}

static void test_lying_normal_world(void **state)
{
	(void)state;
	char buf[256];
	uint32_t h;
	assert_int_equal(put(ta1, "a", "data"), 0);
	lie_read_size = true;
	assert_int_equal(get(ta1, "a", buf), NOT_AVAILABLE);
	lie_read_size = false;
	shm_outside = true;
	assert_int_equal(get(ta1, "a", buf), NOT_AVAILABLE);
	assert_int_equal(put(ta1, "b", "x"), NOT_AVAILABLE);
	shm_outside = false;
	/* an open object stays usable from its copy when the normal world stops answering */
	assert_int_equal(open_obj(ta1, "a", RW, &h), 0);
	cut = true;
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_WRITE, h, (uintptr_t) "zz", 2, 0),
			 NOT_AVAILABLE);
	uint64_t n;
	assert_int_equal(
	    storage_syscall(&owner, ta1, TZV_ST_READ, h, (uintptr_t)buf, 255, (uintptr_t)&n), 0);
	buf[n] = '\0';
	assert_string_equal(buf, "data");
	close_obj(h);
}

static void test_no_device_secret(void **state)
{
	(void)state;
	char buf[256];
	no_secret = true;
	assert_int_equal(put(ta1, "a", "x"), NOT_AVAILABLE);
	assert_int_equal(get(ta1, "a", buf), NOT_AVAILABLE);
	for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		assert_false(files[i].used); /* nothing reached the normal world */
}

static void test_sharing_and_handles(void **state)
{
	(void)state;
	uint32_t h1, h2, h3;
	int other_owner;
	assert_int_equal(create(ta1, "s", "x", RW | OVERWRITE, &h1), 0);
	assert_int_equal(open_obj(ta1, "s", 1, &h2), CONFLICT);
	assert_int_equal(create(ta1, "s", "y", RW | OVERWRITE, NULL), CONFLICT);
	/* a handle belongs to its TA instance */
	assert_int_equal(storage_syscall(&other_owner, ta1, TZV_ST_CLOSE, h1, 0, 0, 0),
			 TEEC_ERROR_BAD_PARAMETERS);
	close_obj(h1);
	assert_int_equal(open_obj(ta1, "s", 0x11, &h1), 0); /* READ | SHARE_READ */
	assert_int_equal(open_obj(ta1, "s", 0x11, &h2), 0);
	assert_int_equal(open_obj(ta1, "s", 0x12, &h3), CONFLICT); /* WRITE: h1 does not share it */
	assert_int_equal(open_obj(ta1, "s", 0x01, &h3), CONFLICT); /* does not share READ */
	/* the instance ends: its handles go */
	storage_release(&owner);
	assert_int_equal(open_obj(ta1, "s", RW, &h3), 0);
	close_obj(h3);
}

/*
 * Found by tests/fuzz/fuzz_storage.c: the file of a deleted object, put back by the
 * normal world, was loaded by every ENUM_NEXT that met it and skipped without giving
 * its pages back: enumerations drained the instance's private pages. Now the pages
 * come back, however often the TA enumerates.
 */
static void test_enum_over_deleted_object_file(void **state)
{
	(void)state;
	struct saved *d = malloc(sizeof(*d));
	uint32_t h, e = 0;
	static uint64_t info[8], id[8], id_len;
	assert_int_equal(put(ta1, "dl", "x"), 0);
	save(d);
	assert_int_equal(open_obj(ta1, "dl", RW, &h), 0);
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_DELETE, h, 0, 0, 0), 0);
	restore(d, d->name);
	unsigned before = pages_free_count();
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_ENUM_ALLOC, (uintptr_t)&e, 0, 0, 0),
			 0);
	for (int i = 0; i < 200; i++) { /* more rounds than the pool has pages */
		assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_ENUM_START, e, 1, 0, 0), 0);
		assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_ENUM_NEXT, e, (uintptr_t)info,
						 (uintptr_t)id, (uintptr_t)&id_len),
				 TEEC_ERROR_ITEM_NOT_FOUND);
	}
	assert_int_equal(pages_free_count(), before);
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_ENUM_FREE, e, 0, 0, 0), 0);
	free(d);
}

/* storage_syscall(...) ends the TA: true; false if it returned. */
#define KILLED(call)                                                                               \
	(expect_kill = true,                                                                       \
	 setjmp(kill_jmp) ? (expect_kill = false, true) : ((call), expect_kill = false, false))

/*
 * Found by tests/fuzz/fuzz_storage.c: a TA pointer to a structure or integer the
 * kernel writes as that type was taken at any byte address (a misaligned
 * uint32_t store in ENUM_ALLOC, undefined in C). Each such pointer, off by one,
 * now ends the TA; aligned ones work.
 */
static void test_misaligned_struct_pointers(void **state)
{
	(void)state;
	static uint64_t mem[64];
	uint8_t *b = (uint8_t *)mem;
	uint32_t *e = (uint32_t *)(b + 8);
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_ENUM_ALLOC, (uintptr_t)e, 0, 0, 0), 0);
	assert_true(
	    KILLED(storage_syscall(&owner, ta1, TZV_ST_ENUM_ALLOC, (uintptr_t)(b + 1), 0, 0, 0)));
	assert_true(KILLED(storage_syscall(&owner, ta1, TZV_ST_OPEN, (uintptr_t)(b + 4), 0, 0, 0)));
	assert_true(
	    KILLED(storage_syscall(&owner, ta1, TZV_ST_CREATE, (uintptr_t)(b + 2), 0, 0, 0)));
	assert_true(KILLED(storage_syscall(&owner, ta1, TZV_ST_ENUM_NEXT, *e, (uintptr_t)(b + 3),
					   (uintptr_t)(b + 64), (uintptr_t)(b + 256))));
	assert_true(KILLED(storage_syscall(&owner, ta1, TZV_ST_ENUM_NEXT, *e, (uintptr_t)(b + 256),
					   (uintptr_t)(b + 64), (uintptr_t)(b + 4))));
	uint32_t h;
	assert_int_equal(create(ta1, "obj", "data", RW, &h), 0);
	assert_true(KILLED(storage_syscall(&owner, ta1, TZV_ST_INFO, h, (uintptr_t)(b + 4), 0, 0)));
	assert_true(KILLED(storage_syscall(&owner, ta1, TZV_ST_READ, h, (uintptr_t)(b + 1), 4,
					   (uintptr_t)(b + 12))));
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_READ, h, (uintptr_t)(b + 1), 4,
					 (uintptr_t)(b + 16)),
			 0);
	assert_memory_equal(b + 1, "data", 4);
	close_obj(h);
}

/* ---- GP semantics (TEE Internal Core API 1.3.1, 5.7 and 5.8) ---- */

static uint32_t rename_obj(uint32_t h, const char *id)
{
	return storage_syscall(&owner, ta1, TZV_ST_RENAME, h, (uintptr_t)id, strlen(id), 0);
}

/* One result of an enumeration from the start: its id length, or ~0u when there is none. */
static uint64_t enum_first_id_len(void)
{
	uint32_t e = 0;
	static uint64_t info[8], id[8], id_len;
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_ENUM_ALLOC, (uintptr_t)&e, 0, 0, 0),
			 0);
	uint64_t r = ~0u;
	if (storage_syscall(&owner, ta1, TZV_ST_ENUM_START, e, 1, 0, 0) == 0 &&
	    storage_syscall(&owner, ta1, TZV_ST_ENUM_NEXT, e, (uintptr_t)info, (uintptr_t)id,
			    (uintptr_t)&id_len) == 0)
		r = id_len;
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_ENUM_FREE, e, 0, 0, 0), 0);
	return r;
}

/* objectIDLen 0 names an object like any other id: create, open, rename to and from it. */
static void test_empty_id(void **state)
{
	(void)state;
	char buf[256];
	uint32_t h, h2;
	assert_int_equal(put(ta1, "", "empty id"), 0);
	assert_int_equal(put(ta1, "x", "ex"), 0);
	assert_int_equal(get(ta1, "", buf), 0);
	assert_string_equal(buf, "empty id");
	assert_int_equal(get(ta1, "x", buf), 0);
	assert_string_equal(buf, "ex");
	/* renaming onto an existing id: ACCESS_CONFLICT, nothing changes */
	assert_int_equal(open_obj(ta1, "x", RW, &h), 0);
	assert_int_equal(rename_obj(h, ""), CONFLICT);
	assert_int_equal(get(ta1, "", buf), 0);
	assert_string_equal(buf, "empty id");
	/* once the empty id is free, x takes it */
	assert_int_equal(open_obj(ta1, "", RW, &h2), 0);
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_DELETE, h2, 0, 0, 0), 0);
	assert_int_equal(rename_obj(h, ""), 0);
	assert_int_equal(rename_obj(h, ""), 0); /* its own id: nothing to do */
	close_obj(h);
	assert_int_equal(get(ta1, "x", buf), TEEC_ERROR_ITEM_NOT_FOUND);
	storage_reset(); /* from the file: the id is checked against the name */
	assert_int_equal(get(ta1, "", buf), 0);
	assert_string_equal(buf, "ex");
	assert_int_equal(enum_first_id_len(), 0);
	/* and back to a named id */
	assert_int_equal(open_obj(ta1, "", RW, &h), 0);
	assert_int_equal(rename_obj(h, "y"), 0);
	close_obj(h);
	assert_int_equal(get(ta1, "", buf), TEEC_ERROR_ITEM_NOT_FOUND);
	assert_int_equal(get(ta1, "y", buf), 0);
	assert_string_equal(buf, "ex");
	assert_int_equal(enum_first_id_len(), 1);
}

/*
 * TEE_DATA_FLAG_OVERWRITE: an existing object is replaced whole (data, and its old length
 * gone); without it, ACCESS_CONFLICT. An object open through another handle is not replaced.
 */
static void test_overwrite(void **state)
{
	(void)state;
	char buf[256];
	uint32_t h, h2;
	assert_int_equal(put(ta1, "ow", "the first version, longer"), 0);
	assert_int_equal(create(ta1, "ow", "second", RW, NULL), CONFLICT);
	assert_int_equal(get(ta1, "ow", buf), 0);
	assert_string_equal(buf, "the first version, longer");
	assert_int_equal(create(ta1, "ow", "second", RW | OVERWRITE, &h), 0);
	close_obj(h);
	assert_int_equal(get(ta1, "ow", buf), 0);
	assert_string_equal(buf, "second");
	assert_int_equal(open_obj(ta1, "ow", 0x11 /* READ | SHARE_READ */, &h), 0);
	assert_int_equal(create(ta1, "ow", "third", RW | OVERWRITE, &h2), CONFLICT);
	close_obj(h);
	assert_int_equal(get(ta1, "ow", buf), 0);
	assert_string_equal(buf, "second");
	storage_reset();
	assert_int_equal(get(ta1, "ow", buf), 0);
	assert_string_equal(buf, "second");
}

/* Objects far past the 32 KiB of old: written in blocks, read back after a restart. */
static void test_large_object(void **state)
{
	(void)state;
	static uint8_t block[32768], back[32768];
	struct tzv_st_info info;
	uint32_t h;
	uint64_t n;
	const unsigned blocks = 5;
	assert_int_equal(create(ta1, "big", "", RW | OVERWRITE, &h), 0);
	for (unsigned i = 0; i < blocks; i++) {
		memset(block, (int)i + 1, sizeof(block));
		assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_WRITE, h, (uintptr_t)block,
						 sizeof(block), 0),
				 0);
	}
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_INFO, h, (uintptr_t)&info, 0, 0), 0);
	assert_int_equal(info.data_size, blocks * sizeof(block));
	close_obj(h);
	assert_int_equal(ffind(last_final)->len, 88 + 3 + blocks * sizeof(block));
	storage_reset();
	assert_int_equal(open_obj(ta1, "big", RW, &h), 0);
	for (unsigned i = 0; i < blocks; i++) {
		memset(block, (int)i + 1, sizeof(block));
		assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_READ, h, (uintptr_t)back,
						 sizeof(back), (uintptr_t)&n),
				 0);
		assert_int_equal(n, sizeof(back));
		assert_memory_equal(back, block, sizeof(block));
	}
	/* the limit: STORAGE_NO_SPACE, the object unchanged */
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_SEEK, h, TZV_ST_DATA_MAX, 0, 0), 0);
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_WRITE, h, (uintptr_t)block, 1, 0),
			 NO_SPACE);
	assert_int_equal(
	    storage_syscall(&owner, ta1, TZV_ST_TRUNCATE, h, TZV_ST_DATA_MAX + 1ull, 0, 0),
	    NO_SPACE);
	/* a byte flipped deep in the data is still caught */
	close_obj(h);
	storage_reset();
	ffind(last_final)->data[88 + 3 + 100000] ^= 1;
	assert_int_equal(open_obj(ta1, "big", RW, &h), CORRUPT);
}

/* TEE_RestrictObjectUsage1 on a persistent object: the restriction is stored with it. */
static void test_restrict_usage_stored(void **state)
{
	(void)state;
	struct tzv_st_create a;
	struct tzv_st_info info;
	uint32_t h;
	memset(&a, 0, sizeof(a));
	a.storage_id = 1;
	a.flags = RW;
	a.id = (uintptr_t) "usage";
	a.id_len = 5;
	a.usage = 0xffffffff;
	a.want_handle = 1;
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_CREATE, (uintptr_t)&a, 0, 0, 0), 0);
	h = a.handle;
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_RESTRICT, h, ~1u, 0, 0), 0);
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_RESTRICT, h, 0xffffffff, 0, 0), 0);
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_INFO, h, (uintptr_t)&info, 0, 0), 0);
	assert_int_equal(info.usage, ~1u);
	close_obj(h);
	storage_reset();
	assert_int_equal(open_obj(ta1, "usage", 1, &h), 0);
	assert_int_equal(storage_syscall(&owner, ta1, TZV_ST_INFO, h, (uintptr_t)&info, 0, 0), 0);
	assert_int_equal(info.usage, ~1u);
	close_obj(h);
}

/* GP: an object id in the client's shared memory is refused; the TA ends (create, open, rename). */
static void test_id_in_shared_memory(void **state)
{
	(void)state;
	static char client_id[8] = "client";
	char buf[256];
	uint32_t h = 0, h2 = 0;
	assert_int_equal(put(ta1, "mine", "x"), 0);
	assert_int_equal(open_obj(ta1, "mine", RW, &h2), 0);
	shared_lo = (uintptr_t)client_id;
	shared_hi = shared_lo + sizeof(client_id);
	assert_true(KILLED(create(ta1, client_id, "x", RW | OVERWRITE, NULL)));
	assert_true(KILLED(open_obj(ta1, client_id, RW, &h)));
	assert_true(KILLED(rename_obj(h2, client_id)));
	shared_lo = shared_hi = 0;
	assert_int_equal(get(ta1, "client", buf), TEEC_ERROR_ITEM_NOT_FOUND);
	close_obj(h2);
	assert_int_equal(get(ta1, "mine", buf), 0);
}

static void assert_key_wiped(void)
{
	assert_non_null(key_meta);
	for (unsigned i = 0; i < KEY_META_LEN; i++)
		assert_int_equal(key_meta[i], 0);
}

static uint32_t create_key(const char *id, uint32_t storage_id, uint32_t want_handle, uint32_t *h)
{
	struct tzv_st_create a;
	memset(&a, 0, sizeof(a));
	a.storage_id = storage_id;
	a.flags = RW;
	a.id = (uintptr_t)id;
	a.id_len = strlen(id);
	a.key_object = KEY_HANDLE;
	a.want_handle = want_handle;
	key_meta = NULL;
	uint32_t r = storage_syscall(&owner, ta1, TZV_ST_CREATE, (uintptr_t)&a, 0, 0, 0);
	if (h)
		*h = a.handle;
	return r;
}

/*
 * Attack: a TA makes TEE_CreatePersistentObject fail after the kernel copied its key
 * object's attributes out (unknown storage, an id already open, no handle left, the
 * normal world not answering); the key's bytes must not stay in the kernel's buffer.
 */
static void test_key_attributes_wiped_on_every_path(void **state)
{
	(void)state;
	uint32_t h, hs[16];
	unsigned n = 0;
	/* the storage id refused */
	assert_int_equal(create_key("k", 0x7, 1, NULL), TEEC_ERROR_ITEM_NOT_FOUND);
	assert_key_wiped();
	/* created: the attributes are the object's now, the buffer is empty again */
	assert_int_equal(create_key("k", 1, 1, &h), 0);
	assert_key_wiped();
	/* the id is open: ACCESS_CONFLICT */
	assert_int_equal(create_key("k", 1, 1, NULL), CONFLICT);
	assert_key_wiped();
	close_obj(h);
	/* every handle taken: OUT_OF_MEMORY */
	while (n < 16 && open_obj(ta1, "k", 0x11 /* READ | SHARE_READ */, &hs[n]) == 0)
		n++;
	assert_int_equal(create_key("other", 1, 1, NULL), TEEC_ERROR_OUT_OF_MEMORY);
	assert_key_wiped();
	for (unsigned i = 0; i < n; i++)
		close_obj(hs[i]);
	/* the normal world fails the write */
	shm_outside = true;
	assert_int_equal(create_key("other", 1, 1, NULL), NOT_AVAILABLE);
	assert_key_wiped();
	shm_outside = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_round_trip_and_restart, setup),
	    cmocka_unit_test_setup(test_every_byte_flipped, setup),
	    cmocka_unit_test_setup(test_moved_files, setup),
	    cmocka_unit_test_setup(test_rollback, setup),
	    cmocka_unit_test_setup(test_rollback_whole_store_across_restart, setup),
	    cmocka_unit_test_setup(test_table_ahead_by_one_accepted, setup),
	    cmocka_unit_test_setup(test_power_cut_every_step, setup),
	    cmocka_unit_test_setup(test_power_cut_create, setup),
	    cmocka_unit_test_setup(test_power_cut_delete, setup),
	    cmocka_unit_test_setup(test_lying_normal_world, setup),
	    cmocka_unit_test_setup(test_sharing_and_handles, setup),
	    cmocka_unit_test_setup(test_no_device_secret, setup),
	    cmocka_unit_test_setup(test_misaligned_struct_pointers, setup),
	    cmocka_unit_test_setup(test_enum_over_deleted_object_file, setup),
	    cmocka_unit_test_setup(test_empty_id, setup),
	    cmocka_unit_test_setup(test_overwrite, setup),
	    cmocka_unit_test_setup(test_large_object, setup),
	    cmocka_unit_test_setup(test_restrict_usage_stored, setup),
	    cmocka_unit_test_setup(test_id_in_shared_memory, setup),
	    cmocka_unit_test_setup(test_key_attributes_wiped_on_every_path, setup),
	};
	quiet = getenv("TEST_VERBOSE") == NULL;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
