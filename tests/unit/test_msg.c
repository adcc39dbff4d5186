/*
 * OP-TEE SMC ABI and message handling end to end on the host: SMC registers
 * in, optee_msg_arg in fake normal-world RAM, built-in TAs behind it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <abi/optee_msg.h>
#include <abi/optee_smc.h>
#include <abi/tee_client.h>
#include <tzvisor/pta_uuid.h>
#include "fake_nw.h"

#define ARG_PA  (FAKE_BASE + 0x10000)
#define BUF_A   (FAKE_BASE + 0x20000)
#define BUF_B   (FAKE_BASE + 0x40000)
#define LIST_PA (FAKE_BASE + 0x60000)

static const uint8_t hello_uuid[16] = PTA_HELLO_UUID_OCTETS;
static const uint8_t echo_uuid[16] = PTA_ECHO_UUID_OCTETS;

static int setup(void **state)
{
	(void)state;
	fake_ram_setup();
	tee_state_reset();
	return 0;
}

static struct optee_msg_arg *arg_at(uint64_t pa)
{
	return pa_ptr(pa);
}

static struct optee_msg_arg *new_arg(uint64_t pa, uint32_t cmd, uint32_t n)
{
	struct optee_msg_arg *a = arg_at(pa);
	memset(a, 0, OPTEE_MSG_GET_ARG_SIZE(n));
	a->cmd = cmd;
	a->num_params = n;
	a->ret = 0xdeadbeef;
	a->ret_origin = 0xdeadbeef;
	return a;
}

/* One SMC; checks a4..a7 come back unchanged. */
static void smc(uint64_t r[8])
{
	r[4] = 0x4444;
	r[5] = 0x5555;
	r[6] = 0x6666;
	r[7] = 0x7777;
	tee_handle_smc(r);
	assert_int_equal(r[4], 0x4444);
	assert_int_equal(r[5], 0x5555);
	assert_int_equal(r[6], 0x6666);
	assert_int_equal(r[7], 0x7777);
}

static uint64_t call_fid(uint32_t fid, uint64_t pa)
{
	uint64_t r[8] = { fid, pa >> 32, pa & 0xffffffff, 0 };
	smc(r);
	return r[0];
}

static uint64_t call(uint64_t pa)
{
	return call_fid(OPTEE_SMC_CALL_WITH_ARG, pa);
}

static uint32_t open_session(const uint8_t uuid[16], uint32_t *sid)
{
	struct optee_msg_arg *a = new_arg(ARG_PA, OPTEE_MSG_CMD_OPEN_SESSION, 6);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	a->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	memcpy(&a->params[0].u.value, uuid, 16);
	a->params[1].u.value.c = OPTEE_MSG_LOGIN_PUBLIC;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	if (a->ret == TEEC_SUCCESS) {
		assert_int_equal(a->ret_origin, TEEC_ORIGIN_TRUSTED_APP);
		assert_int_not_equal(a->session, 0);
	}
	*sid = a->session;
	return a->ret;
}

static uint32_t close_session(uint32_t sid)
{
	struct optee_msg_arg *a = new_arg(ARG_PA, OPTEE_MSG_CMD_CLOSE_SESSION, 0);
	a->session = sid;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	return a->ret;
}

static struct optee_msg_arg *invoke_arg(uint32_t sid, uint32_t cmd)
{
	struct optee_msg_arg *a = new_arg(ARG_PA, OPTEE_MSG_CMD_INVOKE_COMMAND, 4);
	a->session = sid;
	a->func = cmd;
	return a;
}

/* Invokes a one-value command; returns ret, value a in *out. */
static uint32_t invoke_value(uint32_t sid, uint32_t cmd, uint64_t attr, uint64_t *out)
{
	struct optee_msg_arg *a = invoke_arg(sid, cmd);
	a->params[0].attr = attr;
	a->params[0].u.value.a = 1000;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	*out = a->params[0].u.value.a;
	return a->ret;
}

/* ---------------------------------------------------------------------- */

