/*
 * Shared by the example TAs' Linux clients (ta-<name>.c): one line per check,
 * "ta-<name>: <check>: PASS" or "...: FAIL (<why>)", then "ta-<name>: N passed, M failed";
 * exit status 0 when all passed. Built against Debian's libteec (build.sh).
 */
#ifndef TA_CLIENT_H
#define TA_CLIENT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tee_client_api.h>

static const char *client_name;
static unsigned client_passed, client_failed;

static void check(const char *what, int ok, const char *fmt, ...)
{
	char why[200] = "";
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
	if (ok)
		client_passed++;
	else
		client_failed++;
	printf("%s: %s: %s%s%s%s\n", client_name, what, ok ? "PASS" : "FAIL", ok ? "" : " (",
	       ok ? "" : (why[0] ? why : "?"), ok ? "" : ")");
	fflush(stdout);
}

/* Opens a session to uuid; exits when the TEE or the TA cannot be reached. */
static void open_ta(TEEC_Context *ctx, TEEC_Session *s, const TEEC_UUID *uuid)
{
	uint32_t origin = 0;
	TEEC_Result r = TEEC_InitializeContext(NULL, ctx);
	check("initialize_context", r == TEEC_SUCCESS, "0x%x", r);
	if (r != TEEC_SUCCESS)
		exit(1);
	r = TEEC_OpenSession(ctx, s, uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	check("open_session", r == TEEC_SUCCESS, "0x%x origin %u", r, origin);
	if (r != TEEC_SUCCESS) {
		TEEC_FinalizeContext(ctx);
		exit(1);
	}
}

static int finish(TEEC_Context *ctx, TEEC_Session *s)
{
	TEEC_CloseSession(s);
	TEEC_FinalizeContext(ctx);
	printf("%s: %u passed, %u failed\n", client_name, client_passed, client_failed);
	return client_failed ? 1 : 0;
}

#endif
