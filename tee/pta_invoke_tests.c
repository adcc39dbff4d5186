/*
 * OP-TEE's "invoke tests" pseudo TA (UUID and command ids of OP-TEE's
 * pta_invoke_tests.h), which xtest's regression cases 1001-1003, 1015, 1020 and
 * 1025 open. Open to every client, as OP-TEE's. Each command answers for this
 * kernel:
 * - TRACE: one line on the instance's console.
 * - PARAMS: OP-TEE's parameter cases: one VALUE_INOUT (a = a + b), three
 *   VALUE_INPUTs and one VALUE_OUTPUT (a and b the sums of the inputs'), one
 *   MEMREF_INOUT (byte 0 = the 8-bit sum of all its bytes; a NULL or empty
 *   memref has no byte 0: BAD_PARAMETERS). The memref is the kernel's bounce
 *   copy of the client's buffer (tee/msg.c), checked against the VM before it
 *   got here, so this command reads and writes nothing else.
 * - SELF_TESTS: the kernel's self tests (tee/selftest.c).
 * - MEMREF_NULL: one MEMREF_INOUT that must have reached the TA as NULL and 0.
 * - DT_DRIVER_TESTS: this kernel has no device-tree drivers (no device-tree
 *   parser runs in the secure world), so there is no driver test to fail:
 *   TEE_SUCCESS, as OP-TEE answers when it embeds none.
 * - FS_HTREE: this storage has no hash tree; its own corner cases instead
 *   (tee/storage_selftest.c), on scratch objects under this PTA's UUID.
 * - MUTEX: one thread runs the instance's calls (tee/thread.c): there is no
 *   read/write mutex to test, so TEE_ERROR_NOT_SUPPORTED after OP-TEE's type check.
 * - LOCKDEP, AES_PERF: TEE_ERROR_NOT_SUPPORTED (no lock checker, no benchmark).
 * - the secure data path commands: no SDP memory exists here, so no memref can
 *   be one: TEE_ERROR_BAD_PARAMETERS, OP-TEE's answer to a non-SDP memref.
 * - any other command: TEE_ERROR_BAD_PARAMETERS, as OP-TEE's.
 * No command reads secure memory beyond its own test data, answers a secret, or
 * touches another TA's objects or state; another VM has its own kernel.
 */
#include <abi/tee_client.h>
#include <tzvisor/pta_uuid.h>
#include "selftest.h"
#include "tee.h"

#define NONE TA_T(TA_PARAM_NONE)
#define VAL_IN TA_T(TA_PARAM_VALUE_INPUT)
#define VAL_OUT TA_T(TA_PARAM_VALUE_OUTPUT)
#define VAL_INOUT TA_T(TA_PARAM_VALUE_INOUT)
#define MEM_INOUT TA_T(TA_PARAM_MEMREF_INOUT)

static const uint8_t invoke_tests_uuid[16] = PTA_INVOKE_TESTS_UUID_OCTETS;

/* p[i] is `type` and every other parameter NONE */
static bool only(const struct ta_param p[TEE_TA_PARAMS], unsigned i, uint32_t type)
{
	for (unsigned j = 0; j < TEE_TA_PARAMS; j++)
		if (p[j].type != (j == i ? type : TA_PARAM_NONE))
			return false;
	return true;
}

