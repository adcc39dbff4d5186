/*
 * What the files of trusted storage share (tee/storage*.c, docs/storage.md); the kernel's
 * API is tee/storage.h.
 *   storage.c           GP objects, handles, sharing rules, their operations, the syscall
 *   storage_enum.c      enumerators of a TA's objects
 *   storage_fs.c        the REE FS RPC to tee-supplicant, in its shared memory
 *   storage_file.c      the sealed file format: keys, file names, nonces, seal and open
 *   storage_rollback.c  what the instance has seen, the sealed rollback table, the counter
 */
#ifndef TEE_STORAGE_INT_H
#define TEE_STORAGE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tzvisor/ta_storage_abi.h>
#include "storage.h"
#include "tee.h"

/* GP values (tee_api_defines.h) */
#define TEE_ERROR_CORRUPT_OBJECT 0xf0100001u
#define TEE_ERROR_STORAGE_NOT_AVAILABLE 0xf0100003u
#define TEE_ERROR_ACCESS_CONFLICT 0xffff0003u
#define TEE_ERROR_OVERFLOW 0xffff300fu
#define TEE_ERROR_STORAGE_NO_SPACE 0xffff3041u

/* ---- file format ---- */
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

#define ST_SEEN 256 /* objects the instance remembers (storage_rollback.c) */
/* What the instance knows of an object it has seen: rollback and deletion detection. */
struct seen {
	bool used, deleted;
	uint8_t uuid[16];
	uint8_t name[NAME_LEN];
	uint64_t version;
	uint32_t stamp;
};

/*
 * ---- shared memory layout for the FS RPCs ----
 * Two names, then a file. The buffer starts with room for a file of SHM_FILE_INIT
 * bytes (the rollback table; objects of up to 32 KiB of data and a key) and is replaced
 * by a larger one when a larger object's file is read or written (fs_reserve).
 */
#define SHM_NAME0 0
#define SHM_NAME1 128
#define SHM_FILE 256
#define SHM_INIT 40960u
#define SHM_FILE_INIT (SHM_INIT - SHM_FILE)
#define SHM_INIT_PAGES (SHM_INIT / TEE_PAGE + 1)

struct ta_keys {
	uint8_t uuid[16];
	uint8_t enc[32];
	uint8_t name[32];
};

/* A file's body as pieces: the id, the attributes, the data. */
struct seg {
	const uint8_t *p; /* NULL: zeros */
	uint64_t len;
};

/* A file opened and checked: its plaintext body in private pages. */
struct loaded {
	uint64_t version;
	struct body_fixed fixed;
	uint8_t *body;
	unsigned pages;
	const uint8_t *id, *meta, *data;
};

/* An REE FS RPC session of one syscall: argument memory and the shared buffer. */
struct fs {
	bool ready, have_shm;
	struct rpc_shm arg;
	uint64_t cookie;
	struct nwbuf buf;
	uint64_t room;	 /* bytes of file the buffer holds (after SHM_FILE) */
	uint64_t *pages; /* its page list: small[], or list_pages private pages */
	unsigned list_pages;
	uint64_t small[SHM_INIT_PAGES];
};

static inline void wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;
	while (n--)
		*v++ = 0;
}

/* An open object, shared by all its handles (storage.c). */
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

/* ---- objects (storage.c) ---- */

struct sobj *obj_find(const uint8_t uuid[16], const uint8_t name[NAME_LEN]);
void storage_fill_info(const struct sobj *o, struct tzv_st_info *i, uint32_t flags, uint64_t pos);
/* TEE_STORAGE_PRIVATE or TEE_STORAGE_PRIVATE_REE */
bool storage_id_ok(uint32_t id);

/* ---- enumerators (storage_enum.c) ---- */

/* TZV_ST_ENUM_*: as storage_syscall. */
uint32_t storage_enum_syscall(const void *owner, const uint8_t uuid[16], uint64_t op, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t a4);
void storage_enum_release(const void *owner);
void storage_enum_reset(void);

/* ---- the REE FS RPC (storage_fs.c) ---- */

