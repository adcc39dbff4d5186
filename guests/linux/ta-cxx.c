/* Client of the C++ example TA (ta/examples/cxx): constructors, exceptions, new/delete, RTTI. */
#include "ta-client.h"
#include <cxx_ta.h>

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_UUID uuid = TA_CXX_UUID;
	TEEC_Operation op;
	uint32_t origin;
	client_name = "ta-cxx";
	open_ta(&ctx, &s, &uuid);

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	TEEC_Result r = TEEC_InvokeCommand(&s, TA_CXX_CMD_GLOBAL_CTOR, &op, &origin);
	check("global_constructor",
	      r == TEEC_SUCCESS && op.params[0].value.a == 42 && op.params[0].value.b == 1,
	      "0x%x value %u runs %u", r, op.params[0].value.a, op.params[0].value.b);

	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 0x5eed1234;
	op.params[0].value.b = 0;
	r = TEEC_InvokeCommand(&s, TA_CXX_CMD_EXCEPTION, &op, &origin);
	check("exception_through_c_frame",
	      r == TEEC_SUCCESS && op.params[0].value.a == 0x5eed1234 && op.params[0].value.b == 1,
	      "0x%x caught 0x%x unwound %u", r, op.params[0].value.a, op.params[0].value.b);

	op.params[0].value.a = 7;
	op.params[0].value.b = 0;
	r = TEEC_InvokeCommand(&s, TA_CXX_CMD_NEW_DELETE, &op, &origin);
	check("new_delete",
	      r == TEEC_SUCCESS && op.params[0].value.a == 7 &&
		  (op.params[0].value.b & 0x7fffffff) == 7,
	      "0x%x constructed %u destroyed %u", r, op.params[0].value.a,
	      op.params[0].value.b & 0x7fffffff);
	check("bad_alloc", r == TEEC_SUCCESS && (op.params[0].value.b >> 31) == 1, "0x%x b 0x%x", r,
	      op.params[0].value.b);

	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	r = TEEC_InvokeCommand(&s, TA_CXX_CMD_VIRTUAL, &op, &origin);
	check("virtual_and_rtti", r == TEEC_SUCCESS && op.params[0].value.a == 1, "0x%x ok %u", r,
	      op.params[0].value.a);
	return finish(&ctx, &s);
}
