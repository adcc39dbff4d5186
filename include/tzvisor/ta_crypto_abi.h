/*
 * GlobalPlatform cryptography between libutee (S-EL0) and the TEE kernel: one
 * syscall, TZV_TA_SYS_CRYPTO (include/tzvisor/ta_abi.h), with the operation in
 * x0 and its arguments in x1..x7. The kernel keeps every key object (its
 * attributes, i.e. the key material) and every operation (algorithm state,
 * its own copy of the key); the TA holds only their handles, which are
 * numbers valid for the TA instance that made them and end with it.
 *
 * Pointers are TA virtual addresses, checked by the kernel like every syscall
 * pointer; lengths written back ("*len") are uint64_t in TA memory. A bad
 * handle, a bad pointer or any other argument GlobalPlatform answers with a
 * panic ends the TA instance (TEE_ERROR_TARGET_DEAD to its client); the other
 * results are the TEE_Result the GP function returns. tee/README.md lists
 * what each call checks; ta/README.md the algorithms.
 */
#ifndef TZVISOR_TA_CRYPTO_ABI_H
#define TZVISOR_TA_CRYPTO_ABI_H

#include <stdint.h>

/* Key objects */
#define TZV_CR_OBJ_ALLOC 0	 /* (type, max_size, uint32_t *handle) */
#define TZV_CR_OBJ_FREE 1	 /* (handle) */
#define TZV_CR_OBJ_RESET 2	 /* (handle): TEE_ResetTransientObject */
#define TZV_CR_OBJ_INFO 3	 /* (handle, struct tzv_cr_obj_info *) */
#define TZV_CR_OBJ_RESTRICT 4	 /* (handle, usage) */
#define TZV_CR_OBJ_POPULATE 5	 /* (handle, const struct tzv_cr_attr *, count) */
#define TZV_CR_OBJ_GENERATE 6	 /* (handle, key_size, const struct tzv_cr_attr *, count) */
#define TZV_CR_OBJ_GET_ATTR 7	 /* (handle, attr id, void *buf, uint64_t *len, uint32_t ab[2]) */
#define TZV_CR_OBJ_COPY 8	 /* (dst handle, src handle): TEE_CopyObjectAttributes1 */
#define TZV_CR_OBJ_OPEN_STORED 9 /* (storage handle, uint32_t *handle): a persistent object's key  \
				  */

/* Operations */
#define TZV_CR_OP_ALLOC 16	   /* (algorithm, mode, max_key_size, uint32_t *handle) */
#define TZV_CR_OP_FREE 17	   /* (handle) */
#define TZV_CR_OP_INFO 18	   /* (handle, TEE_OperationInfo *) */
#define TZV_CR_OP_INFO_MULTIPLE 19 /* (handle, TEE_OperationInfoMultiple *, uint64_t *size) */
#define TZV_CR_OP_RESET 20	   /* (handle) */
#define TZV_CR_OP_SET_KEY 21	   /* (handle, key handle or 0, second key handle or 0) */
#define TZV_CR_OP_COPY 22	   /* (dst handle, src handle) */
#define TZV_CR_DIGEST_UPDATE 23	   /* (handle, src, len) */
#define TZV_CR_DIGEST_FINAL 24	   /* (handle, src, len, dst, uint64_t *dst_len) */
#define TZV_CR_CIPHER_INIT 25	   /* (handle, iv, iv_len) */
#define TZV_CR_CIPHER_UPDATE 26	   /* (handle, src, len, dst, uint64_t *dst_len) */
#define TZV_CR_CIPHER_FINAL 27	   /* (handle, src, len, dst, uint64_t *dst_len) */
#define TZV_CR_MAC_INIT 28	   /* (handle, iv, iv_len) */
#define TZV_CR_MAC_UPDATE 29	   /* (handle, src, len) */
#define TZV_CR_MAC_FINAL 30	   /* (handle, src, len, mac, uint64_t *mac_len) */
#define TZV_CR_AE_INIT 31	   /* (handle, nonce, nonce_len, tag_bits, aad_len, payload_len) */
#define TZV_CR_AE_UPDATE_AAD 32	   /* (handle, src, len) */
#define TZV_CR_AE_UPDATE 33	   /* (handle, src, len, dst, uint64_t *dst_len) */
#define TZV_CR_AE_ENCRYPT_FINAL                                                                    \
	34 /* (handle, src, len, dst, uint64_t *dst_len, tag, uint64_t *tag_len) */
#define TZV_CR_AE_DECRYPT_FINAL 35 /* (handle, src, len, dst, uint64_t *dst_len, tag, tag_len) */
#define TZV_CR_ASYMMETRIC 36	   /* (handle, TZV_CR_ASYM_*, struct tzv_cr_asym *) */
#define TZV_CR_DERIVE_KEY 37	   /* (handle, const struct tzv_cr_attr *, count, derived object) */
#define TZV_CR_ALG_SUPPORTED 38	   /* (algorithm, element): SUCCESS or TEE_ERROR_NOT_SUPPORTED */
#define TZV_CR_DIGEST_EXTRACT 39   /* (handle, dst, uint64_t *dst_len) */

#define TZV_CR_ASYM_ENCRYPT 0
#define TZV_CR_ASYM_DECRYPT 1
#define TZV_CR_ASYM_SIGN 2   /* dst: the signature, *dst_len in/out */
#define TZV_CR_ASYM_VERIFY 3 /* dst: the signature to check, dst_len its length */

/* Per TA instance; beyond them ALLOC answers TEE_ERROR_OUT_OF_MEMORY. */
#define TZV_CR_OBJECTS_PER_TA 32
#define TZV_CR_OPERATIONS_PER_TA 16
#define TZV_CR_ATTRS_PER_OBJECT 8
#define TZV_CR_ATTR_MAX_BYTES 1024 /* one attribute: an 8192-bit number */

/* The layout of GlobalPlatform's TEE_Attribute on AArch64 (24 bytes). */
struct tzv_cr_attr {
	uint32_t id;
	uint32_t pad;
	union {
		struct {
			uint64_t buffer;
			uint64_t length;
		} ref;
		struct {
			uint32_t a, b;
		} value;
	} u;
};

/* TEE_ObjectInfo without the data stream (libutee adds it for persistent objects). */
struct tzv_cr_obj_info {
	uint32_t type;
	uint32_t obj_size; /* bits */
	uint32_t max_size; /* bits */
	uint32_t usage;
	uint32_t handle_flags; /* TEE_HANDLE_FLAG_* */
	uint32_t reserved;
};

struct tzv_cr_asym {
	uint64_t params; /* const struct tzv_cr_attr * */
	uint32_t param_count;
	uint32_t reserved;
	uint64_t src, src_len;
	uint64_t dst, dst_len; /* dst_len: in, and out for ENCRYPT/DECRYPT/SIGN */
};

#endif
