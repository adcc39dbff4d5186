/*
 * User TAs at S-EL0, loaded through the normal world. The client plays
 * tee-supplicant and the Linux driver's part of it: it answers LOAD_TA (a size
 * query, then the file into shared memory), SHM_ALLOC / SHM_FREE, GET_TIME and
 * SUSPEND from signed files built into its image (ta_images.S). Then:
 * refusals (tampered, truncated, unsigned, wrongly signed, malformed), the
 * good TA at S-EL0 with per-session and per-instance state and a memref, and
 * every way a TA must die alone while another TA keeps working.
 */
#include <abi/optee_msg.h>
#include <abi/optee_smc.h>
#include <abi/tee_client.h>
#include <lib/print.h>
#include <lib/string.h>
#include <tzvisor/platform.h>
#include <tzvisor/pta_uuid.h>
#include <lib/sysreg.h>
#include "client.h"
#include "ta/include/tzvtest_ta.h"
#include "taflags/include/tzvflags_ta.h"

#define TEEC_ERROR_SECURITY_ 0xffff000fu
#define TEEC_ERROR_BAD_FORMAT_ 0xffff0005u
#define TEE_ERROR_CANCEL_ 0xffff0002u
#define REE_EPOCH 1700000000u /* the client's REE clock starts here (GET_TIME) */
#define UTA_MEMREF_VA 0x10000000ul

extern const uint8_t ta_good[], ta_good_end[], ta_tampered[], ta_tampered_end[];
extern const uint8_t ta_truncated[], ta_truncated_end[], ta_zerosig[], ta_zerosig_end[];
extern const uint8_t ta_unsigned[], ta_unsigned_end[], ta_otherkey[], ta_otherkey_end[];
extern const uint8_t ta_badelf[], ta_badelf_end[], ta_badhdr[], ta_badhdr_end[];
extern const uint8_t ta_hello[], ta_hello_end[];
extern const uint8_t ta_subkey_v1[], ta_subkey_v1_end[], ta_subkey_v2[], ta_subkey_v2_end[];
extern const uint8_t ta_subkey_forged[], ta_subkey_forged_end[];
extern const uint8_t ta_subkey_outside[], ta_subkey_outside_end[];
extern const uint8_t ta_flags_single[], ta_flags_single_end[];
extern const uint8_t ta_flags_keepalive[], ta_flags_keepalive_end[];
extern const uint8_t ta_flags_multi[], ta_flags_multi_end[];

static const uint8_t test_uuid[16] = TA_TZVTEST_UUID_OCTETS;
static const uint8_t hello_uta_uuid[16] = { 0x9c, 0x3f, 0x5e, 0x1a, 0x7b, 0x2d, 0x4e, 0x8f,
					    0xa1, 0xc6, 0x3d, 0x5b, 0x7e, 0x9f, 0x0a, 0x24 };
static const uint8_t missing_uuid[16] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
static const uint8_t pta_hello_uuid[16] = PTA_HELLO_UUID_OCTETS;

/* ---- the supplicant ---- */

struct served {
	const uint8_t *uuid;
	const uint8_t *data, *end;
};
#define SERVED_SLOTS 8
static struct served served[SERVED_SLOTS];
static struct {
	unsigned load_queries, loads, shm_allocs, shm_frees, noncontig, times, suspends;
	unsigned sock_opens, sock_closes, sock_close_alls, sock_other_instance;
	uint32_t sock_instance;
} supp;
static int supp_use_noncontig;
/* Called while the TEE thread waits in an OPTEE_RPC_CMD_SUSPEND / LOAD_TA (the cancellation tests). */
static void (*supp_suspend_hook)(struct vm *vm);
static int
    supp_refuse_suspend; /* answer SUSPEND with an error: a normal world that does not sleep */
static void (*supp_load_hook)(struct vm *vm);

static void serve(unsigned slot, const uint8_t *uuid, const uint8_t *data, const uint8_t *end)
{
	served[slot] = (struct served){ uuid, data, end };
}

void serve_file(unsigned slot, const uint8_t *uuid, const uint8_t *data, const uint8_t *end)
{
	serve(slot, uuid, data, end);
}

void serve_test_ta(int on)
{
	if (on)
		serve(0, test_uuid, ta_good, ta_good_end);
	else
		serve(0, NULL, NULL, NULL);
}

static const struct served *find_served(const uint8_t uuid[16])
{
	for (unsigned i = 0; i < SERVED_SLOTS; i++)
		if (served[i].uuid && !memcmp(served[i].uuid, uuid, 16))
			return &served[i];
	return NULL;
}

/* Shared memory as Linux hands it out for tee-supplicant: contiguous, or a page list. */
static void shm_alloc(struct vm *vm, struct optee_msg_param *p, uint64_t size)
{
	unsigned n = (unsigned)((size + PAGE_SIZE - 1) / PAGE_SIZE);
	uint64_t pa = vm_pages(vm, n);
	p->attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
	p->u.tmem.buf_ptr = pa;
	p->u.tmem.size = size;
	p->u.tmem.shm_ref = pa; /* our cookie: the PA of the (contiguous) buffer */
	if (supp_use_noncontig && n < 511) {
		/* the same pages, described by a page list like Linux's dynamic shm */
		uint64_t list = vm_pages(vm, 1);
		uint64_t *l = pa_ptr(list);
		for (unsigned i = 0; i < n; i++)
			l[i] = pa + (uint64_t)i * PAGE_SIZE;
		p->attr |= OPTEE_MSG_ATTR_NONCONTIG;
		p->u.tmem.buf_ptr = list;
		supp.noncontig++;
	}
}

/*
 * tee-supplicant's socket RPC, answered as a hostile normal world would: a made-up
 * handle, more bytes sent than given, received and ioctl sizes past the buffer (whose
 * shared memory is filled with 0xee). The kernel must turn each into an error.
 */
static void socket_rpc(struct optee_msg_arg *a)
{
	struct optee_msg_param *p = a->params;
	if (!a->num_params) {
		a->ret = TEEC_ERROR_BAD_PARAMETERS;
		return;
	}
	uint32_t sub = (uint32_t)p[0].u.value.a, instance = (uint32_t)p[0].u.value.b;
	if (sub == OPTEE_RPC_SOCKET_OPEN) {
		supp.sock_opens++;
		supp.sock_instance = instance;
		p[3].u.value.a = 0x55;
		a->ret = a->num_params == 4 ? TEEC_SUCCESS : TEEC_ERROR_BAD_PARAMETERS;
		return;
	}
	if (instance != supp.sock_instance ||
	    (sub != OPTEE_RPC_SOCKET_CLOSE_ALL && p[0].u.value.c != 0x55))
		supp.sock_other_instance++;
	a->ret = TEEC_SUCCESS;
	switch (sub) {
	case OPTEE_RPC_SOCKET_CLOSE:
		supp.sock_closes++;
		break;
	case OPTEE_RPC_SOCKET_CLOSE_ALL:
		supp.sock_close_alls++;
		break;
	case OPTEE_RPC_SOCKET_SEND:
		p[2].u.value.b = p[1].u.rmem.size + 100;
		break;
	case OPTEE_RPC_SOCKET_RECV:
	case OPTEE_RPC_SOCKET_IOCTL:
		memset(pa_ptr(p[1].u.rmem.shm_ref + p[1].u.rmem.offs), 0xee,
		       (size_t)p[1].u.rmem.size);
		p[1].u.rmem.size = p[1].u.rmem.size * 2 + 8;
		break;
	default:
		a->ret = TEEC_ERROR_BAD_PARAMETERS;
	}
}

