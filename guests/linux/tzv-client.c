/*
 * tzv-client: a Linux user-space client of tzvisor's TEE through the stock
 * stack (Debian's libteec.so.1 -> /dev/tee0 -> the optee driver -> SMC). It
 * talks to the TEE kernel's built-in `hello` and `echo` TAs
 * (include/tzvisor/pta_uuid.h) and prints one line per check:
 * "tzv-client: <name>: PASS" or "tzv-client: <name>: FAIL (<why>)", then
 * "tzv-client: N passed, M failed". Exit status 0 when all passed.
 *
 * It also prints when it started and when its first invoke succeeded, in
 * seconds of the virtual counter (CNTVCT_EL0 / CNTFRQ_EL0: 0 at QEMU's power-on
 * under tzvisor, whose monitor and hypervisor leave CNTVOFF_EL2 at 0).
 *
 *   tzv-client            the checks (hello, echo, an unknown UUID, the TEE bus PTAs)
 *   tzv-client global     one INC_GLOBAL of `hello`: "tzv-client: global N"
 *   tzv-client null N     N null invokes of `echo`, the mean wall-clock time of one
 *   tzv-client hooks      checks that the TEE answers none of the test-image hook
 *                         commands (a shipped image: NOT_SUPPORTED, instance alive)
 *   tzv-client open UUID  opens a session to UUID: "tzv-client: open UUID: 0x<result>
 *                         origin <origin>"
 *   tzv-client install FILE [OFFSET]
 *                         installs the signed TA FILE into this VM's TEE instance through
 *                         OP-TEE's secure-storage TA management PTA (with the byte at OFFSET
 *                         flipped, as xtest 1008 does): "tzv-client: install FILE: 0x<result>
 *                         origin <origin>"
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <tee_client_api.h>
#include <tzvisor/pta_uuid.h>

#define PAGE 4096u

static unsigned passed, failed;

/* The virtual counter in seconds (EL0 may read it under Linux). */
static double counter_seconds(void)
{
	uint64_t cnt, frq;
	__asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(cnt));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
	return frq ? (double)cnt / (double)frq : 0;
}

static void result(const char *name, int ok, const char *fmt, ...)
{
	char why[200] = "";
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
	if (ok) {
		passed++;
		printf("tzv-client: %s: PASS%s%s\n", name, why[0] ? " " : "", why);
	} else {
		failed++;
		printf("tzv-client: %s: FAIL (%s)\n", name, why[0] ? why : "?");
	}
	fflush(stdout);
}

