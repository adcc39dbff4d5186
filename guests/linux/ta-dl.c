/*
 * Client of the dl example TA (ta/examples/dl): tee-supplicant loads the TA, then the
 * shared TA library it links and the plugin it dlopens, each a signed <uuid>.ta from
 * /lib/optee_armtz, through the same TA-load RPC.
 */
#include "ta-client.h"
#include <dl_example.h>

static TEEC_Result val(TEEC_Session *s, uint32_t cmd, uint32_t type, uint32_t *a, uint32_t *b)
{
	TEEC_Operation op;
	uint32_t origin;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(type, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = *a;
	op.params[0].value.b = *b;
	TEEC_Result r = TEEC_InvokeCommand(s, cmd, &op, &origin);
	*a = op.params[0].value.a;
	*b = op.params[0].value.b;
	return r;
}

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_UUID uuid = TA_DL_UUID;
	uint32_t a = 0, b = 0;
	client_name = "ta-dl";
	open_ta(&ctx, &s, &uuid);

	TEEC_Result r = val(&s, DL_CMD_INIT_ORDER, TEEC_VALUE_OUTPUT, &a, &b);
	check("linked_library_constructor_first", r == TEEC_SUCCESS && a == 21 && b == 7,
	      "0x%x global %u tls %u", r, a, b);
	a = 5, b = 6;
	r = val(&s, DL_CMD_CALL_LIB, TEEC_VALUE_INOUT, &a, &b);
	check("linked_library_calls", r == TEEC_SUCCESS && a == 11 && b == 30, "0x%x %u %u", r, a,
	      b);
	a = b = 0;
	r = val(&s, DL_CMD_PHDR, TEEC_VALUE_OUTPUT, &a, &b);
	check("dl_iterate_phdr",
	      r == TEEC_SUCCESS && a == 2 && b == (DL_PHDR_TA | DL_PHDR_LIB | DL_PHDR_RESULT),
	      "0x%x count %u checks 0x%x", r, a, b);
	a = b = 0;
	r = val(&s, DL_CMD_DLOPEN, TEEC_VALUE_OUTPUT, &a, &b);
	check("dlopen_dlsym", r == TEEC_SUCCESS && a == 42 && b == 213, "0x%x mul %u global %u", r,
	      a, b);
	a = b = 0;
	r = val(&s, DL_CMD_PHDR, TEEC_VALUE_OUTPUT, &a, &b);
	check("dl_iterate_phdr_after_dlopen",
	      r == TEEC_SUCCESS && a == 3 &&
		  b == (DL_PHDR_TA | DL_PHDR_LIB | DL_PHDR_PLUGIN | DL_PHDR_RESULT),
	      "0x%x count %u checks 0x%x", r, a, b);
	return finish(&ctx, &s);
}
