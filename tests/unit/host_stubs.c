/* Host stand-ins for the firmware-only parts of the TEE kernel (tee/platform.c). */
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
