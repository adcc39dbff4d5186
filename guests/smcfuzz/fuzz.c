/*
 * smcfuzz's attacker (VM 1): SMCFUZZ_CALLS calls from SMCFUZZ_SEED (params.h), their
 * RPCs answered at random, the outcomes counted; then a restart and a check that the
 * fresh instance works. docs/fuzzing.md.
 */
#include <abi/optee_msg.h>
#include <abi/optee_smc.h>
#include <abi/psci.h>
#include <abi/tee_client.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/hyp_abi.h>
#include <tzvisor/platform.h>
#include <tzvisor/pta_uuid.h>
#include <tzvisor/sip.h>
#include "smcfuzz.h"
#include "params.h"

/* ---- the PRNG: splitmix64 ---- */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* ---- OP-TEE calls as the Linux driver makes them ---- */

/* Counts of a0 after each call (its last entry when RPCs were answered). */
enum {
	C_OK,
	C_ETHREAD_LIMIT,
	C_EBUSY,
	C_ERESUME,
	C_EBADADDR,
	C_EBADCMD,
	C_ENOMEM,
	C_ENOTAVAIL,
	C_UNKNOWN,  /* UNKNOWN_FUNCTION / SMCCC NOT_SUPPORTED */
	C_RPC_LEFT, /* still asking for an RPC when the fuzzer gave up on it */
	C_OTHER,    /* any other value: UIDs, revisions, PSCI codes */
	C_COUNT
};
static const char *const class_name[C_COUNT] = {
    "ok",     "ethread_limit", "ebusy",	  "eresume",  "ebadaddr", "ebadcmd",
    "enomem", "enotavail",     "unknown", "rpc_left", "other",
};
static uint64_t classes[C_COUNT];

/* Counts of optee_msg_arg.ret after a message the kernel answered with a0 = OK. */
enum {
	M_SUCCESS,
	M_BAD_PARAMETERS,
	M_ITEM_NOT_FOUND,
	M_TARGET_DEAD,
	M_OUT_OF_MEMORY,
	M_BUSY,
	M_OTHER,
	M_COUNT
};
static const char *const msg_name[M_COUNT] = {
    "success", "bad_parameters", "item_not_found", "target_dead", "out_of_memory", "busy", "other",
};
static uint64_t msg_rets[M_COUNT];
static uint64_t rpcs_answered, calls_made;

/* The four RPC returns (a 64-bit value: PSCI's -2 is not one). */
static int is_rpc(uint64_t a0)
{
	return a0 == OPTEE_SMC_RETURN_RPC_ALLOC || a0 == OPTEE_SMC_RETURN_RPC_FREE ||
	       a0 == OPTEE_SMC_RETURN_RPC_FOREIGN_INTR || a0 == OPTEE_SMC_RETURN_RPC_CMD;
}

/* Calls whose a0 is information, not a return code (a0 = 2 is a revision there, not EBUSY). */
static int a0_is_data(uint32_t fid)
{
	return fid == OPTEE_SMC_CALLS_COUNT || fid == OPTEE_SMC_CALLS_UID ||
	       fid == OPTEE_SMC_CALLS_REVISION || fid == OPTEE_SMC_CALL_GET_OS_UUID ||
	       fid == OPTEE_SMC_CALL_GET_OS_REVISION || (fid >> 24 & 0x3f) == 4 /* PSCI */ ||
	       (fid >> 24 & 0x3f) == 0 /* SMCCC arch */ || (fid >> 24 & 0x3f) == 6 /* VM info */;
}

static unsigned classify(uint64_t a0)
{
	if (a0 <= OPTEE_SMC_RETURN_ENOTAVAIL)
		return (unsigned)a0;
	if ((uint32_t)a0 == OPTEE_SMC_RETURN_UNKNOWN_FUNCTION) /* also SMCCC's 64-bit -1 */
		return C_UNKNOWN;
	if (is_rpc(a0))
		return C_RPC_LEFT;
	return C_OTHER;
}

