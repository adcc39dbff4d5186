/*
 * RPCs to the normal world, as OP-TEE's SMC ABI defines them and Linux's optee
 * driver serves them: the RPC argument comes with the call (RPC_ARG
 * capability: CALL_WITH_RPC_ARG / CALL_WITH_REGD_ARG), or, for a call made
 * with plain CALL_WITH_ARG, from OPTEE_SMC_RETURN_RPC_ALLOC / RPC_FREE;
 * OPTEE_SMC_RETURN_RPC_CMD for a command in it (load TA, shared memory for
 * tee-supplicant, time, sleep). Everything the normal world writes is read
 * back into private memory before it is looked at.
 */
#include <lib/string.h>
#include <abi/optee_msg.h>
#include <abi/optee_smc.h>
#include <abi/tee_client.h>
#include "tee.h"

static uint64_t pair(uint64_t hi, uint64_t lo)
{
	return ((hi & 0xffffffffull) << 32) | (lo & 0xffffffffull);
}

bool rpc_alloc(uint64_t size, struct rpc_shm *out)
{
	uint64_t rpc[8] = { OPTEE_SMC_RETURN_RPC_ALLOC, size }, ans[8];

	memset(out, 0, sizeof(*out));
	if (tee_rpc_arg_present && size <= tee_rpc_arg.size) {
		nwbuf_sub(&tee_rpc_arg, 0, size, &out->buf);
		out->size = size;
		out->preallocated = true;
		return true;
	}
	thread_rpc(rpc, ans);
	uint64_t pa = pair(ans[1], ans[2]), cookie = pair(ans[4], ans[5]);
	if (pa == 0)
		return false;
	if (pa % 8 || !nw_range_ok(pa, size)) {
		tee_log("RPC_ALLOC answered 0x%llx, outside the VM or unaligned",
			(unsigned long long)pa);
		/* give it back all the same */
		struct rpc_shm bad = { .pa = pa, .cookie = cookie, .size = size };
		rpc_free(&bad);
		return false;
	}
	out->pa = pa;
	out->cookie = cookie;
	out->size = size;
	out->buf.pa = pa;
	out->buf.size = size;
	return true;
}

void rpc_free(const struct rpc_shm *s)
{
	if (s->preallocated)
		return;
	uint64_t rpc[8] = { OPTEE_SMC_RETURN_RPC_FREE, s->cookie >> 32, s->cookie & 0xffffffffu },
		 ans[8];
	thread_rpc(rpc, ans);
}

uint32_t rpc_cmd(const struct rpc_shm *arg, uint32_t cmd, struct optee_msg_param *p, unsigned n)
{
	struct {
		struct optee_msg_arg hdr;
		struct optee_msg_param params[TEE_RPC_ARG_PARAMS];
	} m;
	uint64_t len = OPTEE_MSG_GET_ARG_SIZE(n);

	if (n > TEE_RPC_ARG_PARAMS || len > arg->size)
		return TEEC_ERROR_BAD_PARAMETERS;
	memset(&m, 0, sizeof(m));
	m.hdr.cmd = cmd;
	m.hdr.num_params = n;
	m.hdr.ret = TEEC_ERROR_COMMUNICATION;
	memcpy(m.params, p, n * sizeof(*p));
	if (nwbuf_write(&arg->buf, 0, &m, len))
		return TEEC_ERROR_COMMUNICATION;

	uint64_t rpc[8] = { OPTEE_SMC_RETURN_RPC_CMD, arg->cookie >> 32, arg->cookie & 0xffffffffu },
		 ans[8];
	thread_rpc(rpc, ans);

	if (nwbuf_read(&arg->buf, 0, &m, len))
		return TEEC_ERROR_COMMUNICATION;
	memcpy(p, m.params, n * sizeof(*p));
	return m.hdr.ret;
}