static void test_fast_calls(void **state)
{
	(void)state;
	uint64_t r[8];

	memset(r, 0, sizeof(r));
	r[0] = OPTEE_SMC_CALLS_UID;
	smc(r);
	assert_int_equal(r[0], OPTEE_MSG_UID_0);
	assert_int_equal(r[1], OPTEE_MSG_UID_1);
	assert_int_equal(r[2], OPTEE_MSG_UID_2);
	assert_int_equal(r[3], OPTEE_MSG_UID_3);

	r[0] = OPTEE_SMC_CALLS_REVISION;
	smc(r);
	assert_int_equal(r[0], 2);
	assert_int_equal(r[1], 0);

	r[0] = OPTEE_SMC_CALL_GET_OS_UUID;
	smc(r);
	assert_int_equal(r[0], OPTEE_MSG_OS_OPTEE_UUID_0);
	assert_int_equal(r[3], OPTEE_MSG_OS_OPTEE_UUID_3);

	r[0] = OPTEE_SMC_CALL_GET_OS_REVISION;
	smc(r);
	assert_int_equal(r[0], TEE_OS_REV_MAJOR);
	assert_int_equal(r[1], TEE_OS_REV_MINOR);
	assert_int_equal(r[2], 0);

	r[0] = OPTEE_SMC_EXCHANGE_CAPABILITIES;
	r[1] = OPTEE_SMC_NSEC_CAP_UNIPROCESSOR;
	smc(r);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_OK);
	assert_int_equal(r[1], OPTEE_SMC_SEC_CAP_DYNAMIC_SHM | OPTEE_SMC_SEC_CAP_MEMREF_NULL |
				       OPTEE_SMC_SEC_CAP_RPC_ARG);
	assert_false(r[1] & OPTEE_SMC_SEC_CAP_HAVE_RESERVED_SHM);
	assert_int_equal(r[2], 0);
	/* the RPC arg's parameters the driver reserves after each call's (as OP-TEE 3.19: 4) */
	assert_int_equal(r[3], 4);

	r[0] = OPTEE_SMC_GET_SHM_CONFIG;
	smc(r);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_ENOTAVAIL);

	r[0] = OPTEE_SMC_ENABLE_SHM_CACHE;
	smc(r);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_OK);
	assert_true(tee_shm_cache_enabled);
	r[0] = OPTEE_SMC_DISABLE_SHM_CACHE;
	smc(r);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_ENOTAVAIL);
	assert_false(tee_shm_cache_enabled);

	r[0] = OPTEE_SMC_GET_THREAD_COUNT;
	smc(r);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_OK);
	assert_int_equal(r[1], 1);

	r[0] = OPTEE_SMC_CALLS_COUNT;
	smc(r);
	assert_int_equal(r[0], 14);

	r[0] = OPTEE_SMC_CALL_RETURN_FROM_RPC;
	smc(r);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_ERESUME);

	const uint32_t unknown[] = { OPTEE_SMC_VM_CREATED, OPTEE_SMC_VM_DESTROYED,
				     OPTEE_SMC_L2CC_MUTEX, OPTEE_SMC_BOOT_SECONDARY,
				     OPTEE_SMC_ENABLE_ASYNC_NOTIF, 0x84000000u, 0 };
	for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		r[0] = unknown[i];
		smc(r);
		assert_int_equal(r[0], OPTEE_SMC_RETURN_UNKNOWN_FUNCTION);
	}
	/* only w0 names the function */
	r[0] = 0xffffffff00000000ull | OPTEE_SMC_CALLS_REVISION;
	smc(r);
	assert_int_equal(r[0], 2);
}

static void test_bad_arg_address(void **state)
{
	(void)state;
	struct optee_msg_arg *a;

	assert_int_equal(call(0), OPTEE_SMC_RETURN_EBADADDR);
	assert_int_equal(call(ARG_PA + 4), OPTEE_SMC_RETURN_EBADADDR);
	assert_int_equal(call(FAKE_BASE - 0x1000), OPTEE_SMC_RETURN_EBADADDR);
	assert_int_equal(call(FAKE_BASE + FAKE_SIZE), OPTEE_SMC_RETURN_EBADADDR);
	/* upper 32 bits in a1 count */
	assert_int_equal(call((1ull << 32) | ARG_PA), OPTEE_SMC_RETURN_EBADADDR);
	/* header straddles the end of RAM */
	assert_int_equal(call(FAKE_BASE + FAKE_SIZE - 16), OPTEE_SMC_RETURN_EBADADDR);

	/* header fits exactly at the end but the params it announces do not */
	a = new_arg(FAKE_BASE + FAKE_SIZE - 32, OPTEE_MSG_CMD_CANCEL, 0);
	assert_int_equal(call(FAKE_BASE + FAKE_SIZE - 32), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS); /* answered: no session 0 */
	a->num_params = 1;
	a->ret = 0xdeadbeef;
	assert_int_equal(call(FAKE_BASE + FAKE_SIZE - 32), OPTEE_SMC_RETURN_EBADADDR);
	assert_int_equal(a->ret, 0xdeadbeef); /* untouched */

	/* too many params */
	a = new_arg(ARG_PA, OPTEE_MSG_CMD_CANCEL, 7);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_EBADADDR);
	assert_int_equal(a->ret, 0xdeadbeef);
	a->num_params = 0xffffffff;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_EBADADDR);

	/* unknown command: EBADCMD, nothing written */
	a = new_arg(ARG_PA, 0x77, 0);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_EBADCMD);
	assert_int_equal(a->ret, 0xdeadbeef);
	a = new_arg(ARG_PA, OPTEE_MSG_CMD_DO_BOTTOM_HALF, 0);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_EBADCMD);
}

