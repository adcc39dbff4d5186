/*
 * OP-TEE's system pseudo TA (UUID and command ids of OP-TEE's pta_system.h),
 * for TAs only, as OP-TEE's: PTA_SYSTEM_ADD_RNG_ENTROPY and
 * PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY. Every other command (memory mapping,
 * dynamic TA libraries, the TPM event log, plugins) answers
 * TEE_ERROR_NOT_SUPPORTED.
 *
 * The derived key is HKDF-SHA256 of the instance's storage key (from the
 * monitor, per device and VM: docs/keys.md) with the info "tzvisor
 * ta-unique-key" | caller's TEE_UUID | the caller's extra data, so it is
 * unique per device, VM, TA and extra data, and no other use of the storage
 * key can produce it. The key's buffer must be secure memory: a TA passing on
 * its normal-world client's memref (marked non-secure by the kernel, see
 * struct ta_param) gets TEE_ERROR_SECURITY and nothing is written.
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/secure_abi.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include "tee.h"

#define TEE_LOGIN_TRUSTED_APP 0xf0000000u
#define CMD_ADD_RNG_ENTROPY 0
#define CMD_DERIVE_TA_UNIQUE_KEY 1
#define KEY_MIN 16
#define KEY_MAX 32
#define EXTRA_MAX 1024

static const char label[] = "tzvisor ta-unique-key";

static uint32_t system_open(struct ta_session *s, struct ta_param p[TEE_TA_PARAMS])
{
	(void)p;
	/* a service for TAs: the normal world has no business here */
	return s->login == TEE_LOGIN_TRUSTED_APP ? TEEC_SUCCESS : TEEC_ERROR_ACCESS_DENIED;
}

static uint32_t derive_key(const struct ta_session *s, struct ta_param p[TEE_TA_PARAMS])
{
	static const uint32_t types[TEE_TA_PARAMS] = {TA_T(TA_PARAM_MEMREF_INPUT),
						      TA_T(TA_PARAM_MEMREF_OUTPUT),
						      TA_T(TA_PARAM_NONE), TA_T(TA_PARAM_NONE)};
	static uint8_t info[sizeof(label) - 1 + 16 + EXTRA_MAX];
	uint8_t ikm[32];
	if (!ta_check_types(p, types))
		return TEEC_ERROR_BAD_PARAMETERS;
	uint64_t extra = p[0].u.memref.size, n = p[1].u.memref.size;
	if (extra > EXTRA_MAX || (extra && !p[0].u.memref.buf) || n < KEY_MIN || n > KEY_MAX ||
	    !p[1].u.memref.buf)
		return TEEC_ERROR_BAD_PARAMETERS;
	/* as OP-TEE's: a TA-unique key is never written to the normal world's memory */
	if (p[1].u.memref.nonsecure)
		return TEEC_ERROR_SECURITY;
	if (tee_instance_key(TZV_KEY_PURPOSE_STORAGE, ikm) != 0)
		return TEEC_ERROR_ITEM_NOT_FOUND; /* no device secret */
	memcpy(info, label, sizeof(label) - 1);
	memcpy(info + sizeof(label) - 1, s->client_uuid, 16);
	if (extra)
		memcpy(info + sizeof(label) - 1 + 16, p[0].u.memref.buf, (size_t)extra);
	int r = mbedtls_hkdf(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), NULL, 0, ikm,
			     sizeof(ikm), info, sizeof(label) - 1 + 16 + (size_t)extra,
			     p[1].u.memref.buf, (size_t)n);
	memset(ikm, 0, sizeof(ikm));
	return r ? TEEC_ERROR_GENERIC : TEEC_SUCCESS;
}

static uint32_t system_invoke(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS])
{
	static const uint32_t entropy_types[TEE_TA_PARAMS] = {
	    TA_T(TA_PARAM_MEMREF_INPUT), TA_T(TA_PARAM_NONE), TA_T(TA_PARAM_NONE),
	    TA_T(TA_PARAM_NONE)};
	switch (cmd) {
	case CMD_ADD_RNG_ENTROPY:
		/* TEE_GenerateRandom draws from the CPU's RNDR: nothing to mix in */
		return ta_check_types(p, entropy_types) ? TEEC_SUCCESS : TEEC_ERROR_BAD_PARAMETERS;
	case CMD_DERIVE_TA_UNIQUE_KEY:
		return derive_key(s, p);
	default:
		return TEEC_ERROR_NOT_SUPPORTED;
	}
}

const struct ta_ops pta_system = {
    .name = "system",
    /* 3a2f8978-5dc0-11e8-9c2d-fa7ae01bbebc */
    .uuid = {0x3a, 0x2f, 0x89, 0x78, 0x5d, 0xc0, 0x11, 0xe8, 0x9c, 0x2d, 0xfa, 0x7a, 0xe0, 0x1b,
	     0xbe, 0xbc},
    .open = system_open,
    .invoke = system_invoke,
};
