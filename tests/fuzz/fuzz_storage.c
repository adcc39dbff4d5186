/*
 * libFuzzer harness: trusted storage (tee/storage.c) as a TA and the normal
 * world drive it: every storage syscall with any arguments (pointers inside
 * and outside the TA's memory, any handle, flags, ids and sizes), against a
 * fake tee-supplicant whose files the normal world can change between calls
 * (flip, cut, grow, put back an older copy, swap two files, delete) and which
 * can answer wrongly (an error, a read size larger or smaller than asked, a file
 * that changes between the two reads of one large object's load, shared memory
 * outside the VM, too small, or as a page list), with instance
 * restarts in between (the files and the monitor's rollback counter stay).
 * This covers the object file format and the rollback table's file as the
 * normal world hands them back, and the syscall argument checks: every TA
 * pointer goes through the kernel's own check (tee/uta_ptr.c) over a TA with a
 * read-only and a writable segment and an input and an output memref.
 *
 * The fake normal-world RAM and the TA's memory are exactly their sizes, so an
 * access past what the checks allowed is an AddressSanitizer report. A bad
 * pointer ends the TA (uta_kill_current: a longjmp here), as in the firmware.
 * Checked: after the TA instances are gone, every private page is free again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/ta_storage_abi.h>
#include "fuzz_input.h"
#include "storage.h"
#include "tee.h"

/* ---- the normal world's RAM: RPC argument, a page list, the shared buffer ---- */
#define PAGE 4096ull
#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x14000ull
#define ARG_PA (RAM_BASE + 0x1000)
#define LIST_PA (RAM_BASE + 0x2000)
#define SHM_PA (RAM_BASE + 0x4000)
#define SHM_MAX (RAM_SIZE - 0x4000)

/* ---- the TA's memory: one writable segment, one read-only page (code) ---- */
#define TA_RW_VA 0x100000ull
#define TA_RW_SIZE 0x10000ull
#define TA_RO_VA 0x200000ull
#define TA_RO_SIZE 0x1000ull
#define ARGS_VA TA_RW_VA /* the syscall's argument structures */
#define ID_VA (TA_RW_VA + 0x800)
#define DATA_VA (TA_RW_VA + 0x1000)
#define POOL_PAGES 64

static uint8_t *ram, *ta_rw, *ta_ro, *pool;
static struct fin in;
static jmp_buf killed;
static uint64_t counter;
static uint8_t supplicant_lies;

uint32_t tee_vm_id = 1;

void tee_log(const char *fmt, ...)
{
	(void)fmt;
}

int tee_instance_key(uint32_t purpose, uint8_t key[32])
{
	FUZZ_ASSERT(purpose == TZV_KEY_PURPOSE_STORAGE);
	memset(key, 0x5e, 32);
	return 0;
}

uint64_t tee_rollback_counter(uint64_t op, uint64_t value, uint64_t *stored)
{
	*stored = counter;
	if (op == TZV_COUNTER_READ)
		return TZV_COUNTER_OK;
	FUZZ_ASSERT(op == TZV_COUNTER_ADVANCE);
	if (value < counter)
		return TZV_COUNTER_REFUSED;
	if ((supplicant_lies & 0x80) && fin_u8(&in) == 0xff)
		return TZV_COUNTER_FAILED; /* the flash write failed (power cut) */
	counter = *stored = value;
	return TZV_COUNTER_OK;
}

/* The TA's address space as tee/uta.c sees it: the real check (tee/uta_ptr.c) over it. */
static struct uta_image img;
static struct ta_param params[TEE_TA_PARAMS];
static uint8_t *memref_in, *memref_out;
#define MEMREF_IN_SIZE 100
#define MEMREF_OUT_SIZE 200

void *uta_user_ptr(uint64_t va, uint64_t len, bool write)
{
	return uta_va_ptr(&img, params, va, len, write, NULL);
}

bool uta_user_shared(uint64_t va, uint64_t len)
{
	const struct ta_param *memref = NULL;
	return uta_va_ptr(&img, params, va, len, false, &memref) && memref;
}