static void test_hello_counters(void **state)
{
	(void)state;
	uint32_t s1, s2;
	uint64_t v;

	assert_int_equal(open_session(hello_uuid, &s1), TEEC_SUCCESS);
	assert_int_equal(open_session(hello_uuid, &s2), TEEC_SUCCESS);
	assert_int_not_equal(s1, s2);

	assert_int_equal(invoke_value(s1, PTA_HELLO_CMD_INC, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, &v),
			 TEEC_SUCCESS);
	assert_int_equal(v, 1);
	assert_int_equal(arg_at(ARG_PA)->ret_origin, TEEC_ORIGIN_TRUSTED_APP);
	assert_int_equal(invoke_value(s1, PTA_HELLO_CMD_INC, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, &v),
			 TEEC_SUCCESS);
	assert_int_equal(v, 2);
	assert_int_equal(invoke_value(s1, PTA_HELLO_CMD_GET, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, &v),
			 TEEC_SUCCESS);
	assert_int_equal(v, 2);
	/* the other session has its own counter */
	assert_int_equal(invoke_value(s2, PTA_HELLO_CMD_GET, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, &v),
			 TEEC_SUCCESS);
	assert_int_equal(v, 0);
	/* the instance-wide counter is shared */
	uint64_t g1, g2;
	assert_int_equal(invoke_value(s1, PTA_HELLO_CMD_INC_GLOBAL, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT,
				      &g1), TEEC_SUCCESS);
	assert_int_equal(invoke_value(s2, PTA_HELLO_CMD_INC_GLOBAL, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT,
				      &g2), TEEC_SUCCESS);
	assert_int_equal(g2, g1 + 1);

	/* wrong parameter types: BAD_PARAMETERS from the TA */
	assert_int_equal(invoke_value(s1, PTA_HELLO_CMD_INC, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, &v),
			 TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(arg_at(ARG_PA)->ret_origin, TEEC_ORIGIN_TRUSTED_APP);
	assert_int_equal(v, 1000); /* an input value is not written back */
	assert_int_equal(invoke_value(s1, PTA_HELLO_CMD_INC, OPTEE_MSG_ATTR_TYPE_NONE, &v),
			 TEEC_ERROR_BAD_PARAMETERS);
	struct optee_msg_arg *a = invoke_arg(s1, PTA_HELLO_CMD_INC);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INOUT;
	a->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	/* unknown command */
	assert_int_equal(invoke_value(s1, 0x1234, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, &v),
			 TEEC_ERROR_NOT_SUPPORTED);
	/* counter unchanged by the failed calls */
	assert_int_equal(invoke_value(s1, PTA_HELLO_CMD_GET, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, &v),
			 TEEC_SUCCESS);
	assert_int_equal(v, 2);

	/* close, then the session is gone */
	assert_int_equal(close_session(s1), TEEC_SUCCESS);
	assert_int_equal(invoke_value(s1, PTA_HELLO_CMD_GET, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, &v),
			 TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(arg_at(ARG_PA)->ret_origin, TEEC_ORIGIN_TEE);
	assert_int_equal(close_session(s1), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(close_session(0), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(invoke_value(0, PTA_HELLO_CMD_GET, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, &v),
			 TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(session_count(), 1);
}

static void test_open_errors(void **state)
{
	(void)state;
	uint32_t sid;
	uint8_t bad[16];

	memcpy(bad, hello_uuid, 16);
	bad[15] ^= 1;
	assert_int_equal(open_session(bad, &sid), TEEC_ERROR_ITEM_NOT_FOUND);
	assert_int_equal(arg_at(ARG_PA)->ret_origin, TEEC_ORIGIN_TEE);

	/* the UUID as two little-endian words in value.a/.b (Linux's layout) */
	struct optee_msg_arg *a = new_arg(ARG_PA, OPTEE_MSG_CMD_OPEN_SESSION, 2);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	a->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	a->params[0].u.value.a = pta_octets_to_u64(echo_uuid);
	a->params[0].u.value.b = pta_octets_to_u64(echo_uuid + 8);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);

	/* META missing on params[1] */
	a = new_arg(ARG_PA, OPTEE_MSG_CMD_OPEN_SESSION, 2);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	a->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
	memcpy(&a->params[0].u.value, hello_uuid, 16);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(a->ret_origin, TEEC_ORIGIN_TEE);
	/* only one param */
	a = new_arg(ARG_PA, OPTEE_MSG_CMD_OPEN_SESSION, 1);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	/* META on a TA param */
	a = new_arg(ARG_PA, OPTEE_MSG_CMD_OPEN_SESSION, 3);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	a->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	a->params[2].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	memcpy(&a->params[0].u.value, hello_uuid, 16);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	/* undefined param type */
	a->params[2].attr = 0x4;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(session_count(), 1);
}

static void test_session_limit(void **state)
{
	(void)state;
	uint32_t ids[TEE_MAX_SESSIONS], extra;
	for (unsigned i = 0; i < TEE_MAX_SESSIONS; i++)
		assert_int_equal(open_session(hello_uuid, &ids[i]), TEEC_SUCCESS);
	assert_int_equal(open_session(hello_uuid, &extra), TEEC_ERROR_BUSY);
	assert_int_equal(arg_at(ARG_PA)->ret_origin, TEEC_ORIGIN_TEE);
	assert_int_equal(close_session(ids[3]), TEEC_SUCCESS);
	assert_int_equal(open_session(hello_uuid, &extra), TEEC_SUCCESS);
	/* a new session never reuses an id that is still open */
	for (unsigned i = 0; i < TEE_MAX_SESSIONS; i++)
		if (i != 3)
			assert_int_not_equal(extra, ids[i]);
}

static uint32_t cancel(uint32_t session, uint32_t cancel_id, uint32_t n)
{
	struct optee_msg_arg *a = new_arg(ARG_PA, OPTEE_MSG_CMD_CANCEL, n);
	a->session = session;
	a->cancel_id = cancel_id;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret_origin, TEEC_ORIGIN_TEE);
	return a->ret;
}

static void test_cancel(void **state)
{
	(void)state;
	uint32_t sid;
	assert_int_equal(open_session(hello_uuid, &sid), TEEC_SUCCESS);
	struct ta_session *s = session_find(sid);
	assert_non_null(s);

	/* refused, nothing set: unknown session, session 0 with no open running, a parameter */
	assert_int_equal(cancel(sid + 1, 0, 0), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(cancel(0, 0, 0), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(cancel(sid, 0, 1), TEEC_ERROR_BAD_PARAMETERS);
	assert_false(s->cancel);

	/* the session's flag, with the cancel id; an invoke with another id clears it ... */
	assert_int_equal(cancel(sid, 7, 0), TEEC_SUCCESS);
	assert_true(s->cancel);
	assert_int_equal(s->cancel_id, 7);
	struct optee_msg_arg *a = new_arg(ARG_PA, OPTEE_MSG_CMD_INVOKE_COMMAND, 1);
	a->session = sid;
	a->func = PTA_HELLO_CMD_INC;
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INOUT;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);
	assert_false(s->cancel);
	/* ... and the flag never outlives the operation it was for */
	assert_int_equal(cancel(sid, 0, 0), TEEC_SUCCESS);
	a = new_arg(ARG_PA, OPTEE_MSG_CMD_INVOKE_COMMAND, 1);
	a->session = sid;
	a->func = PTA_HELLO_CMD_INC;
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INOUT;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_false(s->cancel);
}

/* While the thread is suspended, a CANCEL is answered without it; nothing else is. */
static void test_cancel_while_busy(void **state)
{
	(void)state;
	uint32_t sid;
	assert_int_equal(open_session(hello_uuid, &sid), TEEC_SUCCESS);
	struct ta_session *s = session_find(sid);
	uint64_t frame[34] = { 0 };
	tee_thread.state = THREAD_SUSPENDED;
	tee_thread.frame = frame;

	struct optee_msg_arg *a = new_arg(ARG_PA, OPTEE_MSG_CMD_CANCEL, 0);
	a->session = sid + 1;
	uint64_t r[8] = { OPTEE_SMC_CALL_WITH_ARG, 0, ARG_PA, 0 };
	assert_int_equal(thread_route(r), THREAD_ROUTE_DONE);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	assert_false(s->cancel);

	a = new_arg(ARG_PA, OPTEE_MSG_CMD_CANCEL, 0);
	a->session = sid;
	uint64_t r2[8] = { OPTEE_SMC_CALL_WITH_ARG, 0, ARG_PA, 0 };
	assert_int_equal(thread_route(r2), THREAD_ROUTE_DONE);
	assert_int_equal(r2[0], OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);
	assert_true(s->cancel);

	/* an invoke, or a message at a bad address: ETHREAD_LIMIT, nothing read or written */
	a = new_arg(ARG_PA, OPTEE_MSG_CMD_INVOKE_COMMAND, 0);
	a->session = sid;
	uint64_t r3[8] = { OPTEE_SMC_CALL_WITH_ARG, 0, ARG_PA, 0 };
	assert_int_equal(thread_route(r3), THREAD_ROUTE_DONE);
	assert_int_equal(r3[0], OPTEE_SMC_RETURN_ETHREAD_LIMIT);
	assert_int_equal(a->ret, 0xdeadbeef);
	uint64_t r4[8] = { OPTEE_SMC_CALL_WITH_ARG, 0, FAKE_BASE + FAKE_SIZE - 8, 0 };
	assert_int_equal(thread_route(r4), THREAD_ROUTE_DONE);
	assert_int_equal(r4[0], OPTEE_SMC_RETURN_ETHREAD_LIMIT);
	/* the suspended call is untouched */
	assert_int_equal(tee_thread.state, THREAD_SUSPENDED);
	assert_ptr_equal(tee_thread.frame, frame);
	thread_reset();
}

static void set_tmem(struct optee_msg_param *p, uint32_t type, uint64_t pa, uint64_t size)
{
	p->attr = type;
	p->u.tmem.buf_ptr = pa;
	p->u.tmem.size = size;
	p->u.tmem.shm_ref = 0;
}

static void test_echo_tmem(void **state)
{
	(void)state;
	uint32_t sid;
	struct optee_msg_arg *a;

	assert_int_equal(open_session(echo_uuid, &sid), TEEC_SUCCESS);
	memcpy(pa_ptr(BUF_A), "hello, secure world", 20);
	memset(pa_ptr(BUF_B), 0, 64);

	a = invoke_arg(sid, PTA_ECHO_CMD_COPY);
	set_tmem(&a->params[0], OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, BUF_A, 20);
	set_tmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, BUF_B, 64);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);
	assert_int_equal(a->params[1].u.tmem.size, 20);
	assert_int_equal(a->params[1].u.tmem.buf_ptr, BUF_B);
	assert_string_equal((char *)pa_ptr(BUF_B), "hello, secure world");
	assert_int_equal(((uint8_t *)pa_ptr(BUF_B))[20], 0); /* nothing past the size */

	/* too small: SHORT_BUFFER with the size needed, output untouched */
	memset(pa_ptr(BUF_B), 0x77, 64);
	a = invoke_arg(sid, PTA_ECHO_CMD_COPY);
	set_tmem(&a->params[0], OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, BUF_A, 20);
	set_tmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, BUF_B, 19);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_SHORT_BUFFER);
	assert_int_equal(a->ret_origin, TEEC_ORIGIN_TRUSTED_APP);
	assert_int_equal(a->params[1].u.tmem.size, 20);
	assert_int_equal(((uint8_t *)pa_ptr(BUF_B))[0], 0x77);

	/* NULL output memref (MEMREF_NULL): asks for the size */
	a = invoke_arg(sid, PTA_ECHO_CMD_COPY);
	set_tmem(&a->params[0], OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, BUF_A, 20);
	set_tmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, 0, 0);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_SHORT_BUFFER);
	assert_int_equal(a->params[1].u.tmem.size, 20);

	/* an output buffer outside the VM: refused before anything is read or written */
	memset(pa_ptr(BUF_A), 0x33, 16);
	a = invoke_arg(sid, PTA_ECHO_CMD_COPY);
	set_tmem(&a->params[0], OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, BUF_A, 16);
	set_tmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, FAKE_BASE + FAKE_SIZE - 8, 16);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(a->ret_origin, TEEC_ORIGIN_TEE);
	assert_int_equal(a->params[1].u.tmem.size, 16); /* params not written back */
	assert_int_equal(((uint8_t *)pa_ptr(FAKE_BASE + FAKE_SIZE - 8))[0], 0xa5);
	/* wrapping buffer */
	set_tmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, BUF_B, UINT64_MAX - BUF_B + 2);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);

	/* wrong types: value where a memref is expected */
	a = invoke_arg(sid, PTA_ECHO_CMD_COPY);
	set_tmem(&a->params[0], OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, BUF_A, 16);
	a->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(a->ret_origin, TEEC_ORIGIN_TRUSTED_APP);

	/* NONCONTIG is only valid on tmem */
	a = invoke_arg(sid, PTA_ECHO_CMD_NULL);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_NONCONTIG;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);

	/* over the bounce limit */
	a = invoke_arg(sid, PTA_ECHO_CMD_CHECKSUM);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT;
	set_tmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, BUF_A, TEE_MEMREF_MAX + 1);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_OUT_OF_MEMORY);
	assert_int_equal(a->ret_origin, TEEC_ORIGIN_TEE);

	/* the null call */
	a = invoke_arg(sid, PTA_ECHO_CMD_NULL);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);
}