static uint32_t test_params(struct ta_param p[TEE_TA_PARAMS])
{
	for (unsigned i = 0; i < TEE_TA_PARAMS; i++) {
		if (only(p, i, TA_PARAM_VALUE_INOUT)) {
			/* GP values are 32 bits: the sum wraps as OP-TEE's */
			p[i].u.value.a = (uint32_t)(p[i].u.value.a + p[i].u.value.b);
			return TEEC_SUCCESS;
		}
		if (only(p, i, TA_PARAM_MEMREF_INOUT)) {
			uint8_t *buf = p[i].u.memref.buf;
			uint64_t n = p[i].u.memref.size;
			if (!buf || !n)
				return TEEC_ERROR_BAD_PARAMETERS;
			uint8_t sum = 0;
			for (uint64_t k = 0; k < n; k++)
				sum += buf[k];
			buf[0] = sum;
			return TEEC_SUCCESS;
		}
	}
	/* one VALUE_OUTPUT, the three others VALUE_INPUT */
	for (unsigned i = 0; i < TEE_TA_PARAMS; i++) {
		if (p[i].type != TA_PARAM_VALUE_OUTPUT)
			continue;
		uint32_t a = 0, b = 0;
		for (unsigned j = 0; j < TEE_TA_PARAMS; j++) {
			if (j == i)
				continue;
			if (p[j].type != TA_PARAM_VALUE_INPUT)
				return TEEC_ERROR_BAD_PARAMETERS;
			a += (uint32_t)p[j].u.value.a;
			b += (uint32_t)p[j].u.value.b;
		}
		p[i].u.value.a = a;
		p[i].u.value.b = b;
		return TEEC_SUCCESS;
	}
	return TEEC_ERROR_BAD_PARAMETERS;
}

static uint32_t invoke_tests_invoke(struct ta_session *s, uint32_t cmd,
				    struct ta_param p[TEE_TA_PARAMS])
{
	static const uint32_t no_params[TEE_TA_PARAMS] = {NONE, NONE, NONE, NONE};
	static const uint32_t mutex_types[TEE_TA_PARAMS] = {VAL_IN, VAL_OUT, NONE, NONE};
	(void)s;

	switch (cmd) {
	case PTA_INVOKE_TESTS_CMD_TRACE:
		tee_log("invoke_tests: hello from the TEE kernel");
		return TEEC_SUCCESS;
	case PTA_INVOKE_TESTS_CMD_PARAMS:
		return test_params(p);
	case PTA_INVOKE_TESTS_CMD_SELF_TESTS:
		if (!ta_check_types(p, no_params))
			return TEEC_ERROR_BAD_PARAMETERS;
		return tee_self_tests();
	case PTA_INVOKE_TESTS_CMD_MEMREF_NULL:
		if (!only(p, 0, TA_PARAM_MEMREF_INOUT) || p[0].u.memref.buf || p[0].u.memref.size)
			return TEEC_ERROR_BAD_PARAMETERS;
		return TEEC_SUCCESS;
	case PTA_INVOKE_TESTS_CMD_DT_DRIVER_TESTS:
		/* no device-tree driver is built into this kernel: none can have failed */
		if (!ta_check_types(p, no_params))
			return TEEC_ERROR_BAD_PARAMETERS;
		return TEEC_SUCCESS;
	case PTA_INVOKE_TESTS_CMD_FS_HTREE:
		if (!ta_check_types(p, no_params))
			return TEEC_ERROR_BAD_PARAMETERS;
		return storage_self_test(invoke_tests_uuid);
	case PTA_INVOKE_TESTS_CMD_MUTEX:
		/* one thread per instance: no read/write mutex exists to be tested */
		if (!ta_check_types(p, mutex_types))
			return TEEC_ERROR_BAD_PARAMETERS;
		return TEEC_ERROR_NOT_SUPPORTED;
	case PTA_INVOKE_TESTS_CMD_LOCKDEP:
	case PTA_INVOKE_TESTS_CMD_AES_PERF:
		return TEEC_ERROR_NOT_SUPPORTED;
	case PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC:
	case PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC:
	case PTA_INVOKE_TESTS_CMD_COPY_SEC_TO_NSEC:
		/* no secure data path memory: no memref is one */
	default:
		return TEEC_ERROR_BAD_PARAMETERS;
	}
}

const struct ta_ops pta_invoke_tests = {
    .name = "invoke_tests",
    .uuid = PTA_INVOKE_TESTS_UUID_OCTETS,
    /* OP-TEE flags it a TEE bus device too; no Linux driver binds to it */
    .tee_bus = TA_TEE_BUS_KERNEL,
    .invoke = invoke_tests_invoke,
};
