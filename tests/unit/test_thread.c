/*
 * The yielding-call thread's routing and resume checks (tee/thread.c), and
 * the echo TA's SPIN command with the LCG jump-ahead clients check it with.
 * The context switch itself only runs in the firmware (system tests).
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

#define ARG_PA (FAKE_BASE + 0x10000)

static int setup(void **state)
{
	(void)state;
	fake_ram_setup();
	tee_state_reset();
	return 0;
}

static void regs_set(uint64_t r[8], uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	r[0] = a0;
	r[1] = a1;
	r[2] = a2;
	r[3] = a3;
	r[4] = 0x44;
	r[5] = 0x55;
	r[6] = 0x66;
	r[7] = 1;
}

static void suspend(uint64_t out[8])
{
	static uint64_t frame[34];
	thread_suspend(frame, out);
}

static void test_fast_calls_not_for_the_thread(void **state)
{
	(void)state;
	uint64_t r[8];
	regs_set(r, OPTEE_SMC_CALLS_UID, 0, 0, 0);
	assert_int_equal(thread_route(r), THREAD_ROUTE_HANDLE);
	regs_set(r, OPTEE_SMC_GET_THREAD_COUNT, 0, 0, 0);
	assert_int_equal(thread_route(r), THREAD_ROUTE_HANDLE);
	assert_int_equal(tee_thread.state, THREAD_FREE);
}

static void test_start_suspend_resume_finish(void **state)
{
	(void)state;
	uint64_t r[8], out[8];
	static const uint32_t starts[] = { OPTEE_SMC_CALL_WITH_ARG, OPTEE_SMC_CALL_WITH_RPC_ARG,
					   OPTEE_SMC_CALL_WITH_REGD_ARG };

	for (unsigned i = 0; i < 3; i++) {
		regs_set(r, starts[i], 0, ARG_PA, 0);
		assert_int_equal(thread_route(r), THREAD_ROUTE_START);
		assert_int_equal(tee_thread.state, THREAD_RUNNING);
		assert_int_equal(tee_thread.regs[0], starts[i]);
		assert_int_equal(tee_thread.regs[2], ARG_PA);

		suspend(out);
		assert_int_equal(out[0], OPTEE_SMC_RETURN_RPC_FOREIGN_INTR);
		assert_int_equal(out[2], 0);
		assert_int_equal(out[3], TEE_THREAD_ID);
		assert_int_equal(out[4], 0x44); /* a4..a6 of the entry come back */
		assert_int_equal(out[6], 0x66);
		assert_int_equal(tee_thread.state, THREAD_SUSPENDED);

		/* the driver passes a1..a3 back (upper halves of SMC32 args ignored) */
		regs_set(r, OPTEE_SMC_CALL_RETURN_FROM_RPC, out[1] | 0xffffffff00000000ull, out[2],
			 out[3]);
		r[4] = 0x99;
		assert_int_equal(thread_route(r), THREAD_ROUTE_RESUME);
		assert_int_equal(tee_thread.state, THREAD_RUNNING);
		assert_int_equal(tee_thread.regs[4], 0x99); /* this entry's a4 is what returns */

		thread_finish();
		assert_int_equal(tee_thread.state, THREAD_FREE);
	}
}

static void test_resume_refused(void **state)
{
	(void)state;
	uint64_t r[8], out[8];

	/* nothing suspended */
	regs_set(r, OPTEE_SMC_CALL_RETURN_FROM_RPC, 1, 0, TEE_THREAD_ID);
	assert_int_equal(thread_route(r), THREAD_ROUTE_DONE);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_ERESUME);
	assert_int_equal(r[4], 0x44);

	regs_set(r, OPTEE_SMC_CALL_WITH_ARG, 0, ARG_PA, 0);
	assert_int_equal(thread_route(r), THREAD_ROUTE_START);
	suspend(out);
	uint64_t seq = out[1];

	/* wrong thread id, stale sequence, a2 not 0 */
	regs_set(r, OPTEE_SMC_CALL_RETURN_FROM_RPC, seq, 0, TEE_THREAD_ID + 1);
	assert_int_equal(thread_route(r), THREAD_ROUTE_DONE);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_ERESUME);
	regs_set(r, OPTEE_SMC_CALL_RETURN_FROM_RPC, seq - 1, 0, TEE_THREAD_ID);
	assert_int_equal(thread_route(r), THREAD_ROUTE_DONE);
	regs_set(r, OPTEE_SMC_CALL_RETURN_FROM_RPC, seq, 1, TEE_THREAD_ID);
	assert_int_equal(thread_route(r), THREAD_ROUTE_DONE);
	assert_int_equal(tee_thread.state, THREAD_SUSPENDED);

	/* a second yielding call waits */
	regs_set(r, OPTEE_SMC_CALL_WITH_REGD_ARG, 1, 2, 3);
	assert_int_equal(thread_route(r), THREAD_ROUTE_DONE);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_ETHREAD_LIMIT);
	assert_int_equal(r[1], 0);
	assert_int_equal(r[5], 0x55);
	assert_int_equal(tee_thread.regs[2], ARG_PA); /* the suspended call's regs untouched */

	/* the genuine resume still works; used once, the same info is then stale */
	regs_set(r, OPTEE_SMC_CALL_RETURN_FROM_RPC, seq, 0, TEE_THREAD_ID);
	assert_int_equal(thread_route(r), THREAD_ROUTE_RESUME);
	suspend(out);
	assert_int_not_equal(out[1], seq);
	regs_set(r, OPTEE_SMC_CALL_RETURN_FROM_RPC, seq, 0, TEE_THREAD_ID);
	assert_int_equal(thread_route(r), THREAD_ROUTE_DONE);

	/* an instance restart discards it */
	tee_state_reset();
	regs_set(r, OPTEE_SMC_CALL_RETURN_FROM_RPC, out[1], 0, TEE_THREAD_ID);
	assert_int_equal(thread_route(r), THREAD_ROUTE_DONE);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_ERESUME);
}

