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
 */
#include <lib/string.h>
#include <mbedtls/gcm.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/ta_storage_abi.h>
#include "crypto.h"
#include "storage.h"
#include "tee.h"

/* GP values (tee_api_defines.h) */
#define TEE_ERROR_CORRUPT_OBJECT 0xf0100001u
#define TEE_ERROR_STORAGE_NOT_AVAILABLE 0xf0100003u
#define TEE_ERROR_ACCESS_CONFLICT 0xffff0003u
#define TEE_ERROR_OVERFLOW 0xffff300fu
#define TEE_ERROR_STORAGE_NO_SPACE 0xffff3041u
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

/* OPTEE_RPC_CMD_FS sub-commands (optee_rpc_cmd.h) */
#define FS_OPEN 0
#define FS_CREATE 1
#define FS_CLOSE 2
#define FS_READ 3
#define FS_WRITE 4
#define FS_TRUNCATE 5
#define FS_REMOVE 6
#define FS_RENAME 7
#define FS_OPENDIR 8
#define FS_CLOSEDIR 9
#define FS_READDIR 10

/* ---- file format ---- */
#define FILE_MAGIC "TZSO"
#define FILE_FORMAT 1
#define NONCE_LEN 12
#define TAG_LEN 16
#define NAME_LEN 16 /* bytes of HMAC in a file name */

struct file_hdr {
	char magic[4];
	uint16_t format;
	uint16_t hdr_len;
	uint64_t version;
	uint8_t nonce[NONCE_LEN];
	uint32_t body_len;
	uint8_t reserved[8];
};
_Static_assert(sizeof(struct file_hdr) == 40, "file header layout");

struct body_fixed {
	uint32_t type, obj_size, max_size, usage;
	uint32_t id_len, meta_len, data_len, reserved;
};
#define BODY_MAX (sizeof(struct body_fixed) + TZV_ST_ID_MAX + TZV_ST_META_MAX + TZV_ST_DATA_MAX)
#define FILE_MAX (sizeof(struct file_hdr) + BODY_MAX + TAG_LEN)

/* ---- limits ---- */
#define ST_OBJS 8
#define ST_HANDLES 16
#define ST_ENUMS 4
#define ST_ENUM_NAMES 32
#define ST_SEEN 256

/* ---- shared memory layout for the FS RPCs ---- */
#define SHM_NAME0 0
#define SHM_NAME1 128
#define SHM_FILE 256
#define SHM_SIZE (SHM_FILE + FILE_MAX)
#define SHM_PAGES (SHM_SIZE / TEE_PAGE + 2)

struct ta_keys {
	uint8_t uuid[16];
	uint8_t enc[32];
	uint8_t name[32];
};

struct sobj {
	bool used;
	uint8_t uuid[16];
	uint8_t name[NAME_LEN];
	uint8_t id[TZV_ST_ID_MAX];
	uint32_t id_len;
	unsigned refs;
	uint64_t version;
	uint32_t type, obj_size, max_size, usage;
	uint32_t meta_len;
	uint64_t data_len;
	uint8_t *meta;
	unsigned meta_pages;
	uint8_t *data;
	unsigned data_pages;
};

struct shandle {
	bool used;
	const void *owner;
	struct sobj *o;
	uint32_t flags;
	uint64_t pos;
};

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

/* What the instance knows of an object it has seen: rollback and deletion detection. */
struct seen {
	bool used, deleted;
	uint8_t uuid[16];
	uint8_t name[NAME_LEN];
	uint64_t version;
	uint32_t stamp;
};

static struct sobj objs[ST_OBJS];
static struct shandle handles[ST_HANDLES];
static struct senum enums[ST_ENUMS];
static struct seen seen[ST_SEEN];
static uint32_t seen_clock;
static uint8_t instance_key[32];
static bool have_key;
static uint64_t nonce_counter;

/* The persistent rollback table's state (table_ready). */
enum table_state { TABLE_UNLOADED, TABLE_OK, TABLE_BROKEN };
static enum table_state table_state;
static uint64_t table_version; /* = the monitor's counter once loaded */
static uint32_t table_ready(void);

static void wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;
	while (n--)
		*v++ = 0;
}

/* ---- keys and names ---- */

static const char hkdf_salt[] = "tzvisor-storage-v1";

static int derive(const uint8_t uuid[16], const char *label, uint8_t out[32])
{
	uint8_t info[32];
	size_t l = strlen(label);
	memcpy(info, label, l);
	memcpy(info + l, uuid, 16);
	return mbedtls_hkdf(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
			    (const uint8_t *)hkdf_salt, sizeof(hkdf_salt) - 1, instance_key,
			    sizeof(instance_key), info, l + 16, out, 32);
}

static uint32_t ta_keys(const uint8_t uuid[16], struct ta_keys *k)
{
	if (!have_key) {
		if (tee_instance_key(TZV_KEY_PURPOSE_STORAGE, instance_key) != 0) {
			tee_log("storage: no instance storage key (no device secret)");
			return TEE_ERROR_STORAGE_NOT_AVAILABLE;
		}
		have_key = true;
	}
	uint32_t r = table_ready();
	if (r != TEEC_SUCCESS)
		return r;
	memcpy(k->uuid, uuid, 16);
	if (derive(uuid, "object-key", k->enc) || derive(uuid, "object-name", k->name)) {
		wipe(k, sizeof(*k));
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	return TEEC_SUCCESS;
}

static int object_name(const struct ta_keys *k, const uint8_t *id, uint32_t id_len,
		       uint8_t name[NAME_LEN])
{
	uint8_t mac[32];
	int r = mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), k->name,
				sizeof(k->name), id, id_len, mac);
	memcpy(name, mac, NAME_LEN);
	return r;
}

