/*
 * Client of the ta2ta example TA (ta/examples/ta2ta, built in GP 1.1 mode):
 * each command is one check the TA runs: TA-to-TA sessions to the hello TA
 * and to another instance of itself (the client identity the callee sees, a
 * memref both ways with nothing of the caller beside it, the caller's private
 * memory out of reach), GP 1.1 prototypes, TA persistent time, properties;
 * then a memref the TA does not own ends the TA.
 */
#include "ta-client.h"
#include <ta2ta_ta.h>

static void run(TEEC_Session *s, const char *what, uint32_t cmd)
{
	TEEC_Operation op;
	uint32_t origin = 0;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	TEEC_Result r = TEEC_InvokeCommand(s, cmd, &op, &origin);
	check(what, r == TEEC_SUCCESS, "0x%x origin %u, step %u detail 0x%x", r, origin,
	      op.params[0].value.a, op.params[0].value.b);
}

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_UUID uuid = TA_TA2TA_UUID;
	TEEC_Operation op;
	uint32_t origin = 0;
	client_name = "ta-ta2ta";
	open_ta(&ctx, &s, &uuid);

	run(&s, "call_hello", TA_TA2TA_CMD_CALL_HELLO);
	run(&s, "callee_sees_trusted_app_login", TA_TA2TA_CMD_IDENTITY);
	run(&s, "memref_to_ta", TA_TA2TA_CMD_MEMREF);
	run(&s, "caller_memory_private", TA_TA2TA_CMD_PRIVATE_VA);
	run(&s, "gp11_mode", TA_TA2TA_CMD_GP11);
	run(&s, "persistent_time_properties", TA_TA2TA_CMD_TIME_PROPS);
	run(&s, "open_missing_ta", TA_TA2TA_CMD_NOT_FOUND);
	run(&s, "system_pta_ta_unique_key", TA_TA2TA_CMD_SYSTEM_PTA);
	{
		/* OP-TEE's system PTA serves TAs only */
		TEEC_Session sys;
		TEEC_UUID sys_uuid = {
		    0x3a2f8978, 0x5dc0, 0x11e8, {0x9c, 0x2d, 0xfa, 0x7a, 0xe0, 0x1b, 0xbe, 0xbc}};
		TEEC_Result rs =
		    TEEC_OpenSession(&ctx, &sys, &sys_uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
		check("system_pta_refuses_normal_world", rs == TEEC_ERROR_ACCESS_DENIED, "0x%x",
		      rs);
		if (rs == TEEC_SUCCESS)
			TEEC_CloseSession(&sys);
	}

	/* A memref outside the TA's own memory: GP says the caller panics. */
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	TEEC_Result r = TEEC_InvokeCommand(&s, TA_TA2TA_CMD_BAD_MEMREF, &op, &origin);
	check("foreign_memref_ends_caller",
	      r == TEEC_ERROR_TARGET_DEAD && origin == TEEC_ORIGIN_TEE, "0x%x origin %u", r,
	      origin);
	TEEC_CloseSession(&s);
	/* and nothing else: a new session works */
	r = TEEC_OpenSession(&ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	check("reopen", r == TEEC_SUCCESS, "0x%x origin %u", r, origin);
	if (r == TEEC_SUCCESS)
		run(&s, "call_hello_again", TA_TA2TA_CMD_CALL_HELLO);
	return finish(&ctx, &s);
}
