/*
 * Trusted storage's client of tee-supplicant's REE FS RPC (OPTEE_RPC_CMD_FS): each
 * syscall borrows RPC argument memory and a shared buffer (names at SHM_NAME0/1, a
 * whole file at SHM_FILE; replaced by a larger one for a larger file) and asks for
 * open, read, write, rename, remove, directories.
 */
#include <lib/string.h>
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include "storage_int.h"

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

/* The shared buffer goes back to tee-supplicant (and its page list, if private pages). */
static void shm_release(struct fs *c)
{
	if (c->have_shm)
		rpc_shm_free(&c->arg, c->cookie);
	if (c->list_pages)
		pages_free(c->pages, c->list_pages);
	c->have_shm = false;
	c->list_pages = 0;
	c->pages = c->small;
	c->room = 0;
	memset(&c->buf, 0, sizeof(c->buf));
}

/* A shared buffer of SHM_FILE + room bytes from tee-supplicant. */
static uint32_t shm_get(struct fs *c, uint64_t room)
{
	uint64_t size = SHM_FILE + room;
	uint32_t max = (uint32_t)(size / TEE_PAGE + 2);
	if (max > SHM_INIT_PAGES) {
		c->list_pages = (unsigned)((max * sizeof(uint64_t) + TEE_PAGE - 1) / TEE_PAGE);
		c->pages = pages_alloc(c->list_pages);
		if (!c->pages) {
			c->list_pages = 0;
			c->pages = c->small;
			return TEEC_ERROR_OUT_OF_MEMORY;
		}
	} else {
		max = SHM_INIT_PAGES;
	}
	bool allocated;
	uint32_t r = rpc_shm_alloc(&c->arg, size, c->pages, max, &c->cookie, &c->buf, &allocated);
	c->have_shm = allocated;
	if (r != TEEC_SUCCESS) {
		if (allocated)
			tee_log("storage: unusable shared memory from the normal world");
		shm_release(c);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	c->room = room;
	return TEEC_SUCCESS;
}

void fs_end(struct fs *c)
{
	if (!c->ready)
		return;
	shm_release(c);
	rpc_free(&c->arg);
	c->ready = false;
}

/* RPC argument memory and a shared buffer from tee-supplicant for this syscall. */
uint32_t fs_begin(struct fs *c)
{
	memset(c, 0, sizeof(*c));
	c->pages = c->small;
	if (!rpc_alloc(OPTEE_MSG_GET_ARG_SIZE(TEE_RPC_ARG_PARAMS), &c->arg))
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	c->ready = true;
	uint32_t r = shm_get(c, SHM_FILE_INIT);
	if (r != TEEC_SUCCESS) {
		fs_end(c);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	return TEEC_SUCCESS;
}

uint32_t fs_reserve(struct fs *c, uint64_t len)
{
	if (len <= c->room)
		return TEEC_SUCCESS;
	if (len > FILE_MAX + 1)
		return TEE_ERROR_STORAGE_NO_SPACE;
	shm_release(c);
	return shm_get(c, len);
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

/* FS_OPEN, FS_CREATE or FS_OPENDIR of path: the descriptor in *fd. */
static uint32_t fs_open_cmd(struct fs *c, uint32_t cmd, const char *path, uint64_t *fd)
{
	struct optee_msg_param p[3];
	memset(p, 0, sizeof(p));
	uint64_t n = put_name(c, SHM_NAME0, path);
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, cmd, 0, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, c, SHM_NAME0, n);
	p_value(&p[2], OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0);
	uint32_t r = fs_result(rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, p, 3));
	*fd = p[2].u.value.a;
	return r;
}

/* FS_CLOSE or FS_CLOSEDIR of fd. */
static void fs_close_cmd(struct fs *c, uint32_t cmd, uint64_t fd)
{
	struct optee_msg_param p;
	memset(&p, 0, sizeof(p));
	p_value(&p, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, cmd, fd, 0);
	rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, &p, 1);
}

uint32_t fs_open(struct fs *c, const char *path, bool create, uint64_t *fd)
{
	return fs_open_cmd(c, create ? FS_CREATE : FS_OPEN, path, fd);
}

