/* Internals shared by crypto_obj.c and crypto_op.c (libutee). */
#ifndef TZV_UTEE_CRYPTO_H
#define TZV_UTEE_CRYPTO_H

#include <tee_api_types.h>
#include "utee.h"

#define TZV_OBJ_MAGIC 0x0b1ec7a7u
#define TZV_OBJ_MAX_ATTRS 8

struct tzv_attr {
	uint32_t id;
	uint32_t a, b;  /* value attributes */
	uint8_t *buf;   /* reference attributes: a heap copy */
	size_t len;
};

struct __TEE_ObjectHandle {
	uint32_t magic;
	uint32_t type;
	uint32_t max_size; /* bits */
	uint32_t size;     /* bits, 0 until populated or generated */
	uint32_t usage;
	uint32_t flags;    /* TEE_HANDLE_FLAG_* */
	unsigned nattrs;
	struct tzv_attr attrs[TZV_OBJ_MAX_ATTRS];
	uint32_t storage_handle; /* persistent objects: the kernel's handle (storage.c) */
};

const struct tzv_attr *tzv_obj_attr(const struct __TEE_ObjectHandle *o, uint32_t id);
TEE_Result tzv_obj_copy(struct __TEE_ObjectHandle **dst, const struct __TEE_ObjectHandle *src);
/*
 * Attributes as a persistent object stores them: per attribute id, a, b (for a
 * reference attribute a = its length) as 32-bit words, then the bytes, padded
 * to 4. encode: bytes needed (written when they fit in cap); decode: 0 or -1.
 */
size_t tzv_obj_attrs_encode(const struct __TEE_ObjectHandle *o, uint8_t *buf, size_t cap);
int tzv_obj_attrs_decode(struct __TEE_ObjectHandle *o, const uint8_t *buf, size_t len);
/* Persistent objects (storage.c): close the kernel handle / fill the per-handle info. */
void tzv_storage_close(struct __TEE_ObjectHandle *o);
TEE_Result tzv_storage_info(const struct __TEE_ObjectHandle *o, TEE_ObjectInfo *info);
uint32_t tzv_ecc_curve_bits(uint32_t curve);
int tzv_ecc_curve_id(uint32_t curve);

#endif