static void ta_space_init(void)
{
	memset(&img, 0, sizeof(img));
	img.nsegs = 2;
	img.seg[0] = (struct uta_seg){TA_RO_VA, TA_RO_SIZE, ta_ro, 1, false, true};
	img.seg[1] = (struct uta_seg){TA_RW_VA, TA_RW_SIZE, ta_rw, TA_RW_SIZE / PAGE, true, false};
	memset(params, 0, sizeof(params));
	params[0].type = TA_PARAM_MEMREF_INPUT;
	params[0].u.memref.buf = memref_in;
	params[0].u.memref.size = MEMREF_IN_SIZE;
	params[1].type = TA_PARAM_MEMREF_OUTPUT;
	params[1].u.memref.buf = memref_out;
	params[1].u.memref.size = MEMREF_OUT_SIZE;
	params[2].type = TA_PARAM_VALUE_INPUT;
}

void uta_kill_current(const char *why, uint64_t a, uint64_t b)
{
	(void)why, (void)a, (void)b;
	longjmp(killed, 1);
}

/*
 * One key object, handle KEY_OBJECT (tee/crypto_sys.c has the real ones): its attribute
 * blob is up to TZV_ST_META_MAX bytes of the input, as the kernel's key objects fill the
 * buffer storage hands them. Any other handle is no key object.
 */
#define KEY_OBJECT 7u
bool crypto_key_for_storage(const void *owner, uint32_t handle, uint32_t *type, uint32_t *obj_size,
			    uint32_t *max_size, uint32_t *usage, uint8_t *meta, uint32_t *meta_len)
{
	(void)owner;
	if (handle != KEY_OBJECT)
		return false;
	*type = 0xa0000010u; /* TEE_TYPE_AES */
	*obj_size = *max_size = 256;
	*usage = fin_u32(&in);
	*meta_len = fin_u16(&in) % (TZV_ST_META_MAX + 1);
	fin_bytes(&in, meta, *meta_len);
	return true;
}

/* ---- the fake tee-supplicant ---- */
#define NFILES 10
#define FILE_CAP 40000
struct ffile {
	bool used;
	char name[128];
	uint8_t data[FILE_CAP];
	size_t len;
};
static struct ffile files[NFILES], saved[2];
static int fds[8];
static unsigned dir_pos;
static char dir_name[128];

static struct ffile *ffind(const char *name)
{
	for (unsigned i = 0; i < NFILES; i++)
		if (files[i].used && !strcmp(files[i].name, name))
			return &files[i];
	return NULL;
}

static void *shm(uint64_t off, uint64_t len)
{
	if (off > SHM_MAX || len > SHM_MAX - off)
		return NULL;
	return ram + (SHM_PA - RAM_BASE) + off;
}

/* A path the kernel wrote into the shared buffer (NUL-terminated within its size). */
static bool shm_path(const struct optee_msg_param *p, char out[128])
{
	const char *s = shm(p->u.rmem.offs, p->u.rmem.size);
	if (!s || p->u.rmem.size == 0 || p->u.rmem.size > 128 || s[p->u.rmem.size - 1])
		return false;
	memcpy(out, s, p->u.rmem.size);
	return true;
}

static struct ffile *fd_file(uint64_t fd)
{
	if (fd >= 8 || !fds[fd])
		return NULL;
	return &files[fds[fd] - 1];
}