void supplicant_rpc(struct vm *vm, struct optee_msg_arg *a)
{
	struct optee_msg_param *p = a->params;

	a->ret_origin = TEEC_ORIGIN_COMMS;
	a->ret = TEEC_ERROR_NOT_SUPPORTED;
	switch (a->cmd) {
	case OPTEE_RPC_CMD_LOAD_TA: {
		uint8_t uuid[16];
		if (a->num_params != 2)
			break;
		if (supp_load_hook)
			supp_load_hook(vm);
		memcpy(uuid, &p[0].u.value, 16);
		const struct served *f = find_served(uuid);
		if (!f) {
			a->ret = TEEC_ERROR_ITEM_NOT_FOUND;
			break;
		}
		uint64_t size = (uint64_t)(f->end - f->data);
		uint32_t type = p[1].attr & OPTEE_MSG_ATTR_TYPE_MASK;
		if (type == OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT && p[1].u.tmem.shm_ref == 0) {
			supp.load_queries++;
			p[1].u.tmem.size = size;
			a->ret = TEEC_SUCCESS;
		} else if (type == OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT) {
			uint64_t have = p[1].u.rmem.size;
			p[1].u.rmem.size = size;
			if (have < size) {
				a->ret = 0xffff0010u; /* SHORT_BUFFER */
				break;
			}
			memcpy(pa_ptr(p[1].u.rmem.shm_ref + p[1].u.rmem.offs), f->data, (size_t)size);
			supp.loads++;
			a->ret = TEEC_SUCCESS;
		} else {
			a->ret = TEEC_ERROR_BAD_PARAMETERS;
		}
		break;
	}
	case OPTEE_RPC_CMD_SHM_ALLOC:
		if (a->num_params != 1 || p[0].u.value.a != OPTEE_RPC_SHM_TYPE_APPL ||
		    p[0].u.value.b > 0x100000) {
			a->ret = TEEC_ERROR_OUT_OF_MEMORY;
			break;
		}
		shm_alloc(vm, &p[0], p[0].u.value.b);
		supp.shm_allocs++;
		a->ret = TEEC_SUCCESS;
		break;
	case OPTEE_RPC_CMD_SHM_FREE:
		supp.shm_frees++;
		a->ret = TEEC_SUCCESS;
		break;
	case OPTEE_RPC_CMD_GET_TIME: {
		/* as Linux's driver: one VALUE_OUTPUT, seconds in a, nanoseconds in b */
		if (a->num_params != 1 ||
		    (p[0].attr & OPTEE_MSG_ATTR_TYPE_MASK) != OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT) {
			a->ret = TEEC_ERROR_BAD_PARAMETERS;
			break;
		}
		uint64_t f = read_sysreg(cntfrq_el0), c = read_sysreg(cntpct_el0);
		p[0].u.value.a = REE_EPOCH + c / f;
		p[0].u.value.b = (c % f) * 1000000000ull / f;
		supp.times++;
		a->ret = TEEC_SUCCESS;
		break;
	}
	case OPTEE_RPC_CMD_SUSPEND:
		/* answered at once: the client has nothing else to run meanwhile */
		if (a->num_params != 1 ||
		    (p[0].attr & OPTEE_MSG_ATTR_TYPE_MASK) != OPTEE_MSG_ATTR_TYPE_VALUE_INPUT) {
			a->ret = TEEC_ERROR_BAD_PARAMETERS;
			break;
		}
		supp.suspends++;
		if (supp_suspend_hook)
			supp_suspend_hook(vm);
		a->ret = supp_refuse_suspend ? TEEC_ERROR_NOT_SUPPORTED : TEEC_SUCCESS;
		break;
	case OPTEE_RPC_CMD_SOCKET:
		socket_rpc(a);
		break;
	default:
		break;
	}
	if (a->ret == TEEC_SUCCESS)
		a->ret_origin = 0;
}

/* ---- helpers ---- */

static uint32_t open_cancel_id;

/* OPEN_SESSION as Linux's driver makes it: login and the client's UUID octets (or NULL). */
static uint32_t open_login(struct vm *vm, const uint8_t uuid[16], uint32_t login,
			   const uint8_t client[16], uint32_t *session, uint32_t *origin)
{
	struct optee_msg_arg *arg = vm_arg(vm, 2);
	arg->cmd = OPTEE_MSG_CMD_OPEN_SESSION;
	arg->cancel_id = open_cancel_id;
	arg->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	arg->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	memcpy(&arg->params[0].u.value, uuid, 16);
	if (client)
		memcpy(&arg->params[1].u.value, client, 16);
	arg->params[1].u.value.c = login;
	uint32_t ret = msg_call(vm, arg);
	*session = ret == TEEC_SUCCESS ? arg->session : 0xffffffffu;
	*origin = arg->ret_origin;
	return ret;
}

static uint32_t open_o(struct vm *vm, const uint8_t uuid[16], uint32_t *session, uint32_t *origin)
{
	return open_login(vm, uuid, OPTEE_MSG_LOGIN_PUBLIC, NULL, session, origin);
}

static uint32_t invoke_o(struct vm *vm, uint32_t session, uint32_t cmd, struct optee_msg_param *p,
			 uint32_t n, uint32_t *origin)
{
	struct optee_msg_arg *arg = vm_arg(vm, n);
	arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
	arg->func = cmd;
	arg->session = session;
	for (uint32_t i = 0; i < n; i++)
		arg->params[i] = p[i];
	uint32_t ret = msg_call(vm, arg);
	for (uint32_t i = 0; i < n; i++)
		p[i] = arg->params[i];
	*origin = arg->ret_origin;
	return ret;
}

/* One value-out command: returns ret, *a = params[0].value.a. */
static uint32_t cmd_val(struct vm *vm, uint32_t session, uint32_t cmd, uint64_t *a, uint32_t *origin)
{
	struct optee_msg_param p[1] = { pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0) };
	uint32_t r = invoke_o(vm, session, cmd, p, 1, origin);
	*a = p[0].u.value.a;
	return r;
}

static uint32_t read_at(struct vm *vm, uint32_t session, uint64_t addr, uint32_t *origin)
{
	struct optee_msg_param p[2] = {
		pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, (uint32_t)addr, addr >> 32, 0),
		pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0),
	};
	return invoke_o(vm, session, TZVTEST_CMD_READ, p, 2, origin);
}

/* ---- traps that must work at S-EL0 ---- */

static uint32_t open_test_ta(struct vm *vm, struct test *t);

static void trap_works(struct vm *vm, struct test *t, uint32_t s, uint32_t kind, const char *what,
		       uint64_t *a, uint64_t *b)
{
	uint32_t origin;
	struct optee_msg_param p[2] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, kind, 0, 0),
				       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
	uint32_t r = invoke_o(vm, s, TZVTEST_CMD_TRAP, p, 2, &origin);
	EXPECT_EQ(t, what, TEEC_SUCCESS, r);
	*a = p[1].u.value.a;
	*b = p[1].u.value.b;
}

/*
 * Pointer authentication (PACGA, PACIA/AUTIA, with the TA's keys still in place
 * after an RPC) and the hint-space BTI/PACIASP work in a TA (the TEE-visor no
 * longer traps them and kills the instance); MTE's IRG too where the CPU has
 * MTE. The TA and the other TA live on.
 */
static void tests_ta_traps_work(struct vm *vm, uint32_t hello_s, uint64_t *hello_count)
{
	struct test t;
	uint32_t origin;
	uint64_t a, b, v;
	t_begin(&t, "ta_pointer_auth_works");
	uint32_t s = open_test_ta(vm, &t);
	trap_works(vm, &t, s, TZVTEST_TRAP_PAC, "PAC", &a, &b);
	EXPECT_EQ(&t, "PACGA gave a code, the same after a TEE_Wait (RPC)", 1, a & 1);
	/* OP-TEE's property says what the CPU has (tee/pauth.c), and the CPU here has FEAT_PAuth */
	uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
	EXPECT_EQ(&t, "the CPU has FEAT_PAuth (APA or API)", 1,
		  ((isar1 >> 4) & 0xf) != 0 || ((isar1 >> 8) & 0xf) != 0);
	EXPECT_EQ(&t, "feat_pauth_implemented property true", 1, (a >> 1) & 1);
	EXPECT_EQ(&t, "PACIA signed, AUTIA after the TEE_Wait gave it back", 1, b);
	trap_works(vm, &t, s, TZVTEST_TRAP_BTI, "BTI c, PACIASP, AUTIASP", &a, &b);
	if (((read_sysreg(id_aa64pfr1_el1) >> 8) & 0xf) != 0)
		trap_works(vm, &t, s, TZVTEST_TRAP_MTE, "IRG (the CPU has MTE)", &a, &b);
	EXPECT_EQ(&t, "the TA lives on", TEEC_SUCCESS,
		  cmd_val(vm, s, TZVTEST_CMD_INC, &v, &origin));
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	struct optee_msg_param p[1] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
	EXPECT_EQ(&t, "hello TA still answers", TEEC_SUCCESS,
		  invoke_o(vm, hello_s, 2 /* TA_HELLO_CMD_COUNT */, p, 1, &origin));
	(*hello_count)++;
	t_end(&t);

	/* the TEE kernel's FP/SIMD use in a syscall does not reach the TA's V registers */
	t_begin(&t, "ta_simd_registers_kept_across_syscalls");
	s = open_test_ta(vm, &t);
	struct optee_msg_param q[2] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 0x5eed, 0, 0),
				       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
	EXPECT_EQ(&t, "SIMD_KEPT", TEEC_SUCCESS,
		  invoke_o(vm, s, TZVTEST_CMD_SIMD_KEPT, q, 2, &origin));
	EXPECT_EQ(&t, "V registers changed by the kernel", 0, q[1].u.value.a);
	printf("client: SIMD_KEPT: storage CREATE answered 0x%lx\n", (uint64_t)q[1].u.value.b);
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	t_end(&t);
}

