/*
 * OP-TEE SMC ABI dispatch (SMC transport, as the Linux optee driver uses it).
 * regs[0..7] hold a0..a7; results go to a0..a3, a4..a7 stay as they were.
 */
#include <lib/string.h>
#include <abi/optee_msg.h>
#include <abi/optee_smc.h>
#include <abi/tee_client.h>
#include "tee.h"

bool tee_shm_cache_enabled;
struct nwbuf tee_rpc_arg;
bool tee_rpc_arg_present;

/* Function IDs this kernel answers (OPTEE_SMC_CALLS_COUNT reports how many). */
static const uint32_t implemented[] = {
	OPTEE_SMC_CALLS_COUNT,          OPTEE_SMC_CALLS_UID,
	OPTEE_SMC_CALLS_REVISION,       OPTEE_SMC_CALL_GET_OS_UUID,
	OPTEE_SMC_CALL_GET_OS_REVISION, OPTEE_SMC_CALL_RETURN_FROM_RPC,
	OPTEE_SMC_CALL_WITH_ARG,        OPTEE_SMC_GET_SHM_CONFIG,
	OPTEE_SMC_EXCHANGE_CAPABILITIES, OPTEE_SMC_DISABLE_SHM_CACHE,
	OPTEE_SMC_ENABLE_SHM_CACHE,     OPTEE_SMC_GET_THREAD_COUNT,
	OPTEE_SMC_CALL_WITH_RPC_ARG,    OPTEE_SMC_CALL_WITH_REGD_ARG,
};

void tee_state_reset(void)
{
	tee_shm_cache_enabled = false;
	tee_rpc_arg_present = false;
	session_reset();
	shm_reset();
	thread_reset();
	uta_reset();
}

static uint64_t reg_pair(uint64_t hi, uint64_t lo)
{
	return ((hi & 0xffffffffull) << 32) | (lo & 0xffffffffull);
}

/*
 * Runs the message in b; `rpc` (NULL: none) is the RPC argument after it, used
 * by the call's RPCs instead of RPC_ALLOC. An RPC arg that does not fit where
 * the driver put it is ignored: the call then allocates one as before.
 */
static uint32_t run_msg(const struct nwbuf *b, const struct nwbuf *rpc, uint32_t fid)
{
	static bool announced_rpc_arg, announced_regd_arg; /* once each */
	bool *announced = fid == OPTEE_SMC_CALL_WITH_REGD_ARG ? &announced_regd_arg
							     : &announced_rpc_arg;
	if (rpc && !*announced) {
		*announced = true;
		tee_log("the driver passes RPC arguments with its calls (function 0x%x)", fid);
	}
	if (rpc) {
		tee_rpc_arg = *rpc;
		tee_rpc_arg_present = true;
	}
	uint32_t r = msg_process(b);
	tee_rpc_arg_present = false;
	return r;
}

#define RPC_ARG_SIZE OPTEE_MSG_GET_ARG_SIZE(TEE_RPC_ARG_PARAMS)

/*
 * CALL_WITH_ARG / CALL_WITH_RPC_ARG: a1:a2 = PA of the optee_msg_arg (with
 * RPC_ARG: and of the RPC argument after it).
 */
static uint32_t call_with_arg(uint64_t pa, bool with_rpc_arg)
{
	struct optee_msg_arg hdr;
	struct nwbuf b = { 0 };

	if (pa == 0 || pa % 8 || !nw_range_ok(pa, sizeof(hdr)))
		return OPTEE_SMC_RETURN_EBADADDR;
	if (nw_read(pa, &hdr, sizeof(hdr)))
		return OPTEE_SMC_RETURN_EBADADDR;
	/* num_params is read again from the private copy in msg_process; the
	 * buffer handed over only covers what this header announces */
	if (hdr.num_params > TEE_MAX_MSG_PARAMS ||
	    !nw_range_ok(pa, OPTEE_MSG_GET_ARG_SIZE(hdr.num_params)))
		return OPTEE_SMC_RETURN_EBADADDR;
	b.pa = pa;
	b.size = OPTEE_MSG_GET_ARG_SIZE(hdr.num_params);
	struct nwbuf rpc = { .pa = pa + b.size, .size = RPC_ARG_SIZE };
	/* msg_process re-reads the header; if the normal world grew num_params
	 * meanwhile, the span check there fails against b.size */
	return run_msg(&b, with_rpc_arg && nw_range_ok(rpc.pa, rpc.size) ? &rpc : NULL,
		       OPTEE_SMC_CALL_WITH_RPC_ARG);
}