static const char hexd[] = "0123456789abcdef";

/* "<uuid>/<name hex>" or "<uuid>/.<name hex>.new"; "<uuid>" alone when name is NULL. */
static void make_path(char *out, const uint8_t uuid[16], const uint8_t *name, bool temp)
{
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hexd[uuid[i] >> 4];
		*p++ = hexd[uuid[i] & 15];
	}
	if (name) {
		*p++ = '/';
		if (temp)
			*p++ = '.';
		for (int i = 0; i < NAME_LEN; i++) {
			*p++ = hexd[name[i] >> 4];
			*p++ = hexd[name[i] & 15];
		}
		if (temp) {
			memcpy(p, ".new", 4);
			p += 4;
		}
	}
	*p = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A directory entry that is one of our object files: 32 lowercase hex digits. */
static bool parse_name(const char *s, uint8_t name[NAME_LEN])
{
	for (int i = 0; i < NAME_LEN; i++) {
		int h = hexval(s[2 * i]), l = hexval(s[2 * i + 1]);
		if (h < 0 || l < 0)
			return false;
		name[i] = (uint8_t)(h << 4 | l);
	}
	return s[2 * NAME_LEN] == '\0';
}

/* ---- the REE FS RPC ---- */

struct fs {
	bool ready;
	struct rpc_shm arg;
	uint64_t cookie;
	struct nwbuf buf;
	uint64_t pages[SHM_PAGES];
};

static void fs_end(struct fs *c)
{
	if (!c->ready)
		return;
	rpc_shm_free(&c->arg, c->cookie);
	rpc_free(&c->arg);
	c->ready = false;
}

/* RPC argument memory and a shared buffer from tee-supplicant for this syscall. */
static uint32_t fs_begin(struct fs *c)
{
	memset(c, 0, sizeof(*c));
	if (!rpc_alloc(OPTEE_MSG_GET_ARG_SIZE(TEE_RPC_ARG_PARAMS), &c->arg))
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	bool allocated;
	uint32_t r =
	    rpc_shm_alloc(&c->arg, SHM_SIZE, c->pages, SHM_PAGES, &c->cookie, &c->buf, &allocated);
	if (!allocated) {
		rpc_free(&c->arg);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	c->ready = true;
	if (r != TEEC_SUCCESS) {
		tee_log("storage: unusable shared memory from the normal world");
		fs_end(c);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	return TEEC_SUCCESS;
}

static void p_value(struct optee_msg_param *p, uint32_t type, uint64_t a, uint64_t b, uint64_t c)
{
	p->attr = type;
	p->u.value.a = a;
	p->u.value.b = b;
	p->u.value.c = c;
}

static void p_rmem(struct optee_msg_param *p, uint32_t type, const struct fs *c, uint64_t off,
		   uint64_t size)
{
	p->attr = type;
	p->u.rmem.offs = off;
	p->u.rmem.size = size;
	p->u.rmem.shm_ref = c->cookie;
}

/* Writes a path into the name slot at off; its size with the NUL. */
static uint64_t put_name(struct fs *c, uint64_t off, const char *path)
{
	uint64_t n = strlen(path) + 1;
	if (nwbuf_write(&c->buf, off, path, n))
		return 0;
	return n;
}

/* Supplicant answers: not found stays, anything else unusable is "not available". */
static uint32_t fs_result(uint32_t r)
{
	if (r == TEEC_SUCCESS || r == TEEC_ERROR_ITEM_NOT_FOUND || r == TEE_ERROR_ACCESS_CONFLICT)
		return r;
	return TEE_ERROR_STORAGE_NOT_AVAILABLE;
}

static uint32_t fs_open(struct fs *c, const char *path, bool create, uint64_t *fd)
{
	struct optee_msg_param p[3];
	memset(p, 0, sizeof(p));
	uint64_t n = put_name(c, SHM_NAME0, path);
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, create ? FS_CREATE : FS_OPEN, 0, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, c, SHM_NAME0, n);
	p_value(&p[2], OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0);
	uint32_t r = fs_result(rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, p, 3));
	*fd = p[2].u.value.a;
	return r;
}

static void fs_close(struct fs *c, uint64_t fd)
{
	struct optee_msg_param p;
	memset(&p, 0, sizeof(p));
	p_value(&p, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_CLOSE, fd, 0);
	rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, &p, 1);
}

/* Reads up to FILE_MAX bytes from offset 0 into the shared buffer. */
static uint32_t fs_read_all(struct fs *c, uint64_t fd, uint64_t *got)
{
	struct optee_msg_param p[2];
	memset(p, 0, sizeof(p));
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_READ, fd, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, c, SHM_FILE, FILE_MAX);
	uint32_t r = fs_result(rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, p, 2));
	*got = p[1].u.rmem.size;
	if (r == TEEC_SUCCESS && *got > FILE_MAX)
		r = TEE_ERROR_STORAGE_NOT_AVAILABLE;
	return r;
}

static uint32_t fs_write_all(struct fs *c, uint64_t fd, uint64_t len)
{
	struct optee_msg_param p[2];
	memset(p, 0, sizeof(p));
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_WRITE, fd, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, c, SHM_FILE, len);
	return fs_result(rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, p, 2));
}