static void count_msg(uint32_t ret)
{
	unsigned c = ret == TEEC_SUCCESS		? M_SUCCESS
		     : ret == TEEC_ERROR_BAD_PARAMETERS ? M_BAD_PARAMETERS
		     : ret == TEEC_ERROR_ITEM_NOT_FOUND ? M_ITEM_NOT_FOUND
		     : ret == TEEC_ERROR_TARGET_DEAD	? M_TARGET_DEAD
		     : ret == TEEC_ERROR_OUT_OF_MEMORY	? M_OUT_OF_MEMORY
		     : ret == TEEC_ERROR_BUSY		? M_BUSY
							: M_OTHER;
	msg_rets[c]++;
}

/* ---- the attacker ---- */

static uint64_t scratch(void)
{
	return ram_base + SCRATCH_OFF;
}

/* An address: mostly in the VM's own RAM, else another VM's, the hypervisor's, secure
 * SRAM, nobody's, the edge of its RAM, or anything. */
static uint64_t rand_addr(void)
{
	switch (below(16)) {
	case 0:
	case 1:
	case 2:
	case 3:
	case 4:
	case 5:
	case 6:
		return scratch() + below(SCRATCH_PAGES * PAGE_SIZE);
	case 7:
		return ram_base + ram_size - below(64);
	case 8:
		return (ram_base == 0x42000000ul ? 0x4a000000ul : 0x42000000ul) + below(0x8000000);
	case 9:
		return 0x40000000ul + below(0x2000000); /* the hypervisor */
	case 10:
		return SRAM_BASE + below(0x1000000);
	case 11:
		return 0x52000000ul + below(0x1000000); /* nobody's */
	case 12:
		return ram_base - below(0x2000);
	default:
		return rnd();
	}
}

static uint64_t rand_page(void)
{
	uint64_t a = below(4) ? scratch() + below(SCRATCH_PAGES) * PAGE_SIZE : rand_addr();
	return below(8) ? a & ~(PAGE_SIZE - 1) : a;
}

static uint64_t rand_size(void)
{
	switch (below(6)) {
	case 0:
		return 0;
	case 1:
		return below(64);
	case 2:
		return below(PAGE_SIZE * 3);
	case 3:
		return below(0x20000);
	case 4:
		return 0x10000 + below(16) - 8;
	default:
		return rnd() >> below(64);
	}
}

/* A page list (OPTEE_MSG_ATTR_NONCONTIG) at a scratch page; returns buf_ptr for it. */
static uint64_t rand_pagelist(void)
{
	uint64_t list = scratch() + below(SCRATCH_PAGES) * PAGE_SIZE;
	uint64_t *e = (uint64_t *)list;
	unsigned n = (unsigned)below(24);
	for (unsigned i = 0; i < n; i++)
		e[i] = rand_page();
	if (!below(8))
		e[511] = rand_page(); /* the next list page */
	return list + (below(4) ? 0 : below(PAGE_SIZE));
}

/* Sessions it opened (the last 16: the instance has 16); all closed every 64 cases, as a
 * client would clean up. */
#define SESSIONS 16
static uint32_t sessions[SESSIONS];
static unsigned sessions_opened;
static uint32_t highest_session; /* of the opens it saw succeed */
static uint64_t cookies[4] = {1, 2, 3, 0x1234};

static const uint8_t uuid_hello[16] = PTA_HELLO_UUID_OCTETS;
static const uint8_t uuid_echo[16] = PTA_ECHO_UUID_OCTETS;
static const uint8_t uuid_attest[16] = PTA_ATTEST_UUID_OCTETS;
static const uint8_t uuid_optee_attest[16] = PTA_OPTEE_ATTEST_UUID_OCTETS;

