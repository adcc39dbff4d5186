/*
 * OP-TEE's "invoke tests" PTA (tee/pta_invoke_tests.c) from the normal world: the
 * kernel's self tests, OP-TEE's parameter cases, the NULL memref, the answers for what
 * this kernel does not have; then hostile input (wrong types, memrefs outside the VM, in
 * secure SRAM or wrapping, a NULL memref with a size), each refused with nothing of the
 * client's or another VM's memory changed and the PTA still answering.
 */
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <lib/print.h>
#include <lib/string.h>
#include <tzvisor/platform.h>
#include <tzvisor/pta_uuid.h>
#include "client.h"

#define TMEM_INOUT OPTEE_MSG_ATTR_TYPE_TMEM_INOUT
#define VAL_IN OPTEE_MSG_ATTR_TYPE_VALUE_INPUT
#define VAL_OUT OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT
#define VAL_INOUT OPTEE_MSG_ATTR_TYPE_VALUE_INOUT
#define NONE_P OPTEE_MSG_ATTR_TYPE_NONE
#define MEMREF_16K (16 * 1024)

static const uint8_t invoke_tests_uuid[16] = PTA_INVOKE_TESTS_UUID_OCTETS;

/* PARAMS with a VALUE_INOUT in slot i: a + b in a. */
static void value_inout_in_slot(struct test *t, struct vm *vm, uint32_t s, unsigned i, uint32_t a,
				uint32_t b)
{
	struct optee_msg_param p[4];
	for (unsigned j = 0; j < 4; j++)
		p[j] = pval(NONE_P, 0, 0, 0);
	p[i] = pval(VAL_INOUT, a, b, 0);
	EXPECT_EQ(t, "VALUE_INOUT ret", TEEC_SUCCESS,
		  invoke(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, p, 4));
	EXPECT_EQ(t, "VALUE_INOUT a + b (32-bit)", (uint32_t)(a + b), p[i].u.value.a);
}

/* The 16 KiB buffer at pa holds 1, 2, 3, ... and its guard bytes after it 0x5a. */
static void fill_16k(uint64_t pa)
{
	uint8_t *b = pa_ptr(pa);
	for (unsigned n = 0; n < MEMREF_16K; n++)
		b[n] = (uint8_t)(n + 1);
	memset(b + MEMREF_16K, 0x5a, 64);
}

static int unchanged_16k(uint64_t pa, int byte0_too)
{
	const uint8_t *b = pa_ptr(pa);
	for (unsigned n = byte0_too ? 0 : 1; n < MEMREF_16K; n++)
		if (b[n] != (uint8_t)(n + 1))
			return 0;
	for (unsigned n = 0; n < 64; n++)
		if (b[MEMREF_16K + n] != 0x5a)
			return 0;
	return 1;
}

