/*
 * smcfuzz: SMC fuzzing from a VM (docs/fuzzing.md, `make fuzz-smc`).
 *
 * VM 1 is the attacker: SMCFUZZ_CALLS calls from a PRNG seeded with
 * SMCFUZZ_SEED (build/<config>/smcfuzz/params.h): random function ids and
 * registers, OP-TEE messages with pointers inside and outside its RAM, random
 * page lists and shared-memory cookies, and random answers to the RPCs its TEE
 * instance asks for. It counts the outcomes by return-code class, then
 * restarts itself with PSCI SYSTEM_RESET and checks that its (fresh) TEE
 * instance works. VM 2 is the victim: it loops over a functional TEE round
 * (sessions, an instance-wide counter, a memref round trip) until the
 * hypervisor says VM 1 stopped, and every round must pass. This file: set-up,
 * the functional calls both use, the victim; the attacker is in fuzz.c.
 */
#include <abi/optee_msg.h>
#include <abi/optee_smc.h>
#include <abi/psci.h>
#include <abi/tee_client.h>
#include <lib/pl011.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/hyp_abi.h>
#include <tzvisor/platform.h>
#include <tzvisor/pta_uuid.h>
#include <tzvisor/sip.h>
#include "smcfuzz.h"
uint32_t vm_id;
uint64_t ram_base, ram_size;
static unsigned failures;
static const uint8_t uuid_hello[16] = PTA_HELLO_UUID_OCTETS;
static const uint8_t uuid_echo[16] = PTA_ECHO_UUID_OCTETS;

void console_putc(char c)
{
	pl011_putc(PLAT_UART0_BASE, c);
}

void check(int ok, const char *name, const char *fmt, uint64_t got)
{
	if (ok) {
		printf("CHECK %s: PASS\n", name);
		return;
	}
	failures++;
	printf("CHECK %s: FAIL (", name);
	printf(fmt, got);
	printf(")\n");
}

