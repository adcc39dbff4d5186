/* TA-to-TA sessions (tee/uta_call.c): syscalls 42..44 of include/tzvisor/ta_abi.h. */
#ifndef TEE_UTA_CALL_H
#define TEE_UTA_CALL_H

#include <stdbool.h>
#include <stdint.h>

struct uta;
/* From tee/uta.c: the UUID (RFC 4122 octet order) of a TA instance. */
const uint8_t *uta_uuid(const struct uta *u);

/* From tee/uta.c: what was loaded for a TA instance (its segments, its signed header's digest). */
struct uta_image;
const struct uta_image *uta_image_of(const struct uta *u);
/* The TA that opened session s (a session of a built-in TA), or NULL: a normal-world client's. */
struct ta_session;
struct uta *uta_call_caller(const struct ta_session *s);
/*
 * From tee/uta.c: uta_user_ptr (storage.h) for the running TA, and whether the
 * range lies in a memref of normal-world memory (*nonsecure).
 */
void *uta_user_ptr_where(uint64_t va, uint64_t len, bool write, bool *nonsecure);

/* A TEE_UUID as a TA passes it (native-endian fields) to RFC 4122 octets. */
void uta_uuid_to_octets(const uint8_t *u, uint8_t o[16]);

/* The syscalls of the running TA `caller`; a bad pointer ends it (no return). */
uint32_t uta_call_open(struct uta *caller, uint64_t uuid_va, uint64_t timeout, uint64_t types,
		       uint64_t params_va, uint64_t sess_va, uint64_t origin_va);
uint32_t uta_call_invoke(struct uta *caller, uint64_t sess, uint64_t timeout, uint64_t cmd,
			 uint64_t types, uint64_t params_va, uint64_t origin_va);
uint32_t uta_call_close(struct uta *caller, uint64_t sess);
/* The TA instance u ends: the sessions it opened are closed. */
void uta_call_release(struct uta *u);
/* The TEE instance (re)starts. */
void uta_call_reset(void);

#endif