static uint32_t fs(struct optee_msg_param *p, unsigned n)
{
	char name[128], to[128];
	struct ffile *f;
	uint8_t lie = (supplicant_lies & 1) ? fin_u8(&in) : 0;

	if (lie == 0xf0)
		return TEEC_ERROR_GENERIC;
	if (lie == 0xf1)
		return TEEC_ERROR_ITEM_NOT_FOUND;
	if (lie == 0xf2)
		return 0xffff0003u; /* ACCESS_CONFLICT */
	switch (p[0].u.value.a) {
	case 0: /* OPEN */
	case 1: /* CREATE */
		if (n != 3 || !shm_path(&p[1], name))
			return TEEC_ERROR_BAD_PARAMETERS;
		f = ffind(name);
		if (p[0].u.value.a == 1 && !f) {
			for (unsigned i = 0; i < NFILES && !f; i++)
				if (!files[i].used) {
					f = &files[i];
					f->used = true;
					strcpy(f->name, name);
				}
			if (!f)
				return TEEC_ERROR_OUT_OF_MEMORY;
		}
		if (!f)
			return TEEC_ERROR_ITEM_NOT_FOUND;
		if (p[0].u.value.a == 1)
			f->len = 0;
		for (unsigned i = 0; i < 8; i++)
			if (!fds[i]) {
				fds[i] = (int)(f - files) + 1;
				p[2].u.value.a = lie == 0xf3 ? fin_u64(&in) : i;
				return TEEC_SUCCESS;
			}
		return TEEC_ERROR_OUT_OF_MEMORY;
	case 2: /* CLOSE */
		if (p[0].u.value.b < 8)
			fds[p[0].u.value.b] = 0;
		return TEEC_SUCCESS;
	case 3: { /* READ */
		f = fd_file(p[0].u.value.b);
		if (!f || n != 2)
			return TEEC_ERROR_BAD_PARAMETERS;
		uint64_t off = p[0].u.value.c, want = p[1].u.rmem.size;
		uint64_t got = off < f->len ? (f->len - off < want ? f->len - off : want) : 0;
		uint8_t *dst = shm(p[1].u.rmem.offs, got);
		if (!dst)
			return TEEC_ERROR_BAD_PARAMETERS;
		memcpy(dst, f->data + off, got);
		p[1].u.rmem.size = lie == 0xf4 ? fin_small(&in, 0) : got;
		if (lie == 0xf7) { /* the file changes right after: the next read of it differs */
			uint8_t how = fin_u8(&in) % 3;
			if (how == 0 && f->len)
				f->data[fin_u16(&in) % f->len] ^= 0x40;
			else if (how == 1)
				f->len = fin_u16(&in) % FILE_CAP;
			else
				f->len = f->len ? fin_u16(&in) % f->len : 0;
		}
		return TEEC_SUCCESS;
	}
	case 4: { /* WRITE */
		f = fd_file(p[0].u.value.b);
		uint64_t off = p[0].u.value.c, len = p[1].u.rmem.size;
		const uint8_t *src = shm(p[1].u.rmem.offs, len);
		if (!f || n != 2 || !src || off > FILE_CAP || len > FILE_CAP - off)
			return TEEC_ERROR_BAD_PARAMETERS;
		if (lie == 0xf5) /* the power goes halfway through */
			len /= 2;
		memcpy(f->data + off, src, len);
		if (off + len > f->len)
			f->len = off + len;
		return lie == 0xf5 ? TEEC_ERROR_COMMUNICATION : TEEC_SUCCESS;
	}
	case 6: /* REMOVE */
		if (n < 2 || !shm_path(&p[1], name))
			return TEEC_ERROR_BAD_PARAMETERS;
		f = ffind(name);
		if (!f)
			return TEEC_ERROR_ITEM_NOT_FOUND;
		f->used = false;
		return TEEC_SUCCESS;
	case 7: { /* RENAME */
		if (n != 3 || !shm_path(&p[1], name) || !shm_path(&p[2], to))
			return TEEC_ERROR_BAD_PARAMETERS;
		struct ffile *from = ffind(name), *dst = ffind(to);
		if (!from)
			return TEEC_ERROR_ITEM_NOT_FOUND;
		if (dst && !p[0].u.value.b)
			return 0xffff0003u;
		if (dst && dst != from)
			dst->used = false;
		strcpy(from->name, to);
		return TEEC_SUCCESS;
	}
	case 8: /* OPENDIR */
		if (n != 3 || !shm_path(&p[1], dir_name))
			return TEEC_ERROR_BAD_PARAMETERS;
		dir_pos = 0;
		p[2].u.value.a = 5;
		return TEEC_SUCCESS;
	case 9: /* CLOSEDIR */
		return TEEC_SUCCESS;
	case 10: /* READDIR */
		if (n < 2)
			return TEEC_ERROR_BAD_PARAMETERS;
		if (lie == 0xf6) { /* any bytes as a name */
			uint64_t l = fin_u8(&in), cap = p[1].u.rmem.size;
			uint8_t *dst = shm(p[1].u.rmem.offs, cap);
			if (!dst)
				return TEEC_ERROR_BAD_PARAMETERS;
			uint8_t tmp[256];
			fin_bytes(&in, tmp, l);
			memcpy(dst, tmp, l < cap ? l : cap);
			p[1].u.rmem.size = fin_u8(&in) < 0x80 ? l : fin_u64(&in);
			return TEEC_SUCCESS;
		}
		while (dir_pos < NFILES) {
			f = &files[dir_pos++];
			size_t dl = strlen(dir_name);
			if (!f->used || strncmp(f->name, dir_name, dl) || f->name[dl] != '/')
				continue;
			const char *base = f->name + dl + 1;
			uint64_t l = strlen(base) + 1;
			uint8_t *dst = shm(p[1].u.rmem.offs, l);
			if (!dst || l > p[1].u.rmem.size)
				return TEEC_ERROR_SHORT_BUFFER;
			memcpy(dst, base, l);
			p[1].u.rmem.size = l;
			return TEEC_SUCCESS;
		}
		return TEEC_ERROR_ITEM_NOT_FOUND;
	}
	return TEEC_ERROR_NOT_SUPPORTED;
}