static uint32_t fs_remove(struct fs *c, const char *path)
{
	struct optee_msg_param p[2];
	memset(p, 0, sizeof(p));
	uint64_t n = put_name(c, SHM_NAME0, path);
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_REMOVE, 0, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, c, SHM_NAME0, n);
	return fs_result(rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, p, 2));
}

static uint32_t fs_rename(struct fs *c, const char *from, const char *to, bool overwrite)
{
	struct optee_msg_param p[3];
	memset(p, 0, sizeof(p));
	uint64_t n0 = put_name(c, SHM_NAME0, from), n1 = put_name(c, SHM_NAME1, to);
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_RENAME, overwrite, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, c, SHM_NAME0, n0);
	p_rmem(&p[2], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, c, SHM_NAME1, n1);
	return fs_result(rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, p, 3));
}

/* ---- sealing and opening files ---- */

struct seg {
	const uint8_t *p; /* NULL: zeros */
	uint64_t len;
};

/* GCM in 2.28 takes whole 16-byte blocks until the last update: feed it through a buffer. */
struct gstream {
	mbedtls_gcm_context gcm;
	uint8_t in[256], out[256];
	size_t fill;
	struct fs *c;
	uint64_t off; /* where the next output goes in the shared buffer (sealing) */
	uint8_t *dst; /* where the next output goes in private memory (opening) */
	int err;
};

static void gs_flush(struct gstream *g)
{
	if (!g->fill || g->err)
		return;
	if (mbedtls_gcm_update(&g->gcm, g->fill, g->in, g->out)) {
		g->err = 1;
		return;
	}
	if (g->dst) {
		memcpy(g->dst, g->out, g->fill);
		g->dst += g->fill;
	} else if (nwbuf_write(&g->c->buf, g->off, g->out, g->fill)) {
		g->err = 1;
	}
	g->off += g->fill;
	g->fill = 0;
}

static void gs_feed(struct gstream *g, const uint8_t *p, uint64_t len)
{
	while (len && !g->err) {
		size_t n = sizeof(g->in) - g->fill;
		if (n > len)
			n = (size_t)len;
		if (p) {
			memcpy(g->in + g->fill, p, n);
			p += n;
		} else {
			memset(g->in + g->fill, 0, n);
		}
		g->fill += n;
		len -= n;
		if (g->fill == sizeof(g->in))
			gs_flush(g);
	}
}

static size_t make_aad(uint8_t *aad, const struct file_hdr *h, const uint8_t uuid[16],
		       const uint8_t name[NAME_LEN])
{
	memcpy(aad, h, sizeof(*h));
	memcpy(aad + sizeof(*h), uuid, 16);
	memcpy(aad + sizeof(*h) + 16, name, NAME_LEN);
	return sizeof(*h) + 16 + NAME_LEN;
}

#ifdef __aarch64__
#include <lib/sysreg.h>
static bool rndr(uint64_t *v)
{
	if (((read_sysreg(id_aa64isar0_el1) >> 60) & 0xf) == 0)
		return false;
	for (int i = 0; i < 16; i++) {
		uint64_t x, nzcv;
		__asm__ volatile("mrs %0, s3_3_c2_c4_0\n\tmrs %1, nzcv" : "=r"(x), "=r"(nzcv));
		if (!(nzcv & (1ull << 30))) {
			*v = x;
			return true;
		}
	}
	return false;
}

static uint64_t clock_now(void)
{
	return read_sysreg(cntvct_el0);
}
#else
/* The host unit tests (tests/unit/test_storage.c): no RNDR, no counter. */
static bool rndr(uint64_t *v)
{
	(void)v;
	return false;
}

static uint64_t clock_now(void)
{
	return 0;
}
#endif

/* A fresh GCM nonce: RNDR, or (said once) the counter and the time hashed with the key. */
static void make_nonce(uint8_t nonce[NONCE_LEN], const struct ta_keys *k)
{
	uint64_t a, b;
	nonce_counter++;
	if (rndr(&a) && rndr(&b)) {
		memcpy(nonce, &a, 8);
		memcpy(nonce + 8, &b, 4);
		return;
	}
	static bool said;
	if (!said)
		tee_log("storage: no RNDR, nonces from a counter and the clock");
	said = true;
	uint64_t in[2] = {nonce_counter, clock_now()};
	uint8_t mac[32];
	mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), k->enc, 32,
			(const uint8_t *)in, sizeof(in), mac);
	memcpy(nonce, mac, NONCE_LEN);
}