/* CALL_WITH_REGD_ARG: a1:a2 = cookie of a registered shm, a3 = offset in it. */
static uint32_t call_with_regd_arg(uint64_t cookie, uint64_t offs)
{
	struct tee_shm *shm = shm_find(cookie);
	struct optee_msg_arg hdr;
	struct nwbuf b, rpc;

	if (!shm || offs % 8 || (shm->buf.first_off + offs) % 8 ||
	    !nwbuf_span_ok(&shm->buf, offs, sizeof(hdr)))
		return OPTEE_SMC_RETURN_EBADADDR;
	nwbuf_sub(&shm->buf, offs, sizeof(hdr), &b); /* one page: read directly */
	if (nwbuf_read(&b, 0, &hdr, sizeof(hdr)))
		return OPTEE_SMC_RETURN_EBADADDR;
	/* as call_with_arg: the message is what its header announces, the RPC arg after it */
	uint64_t len = OPTEE_MSG_GET_ARG_SIZE(hdr.num_params);
	if (hdr.num_params > TEE_MAX_MSG_PARAMS || !nwbuf_span_ok(&shm->buf, offs, len))
		return OPTEE_SMC_RETURN_EBADADDR;
	nwbuf_sub(&shm->buf, offs, len, &b);
	uint64_t rpc_off = offs + len;
	bool fits = nwbuf_span_ok(&shm->buf, rpc_off, RPC_ARG_SIZE);
	if (fits)
		nwbuf_sub(&shm->buf, rpc_off, RPC_ARG_SIZE, &rpc);
	return run_msg(&b, fits ? &rpc : NULL, OPTEE_SMC_CALL_WITH_REGD_ARG);
}

/*
 * The header of the optee_msg_arg a yielding call names, with the same address
 * checks as the call itself; false if it is unusable.
 */
static bool arg_header(const uint64_t regs[8], struct nwbuf *b)
{
	uint32_t fid = (uint32_t)regs[0];
	uint64_t len = sizeof(struct optee_msg_arg);

	memset(b, 0, sizeof(*b));
	if (fid == OPTEE_SMC_CALL_WITH_ARG || fid == OPTEE_SMC_CALL_WITH_RPC_ARG) {
		uint64_t pa = reg_pair(regs[1], regs[2]);
		if (pa == 0 || pa % 8 || !nw_range_ok(pa, len))
			return false;
		b->pa = pa;
		b->size = len;
		return true;
	}
	if (fid == OPTEE_SMC_CALL_WITH_REGD_ARG) {
		struct tee_shm *shm = shm_find(reg_pair(regs[1], regs[2]));
		uint64_t offs = regs[3] & 0xffffffffull;
		if (!shm || offs % 8 || (shm->buf.first_off + offs) % 8 ||
		    !nwbuf_span_ok(&shm->buf, offs, len))
			return false;
		nwbuf_sub(&shm->buf, offs, len, b);
		return true;
	}
	return false;
}

bool tee_cancel_while_busy(uint64_t regs[8])
{
	struct optee_msg_arg hdr;
	struct nwbuf b;

	if (!arg_header(regs, &b) || nwbuf_read(&b, 0, &hdr, sizeof(hdr)) ||
	    hdr.cmd != OPTEE_MSG_CMD_CANCEL)
		return false;
	uint32_t ret = msg_cancel(&hdr), origin = TEEC_ORIGIN_TEE;
	nwbuf_write(&b, offsetof(struct optee_msg_arg, ret), &ret, sizeof(ret));
	nwbuf_write(&b, offsetof(struct optee_msg_arg, ret_origin), &origin, sizeof(origin));
	regs[0] = OPTEE_SMC_RETURN_OK;
	regs[1] = regs[2] = regs[3] = 0;
	return true;
}

