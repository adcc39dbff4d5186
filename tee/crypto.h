/*
 * GlobalPlatform cryptography in the TEE kernel (tee/crypto_*.c): key objects
 * and operations of the user TA instances, reached through TZV_TA_SYS_CRYPTO
 * (include/tzvisor/ta_crypto_abi.h). Everything a TA instance made belongs to
 * it (owner) and goes when it ends. Memory: the object table is static, the
 * attributes and operation contexts come from the kernel's mbedTLS heap
 * (lib/mbedtls/libc.c), wiped when freed.
 */
#ifndef TEE_CRYPTO_H
#define TEE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tzvisor/ta_crypto_abi.h>

/* What a crypto function answers when GP says the TA panics: the caller ends the TA. */
#define CR_PANIC 0xdeadc0deu

#define CR_MAX_OBJECTS 64 /* key objects of all TA instances of this TEE instance */
#define CR_MAX_OPERATIONS 32

struct cr_attr {
	uint32_t id;
	uint32_t a, b; /* value attributes */
	uint8_t *buf;  /* reference attributes (heap) */
	uint32_t len;
};

struct cr_obj {
	const void *owner;
	uint32_t handle; /* 0: free */
	uint32_t type, max_size, size, usage, flags;
	unsigned nattrs;
	struct cr_attr attrs[TZV_CR_ATTRS_PER_OBJECT];
};

/* The syscall (tee/crypto_sys.c): op TZV_CR_*, a[0..6] = x1..x7. Ends the TA on a panic. */
uint32_t crypto_syscall(const void *owner, uint64_t op, const uint64_t a[7]);
/*
 * For TEE_CreatePersistentObject (tee/storage.c): what the key object `handle`
 * of owner is, and its attributes encoded into meta (TZV_ST_META_MAX bytes).
 * false: no such initialized object.
 */
bool crypto_key_for_storage(const void *owner, uint32_t handle, uint32_t *type, uint32_t *obj_size,
			    uint32_t *max_size, uint32_t *usage, uint8_t *meta, uint32_t *meta_len);
/* The kernel's random bytes (tee/uta.c). */
void tee_random_bytes(void *buf, size_t len);
/* The same source without the counter fallback: false when the CPU has no RNDR or it
 * failed (buf then holds nothing to use). For the RNG PTA (tee/pta_rng.c). */
bool tee_hw_random_bytes(void *buf, size_t len);
/* A TA instance ended: its objects and operations go. */
void crypto_release(const void *owner);
/* The TEE instance (re)starts. */
void crypto_reset(void);

/* ---- objects (tee/crypto_obj.c) ---- */
struct cr_obj *cr_obj_get(const void *owner, uint32_t handle);
uint32_t cr_obj_alloc(const void *owner, uint32_t type, uint32_t max_size, uint32_t *handle);
void cr_obj_free(struct cr_obj *o);
void cr_obj_clear(struct cr_obj *o); /* attributes only */
const struct cr_attr *cr_obj_attr(const struct cr_obj *o, uint32_t id);
uint32_t cr_obj_add_ref(struct cr_obj *o, uint32_t id, const void *buf, size_t len);
uint32_t cr_obj_add_value(struct cr_obj *o, uint32_t id, uint32_t a, uint32_t b);
/* GP's attribute array, already in kernel memory (buffers checked by the caller). */
uint32_t cr_obj_populate(struct cr_obj *o, const struct tzv_cr_attr *attrs, const void *const *bufs,
			 uint32_t count);
uint32_t cr_obj_generate(struct cr_obj *o, uint32_t bits, const struct tzv_cr_attr *attrs,
			 const void *const *bufs, uint32_t count);
/* TEE_GenerateKey of a DSA key pair from its domain parameters (crypto_dsa.c). */
uint32_t cr_dsa_generate(struct cr_obj *o, uint32_t bits, const struct tzv_cr_attr *params,
			 const void *const *bufs, uint32_t n);