static void test_lcg_jump(void **state)
{
	(void)state;
	static const uint64_t ns[] = { 0, 1, 2, 3, 7, 64, 1000, 12345 };
	for (unsigned i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		uint64_t x = 0x0123456789abcdefull;
		for (uint64_t k = 0; k < ns[i]; k++)
			x = pta_lcg_step(x);
		assert_int_equal(pta_lcg_jump(0x0123456789abcdefull, ns[i]), x);
	}
}

static uint32_t echo_session(void)
{
	static const uint8_t uuid[16] = PTA_ECHO_UUID_OCTETS;
	struct optee_msg_arg *a = pa_ptr(ARG_PA);
	memset(a, 0, OPTEE_MSG_GET_ARG_SIZE(2));
	a->cmd = OPTEE_MSG_CMD_OPEN_SESSION;
	a->num_params = 2;
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	a->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	memcpy(&a->params[0].u.value, uuid, 16);
	uint64_t r[8] = { OPTEE_SMC_CALL_WITH_ARG, 0, ARG_PA };
	tee_handle_smc(r);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_OK);
	assert_int_equal(a->ret, TEEC_SUCCESS);
	return a->session;
}

static uint32_t spin(uint32_t sid, uint32_t t0, uint64_t n, uint32_t t1)
{
	struct optee_msg_arg *a = pa_ptr(ARG_PA);
	memset(a, 0, OPTEE_MSG_GET_ARG_SIZE(2));
	a->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
	a->func = PTA_ECHO_CMD_SPIN;
	a->session = sid;
	a->num_params = 2;
	a->params[0].attr = t0;
	a->params[0].u.value.a = n;
	a->params[0].u.value.b = 42;
	a->params[1].attr = t1;
	uint64_t r[8] = { OPTEE_SMC_CALL_WITH_ARG, 0, ARG_PA };
	tee_handle_smc(r);
	assert_int_equal(r[0], OPTEE_SMC_RETURN_OK);
	return a->ret;
}

static void test_echo_spin(void **state)
{
	(void)state;
	struct optee_msg_arg *a = pa_ptr(ARG_PA);
	uint32_t sid = echo_session();
	uint64_t want = pta_lcg_jump(42, 5000);

	assert_int_equal(spin(sid, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 5000,
			      OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT), TEEC_SUCCESS);
	assert_int_equal(a->params[1].u.value.a, (uint32_t)want);
	assert_int_equal(a->params[1].u.value.b, want >> 32);
	assert_int_equal(a->params[1].u.value.c, 5000);
	assert_int_equal(spin(sid, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, 10, OPTEE_MSG_ATTR_TYPE_NONE),
			 TEEC_SUCCESS);
	assert_int_equal(spin(sid, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, PTA_ECHO_SPIN_MAX + 1,
			      OPTEE_MSG_ATTR_TYPE_NONE), TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(spin(sid, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 10, OPTEE_MSG_ATTR_TYPE_NONE),
			 TEEC_ERROR_BAD_PARAMETERS);
	assert_int_equal(spin(sid, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 10,
			      OPTEE_MSG_ATTR_TYPE_VALUE_INPUT), TEEC_ERROR_BAD_PARAMETERS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_fast_calls_not_for_the_thread, setup),
		cmocka_unit_test_setup(test_start_suspend_resume_finish, setup),
		cmocka_unit_test_setup(test_resume_refused, setup),
		cmocka_unit_test_setup(test_lcg_jump, setup),
		cmocka_unit_test_setup(test_echo_spin, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