static void fill(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

/* CHECKSUM of op's params[1] (already set up); compares with the FNV-1a of want/len. */
static void check_sum(const char *name, TEEC_Session *s, TEEC_Operation *op, const void *want,
		      size_t len)
{
	uint32_t origin = 0;
	TEEC_Result r = TEEC_InvokeCommand(s, PTA_ECHO_CMD_CHECKSUM, op, &origin);
	uint32_t expect = pta_fnv1a32(want, len, PTA_FNV1A32_INIT);
	if (r != TEEC_SUCCESS)
		result(name, 0, "invoke 0x%x origin %u", r, origin);
	else
		result(name, op->params[0].value.a == expect && op->params[0].value.b == len,
		       "len %zu sum 0x%08x (expected 0x%08x, len %u)", len, op->params[0].value.a,
		       expect, op->params[0].value.b);
}

static void test_hello(TEEC_Context *ctx)
{
	TEEC_UUID uuid = PTA_HELLO_UUID;
	TEEC_Session s, s2;
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_Result r = TEEC_OpenSession(ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	result("hello_open_session", r == TEEC_SUCCESS, r ? "0x%x origin %u" : NULL, r, origin);
	if (r != TEEC_SUCCESS)
		return;

	/* params[0] value out: the session counter after each INC. */
	uint32_t counts[3] = { 0 };
	int ok = 1;
	for (int i = 0; i < 3; i++) {
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
		r = TEEC_InvokeCommand(&s, PTA_HELLO_CMD_INC, &op, &origin);
		counts[i] = op.params[0].value.a;
		ok &= r == TEEC_SUCCESS && counts[i] == (uint32_t)i + 1;
		if (i == 0 && r == TEEC_SUCCESS)
			printf("tzv-client: first invoke at %.3f s (CNTVCT/CNTFRQ)\n",
			       counter_seconds());
	}
	result("hello_inc_value", ok, "counts %u %u %u", counts[0], counts[1], counts[2]);

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 0xdead;
	r = TEEC_InvokeCommand(&s, PTA_HELLO_CMD_GET, &op, &origin);
	result("hello_get_value_inout", r == TEEC_SUCCESS && op.params[0].value.a == 3,
	       "counter %u (0x%x)", op.params[0].value.a, r);

	/* A second session has its own counter. */
	r = TEEC_OpenSession(ctx, &s2, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (r == TEEC_SUCCESS) {
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
		r = TEEC_InvokeCommand(&s2, PTA_HELLO_CMD_INC, &op, &origin);
		result("hello_second_session_own_counter", r == TEEC_SUCCESS && op.params[0].value.a == 1,
		       "counter %u (0x%x)", op.params[0].value.a, r);
		TEEC_CloseSession(&s2);
	} else {
		result("hello_second_session_own_counter", 0, "open 0x%x", r);
	}

	/* The instance-wide counter: 1 after a fresh boot, then one more per run. */
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	r = TEEC_InvokeCommand(&s, PTA_HELLO_CMD_INC_GLOBAL, &op, &origin);
	result("hello_inc_global", r == TEEC_SUCCESS && op.params[0].value.a >= 1, "global %u (0x%x)",
	       op.params[0].value.a, r);

	/* Wrong parameter types are refused by the TA. */
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	r = TEEC_InvokeCommand(&s, PTA_HELLO_CMD_INC, &op, &origin);
	result("hello_bad_param_types", r == TEEC_ERROR_BAD_PARAMETERS, "0x%x origin %u", r, origin);

	TEEC_CloseSession(&s);
	result("hello_close_session", 1, NULL);
}

static void test_echo(TEEC_Context *ctx)
{
	TEEC_UUID uuid = PTA_ECHO_UUID;
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_Result r = TEEC_OpenSession(ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	result("echo_open_session", r == TEEC_SUCCESS, r ? "0x%x origin %u" : NULL, r, origin);
	if (r != TEEC_SUCCESS)
		return;

	/* Value out + a small temporary memref in. */
	uint8_t small[100];
	fill(small, sizeof(small), 1);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_MEMREF_TEMP_INPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[1].tmpref.buffer = small;
	op.params[1].tmpref.size = sizeof(small);
	check_sum("echo_value_and_memref", &s, &op, small, sizeof(small));

	/* Temporary memref in -> temporary memref out. */
	uint8_t in[1000], outb[1000];
	fill(in, sizeof(in), 2);
	memset(outb, 0, sizeof(outb));
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = in;
	op.params[0].tmpref.size = sizeof(in);
	op.params[1].tmpref.buffer = outb;
	op.params[1].tmpref.size = sizeof(outb);
	r = TEEC_InvokeCommand(&s, PTA_ECHO_CMD_COPY, &op, &origin);
	result("echo_memref_copy", r == TEEC_SUCCESS && op.params[1].tmpref.size == sizeof(in) &&
				     !memcmp(in, outb, sizeof(in)),
	       "0x%x, %zu bytes back", r, op.params[1].tmpref.size);

	/* Output too small: SHORT_BUFFER with the size needed. */
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = in;
	op.params[0].tmpref.size = sizeof(in);
	op.params[1].tmpref.buffer = outb;
	op.params[1].tmpref.size = 10;
	r = TEEC_InvokeCommand(&s, PTA_ECHO_CMD_COPY, &op, &origin);
	result("echo_memref_short_buffer",
	       r == TEEC_ERROR_SHORT_BUFFER && op.params[1].tmpref.size == sizeof(in),
	       "0x%x, size %zu", r, op.params[1].tmpref.size);

	/*
	 * Buffers spanning several pages at an odd offset. Fresh anonymous pages,
	 * touched one by one, are rarely physically contiguous, so registering them
	 * gives OP-TEE a non-contiguous page list.
	 */
	size_t span = 6 * PAGE, len = 3 * PAGE + 123, off = 0x7f3;
	uint8_t *a = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *b = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED || b == MAP_FAILED) {
		result("echo_multipage", 0, "mmap failed");
		TEEC_CloseSession(&s);
		return;
	}
	for (size_t i = span; i > 0; i -= PAGE) { /* fault in from the top down */
		a[i - 1] = 0;
		b[i - 1] = 0;
	}
	fill(a + off, len, 3);

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_MEMREF_TEMP_INPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[1].tmpref.buffer = a + off;
	op.params[1].tmpref.size = len;
	check_sum("echo_multipage_tmpref", &s, &op, a + off, len);

	TEEC_SharedMemory ra = { .buffer = a, .size = span, .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory rb = { .buffer = b, .size = span, .flags = TEEC_MEM_OUTPUT };
	r = TEEC_RegisterSharedMemory(ctx, &ra);
	TEEC_Result r2 = TEEC_RegisterSharedMemory(ctx, &rb);
	result("echo_register_shm", r == TEEC_SUCCESS && r2 == TEEC_SUCCESS, "0x%x 0x%x", r, r2);
	if (r == TEEC_SUCCESS && r2 == TEEC_SUCCESS) {
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_MEMREF_PARTIAL_INPUT,
						 TEEC_NONE, TEEC_NONE);
		op.params[1].memref.parent = &ra;
		op.params[1].memref.offset = off;
		op.params[1].memref.size = len;
		check_sum("echo_multipage_registered_odd_offset", &s, &op, a + off, len);

		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
						 TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE, TEEC_NONE);
		op.params[0].memref.parent = &ra;
		op.params[0].memref.offset = off;
		op.params[0].memref.size = len;
		op.params[1].memref.parent = &rb;
		op.params[1].memref.offset = 1;
		op.params[1].memref.size = span - 1;
		r = TEEC_InvokeCommand(&s, PTA_ECHO_CMD_COPY, &op, &origin);
		result("echo_multipage_registered_copy",
		       r == TEEC_SUCCESS && op.params[1].memref.size == len &&
			       !memcmp(a + off, b + 1, len),
		       "0x%x, %zu bytes back", r, op.params[1].memref.size);
		TEEC_ReleaseSharedMemory(&ra);
		TEEC_ReleaseSharedMemory(&rb);
	}

	/* Shared memory allocated by libteec, whole. */
	TEEC_SharedMemory sm = { .size = 4 * PAGE + 5, .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };
	r = TEEC_AllocateSharedMemory(ctx, &sm);
	if (r == TEEC_SUCCESS) {
		fill(sm.buffer, sm.size, 4);
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_MEMREF_WHOLE, TEEC_NONE,
						 TEEC_NONE);
		op.params[1].memref.parent = &sm;
		check_sum("echo_multipage_allocated_whole", &s, &op, sm.buffer, sm.size);
		TEEC_ReleaseSharedMemory(&sm);
	} else {
		result("echo_multipage_allocated_whole", 0, "allocate 0x%x", r);
	}
	munmap(a, span);
	munmap(b, span);

	/* Null invokes: a figure, not a check. */
	struct timespec t0, t1;
	const int n = 200;
	int bad = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < n; i++) {
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
		bad |= TEEC_InvokeCommand(&s, PTA_ECHO_CMD_NULL, &op, &origin) != TEEC_SUCCESS;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double us = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / n;
	result("echo_null_invokes", !bad, "%d invokes, %.1f us each (wall clock, emulated)", n, us);

	TEEC_CloseSession(&s);
	result("echo_close_session", 1, NULL);
}

static void test_unknown_uuid(TEEC_Context *ctx)
{
	TEEC_UUID uuid = { 0x12345678, 0x9abc, 0xdef0, { 1, 2, 3, 4, 5, 6, 7, 8 } };
	TEEC_Session s;
	uint32_t origin = 0;
	TEEC_Result r = TEEC_OpenSession(ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	result("unknown_uuid_refused", r == TEEC_ERROR_ITEM_NOT_FOUND, "0x%x origin %u", r, origin);
	if (r == TEEC_SUCCESS)
		TEEC_CloseSession(&s);
}

/*
 * OP-TEE's device-enumeration PTA (tee/pta_device.c): Linux's driver opens it with the
 * public login, so user space may too, as in OP-TEE; it learns the same fixed list the
 * driver got: the invoke-tests and RNG PTAs. Claiming the REE kernel's login is refused
 * by Linux's TEE core before any SMC.
 */
static void test_device_pta(TEEC_Context *ctx)
{
	static const uint8_t want[32] = {0xd9, 0x6a, 0x5b, 0x40, 0xc3, 0xe5, 0x21, 0xe3,
					 0x87, 0x94, 0x10, 0x02, 0xa5, 0xd5, 0xc6, 0x1b,
					 0xab, 0x7a, 0x61, 0x7c, 0xb8, 0xe7, 0x4d, 0x8f,
					 0x83, 0x01, 0xd0, 0x9b, 0x61, 0x03, 0x6b, 0x64};
	TEEC_UUID uuid = {
	    0x7011a688, 0xddde, 0x4053, {0xa5, 0xa9, 0x7b, 0x3c, 0x4d, 0xdf, 0x13, 0xb8}};
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	uint8_t list[64];
	TEEC_Result r = TEEC_OpenSession(ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (r == TEEC_SUCCESS) {
		memset(list, 0x5a, sizeof(list));
		memset(&op, 0, sizeof(op));
		op.paramTypes =
		    TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
		op.params[0].tmpref.buffer = list;
		op.params[0].tmpref.size = sizeof(list);
		r = TEEC_InvokeCommand(&s, PTA_DEVICE_CMD_GET_DEVICES, &op, &origin);
		TEEC_CloseSession(&s);
	}
	result("device_pta_fixed_list",
	       r == TEEC_SUCCESS && op.params[0].tmpref.size == 32 && !memcmp(list, want, 32),
	       "0x%x origin %u, %zu bytes", r, origin,
	       r == TEEC_SUCCESS ? op.params[0].tmpref.size : 0);
	origin = 0;
	r = TEEC_OpenSession(ctx, &s, &uuid, 0x80000000u /* TEE_LOGIN_REE_KERNEL */, NULL, NULL,
			     &origin);
	result("device_pta_kernel_login_refused_to_user_space", r != TEEC_SUCCESS, "0x%x origin %u",
	       r, origin);
	if (r == TEEC_SUCCESS)
		TEEC_CloseSession(&s);
}

/* GET_ENTROPY of n bytes into buf (a temporary memref, MEMREF_INOUT as optee-rng's). */
static TEEC_Result rng_entropy(TEEC_Session *s, void *buf, size_t n, uint32_t *origin)
{
	TEEC_Operation op;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = buf;
	op.params[0].tmpref.size = n;
	return TEEC_InvokeCommand(s, PTA_RNG_CMD_GET_ENTROPY, &op, origin);
}

/*
 * OP-TEE's RNG PTA (tee/pta_rng.c) is open to every client of the VM, as OP-TEE's (Linux's
 * optee-rng opens it with the public login too): random bytes, different each time; its
 * info; wrong parameters refused with the buffer untouched.
 */
static void test_rng_pta(TEEC_Context *ctx)
{
	TEEC_UUID uuid = {
	    0xab7a617c, 0xb8e7, 0x4d8f, {0x83, 0x01, 0xd0, 0x9b, 0x61, 0x03, 0x6b, 0x64}};
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	uint8_t a[64], b[64], zero[64];
	TEEC_Result r = TEEC_OpenSession(ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	result("rng_pta_open_public", r == TEEC_SUCCESS, "0x%x origin %u", r, origin);
	if (r != TEEC_SUCCESS)
		return;
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(zero, 0, sizeof(zero));
	TEEC_Result ra = rng_entropy(&s, a, sizeof(a), &origin);
	TEEC_Result rb = rng_entropy(&s, b, sizeof(b), &origin);
	result("rng_pta_get_entropy",
	       ra == TEEC_SUCCESS && rb == TEEC_SUCCESS && memcmp(a, b, sizeof(a)) &&
		   memcmp(a, zero, sizeof(a)) && memcmp(b, zero, sizeof(b)),
	       "0x%x 0x%x, two reads of 64 bytes %s", ra, rb,
	       memcmp(a, b, sizeof(a)) ? "differ" : "are equal");

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	r = TEEC_InvokeCommand(&s, PTA_RNG_CMD_GET_RNG_INFO, &op, &origin);
	result("rng_pta_get_rng_info",
	       r == TEEC_SUCCESS && op.params[0].value.b > 0 && op.params[0].value.b <= 1024,
	       "0x%x rate %u quality %u", r, op.params[0].value.a, op.params[0].value.b);

	/*
	 * Refusals: an output-only memref, a memref with a second parameter (the buffer
	 * must come back as it went), a value, a NULL buffer, an unknown command.
	 */
	int ok = 1;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = a;
	op.params[0].tmpref.size = sizeof(a);
	r = TEEC_InvokeCommand(&s, PTA_RNG_CMD_GET_ENTROPY, &op, &origin);
	ok &= r == TEEC_ERROR_BAD_PARAMETERS;
	memset(a, 0x5a, sizeof(a));
	memset(&op, 0, sizeof(op));
	op.paramTypes =
	    TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INOUT, TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = a;
	op.params[0].tmpref.size = sizeof(a);
	TEEC_Result r1 = TEEC_InvokeCommand(&s, PTA_RNG_CMD_GET_ENTROPY, &op, &origin);
	ok &= r1 == TEEC_ERROR_BAD_PARAMETERS;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	TEEC_Result r2 = TEEC_InvokeCommand(&s, PTA_RNG_CMD_GET_ENTROPY, &op, &origin);
	ok &= r2 == TEEC_ERROR_BAD_PARAMETERS;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	TEEC_Result r3 = TEEC_InvokeCommand(&s, PTA_RNG_CMD_GET_ENTROPY, &op, &origin);
	ok &= r3 == TEEC_ERROR_BAD_PARAMETERS;
	memset(&op, 0, sizeof(op));
	TEEC_Result r4 = TEEC_InvokeCommand(&s, 0x7e00, &op, &origin);
	ok &= r4 == TEEC_ERROR_NOT_IMPLEMENTED;
	for (unsigned i = 0; i < sizeof(a); i++)
		ok &= a[i] == 0x5a;
	result("rng_pta_bad_parameters_refused", ok, "0x%x 0x%x 0x%x 0x%x 0x%x, buffer %s", r, r1,
	       r2, r3, r4, ok ? "untouched" : "changed?");
	TEEC_CloseSession(&s);
}

/* One invoke of a hook command with its test-image parameter types: NOT_SUPPORTED expected. */
static void hook_refused(const char *name, TEEC_Session *s, uint32_t cmd, uint32_t types,
			 uint32_t value)
{
	TEEC_Operation op;
	uint32_t origin = 0;
	memset(&op, 0, sizeof(op));
	op.paramTypes = types;
	op.params[0].value.a = value;
	TEEC_Result r = TEEC_InvokeCommand(s, cmd, &op, &origin);
	result(name, r == TEEC_ERROR_NOT_SUPPORTED, "0x%x origin %u", r, origin);
}

/*
 * `tzv-client hooks`: a shipped image has none of the commands that test images add to the
 * built-in TAs (TOUCH would read secure memory, UTA_PA find a TA's pages, PANIC end the
 * instance, FORGE_VM/OUT_NW misuse the attestation entry): each answers NOT_SUPPORTED, and
 * the instance still works afterwards.
 */
static int hooks(void)
{
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_UUID hello = PTA_HELLO_UUID, attest = PTA_ATTEST_UUID;
	const uint32_t value_in_out =
	    TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);

	TEEC_Result r = TEEC_InitializeContext(NULL, &ctx);
	result("hooks_initialize_context", r == TEEC_SUCCESS, "0x%x", r);
	if (r != TEEC_SUCCESS)
		return 1;
	r = TEEC_OpenSession(&ctx, &s, &hello, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	result("hooks_hello_open", r == TEEC_SUCCESS, "0x%x origin %u", r, origin);
	if (r == TEEC_SUCCESS) {
		/* the start of secure SRAM, where the monitor lives */
		hook_refused("hook_hello_touch_refused", &s, PTA_HELLO_CMD_TOUCH, value_in_out,
			     0x0e000000u);
		hook_refused("hook_hello_uta_pa_refused", &s, PTA_HELLO_CMD_UTA_PA, value_in_out,
			     0x9c3f5e1au);
		hook_refused("hook_hello_panic_refused", &s, PTA_HELLO_CMD_PANIC,
			     TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE), 0);
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
		r = TEEC_InvokeCommand(&s, PTA_HELLO_CMD_INC, &op, &origin);
		result("hooks_instance_alive", r == TEEC_SUCCESS && op.params[0].value.a == 1,
		       "0x%x counter %u", r, op.params[0].value.a);
		TEEC_CloseSession(&s);
	}
	r = TEEC_OpenSession(&ctx, &s, &attest, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	result("hooks_attest_open", r == TEEC_SUCCESS, "0x%x origin %u", r, origin);
	if (r == TEEC_SUCCESS) {
		hook_refused("hook_attest_forge_vm_refused", &s, PTA_ATTEST_CMD_FORGE_VM,
			     value_in_out, 2);
		hook_refused("hook_attest_out_nw_refused", &s, PTA_ATTEST_CMD_OUT_NW,
			     TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE),
			     0);
		TEEC_CloseSession(&s);
	}
	TEEC_FinalizeContext(&ctx);
	printf("tzv-client: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

/* `tzv-client open UUID`: the result of opening a session to any TA. */
static int open_uuid(const char *text)
{
	TEEC_UUID u;
	unsigned int f[11];
	if (strlen(text) != 36 ||
	    sscanf(text, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x", &f[0], &f[1], &f[2], &f[3], &f[4],
		   &f[5], &f[6], &f[7], &f[8], &f[9], &f[10]) != 11) {
		fprintf(stderr, "tzv-client: not a UUID: %s\n", text);
		return 2;
	}
	u.timeLow = f[0];
	u.timeMid = (uint16_t)f[1];
	u.timeHiAndVersion = (uint16_t)f[2];
	for (int i = 0; i < 8; i++)
		u.clockSeqAndNode[i] = (uint8_t)f[3 + i];
	TEEC_Context ctx;
	TEEC_Session s;
	uint32_t origin = 0;
	TEEC_Result r = TEEC_InitializeContext(NULL, &ctx);
	if (r == TEEC_SUCCESS) {
		r = TEEC_OpenSession(&ctx, &s, &u, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
		if (r == TEEC_SUCCESS)
			TEEC_CloseSession(&s);
		TEEC_FinalizeContext(&ctx);
	}
	printf("tzv-client: open %s: 0x%x origin %u\n", text, r, origin);
	return r == TEEC_SUCCESS ? 0 : 1;
}

/* OP-TEE's pta_secstor_ta_mgmt.h */
static const TEEC_UUID secstor_uuid = {
    0x6e256cba, 0xfc4d, 0x4941, {0xad, 0x09, 0x2c, 0xa1, 0x86, 0x03, 0x42, 0xdd}};
#define PTA_SECSTOR_TA_MGMT_BOOTSTRAP 0

static int install(const char *path, const char *flip)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "tzv-client: cannot open %s\n", path);
		return 2;
	}
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (flip) {
		size_t off = strtoul(flip, NULL, 0);
		buf[off < n ? off : n - 1] ^= 1;
	}
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_Result r = TEEC_InitializeContext(NULL, &ctx);
	if (r == TEEC_SUCCESS) {
		r = TEEC_OpenSession(&ctx, &s, &secstor_uuid, TEEC_LOGIN_PUBLIC, NULL, NULL,
				     &origin);
		if (r == TEEC_SUCCESS) {
			memset(&op, 0, sizeof(op));
			op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE,
							 TEEC_NONE, TEEC_NONE);
			op.params[0].tmpref.buffer = buf;
			op.params[0].tmpref.size = n;
			r = TEEC_InvokeCommand(&s, PTA_SECSTOR_TA_MGMT_BOOTSTRAP, &op, &origin);
			TEEC_CloseSession(&s);
		}
		TEEC_FinalizeContext(&ctx);
	}
	printf("tzv-client: install %s: 0x%x origin %u\n", path, r, origin);
	return r == TEEC_SUCCESS ? 0 : 1;
}

/*
 * `tzv-client invoke-tests`: OP-TEE's invoke-tests PTA (tee/pta_invoke_tests.c), its
 * self tests and its storage corner cases (scratch objects in tee-supplicant's files).
 */
static int invoke_tests(void)
{
	static const TEEC_UUID uuid = {
	    0xd96a5b40, 0xc3e5, 0x21e3, {0x87, 0x94, 0x10, 0x02, 0xa5, 0xd5, 0xc6, 0x1b}};
	static const struct {
		const char *name;
		uint32_t cmd;
	} cmds[] = {{"self-tests", PTA_INVOKE_TESTS_CMD_SELF_TESTS},
		    {"fs", PTA_INVOKE_TESTS_CMD_FS_HTREE}};
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	int bad = 0;
	TEEC_Result r = TEEC_InitializeContext(NULL, &ctx);
	if (r == TEEC_SUCCESS) {
		r = TEEC_OpenSession(&ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
		if (r != TEEC_SUCCESS)
			TEEC_FinalizeContext(&ctx);
	}
	if (r != TEEC_SUCCESS) {
		printf("tzv-client: invoke-tests: open 0x%x origin %u\n", r, origin);
		return 1;
	}
	for (unsigned i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		memset(&op, 0, sizeof(op));
		r = TEEC_InvokeCommand(&s, cmds[i].cmd, &op, &origin);
		printf("tzv-client: invoke-tests %s: 0x%x origin %u\n", cmds[i].name, r, origin);
		bad |= r != TEEC_SUCCESS;
	}
	TEEC_CloseSession(&s);
	TEEC_FinalizeContext(&ctx);
	return bad;
}

/* `tzv-client global` and `tzv-client null N`: one command, no checks. */
static int command(int argc, char **argv)
{
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	int null = !strcmp(argv[1], "null");
	int n = null && argc > 2 ? atoi(argv[2]) : 1;
	if ((!null && strcmp(argv[1], "global")) || n < 1) {
		fprintf(stderr, "usage: tzv-client [global | null N | hooks | open UUID | install "
				"FILE [OFFSET] | invoke-tests]\n");
		return 2;
	}
	TEEC_UUID hello = PTA_HELLO_UUID, echo = PTA_ECHO_UUID;
	TEEC_Result r = TEEC_InitializeContext(NULL, &ctx);
	if (r == TEEC_SUCCESS) {
		r = TEEC_OpenSession(&ctx, &s, null ? &echo : &hello, TEEC_LOGIN_PUBLIC, NULL, NULL,
				     &origin);
		if (r != TEEC_SUCCESS)
			TEEC_FinalizeContext(&ctx);
	}
	if (r != TEEC_SUCCESS) {
		printf("tzv-client: %s: FAIL (0x%x origin %u)\n", argv[1], r, origin);
		return 1;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < n && r == TEEC_SUCCESS; i++) {
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(null ? TEEC_NONE : TEEC_VALUE_OUTPUT, TEEC_NONE,
						 TEEC_NONE, TEEC_NONE);
		r = TEEC_InvokeCommand(&s, null ? PTA_ECHO_CMD_NULL : PTA_HELLO_CMD_INC_GLOBAL, &op,
				       &origin);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r != TEEC_SUCCESS)
		printf("tzv-client: %s: FAIL (0x%x origin %u)\n", argv[1], r, origin);
	else if (null)
		printf("tzv-client: null: %d invokes, %.1f us each (wall clock, CLOCK_MONOTONIC)\n", n,
		       ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / n);
	else
		printf("tzv-client: global %u\n", op.params[0].value.a);
	TEEC_CloseSession(&s);
	TEEC_FinalizeContext(&ctx);
	return r == TEEC_SUCCESS ? 0 : 1;
}

int main(int argc, char **argv)
{
	TEEC_Context ctx;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "hooks"))
		return hooks();
	if (argc > 2 && !strcmp(argv[1], "open"))
		return open_uuid(argv[2]);
	if (argc > 2 && !strcmp(argv[1], "install"))
		return install(argv[2], argc > 3 ? argv[3] : NULL);
	if (argc > 1 && !strcmp(argv[1], "invoke-tests"))
		return invoke_tests();
	if (argc > 1)
		return command(argc, argv);
	printf("tzv-client: libteec client of tzvisor's TEE, pid %d, started at %.3f s (CNTVCT/CNTFRQ)\n",
	       (int)getpid(), counter_seconds());
	TEEC_Result r = TEEC_InitializeContext(NULL, &ctx);
	result("initialize_context", r == TEEC_SUCCESS, r ? "0x%x" : NULL, r);
	if (r == TEEC_SUCCESS) {
		test_hello(&ctx);
		test_echo(&ctx);
		test_unknown_uuid(&ctx);
		test_device_pta(&ctx);
		test_rng_pta(&ctx);
		TEEC_FinalizeContext(&ctx);
	}
	printf("tzv-client: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