static void rand_param(struct optee_msg_param *p)
{
	static const uint64_t attrs[] = {
	    OPTEE_MSG_ATTR_TYPE_NONE,	      OPTEE_MSG_ATTR_TYPE_VALUE_INPUT,
	    OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT,
	    OPTEE_MSG_ATTR_TYPE_RMEM_INPUT,   OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT,
	    OPTEE_MSG_ATTR_TYPE_RMEM_INOUT,   OPTEE_MSG_ATTR_TYPE_TMEM_INPUT,
	    OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT,  OPTEE_MSG_ATTR_TYPE_TMEM_INOUT,
	};
	p->attr = below(16) ? attrs[below(sizeof(attrs) / sizeof(attrs[0]))] : rnd();
	if (!below(6))
		p->attr |= OPTEE_MSG_ATTR_NONCONTIG;
	uint32_t type = p->attr & OPTEE_MSG_ATTR_TYPE_MASK;
	if (type >= OPTEE_MSG_ATTR_TYPE_TMEM_INPUT && type <= OPTEE_MSG_ATTR_TYPE_TMEM_INOUT) {
		p->u.tmem.buf_ptr = (p->attr & OPTEE_MSG_ATTR_NONCONTIG) ? rand_pagelist()
				    : below(8)				 ? rand_addr()
									 : 0;
		p->u.tmem.size = rand_size();
		p->u.tmem.shm_ref = rnd();
	} else if (type >= OPTEE_MSG_ATTR_TYPE_RMEM_INPUT &&
		   type <= OPTEE_MSG_ATTR_TYPE_RMEM_INOUT) {
		p->u.rmem.offs = rand_size();
		p->u.rmem.size = rand_size();
		p->u.rmem.shm_ref = below(4) ? cookies[below(4)] : rnd();
	} else {
		p->u.value.a = below(2) ? below(8) : rnd();
		p->u.value.b = rnd();
		p->u.value.c = rnd();
	}
}

