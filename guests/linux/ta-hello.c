/* Client of the hello example TA (ta/examples/hello): increments, decrements, counters. */
#include "ta-client.h"
#include <hello_ta.h>

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_UUID uuid = TA_HELLO_UUID;
	TEEC_Operation op;
	uint32_t origin;
	client_name = "ta-hello";
	open_ta(&ctx, &s, &uuid);

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 41;
	TEEC_Result r = TEEC_InvokeCommand(&s, TA_HELLO_CMD_INC_VALUE, &op, &origin);
	check("inc", r == TEEC_SUCCESS && op.params[0].value.a == 42, "0x%x value %u", r,
	      op.params[0].value.a);
	r = TEEC_InvokeCommand(&s, TA_HELLO_CMD_DEC_VALUE, &op, &origin);
	check("dec", r == TEEC_SUCCESS && op.params[0].value.a == 41, "0x%x value %u", r,
	      op.params[0].value.a);
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	r = TEEC_InvokeCommand(&s, TA_HELLO_CMD_COUNT, &op, &origin);
	check("count", r == TEEC_SUCCESS && op.params[0].value.a == 3 && op.params[0].value.b >= 3,
	      "0x%x session %u instance %u", r, op.params[0].value.a, op.params[0].value.b);
	/* Wrong parameter types: the TA refuses them. */
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	r = TEEC_InvokeCommand(&s, TA_HELLO_CMD_INC_VALUE, &op, &origin);
	check("bad_params", r == TEEC_ERROR_BAD_PARAMETERS && origin == TEEC_ORIGIN_TRUSTED_APP,
	      "0x%x origin %u", r, origin);
	r = TEEC_InvokeCommand(&s, 1234, &op, &origin);
	check("unknown_command", r == TEEC_ERROR_NOT_SUPPORTED, "0x%x", r);
	return finish(&ctx, &s);
}
