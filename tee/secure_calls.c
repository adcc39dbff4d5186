/*
 * The TEE kernel's calls to the S-EL2 TEE-visor, all `smc #0`
 * (include/tzvisor/secure_abi.h): console and log, panic, the instance key, the
 * rollback counters. Not built for the host tests.
 */
#include <stdarg.h>
#include <lib/print.h>
#include <lib/string.h>
#include <tzvisor/secure_abi.h>
#include "tee.h"


void console_putc(char c)
{
	register uint64_t x0 __asm__("x0") = TZV_TEE_CONSOLE_PUTC;
	register uint64_t x1 __asm__("x1") = (uint8_t)c;
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1)
			 :
			 : "x2", "x3", "memory");
}

void tee_panic(uint64_t reason)
{
	register uint64_t x0 __asm__("x0") = TZV_TEE_PANIC;
	register uint64_t x1 __asm__("x1") = reason;
	for (;;)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1) : : "x2", "x3", "memory");
}

int tee_instance_key(uint32_t purpose, uint8_t key[32])
{
	register uint64_t x0 __asm__("x0") = TZV_TEE_INSTANCE_KEY;
	register uint64_t x1 __asm__("x1") = purpose;
	register uint64_t x2 __asm__("x2") = 0;
	register uint64_t x3 __asm__("x3") = 0;
	register uint64_t x4 __asm__("x4") = 0;
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
			 :
			 : "memory");
	const uint64_t words[4] = {x1, x2, x3, x4};
	if (x0 != 0) {
		memset(key, 0, 32);
		return -1;
	}
	memcpy(key, words, sizeof(words));
	return 0;
}

static uint64_t counter_call(uint64_t counter, uint64_t uuid_lo, uint64_t uuid_hi, uint64_t op,
			     uint64_t value, uint64_t *stored)
{
	register uint64_t x0 __asm__("x0") = TZV_TEE_ROLLBACK_COUNTER;
	register uint64_t x1 __asm__("x1") = op;
	register uint64_t x2 __asm__("x2") = value;
	register uint64_t x3 __asm__("x3") = counter;
	register uint64_t x4 __asm__("x4") = uuid_lo;
	register uint64_t x5 __asm__("x5") = uuid_hi;
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
			 :
			 : "memory");
	*stored = x1;
	return x0;
}

uint64_t tee_rollback_counter(uint64_t op, uint64_t value, uint64_t *stored)
{
	return counter_call(TZV_COUNTER_STORAGE, 0, 0, op, value, stored);
}

uint64_t tee_ta_version_counter(const uint8_t uuid[16], uint64_t op, uint64_t value,
				uint64_t *stored)
{
	uint64_t half[2];
	memcpy(half, uuid, 16);
	return counter_call(TZV_COUNTER_TA_VERSION, half[0], half[1], op, value, stored);
}

void tee_log(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n = snprintf(line, sizeof(line), "tee%u: ", tee_vm_id);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	line[n] = '\n';
	line[n + 1] = '\0';
	puts_raw(line);
}