/* Seals fixed | segs into the shared buffer at SHM_FILE; *len = file bytes. */
static uint32_t seal(struct fs *c, const struct ta_keys *k, const uint8_t name[NAME_LEN],
		     uint64_t version, const struct body_fixed *fixed, const struct seg *segs,
		     unsigned nsegs, uint64_t *len)
{
	struct file_hdr h;
	uint64_t body = sizeof(*fixed);
	for (unsigned i = 0; i < nsegs; i++)
		body += segs[i].len;
	if (body > BODY_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, FILE_MAGIC, 4);
	h.format = FILE_FORMAT;
	h.hdr_len = sizeof(h);
	h.version = version;
	h.body_len = (uint32_t)body;
	make_nonce(h.nonce, k);

	static struct gstream g;
	uint8_t aad[sizeof(h) + 16 + NAME_LEN], tag[TAG_LEN];
	size_t aad_len = make_aad(aad, &h, k->uuid, name);
	memset(&g, 0, sizeof(g));
	g.c = c;
	g.off = SHM_FILE + sizeof(h);
	mbedtls_gcm_init(&g.gcm);
	if (mbedtls_gcm_setkey(&g.gcm, MBEDTLS_CIPHER_ID_AES, k->enc, 256) ||
	    mbedtls_gcm_starts(&g.gcm, MBEDTLS_GCM_ENCRYPT, h.nonce, NONCE_LEN, aad, aad_len))
		g.err = 1;
	gs_feed(&g, (const uint8_t *)fixed, sizeof(*fixed));
	for (unsigned i = 0; i < nsegs; i++)
		gs_feed(&g, segs[i].p, segs[i].len);
	gs_flush(&g);
	if (!g.err && mbedtls_gcm_finish(&g.gcm, tag, TAG_LEN))
		g.err = 1;
	mbedtls_gcm_free(&g.gcm);
	int err = g.err;
	wipe(&g, sizeof(g));
	if (err || nwbuf_write(&c->buf, SHM_FILE, &h, sizeof(h)) ||
	    nwbuf_write(&c->buf, SHM_FILE + sizeof(h) + body, tag, TAG_LEN))
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	*len = sizeof(h) + body + TAG_LEN;
	return TEEC_SUCCESS;
}

/* A file opened and checked: its plaintext body in private pages. */
struct loaded {
	uint64_t version;
	struct body_fixed fixed;
	uint8_t *body;
	unsigned pages;
	const uint8_t *id, *meta, *data;
};

static void loaded_free(struct loaded *l)
{
	if (l->body)
		pages_free(l->body, l->pages);
	memset(l, 0, sizeof(*l));
}

static uint32_t corrupt(const char *why, const uint8_t name[NAME_LEN])
{
	tee_log("storage: object %02x%02x%02x%02x...: %s", name[0], name[1], name[2], name[3], why);
	return TEE_ERROR_CORRUPT_OBJECT;
}

/* A whole file into the file buffer: open, read, close. */
static uint32_t fs_read_file(struct fs *c, const char *path, uint64_t *got)
{
	uint64_t fd;
	uint32_t r = fs_open(c, path, false, &fd);
	if (r != TEEC_SUCCESS)
		return r;
	r = fs_read_all(c, fd, got);
	fs_close(c, fd);
	return r;
}

/*
 * Reads "<ta>/<name>" and checks it: format, tag (AAD: header, TA, name).
 * ITEM_NOT_FOUND when there is no such file, CORRUPT_OBJECT when it fails a
 * check, STORAGE_NOT_AVAILABLE when the normal world does not answer.
 */
static uint32_t load_file(struct fs *c, const struct ta_keys *k, const uint8_t name[NAME_LEN],
			  struct loaded *l)
{
	char path[80];
	uint64_t got;
	memset(l, 0, sizeof(*l));
	make_path(path, k->uuid, name, false);
	uint32_t r = fs_read_file(c, path, &got);
	if (r != TEEC_SUCCESS)
		return r;

	struct file_hdr h;
	if (got < sizeof(h) + sizeof(struct body_fixed) + TAG_LEN)
		return corrupt("file too short", name);
	if (nwbuf_read(&c->buf, SHM_FILE, &h, sizeof(h)))
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	if (memcmp(h.magic, FILE_MAGIC, 4) || h.format != FILE_FORMAT || h.hdr_len != sizeof(h))
		return corrupt("not an object file of this format", name);
	if (h.body_len < sizeof(struct body_fixed) || h.body_len > BODY_MAX ||
	    got != sizeof(h) + h.body_len + TAG_LEN)
		return corrupt("sizes do not match", name);