/* ---- cancellation ---- */

static uint32_t cancel_session; /* the session the SUSPEND hook cancels */
static unsigned cancel_hook_calls;
static uint64_t cancel_hook_a0;
static uint32_t cancel_hook_ret;

/*
 * OPTEE_MSG_CMD_CANCEL as one raw yielding call (no retry on ETHREAD_LIMIT: it
 * must be answered while the TEE thread is suspended). Returns a0; *ret = the
 * message's ret when a0 is OK.
 */
static uint64_t send_cancel(struct vm *vm, uint32_t session, uint32_t cancel_id,
			    uint32_t num_params, uint32_t *ret)
{
	struct optee_msg_arg *arg = vm_arg(vm, num_params);
	arg->cmd = OPTEE_MSG_CMD_CANCEL;
	arg->session = session;
	arg->cancel_id = cancel_id;
	arg->ret = 0xdeadbeefu;
	uint64_t pa = ptr_pa(arg);
	struct smc_res r = smc8(OPTEE_SMC_CALL_WITH_ARG, pa >> 32, pa & 0xffffffffu, 0, 0, 0, 0, vm->id);
	*ret = arg->ret;
	return r.a0;
}

static void cancel_on_first_suspend(struct vm *vm)
{
	if (cancel_hook_calls++ == 0)
		cancel_hook_a0 = send_cancel(vm, cancel_session, 0, 0, &cancel_hook_ret);
}

/* During the first LOAD_TA of an open with cancel id 0x1234: session 0, a wrong id, then the right one. */
static uint32_t cancel_open_wrong_ret;

static void cancel_open_on_load(struct vm *vm)
{
	if (cancel_hook_calls++ == 0) {
		send_cancel(vm, 0, 0x4321, 0, &cancel_open_wrong_ret);
		cancel_hook_a0 = send_cancel(vm, 0, 0x1234, 0, &cancel_hook_ret);
	}
}

/* TZVTEST_CMD_WAIT: p[1..3] filled in; returns the message's ret. */
static uint32_t ta_wait(struct vm *vm, uint32_t s, uint32_t ms, int unmask, struct optee_msg_param p[4])
{
	uint32_t origin;
	p[0] = pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, ms, unmask, 0);
	for (int i = 1; i < 4; i++)
		p[i] = pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0);
	return invoke_o(vm, s, TZVTEST_CMD_WAIT, p, 4, &origin);
}

/* Malformed or misdirected cancels for session s: each refused, nothing else happens. */
static void bad_cancels(struct test *t, struct vm *vm, uint32_t s, int busy)
{
	uint32_t ret;
	uint64_t a0 = send_cancel(vm, 0x7ffffff0u, 0, 0, &ret);
	EXPECT_EQ(t, "cancel of an unknown session: a0", OPTEE_SMC_RETURN_OK, a0);
	EXPECT_EQ(t, "cancel of an unknown session", TEEC_ERROR_BAD_PARAMETERS, ret);
	a0 = send_cancel(vm, 0, 0, 0, &ret);
	EXPECT_EQ(t, "cancel of session 0 with no open in progress", TEEC_ERROR_BAD_PARAMETERS, ret);
	a0 = send_cancel(vm, s, 0, 1, &ret);
	EXPECT_EQ(t, "cancel with a parameter", TEEC_ERROR_BAD_PARAMETERS, ret);
	if (busy) {
		a0 = send_cancel(vm, s, 5, 0, &ret);
		EXPECT_EQ(t, "cancel with another operation's cancel id", TEEC_ERROR_BAD_PARAMETERS, ret);
		uint64_t out = vm->ram_base + vm->ram_size + 0x1000;
		struct smc_res r = smc8(OPTEE_SMC_CALL_WITH_ARG, out >> 32, out & 0xffffffffu, 0, 0, 0, 0,
					vm->id);
		EXPECT_EQ(t, "a message outside the VM while busy", OPTEE_SMC_RETURN_ETHREAD_LIMIT, r.a0);
		struct optee_msg_arg *inv = vm_arg(vm, 0);
		inv->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
		inv->session = s;
		inv->func = TZVTEST_CMD_INC;
		uint64_t pa = ptr_pa(inv);
		r = smc8(OPTEE_SMC_CALL_WITH_ARG, pa >> 32, pa & 0xffffffffu, 0, 0, 0, 0, vm->id);
		EXPECT_EQ(t, "an invoke while busy", OPTEE_SMC_RETURN_ETHREAD_LIMIT, r.a0);
	}
}

#define POLL_ROUNDS_SHORT 20000u
#define POLL_ROUNDS_LONG 2000000u
#define POLL_CANCEL_AT 4 /* the real cancel after this many foreign-interrupt returns */

/*
 * CANCEL_POLL with the client's timer ticking: every foreign-interrupt return
 * suspends the TA; at the first one come the malformed cancels, and with
 * `cancel` the real one after POLL_CANCEL_AT of them. Returns the message.
 */
static struct optee_msg_arg *poll_interrupted(struct test *t, struct vm *vm, uint32_t s,
					      uint32_t rounds, int cancel, unsigned *foreign)
{
	struct optee_msg_arg *arg = vm_arg(vm, 2);
	arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
	arg->func = TZVTEST_CMD_CANCEL_POLL;
	arg->session = s;
	arg->params[0] = pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, rounds, 0, 0);
	arg->params[1] = pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0);
	uint64_t pa = ptr_pa(arg);
	*foreign = 0;
	timer_start(read_sysreg(cntfrq_el0) / 1000);
	struct smc_res r = smc8(OPTEE_SMC_CALL_WITH_ARG, pa >> 32, pa & 0xffffffffu, 0, 0, 0, 0, vm->id);
	while (r.a0 == OPTEE_SMC_RETURN_RPC_FOREIGN_INTR && *foreign < 10000000u) {
		++*foreign;
		if (*foreign == 1)
			bad_cancels(t, vm, s, 1);
		if (cancel && *foreign == POLL_CANCEL_AT) {
			uint32_t ret;
			uint64_t a0 = send_cancel(vm, s, 0, 0, &ret);
			EXPECT_EQ(t, "cancel while suspended: a0", OPTEE_SMC_RETURN_OK, a0);
			EXPECT_EQ(t, "cancel while suspended", TEEC_SUCCESS, ret);
		}
		r = smc8(OPTEE_SMC_CALL_RETURN_FROM_RPC, r.a1, r.a2, r.a3, 0, 0, 0, vm->id);
	}
	timer_stop();
	EXPECT_EQ(t, "final a0", OPTEE_SMC_RETURN_OK, r.a0);
	return arg;
}