/* dst gets src's attributes (dst's own table slot, handle and owner stay). */
uint32_t cr_obj_copy_attrs(struct cr_obj *dst, const struct cr_obj *src);
/* Attributes as stored in a persistent object (the blob of docs/storage.md). */
size_t cr_obj_encode(const struct cr_obj *o, uint8_t *buf, size_t cap);
uint32_t cr_obj_decode(struct cr_obj *o, const uint8_t *buf, size_t len);
/* An object read back from storage has every attribute its type needs. */
bool cr_obj_complete(const struct cr_obj *o);
bool cr_secret_type(uint32_t type);
/* GP 1.0's DES key sizes without parity bits (56, 112, 168), which OP-TEE still accepts. */
bool cr_des_legacy_size(uint32_t type, uint32_t bits);
uint32_t cr_ecc_curve_bits(uint32_t curve);
/* SM2's key object types; its curve into an mbedTLS group (crypto_sm2.c). */
struct mbedtls_ecp_group;
bool cr_sm2_type(uint32_t type);
int cr_sm2_group(struct mbedtls_ecp_group *grp);
/* An Ed25519 public key from its private key (crypto_eddsa.c). */
uint32_t cr_ed25519_public(const uint8_t priv[32], uint8_t pub[32]);
int cr_ecc_group(uint32_t curve);
/* mbedTLS's RNG callback: the kernel's random source. */
int cr_rng(void *ctx, unsigned char *buf, size_t len);

/* ---- operations (tee/crypto_op.c, crypto_asym.c) ---- */
struct cr_op;
uint32_t cr_op_alloc(const void *owner, uint32_t alg, uint32_t mode, uint32_t max_key,
		     uint32_t *handle);
uint32_t cr_alg_supported(uint32_t alg, uint32_t element);
struct cr_op *cr_op_get(const void *owner, uint32_t handle);
void cr_op_free(struct cr_op *op);
bool cr_op_owned_by(const struct cr_op *op, const void *owner);
/* The rest take a checked operation and kernel pointers; lengths in/out as size_t. */
uint32_t cr_op_info(struct cr_op *op, void *info /* TEE_OperationInfo */);
uint32_t cr_op_info_multiple(struct cr_op *op, void *buf, uint64_t *size);
uint32_t cr_op_reset(struct cr_op *op);
uint32_t cr_op_set_key(struct cr_op *op, const struct cr_obj *key, const struct cr_obj *key2);
uint32_t cr_op_copy(struct cr_op *dst, const struct cr_op *src);
uint32_t cr_digest_update(struct cr_op *op, const uint8_t *src, size_t len);
uint32_t cr_digest_final(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
			 uint64_t *dst_len);
uint32_t cr_digest_extract(struct cr_op *op, uint8_t *dst, uint64_t *dst_len);
uint32_t cr_cipher_init(struct cr_op *op, const uint8_t *iv, size_t iv_len);
uint32_t cr_cipher_update(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
			  uint64_t *dst_len, bool final);
uint32_t cr_mac_init(struct cr_op *op, const uint8_t *iv, size_t iv_len);
uint32_t cr_mac_update(struct cr_op *op, const uint8_t *src, size_t len);
uint32_t cr_mac_final(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *mac,
		      uint64_t *mac_len);
uint32_t cr_ae_init(struct cr_op *op, const uint8_t *nonce, size_t nonce_len, uint32_t tag_bits,
		    uint64_t aad_len, uint64_t payload_len);
uint32_t cr_ae_update_aad(struct cr_op *op, const uint8_t *src, size_t len);
uint32_t cr_ae_update(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
		      uint64_t *dst_len);
uint32_t cr_ae_encrypt_final(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
			     uint64_t *dst_len, uint8_t *tag, uint64_t *tag_len);
uint32_t cr_ae_decrypt_final(struct cr_op *op, const uint8_t *src, size_t len, uint8_t *dst,
			     uint64_t *dst_len, const uint8_t *tag, size_t tag_len);
uint32_t cr_asymmetric(struct cr_op *op, uint32_t what, const struct tzv_cr_attr *params,
		       const void *const *bufs, uint32_t count, const uint8_t *src, size_t src_len,
		       uint8_t *dst, uint64_t *dst_len);
uint32_t cr_derive(struct cr_op *op, const struct tzv_cr_attr *params, const void *const *bufs,
		   uint32_t count, struct cr_obj *derived);

#endif
