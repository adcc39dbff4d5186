/*
 * Syscalls 40..63 of user TAs: tee-supplicant plugins (OP-TEE's
 * OPTEE_RPC_CMD_SUPP_PLUGIN, what tee_invoke_supp_plugin reaches) and the GP
 * TA persistent time.
 *
 * The persistent time lives as long as the TEE instance: it is kept per TA
 * UUID as an offset from the system time and is lost when the VM's TEE
 * instance restarts (TEE_GetTAPersistentTime then answers TIME_NOT_SET again);
 * gpd.tee.TAPersistentTime.protectionLevel says 100 (REE-controlled).
 */
#include <lib/string.h>
#include <lib/sysreg.h>
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "storage.h"
#include "tee.h"
#include "uta_call.h"
#include "uta_sys.h"

#define OPTEE_RPC_CMD_SUPP_PLUGIN 12
#define OPTEE_RPC_SUPP_PLUGIN_INVOKE 0
#define TEE_ERROR_OVERFLOW 0xffff300fu
#define TEE_ERROR_TIME_NOT_SET 0xffff5000u
#define PLUGIN_PAGES (TZV_TA_SUPP_PLUGIN_MAX / TEE_PAGE + 1)

/* A word of the UUID octets, as tee-supplicant reads them: d1 holds [b3 b2 b1 b0]. */
static uint32_t octet_word(const uint8_t *b)
{
	return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
	       ((uint32_t)b[3] << 24);
}

uint32_t uta_sys_supp_plugin(uint64_t uuid_va, uint64_t cmd, uint64_t sub_cmd, uint64_t buf_va,
			     uint64_t len, uint64_t outlen_va)
{
	const uint8_t *u = uta_user_ptr(uuid_va, 16, false);
	uint64_t *outlen = uta_user_ptr(outlen_va, 8, true);
	if (!u || !outlen)
		uta_kill_current("SUPP_PLUGIN: bad pointer", uuid_va, outlen_va);
	if (len > TZV_TA_SUPP_PLUGIN_MAX)
		return TEEC_ERROR_BAD_PARAMETERS;
	/* read-only memory is fine as long as the plugin writes nothing back */
	const uint8_t *buf = NULL;
	if (len && !(buf = uta_user_ptr(buf_va, len, false)))
		uta_kill_current("SUPP_PLUGIN: bad buffer", buf_va, len);

	uint8_t o[16];
	uta_uuid_to_octets(u, o);

	struct rpc_shm arg;
	if (!rpc_alloc(OPTEE_MSG_GET_ARG_SIZE(TEE_RPC_ARG_PARAMS), &arg))
		return TEEC_ERROR_OUT_OF_MEMORY;
	uint64_t pages[PLUGIN_PAGES], cookie;
	struct nwbuf nb;
	bool allocated;
	uint64_t shm_size = len ? len : 1;
	uint32_t r = rpc_shm_alloc(&arg, shm_size, pages, PLUGIN_PAGES, &cookie, &nb, &allocated);
	if (r == TEEC_SUCCESS && len && nwbuf_write(&nb, 0, buf, len))
		r = TEEC_ERROR_BAD_PARAMETERS;
	if (r == TEEC_SUCCESS) {
		struct optee_msg_param p[4];
		memset(p, 0, sizeof(p));
		p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
		p[0].u.value.a = OPTEE_RPC_SUPP_PLUGIN_INVOKE;
		p[0].u.value.b = octet_word(o);
		p[0].u.value.c = octet_word(o + 4);
		p[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
		p[1].u.value.a = octet_word(o + 8);
		p[1].u.value.b = octet_word(o + 12);
		p[1].u.value.c = (uint32_t)cmd;
		p[2].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INOUT;
		p[2].u.value.a = (uint32_t)sub_cmd;
		p[3].attr = OPTEE_MSG_ATTR_TYPE_RMEM_INOUT;
		p[3].u.rmem.offs = 0;
		p[3].u.rmem.size = len;
		p[3].u.rmem.shm_ref = cookie;
		r = rpc_cmd(&arg, OPTEE_RPC_CMD_SUPP_PLUGIN, p, 4);
		uint64_t out = p[2].u.value.b;
		if (r == TEEC_SUCCESS && out > len)
			r = TEEC_ERROR_COMMUNICATION;
		uint8_t *back = r == TEEC_SUCCESS && out ? uta_user_ptr(buf_va, out, true) : NULL;
		/*
		 * An input memref is mapped read-only to the TA, but its pages are this
		 * instance's private copy of the client's data (never copied back): output
		 * may land there, as OP-TEE (which maps every memref writable) allows. The
		 * TA's own read-only segments stay refused.
		 */
		if (r == TEEC_SUCCESS && out && !back && uta_user_shared(buf_va, out))
			back = (uint8_t *)uta_user_ptr(buf_va, out, false);
		if (r == TEEC_SUCCESS && out && !back)
			r = TEEC_ERROR_ACCESS_DENIED; /* output for a buffer the TA may not write */
		if (r == TEEC_SUCCESS && out && nwbuf_read(&nb, 0, back, out))
			r = TEEC_ERROR_COMMUNICATION;
		if (r == TEEC_SUCCESS)
			*outlen = out;
	}
	if (allocated)
		rpc_shm_free(&arg, cookie);
	rpc_free(&arg);
	return r;
}

/* ---- TA persistent time ---- */

struct ta_time {
	bool set;
	uint8_t uuid[16];
	int64_t offset_ms; /* persistent time = system time + offset */
};
static struct ta_time ta_times[UTA_MAX];

static int64_t now_ms(void)
{
	uint64_t f = read_sysreg(cntfrq_el0), t = read_sysreg(cntvct_el0);
	return f ? (int64_t)(t / (f / 1000 ? f / 1000 : 1)) : 0;
}

uint32_t uta_sys_ta_time(const uint8_t uuid[16], uint64_t op, uint64_t time_va)
{
	uint32_t *t = uta_user_ptr(time_va, 8, true);
	if (!t)
		uta_kill_current("TA_TIME: bad pointer", time_va, 8);
	struct ta_time *e = NULL, *free_slot = NULL;
	for (unsigned i = 0; i < UTA_MAX; i++) {
		if (ta_times[i].set && !memcmp(ta_times[i].uuid, uuid, 16))
			e = &ta_times[i];
		else if (!ta_times[i].set && !free_slot)
			free_slot = &ta_times[i];
	}
	if (op == TZV_TA_TIME_SET) {
		if (t[1] >= 1000)
			return TEEC_ERROR_BAD_PARAMETERS;
		if (!e && !(e = free_slot))
			return TEEC_ERROR_OUT_OF_MEMORY;
		memcpy(e->uuid, uuid, 16);
		e->offset_ms = (int64_t)t[0] * 1000 + t[1] - now_ms();
		e->set = true;
		return TEEC_SUCCESS;
	}
	if (op != TZV_TA_TIME_GET)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (!e)
		return TEE_ERROR_TIME_NOT_SET;
	int64_t ms = now_ms() + e->offset_ms;
	if (ms < 0)
		ms = 0;
	uint64_t s = (uint64_t)ms / 1000;
	t[0] = (uint32_t)s; /* GP: the seconds wrap, and the call says OVERFLOW */
	t[1] = (uint32_t)((uint64_t)ms % 1000);
	return s > UINT32_MAX ? TEE_ERROR_OVERFLOW : TEEC_SUCCESS;
}

void uta_sys_reset(void)
{
	memset(ta_times, 0, sizeof(ta_times));
}