static void tests_cancel(struct vm *vm)
{
	struct test t;
	struct optee_msg_param p[4];
	uint32_t origin, r, ret;
	unsigned foreign;

	serve(0, test_uuid, ta_good, ta_good_end);
	uint32_t s;
	r = open_o(vm, test_uuid, &s, &origin);

	/* a long computation that polls TEE_GetCancellationFlag, suspended by the timer's interrupts */
	t_begin(&t, "ta_cancel_bad_requests_change_nothing");
	EXPECT_EQ(&t, "open test TA", TEEC_SUCCESS, r);
	struct optee_msg_arg *arg = poll_interrupted(&t, vm, s, POLL_ROUNDS_SHORT, 0, &foreign);
	if (foreign == 0)
		t_fail(&t, "no foreign-interrupt return in %u rounds", POLL_ROUNDS_SHORT);
	EXPECT_EQ(&t, "ret", TEEC_SUCCESS, arg->ret);
	EXPECT_EQ(&t, "rounds done", POLL_ROUNDS_SHORT, arg->params[1].u.value.a);
	EXPECT_EQ(&t, "cancel flag seen", 0, arg->params[1].u.value.b);
	printf("client: CANCEL_POLL of %u rounds: %u foreign-interrupt returns\n", POLL_ROUNDS_SHORT,
	       foreign);
	t_end(&t);

	t_begin(&t, "ta_cancel_long_call_between_resumes");
	arg = poll_interrupted(&t, vm, s, POLL_ROUNDS_LONG, 1, &foreign);
	EXPECT_EQ(&t, "ret", TEE_ERROR_CANCEL_, arg->ret);
	EXPECT_EQ(&t, "origin", TEEC_ORIGIN_TRUSTED_APP, arg->ret_origin);
	EXPECT_EQ(&t, "cancel flag seen", 1, arg->params[1].u.value.b);
	if (foreign < POLL_CANCEL_AT || arg->params[1].u.value.a >= POLL_ROUNDS_LONG)
		t_fail(&t, "not cancelled: %u foreign-interrupt returns, %lu rounds", foreign,
		       (unsigned long)arg->params[1].u.value.a);
	printf("client: CANCEL_POLL cancelled after %u foreign-interrupt returns, %lu of %u rounds\n",
	       foreign, (unsigned long)arg->params[1].u.value.a, POLL_ROUNDS_LONG);
	/* the flag belonged to that operation: the next one runs to its end */
	r = ta_wait(vm, s, 100, 1, p);
	EXPECT_EQ(&t, "next wait", TEEC_SUCCESS, p[1].u.value.a);
	t_end(&t);

	/* TEE_Wait, cancelled while the thread sleeps in the SUSPEND RPC */
	t_begin(&t, "ta_cancel_wait_in_rpc");
	cancel_session = s;
	cancel_hook_calls = 0;
	supp_suspend_hook = cancel_on_first_suspend;
	unsigned suspends = supp.suspends, times = supp.times;
	r = ta_wait(vm, s, 10000, 1, p);
	supp_suspend_hook = NULL;
	EXPECT_EQ(&t, "invoke", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "cancel during the RPC: a0", OPTEE_SMC_RETURN_OK, cancel_hook_a0);
	EXPECT_EQ(&t, "cancel during the RPC", TEEC_SUCCESS, cancel_hook_ret);
	EXPECT_EQ(&t, "TEE_Wait", TEE_ERROR_CANCEL_, p[1].u.value.a);
	EXPECT_EQ(&t, "TEE_GetCancellationFlag", 1, p[1].u.value.b);
	EXPECT_EQ(&t, "TEE_UnmaskCancellation (was masked)", 0, p[2].u.value.a);
	EXPECT_EQ(&t, "SUSPEND slices of 10 s", 1, supp.suspends - suspends);
	/* TEE_GetREETime: the client's clock, through OPTEE_RPC_CMD_GET_TIME */
	EXPECT_EQ(&t, "GET_TIME RPCs", 1, supp.times - times);
	if (p[3].u.value.a < REE_EPOCH || p[3].u.value.a > REE_EPOCH + 3600 || p[3].u.value.b >= 1000)
		t_fail(&t, "REE time %lu.%03lu", (unsigned long)p[3].u.value.a,
		       (unsigned long)p[3].u.value.b);
	printf("client: TEE_GetREETime in the test TA: %lu.%03lu s\n", (unsigned long)p[3].u.value.a,
	       (unsigned long)p[3].u.value.b);
	t_end(&t);

	/*
	 * masked: TEE_Wait runs to its end and the flag reads false until unmasked. As in
	 * OP-TEE the mask belongs to the session (masked when it opens, then as the TA leaves
	 * it; the invokes above unmasked s): a fresh session.
	 */
	t_begin(&t, "ta_cancel_masked");
	uint32_t ms;
	EXPECT_EQ(&t, "open a fresh session", TEEC_SUCCESS, open_o(vm, test_uuid, &ms, &origin));
	cancel_hook_calls = 0;
	cancel_session = ms;
	supp_suspend_hook = cancel_on_first_suspend;
	suspends = supp.suspends;
	r = ta_wait(vm, ms, 300, 0, p);
	supp_suspend_hook = NULL;
	cancel_session = s;
	EXPECT_EQ(&t, "close the fresh session", TEEC_SUCCESS, close_session(vm, ms));
	EXPECT_EQ(&t, "invoke", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "cancel during the RPC", TEEC_SUCCESS, cancel_hook_ret);
	EXPECT_EQ(&t, "TEE_Wait", TEEC_SUCCESS, p[1].u.value.a);
	EXPECT_EQ(&t, "TEE_GetCancellationFlag while masked", 0, p[1].u.value.b);
	EXPECT_EQ(&t, "TEE_UnmaskCancellation (was masked)", 1, p[2].u.value.a);
	EXPECT_EQ(&t, "TEE_GetCancellationFlag once unmasked", 1, p[2].u.value.b);
	EXPECT_EQ(&t, "SUSPEND slices of 300 ms", 3, supp.suspends - suspends);
	t_end(&t);

	/* with the thread free: a cancel before the invoke, for that invoke only */
	t_begin(&t, "ta_cancel_before_invoke");
	bad_cancels(&t, vm, s, 0);
	r = ta_wait(vm, s, 100, 1, p);
	EXPECT_EQ(&t, "wait after refused cancels", TEEC_SUCCESS, p[1].u.value.a);
	uint64_t a0 = send_cancel(vm, s, 0, 0, &ret);
	EXPECT_EQ(&t, "cancel: a0", OPTEE_SMC_RETURN_OK, a0);
	EXPECT_EQ(&t, "cancel", TEEC_SUCCESS, ret);
	suspends = supp.suspends;
	r = ta_wait(vm, s, 10000, 1, p);
	EXPECT_EQ(&t, "TEE_Wait of the cancelled invoke", TEE_ERROR_CANCEL_, p[1].u.value.a);
	EXPECT_EQ(&t, "SUSPENDs", 0, supp.suspends - suspends);
	r = ta_wait(vm, s, 100, 1, p);
	EXPECT_EQ(&t, "TEE_Wait of the next invoke", TEEC_SUCCESS, p[1].u.value.a);
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	a0 = send_cancel(vm, s, 0, 0, &ret);
	EXPECT_EQ(&t, "cancel of the closed session", TEEC_ERROR_BAD_PARAMETERS, ret);
	t_end(&t);

	/*
	 * A normal world that refuses to sleep for the TEE: TEE_Wait ends with an error
	 * (libutee panics the TA, as GP says) after one SUSPEND, instead of the kernel
	 * spinning with interrupts masked for the time the TA asked.
	 */
	t_begin(&t, "ta_wait_ends_when_suspend_refused");
	s = open_test_ta(vm, &t);
	supp_refuse_suspend = 1;
	suspends = supp.suspends;
	r = ta_wait(vm, s, 10000, 0, p);
	supp_refuse_suspend = 0;
	EXPECT_EQ(&t, "the TA's TEE_Wait(10 s)", TEEC_ERROR_TARGET_DEAD, r);
	EXPECT_EQ(&t, "SUSPEND RPCs", 1, supp.suspends - suspends);
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	t_end(&t);

	/* an open in progress (the thread waits in LOAD_TA): session 0 and the open's cancel id */
	t_begin(&t, "ta_cancel_open_in_progress");
	cancel_hook_calls = 0;
	supp_load_hook = cancel_open_on_load;
	open_cancel_id = 0x1234;
	r = open_o(vm, test_uuid, &s, &origin);
	open_cancel_id = 0;
	supp_load_hook = NULL;
	EXPECT_EQ(&t, "LOAD_TA RPCs seen", 2, cancel_hook_calls);
	EXPECT_EQ(&t, "cancel with another cancel id", TEEC_ERROR_BAD_PARAMETERS, cancel_open_wrong_ret);
	EXPECT_EQ(&t, "cancel of the open: a0", OPTEE_SMC_RETURN_OK, cancel_hook_a0);
	EXPECT_EQ(&t, "cancel of the open", TEEC_SUCCESS, cancel_hook_ret);
	/* the test TA's open entry point does not look at the flag; the flag ends with the open */
	EXPECT_EQ(&t, "open", TEEC_SUCCESS, r);
	r = ta_wait(vm, s, 100, 1, p);
	EXPECT_EQ(&t, "TEE_Wait of the first invoke", TEEC_SUCCESS, p[1].u.value.a);
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	t_end(&t);
	serve(0, NULL, NULL, NULL);
}

/* ---- GlobalPlatform instance flags ---- */

static uint32_t flags_inc(struct vm *vm, uint32_t s, uint64_t *count, uint64_t *creations)
{
	uint32_t origin;
	struct optee_msg_param p[1] = { pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0) };
	uint32_t r = invoke_o(vm, s, TZVFLAGS_CMD_INST_INC, p, 1, &origin);
	*count = p[0].u.value.a;
	if (creations)
		*creations = p[0].u.value.b;
	return r;
}

