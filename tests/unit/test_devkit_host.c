/*
 * The dev kit's headers as xtest's host program uses them (its host_include is
 * a copy of ta/devkit/include): they compile beside the C library's
 * sys/param.h under xtest's warning flags (run.sh adds them for this test),
 * and the helpers it takes from util.h and utee_defines.h give what OP-TEE's do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/param.h>
#include <cmocka.h>
#include <tee_api_defines.h>
#include <tee_api_types.h>
#include <tee_api_compat.h>
#include <tee_api_defines_extensions.h>
#include <util.h>
#include <utee_defines.h>
#include <trace.h>
#include <pta_invoke_tests.h>
#include <pta_stats.h>
#include <pta_attestation.h>
#include <pta_secstor_ta_mgmt.h>
#include <signed_hdr.h>
#include <tee_isocket.h>
#include <tee_tcpsocket.h>
#include <tee_udpsocket.h>

static void test_host_helpers(void **state)
{
	(void)state;
	assert_int_equal(MIN(3, 4), 3);
	assert_int_equal(MAX(3, 4), 4);
	assert_int_equal(ROUNDUP(5u, 4u), 8);
	assert_int_equal(TEE_ALG_GET_DIGEST_SIZE(TEE_ALG_SHA256), TEE_SHA256_HASH_SIZE);
	assert_int_equal(TEE_U32_FROM_BIG_ENDIAN(0x01020304), 0x04030201);
	assert_int_equal(TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, 0, 0, 0), 1);
}

int main(void);
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_host_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