/* A random optee_msg_arg at pa (in scratch); returns it. */
static struct optee_msg_arg *rand_msg(uint64_t pa)
{
	struct optee_msg_arg *a = (struct optee_msg_arg *)pa;
	unsigned n = (unsigned)below(8);
	if (pa + OPTEE_MSG_GET_ARG_SIZE(7) > scratch() + SCRATCH_PAGES * PAGE_SIZE)
		n = 0;
	memset(a, 0, OPTEE_MSG_GET_ARG_SIZE(n));
	static const uint32_t cmds[] = {OPTEE_MSG_CMD_OPEN_SESSION,   OPTEE_MSG_CMD_OPEN_SESSION,
					OPTEE_MSG_CMD_INVOKE_COMMAND, OPTEE_MSG_CMD_INVOKE_COMMAND,
					OPTEE_MSG_CMD_CLOSE_SESSION,  OPTEE_MSG_CMD_CANCEL,
					OPTEE_MSG_CMD_REGISTER_SHM,   OPTEE_MSG_CMD_UNREGISTER_SHM,
					OPTEE_MSG_CMD_DO_BOTTOM_HALF};
	a->cmd = below(16) ? cmds[below(9)] : (uint32_t)rnd();
	/* the built-in TAs' commands (not hello's test hooks, which end the instance at once) */
	a->func = below(8) ? (uint32_t)below(5) : (uint32_t)rnd();
	a->session = below(4) ? sessions[below(SESSIONS)] : (uint32_t)rnd();
	a->cancel_id = (uint32_t)below(4);
	a->num_params = n;
	for (unsigned i = 0; i < n; i++)
		rand_param(&a->params[i]);
	if (a->cmd == OPTEE_MSG_CMD_OPEN_SESSION && n >= 2 && below(8)) {
		static const uint8_t *const others[3] = {uuid_hello, uuid_attest,
							 uuid_optee_attest};
		const uint8_t *u = below(4) == 0 ? uuid_echo : others[below(3)];
		a->params[0].attr = a->params[1].attr =
		    OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
		if (below(6))
			memcpy(&a->params[0].u.value, u,
			       16); /* else a random UUID: a user TA load */
		a->params[1].u.value.c = below(8);
	}
	if (a->cmd == OPTEE_MSG_CMD_REGISTER_SHM && n >= 1 && below(2)) {
		a->params[0].attr = OPTEE_MSG_ATTR_TYPE_TMEM_INPUT | OPTEE_MSG_ATTR_NONCONTIG;
		a->params[0].u.tmem.buf_ptr = rand_pagelist();
		a->params[0].u.tmem.size = rand_size();
		a->params[0].u.tmem.shm_ref = cookies[below(4)];
	}
	/*
	 * Sometimes the parameter shapes of OP-TEE's attestation PTA (GET_PUBKEY: out, out,
	 * value out; GET_TA_SHDR_DIGEST: UUID, nonce, answer; HASH_*_MEMORY: nonce, answer),
	 * answers about as large as needed (32 + 256 bytes, one byte short or over), so that
	 * its commands get past their type checks on whichever session it is.
	 */
	if (a->cmd == OPTEE_MSG_CMD_INVOKE_COMMAND && n >= 3 && !below(4)) {
		static const uint32_t shapes[4][3] = {
		    {OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT,
		     OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT},
		    {OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT,
		     OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT},
		    {OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, OPTEE_MSG_ATTR_TYPE_TMEM_INOUT,
		     OPTEE_MSG_ATTR_TYPE_NONE},
		    {OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT,
		     OPTEE_MSG_ATTR_TYPE_NONE}};
		a->func = (uint32_t)below(4);
		for (unsigned i = 0; i < n; i++) {
			struct optee_msg_param *p = &a->params[i];
			memset(p, 0, sizeof(*p));
			p->attr = i < 3 ? shapes[a->func][i] : OPTEE_MSG_ATTR_TYPE_NONE;
			if (p->attr < OPTEE_MSG_ATTR_TYPE_TMEM_INPUT)
				continue;
			int answer = p->attr != OPTEE_MSG_ATTR_TYPE_TMEM_INPUT &&
				     (a->func == 0 || i == (a->func == 1 ? 2u : 1u));
			p->u.tmem.size = answer			  ? 32 + 256 + below(3) - 1
					 : a->func == 1 && i == 0 ? 16
								  : 1 + below(64);
			p->u.tmem.buf_ptr = scratch() + below(SCRATCH_PAGES * PAGE_SIZE - 512);
		}
	}
	/* echo's SPIN by design runs up to 2^30 iterations: keep it short */
	if (a->func == PTA_ECHO_CMD_SPIN && n)
		a->params[0].u.value.a &= 0xffff;
	if (!below(32))
		a->num_params = (uint32_t)rnd(); /* lies about its own size */
	return a;
}