static void tests_instance_flags(struct vm *vm)
{
	static const uint8_t single_uuid[16] = TA_FLAGS_SINGLE_UUID_OCTETS;
	static const uint8_t keep_uuid[16] = TA_FLAGS_KEEPALIVE_UUID_OCTETS;
	static const uint8_t multi_uuid[16] = TA_FLAGS_MULTI_UUID_OCTETS;
	struct test t;
	uint32_t a, b, origin, r;
	uint64_t v, c;

	serve(0, single_uuid, ta_flags_single, ta_flags_single_end);
	serve(2, keep_uuid, ta_flags_keepalive, ta_flags_keepalive_end);
	serve(3, multi_uuid, ta_flags_multi, ta_flags_multi_end);

	t_begin(&t, "ta_flags_single_instance_busy");
	r = open_o(vm, single_uuid, &a, &origin);
	EXPECT_EQ(&t, "first session", TEEC_SUCCESS, r);
	flags_inc(vm, a, &v, NULL);
	flags_inc(vm, a, &v, NULL);
	EXPECT_EQ(&t, "instance counter", 2, v);
	unsigned loads = supp.loads;
	r = open_o(vm, single_uuid, &b, &origin);
	EXPECT_EQ(&t, "second session without MULTI_SESSION", TEEC_ERROR_BUSY, r);
	EXPECT_EQ(&t, "its origin", TEEC_ORIGIN_TEE, origin);
	EXPECT_EQ(&t, "nothing loaded for it", loads, supp.loads);
	r = flags_inc(vm, a, &v, NULL);
	EXPECT_EQ(&t, "first session unharmed", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "its counter", 3, v);
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, a));
	t_end(&t);

	t_begin(&t, "ta_flags_no_keep_alive_starts_fresh");
	r = open_o(vm, single_uuid, &a, &origin);
	EXPECT_EQ(&t, "session after the last one closed", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "loaded again", loads + 1, supp.loads);
	flags_inc(vm, a, &v, &c);
	EXPECT_EQ(&t, "fresh instance counter", 1, v);
	EXPECT_EQ(&t, "TA_CreateEntryPoint calls of this instance", 1, c);
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, a));
	t_end(&t);

	t_begin(&t, "ta_flags_keep_alive_keeps_instance");
	r = open_o(vm, keep_uuid, &a, &origin);
	EXPECT_EQ(&t, "open", TEEC_SUCCESS, r);
	flags_inc(vm, a, &v, NULL);
	flags_inc(vm, a, &v, NULL);
	EXPECT_EQ(&t, "counter", 2, v);
	EXPECT_EQ(&t, "close the only session", TEEC_SUCCESS, close_session(vm, a));
	loads = supp.loads;
	r = open_o(vm, keep_uuid, &b, &origin);
	EXPECT_EQ(&t, "open again", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "no new load", loads, supp.loads);
	flags_inc(vm, b, &v, &c);
	EXPECT_EQ(&t, "counter kept", 3, v);
	EXPECT_EQ(&t, "created once", 1, c);
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, b));
	t_end(&t);

	t_begin(&t, "ta_flags_multi_instance");
	loads = supp.loads;
	EXPECT_EQ(&t, "open a", TEEC_SUCCESS, open_o(vm, multi_uuid, &a, &origin));
	EXPECT_EQ(&t, "open b", TEEC_SUCCESS, open_o(vm, multi_uuid, &b, &origin));
	EXPECT_EQ(&t, "an instance (a load) each", loads + 2, supp.loads);
	flags_inc(vm, a, &v, NULL);
	flags_inc(vm, a, &v, NULL);
	EXPECT_EQ(&t, "a's instance", 2, v);
	flags_inc(vm, b, &v, NULL);
	EXPECT_EQ(&t, "b's own instance", 1, v);
	EXPECT_EQ(&t, "close a", TEEC_SUCCESS, close_session(vm, a));
	EXPECT_EQ(&t, "close b", TEEC_SUCCESS, close_session(vm, b));
	t_end(&t);
	serve(0, NULL, NULL, NULL);
	serve(2, NULL, NULL, NULL);
	serve(3, NULL, NULL, NULL);
}

/* ---- tests ---- */

static void refusal(struct vm *vm, const char *name, const uint8_t *uuid, const uint8_t *data,
		    const uint8_t *end, uint32_t want)
{
	struct test t;
	uint32_t s, origin;
	t_begin(&t, name);
	serve(0, uuid, data, end);
	unsigned loads = supp.loads, allocs = supp.shm_allocs, frees = supp.shm_frees;
	uint32_t r = open_o(vm, uuid, &s, &origin);
	EXPECT_EQ(&t, "open", want, r);
	EXPECT_EQ(&t, "origin", TEEC_ORIGIN_TEE, origin);
	EXPECT_EQ(&t, "file fetched once", loads + 1, supp.loads);
	EXPECT_EQ(&t, "shm freed", supp.shm_allocs - allocs, supp.shm_frees - frees);
	serve(0, NULL, NULL, NULL);
	t_end(&t);
}

/* The test TA signed through a subkey (guests/client/ta/variants.sh) opens and answers. */
static void subkey_runs(struct vm *vm, const char *name, const uint8_t *data, const uint8_t *end)
{
	struct test t;
	uint32_t s, origin;
	uint64_t v;
	t_begin(&t, name);
	serve(0, test_uuid, data, end);
	unsigned loads = supp.loads;
	uint32_t r = open_o(vm, test_uuid, &s, &origin);
	EXPECT_EQ(&t, "open", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "loaded", loads + 1, supp.loads);
	EXPECT_EQ(&t, "INC", TEEC_SUCCESS, cmd_val(vm, s, TZVTEST_CMD_INC, &v, &origin));
	EXPECT_EQ(&t, "session counter", 1, v);
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	serve(0, NULL, NULL, NULL);
	t_end(&t);
}

/*
 * Subkeys: a TA signed with a subkey the built-in key signed runs; a chain whose subkey
 * another key signed, a TA outside its subkey's namespace, and an older version of a
 * subkey after a newer one was accepted are refused.
 */
static void tests_ta_subkeys(struct vm *vm)
{
	subkey_runs(vm, "ta_subkey_signed_runs", ta_subkey_v1, ta_subkey_v1_end);
	refusal(vm, "ta_refuse_subkey_forged", test_uuid, ta_subkey_forged, ta_subkey_forged_end,
		TEEC_ERROR_SECURITY_);
	refusal(vm, "ta_refuse_subkey_outside_namespace", test_uuid, ta_subkey_outside,
		ta_subkey_outside_end, TEEC_ERROR_SECURITY_);
	subkey_runs(vm, "ta_subkey_newer_version_runs", ta_subkey_v2, ta_subkey_v2_end);
	refusal(vm, "ta_refuse_subkey_rollback", test_uuid, ta_subkey_v1, ta_subkey_v1_end,
		TEEC_ERROR_SECURITY_);
	optee_attest_rollback_refused(vm, ta_subkey_v1, ta_subkey_v1_end);
}

/* Opens the test TA (served good) and checks it answers. */
static uint32_t open_test_ta(struct vm *vm, struct test *t)
{
	uint32_t s, origin;
	uint64_t v;
	serve(0, test_uuid, ta_good, ta_good_end);
	uint32_t r = open_o(vm, test_uuid, &s, &origin);
	EXPECT_EQ(t, "open test TA", TEEC_SUCCESS, r);
	r = cmd_val(vm, s, TZVTEST_CMD_INC, &v, &origin);
	EXPECT_EQ(t, "fresh session INC", TEEC_SUCCESS, r);
	EXPECT_EQ(t, "fresh session counter", 1, v);
	return s;
}

/*
 * The client identity a TA sees is the one the normal world's driver gave in OPEN_SESSION
 * (login, and for USER/GROUP/APPLICATION* logins the UUID in params[1]; nil for PUBLIC);
 * a login the OP-TEE ABI does not define, TEE_LOGIN_TRUSTED_APP above all, is refused, so
 * no normal-world client passes for a TA (the system PTA serves TA clients only).
 */