	l->pages = (unsigned)((h.body_len + TEE_PAGE - 1) / TEE_PAGE);
	l->body = pages_alloc(l->pages);
	if (!l->body) {
		l->pages = 0;
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	static struct gstream g;
	uint8_t aad[sizeof(h) + 16 + NAME_LEN], tag[TAG_LEN], want[TAG_LEN];
	size_t aad_len = make_aad(aad, &h, k->uuid, name);
	memset(&g, 0, sizeof(g));
	g.dst = l->body;
	mbedtls_gcm_init(&g.gcm);
	if (mbedtls_gcm_setkey(&g.gcm, MBEDTLS_CIPHER_ID_AES, k->enc, 256) ||
	    mbedtls_gcm_starts(&g.gcm, MBEDTLS_GCM_DECRYPT, h.nonce, NONCE_LEN, aad, aad_len))
		g.err = 1;
	uint8_t chunk[256];
	for (uint64_t off = 0; off < h.body_len && !g.err;) {
		uint64_t n = h.body_len - off < sizeof(chunk) ? h.body_len - off : sizeof(chunk);
		if (nwbuf_read(&c->buf, SHM_FILE + sizeof(h) + off, chunk, n))
			g.err = 1;
		gs_feed(&g, chunk, n);
		off += n;
	}
	gs_flush(&g);
	if (!g.err && mbedtls_gcm_finish(&g.gcm, want, TAG_LEN))
		g.err = 1;
	mbedtls_gcm_free(&g.gcm);
	int err = g.err;
	wipe(&g, sizeof(g));
	if (!err && nwbuf_read(&c->buf, SHM_FILE + sizeof(h) + h.body_len, tag, TAG_LEN))
		err = 1;
	uint8_t diff = 0;
	for (int i = 0; i < TAG_LEN; i++)
		diff |= tag[i] ^ want[i];
	if (err || diff) {
		loaded_free(l);
		return corrupt("authentication failed (tampered, or not this TA's or VM's)", name);
	}
	memcpy(&l->fixed, l->body, sizeof(l->fixed));
	const struct body_fixed *f = &l->fixed;
	if (f->id_len == 0 || f->id_len > TZV_ST_ID_MAX || f->meta_len > TZV_ST_META_MAX ||
	    f->data_len > TZV_ST_DATA_MAX ||
	    sizeof(*f) + (uint64_t)f->id_len + f->meta_len + f->data_len != h.body_len) {
		loaded_free(l);
		return corrupt("bad body layout", name);
	}
	l->version = h.version;
	l->id = l->body + sizeof(*f);
	l->meta = l->id + f->id_len;
	l->data = l->meta + f->meta_len;
	return TEEC_SUCCESS;
}

/* ---- what the instance has seen ---- */

static struct seen *seen_find(const uint8_t uuid[16], const uint8_t name[NAME_LEN])
{
	for (unsigned i = 0; i < ST_SEEN; i++)
		if (seen[i].used && !memcmp(seen[i].uuid, uuid, 16) &&
		    !memcmp(seen[i].name, name, NAME_LEN))
			return &seen[i];
	return NULL;
}

static void seen_note(const uint8_t uuid[16], const uint8_t name[NAME_LEN], uint64_t version,
		      bool deleted)
{
	struct seen *s = seen_find(uuid, name);
	if (!s) {
		/* a free entry, else the least recently noted (that object loses its guard) */
		for (unsigned i = 0; i < ST_SEEN; i++)
			if (!s || !seen[i].used || (s->used && seen[i].stamp < s->stamp))
				s = &seen[i];
		if (s->used)
			tee_log("storage: rollback table full, forgetting an object");
		memset(s, 0, sizeof(*s));
		s->used = true;
		memcpy(s->uuid, uuid, 16);
		memcpy(s->name, name, NAME_LEN);
	}
	if (version >= s->version) {
		s->version = version;
		s->deleted = deleted;
	}
	s->stamp = ++seen_clock;
}

/* A copy of an object the instance deleted (put back, or left by a cut during the delete). */
static bool seen_deleted(const uint8_t uuid[16], const uint8_t name[NAME_LEN], uint64_t version)
{
	const struct seen *s = seen_find(uuid, name);
	return s && s->deleted && version <= s->version;
}

/*
 * An older copy than the instance has seen: refused. A file of an object it deleted is
 * not the object: ITEM_NOT_FOUND, so a power cut between the table write and the file's
 * removal leaves the object deleted, as a put-back copy does.
 */
static uint32_t seen_check(const uint8_t uuid[16], const uint8_t name[NAME_LEN], uint64_t version)
{
	const struct seen *s = seen_find(uuid, name);
	if (seen_deleted(uuid, name, version)) {
		tee_log(
		    "storage: object %02x%02x%02x%02x...: a file of the deleted object: ignored",
		    name[0], name[1], name[2], name[3]);
		return TEEC_ERROR_ITEM_NOT_FOUND;
	}
	if (s && version < s->version)
		return corrupt("older than the version last seen (rollback)", name);
	return TEEC_SUCCESS;
}

/*
 * ---- the persistent rollback table ----
 *
 * What the instance has seen (above) is also kept in one file, "tzvisor-rollback"
 * at the top of the storage directory, sealed with AES-256-GCM under a key derived
 * from the instance storage key. Its version must equal the instance's rollback
 * counter, which only the monitor can change (in secure flash, only upwards): an
 * older table (and with it older objects) put back while the machine is off is
 * refused. Every change writes the object, then the table at counter + 1, then
 * advances the counter; a table at counter + 1 is a change whose advance a power
 * cut stopped: accepted, and the counter advanced.
 */
#define TABLE_PATH "tzvisor-rollback"
#define TABLE_TEMP ".tzvisor-rollback.new"
#define TABLE_MAGIC "TZRT"
#define TABLE_FORMAT 1

struct table_hdr {
	char magic[4];
	uint16_t format;
	uint16_t hdr_len;
	uint64_t version;
	uint8_t nonce[NONCE_LEN];
	uint32_t count;
};
_Static_assert(sizeof(struct table_hdr) == 32, "table header layout");

struct table_entry {
	uint8_t uuid[16];
	uint8_t name[NAME_LEN];
	uint64_t version;
	uint32_t deleted;
	uint32_t reserved;
};
_Static_assert(sizeof(struct table_entry) == 48, "table entry layout");
#define TABLE_BODY_MAX (ST_SEEN * sizeof(struct table_entry))
#define TABLE_PAGES ((TABLE_BODY_MAX + TEE_PAGE - 1) / TEE_PAGE)
_Static_assert(sizeof(struct table_hdr) + TABLE_BODY_MAX + TAG_LEN <= FILE_MAX, "table size");

static const uint8_t table_key_context[16]; /* HKDF info: "rollback-table" || 16 zero bytes */

static uint32_t table_fail(const char *why)
{
	tee_log("storage: rollback table: %s: every object refused", why);
	table_state = TABLE_BROKEN;
	return TEE_ERROR_CORRUPT_OBJECT;
}

static uint32_t counter_advance(uint64_t value)
{
	uint64_t stored;
	uint64_t r = tee_rollback_counter(TZV_COUNTER_ADVANCE, value, &stored);
	if (r != TZV_COUNTER_OK) {
		tee_log("storage: rollback counter not advanced to %llu (%llu)",
			(unsigned long long)value, (unsigned long long)r);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	return TEEC_SUCCESS;
}

/* GCM of the table body (in private pages) with the header as AAD. */
static int table_crypt(int mode, struct table_hdr *h, const uint8_t *in, uint8_t *out, size_t len,
		       uint8_t tag[TAG_LEN])
{
	uint8_t key[32];
	mbedtls_gcm_context gcm;
	int err = derive(table_key_context, "rollback-table", key);
	mbedtls_gcm_init(&gcm);
	err = err ? err : mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256);
	if (!err && mode == MBEDTLS_GCM_ENCRYPT)
		err = mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, len, h->nonce, NONCE_LEN,
						(const uint8_t *)h, sizeof(*h), in, out, TAG_LEN,
						tag);
	else if (!err)
		err = mbedtls_gcm_auth_decrypt(&gcm, len, h->nonce, NONCE_LEN, (const uint8_t *)h,
					       sizeof(*h), tag, TAG_LEN, in, out);
	mbedtls_gcm_free(&gcm);
	wipe(key, sizeof(key));
	return err;
}

