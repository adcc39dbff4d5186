/* Host stand-ins for the TEE kernel's firmware-only parts (tee/platform.c, secure_calls.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "tee.h"

uint32_t tee_vm_id = 1;
int tee_log_quiet = 1;

void tee_log(const char *fmt, ...)
{
	va_list ap;
	if (tee_log_quiet)
		return;
	va_start(ap, fmt);
	printf("tee%u: ", tee_vm_id);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

void tee_panic(uint64_t reason)
{
	fprintf(stderr, "tee_panic(%llu)\n", (unsigned long long)reason);
	abort();
}

/* PSTATE.F in the firmware; nothing to mask on the host. */
void tee_foreign_intr_unmask(void)
{
}

void tee_foreign_intr_mask(void)
{
}

/* User TAs run only in the firmware (tee/uta.c): here every UUID that is not built in is missing. */
uint32_t uta_open(const uint8_t uuid[16], struct ta_session *s, struct ta_param p[TEE_TA_PARAMS],
		  uint32_t *origin)
{
	(void)uuid;
	(void)s;
	(void)p;
	*origin = 3; /* TEEC_ORIGIN_TEE */
	return 0xffff0008u; /* TEEC_ERROR_ITEM_NOT_FOUND */
}

uint32_t uta_invoke(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS],
		    uint32_t *origin)
{
	(void)s;
	(void)cmd;
	(void)p;
	*origin = 3;
	return 0xffff3024u; /* TEEC_ERROR_TARGET_DEAD */
}

void uta_close(struct ta_session *s)
{
	(void)s;
}

void uta_reset(void)
{
}

uint64_t uta_test_data_pa(uint32_t time_low)
{
	(void)time_low;
	return 0;
}

/* The attest PTA asks the TEE-visor with an SMC: only in the firmware. Here it is absent. */
static uint32_t attest_absent(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS])
{
	(void)s;
	(void)cmd;
	(void)p;
	return 0xffff000au; /* TEEC_ERROR_NOT_SUPPORTED */
}

const struct ta_ops pta_attest = {
	.name = "attest (absent on the host)",
	.uuid = { 0 },
	.invoke = attest_absent,
};

const struct ta_ops pta_system = {
	.name = "system (absent on the host)",
	.uuid = { 1 },
	.invoke = attest_absent,
};

const struct ta_ops pta_optee_attest = {
    .name = "OP-TEE attestation (absent on the host)",
    .uuid = {2},
    .invoke = attest_absent,
};

const struct ta_ops pta_secstor_ta_mgmt = {
    .name = "secure-storage TA management (absent on the host)",
    .uuid = {3},
    .invoke = attest_absent,
};

const struct ta_ops pta_invoke_tests = {
    .name = "invoke tests (absent on the host)",
    .uuid = {4},
    .invoke = attest_absent,
};

const struct ta_ops pta_device = {
    .name = "device enumeration (absent on the host)",
    .uuid = {5},
    .invoke = attest_absent,
};

const struct ta_ops pta_rng = {
    .name = "RNG (absent on the host)",
    .uuid = {6},
    .invoke = attest_absent,
};