static void tests_ta_client_login(struct vm *vm)
{
	struct test t;
	uint32_t s, origin, r;
	static const uint8_t client[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0x5c, 0xde,
					   0x8f, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd};
	t_begin(&t, "ta_client_identity_from_login");
	serve(0, test_uuid, ta_good, ta_good_end);
	r = open_login(vm, test_uuid, OPTEE_MSG_LOGIN_GROUP, client, &s, &origin);
	EXPECT_EQ(&t, "open with a group login", TEEC_SUCCESS, r);
	struct optee_msg_param p[3] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0),
				       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0),
				       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
	r = invoke_o(vm, s, TZVTEST_CMD_CLIENT, p, 3, &origin);
	EXPECT_EQ(&t, "CLIENT", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "login TEE_LOGIN_GROUP", 2, p[0].u.value.a);
	EXPECT_EQ(&t, "timeLow", 0x01234567, p[0].u.value.b);
	EXPECT_EQ(&t, "timeMid", 0x89ab, p[1].u.value.a);
	EXPECT_EQ(&t, "timeHiAndVersion", 0x5cde, p[1].u.value.b);
	EXPECT_EQ(&t, "clockSeqAndNode 0-3", 0x8f012345, p[2].u.value.a);
	EXPECT_EQ(&t, "clockSeqAndNode 4-7", 0x6789abcd, p[2].u.value.b);
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	/* a public login with a UUID in params[1]: the TA sees the nil UUID */
	r = open_login(vm, test_uuid, OPTEE_MSG_LOGIN_PUBLIC, client, &s, &origin);
	EXPECT_EQ(&t, "open with a public login", TEEC_SUCCESS, r);
	for (unsigned i = 0; i < 3; i++)
		p[i] = pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 1, 1, 0);
	r = invoke_o(vm, s, TZVTEST_CMD_CLIENT, p, 3, &origin);
	EXPECT_EQ(&t, "CLIENT", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "login TEE_LOGIN_PUBLIC", 0, p[0].u.value.a);
	EXPECT_EQ(&t, "nil UUID", 0,
		  p[0].u.value.b | p[1].u.value.a | p[1].u.value.b | p[2].u.value.a |
		      p[2].u.value.b);
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	t_end(&t);

	t_begin(&t, "neg_login_trusted_app_refused");
	static const uint8_t system_pta[16] = {0x3a, 0x2f, 0x89, 0x78, 0x5d, 0xc0, 0x11, 0xe8,
					       0x9c, 0x2d, 0xfa, 0x7a, 0xe0, 0x1b, 0xbe, 0xbc};
	r = open_login(vm, system_pta, 0xf0000000u /* TEE_LOGIN_TRUSTED_APP */, client, &s,
		       &origin);
	EXPECT_EQ(&t, "system PTA, login TRUSTED_APP", TEEC_ERROR_BAD_PARAMETERS, r);
	EXPECT_EQ(&t, "origin", TEEC_ORIGIN_TEE, origin);
	r = open_login(vm, test_uuid, 0xf0000000u, client, &s, &origin);
	EXPECT_EQ(&t, "user TA, login TRUSTED_APP", TEEC_ERROR_BAD_PARAMETERS, r);
	r = open_login(vm, test_uuid, 3 /* no such login */, client, &s, &origin);
	EXPECT_EQ(&t, "user TA, login 3", TEEC_ERROR_BAD_PARAMETERS, r);
	r = open_login(vm, system_pta, OPTEE_MSG_LOGIN_USER, client, &s, &origin);
	EXPECT_EQ(&t, "system PTA, user login: TA clients only", TEEC_ERROR_ACCESS_DENIED, r);
	t_end(&t);
}

static void expect_dies(struct vm *vm, const char *name, uint32_t cmd, uint64_t addr,
			uint32_t hello_s, uint64_t *hello_count)
{
	struct test t;
	uint32_t origin;
	t_begin(&t, name);
	uint32_t s = open_test_ta(vm, &t);
	uint32_t r;
	if (cmd == TZVTEST_CMD_READ) {
		r = read_at(vm, s, addr, &origin);
	} else if (cmd == TZVTEST_CMD_STACK) {
		struct optee_msg_param p[3] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, addr, 0, 0),
					       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0),
					       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
		r = invoke_o(vm, s, TZVTEST_CMD_STACK, p, 3, &origin);
	} else if (cmd == TZVTEST_CMD_TRAP) {
		struct optee_msg_param p[2] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, addr, 0, 0),
					       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
		r = invoke_o(vm, s, TZVTEST_CMD_TRAP, p, 2, &origin);
	} else {
		uint64_t v;
		r = cmd_val(vm, s, cmd, &v, &origin);
	}
	EXPECT_EQ(&t, "the TA's call", TEEC_ERROR_TARGET_DEAD, r);
	EXPECT_EQ(&t, "origin", TEEC_ORIGIN_TEE, origin);
	uint64_t v;
	r = cmd_val(vm, s, TZVTEST_CMD_INC, &v, &origin);
	EXPECT_EQ(&t, "its session afterwards", TEEC_ERROR_TARGET_DEAD, r);
	EXPECT_EQ(&t, "close of the dead session", TEEC_SUCCESS, close_session(vm, s));
	/* the other TA and the kernel keep working */
	struct optee_msg_param p[1] = { pval(OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, 41, 0, 0) };
	r = invoke_o(vm, hello_s, 0 /* TA_HELLO_CMD_INC_VALUE */, p, 1, &origin);
	EXPECT_EQ(&t, "hello TA still answers", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "hello TA INC_VALUE", 42, p[0].u.value.a);
	(*hello_count)++;
	uint32_t ps;
	EXPECT_EQ(&t, "built-in TA still opens", TEEC_SUCCESS, open_session(vm, pta_hello_uuid, &ps));
	close_session(vm, ps);
	t_end(&t);
}