bool rpc_alloc(uint64_t size, struct rpc_shm *out)
{
	if ((supplicant_lies & 2) && fin_u8(&in) == 0xff)
		return false;
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
	FUZZ_ASSERT(arg->pa == ARG_PA && n <= TEE_RPC_ARG_PARAMS);
	switch (cmd) {
	case OPTEE_RPC_CMD_SHM_ALLOC: {
		uint64_t size = p[0].u.value.b;
		uint8_t how = (supplicant_lies & 4) ? fin_u8(&in) % 8 : 0;
		p[0].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
		p[0].u.tmem.size = size;
		p[0].u.tmem.buf_ptr = SHM_PA;
		p[0].u.tmem.shm_ref = 77;
		if (how == 1) /* outside the VM's RAM */
			p[0].u.tmem.buf_ptr = RAM_BASE + RAM_SIZE - PAGE;
		else if (how == 2) /* smaller than asked */
			p[0].u.tmem.size = size / 2;
		else if (how == 3) /* none */
			return TEEC_ERROR_OUT_OF_MEMORY;
		else if (how == 4) /* the wrong kind of answer */
			p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT;
		else if (how == 5 ||
			 how == 6) { /* the same pages as a page list (6: one bad entry) */
			uint64_t np = (size + PAGE - 1) / PAGE;
			for (uint64_t i = 0; i < np && i < 511; i++) {
				uint64_t e = SHM_PA + i * PAGE;
				if (how == 6 && i == np - 1)
					e = RAM_BASE + RAM_SIZE;
				memcpy(ram + (LIST_PA - RAM_BASE) + i * 8, &e, 8);
			}
			p[0].attr |= OPTEE_MSG_ATTR_NONCONTIG;
			p[0].u.tmem.buf_ptr = LIST_PA;
		} else if (how == 7) {
			p[0].u.tmem.buf_ptr = fin_u64(&in);
		}
		if (size > SHM_MAX && p[0].u.tmem.buf_ptr == SHM_PA)
			p[0].u.tmem.buf_ptr = RAM_BASE + RAM_SIZE; /* does not fit: outside */
		return TEEC_SUCCESS;
	}
	case OPTEE_RPC_CMD_SHM_FREE:
		return TEEC_SUCCESS;
	case OPTEE_RPC_CMD_FS:
		return fs(p, n);
	}
	return TEEC_ERROR_NOT_SUPPORTED;
}

/* ---- the TA side ---- */
static const uint8_t uuids[2][16] = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
				     {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}};
static int owners[2];

/* A TA pointer: mostly a good one, sometimes just outside, read-only, in a memref or anything. */
static uint64_t ta_ptr(uint64_t good)
{
	uint8_t sel = fin_u8(&in);
	if (sel < 0xc0)
		return good;
	if (sel < 0xd0)
		return TA_RW_VA + TA_RW_SIZE - (fin_u8(&in) % 16);
	if (sel < 0xe0)
		return TA_RO_VA + fin_u16(&in) % (TA_RO_SIZE + 16);
	if (sel < 0xf0)
		return UTA_MEMREF_VA + (fin_u8(&in) % 4) * UTA_MEMREF_STRIDE +
		       fin_u16(&in) % (MEMREF_OUT_SIZE + 16);
	return fin_u64(&in);
}

/* An object id at ID_VA: one of four short ones, or any bytes. */
static uint64_t put_id(void)
{
	uint8_t sel = fin_u8(&in);
	uint64_t len;
	if (sel < 0xe0) {
		ta_rw[ID_VA - TA_RW_VA] = 'a' + sel % 4;
		len = 1;
	} else {
		len = fin_u8(&in) % 72;
		fin_bytes(&in, ta_rw + (ID_VA - TA_RW_VA), len);
	}
	return len;
}