void tests_invoke_tests(struct vm *vm)
{
	struct test t;
	uint32_t s = 0;
	uint64_t buf = vm_pages(vm, MEMREF_16K / 4096 + 1);

	t_begin(&t, "invoke_tests_open_session");
	EXPECT_EQ(&t, "open", TEEC_SUCCESS, open_session(vm, invoke_tests_uuid, &s));
	if (!t_end(&t))
		return;

	t_begin(&t, "invoke_tests_self_tests_pass");
	EXPECT_EQ(&t, "SELF_TESTS", TEEC_SUCCESS,
		  invoke(vm, s, PTA_INVOKE_TESTS_CMD_SELF_TESTS, NULL, 0));
	EXPECT_EQ(&t, "DT_DRIVER_TESTS (no DT drivers built)", TEEC_SUCCESS,
		  invoke(vm, s, PTA_INVOKE_TESTS_CMD_DT_DRIVER_TESTS, NULL, 0));
	EXPECT_EQ(&t, "TRACE", TEEC_SUCCESS, invoke(vm, s, PTA_INVOKE_TESTS_CMD_TRACE, NULL, 0));
	t_end(&t);

	t_begin(&t, "invoke_tests_params");
	for (unsigned i = 0; i < 4; i++)
		value_inout_in_slot(&t, vm, s, i, 1000 + i, 234);
	value_inout_in_slot(&t, vm, s, 1, 0xffffffffu, 3);
	{
		/* three VALUE_INPUTs and a VALUE_OUTPUT in slot 2: the sums of a and of b */
		struct optee_msg_param p[4] = {pval(VAL_IN, 1, 10, 0), pval(VAL_IN, 2, 20, 0),
					       pval(VAL_OUT, 0, 0, 0), pval(VAL_IN, 4, 40, 0)};
		EXPECT_EQ(&t, "3 in, 1 out ret", TEEC_SUCCESS,
			  invoke(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, p, 4));
		EXPECT_EQ(&t, "sum of a", 7, p[2].u.value.a);
		EXPECT_EQ(&t, "sum of b", 70, p[2].u.value.b);
	}
	/* xtest 1002's case: a 16 KiB MEMREF_INOUT, byte 0 = the 8-bit sum of all bytes */
	fill_16k(buf);
	uint8_t sum = 0;
	for (unsigned n = 0; n < MEMREF_16K; n++)
		sum += (uint8_t)(n + 1);
	EXPECT_EQ(&t, "16 KiB memref ret", TEEC_SUCCESS,
		  invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, TMEM_INOUT, buf, MEMREF_16K,
				    NULL));
	EXPECT_EQ(&t, "byte 0 = 8-bit sum", sum, *(uint8_t *)pa_ptr(buf));
	if (!unchanged_16k(buf, 0))
		t_fail(&t, "bytes other than byte 0 changed");
	t_end(&t);

	t_begin(&t, "invoke_tests_memref_null");
	EXPECT_EQ(
	    &t, "NULL, size 0", TEEC_SUCCESS,
	    invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_MEMREF_NULL, TMEM_INOUT, 0, 0, NULL));
	t_end(&t);

	t_begin(&t, "invoke_tests_absent_features_not_supported");
	{
		struct optee_msg_param m[2] = {pval(VAL_IN, 0, 1, 0), pval(VAL_OUT, 0, 0, 0)};
		EXPECT_EQ(&t, "MUTEX (one thread per instance)", TEEC_ERROR_NOT_SUPPORTED,
			  invoke(vm, s, PTA_INVOKE_TESTS_CMD_MUTEX, m, 2));
	}
	EXPECT_EQ(&t, "LOCKDEP", TEEC_ERROR_NOT_SUPPORTED,
		  invoke(vm, s, PTA_INVOKE_TESTS_CMD_LOCKDEP, NULL, 0));
	/* the bare-metal client answers no file-system RPC: storage cannot pass */
	uint32_t fs = invoke(vm, s, PTA_INVOKE_TESTS_CMD_FS_HTREE, NULL, 0);
	if (fs == TEEC_SUCCESS)
		t_fail(&t, "FS_HTREE passed without any storage");
	printf("client: FS_HTREE without a file-system RPC: 0x%x\n", fs);
	t_end(&t);

	t_begin(&t, "invoke_tests_hostile_input_refused");
	{
		struct optee_msg_param v[1] = {pval(VAL_IN, 1, 2, 0)};
		EXPECT_EQ(&t, "PARAMS with one VALUE_INPUT", TEEC_ERROR_BAD_PARAMETERS,
			  invoke(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, v, 1));
		EXPECT_EQ(&t, "SELF_TESTS with a value", TEEC_ERROR_BAD_PARAMETERS,
			  invoke(vm, s, PTA_INVOKE_TESTS_CMD_SELF_TESTS, v, 1));
		EXPECT_EQ(&t, "FS_HTREE with a value", TEEC_ERROR_BAD_PARAMETERS,
			  invoke(vm, s, PTA_INVOKE_TESTS_CMD_FS_HTREE, v, 1));
		EXPECT_EQ(&t, "MUTEX with one value", TEEC_ERROR_BAD_PARAMETERS,
			  invoke(vm, s, PTA_INVOKE_TESTS_CMD_MUTEX, v, 1));
		struct optee_msg_param two[2] = {pval(VAL_INOUT, 1, 2, 0),
						 pval(VAL_INOUT, 3, 4, 0)};
		EXPECT_EQ(&t, "PARAMS with two VALUE_INOUTs", TEEC_ERROR_BAD_PARAMETERS,
			  invoke(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, two, 2));
		EXPECT_EQ(&t, "value a of the refused call", 1, two[0].u.value.a);
	}
	fill_16k(buf);
	EXPECT_EQ(
	    &t, "MEMREF_NULL with a real buffer", TEEC_ERROR_BAD_PARAMETERS,
	    invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_MEMREF_NULL, TMEM_INOUT, buf, 16, NULL));
	EXPECT_EQ(
	    &t, "MEMREF_NULL: NULL with size 16", TEEC_ERROR_BAD_PARAMETERS,
	    invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_MEMREF_NULL, TMEM_INOUT, 0, 16, NULL));
	EXPECT_EQ(&t, "PARAMS: NULL memref with size 16", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, TMEM_INOUT, 0, 16, NULL));
	EXPECT_EQ(&t, "PARAMS: empty memref", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, TMEM_INOUT, buf, 0, NULL));
	EXPECT_EQ(&t, "PARAMS: memref in secure SRAM", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, TMEM_INOUT,
				    TEE_INSTANCES_BASE, 64, NULL));
	EXPECT_EQ(&t, "PARAMS: memref on the TEE's code", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, TMEM_INOUT, TEE_CODE_BASE,
				    64, NULL));
	EXPECT_EQ(&t, "PARAMS: memref that wraps", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, TMEM_INOUT, ~0ull - 15, 64,
				    NULL));
	EXPECT_EQ(&t, "PARAMS: memref past the VM's RAM", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, TMEM_INOUT,
				    vm->ram_base + vm->ram_size - 16, 64, NULL));
	{
		struct vm *other = vm == &vm1 ? &vm2 : &vm1;
		uint64_t o = vm_pages(other, 1);
		memset(pa_ptr(o), 0xa5, 64);
		EXPECT_EQ(
		    &t, "PARAMS: memref in the other VM's RAM", TEEC_ERROR_BAD_PARAMETERS,
		    invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_PARAMS, TMEM_INOUT, o, 64, NULL));
		for (unsigned n = 0; n < 64; n++)
			if (((uint8_t *)pa_ptr(o))[n] != 0xa5) {
				t_fail(&t, "the other VM's page written at +%u", n);
				break;
			}
	}
	EXPECT_EQ(&t, "secure data path command", TEEC_ERROR_BAD_PARAMETERS,
		  invoke_one_memref(vm, s, PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC, TMEM_INOUT, buf,
				    16, NULL));
	EXPECT_EQ(&t, "unknown command", TEEC_ERROR_BAD_PARAMETERS, invoke(vm, s, 0x7e00, NULL, 0));
	if (!unchanged_16k(buf, 1))
		t_fail(&t, "the client's buffer changed by a refused call");
	t_end(&t);

	t_begin(&t, "invoke_tests_alive_after_refusals");
	value_inout_in_slot(&t, vm, s, 0, 40, 2);
	EXPECT_EQ(&t, "SELF_TESTS again", TEEC_SUCCESS,
		  invoke(vm, s, PTA_INVOKE_TESTS_CMD_SELF_TESTS, NULL, 0));
	EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, s));
	t_end(&t);
}
