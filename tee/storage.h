/* Trusted storage for user TAs (tee/storage*.c, docs/storage.md). */
#ifndef TEE_STORAGE_H
#define TEE_STORAGE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * TZV_TA_SYS_STORAGE from the running TA instance `owner` (its UUID in RFC
 * 4122 octet order): op = TZV_ST_*, a1..a4 as include/tzvisor/ta_storage_abi.h
 * has them. Returns a TEE_Result; a bad pointer ends the TA.
 */
uint32_t storage_syscall(const void *owner, const uint8_t uuid[16], uint64_t op, uint64_t a1,
			 uint64_t a2, uint64_t a3, uint64_t a4);
/* A TA instance ended: its handles and enumerators go. */
void storage_release(const void *owner);
/* The TEE instance (re)starts: nothing open, nothing seen. */
void storage_reset(void);

/*
 * A persistent object's handle of owner: what it is and its stored attributes
 * (for the kernel's key objects, tee/crypto_sys.c). false: no such handle.
 */
bool storage_key_attributes(const void *owner, uint32_t handle, uint32_t *type, uint32_t *obj_size,
			    uint32_t *max_size, uint32_t *usage, const uint8_t **meta,
			    uint32_t *meta_len);

/*
 * Objects of the kernel itself (tee/storage_kernel.c) in the namespace of owner, a built-in
 * TA's UUID: one object's data, written whole (created or replaced), read whole into fresh
 * private pages (*data, *npages; ITEM_NOT_FOUND when there is none).
 */
uint32_t storage_kernel_write(const uint8_t owner[16], const uint8_t *id, uint32_t id_len,
			      const uint8_t *data, uint64_t len);
uint32_t storage_kernel_read(const uint8_t owner[16], const uint8_t *id, uint32_t id_len,
			     uint8_t **data, uint64_t *len, unsigned *npages);
/* The object deleted (marked so in the rollback table, then its file removed). */
uint32_t storage_kernel_remove(const uint8_t owner[16], const uint8_t *id, uint32_t id_len);

/* From tee/uta.c, for the running TA's syscall: its pointer [va, va+len), or NULL. */
void *uta_user_ptr(uint64_t va, uint64_t len, bool write);
/*
 * A TA pointer to a structure or integer the kernel reads or writes as that type:
 * inside the TA's memory and aligned for it (a misaligned one is undefined in C;
 * libutee's are always aligned). NULL otherwise. Found by tests/fuzz/fuzz_storage.c
 * (storage syscalls) and fuzz_socket (SOCKET's handle and length words).
 */
#define user_obj(va, type, write)                                                                  \
	((va) % _Alignof(type) ? NULL : (type *)uta_user_ptr((va), sizeof(type), (write)))
/* Is [va, va+len) in a memref parameter of the running TA (the client's shared memory)? */
bool uta_user_shared(uint64_t va, uint64_t len);
/* Ends the running TA instance (bad syscall argument); does not return. */
void uta_kill_current(const char *why, uint64_t a, uint64_t b) __attribute__((noreturn));

#endif
