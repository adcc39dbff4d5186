/*
 * OP-TEE's RNG pseudo TA (UUID and command ids of OP-TEE's pta_rng.h), a TEE
 * bus device listed by GET_DEVICES (tee/pta_device.c), so Linux's optee-rng
 * binds to it and offers it as /dev/hwrng.
 *
 * GET_ENTROPY fills its MEMREF_INOUT (the kernel's bounce copy of the client's
 * buffer, checked against the VM by tee/msg.c before it got here) with the
 * kernel's random source, the CPU's RNDR (tee/uta.c), and leaves its size as
 * it came. Without RNDR, or when it fails, the command answers
 * TEE_ERROR_NOT_SUPPORTED and the client gets none of the buffer: the
 * counter-based fallback of tee_random_bytes is never passed off as entropy
 * (OP-TEE builds this PTA only with a hardware RNG). A NULL buffer is
 * TEE_ERROR_BAD_PARAMETERS, as OP-TEE's.
 *
 * Every client may open it, as OP-TEE's: Linux's optee-rng opens it with the
 * public login, the same login user space has, so a login check could not
 * keep user space out. It answers nothing but fresh random bytes: each VM has
 * its own TEE instance, which keeps no random state of its own (every read goes
 * to RNDR), so one VM's bytes say nothing about another's beyond what the CPU's
 * generator itself would let one predict.
 */
#include <abi/tee_client.h>
#include <tzvisor/pta_uuid.h>
#include "crypto.h"
#include "tee.h"

/*
 * GET_RNG_INFO. Rate 0: RNDR answers at instruction speed, so there is no rate
 * for optee-rng to wait for between reads (0 tells it not to sleep).
 * Quality 512 of 1024: RNDR is the output of the CPU's DRBG, seeded from its
 * noise source, not the noise source itself, and this kernel cannot measure
 * that source; Linux credits half of each byte to its pool rather than all.
 */
#define RNG_RATE_BYTES_PER_S 0
#define RNG_QUALITY_PER_1024 512

static uint32_t get_entropy(struct ta_param p[TEE_TA_PARAMS])
{
	static const uint32_t types[TEE_TA_PARAMS] = {TA_T(TA_PARAM_MEMREF_INOUT),
						      TA_T(TA_PARAM_NONE), TA_T(TA_PARAM_NONE),
						      TA_T(TA_PARAM_NONE)};
	if (!ta_check_types(p, types) || !p[0].u.memref.buf)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (!tee_hw_random_bytes(p[0].u.memref.buf, (size_t)p[0].u.memref.size))
		return TEEC_ERROR_NOT_SUPPORTED; /* nothing is copied out on an error (msg.c) */
	return TEEC_SUCCESS;
}

static uint32_t get_info(struct ta_param p[TEE_TA_PARAMS])
{
	static const uint32_t types[TEE_TA_PARAMS] = {TA_T(TA_PARAM_VALUE_OUTPUT),
						      TA_T(TA_PARAM_NONE), TA_T(TA_PARAM_NONE),
						      TA_T(TA_PARAM_NONE)};
	if (!ta_check_types(p, types))
		return TEEC_ERROR_BAD_PARAMETERS;
	p[0].u.value.a = RNG_RATE_BYTES_PER_S;
	p[0].u.value.b = RNG_QUALITY_PER_1024;
	return TEEC_SUCCESS;
}

static uint32_t rng_invoke(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS])
{
	(void)s;
	switch (cmd) {
	case PTA_RNG_CMD_GET_ENTROPY:
		return get_entropy(p);
	case PTA_RNG_CMD_GET_RNG_INFO:
		return get_info(p);
	default:
		return TEEC_ERROR_NOT_IMPLEMENTED;
	}
}

const struct ta_ops pta_rng = {
    .name = "rng",
    .uuid = PTA_RNG_UUID_OCTETS,
    .tee_bus = TA_TEE_BUS_KERNEL,
    .invoke = rng_invoke,
};