/* Reads and checks the table file: ITEM_NOT_FOUND, CORRUPT_OBJECT, NOT_AVAILABLE or success. */
static uint32_t table_read(struct fs *c, uint64_t *version)
{
	uint64_t got;
	uint32_t r = fs_read_file(c, TABLE_PATH, &got);
	if (r != TEEC_SUCCESS)
		return r;
	struct table_hdr h;
	if (got < sizeof(h) + TAG_LEN || nwbuf_read(&c->buf, SHM_FILE, &h, sizeof(h)))
		return TEE_ERROR_CORRUPT_OBJECT;
	if (memcmp(h.magic, TABLE_MAGIC, 4) || h.format != TABLE_FORMAT || h.hdr_len != sizeof(h) ||
	    h.count > ST_SEEN || got != sizeof(h) + h.count * sizeof(struct table_entry) + TAG_LEN)
		return TEE_ERROR_CORRUPT_OBJECT;
	size_t len = h.count * sizeof(struct table_entry);
	uint8_t tag[TAG_LEN];
	uint8_t *in = pages_alloc(TABLE_PAGES), *out = pages_alloc(TABLE_PAGES);
	r = TEE_ERROR_CORRUPT_OBJECT;
	if (!in || !out)
		r = TEEC_ERROR_OUT_OF_MEMORY;
	else if (nwbuf_read(&c->buf, SHM_FILE + sizeof(h), in, len) ||
		 nwbuf_read(&c->buf, SHM_FILE + sizeof(h) + len, tag, TAG_LEN))
		r = TEE_ERROR_STORAGE_NOT_AVAILABLE;
	else if (table_crypt(MBEDTLS_GCM_DECRYPT, &h, in, out, len, tag) == 0) {
		const struct table_entry *e = (const struct table_entry *)out;
		memset(seen, 0, sizeof(seen));
		for (uint32_t i = 0; i < h.count; i++) {
			seen[i].used = true;
			seen[i].deleted = e[i].deleted != 0;
			memcpy(seen[i].uuid, e[i].uuid, 16);
			memcpy(seen[i].name, e[i].name, NAME_LEN);
			seen[i].version = e[i].version;
			seen[i].stamp = i + 1;
		}
		seen_clock = h.count;
		*version = h.version;
		r = TEEC_SUCCESS;
	}
	if (out) {
		wipe(out, TABLE_PAGES * TEE_PAGE);
		pages_free(out, TABLE_PAGES);
	}
	if (in)
		pages_free(in, TABLE_PAGES);
	return r;
}

