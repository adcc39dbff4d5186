/*
 * The yielding-call thread: which call runs where, and the resume check.
 * The context switch itself is in tee/entry.S and tee/platform.c; this part
 * is pure logic and builds on the host.
 *
 * One thread per instance. While it is suspended in a foreign-interrupt RPC:
 *  - fast calls are answered as usual (on the entry stack, thread untouched);
 *  - a new yielding call gets ETHREAD_LIMIT (the Linux driver waits and
 *    retries when another of its calls completes), except a CANCEL, which is
 *    answered at once without the thread (tee_cancel_while_busy);
 *  - RETURN_FROM_RPC continues the thread only if a1..a3 are exactly what
 *    the RPC return gave (sequence number, 0, thread id); anything else gets
 *    ERESUME and leaves the thread suspended.
 */
#include <lib/string.h>
#include <abi/optee_smc.h>
#include <tzvisor/secure_abi.h>
#include "tee.h"

struct tee_thread tee_thread;

void thread_reset(void)
{
	tee_thread.state = THREAD_FREE;
	tee_thread.in_rpc = false;
	tee_thread.frame = NULL;
}

static bool is_yielding_start(uint32_t fid)
{
	return fid == OPTEE_SMC_CALL_WITH_ARG || fid == OPTEE_SMC_CALL_WITH_RPC_ARG ||
	       fid == OPTEE_SMC_CALL_WITH_REGD_ARG;
}

static void answer(uint64_t regs[8], uint64_t a0)
{
	regs[0] = a0;
	regs[1] = regs[2] = regs[3] = 0;
}

enum thread_route thread_route(uint64_t regs[8])
{
	struct tee_thread *t = &tee_thread;
	uint32_t fid = (uint32_t)regs[0];

	if (is_yielding_start(fid)) {
		if (t->state != THREAD_FREE) {
			/* a CANCEL needs no thread: it must reach the call it cancels */
			if (tee_cancel_while_busy(regs))
				return THREAD_ROUTE_DONE;
			answer(regs, OPTEE_SMC_RETURN_ETHREAD_LIMIT);
			return THREAD_ROUTE_DONE;
		}
		copy_words(t->regs, regs, 8);
		t->state = THREAD_RUNNING;
		return THREAD_ROUTE_START;
	}
	if (fid != OPTEE_SMC_CALL_RETURN_FROM_RPC)
		return THREAD_ROUTE_HANDLE;

	/* an RPC's answer: a1/a2 (and a4/a5) carry it, a3 names the thread */
	if (t->state == THREAD_SUSPENDED && t->in_rpc && t->frame &&
	    (uint32_t)regs[3] == TEE_THREAD_ID) {
		for (int i = 0; i < 8; i++)
			t->rpc_in[i] = regs[i];
		for (int i = 4; i < 8; i++)
			t->regs[i] = regs[i];
		t->in_rpc = false;
		t->state = THREAD_RUNNING;
		return THREAD_ROUTE_RESUME;
	}
	/* SMC32: only the low 32 bits of a1..a3 are the caller's */
	if (t->state != THREAD_SUSPENDED || t->in_rpc || !t->frame || (uint32_t)regs[1] != t->resume_seq ||
	    (uint32_t)regs[2] != 0 || (uint32_t)regs[3] != TEE_THREAD_ID) {
		answer(regs, OPTEE_SMC_RETURN_ERESUME);
		return THREAD_ROUTE_DONE;
	}
	/* a4..a6 of this entry are what the caller gets back unchanged */
	for (int i = 4; i < 8; i++)
		t->regs[i] = regs[i];
	t->state = THREAD_RUNNING;
	return THREAD_ROUTE_RESUME;
}

void thread_suspend(uint64_t *frame, uint64_t out[8])
{
	struct tee_thread *t = &tee_thread;

	if (t->state != THREAD_RUNNING) {
		tee_log("foreign interrupt outside a running call");
		tee_panic(TZV_PANIC_ASSERT);
	}
	t->frame = frame;
	t->resume_seq++;
	t->state = THREAD_SUSPENDED;
	out[0] = OPTEE_SMC_RETURN_RPC_FOREIGN_INTR;
	out[1] = t->resume_seq;
	out[2] = 0;
	out[3] = TEE_THREAD_ID;
	for (int i = 4; i < 8; i++)
		out[i] = t->regs[i];
}

void thread_suspend_rpc(uint64_t *frame, const uint64_t rpc[8], uint64_t out[8])
{
	struct tee_thread *t = &tee_thread;

	if (t->state != THREAD_RUNNING) {
		tee_log("RPC outside a running call");
		tee_panic(TZV_PANIC_ASSERT);
	}
	t->frame = frame;
	t->resume_seq++;
	t->in_rpc = true;
	t->state = THREAD_SUSPENDED;
	for (int i = 0; i < 4; i++)
		out[i] = rpc[i];
	out[3] = TEE_THREAD_ID;
	/* a4..a6 as the entry that led here passed them (SMCCC: preserved) */
	for (int i = 4; i < 8; i++)
		out[i] = t->regs[i];
}

void thread_finish(void)
{
	tee_thread.state = THREAD_FREE;
	tee_thread.in_rpc = false;
	tee_thread.frame = NULL;
}