uint32_t fs_begin(struct fs *c);
void fs_end(struct fs *c);
/* A shared buffer with room for a file of len bytes (contents not kept when it grows). */
uint32_t fs_reserve(struct fs *c, uint64_t len);
/* "path" opened (or created); its descriptor in *fd. */
uint32_t fs_open(struct fs *c, const char *path, bool create, uint64_t *fd);
void fs_close(struct fs *c, uint64_t fd);
/* The first len bytes of the file buffer (SHM_FILE) written to fd from offset 0. */
uint32_t fs_write_all(struct fs *c, uint64_t fd, uint64_t len);
uint32_t fs_remove(struct fs *c, const char *path);
uint32_t fs_rename(struct fs *c, const char *from, const char *to, bool overwrite);
/* The first len bytes of the file buffer written to path through tmp (renamed over it). */
uint32_t fs_put_file(struct fs *c, const char *tmp, const char *path, uint64_t len);
/* Up to len bytes of fd from offset 0 into the file buffer (len at most c->room). */
uint32_t fs_read_head(struct fs *c, uint64_t fd, uint64_t len, uint64_t *got);
/* A whole file of at most c->room bytes into the file buffer: open, read, close. */
uint32_t fs_read_file(struct fs *c, const char *path, uint64_t *got);
/* A directory opened for reading: its handle in *dh. */
uint32_t fs_opendir(struct fs *c, const char *path, uint64_t *dh);
/*
 * The next entry's name into entry[size] (NUL-terminated); *got = 0 when the answer is
 * unusable. Not TEEC_SUCCESS: no more entries.
 */
uint32_t fs_readdir(struct fs *c, uint64_t dh, char *entry, uint64_t size, uint64_t *got);
void fs_closedir(struct fs *c, uint64_t dh);

/* ---- the sealed file format (storage_file.c) ---- */

/* HKDF-SHA256 from the instance storage key: info = label || uuid. */
int storage_derive(const uint8_t uuid[16], const char *label, uint8_t out[32]);
/* The TA's keys (and the rollback table loaded first). */
uint32_t ta_keys(const uint8_t uuid[16], struct ta_keys *k);
/* The file name of an object id: HMAC-SHA256 under the TA's name key, NAME_LEN bytes. */
int object_name(const struct ta_keys *k, const uint8_t *id, uint32_t id_len,
		uint8_t name[NAME_LEN]);
void storage_path(char *out, const uint8_t uuid[16], const uint8_t *name, bool temp);
bool storage_parse_name(const char *s, uint8_t name[NAME_LEN]);
void storage_nonce(uint8_t nonce[NONCE_LEN], const struct ta_keys *k);
uint32_t storage_seal(struct fs *c, const struct ta_keys *k, const uint8_t name[NAME_LEN],
		      uint64_t version, const struct body_fixed *fixed, const struct seg *segs,
		      unsigned nsegs, uint64_t *len);
uint32_t storage_load_file(struct fs *c, const struct ta_keys *k, const uint8_t name[NAME_LEN],
			   struct loaded *l);
void loaded_free(struct loaded *l);
/* Logs why an object's file is refused: CORRUPT_OBJECT. */
uint32_t storage_corrupt(const char *why, const uint8_t name[NAME_LEN]);
/* The instance restarts: its storage key is forgotten. */
void storage_keys_reset(void);

/* ---- rollback and deletion detection (storage_rollback.c) ---- */

struct seen *seen_find(const uint8_t uuid[16], const uint8_t name[NAME_LEN]);
void seen_note(const uint8_t uuid[16], const uint8_t name[NAME_LEN], uint64_t version,
	       bool deleted);
bool seen_deleted(const uint8_t uuid[16], const uint8_t name[NAME_LEN], uint64_t version);
uint32_t seen_check(const uint8_t uuid[16], const uint8_t name[NAME_LEN], uint64_t version);
uint32_t table_ready(void);
uint32_t table_commit(struct fs *c);
/* The instance restarts: nothing seen, the table to be loaded again. */
void storage_rollback_reset(void);

#endif