void tests_user_ta(struct vm *vm)
{
	struct test t;
	uint32_t origin, r;
	uint64_t v;

	/* missing file: tee-supplicant answers ITEM_NOT_FOUND */
	t_begin(&t, "ta_missing_item_not_found");
	uint32_t s;
	r = open_o(vm, missing_uuid, &s, &origin);
	EXPECT_EQ(&t, "open", TEEC_ERROR_ITEM_NOT_FOUND, r);
	EXPECT_EQ(&t, "origin", TEEC_ORIGIN_TEE, origin);
	t_end(&t);

	refusal(vm, "ta_refuse_tampered", test_uuid, ta_tampered, ta_tampered_end, TEEC_ERROR_SECURITY_);
	refusal(vm, "ta_refuse_truncated", test_uuid, ta_truncated, ta_truncated_end, TEEC_ERROR_SECURITY_);
	refusal(vm, "ta_refuse_zero_signature", test_uuid, ta_zerosig, ta_zerosig_end, TEEC_ERROR_SECURITY_);
	refusal(vm, "ta_refuse_unsigned_elf", test_uuid, ta_unsigned, ta_unsigned_end, TEEC_ERROR_SECURITY_);
	refusal(vm, "ta_refuse_other_key", test_uuid, ta_otherkey, ta_otherkey_end, TEEC_ERROR_SECURITY_);
	refusal(vm, "ta_refuse_wrong_uuid", hello_uta_uuid, ta_good, ta_good_end, TEEC_ERROR_SECURITY_);
	refusal(vm, "ta_refuse_bad_elf_segment", test_uuid, ta_badelf, ta_badelf_end, TEEC_ERROR_BAD_FORMAT_);
	refusal(vm, "ta_refuse_bad_header", test_uuid, ta_badhdr, ta_badhdr_end, TEEC_ERROR_BAD_FORMAT_);
	tests_ta_subkeys(vm);

	/* the good TA at S-EL0: per-session and per-instance state */
	t_begin(&t, "ta_good_runs_at_sel0");
	supp_use_noncontig = 1; /* this load goes through a page list, as with Linux */
	unsigned nc = supp.noncontig;
	uint32_t a = open_test_ta(vm, &t);
	supp_use_noncontig = 0;
	EXPECT_EQ(&t, "page-list shm used", nc + 1, supp.noncontig);
	r = cmd_val(vm, a, TZVTEST_CMD_INC, &v, &origin);
	EXPECT_EQ(&t, "INC", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "session counter", 2, v);
	EXPECT_EQ(&t, "origin of a TA result", TEEC_ORIGIN_TRUSTED_APP, origin);
	t_end(&t);

	t_begin(&t, "ta_single_instance_multi_session");
	unsigned loads = supp.loads;
	uint32_t b;
	r = open_o(vm, test_uuid, &b, &origin);
	EXPECT_EQ(&t, "second session", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "no second load", loads, supp.loads);
	cmd_val(vm, b, TZVTEST_CMD_INC, &v, &origin);
	EXPECT_EQ(&t, "its own session counter", 1, v);
	cmd_val(vm, a, TZVTEST_CMD_INST_INC, &v, &origin);
	EXPECT_EQ(&t, "instance counter from a", 1, v);
	cmd_val(vm, b, TZVTEST_CMD_INST_INC, &v, &origin);
	EXPECT_EQ(&t, "instance counter from b", 2, v);
	t_end(&t);

	t_begin(&t, "ta_memref_mapped_at_el0");
	uint64_t buf = vm_pages(vm, 1);
	uint8_t *bp = pa_ptr(buf);
	uint32_t sum = 0;
	for (unsigned i = 0; i < 100; i++) {
		bp[i] = (uint8_t)i;
		sum += i;
	}
	struct optee_msg_param p[2] = { ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, buf, 100),
					pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0) };
	r = invoke_o(vm, a, TZVTEST_CMD_MEMREF, p, 2, &origin);
	EXPECT_EQ(&t, "MEMREF", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "sum seen by the TA", sum, p[1].u.value.a);
	EXPECT_EQ(&t, "VA of the memref in the TA", UTA_MEMREF_VA, p[1].u.value.b);
	EXPECT_EQ(&t, "byte 0 written back", 1, bp[0]);
	EXPECT_EQ(&t, "byte 99 written back", 100, bp[99]);
	EXPECT_EQ(&t, "byte 100 untouched", 0, bp[100]);
	t_end(&t);

	tests_ta_client_login(vm);

	/* __thread variables: their initial values, kept from one entry to the next */
	t_begin(&t, "ta_thread_local_variables");
	{
		struct optee_msg_param tl[1] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 9, 9, 0)};
		r = invoke_o(vm, a, TZVTEST_CMD_TLS, tl, 1, &origin);
		EXPECT_EQ(&t, "TLS", TEEC_SUCCESS, r);
		EXPECT_EQ(&t, "uninitialised __thread", 0, tl[0].u.value.a);
		EXPECT_EQ(&t, "initialised __thread", TZVTEST_TLS_INIT, tl[0].u.value.b);
		r = invoke_o(vm, b, TZVTEST_CMD_TLS, tl, 1, &origin);
		EXPECT_EQ(&t, "TLS again (other session, same instance)", TEEC_SUCCESS, r);
		EXPECT_EQ(&t, "uninitialised __thread + 1", 1, tl[0].u.value.a);
		EXPECT_EQ(&t, "initialised __thread + 1", TZVTEST_TLS_INIT + 1, tl[0].u.value.b);
	}
	t_end(&t);

	/* the layout: the data segment right above the stack's top (include/tzvisor/ta_abi.h) */
	t_begin(&t, "ta_read_past_stack_top_reads_own_data");
	{
		struct optee_msg_param sp[3] = {
		    pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, TZVTEST_STACK_PAST_TOP, 0, 0),
		    pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0),
		    pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
		r = invoke_o(vm, a, TZVTEST_CMD_STACK, sp, 3, &origin);
		EXPECT_EQ(&t, "STACK PAST_TOP (the TA lives)", TEEC_SUCCESS, r);
		if (sp[1].u.value.a >= 4096)
			t_fail(&t, "marker 0x%lx bytes above the stack's top", sp[1].u.value.a);
		EXPECT_EQ(&t, "marker read from the stack's top on", TZVTEST_DATA_MARKER,
			  sp[1].u.value.b);
		/* xtest 4013's pattern: a stack buffer passed on with size 1025 */
		if (sp[2].u.value.b >= 1025)
			t_fail(&t, "buffer 0x%lx bytes below the top: not past it",
			       sp[2].u.value.b);
		EXPECT_EQ(&t, "system PTA: extra data over 1024 bytes", TEEC_ERROR_BAD_PARAMETERS,
			  sp[2].u.value.a);
	}
	t_end(&t);

	/* attack: a TA has the system PTA write its TA-unique key into normal-world memory */
	t_begin(&t, "ta_derive_key_into_client_buffer_refused");
	{
		uint64_t kb = vm_pages(vm, 1);
		uint8_t *kp = pa_ptr(kb);
		for (unsigned i = 0; i < 32; i++)
			kp[i] = 0xa5;
		struct optee_msg_param dp[3] = {
		    pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, TZVTEST_DERIVE_INTO_CLIENT, 0, 0),
		    ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, kb, 32),
		    pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
		r = invoke_o(vm, a, TZVTEST_CMD_DERIVE, dp, 3, &origin);
		EXPECT_EQ(&t, "DERIVE", TEEC_SUCCESS, r);
		EXPECT_EQ(&t, "system PTA's answer", TEEC_ERROR_SECURITY, dp[2].u.value.a);
		unsigned kept = 0;
		for (unsigned i = 0; i < 32; i++)
			kept += kp[i] == 0xa5;
		EXPECT_EQ(&t, "client's buffer untouched", 32, kept);
		/* the same call into the TA's own memory derives a key */
		dp[0] = pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, TZVTEST_DERIVE_OWN, 0, 0);
		r = invoke_o(vm, a, TZVTEST_CMD_DERIVE, dp, 3, &origin);
		EXPECT_EQ(&t, "DERIVE own", TEEC_SUCCESS, r);
		/* a device without a secret (device_secret.sh) has no TA-unique keys at all */
		if (dp[2].u.value.a == TEEC_ERROR_ITEM_NOT_FOUND) {
			printf("client: system PTA: no TA-unique key (no device secret)\n");
		} else {
			EXPECT_EQ(&t, "system PTA's answer (own buffer)", TEEC_SUCCESS,
				  dp[2].u.value.a);
			EXPECT_EQ(&t, "a key, not zeros", 0x100, dp[2].u.value.b & 0x100);
		}
	}
	t_end(&t);

	/* OP-TEE's TEE_Cache*: on a memref only; the TA's own or unmapped memory refused */
	t_begin(&t, "ta_cache_maintenance_memref_only");
	{
		struct optee_msg_param c[4] = {ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, buf, 64),
					       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 9, 9, 0),
					       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 9, 9, 0),
					       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 9, 9, 0)};
		r = invoke_o(vm, a, TZVTEST_CMD_CACHE, c, 4, &origin);
		EXPECT_EQ(&t, "CACHE", TEEC_SUCCESS, r);
		EXPECT_EQ(&t, "TEE_CacheClean(memref)", TEEC_SUCCESS, c[1].u.value.a);
		EXPECT_EQ(&t, "TEE_CacheFlush(memref)", TEEC_SUCCESS, c[1].u.value.b);
		EXPECT_EQ(&t, "TEE_CacheInvalidate(memref)", TEEC_SUCCESS, c[2].u.value.a);
		EXPECT_EQ(&t, "TEE_CacheFlush(own data)", TEEC_ERROR_ACCESS_DENIED, c[2].u.value.b);
		EXPECT_EQ(&t, "TEE_CacheFlush(past the memref)", TEEC_ERROR_ACCESS_DENIED,
			  c[3].u.value.a);
		EXPECT_EQ(&t, "TEE_CacheFlush(unmapped)", TEEC_ERROR_ACCESS_DENIED, c[3].u.value.b);
	}
	t_end(&t);

	/* GP sockets against a hostile tee-supplicant: every impossible answer is an error */
	t_begin(&t, "ta_socket_hostile_supplicant_refused");
	{
		struct optee_msg_param c[4] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 9, 9, 0),
					       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 9, 9, 0),
					       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 9, 9, 0),
					       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 9, 9, 0)};
		unsigned opens = supp.sock_opens, closes = supp.sock_closes;
		r = invoke_o(vm, a, TZVTEST_CMD_SOCKET, c, 4, &origin);
		EXPECT_EQ(&t, "SOCKET", TEEC_SUCCESS, r);
		EXPECT_EQ(&t, "open (made-up handle kept away from the TA)", TEEC_SUCCESS,
			  c[0].u.value.a);
		EXPECT_EQ(&t, "send: more sent than given", TEEC_ERROR_COMMUNICATION,
			  c[0].u.value.b);
		EXPECT_EQ(&t, "recv: more received than asked (TCP)", TEEC_ERROR_COMMUNICATION,
			  c[1].u.value.a);
		EXPECT_EQ(&t, "recv: the TA's bytes past its buffer untouched, none claimed for 0",
			  1, c[1].u.value.b);
		EXPECT_EQ(&t, "ioctl: answer past the buffer", TEEC_ERROR_COMMUNICATION,
			  c[2].u.value.a);
		EXPECT_EQ(&t, "close", TEEC_SUCCESS, c[2].u.value.b);
		EXPECT_EQ(&t, "send length after the error", 0, c[3].u.value.a);
		EXPECT_EQ(&t, "recv length after the error", 0, c[3].u.value.b);
		EXPECT_EQ(&t, "one OPEN reached the supplicant", opens + 1, supp.sock_opens);
		EXPECT_EQ(&t, "one CLOSE reached the supplicant", closes + 1, supp.sock_closes);
		EXPECT_EQ(&t, "every call named the instance and handle of the OPEN", 0,
			  supp.sock_other_instance);
	}
	t_end(&t);

	t_begin(&t, "ta_services");
	struct optee_msg_param q[2] = { pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0),
					pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0) };
	r = invoke_o(vm, a, TZVTEST_CMD_SERVICES, q, 2, &origin);
	EXPECT_EQ(&t, "SERVICES", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "gpd.tee.apiversion", 1, q[0].u.value.a);
	EXPECT_EQ(&t, "random", 1, q[0].u.value.b);
	EXPECT_EQ(&t, "time monotonic", 1, q[1].u.value.a);
	t_end(&t);

	/* a second TA: J's hello example, built by the dev kit */
	t_begin(&t, "ta_second_ta_hello_example");
	serve(1, hello_uta_uuid, ta_hello, ta_hello_end);
	uint32_t h;
	uint64_t hello_count = 0;
	r = open_o(vm, hello_uta_uuid, &h, &origin);
	EXPECT_EQ(&t, "open hello", TEEC_SUCCESS, r);
	struct optee_msg_param hp[1] = { pval(OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, 5, 0, 0) };
	r = invoke_o(vm, h, 0, hp, 1, &origin);
	EXPECT_EQ(&t, "INC_VALUE", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "5 + 1", 6, hp[0].u.value.a);
	hello_count++;
	t_end(&t);

	/* the test TA reads kernel memory: it dies, with every session of its instance */
	t_begin(&t, "ta_read_kernel_memory_dies");
	r = read_at(vm, a, 0x0e800000, &origin);
	EXPECT_EQ(&t, "read of the kernel's data", TEEC_ERROR_TARGET_DEAD, r);
	EXPECT_EQ(&t, "origin", TEEC_ORIGIN_TEE, origin);
	r = cmd_val(vm, b, TZVTEST_CMD_INC, &v, &origin);
	EXPECT_EQ(&t, "the instance's other session", TEEC_ERROR_TARGET_DEAD, r);
	EXPECT_EQ(&t, "close a", TEEC_SUCCESS, close_session(vm, a));
	EXPECT_EQ(&t, "close b", TEEC_SUCCESS, close_session(vm, b));
	r = invoke_o(vm, h, 0, hp, 1, &origin);
	EXPECT_EQ(&t, "hello TA keeps working", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "hello TA value", 7, hp[0].u.value.a);
	hello_count++;
	t_end(&t);

	/* the hello TA's data, by its physical address (a test hook of the built-in hello TA) */
	uint64_t hello_pa = 0;
	{
		uint32_t ps;
		open_session(vm, pta_hello_uuid, &ps);
		struct optee_msg_param hq[2] = { pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 0x9c3f5e1a, 0, 0),
						 pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0) };
		invoke(vm, ps, PTA_HELLO_CMD_UTA_PA, hq, 2);
		hello_pa = hq[1].u.value.a | (hq[1].u.value.b << 32);
		close_session(vm, ps);
	}
	if (!hello_pa)
		t_skip_fail("ta_read_other_ta_memory_dies", "no PA for the hello TA's data");
	else
		expect_dies(vm, "ta_read_other_ta_memory_dies", TZVTEST_CMD_READ, hello_pa, h, &hello_count);
	expect_dies(vm, "ta_read_unmapped_dies", TZVTEST_CMD_READ, 0x1000, h, &hello_count);
	expect_dies(vm, "ta_read_memref_window_dies", TZVTEST_CMD_READ, UTA_MEMREF_VA, h, &hello_count);
	expect_dies(vm, "ta_read_normal_world_dies", TZVTEST_CMD_READ, vm->ram_base, h, &hello_count);
	expect_dies(vm, "ta_write_own_code_dies", TZVTEST_CMD_WRITE_CODE, 0, h, &hello_count);
	expect_dies(vm, "ta_exec_data_dies", TZVTEST_CMD_EXEC_DATA, 0, h, &hello_count);
	expect_dies(vm, "ta_panic_dies", TZVTEST_CMD_PANIC, 0, h, &hello_count);
	expect_dies(vm, "ta_unknown_syscall_dies", TZVTEST_CMD_BAD_SVC, 0, h, &hello_count);
	expect_dies(vm, "ta_syscall_kernel_pointer_dies", TZVTEST_CMD_BAD_LOG, 0, h, &hello_count);
	expect_dies(vm, "ta_syscall_misaligned_pointer_dies", TZVTEST_CMD_MISALIGNED_TIME, 0, h,
		    &hello_count);
	/* the fault's address is the guard page's: tests/system/client.sh compares the two lines */
	expect_dies(vm, "ta_stack_overflow_dies", TZVTEST_CMD_STACK, TZVTEST_STACK_OVERFLOW, h,
		    &hello_count);
	/* a trap of each class ends the TA alone (or works): never the TEE instance */
	expect_dies(vm, "ta_trap_udf_dies", TZVTEST_CMD_TRAP, TZVTEST_TRAP_UDF, h, &hello_count);
	expect_dies(vm, "ta_trap_sve_dies", TZVTEST_CMD_TRAP, TZVTEST_TRAP_SVE, h, &hello_count);
	expect_dies(vm, "ta_trap_sme_dies", TZVTEST_CMD_TRAP, TZVTEST_TRAP_SME, h, &hello_count);
	expect_dies(vm, "ta_trap_brk_dies", TZVTEST_CMD_TRAP, TZVTEST_TRAP_BRK, h, &hello_count);
	expect_dies(vm, "ta_trap_pmu_read_dies", TZVTEST_CMD_TRAP, TZVTEST_TRAP_PMU, h,
		    &hello_count);
	/* the VM's EL1 timers stay live through a call (the monitor does not swap them) */
	expect_dies(vm, "ta_trap_vtimer_write_dies", TZVTEST_CMD_TRAP, TZVTEST_TRAP_VTIMER, h,
		    &hello_count);
	expect_dies(vm, "ta_trap_ptimer_write_dies", TZVTEST_CMD_TRAP, TZVTEST_TRAP_PTIMER, h,
		    &hello_count);
	if (((read_sysreg(id_aa64pfr1_el1) >> 8) & 0xf) == 0) /* no MTE: IRG is undefined */
		expect_dies(vm, "ta_trap_mte_dies", TZVTEST_CMD_TRAP, TZVTEST_TRAP_MTE, h,
			    &hello_count);
	/* a forged return address (PAC bit altered) ends the TA: xtest 1036's corruption case */
	expect_dies(vm, "ta_pac_forged_pointer_dies", TZVTEST_CMD_TRAP, TZVTEST_TRAP_PAC_FORGED, h,
		    &hello_count);
	tests_ta_traps_work(vm, h, &hello_count);

	t_begin(&t, "ta_other_ta_state_intact");
	struct optee_msg_param hc[1] = { pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0) };
	r = invoke_o(vm, h, 2 /* TA_HELLO_CMD_COUNT */, hc, 1, &origin);
	EXPECT_EQ(&t, "COUNT", TEEC_SUCCESS, r);
	EXPECT_EQ(&t, "hello session's invocations (COUNT included)", hello_count + 1, hc[0].u.value.a);
	EXPECT_EQ(&t, "close hello", TEEC_SUCCESS, close_session(vm, h));
	t_end(&t);

	/* the last session closed: the instance is gone, a new one starts from zero */
	t_begin(&t, "ta_instance_destroyed_after_last_close");
	uint32_t c = open_test_ta(vm, &t);
	cmd_val(vm, c, TZVTEST_CMD_INST_INC, &v, &origin);
	EXPECT_EQ(&t, "fresh instance counter", 1, v);
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, c));
	EXPECT_EQ(&t, "every supplicant shm freed", supp.shm_allocs, supp.shm_frees);
	t_end(&t);
	serve(0, NULL, NULL, NULL);
	serve(1, NULL, NULL, NULL);

	tests_cancel(vm);
	/* last: the keep-alive instance stays until the TEE instance restarts */
	tests_instance_flags(vm);
}
