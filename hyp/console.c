/*
 * One console for all: the hypervisor's messages and each VM's emulated PL011
 * go to the real UART a whole line at a time, VM lines behind the VM's prefix.
 */
#include "hyp.h"
#include <lib/pl011.h>
#include <lib/print.h>
#include <stdarg.h>

static uint32_t console_busy;

void console_lock(void)
{
	while (__atomic_exchange_n(&console_busy, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&console_busy, __ATOMIC_RELAXED))
			;
}

void console_unlock(void)
{
	__atomic_store_n(&console_busy, 0, __ATOMIC_RELEASE);
}

static void uart_put(char c)
{
	if (c == '\n')
		pl011_putc(PLAT_UART0_BASE, '\r');
	pl011_putc(PLAT_UART0_BASE, c);
}

/* For lib/print.c's printf: unlocked, used before the other cores run and in a panic. */
void console_putc(char c)
{
	uart_put(c);
}

void hyp_log(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_lock();
	for (const char *p = buf; *p; p++)
		uart_put(*p);
	console_unlock();
}

static void flush_line(struct vm *vm)
{
	if (!vm->mid_line)
		for (const char *p = vm->cfg->console_prefix; p && *p; p++)
			uart_put(*p);
	for (uint32_t i = 0; i < vm->line_len; i++)
		uart_put(vm->line[i]);
	vm->mid_line = vm->line_len && vm->line[vm->line_len - 1] != '\n';
	vm->line_len = 0;
}

void vm_console_putc(struct vm *vm, char c)
{
	if (c == '\r')
		return; /* uart_put adds it before each newline */
	console_lock();
	vm->line[vm->line_len++] = c;
	if (c == '\n' || vm->line_len == VM_LINE_MAX)
		flush_line(vm);
	console_unlock();
}

/* PL011 registers a guest driver reads. */
#define UARTDR 0x000
#define UARTFR 0x018
#define UARTCR 0x030
#define UARTFR_TXFE (1u << 7)
#define UARTFR_RXFE (1u << 4)
#define UARTCR_ENABLED 0x301u /* UARTEN | TXE | RXE */
#define UART_ID_BASE 0xfe0

/* PeriphID0-3 and PCellID0-3 of an Arm PL011 r1p5, so probing drivers find one. */
static const uint8_t pl011_ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static uint64_t uart_read(uint64_t offset)
{
	if (offset == UARTFR)
		return UARTFR_TXFE | UARTFR_RXFE; /* never busy, nothing to read (no input yet) */
	if (offset == UARTCR)
		return UARTCR_ENABLED;
	if (offset >= UART_ID_BASE && offset < UART_ID_BASE + 32 && !(offset & 3))
		return pl011_ids[(offset - UART_ID_BASE) / 4];
	return 0;
}

#define ESR_ISV (1ul << 24)
#define ESR_SAS(esr) (((esr) >> 22) & 3)
#define ESR_SRT(esr) (((esr) >> 16) & 31)
#define ESR_WNR (1ul << 6)

/*
 * A load or store the guest made to its UART page, decoded from the syndrome.
 * Returns -1 when the access cannot be emulated (no valid syndrome).
 */
int uart_emulate(struct vcpu *v, uint64_t esr, uint64_t offset)
{
	if (!(esr & ESR_ISV))
		return -1;
	uint32_t reg = ESR_SRT(esr);
	if (esr & ESR_WNR) {
		uint64_t value = reg == 31 ? 0 : v->regs.x[reg];
		if (offset == UARTDR)
			vm_console_putc(v->vm, (char)(value & 0xff));
		return 0; /* control and baud registers: accepted, nothing to do */
	}
	uint64_t bits = 8ul << ESR_SAS(esr);
	uint64_t value = uart_read(offset);
	if (bits < 64)
		value &= (1ul << bits) - 1;
	if (reg != 31)
		v->regs.x[reg] = value;
	return 0;
}