/* A page list at LIST_PA for n pages placed backwards from the top of RAM. */
static uint64_t shm_page(unsigned i)
{
	return FAKE_BASE + FAKE_SIZE - (uint64_t)(i + 1) * 3 * 4096;
}

static void build_shm_list(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		put64(LIST_PA + i * 8, shm_page(i));
}

/* Byte k of a registered buffer with page offset `off` */
static uint8_t *shm_byte(uint64_t off, uint64_t k)
{
	uint64_t pos = off + k;
	return pa_ptr(shm_page((unsigned)(pos / 4096)) + pos % 4096);
}

static uint32_t register_shm(uint64_t cookie, uint64_t buf_ptr, uint64_t size)
{
	struct optee_msg_arg *a = new_arg(ARG_PA, OPTEE_MSG_CMD_REGISTER_SHM, 1);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT | OPTEE_MSG_ATTR_NONCONTIG;
	a->params[0].u.tmem.buf_ptr = buf_ptr;
	a->params[0].u.tmem.size = size;
	a->params[0].u.tmem.shm_ref = cookie;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	return a->ret;
}

static uint32_t unregister_shm(uint64_t cookie)
{
	struct optee_msg_arg *a = new_arg(ARG_PA, OPTEE_MSG_CMD_UNREGISTER_SHM, 1);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_RMEM_INPUT;
	a->params[0].u.rmem.shm_ref = cookie;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	return a->ret;
}

