/*
 * tzv-bench: the figures `make bench` (tools/bench.sh) takes from Linux user space,
 * through the stock stack (libteec -> /dev/tee0 -> the optee driver -> SMC).
 * Times are CLOCK_MONOTONIC: under QEMU's -icount shift=0 one nanosecond is one
 * instruction executed, so "ns" then reads as instructions per operation.
 *
 *   tzv-bench paths N    per operation, N of each: a null invoke of the built-in
 *                        `echo` TA, an invoke of the hello example user TA
 *                        (INC_VALUE), opening and closing a session of it (the TA
 *                        is cached by nothing: each open loads it through
 *                        tee-supplicant), an attestation token (32-byte nonce)
 *   tzv-bench null N [T] N null invokes; with T, they start when the virtual
 *                        counter (the same in every VM) reaches T seconds, so
 *                        that several VMs can start together; the mean, and the
 *                        least mean of a batch of 20
 *   tzv-bench now        the virtual counter in seconds
 *
 * Output lines: "tzv-bench: <name>: <value> <unit>".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hello_ta.h>
#include <tee_client_api.h>
#include <tzvisor/pta_uuid.h>

static double counter_seconds(void)
{
	uint64_t cnt, frq;
	__asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(cnt));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
	return frq ? (double)cnt / (double)frq : 0;
}

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int failed(const char *what, TEEC_Result r, uint32_t origin)
{
	printf("tzv-bench: %s: FAIL (0x%x origin %u)\n", what, r, origin);
	return 1;
}

static int open_ta(TEEC_Context *ctx, TEEC_Session *s, const TEEC_UUID *uuid)
{
	uint32_t origin = 0;
	TEEC_Result r = TEEC_OpenSession(ctx, s, uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	return r == TEEC_SUCCESS ? 0 : failed("open_session", r, origin);
}

/* n invokes of cmd with op_template's parameter types; ns per invoke, < 0 on failure. */
static double invokes(TEEC_Session *s, uint32_t cmd, uint32_t types, int n)
{
	TEEC_Operation op;
	uint32_t origin = 0;
	double t0 = now_ns();
	for (int i = 0; i < n; i++) {
		memset(&op, 0, sizeof(op));
		op.paramTypes = types;
		TEEC_Result r = TEEC_InvokeCommand(s, cmd, &op, &origin);
		if (r != TEEC_SUCCESS) {
			failed("invoke", r, origin);
			return -1;
		}
	}
	return (now_ns() - t0) / n;
}

static int paths(TEEC_Context *ctx, int n)
{
	TEEC_UUID echo = PTA_ECHO_UUID, hello = TA_HELLO_UUID, attest = PTA_ATTEST_UUID;
	TEEC_Session s;
	double ns;

	if (open_ta(ctx, &s, &echo))
		return 1;
	invokes(&s, PTA_ECHO_CMD_NULL, TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE),
		4);
	ns = invokes(&s, PTA_ECHO_CMD_NULL,
		     TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE), n);
	TEEC_CloseSession(&s);
	if (ns < 0)
		return 1;
	printf("tzv-bench: null_invoke: %.0f ns\n", ns);

	if (open_ta(ctx, &s, &hello))
		return 1;
	uint32_t types = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	invokes(&s, TA_HELLO_CMD_INC_VALUE, types, 4);
	ns = invokes(&s, TA_HELLO_CMD_INC_VALUE, types, n);
	TEEC_CloseSession(&s);
	if (ns < 0)
		return 1;
	printf("tzv-bench: user_ta_invoke: %.0f ns\n", ns);

	int opens = n / 20 > 2 ? n / 20 : 2;
	double t0 = now_ns();
	for (int i = 0; i < opens; i++) {
		if (open_ta(ctx, &s, &hello))
			return 1;
		TEEC_CloseSession(&s);
	}
	printf("tzv-bench: open_session: %.0f ns\n", (now_ns() - t0) / opens);

	if (open_ta(ctx, &s, &attest))
		return 1;
	static uint8_t nonce[32], token[4096];
	int tokens = 3;
	t0 = now_ns();
	for (int i = 0; i < tokens; i++) {
		TEEC_Operation op;
		uint32_t origin = 0;
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT,
						 TEEC_NONE, TEEC_NONE);
		nonce[0] = (uint8_t)i;
		op.params[0].tmpref.buffer = nonce;
		op.params[0].tmpref.size = sizeof(nonce);
		op.params[1].tmpref.buffer = token;
		op.params[1].tmpref.size = sizeof(token);
		TEEC_Result r = TEEC_InvokeCommand(&s, PTA_ATTEST_CMD_GET_TOKEN, &op, &origin);
		if (r != TEEC_SUCCESS) {
			TEEC_CloseSession(&s);
			return failed("attest_token", r, origin);
		}
	}
	printf("tzv-bench: attest_token: %.0f ns\n", (now_ns() - t0) / tokens);
	TEEC_CloseSession(&s);
	return 0;
}

/*
 * Wall clock: the mean over all n, and the least mean of a batch of NULL_BATCH (as the
 * bare-metal client takes the least of its repeats of 100 calls): a batch (about 4 ms)
 * short enough that some run without the host preempting QEMU, on a host busy with other
 * work.
 */
#define NULL_BATCH 20

static int null_at(TEEC_Context *ctx, int n, double start)
{
	TEEC_UUID echo = PTA_ECHO_UUID;
	TEEC_Session s;
	if (open_ta(ctx, &s, &echo))
		return 1;
	if (start > 0 && counter_seconds() > start)
		printf("tzv-bench: late: %.3f s past the start\n", counter_seconds() - start);
	while (start > 0 && counter_seconds() < start)
		;
	double t0 = counter_seconds(), least = 0, all = now_ns();
	for (int done = 0; done < n; done += NULL_BATCH) {
		int k = n - done < NULL_BATCH ? n - done : NULL_BATCH;
		double ns =
		    invokes(&s, PTA_ECHO_CMD_NULL,
			    TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE), k);
		if (ns < 0) {
			TEEC_CloseSession(&s);
			return 1;
		}
		if (least == 0 || (k == NULL_BATCH && ns < least))
			least = ns;
	}
	double ns = (now_ns() - all) / n;
	double t1 = counter_seconds();
	TEEC_CloseSession(&s);
	printf("tzv-bench: null: %d invokes from %.3f s to %.3f s, %.0f ns each, least %.0f ns "
	       "per batch of %d\n",
	       n, t0, t1, ns, least, NULL_BATCH);
	return 0;
}

int main(int argc, char **argv)
{
	TEEC_Context ctx;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("tzv-bench: now: %.3f s\n", counter_seconds());
		return 0;
	}
	int n = argc > 2 ? atoi(argv[2]) : 0;
	int is_paths = argc == 3 && !strcmp(argv[1], "paths");
	int is_null = (argc == 3 || argc == 4) && !strcmp(argv[1], "null");
	if ((!is_paths && !is_null) || n < 1) {
		fprintf(stderr, "usage: tzv-bench paths N | null N [T] | now\n");
		return 2;
	}
	TEEC_Result r = TEEC_InitializeContext(NULL, &ctx);
	if (r != TEEC_SUCCESS)
		return failed("initialize_context", r, 0);
	int rc = is_paths ? paths(&ctx, n) : null_at(&ctx, n, argc == 4 ? atof(argv[3]) : 0);
	TEEC_FinalizeContext(&ctx);
	return rc;
}
