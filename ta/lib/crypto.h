/* Internals shared by crypto_obj.c, crypto_op.c and storage.c (libutee). */
#ifndef TZV_UTEE_CRYPTO_H
#define TZV_UTEE_CRYPTO_H

#include <tee_api_types.h>
#include <tzvisor/ta_crypto_abi.h>
#include "utee.h"

#define TZV_OBJ_MAGIC 0x0b1ec7a7u

/*
 * What the TA holds of an object: the kernel keeps its attributes (the key)
 * and everything GP reports about it; persistent objects add the storage
 * handle and this handle's data flags.
 */
struct __TEE_ObjectHandle {
	uint32_t magic;
	uint32_t kernel;	 /* TZV_CR_* object handle */
	uint32_t storage_handle; /* persistent objects: TZV_ST_* handle, else 0 */
	uint32_t data_flags;	 /* persistent objects: TEE_DATA_FLAG_* */
};

/* The object behind a TA handle; panics on anything else. */
struct __TEE_ObjectHandle *tzv_obj(TEE_ObjectHandle o);
/* TZV_TA_SYS_CRYPTO with up to seven arguments; the kernel ends the TA where GP panics. */
#define CR(op, ...) tzv_cr_n(op, __VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)
#define tzv_cr_n(op, a1, a2, a3, a4, a5, a6, a7, ...)                                              \
	tzv_sys_crypto((op), (uint64_t)(a1), (uint64_t)(a2), (uint64_t)(a3), (uint64_t)(a4),       \
		       (uint64_t)(a5), (uint64_t)(a6), (uint64_t)(a7))
/* Persistent objects (storage.c): close the storage handle / the data stream's info. */
void tzv_storage_close(struct __TEE_ObjectHandle *o);
void tzv_storage_info(const struct __TEE_ObjectHandle *o, TEE_ObjectInfo *info);
/* objectUsage &= usage, stored with the persistent object (TEE_RestrictObjectUsage1). */
TEE_Result tzv_storage_restrict(const struct __TEE_ObjectHandle *o, uint32_t usage);

#endif