/* The answer to an RPC the TEE asked for: random, but mostly close to what it wants. */
static void answer_rpc(uint64_t r[8], const struct smc_result *got, int give_up)
{
	uint32_t rpc = (uint32_t)got->a0;
	r[0] = OPTEE_SMC_CALL_RETURN_FROM_RPC;
	r[1] = got->a1;
	r[2] = got->a2;
	r[3] = got->a3;
	r[4] = r[5] = r[6] = 0;
	if (rpc == OPTEE_SMC_RETURN_RPC_ALLOC) {
		/* a buffer in the VM's RPC area, nothing (allocation failed), or anywhere */
		uint64_t pa = ram_base + RPC_OFF + below(RPC_PAGES) * PAGE_SIZE;
		if (give_up || !below(4))
			pa = 0;
		else if (!below(6))
			pa = rand_addr();
		r[1] = pa >> 32;
		r[2] = pa & 0xffffffffu;
		r[4] = pa >> 32; /* the cookie: its address */
		r[5] = pa & 0xffffffffu;
	} else if (rpc == OPTEE_SMC_RETURN_RPC_CMD) {
		/* the RPC argument is where our RPC_ALLOC answer put it (cookie = address) */
		uint64_t pa = (got->a1 << 32) | (got->a2 & 0xffffffffu);
		if (pa >= ram_base + RPC_OFF && pa < ram_base + RPC_OFF + RPC_PAGES * PAGE_SIZE &&
		    pa % 8 == 0) {
			struct optee_msg_arg *a = (struct optee_msg_arg *)pa;
			static const uint32_t rets[] = {TEEC_SUCCESS, TEEC_ERROR_ITEM_NOT_FOUND,
							TEEC_ERROR_OUT_OF_MEMORY,
							TEEC_ERROR_COMMUNICATION};
			a->ret = give_up    ? TEEC_ERROR_COMMUNICATION
				 : below(6) ? rets[below(4)]
					    : (uint32_t)rnd();
			if (!give_up && a->num_params <= 3)
				for (unsigned i = 0; i < a->num_params; i++)
					if (below(2)) {
						if (a->cmd == OPTEE_RPC_CMD_SHM_ALLOC && !below(2))
							a->params[i].attr =
							    OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
						a->params[i].u.tmem.buf_ptr =
						    below(2) ? rand_page() : rand_addr();
						a->params[i].u.tmem.size = rand_size();
						a->params[i].u.tmem.shm_ref = rnd();
					}
		}
	}
	/* sometimes a wrong answer or wrong resume information (ERESUME: answered again) */
	if (!give_up && !below(16))
		r[1 + below(3)] = rnd();
}

/*
 * One call; answers the RPCs it leads to (at most 48 rounds, then failures only). An
 * answer with wrong resume information (ERESUME) is given again rightly: a thread left
 * in its RPC would leave the instance nothing but ETHREAD_LIMIT.
 */
static void fuzz_call(uint64_t r[8], struct optee_msg_arg *msg, int hvc)
{
	struct smc_result got, pending = {0};
	uint64_t first_fid = r[0];
	int in_rpc = 0;
	for (unsigned round = 0;; round++) {
		got = hvc ? guest_hvc(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])
			  : guest_smc(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
		calls_made++;
		if (in_rpc && got.a0 == OPTEE_SMC_RETURN_ERESUME && round < 64) {
			classes[C_ERESUME]++;
			got = pending; /* answer the same RPC again, rightly */
		} else if (!is_rpc(got.a0) || round >= 64) {
			break;
		}
		pending = got;
		in_rpc = 1;
		answer_rpc(r, &got, round >= 48);
		rpcs_answered++;
	}
	unsigned c =
	    a0_is_data((uint32_t)first_fid) && !(first_fid >> 32) ? C_OTHER : classify(got.a0);
	classes[c]++;
	if (c == C_OK && msg) {
		count_msg(msg->ret);
		if (msg->cmd == OPTEE_MSG_CMD_OPEN_SESSION && msg->ret == TEEC_SUCCESS) {
			sessions[sessions_opened++ % SESSIONS] = msg->session;
			if (msg->session > highest_session)
				highest_session = msg->session;
		}
	}
}

