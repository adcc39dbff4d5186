/* Client of the random example TA: random bytes, clocks, TEE_Wait, properties. */
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include "ta-client.h"
#include <random_ta.h>

#define TEE_ERROR_CANCEL 0xffff0002u

/* Another thread's TEEC_RequestCancellation, once the invoke has started (libteec set op->session). */
static void *cancel_soon(void *p)
{
	TEEC_Operation *op = p;
	while (!__atomic_load_n(&op->session, __ATOMIC_ACQUIRE))
		usleep(1000);
	usleep(200000);
	TEEC_RequestCancellation(op);
	return NULL;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_UUID uuid = TA_RANDOM_UUID;
	TEEC_Operation op;
	uint32_t origin;
	uint8_t a[64], b[64];
	char props[512];
	client_name = "ta-random";
	open_ta(&ctx, &s, &uuid);

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = a;
	op.params[0].tmpref.size = sizeof(a);
	TEEC_Result r = TEEC_InvokeCommand(&s, TA_RANDOM_CMD_GENERATE, &op, &origin);
	op.params[0].tmpref.buffer = b;
	TEEC_Result r2 = TEEC_InvokeCommand(&s, TA_RANDOM_CMD_GENERATE, &op, &origin);
	check("generate", r == TEEC_SUCCESS && r2 == TEEC_SUCCESS && memcmp(a, b, sizeof(a)),
	      "0x%x 0x%x", r, r2);

	/* TEE_GetREETime comes from this kernel's clock (OPTEE_RPC_CMD_GET_TIME, answered by
	 * the optee driver): it must lie between our own readings before and after the call. */
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	time_t before = time(NULL);
	r = TEEC_InvokeCommand(&s, TA_RANDOM_CMD_TIME, &op, &origin);
	time_t after = time(NULL);
	printf("ta-random: REE time %u.%03u s (Linux: %lld..%lld s), system time %u.%03u s\n",
	       op.params[1].value.a, op.params[1].value.b, (long long)before, (long long)after,
	       op.params[0].value.a, op.params[0].value.b);
	check("time",
	      r == TEEC_SUCCESS && (time_t)op.params[1].value.a >= before &&
		      (time_t)op.params[1].value.a <= after && op.params[1].value.b < 1000 &&
		      op.params[0].value.b < 1000,
	      "0x%x system %u.%03u ree %u, Linux %lld..%lld", r, op.params[0].value.a,
	      op.params[0].value.b, op.params[1].value.a, (long long)before, (long long)after);

	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 50;
	r = TEEC_InvokeCommand(&s, TA_RANDOM_CMD_WAIT, &op, &origin);
	check("wait", r == TEEC_SUCCESS && op.params[1].value.a == TEEC_SUCCESS, "0x%x wait 0x%x", r,
	      op.params[1].value.a);

	/* TEEC_RequestCancellation while the TA sits in TEE_Wait(5 s) with cancellation unmasked:
	 * OPTEE_MSG_CMD_CANCEL reaches the TEE while its thread sleeps in the SUSPEND RPC. */
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 5000;
	pthread_t canceller;
	int started = pthread_create(&canceller, NULL, cancel_soon, &op) == 0;
	double t0 = now_ms();
	r = TEEC_InvokeCommand(&s, TA_RANDOM_CMD_WAIT, &op, &origin);
	double waited = now_ms() - t0;
	if (started)
		pthread_join(canceller, NULL);
	printf("ta-random: TEE_Wait(5000) cancelled after %.0f ms\n", waited);
	check("cancel", started && r == TEEC_SUCCESS && op.params[1].value.a == TEE_ERROR_CANCEL &&
				op.params[1].value.b == 1,
	      "0x%x wait 0x%x flag %u after %.0f ms", r, op.params[1].value.a, op.params[1].value.b,
	      waited);

	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = props;
	op.params[0].tmpref.size = sizeof(props);
	r = TEEC_InvokeCommand(&s, TA_RANDOM_CMD_PROPS, &op, &origin);
	props[sizeof(props) - 1] = '\0';
	check("properties",
	      r == TEEC_SUCCESS && strstr(props, "gpd.ta.appID=3e8d2c71-5a4f-4b9e-8c2d-6f1a0b7e4d93") &&
		      strstr(props, "gpd.ta.singleInstance=true"),
	      "0x%x %s", r, props);
	printf("ta-random: %s\n", props);
	return finish(&ctx, &s);
}