void tee_handle_smc(uint64_t regs[8])
{
	uint32_t fid = (uint32_t)regs[0];

	switch (fid) {
	case OPTEE_SMC_CALLS_COUNT:
		regs[0] = sizeof(implemented) / sizeof(implemented[0]);
		break;
	case OPTEE_SMC_CALLS_UID:
		regs[0] = OPTEE_MSG_UID_0;
		regs[1] = OPTEE_MSG_UID_1;
		regs[2] = OPTEE_MSG_UID_2;
		regs[3] = OPTEE_MSG_UID_3;
		break;
	case OPTEE_SMC_CALLS_REVISION:
		regs[0] = OPTEE_MSG_REVISION_MAJOR;
		regs[1] = OPTEE_MSG_REVISION_MINOR;
		break;
	case OPTEE_SMC_CALL_GET_OS_UUID:
		regs[0] = OPTEE_MSG_OS_OPTEE_UUID_0;
		regs[1] = OPTEE_MSG_OS_OPTEE_UUID_1;
		regs[2] = OPTEE_MSG_OS_OPTEE_UUID_2;
		regs[3] = OPTEE_MSG_OS_OPTEE_UUID_3;
		break;
	case OPTEE_SMC_CALL_GET_OS_REVISION:
		regs[0] = TEE_OS_REV_MAJOR;
		regs[1] = TEE_OS_REV_MINOR;
		regs[2] = 0; /* build id */
		break;
	case OPTEE_SMC_EXCHANGE_CAPABILITIES:
		regs[0] = OPTEE_SMC_RETURN_OK;
		regs[1] = OPTEE_SMC_SEC_CAP_DYNAMIC_SHM | OPTEE_SMC_SEC_CAP_MEMREF_NULL |
			  OPTEE_SMC_SEC_CAP_RPC_ARG;
		regs[2] = 0;                  /* max notification value */
		regs[3] = TEE_RPC_ARG_PARAMS; /* params of the RPC arg after each call's */
		break;
	case OPTEE_SMC_GET_SHM_CONFIG:
		regs[0] = OPTEE_SMC_RETURN_ENOTAVAIL;
		break;
	case OPTEE_SMC_ENABLE_SHM_CACHE:
		tee_shm_cache_enabled = true;
		regs[0] = OPTEE_SMC_RETURN_OK;
		break;
	case OPTEE_SMC_DISABLE_SHM_CACHE:
		/* nothing is ever cached, so the cache is empty at once */
		tee_shm_cache_enabled = false;
		regs[0] = OPTEE_SMC_RETURN_ENOTAVAIL;
		break;
	case OPTEE_SMC_GET_THREAD_COUNT:
		regs[0] = OPTEE_SMC_RETURN_OK;
		regs[1] = 1;
		break;
	case OPTEE_SMC_CALL_WITH_ARG:
	case OPTEE_SMC_CALL_WITH_RPC_ARG:
		regs[0] =
		    call_with_arg(reg_pair(regs[1], regs[2]), fid == OPTEE_SMC_CALL_WITH_RPC_ARG);
		regs[1] = regs[2] = regs[3] = 0;
		break;
	case OPTEE_SMC_CALL_WITH_REGD_ARG:
		regs[0] = call_with_regd_arg(reg_pair(regs[1], regs[2]), regs[3] & 0xffffffffull);
		regs[1] = regs[2] = regs[3] = 0;
		break;
	case OPTEE_SMC_CALL_RETURN_FROM_RPC:
		/* resuming is thread_route()'s (tee/thread.c): one that gets here has nothing to resume */
		regs[0] = OPTEE_SMC_RETURN_ERESUME;
		break;
	default: /* includes VM_CREATED/VM_DESTROYED, handled by the TEE-visor */
		regs[0] = OPTEE_SMC_RETURN_UNKNOWN_FUNCTION;
		break;
	}
}
