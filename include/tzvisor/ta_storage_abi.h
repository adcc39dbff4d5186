/*
 * Trusted storage between libutee (S-EL0) and the TEE kernel: one syscall,
 * TZV_TA_SYS_STORAGE (include/tzvisor/ta_abi.h), with the operation in x0 and
 * its arguments in x1..x5. The kernel keeps every persistent object, handle
 * and enumerator; the TA holds only their numbers. Handles and enumerators
 * belong to the TA instance that made them and end with it. Described in
 * docs/storage.md.
 */
#ifndef TZVISOR_TA_STORAGE_ABI_H
#define TZVISOR_TA_STORAGE_ABI_H

#include <stdint.h>

#define TZV_ST_OPEN 0	     /* (struct tzv_st_open *) */
#define TZV_ST_CREATE 1	     /* (struct tzv_st_create *) */
#define TZV_ST_CLOSE 2	     /* (handle) */
#define TZV_ST_READ 3	     /* (handle, void *buf, size_t len, uint64_t *count) */
#define TZV_ST_WRITE 4	     /* (handle, const void *buf, size_t len) */
#define TZV_ST_TRUNCATE 5    /* (handle, size) */
#define TZV_ST_SEEK 6	     /* (handle, int64_t offset, whence) */
#define TZV_ST_RENAME 7	     /* (handle, const void *id, size_t id_len) */
#define TZV_ST_DELETE 8	     /* (handle): close and delete */
#define TZV_ST_INFO 9	     /* (handle, struct tzv_st_info *) */
#define TZV_ST_GET_META 10   /* not for TAs: a key stays in the kernel (TZV_CR_OBJ_OPEN_STORED) */
#define TZV_ST_ENUM_ALLOC 11 /* (uint32_t *enum_out) */
#define TZV_ST_ENUM_FREE 12  /* (enum) */
#define TZV_ST_ENUM_RESET 13 /* (enum) */
#define TZV_ST_ENUM_START 14 /* (enum, storage id) */
#define TZV_ST_ENUM_NEXT                                                                           \
	15 /* (enum, struct tzv_st_info *, void *id (64 bytes), uint64_t *id_len) */
#define TZV_ST_RESTRICT 16 /* (handle, usage): objectUsage &= usage, stored */

#define TZV_ST_ID_MAX 64u	  /* TEE_OBJECT_ID_MAX_LEN; 0 is an id too */
#define TZV_ST_DATA_MAX 0x100000u /* data stream bytes per object (1 MiB; memory permitting) */
#define TZV_ST_META_MAX 4096u  /* attribute blob bytes per object */
#define TZV_ST_TYPE_DATA 0xA00000BFu /* TEE_TYPE_DATA */

/* What an object is, as stored (GP's TEE_ObjectInfo without the per-handle fields). */
struct tzv_st_info {
	uint32_t type;	   /* TEE_TYPE_* (TEE_TYPE_DATA for a pure data object) */
	uint32_t obj_size; /* bits */
	uint32_t max_size; /* bits */
	uint32_t usage;	   /* TEE_USAGE_* */
	uint32_t meta_len; /* bytes of the attribute blob */
	uint32_t flags;	   /* the handle's TEE_DATA_FLAG_* (0 from ENUM_NEXT) */
	uint64_t data_size;
	uint64_t position;
};

struct tzv_st_open {
	uint32_t storage_id; /* TEE_STORAGE_PRIVATE or TEE_STORAGE_PRIVATE_REE */
	uint32_t flags;	     /* TEE_DATA_FLAG_* */
	uint64_t id;	     /* TA VA of the object id */
	uint64_t id_len;
	uint32_t handle; /* out */
	uint32_t reserved;
	struct tzv_st_info info; /* out */
};

struct tzv_st_create {
	uint32_t storage_id;
	uint32_t flags;
	uint64_t id;
	uint64_t id_len;
	uint64_t meta; /* 0: the attributes come from key_object, in the kernel */
	uint64_t meta_len;
	uint64_t data; /* initial data */
	uint64_t data_len;
	uint32_t type, obj_size, max_size, usage;
	uint32_t want_handle; /* 0: close at once (GP: object == NULL) */
	uint32_t handle;      /* out */
	/* 0: a data object; else the key object (TZV_CR_*) whose type, sizes, usage and
	 * attributes it stores (type, obj_size, max_size and usage above are ignored) */
	uint32_t key_object;
	uint32_t reserved2;
};

#endif