/* Loads the table once per instance start; while it is missing or old, nothing is served. */
static uint32_t table_ready(void)
{
	if (table_state == TABLE_OK)
		return TEEC_SUCCESS;
	uint64_t counter;
	if (tee_rollback_counter(TZV_COUNTER_READ, 0, &counter) != TZV_COUNTER_OK) {
		tee_log("storage: no rollback counter from the monitor");
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	struct fs c;
	uint64_t version = 0;
	uint32_t r = fs_begin(&c);
	if (r != TEEC_SUCCESS)
		return r;
	r = table_read(&c, &version);
	fs_end(&c);
	if (r == TEE_ERROR_STORAGE_NOT_AVAILABLE || r == TEEC_ERROR_OUT_OF_MEMORY)
		return r;
	if (r != TEEC_SUCCESS || version < counter || version > counter + 1) {
		memset(seen, 0, sizeof(seen));
		seen_clock = 0;
		if (counter == 0 && r != TEEC_SUCCESS) {
			table_version = 0; /* nothing was ever committed: a fresh store */
			table_state = TABLE_OK;
			return TEEC_SUCCESS;
		}
		if (r == TEEC_ERROR_ITEM_NOT_FOUND)
			return table_fail("missing while the rollback counter is above 0");
		if (r != TEEC_SUCCESS)
			return table_fail("fails its checks");
		return table_fail(version < counter ? "older than the rollback counter (rollback)"
						    : "newer than the rollback counter");
	}
	if (version == counter + 1) {
		/* the power went between writing the table and advancing the counter */
		r = counter_advance(version);
		if (r != TEEC_SUCCESS)
			return r;
		tee_log("storage: rollback table one ahead of the counter (a power cut before the "
			"advance): counter advanced to %llu",
			(unsigned long long)version);
	}
	table_version = version;
	table_state = TABLE_OK;
	return TEEC_SUCCESS;
}

/* Writes what the instance has seen as the table at counter + 1, then advances the counter. */
static uint32_t table_commit(struct fs *c)
{
	struct table_hdr h;
	uint8_t tag[TAG_LEN];
	uint64_t fd;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, TABLE_MAGIC, 4);
	h.format = TABLE_FORMAT;
	h.hdr_len = sizeof(h);
	h.version = table_version + 1;
	uint8_t *plain = pages_alloc(TABLE_PAGES), *sealed = pages_alloc(TABLE_PAGES);
	uint32_t r = TEEC_ERROR_OUT_OF_MEMORY;
	if (plain && sealed) {
		struct table_entry *e = (struct table_entry *)plain;
		for (unsigned i = 0; i < ST_SEEN; i++) {
			if (!seen[i].used)
				continue;
			memset(&e[h.count], 0, sizeof(e[h.count]));
			memcpy(e[h.count].uuid, seen[i].uuid, 16);
			memcpy(e[h.count].name, seen[i].name, NAME_LEN);
			e[h.count].version = seen[i].version;
			e[h.count].deleted = seen[i].deleted;
			h.count++;
		}
		size_t len = h.count * sizeof(struct table_entry);
		struct ta_keys nk;
		memset(&nk, 0, sizeof(nk));
		r = derive(table_key_context, "rollback-table", nk.enc) ? 1 : 0;
		if (!r) {
			make_nonce(h.nonce, &nk);
			r = table_crypt(MBEDTLS_GCM_ENCRYPT, &h, plain, sealed, len, tag);
		}
		wipe(&nk, sizeof(nk));
		if (r || nwbuf_write(&c->buf, SHM_FILE, &h, sizeof(h)) ||
		    nwbuf_write(&c->buf, SHM_FILE + sizeof(h), sealed, len) ||
		    nwbuf_write(&c->buf, SHM_FILE + sizeof(h) + len, tag, TAG_LEN)) {
			r = TEE_ERROR_STORAGE_NOT_AVAILABLE;
		} else {
			r = fs_open(c, TABLE_TEMP, true, &fd);
			if (r == TEEC_SUCCESS) {
				r = fs_write_all(c, fd, sizeof(h) + len + TAG_LEN);
				fs_close(c, fd);
				if (r == TEEC_SUCCESS)
					r = fs_rename(c, TABLE_TEMP, TABLE_PATH, true);
			}
			if (r != TEEC_SUCCESS)
				r = TEE_ERROR_STORAGE_NOT_AVAILABLE;
		}
		wipe(plain, TABLE_PAGES * TEE_PAGE);
	}
	if (plain)
		pages_free(plain, TABLE_PAGES);
	if (sealed)
		pages_free(sealed, TABLE_PAGES);
	if (r == TEEC_SUCCESS)
		r = counter_advance(table_version + 1);
	if (r == TEEC_SUCCESS)
		table_version++;
	return r;
}

/* ---- objects and handles ---- */

static struct sobj *obj_find(const uint8_t uuid[16], const uint8_t name[NAME_LEN])
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

static void fill_info(const struct sobj *o, struct tzv_st_info *i, uint32_t flags, uint64_t pos)
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

static bool storage_id_ok(uint32_t id)
{
	return id == TEE_STORAGE_PRIVATE || id == TEE_STORAGE_PRIVATE_REE;
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
	uint32_t r = seal(c, k, name, version, &f, segs, 2 + ndata, &len);
	if (r != TEEC_SUCCESS)
		return r;

	char tmp[80], final[80];
	make_path(tmp, k->uuid, name, true);
	make_path(final, k->uuid, name, false);
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
	const uint8_t *id = uta_user_ptr(a->id, a->id_len, false);
	if (!id || a->id_len == 0 || a->id_len > TZV_ST_ID_MAX)
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
			r = load_file(&c, &k, name, &l);
			fs_end(&c);
		}
		if (r == TEEC_ERROR_ITEM_NOT_FOUND) {
			const struct seen *s = seen_find(uuid, name);
			if (s && !s->deleted)
				r = corrupt("its file is gone (deleted behind the TEE's back)",
					    name);
		}
		if (r == TEEC_SUCCESS &&
		    (l.fixed.id_len != a->id_len || memcmp(l.id, id, a->id_len)))
			r = corrupt("the file holds another object", name);
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
			if (!obj_set_meta(o, l.meta, l.fixed.meta_len) ||
			    !obj_reserve(o, l.fixed.data_len))
				r = TEEC_ERROR_OUT_OF_MEMORY;
			else if (l.fixed.data_len)
				memcpy(o->data, l.data, l.fixed.data_len);
			o->data_len = l.fixed.data_len;
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
	fill_info(o, &a->info, h->flags, 0);
	return TEEC_SUCCESS;
}

