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
#include "client.h"
#include "ta/include/tzvtest_ta.h"

#define TEEC_ERROR_SECURITY_ 0xffff000fu
#define TEEC_ERROR_BAD_FORMAT_ 0xffff0005u
#define OPTEE_RPC_SHM_TYPE_APPL 0
#define UTA_MEMREF_VA 0x10000000ul

extern const uint8_t ta_good[], ta_good_end[], ta_tampered[], ta_tampered_end[];
extern const uint8_t ta_truncated[], ta_truncated_end[], ta_zerosig[], ta_zerosig_end[];
extern const uint8_t ta_unsigned[], ta_unsigned_end[], ta_otherkey[], ta_otherkey_end[];
extern const uint8_t ta_badelf[], ta_badelf_end[], ta_badhdr[], ta_badhdr_end[];
extern const uint8_t ta_hello[], ta_hello_end[];

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
static struct served served[2];
static struct {
	unsigned load_queries, loads, shm_allocs, shm_frees, noncontig;
} supp;
static int supp_use_noncontig;

static void serve(unsigned slot, const uint8_t *uuid, const uint8_t *data, const uint8_t *end)
{
	served[slot] = (struct served){ uuid, data, end };
}

static const struct served *find_served(const uint8_t uuid[16])
{
	for (unsigned i = 0; i < 2; i++)
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
	case OPTEE_RPC_CMD_GET_TIME:
		p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT;
		p[0].u.value.a = 1700000000;
		p[0].u.value.b = 0;
		a->ret = TEEC_SUCCESS;
		break;
	case OPTEE_RPC_CMD_SUSPEND:
		a->ret = TEEC_SUCCESS;
		break;
	default:
		break;
	}
	if (a->ret == TEEC_SUCCESS)
		a->ret_origin = 0;
}

/* ---- helpers ---- */

static uint32_t open_o(struct vm *vm, const uint8_t uuid[16], uint32_t *session, uint32_t *origin)
{
	struct optee_msg_arg *arg = vm_arg(vm, 2);
	arg->cmd = OPTEE_MSG_CMD_OPEN_SESSION;
	arg->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	arg->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	memcpy(&arg->params[0].u.value, uuid, 16);
	arg->params[1].u.value.c = OPTEE_MSG_LOGIN_PUBLIC;
	uint32_t ret = msg_call(vm, arg);
	*session = ret == TEEC_SUCCESS ? arg->session : 0xffffffffu;
	*origin = arg->ret_origin;
	return ret;
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
}