void finish(void)
{
	printf("smcfuzz: VM %u done, %u failed\n", vm_id, failures);
	guest_smc(TZV_SIP_TEST_EXIT, failures, 0, 0, 0, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void guest_exception(uint64_t esr, uint64_t elr, uint64_t far)
{
	printf("smcfuzz: unexpected exception esr 0x%lx elr 0x%lx far 0x%lx\n", esr, elr, far);
	failures++;
	finish();
}

/* No interrupt is enabled; start.S wants the handlers. */
void guest_irq(void)
{
}

void guest_secondary(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

uint64_t now_us(void)
{
	uint64_t f = read_sysreg(cntfrq_el0);
	return read_sysreg(cntpct_el0) / (f / 1000000 ? f / 1000000 : 1);
}

/* ---- functional calls (the victim, and the attacker after its restart) ---- */

static uint64_t victim_page(unsigned i)
{
	return ram_base + VICTIM_OFF + i * PAGE_SIZE;
}

/* CALL_WITH_ARG; waits out ETHREAD_LIMIT and resumes foreign interrupts, as Linux does. */
uint64_t call_with_arg(uint64_t pa)
{
	struct smc_result r = {0, pa >> 32, pa & 0xffffffffu, 0};
	uint64_t a0 = OPTEE_SMC_CALL_WITH_ARG;
	for (;;) {
		r = guest_smc(a0, r.a1, r.a2, r.a3, 0, 0, 0, 0);
		if (r.a0 == OPTEE_SMC_RETURN_ETHREAD_LIMIT) {
			r.a1 = pa >> 32;
			r.a2 = pa & 0xffffffffu;
			r.a3 = 0;
			continue;
		}
		if (r.a0 != OPTEE_SMC_RETURN_RPC_FOREIGN_INTR)
			return r.a0;
		a0 = OPTEE_SMC_CALL_RETURN_FROM_RPC;
	}
}

static struct optee_msg_arg *new_msg(uint32_t cmd, uint32_t n)
{
	struct optee_msg_arg *a = (struct optee_msg_arg *)victim_page(0);
	memset(a, 0, PAGE_SIZE);
	a->cmd = cmd;
	a->num_params = n;
	return a;
}

static uint32_t msg_result(struct optee_msg_arg *a)
{
	uint64_t a0 = call_with_arg((uint64_t)a);
	return a0 == OPTEE_SMC_RETURN_OK ? a->ret : 0xeeee0000u | (uint32_t)a0;
}

uint32_t open_session(const uint8_t uuid[16], uint32_t *session)
{
	struct optee_msg_arg *a = new_msg(OPTEE_MSG_CMD_OPEN_SESSION, 2);
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	a->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	memcpy(&a->params[0].u.value, uuid, 16);
	a->params[1].u.value.c = OPTEE_MSG_LOGIN_PUBLIC;
	uint32_t r = msg_result(a);
	*session = a->session;
	return r;
}

uint32_t close_session(uint32_t session)
{
	struct optee_msg_arg *a = new_msg(OPTEE_MSG_CMD_CLOSE_SESSION, 0);
	a->session = session;
	return msg_result(a);
}

/* A CLOSE_SESSION for the attacker's clean-up; its a0. */
uint64_t close_session_now(uint32_t session)
{
	struct optee_msg_arg *a = new_msg(OPTEE_MSG_CMD_CLOSE_SESSION, 0);
	a->session = session;
	return call_with_arg((uint64_t)a);
}

uint32_t hello_inc_global(uint32_t session, uint64_t *value)
{
	struct optee_msg_arg *a = new_msg(OPTEE_MSG_CMD_INVOKE_COMMAND, 1);
	a->session = session;
	a->func = PTA_HELLO_CMD_INC_GLOBAL;
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT;
	uint32_t r = msg_result(a);
	*value = a->params[0].u.value.a;
	return r;
}

/* echo COPY of 256 bytes (a pattern of this round) from one page to another: compared. */
uint32_t echo_copy(uint32_t session, unsigned round)
{
	uint8_t *in = (uint8_t *)victim_page(1), *out = (uint8_t *)victim_page(2);
	for (unsigned i = 0; i < 256; i++)
		in[i] = (uint8_t)(i * 7 + round);
	memset(out, 0, 256);
	struct optee_msg_arg *a = new_msg(OPTEE_MSG_CMD_INVOKE_COMMAND, 2);
	a->session = session;
	a->func = PTA_ECHO_CMD_COPY;
	a->params[0].attr = OPTEE_MSG_ATTR_TYPE_TMEM_INPUT;
	a->params[0].u.tmem.buf_ptr = (uint64_t)in;
	a->params[0].u.tmem.size = 256;
	a->params[1].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
	a->params[1].u.tmem.buf_ptr = (uint64_t)out;
	a->params[1].u.tmem.size = 256;
	uint32_t r = msg_result(a);
	if (r == TEEC_SUCCESS && (a->params[1].u.tmem.size != 256 || memcmp(in, out, 256)))
		r = 0xdddd0000u; /* the copy came back wrong */
	return r;
}

static int event_raised(unsigned n)
{
	return guest_smc(TZV_HYP_TEST_EVENT, 1, n, 0, 0, 0, 0, 0).a0 == 1;
}

static int events_available(void)
{
	return (int64_t)guest_smc(TZV_HYP_TEST_EVENT, 1, 63, 0, 0, 0, 0, 0).a0 >= 0;
}

/* One round: a new hello session counts on, echo copies, the session closes. */
static uint32_t victim_round(uint32_t echo, unsigned round, uint64_t *counter)
{
	uint32_t hello, r = open_session(uuid_hello, &hello);
	if (r != TEEC_SUCCESS)
		return r;
	uint64_t v = 0;
	r = hello_inc_global(hello, &v);
	if (r == TEEC_SUCCESS && v != *counter + 1)
		r = 0xcccc0000u | (uint32_t)v; /* the instance-wide counter skipped or restarted */
	*counter = v;
	uint32_t r2 = echo_copy(echo, round);
	uint32_t r3 = close_session(hello);
	return r != TEEC_SUCCESS ? r : r2 != TEEC_SUCCESS ? r2 : r3;
}

static void victim(void)
{
	uint32_t echo;
	uint64_t counter = 0;
	unsigned rounds = 0, bad = 0;
	uint32_t first_bad = 0;
	int events = events_available();
	printf("smcfuzz: VM %u loops over its TEE round until VM 1 stops%s\n", vm_id,
	       events ? "" : " (no test events: a fixed number of rounds)");
	uint32_t r = open_session(uuid_echo, &echo);
	check(r == TEEC_SUCCESS, "smcfuzz_victim_open_echo", "ret 0x%lx", r);
	uint64_t t0 = now_us();
	for (;;) {
		int last =
		    events ? event_raised(EV_VM_STOPPED(1)) : rounds >= VICTIM_ROUNDS_NO_EVENTS;
		r = victim_round(echo, rounds, &counter);
		rounds++;
		if (r != TEEC_SUCCESS && !bad++)
			first_bad = r;
		if (last)
			break; /* one whole round after VM 1 stopped */
	}
	uint64_t us = now_us() - t0;
	printf("smcfuzz: VM %u: %u rounds in %lu ms, %u failed\n", vm_id, rounds, us / 1000, bad);
	check(bad == 0, "smcfuzz_victim_rounds", "first failure 0x%lx", first_bad);
	check(close_session(echo) == TEEC_SUCCESS, "smcfuzz_victim_close_echo", "%lu", 0);
	finish();
}

void guest_main(uint64_t x0)
{
	(void)x0;
	struct smc_result r = guest_smc(TZV_HYP_VM_INFO, 0, 0, 0, 0, 0, 0, 0);
	vm_id = (uint32_t)r.a1;
	ram_base = r.a2;
	ram_size = r.a3;
	if (r.a0 != 0 || ram_size < BOOT_MARK_OFF + PAGE_SIZE) {
		printf("smcfuzz: no VM information from the hypervisor (a0 0x%lx)\n", r.a0);
		failures++;
		finish();
	}
	if (vm_id == 1)
		attacker();
	victim();
}
