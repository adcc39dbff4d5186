/*
 * OP-TEE's device-enumeration pseudo TA (UUID and command ids of OP-TEE's
 * pta_device.h). Linux's optee driver opens it at probe (GET_DEVICES) and again
 * once tee-supplicant has opened /dev/teepriv0 (GET_DEVICES_SUPP), and registers
 * one TEE bus device "optee-ta-<uuid>" per UUID answered; a driver such as
 * optee-rng then binds to its UUID.
 *
 * Each command takes one MEMREF_OUTPUT and writes the UUIDs of the built-in TAs
 * whose tee_bus names that list (struct ta_ops), 16 octets each in RFC 4122
 * order, as Linux reads them into a uuid_t. The size is always set to the bytes
 * needed; a buffer too small for them (Linux first asks with a NULL one of size
 * 0) gets TEE_ERROR_SHORT_BUFFER, as OP-TEE's. An empty list is size 0 and
 * TEE_SUCCESS. Linux 6.1 asks for nothing else (no RPMB list): any other command
 * answers TEE_ERROR_NOT_IMPLEMENTED, as OP-TEE 4.1's.
 *
 * Every client may open it, as OP-TEE's: Linux 6.1's driver opens it with the
 * public login (the TEE sees login 0 at probe), the login user space has too,
 * so no login check could keep user space out without losing the driver. What
 * it tells is no secret: the same fixed UUIDs in every VM, of PTAs anyone in
 * the VM may open anyway.
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/pta_uuid.h>
#include "tee.h"

static uint32_t get_devices(struct ta_param p[TEE_TA_PARAMS], enum ta_tee_bus list)
{
	static const uint32_t types[TEE_TA_PARAMS] = {TA_T(TA_PARAM_MEMREF_OUTPUT),
						      TA_T(TA_PARAM_NONE), TA_T(TA_PARAM_NONE),
						      TA_T(TA_PARAM_NONE)};
	if (!ta_check_types(p, types))
		return TEEC_ERROR_BAD_PARAMETERS;
	uint8_t *buf = p[0].u.memref.buf;
	uint64_t room = buf ? p[0].u.memref.size : 0, need = 0;
	if (!buf && p[0].u.memref.size)
		return TEEC_ERROR_BAD_PARAMETERS;
	const struct ta_ops *ta;
	for (unsigned i = 0; (ta = ta_builtin(i)) != NULL; i++) {
		if (ta->tee_bus != list)
			continue;
		if (need + 16 <= room)
			memcpy(buf + need, ta->uuid, 16);
		need += 16;
	}
	p[0].u.memref.size = need;
	return need > room ? TEEC_ERROR_SHORT_BUFFER : TEEC_SUCCESS;
}

static uint32_t device_invoke(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS])
{
	(void)s;
	switch (cmd) {
	case PTA_DEVICE_CMD_GET_DEVICES:
		return get_devices(p, TA_TEE_BUS_KERNEL);
	case PTA_DEVICE_CMD_GET_DEVICES_SUPP:
		return get_devices(p, TA_TEE_BUS_SUPP);
	default:
		return TEEC_ERROR_NOT_IMPLEMENTED;
	}
}

const struct ta_ops pta_device = {
    .name = "device",
    .uuid = PTA_DEVICE_UUID_OCTETS,
    .invoke = device_invoke,
};