/* Up to 24 KiB: past the shared buffer's first size (tee/storage_int.h, SHM_FILE_INIT). */
static uint64_t data_len(void)
{
	uint64_t l = fin_small(&in, 0x6000);
	if (l < TA_RW_SIZE - (DATA_VA - TA_RW_VA) && (fin_u8(&in) & 1))
		fin_bytes(&in, ta_rw + (DATA_VA - TA_RW_VA), l > 64 ? 64 : l);
	return l;
}

static uint32_t flags(void)
{
	static const uint32_t common[] = {0x7, 0x1, 0x2, 0x17, 0x37, 0x407, 0x33, 0x4};
	uint8_t sel = fin_u8(&in);
	return sel < 0xf0 ? common[sel % 8] : fin_u32(&in);
}

static uint64_t handle(void)
{
	uint8_t sel = fin_u8(&in);
	return sel < 0xf0 ? sel % 18 : fin_u64(&in);
}

static void syscall_op(unsigned op, int who)
{
	const void *owner = &owners[who];
	const uint8_t *uuid = uuids[who];
	uint64_t a1 = 0, a2 = 0, a3 = 0, a4 = 0;

	switch (op) {
	case TZV_ST_OPEN: {
		struct tzv_st_open *a = (void *)(ta_rw + (ARGS_VA - TA_RW_VA));
		memset(a, 0, sizeof(*a));
		a->storage_id = fin_u8(&in) < 0xf0 ? 1 : fin_u32(&in);
		a->flags = flags();
		a->id_len = put_id();
		a->id = ta_ptr(ID_VA);
		a1 = ta_ptr(ARGS_VA);
		break;
	}
	case TZV_ST_CREATE: {
		struct tzv_st_create *a = (void *)(ta_rw + (ARGS_VA - TA_RW_VA));
		memset(a, 0, sizeof(*a));
		a->storage_id = fin_u8(&in) < 0xf0 ? 1 : fin_u32(&in);
		a->flags = flags();
		a->id_len = put_id();
		a->id = ta_ptr(ID_VA);
		a->data_len = data_len();
		a->data = ta_ptr(DATA_VA);
		a->meta_len = fin_u8(&in) < 0xc0 ? 0 : fin_small(&in, 0x1100);
		/* a TA names no attributes (they come from a key object): mostly none */
		a->meta = fin_u8(&in) < 0xe0 ? 0 : ta_ptr(DATA_VA + 0x100);
		a->type = fin_u8(&in) < 0xf0 ? 0xa00000bf : fin_u32(&in);
		a->obj_size = fin_u8(&in);
		a->max_size = fin_u8(&in);
		a->usage = fin_u32(&in);
		a->want_handle = fin_u8(&in) & 1;
		a->key_object = fin_u8(&in) < 0xe0 ? 0 : fin_u8(&in) % 9;
		a1 = ta_ptr(ARGS_VA);
		break;
	}
	case TZV_ST_READ:
		a1 = handle();
		a3 = data_len();
		a2 = ta_ptr(DATA_VA);
		a4 = ta_ptr(ARGS_VA);
		break;
	case TZV_ST_WRITE:
		a1 = handle();
		a3 = data_len();
		a2 = ta_ptr(DATA_VA);
		break;
	case TZV_ST_TRUNCATE:
		a1 = handle();
		a2 = fin_small(&in, 0x9000);
		break;
	case TZV_ST_SEEK:
		a1 = handle();
		a2 = fin_u8(&in) < 0xc0 ? (uint64_t)(int64_t)(int16_t)fin_u16(&in) : fin_u64(&in);
		a3 = fin_u8(&in) % 4;
		break;
	case TZV_ST_RENAME:
		a1 = handle();
		a3 = put_id();
		a2 = ta_ptr(ID_VA);
		break;
	case TZV_ST_INFO:
	case TZV_ST_GET_META:
		a1 = handle();
		a2 = ta_ptr(DATA_VA);
		a3 = fin_small(&in, 0x1100);
		break;
	case TZV_ST_ENUM_ALLOC:
		a1 = ta_ptr(ARGS_VA);
		break;
	case TZV_ST_ENUM_START:
		a1 = fin_u8(&in) % 6;
		a2 = fin_u8(&in) < 0xf0 ? 1 : fin_u32(&in);
		break;
	case TZV_ST_ENUM_NEXT:
		a1 = fin_u8(&in) % 6;
		a2 = ta_ptr(ARGS_VA);
		a3 = ta_ptr(ID_VA);
		a4 = ta_ptr(ARGS_VA + 0x100);
		break;
	default: /* CLOSE, DELETE, ENUM_FREE/RESET, RESTRICT, or any operation number */
		a1 = op >= TZV_ST_ENUM_FREE && op != TZV_ST_RESTRICT ? fin_u8(&in) % 6 : handle();
		a2 = fin_u64(&in);
		break;
	}
	if (setjmp(killed)) {
		FUZZ_LOG("TA %d storage op %u: TA ended\n", who, op);
		storage_release(owner); /* the TA instance ended (tee/uta.c) */
		return;
	}
	uint32_t r = storage_syscall(owner, uuid, op, a1, a2, a3, a4);
	FUZZ_LOG("TA %d storage op %u (0x%llx, 0x%llx, 0x%llx): 0x%x, %u pages free\n", who, op,
		 (unsigned long long)a1, (unsigned long long)a2, (unsigned long long)a3, r,
		 pages_free_count());
}