static void set_rmem(struct optee_msg_param *p, uint32_t type, uint64_t cookie, uint64_t offs,
		     uint64_t size)
{
	p->attr = type;
	p->u.rmem.shm_ref = cookie;
	p->u.rmem.offs = offs;
	p->u.rmem.size = size;
}

static void test_registered_shm(void **state)
{
	(void)state;
	uint32_t sid;
	struct optee_msg_arg *a;
	const uint64_t cookie = 0xffff000012345678ull, off = 0x123, size = 5 * 4096;

	build_shm_list(6);
	assert_int_equal(register_shm(cookie, LIST_PA | off, size), TEEC_SUCCESS);
	assert_int_equal(arg_at(ARG_PA)->ret_origin, TEEC_ORIGIN_TEE);
	assert_int_equal(shm_count(), 1);
	/* fill the buffer (it spans 6 scattered pages) */
	uint8_t *data = malloc(size);
	for (uint64_t k = 0; k < size; k++) {
		data[k] = (uint8_t)(k * 31 + (k >> 8));
		*shm_byte(off, k) = data[k];
	}
	assert_int_equal(open_session(echo_uuid, &sid), TEEC_SUCCESS);

	/* checksum of bytes [100, 100+15000) across several pages */
	a = invoke_arg(sid, PTA_ECHO_CMD_CHECKSUM);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT;
	set_rmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, cookie, 100, 15000);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);
	assert_int_equal(a->params[0].u.value.a, pta_fnv1a32(data + 100, 15000, PTA_FNV1A32_INIT));
	assert_int_equal(a->params[0].u.value.b, 15000);

	/* copy within the registered buffer: [0, 5000) -> [9000, 14000) */
	a = invoke_arg(sid, PTA_ECHO_CMD_COPY);
	set_rmem(&a->params[0], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, cookie, 0, 5000);
	set_rmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_RMEM_INOUT, cookie, 9000, 6000);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);
	assert_int_equal(a->params[1].u.rmem.size, 5000);
	for (uint64_t k = 0; k < 5000; k++)
		assert_int_equal(*shm_byte(off, 9000 + k), data[k]);
	assert_int_equal(*shm_byte(off, 14000), data[14000]); /* past the copied size */

	/* memref past the end of the registered buffer, or wrapping */
	a = invoke_arg(sid, PTA_ECHO_CMD_CHECKSUM);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT;
	set_rmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, cookie, size - 10, 11);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(a->ret_origin, TEEC_ORIGIN_TEE);
	set_rmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, cookie, 16, UINT64_MAX - 8);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	/* exactly up to the end is fine */
	set_rmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, cookie, size - 10, 10);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);
	/* unknown cookie */
	set_rmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, cookie + 1, 0, 10);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);

	/* the normal world rewriting its page list later changes nothing */
	put64(LIST_PA, FAKE_BASE + FAKE_SIZE + 0x10000);
	set_rmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, cookie, 0, 100);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);
	assert_int_equal(a->params[0].u.value.a, pta_fnv1a32(data, 100, PTA_FNV1A32_INIT));

	/* unregister; then it is unknown */
	assert_int_equal(unregister_shm(cookie), TEEC_SUCCESS);
	assert_int_equal(shm_count(), 0);
	assert_int_equal(unregister_shm(cookie), TEEC_ERROR_BAD_PARAMETERS);
	a = invoke_arg(sid, PTA_ECHO_CMD_CHECKSUM);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT;
	set_rmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, cookie, 0, 10);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	free(data);
}