static void fuzz_one(void)
{
	static unsigned cases;
	/* session ids count up: the recent ones cover the opens it could not see (REGD_ARG) */
	if (++cases % 64 == 0) {
		uint32_t lo = highest_session > 16 ? highest_session - 16 : 1;
		for (uint32_t id = lo; id <= highest_session + 4; id++) {
			classes[classify(close_session_now(id))]++;
			calls_made++;
		}
		memset(sessions, 0, sizeof(sessions));
	}

	uint64_t r[8] = {0};
	struct optee_msg_arg *msg = NULL;
	int hvc = !below(8);
	static const uint32_t optee_fids[] = {
	    OPTEE_SMC_CALLS_COUNT,	    OPTEE_SMC_CALLS_UID,
	    OPTEE_SMC_CALLS_REVISION,	    OPTEE_SMC_CALL_GET_OS_UUID,
	    OPTEE_SMC_CALL_GET_OS_REVISION, OPTEE_SMC_CALL_RETURN_FROM_RPC,
	    OPTEE_SMC_GET_SHM_CONFIG,	    OPTEE_SMC_EXCHANGE_CAPABILITIES,
	    OPTEE_SMC_DISABLE_SHM_CACHE,    OPTEE_SMC_ENABLE_SHM_CACHE,
	    OPTEE_SMC_BOOT_SECONDARY,	    OPTEE_SMC_VM_CREATED,
	    OPTEE_SMC_VM_DESTROYED,	    OPTEE_SMC_GET_THREAD_COUNT,
	    OPTEE_SMC_ENABLE_ASYNC_NOTIF,   OPTEE_SMC_GET_ASYNC_NOTIF_VALUE,
	};

	for (int i = 1; i < 8; i++)
		r[i] = below(2) ? rand_addr() : rnd();
	switch (below(20)) {
	case 0:
	case 1:
	case 2: { /* any function id, but not one that stops, resets or forges this VM */
		uint32_t fid = (uint32_t)rnd();
		uint32_t oen = (fid >> 24) & 0x3f;
		if (oen == 4 || oen == 6 || fid == TZV_SIP_TEST_EXIT)
			fid = (fid & ~(0x3fu << 24)) | ((50u + (uint32_t)below(14)) << 24);
		r[0] = below(8) ? fid : fid | (rnd() << 32);
		break;
	}
	case 3: { /* the PSCI calls that leave the VM running */
		static const uint32_t safe[] = {PSCI_VERSION,		PSCI_FEATURES,
						PSCI_CPU_ON_64,		PSCI_AFFINITY_INFO_64,
						PSCI_MIGRATE_INFO_TYPE, TZV_HYP_VM_INFO};
		r[0] = safe[below(6)];
		break;
	}
	case 4:
	case 5:
	case 6:
		r[0] = optee_fids[below(sizeof(optee_fids) / sizeof(optee_fids[0]))];
		break;
	case 7:
	case 8:
	case 9:
	case 10:
	case 11:
	case 12:
	case 13:
	case 14: { /* a message: CALL_WITH_ARG or _RPC_ARG */
		uint64_t pa = scratch() + below(SCRATCH_PAGES) * PAGE_SIZE;
		if (!below(8))
			pa += below(PAGE_SIZE) & ~7ul;
		msg = rand_msg(pa);
		if (!below(10)) {
			pa = rand_addr(); /* anywhere instead */
			msg = NULL;
		}
		r[0] = below(4) ? OPTEE_SMC_CALL_WITH_ARG : OPTEE_SMC_CALL_WITH_RPC_ARG;
		r[1] = pa >> 32;
		r[2] = pa & 0xffffffffu;
		break;
	}
	case 15:
	case 16:
	case 17: { /* a message in registered memory: cookie and offset */
		uint64_t cookie = below(8) ? cookies[below(4)] : rnd();
		r[0] = OPTEE_SMC_CALL_WITH_REGD_ARG;
		r[1] = cookie >> 32;
		r[2] = cookie & 0xffffffffu;
		r[3] = below(4) ? 0 : rand_size();
		break;
	}
	default: { /* register shared memory: a page list of scratch pages, mostly */
		uint64_t pa = scratch() + below(SCRATCH_PAGES) * PAGE_SIZE;
		msg = (struct optee_msg_arg *)pa;
		memset(msg, 0, OPTEE_MSG_GET_ARG_SIZE(1));
		msg->cmd = below(3) ? OPTEE_MSG_CMD_REGISTER_SHM : OPTEE_MSG_CMD_UNREGISTER_SHM;
		msg->num_params = 1;
		uint64_t list = scratch() + below(SCRATCH_PAGES) * PAGE_SIZE;
		uint64_t *e = (uint64_t *)list;
		unsigned n = 1 + (unsigned)below(4);
		for (unsigned i = 0; i < n; i++)
			e[i] =
			    below(6) ? scratch() + below(SCRATCH_PAGES) * PAGE_SIZE : rand_page();
		msg->params[0].attr =
		    msg->cmd == OPTEE_MSG_CMD_REGISTER_SHM
			? OPTEE_MSG_ATTR_TYPE_TMEM_INOUT | OPTEE_MSG_ATTR_NONCONTIG
			: OPTEE_MSG_ATTR_TYPE_RMEM_INPUT;
		msg->params[0].u.tmem.buf_ptr = list + (below(4) ? 0 : below(PAGE_SIZE));
		msg->params[0].u.tmem.size =
		    below(4) ? n * PAGE_SIZE - below(PAGE_SIZE) : rand_size();
		msg->params[0].u.tmem.shm_ref = cookies[below(4)];
		r[0] = OPTEE_SMC_CALL_WITH_ARG;
		r[1] = pa >> 32;
		r[2] = pa & 0xffffffffu;
		break;
	}
	}
	fuzz_call(r, msg, hvc);
}