/* The normal world changes its files between calls. */
static void tamper(void)
{
	struct ffile *f = &files[fin_u8(&in) % NFILES];
	switch (fin_u8(&in) % 7) {
	case 0: /* flip a byte */
		if (f->len)
			f->data[fin_u16(&in) % f->len] ^= (uint8_t)(1u << (fin_u8(&in) % 8));
		break;
	case 1: /* cut */
		f->len = f->len ? fin_u16(&in) % f->len : 0;
		break;
	case 2: { /* write bytes anywhere (the file may grow) */
		uint64_t off = fin_u16(&in) % FILE_CAP, len = fin_u8(&in);
		if (len > FILE_CAP - off)
			len = FILE_CAP - off;
		fin_bytes(&in, f->data + off, len);
		if (off + len > f->len)
			f->len = off + len;
		break;
	}
	case 3: /* keep a copy */
		saved[fin_u8(&in) & 1] = *f;
		break;
	case 4: { /* put a copy back (a rollback) */
		struct ffile *s = &saved[fin_u8(&in) & 1];
		if (s->used)
			*f = *s;
		break;
	}
	case 5: { /* swap two files' contents */
		struct ffile *g = &files[fin_u8(&in) % NFILES];
		static struct ffile t;
		if (f != g && f->used && g->used) {
			t = *f;
			memcpy(f->data, g->data, g->len);
			f->len = g->len;
			memcpy(g->data, t.data, t.len);
			g->len = t.len;
		}
		break;
	}
	case 6: /* delete */
		f->used = false;
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in.p = data;
	in.n = size;
	if (!ram) {
		ram = malloc(RAM_SIZE);
		ta_rw = malloc(TA_RW_SIZE);
		ta_ro = malloc(TA_RO_SIZE);
		pool = aligned_alloc(PAGE, POOL_PAGES * PAGE);
		memref_in = malloc(MEMREF_IN_SIZE);
		memref_out = malloc(MEMREF_OUT_SIZE);
	}
	ta_space_init();
	memset(ram, 0, RAM_SIZE);
	memset(ta_rw, 0x11, TA_RW_SIZE);
	memset(ta_ro, 0x22, TA_RO_SIZE);
	nw_set_range(RAM_BASE, RAM_SIZE);
	nw_host_bias = (uintptr_t)ram - (uintptr_t)RAM_BASE;
	for (unsigned i = 0; i < NFILES; i++)
		files[i].used = false;
	saved[0].used = saved[1].used = false;
	memset(fds, 0, sizeof(fds));
	counter = fin_u8(&in) < 0xf0 ? 0 : fin_u8(&in);
	supplicant_lies = fin_u8(&in);
	pages_init((uintptr_t)pool, POOL_PAGES * PAGE);
	unsigned total = pages_free_count();
	storage_reset();

	for (unsigned step = 0; step < 40 && in.n; step++) {
		uint8_t op = fin_u8(&in);
		if (op < 0xc0)
			syscall_op(op % 16, op >> 7);
		else if (op < 0xe8)
			tamper();
		else if (op < 0xf8) {
			/* the instance restarts: its TAs end, its pages come back, nothing is known
			 */
			storage_release(&owners[0]);
			storage_release(&owners[1]);
			FUZZ_ASSERT(pages_free_count() == total);
			storage_reset();
			memset(fds, 0, sizeof(fds));
		} else {
			syscall_op(fin_u8(&in), op & 1);
		}
	}
	storage_release(&owners[0]);
	storage_release(&owners[1]);
	FUZZ_ASSERT(pages_free_count() == total);
	return 0;
}