static uint32_t op_create(const void *owner, const uint8_t uuid[16], struct tzv_st_create *a)
{
	struct ta_keys k;
	uint8_t name[NAME_LEN];
	const uint8_t *id = uta_user_ptr(a->id, a->id_len, false);
	const uint8_t *data = uta_user_ptr(a->data, a->data_len, false);
	/* the attributes come from the kernel's key object, never from the TA */
	if (!id || a->meta || a->meta_len || (!data && a->data_len) || a->id_len == 0 ||
	    a->id_len > TZV_ST_ID_MAX || (a->flags & ~(FLAGS_HANDLE | FLAG_OVERWRITE)))
		return TEEC_ERROR_BAD_PARAMETERS;
	static uint8_t meta[TZV_ST_META_MAX]; /* one call at a time per instance */
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
	if (a->meta_len > TZV_ST_META_MAX || a->data_len > TZV_ST_DATA_MAX) {
		wipe(meta, sizeof(meta));
		return TEE_ERROR_STORAGE_NO_SPACE;
	}
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
	wipe(meta, sizeof(meta));
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
		uint32_t e = load_file(&c, &k, name, &l);
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
	if (id_len == 0 || id_len > TZV_ST_ID_MAX)
		return TEEC_ERROR_BAD_PARAMETERS;
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
		uint32_t e = load_file(&c, &k, name, &l);
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
				make_path(old, o->uuid, o->name, false);
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
	make_path(path, o->uuid, o->name, false);
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
	make_path(dir, e->uuid, NULL, false);
	struct optee_msg_param p[3];
	memset(p, 0, sizeof(p));
	uint64_t n = put_name(&c, SHM_NAME0, dir);
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_OPENDIR, 0, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, &c, SHM_NAME0, n);
	p_value(&p[2], OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0);
	r = fs_result(rpc_cmd(&c.arg, OPTEE_RPC_CMD_FS, p, 3));
	if (r == TEEC_SUCCESS) {
		uint64_t dh = p[2].u.value.a;
		while (!e->more) {
			memset(p, 0, sizeof(p));
			p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_READDIR, dh, 0);
			p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, &c, SHM_NAME1,
			       sizeof(entry));
			if (rpc_cmd(&c.arg, OPTEE_RPC_CMD_FS, p, 2) != TEEC_SUCCESS)
				break; /* ITEM_NOT_FOUND: the end */
			uint64_t got = p[1].u.rmem.size;
			if (got == 0 || got > sizeof(entry) ||
			    nwbuf_read(&c.buf, SHM_NAME1, entry, got))
				continue;
			entry[got - 1] = '\0';
			if (!parse_name(entry, name) || seen_names++ < skip)
				continue; /* not an object file (temporary ones start with '.'), or
					     done */
			if (e->n == ST_ENUM_NAMES)
				e->more = true;
			else
				memcpy(e->names[e->n++], name, NAME_LEN);
		}
		memset(p, 0, sizeof(p));
		p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_CLOSEDIR, dh, 0);
		rpc_cmd(&c.arg, OPTEE_RPC_CMD_FS, p, 1);
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
			fill_info(o, info, 0, 0);
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
			r = load_file(&c, &k, name, &l);
			fs_end(&c);
		}
		if (r == TEEC_SUCCESS) {
			object_name(&k, l.id, l.fixed.id_len, check);
			if (memcmp(check, name, NAME_LEN))
				r = corrupt("the file holds another object", name);
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

/*
 * A TA pointer to a structure or integer the kernel reads or writes as that type:
 * inside the TA's memory and aligned for it (a misaligned one is undefined in C;
 * libutee's are always aligned). NULL otherwise. Found by tests/fuzz/fuzz_storage.c.
 */
#define user_obj(va, type, write)                                                                  \
	((va) % _Alignof(type) ? NULL : (type *)uta_user_ptr((va), sizeof(type), (write)))

uint32_t storage_syscall(const void *owner, const uint8_t uuid[16], uint64_t op, uint64_t a1,
			 uint64_t a2, uint64_t a3, uint64_t a4)
{
	struct shandle *h = NULL;
	if (op >= TZV_ST_CLOSE && op <= TZV_ST_GET_META) {
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
		const uint8_t *id = uta_user_ptr(a2, a3, false);
		if (!id)
			uta_kill_current("STORAGE: bad buffer", a2, a3);
		return op_rename(h, id, a3);
	}
	case TZV_ST_DELETE:
		return op_delete(h);
	case TZV_ST_INFO: {
		struct tzv_st_info *i = user_obj(a2, struct tzv_st_info, true);
		if (!i)
			uta_kill_current("STORAGE: bad buffer", a2, 0);
		fill_info(h->o, i, h->flags, h->pos);
		return TEEC_SUCCESS;
	}
	case TZV_ST_GET_META:
		/* a key object's attributes stay in the kernel (storage_key_attributes) */
		uta_kill_current("STORAGE: attributes are not the TA's to read", op, a1);
	case TZV_ST_ENUM_ALLOC: {
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
	case TZV_ST_ENUM_FREE:
	case TZV_ST_ENUM_RESET:
	case TZV_ST_ENUM_START:
	case TZV_ST_ENUM_NEXT: {
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
	default:
		uta_kill_current("STORAGE: unknown operation", op, a1);
	}
}

void storage_release(const void *owner)
{
	for (unsigned i = 0; i < ST_HANDLES; i++)
		if (handles[i].used && handles[i].owner == owner)
			handle_close(&handles[i]);
	for (unsigned i = 0; i < ST_ENUMS; i++)
		if (enums[i].used && enums[i].owner == owner)
			memset(&enums[i], 0, sizeof(enums[i]));
}

void storage_reset(void)
{
	memset(objs, 0, sizeof(objs));
	memset(handles, 0, sizeof(handles));
	memset(enums, 0, sizeof(enums));
	memset(seen, 0, sizeof(seen));
	seen_clock = 0;
	table_state = TABLE_UNLOADED;
	table_version = 0;
	wipe(instance_key, sizeof(instance_key));
	have_key = false;
}