/* After the restart: a fresh instance that opens sessions and counts from 1. */
static void attacker_after_reset(void)
{
	uint32_t hello, echo;
	uint64_t v = 0;
	struct smc_result u = guest_smc(OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, 0);
	check(u.a0 == OPTEE_MSG_UID_0, "smcfuzz_calls_uid_after_reset", "a0 0x%lx", u.a0);
	uint32_t r = open_session(uuid_hello, &hello);
	check(r == TEEC_SUCCESS, "smcfuzz_open_after_reset", "ret 0x%lx", r);
	r = hello_inc_global(hello, &v);
	check(r == TEEC_SUCCESS && v == 1, "smcfuzz_fresh_instance_after_reset",
	      "counter %lu (not a fresh instance?)", r == TEEC_SUCCESS ? v : r);
	r = open_session(uuid_echo, &echo);
	if (r == TEEC_SUCCESS)
		r = echo_copy(echo, 7);
	check(r == TEEC_SUCCESS, "smcfuzz_instance_usable_after_reset", "ret 0x%lx", r);
}

void attacker(void)
{
	volatile uint64_t *mark = (volatile uint64_t *)(ram_base + BOOT_MARK_OFF);
	if (mark[0] == BOOT_MARK_MAGIC) {
		mark[0] = 0;
		printf("smcfuzz: VM %u restarted\n", vm_id);
		attacker_after_reset();
		finish();
	}
	rng_state = SMCFUZZ_SEED;
	printf("smcfuzz: VM %u fuzzes its TEE: seed %lu, %lu calls\n", vm_id,
	       (uint64_t)SMCFUZZ_SEED, (uint64_t)SMCFUZZ_CALLS);
	uint64_t t0 = now_us();
	uint64_t fuzzed = 0;
	while (calls_made < SMCFUZZ_CALLS) {
		fuzz_one();
		fuzzed++;
	}
	uint64_t us = now_us() - t0;
	printf("smcfuzz: %lu calls (%lu fuzz cases, %lu RPC answers) in %lu ms: %lu calls/s\n",
	       calls_made, fuzzed, rpcs_answered, us / 1000, us ? calls_made * 1000000 / us : 0);
	printf("smcfuzz: a0 classes:");
	for (unsigned i = 0; i < C_COUNT; i++)
		printf(" %s=%lu", class_name[i], classes[i]);
	printf("\nsmcfuzz: message results:");
	for (unsigned i = 0; i < M_COUNT; i++)
		printf(" %s=%lu", msg_name[i], msg_rets[i]);
	printf("\n");
	mark[0] = BOOT_MARK_MAGIC;
	printf("smcfuzz: VM %u asks for PSCI SYSTEM_RESET\n", vm_id);
	guest_smc(PSCI_SYSTEM_RESET, 0, 0, 0, 0, 0, 0, 0);
	check(0, "smcfuzz_system_reset", "SYSTEM_RESET returned", 0);
	finish();
}