void fs_close(struct fs *c, uint64_t fd)
{
	fs_close_cmd(c, FS_CLOSE, fd);
}

uint32_t fs_read_head(struct fs *c, uint64_t fd, uint64_t len, uint64_t *got)
{
	struct optee_msg_param p[2];
	*got = 0;
	if (!c->have_shm || len > c->room)
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	memset(p, 0, sizeof(p));
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_READ, fd, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, c, SHM_FILE, len);
	uint32_t r = fs_result(rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, p, 2));
	*got = p[1].u.rmem.size;
	if (r == TEEC_SUCCESS && *got > len)
		r = TEE_ERROR_STORAGE_NOT_AVAILABLE;
	return r;
}

uint32_t fs_write_all(struct fs *c, uint64_t fd, uint64_t len)
{
	struct optee_msg_param p[2];
	if (!c->have_shm || len > c->room)
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	memset(p, 0, sizeof(p));
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_WRITE, fd, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, c, SHM_FILE, len);
	return fs_result(rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, p, 2));
}

uint32_t fs_remove(struct fs *c, const char *path)
{
	struct optee_msg_param p[2];
	memset(p, 0, sizeof(p));
	uint64_t n = put_name(c, SHM_NAME0, path);
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_REMOVE, 0, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, c, SHM_NAME0, n);
	return fs_result(rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, p, 2));
}

uint32_t fs_rename(struct fs *c, const char *from, const char *to, bool overwrite)
{
	struct optee_msg_param p[3];
	memset(p, 0, sizeof(p));
	uint64_t n0 = put_name(c, SHM_NAME0, from), n1 = put_name(c, SHM_NAME1, to);
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_RENAME, overwrite, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, c, SHM_NAME0, n0);
	p_rmem(&p[2], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, c, SHM_NAME1, n1);
	return fs_result(rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, p, 3));
}

/*
 * The first len bytes of the file buffer become the file `path`, through `tmp`: CREATE,
 * WRITE, CLOSE, then RENAME over path, so a cut leaves the old file or the new one; tmp is
 * removed again on failure.
 */
uint32_t fs_put_file(struct fs *c, const char *tmp, const char *path, uint64_t len)
{
	uint64_t fd;
	uint32_t r = fs_open(c, tmp, true, &fd);
	if (r != TEEC_SUCCESS)
		return r;
	r = fs_write_all(c, fd, len);
	fs_close(c, fd);
	if (r == TEEC_SUCCESS)
		r = fs_rename(c, tmp, path, true);
	if (r != TEEC_SUCCESS)
		fs_remove(c, tmp);
	return r;
}

/* A whole file into the file buffer: open, read, close. */
uint32_t fs_read_file(struct fs *c, const char *path, uint64_t *got)
{
	uint64_t fd;
	uint32_t r = fs_open(c, path, false, &fd);
	if (r != TEEC_SUCCESS)
		return r;
	r = fs_read_head(c, fd, c->room, got);
	fs_close(c, fd);
	return r;
}

uint32_t fs_opendir(struct fs *c, const char *path, uint64_t *dh)
{
	return fs_open_cmd(c, FS_OPENDIR, path, dh);
}

uint32_t fs_readdir(struct fs *c, uint64_t dh, char *entry, uint64_t size, uint64_t *got)
{
	struct optee_msg_param p[2];
	memset(p, 0, sizeof(p));
	p_value(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, FS_READDIR, dh, 0);
	p_rmem(&p[1], OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, c, SHM_NAME1, size);
	uint32_t r = rpc_cmd(&c->arg, OPTEE_RPC_CMD_FS, p, 2);
	*got = 0;
	if (r != TEEC_SUCCESS)
		return r; /* ITEM_NOT_FOUND: the end */
	uint64_t n = p[1].u.rmem.size;
	if (n == 0 || n > size || nwbuf_read(&c->buf, SHM_NAME1, entry, n))
		return TEEC_SUCCESS;
	entry[n - 1] = '\0';
	*got = n;
	return TEEC_SUCCESS;
}

void fs_closedir(struct fs *c, uint64_t dh)
{
	fs_close_cmd(c, FS_CLOSEDIR, dh);
}
