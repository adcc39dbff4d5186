/*
 * One console for all: the hypervisor's messages and each VM's emulated PL011
 * go to the real UART a whole line at a time, VM lines behind the VM's prefix.
 * Input from the real UART goes to one VM at a time (the focus), into that
 * VM's receive buffer; Ctrl-] then a digit (or n) moves the focus.
 */
#include "hyp.h"
#include <lib/pl011.h>
#include <lib/print.h>
#include <stdarg.h>

/*
 * Also held across every secure call (calls.c). A plain test-and-set lock: a
 * ticket lock would be fair, but with more vCPUs than host threads under
 * QEMU it convoys (a flood test took 5x longer); tests/system/hyp_attack.sh
 * checks that other VMs' calls complete while one VM floods the TEE.
 */
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
#define UARTFR_RXFF (1u << 6)
#define UARTFR_RXFE (1u << 4)
#define UARTCR_ENABLED 0x301u /* UARTEN | TXE | RXE */
#define UART_ID_BASE 0xfe0

/* PeriphID0-3 and PCellID0-3 of an Arm PL011 r1p5, so probing drivers find one. */
static const uint8_t pl011_ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* ---- input ---------------------------------------------------------------- */

#define CONSOLE_SWITCH_KEY 0x1d /* Ctrl-] (QEMU -nographic keeps Ctrl-A for itself) */

/* Input has its own lock, so polling guests do not queue behind secure calls; never
 * taken with the console lock held. */
static uint32_t input_busy;
static uint32_t input_focus; /* index into vms[] of the VM that gets the input */
static int input_escape;     /* the last byte was CONSOLE_SWITCH_KEY */

static uint32_t rx_count(const struct vm *vm)
{
	return vm->rx_tail - vm->rx_head;
}

static void rx_push(struct vm *vm, char c)
{
	vm->rx[vm->rx_tail++ % VM_RX_MAX] = c;
}

static void focus_to(uint32_t index)
{
	input_focus = index;
	char msg[48];
	snprintf(msg, sizeof(msg), "hyp: console input -> VM %u\n", vms[index].cfg->vm_id);
	console_lock();
	for (const char *p = msg; *p; p++)
		uart_put(*p);
	console_unlock();
}

/* Ctrl-] 1..9: that VM (by position in the configuration); n: the next one; Ctrl-] again: itself. */
static void input_byte(char c)
{
	if (!input_escape) {
		if (c == CONSOLE_SWITCH_KEY)
			input_escape = 1;
		else
			rx_push(&vms[input_focus], c);
		return;
	}
	input_escape = 0;
	if (c == CONSOLE_SWITCH_KEY)
		rx_push(&vms[input_focus], c);
	else if (c >= '1' && c <= '9' && (uint32_t)(c - '1') < vm_count)
		focus_to((uint32_t)(c - '1'));
	else if (c == 'n' || c == 'N')
		focus_to((input_focus + 1) % vm_count);
}

/*
 * Moves what waits in the real UART into the focused VM's buffer, as long as
 * that has room (the rest stays in the UART and QEMU holds back the host's
 * input). Called with the input lock held, on each UARTFR/UARTDR read of any VM.
 */
static void input_poll(void)
{
	while (vm_count && rx_count(&vms[input_focus]) < VM_RX_MAX) {
		int c = pl011_getc(PLAT_UART0_BASE);
		if (c < 0)
			return;
		input_byte((char)c);
	}
}


static uint64_t uart_read(struct vm *vm, uint64_t offset)
{
	if (offset == UARTFR || offset == UARTDR) {
		while (__atomic_exchange_n(&input_busy, 1, __ATOMIC_ACQUIRE))
			while (__atomic_load_n(&input_busy, __ATOMIC_RELAXED))
				;
		input_poll();
		uint64_t value;
		uint32_t n = rx_count(vm);
		if (offset == UARTFR)
			value = UARTFR_TXFE | (n ? 0 : UARTFR_RXFE) | (n == VM_RX_MAX ? UARTFR_RXFF : 0);
		else
			value = n ? (uint8_t)vm->rx[vm->rx_head++ % VM_RX_MAX] : 0;
		__atomic_store_n(&input_busy, 0, __ATOMIC_RELEASE);
		return value; /* transmit: never busy */
	}
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
	uint64_t value = uart_read(v->vm, offset);
	if (bits < 64)
		value &= (1ul << bits) - 1;
	if (reg != 31)
		v->regs.x[reg] = value;
	return 0;
}
