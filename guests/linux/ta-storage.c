/*
 * Client of the storage example TA (ta/examples/storage). Without arguments:
 * the TA's self-test of every GP storage function, then a put/get/list/del
 * round trip, as checks. With arguments, one operation per run, so a shell
 * can tamper with the object files in between:
 *   ta-storage [-2] put ID TEXT | get ID | del ID | list
 *   ta-storage [-2] pattern ID N SIZE | loop ID FIRST LAST SIZE | check ID
 * -2 talks to the second storage TA (another UUID: objects of its own).
 * Results print as "ta-storage: <op> <id>: OK ..." or "...: ERR 0x<result>".
 */
#include <time.h>
#include "ta-client.h"
#include <storage_ta.h>

static TEEC_Context ctx;
static TEEC_Session sess;

static TEEC_Result invoke(uint32_t cmd, TEEC_Operation *op)
{
	uint32_t origin;
	return TEEC_InvokeCommand(&sess, cmd, op, &origin);
}

static void id_param(TEEC_Operation *op, const char *id)
{
	op->params[0].tmpref.buffer = (void *)id;
	op->params[0].tmpref.size = strlen(id);
}

static int one(int argc, char **argv)
{
	TEEC_Operation op;
	TEEC_Result r;
	static char buf[40000];
	const char *what = argv[0], *id = argc > 1 ? argv[1] : "";
	memset(&op, 0, sizeof(op));

	if (!strcmp(what, "put") && argc == 3) {
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_INPUT,
						 TEEC_NONE, TEEC_NONE);
		id_param(&op, id);
		op.params[1].tmpref.buffer = argv[2];
		op.params[1].tmpref.size = strlen(argv[2]);
		r = invoke(TA_STORAGE_CMD_PUT, &op);
		printf("ta-storage: put %s: %s0x%x\n", id, r ? "ERR " : "OK ", r);
	} else if (!strcmp(what, "get") && argc == 2) {
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT,
						 TEEC_NONE, TEEC_NONE);
		id_param(&op, id);
		op.params[1].tmpref.buffer = buf;
		op.params[1].tmpref.size = sizeof(buf) - 1;
		r = invoke(TA_STORAGE_CMD_GET, &op);
		if (r == TEEC_SUCCESS)
			printf("ta-storage: get %s: OK %.*s\n", id, (int)op.params[1].tmpref.size,
			       buf);
		else
			printf("ta-storage: get %s: ERR 0x%x\n", id, r);
	} else if (!strcmp(what, "del") && argc == 2) {
		op.paramTypes =
		    TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
		id_param(&op, id);
		r = invoke(TA_STORAGE_CMD_DEL, &op);
		printf("ta-storage: del %s: %s0x%x\n", id, r ? "ERR " : "OK ", r);
	} else if (!strcmp(what, "list") && argc == 1) {
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT, TEEC_VALUE_OUTPUT,
						 TEEC_NONE, TEEC_NONE);
		op.params[0].tmpref.buffer = buf;
		op.params[0].tmpref.size = sizeof(buf) - 1;
		r = invoke(TA_STORAGE_CMD_LIST, &op);
		if (r == TEEC_SUCCESS) {
			size_t n = op.params[0].tmpref.size;
			for (size_t i = 0; i < n; i++)
				if (buf[i] == '\n')
					buf[i] = ' ';
			printf("ta-storage: list: OK %u (%u corrupt): %.*s\n", op.params[1].value.a,
			       op.params[1].value.b, (int)n, buf);
		} else {
			printf("ta-storage: list: ERR 0x%x\n", r);
		}
	} else if ((!strcmp(what, "pattern") && argc == 4) ||
		   (!strcmp(what, "loop") && argc == 5)) {
		unsigned first = (unsigned)strtoul(argv[2], NULL, 0), last = first,
			 size = (unsigned)strtoul(argv[argc - 1], NULL, 0);
		if (argc == 5)
			last = (unsigned)strtoul(argv[3], NULL, 0);
		r = TEEC_SUCCESS;
		struct timespec t0, t1;
		unsigned done = 0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (unsigned n = first; n <= last && r == TEEC_SUCCESS; n++) {
			op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_VALUE_INPUT,
							 TEEC_NONE, TEEC_NONE);
			id_param(&op, id);
			op.params[1].value.a = n;
			op.params[1].value.b = size;
			r = invoke(TA_STORAGE_CMD_PUT_PATTERN, &op);
			if (r == TEEC_SUCCESS) {
				printf("ta-storage: wrote %s %u\n", id, n);
				done++;
			} else
				printf("ta-storage: write %s %u: ERR 0x%x\n", id, n, r);
			fflush(stdout);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		/* each: open, one TEE_WriteObjectData of the whole object, close (wall clock,
		 * emulated) */
		if (done)
			printf("ta-storage: %u writes of %u bytes, %.0f us each\n", done, size,
			       ((t1.tv_sec - t0.tv_sec) * 1e6 + (t1.tv_nsec - t0.tv_nsec) / 1e3) /
				   done);
	} else if (!strcmp(what, "shm-id") && argc == 2) {
		/* the TA names the id in this shared memory: the TEE ends it (TARGET_DEAD) */
		op.paramTypes =
		    TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
		id_param(&op, id);
		r = invoke(TA_STORAGE_CMD_OPEN_CLIENT_ID, &op);
		printf("ta-storage: shm-id %s: %s0x%x\n", id, r ? "ERR " : "OK ", r);
	} else if (!strcmp(what, "check") && argc == 2) {
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_VALUE_OUTPUT,
						 TEEC_NONE, TEEC_NONE);
		id_param(&op, id);
		r = invoke(TA_STORAGE_CMD_CHECK_PATTERN, &op);
		if (r == TEEC_SUCCESS && op.params[1].value.a != 0xffffffffu)
			printf("ta-storage: check %s: OK pattern %u size %u\n", id,
			       op.params[1].value.a, op.params[1].value.b);
		else if (r == TEEC_SUCCESS)
			printf("ta-storage: check %s: BROKEN size %u\n", id, op.params[1].value.b);
		else
			printf("ta-storage: check %s: ERR 0x%x\n", id, r);
	} else {
		fprintf(stderr,
			"usage: ta-storage [-2] [put ID TEXT | get ID | del ID | list | "
			"pattern ID N SIZE | loop ID FIRST LAST SIZE | check ID | shm-id ID]\n");
		return 2;
	}
	return r == TEEC_SUCCESS ? 0 : 1;
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid1 = TA_STORAGE_UUID, uuid2 = TA_STORAGE2_UUID, *uuid = &uuid1;
	client_name = "ta-storage";
	if (argc > 1 && !strcmp(argv[1], "-2")) {
		uuid = &uuid2;
		argc--, argv++;
	}
	if (argc > 1) {
		uint32_t origin;
		TEEC_Result r = TEEC_InitializeContext(NULL, &ctx);
		if (r == TEEC_SUCCESS)
			r = TEEC_OpenSession(&ctx, &sess, uuid, TEEC_LOGIN_PUBLIC, NULL, NULL,
					     &origin);
		if (r != TEEC_SUCCESS) {
			printf("ta-storage: open session: ERR 0x%x\n", r);
			return 1;
		}
		int rc = one(argc - 1, argv + 1);
		TEEC_CloseSession(&sess);
		TEEC_FinalizeContext(&ctx);
		return rc;
	}

	open_ta(&ctx, &sess, uuid);
	TEEC_Operation op;
	memset(&op, 0, sizeof(op));
	op.paramTypes =
	    TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	TEEC_Result r = invoke(TA_STORAGE_CMD_SELFTEST, &op);
	check("selftest", r == TEEC_SUCCESS && op.params[0].value.a == 0,
	      "0x%x: check %u failed with 0x%x (%u passed)", r, op.params[0].value.a,
	      op.params[0].value.b, op.params[1].value.a);
	if (r == TEEC_SUCCESS)
		printf("ta-storage: selftest: %u checks\n", op.params[1].value.a);

	/* through the client's own buffers: a value survives the session */
	char text[] = "persistent value", back[64];
	memset(&op, 0, sizeof(op));
	op.paramTypes =
	    TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_INPUT, TEEC_NONE, TEEC_NONE);
	id_param(&op, "client-rt");
	op.params[1].tmpref.buffer = text;
	op.params[1].tmpref.size = strlen(text);
	r = invoke(TA_STORAGE_CMD_PUT, &op);
	check("put", r == TEEC_SUCCESS, "0x%x", r);
	TEEC_CloseSession(&sess);
	uint32_t origin;
	r = TEEC_OpenSession(&ctx, &sess, uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	check("reopen_session", r == TEEC_SUCCESS, "0x%x", r);
	memset(&op, 0, sizeof(op));
	op.paramTypes =
	    TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	id_param(&op, "client-rt");
	op.params[1].tmpref.buffer = back;
	op.params[1].tmpref.size = 4;
	r = invoke(TA_STORAGE_CMD_GET, &op);
	check("get_short_buffer",
	      r == TEEC_ERROR_SHORT_BUFFER && op.params[1].tmpref.size == strlen(text),
	      "0x%x size %zu", r, op.params[1].tmpref.size);
	op.params[1].tmpref.size = sizeof(back);
	r = invoke(TA_STORAGE_CMD_GET, &op);
	check("get",
	      r == TEEC_SUCCESS && op.params[1].tmpref.size == strlen(text) &&
		  !memcmp(back, text, strlen(text)),
	      "0x%x size %zu", r, op.params[1].tmpref.size);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	id_param(&op, "client-rt");
	r = invoke(TA_STORAGE_CMD_DEL, &op);
	check("del", r == TEEC_SUCCESS, "0x%x", r);
	memset(&op, 0, sizeof(op));
	op.paramTypes =
	    TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	id_param(&op, "client-rt");
	op.params[1].tmpref.buffer = back;
	op.params[1].tmpref.size = sizeof(back);
	r = invoke(TA_STORAGE_CMD_GET, &op);
	check("get_deleted", r == TEEC_ERROR_ITEM_NOT_FOUND, "0x%x", r);
	return finish(&ctx, &sess);
}