static void test_register_shm_errors(void **state)
{
	(void)state;
	build_shm_list(4);

	/* a page outside the VM: refused, nothing registered */
	put64(LIST_PA + 2 * 8, FAKE_BASE + FAKE_SIZE);
	assert_int_equal(register_shm(1, LIST_PA, 3 * 4096), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(arg_at(ARG_PA)->ret_origin, TEEC_ORIGIN_TEE);
	assert_int_equal(shm_count(), 0);
	/* two pages do not need the bad entry */
	assert_int_equal(register_shm(1, LIST_PA, 2 * 4096), TEEC_SUCCESS);
	/* duplicate cookie */
	assert_int_equal(register_shm(1, LIST_PA, 4096), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(shm_count(), 1);
	/* list page outside the VM */
	assert_int_equal(register_shm(2, FAKE_BASE + FAKE_SIZE, 4096), TEEC_ERROR_BAD_PARAMETERS);
	/* zero size, too large */
	assert_int_equal(register_shm(2, LIST_PA, 0), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(register_shm(2, LIST_PA, (uint64_t)(TEE_SHM_MAX_PAGES + 1) * 4096),
			 TEEC_ERROR_OUT_OF_MEMORY);
	/* contiguous (no NONCONTIG) is not accepted */
	struct optee_msg_arg *a = new_arg(ARG_PA, OPTEE_MSG_CMD_REGISTER_SHM, 1);
	set_tmem(&a->params[0], OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, BUF_A, 4096);
	a->params[0].u.tmem.shm_ref = 3;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	/* the table fills up */
	for (unsigned i = 1; i < TEE_MAX_SHM; i++)
		assert_int_equal(register_shm(100 + i, LIST_PA, 4096), TEEC_SUCCESS);
	assert_int_equal(register_shm(99, LIST_PA, 4096), TEEC_ERROR_OUT_OF_MEMORY);
	assert_int_equal(unregister_shm(105), TEEC_SUCCESS);
	assert_int_equal(register_shm(99, LIST_PA, 4096), TEEC_SUCCESS);
	/* unregister with the wrong param type */
	a = new_arg(ARG_PA, OPTEE_MSG_CMD_UNREGISTER_SHM, 1);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
	a->params[0].u.rmem.shm_ref = 99;
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(shm_count(), TEE_MAX_SHM);
}

static void test_tmem_noncontig(void **state)
{
	(void)state;
	uint32_t sid;
	const uint64_t off = 0xf00, size = 3 * 4096;

	build_shm_list(4);
	for (uint64_t k = 0; k < size; k++)
		*shm_byte(off, k) = (uint8_t)(k ^ (k >> 7));
	uint8_t *data = malloc(size);
	for (uint64_t k = 0; k < size; k++)
		data[k] = *shm_byte(off, k);
	assert_int_equal(open_session(echo_uuid, &sid), TEEC_SUCCESS);
	struct optee_msg_arg *a = invoke_arg(sid, PTA_ECHO_CMD_CHECKSUM);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INOUT;
	set_tmem(&a->params[1], OPTEE_MSG_ATTR_TYPE_TMEM_INPUT | OPTEE_MSG_ATTR_NONCONTIG,
		 LIST_PA | off, size);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);
	assert_int_equal(a->params[0].u.value.a, pta_fnv1a32(data, size, PTA_FNV1A32_INIT));
	/* a bad page in the list */
	put64(LIST_PA + 3 * 8, 0x1000);
	assert_int_equal(call(ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_ERROR_BAD_PARAMETERS);
	free(data);
}

static void test_regd_arg(void **state)
{
	(void)state;
	const uint64_t cookie = 0x42;
	uint32_t sid;

	build_shm_list(3); /* 0x40 + 2 pages touch 3 pages */
	assert_int_equal(register_shm(cookie, LIST_PA | 0x40, 2 * 4096), TEEC_SUCCESS);
	assert_int_equal(open_session(hello_uuid, &sid), TEEC_SUCCESS);

	/* an invoke whose arg straddles the two scattered pages: offset 4096-0x40-48 */
	uint64_t offs = 4096 - 0x40 - 48;
	struct optee_msg_arg hdr = { .cmd = OPTEE_MSG_CMD_INVOKE_COMMAND,
				     .func = PTA_HELLO_CMD_INC,
				     .session = sid,
				     .num_params = 1 };
	struct optee_msg_param p = { .attr = OPTEE_MSG_ATTR_TYPE_VALUE_INOUT };
	for (unsigned i = 0; i < sizeof(hdr); i++)
		*shm_byte(0x40, offs + i) = ((uint8_t *)&hdr)[i];
	for (unsigned i = 0; i < sizeof(p); i++)
		*shm_byte(0x40, offs + sizeof(hdr) + i) = ((uint8_t *)&p)[i];
	uint64_t r[8] = { OPTEE_SMC_CALL_WITH_REGD_ARG, cookie >> 32, cookie & 0xffffffff, offs };
	smc(r);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_OK);
	uint32_t ret;
	uint64_t va;
	for (unsigned i = 0; i < 4; i++)
		((uint8_t *)&ret)[i] = *shm_byte(0x40, offs + offsetof(struct optee_msg_arg, ret) + i);
	for (unsigned i = 0; i < 8; i++)
		((uint8_t *)&va)[i] = *shm_byte(0x40, offs + 32 + 8 + i);
	assert_int_equal(ret, TEEC_SUCCESS);
	assert_int_equal(va, 1);

	/* unknown cookie, misaligned offset, offset past the end */
	uint64_t bad[][2] = { { cookie + 1, 0 }, { cookie, 4 }, { cookie, 2 * 4096 - 16 },
			      { cookie, 0xfffffff8 } };
	for (unsigned i = 0; i < 4; i++) {
		uint64_t q[8] = { OPTEE_SMC_CALL_WITH_REGD_ARG, bad[i][0] >> 32,
				  bad[i][0] & 0xffffffff, bad[i][1] };
		smc(q);
		assert_int_equal(q[0], OPTEE_SMC_RETURN_EBADADDR);
	}
}

static void test_rpc_arg_variant(void **state)
{
	(void)state;
	uint32_t sid;
	assert_int_equal(open_session(hello_uuid, &sid), TEEC_SUCCESS);
	struct optee_msg_arg *a = invoke_arg(sid, PTA_HELLO_CMD_INC);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INOUT;
	assert_int_equal(call_fid(OPTEE_SMC_CALL_WITH_RPC_ARG, ARG_PA), OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);
	assert_int_equal(a->params[0].u.value.a, 1);
}

static void test_uuid_header_consistent(void **state)
{
	(void)state;
	struct {
		uint32_t tl;
		uint16_t tm, th;
		uint8_t cs[8];
	} u[2] = { PTA_HELLO_UUID, PTA_ECHO_UUID };
	const uint8_t *oct[2] = { hello_uuid, echo_uuid };
	for (unsigned k = 0; k < 2; k++) {
		uint8_t o[16] = { u[k].tl >> 24, u[k].tl >> 16, u[k].tl >> 8, u[k].tl,
				  u[k].tm >> 8,  u[k].tm,	u[k].th >> 8, u[k].th };
		memcpy(o + 8, u[k].cs, 8);
		assert_memory_equal(o, oct[k], 16);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_fast_calls, setup),
		cmocka_unit_test_setup(test_bad_arg_address, setup),
		cmocka_unit_test_setup(test_hello_counters, setup),
		cmocka_unit_test_setup(test_open_errors, setup),
		cmocka_unit_test_setup(test_session_limit, setup),
		cmocka_unit_test_setup(test_cancel, setup),
		cmocka_unit_test_setup(test_echo_tmem, setup),
		cmocka_unit_test_setup(test_registered_shm, setup),
		cmocka_unit_test_setup(test_register_shm_errors, setup),
		cmocka_unit_test_setup(test_cancel_while_busy, setup),
		cmocka_unit_test_setup(test_tmem_noncontig, setup),
		cmocka_unit_test_setup(test_regd_arg, setup),
		cmocka_unit_test_setup(test_rpc_arg_variant, setup),
		cmocka_unit_test_setup(test_uuid_header_consistent, setup),
	};
	return cmocka_run_group_tests_name("msg", tests, NULL, NULL);
}
