/*
 * The one writer of the UART once the normal world runs: the monitor prints
 * whole lines, its own and those the TEE-visor (TEE kernels included) and the
 * hypervisor hand it, each under a lock held for that line only. Nothing
 * waits for a secure call to end before it can print (DESIGN: no VM waits
 * for another), and lines of different layers never cut into each other.
 */
#include "monitor.h"
#include <abi/smccc.h>
#include <lib/pl011.h>
#include <lib/print.h>
#include <lib/sysreg.h>
#include <tzvisor/config.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/sip.h>

static uint32_t console_busy;

/* The monitor's own lines, collected per core. */
static char own_line[PLAT_MAX_CPUS][TZV_CONSOLE_LINE_MAX];
static uint32_t own_len[PLAT_MAX_CPUS];

static void write_line(const volatile char *s, uint64_t len)
{
	while (__atomic_exchange_n(&console_busy, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&console_busy, __ATOMIC_RELAXED))
			;
	for (uint64_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\n')
			pl011_putc(PLAT_UART0_BASE, '\r');
		pl011_putc(PLAT_UART0_BASE, c);
	}
	__atomic_store_n(&console_busy, 0, __ATOMIC_RELEASE);
}

void console_putc(char c)
{
	uint32_t core = cpu_linear_id() % PLAT_MAX_CPUS;
	own_line[core][own_len[core]++] = c;
	if (c == '\n' || own_len[core] == TZV_CONSOLE_LINE_MAX) {
		write_line(own_line[core], own_len[core]);
		own_len[core] = 0;
	}
}

static int within(uint64_t pa, uint64_t len, uint64_t base, uint64_t size)
{
	return pa >= base && pa - base < size && len <= size - (pa - base);
}

/*
 * TZV_TVISOR_CONSOLE_LINE (secure) and TZV_SIP_CONSOLE_LINE (the hypervisor):
 * x1 = physical address, x2 = length (at most TZV_CONSOLE_LINE_MAX), inside
 * the caller's own memory (the TEE-visor's region, the hypervisor's RAM).
 * Answers 0, or SMCCC_INVALID_PARAMETER.
 */
uint64_t console_line_call(int secure, const uint64_t x[])
{
	uint64_t pa = x[1], len = x[2];
	int ok = len <= TZV_CONSOLE_LINE_MAX &&
		 (secure ? within(pa, len, TVISOR_BASE, TVISOR_SIZE)
			 : config_has_hypervisor(&platform_config) &&
			       within(pa, len, platform_config.hyp.ram_base,
				      platform_config.hyp.ram_size));
	if (!ok)
		return (uint64_t)SMCCC_INVALID_PARAMETER;
	write_line((const volatile char *)pa, len);
	return 0;
}
