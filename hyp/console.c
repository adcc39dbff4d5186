/*
 * One console for all: the hypervisor's messages and each VM's emulated PL011
 * go to the real UART a whole line at a time, VM lines behind the VM's prefix.
 * Input from the real UART goes to one VM at a time (the focus), into that
 * VM's receive buffer; Ctrl-] then a digit (or n) moves the focus.
 */
#include "hyp.h"
#include <lib/pl011.h>
#include <lib/print.h>
#include <lib/string.h>
#include <stdarg.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/sip.h>

/*
 * Lines go to the monitor, which prints each whole under its own lock, held for
 * that line only (monitor/console.c): the secure side's lines and the VMs'
 * never cut into each other, and no VM's output waits for another VM's
 * secure call. A VM's line buffer has its own lock (struct vm).
 */
static void console_line(const char *s, uint32_t len)
{
	uint64_t r[8] = {TZV_SIP_CONSOLE_LINE, (uint64_t)s, len, 0, 0, 0, 0, 0};
	smc_raw(r);
}

static void vm_console_lock(struct vm *vm)
{
	while (__atomic_exchange_n(&vm->console_busy, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&vm->console_busy, __ATOMIC_RELAXED))
			;
}

static void vm_console_unlock(struct vm *vm)
{
	__atomic_store_n(&vm->console_busy, 0, __ATOMIC_RELEASE);
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
	console_line(buf, (uint32_t)strlen(buf));
}

/* With the VM's console lock held: its line, behind its prefix unless it continues one. */
static void flush_line(struct vm *vm)
{
	uint32_t n = 0;
	if (!vm->mid_line)
		for (const char *p = vm->cfg->console_prefix;
		     p && *p && n < TZV_CONSOLE_LINE_MAX - VM_LINE_MAX; p++)
			vm->out[n++] = *p;
	memcpy(vm->out + n, vm->line, vm->line_len);
	console_line(vm->out, n + vm->line_len);
	vm->mid_line = vm->line_len && vm->line[vm->line_len - 1] != '\n';
	vm->line_len = 0;
}

void vm_console_putc(struct vm *vm, char c)
{
	if (c == '\r')
		return; /* the monitor adds it before each newline */
	vm_console_lock(vm);
	vm->line[vm->line_len++] = c;
	if (c == '\n' || vm->line_len == VM_LINE_MAX)
		flush_line(vm);
	vm_console_unlock(vm);
}

/* PL011 registers (Arm PL011 TRM). */
#define UARTDR 0x000
#define UARTFR 0x018
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTDMACR 0x048
#define UARTFR_TXFE (1u << 7)
#define UARTFR_RXFF (1u << 6)
#define UARTFR_RXFE (1u << 4)
#define UARTCR_ENABLED 0x301u /* UARTEN | TXE | RXE */
#define UART_INT_RX (1u << 4)
#define UART_INT_TX (1u << 5)
#define UART_INT_RT (1u << 6)
#define UART_INT_ALL 0x7ffu
#define UART_ID_BASE 0xfe0

/* PeriphID0-3 and PCellID0-3 of an Arm PL011 r1p5, so probing drivers find one. */
static const uint8_t pl011_ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* ---- input ---------------------------------------------------------------- */

#define CONSOLE_SWITCH_KEY 0x1d /* Ctrl-] (QEMU -nographic keeps Ctrl-A for itself) */

/* Input has its own lock, never taken with a VM's console lock held. */
static uint32_t input_busy;
static uint32_t input_focus; /* index into vms[] of the VM that gets the input */
static int input_escape;     /* the last byte was CONSOLE_SWITCH_KEY */
/* VMs (bit = index) that got input since the last input_take_touched(): the focus may
 * move away and back within one poll, and the VM in between needs its interrupt too. */
static uint32_t input_touched;

static uint32_t rx_count(const struct vm *vm)
{
	return vm->rx_tail - vm->rx_head;
}

static void rx_push(struct vm *vm, char c)
{
	vm->rx[vm->rx_tail++ % VM_RX_MAX] = c;
	input_touched |= 1u << (uint32_t)(vm - vms);
}

/* With the input lock held: which VMs got input, and forget it. */
static uint32_t input_take_touched(void)
{
	uint32_t t = input_touched;
	input_touched = 0;
	return t;
}

static void vuart_line(struct vm *vm);

/* Without the input lock: each VM in mask gets its receive interrupt line updated. */
static void vuart_lines(uint32_t mask)
{
	for (uint32_t i = 0; i < vm_count; i++)
		if ((mask >> i) & 1)
			vuart_line(&vms[i]);
}

static int vm_stopped(const struct vm *vm)
{
	return __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) == VM_STOPPED;
}

/*
 * The real UART's receive interrupt goes to the core of the focused VM's vCPU 0
 * or, while that VM is stopped (its cores are given back to the firmware), to
 * that of the next running VM: Ctrl-] must keep working.
 */
static void route_input_irq(void)
{
	uint32_t index = input_focus;
	for (uint32_t n = 0; n < vm_count; n++) {
		uint32_t i = (input_focus + n) % vm_count;
		if (!vm_stopped(&vms[i])) {
			index = i;
			break;
		}
	}
	gic_route_spi(VGIC_UART_INTID, vms[index].vcpus[0]->core);
}

static void focus_to(uint32_t index)
{
	input_focus = index;
	route_input_irq();
	char msg[48];
	snprintf(msg, sizeof(msg), "hyp: console input -> VM %u\n", vms[index].cfg->vm_id);
	console_line(msg, (uint32_t)strlen(msg));
}

/* Ctrl-] 1..9: that VM (by position in the configuration); n: the next one; Ctrl-] again: itself. */
static void input_byte(char c)
{
	/* Input for a stopped VM is dropped: nobody would ever read it. */
	int focus_stopped = vm_stopped(&vms[input_focus]);
	if (!input_escape) {
		if (c == CONSOLE_SWITCH_KEY)
			input_escape = 1;
		else if (!focus_stopped)
			rx_push(&vms[input_focus], c);
		return;
	}
	input_escape = 0;
	if (c == CONSOLE_SWITCH_KEY && !focus_stopped)
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
static uint32_t real_imsc; /* what the hypervisor last wrote to the real UARTIMSC */

static void input_poll(void)
{
	while (vm_count && rx_count(&vms[input_focus]) < VM_RX_MAX) {
		int c = pl011_getc(PLAT_UART0_BASE);
		if (c < 0)
			break;
		input_byte((char)c);
	}
	/* A full buffer: the real receive interrupt off until the VM reads (it would not stop). */
	uint32_t imsc = vm_count && rx_count(&vms[input_focus]) < VM_RX_MAX ? UART_INT_RX | UART_INT_RT : 0;
	if (imsc != real_imsc) {
		real_imsc = imsc;
		*(volatile uint32_t *)(PLAT_UART0_BASE + UARTIMSC) = imsc;
	}
}

static void input_lock(void)
{
	while (__atomic_exchange_n(&input_busy, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&input_busy, __ATOMIC_RELAXED))
			;
}

static void input_unlock(void)
{
	__atomic_store_n(&input_busy, 0, __ATOMIC_RELEASE);
}

/* The emulated UART's interrupt output: raw status masked by what the guest enabled. */
static uint32_t vuart_ris(const struct vm *vm)
{
	return UART_INT_TX | (rx_count(vm) ? UART_INT_RX : 0); /* transmit: always room */
}

static void vuart_line(struct vm *vm)
{
	vgic_set_line(vm, VGIC_UART_INTID, (vuart_ris(vm) & vm->uart.imsc) != 0);
}

void vuart_reset(struct vm *vm)
{
	vm->uart = (struct vuart){ .cr = UARTCR_ENABLED, .lcr_h = 0x70, .ifls = 0x12 };
	vgic_set_line(vm, VGIC_UART_INTID, 0);
}

/* At boot: the real UART interrupts on input, to the focused VM's core. */
void console_irq_init(void)
{
	if (!vm_count)
		return;
	route_input_irq();
	input_lock();
	input_poll();
	input_unlock();
}

/*
 * A VM stopped (called on its last running core, before that core is parked):
 * what waited in its input buffer is dropped, and the receive interrupt moves
 * to a core that still runs.
 */
void console_vm_stopped(struct vm *vm)
{
	input_lock();
	vm->rx_head = vm->rx_tail;
	route_input_irq();
	input_poll();
	input_unlock();
}

/* The real UART's receive interrupt, taken at EL2 on some core. */
void console_rx_irq(void)
{
	input_lock();
	uint32_t focus = input_focus;
	input_poll();
	uint32_t touched = input_take_touched() | 1u << focus | 1u << input_focus;
	input_unlock();
	vuart_lines(touched);
}


static uint64_t uart_read(struct vm *vm, uint64_t offset)
{
	if (offset == UARTFR || offset == UARTDR) {
		input_lock();
		input_poll();
		uint64_t value;
		uint32_t n = rx_count(vm);
		if (offset == UARTFR)
			value = UARTFR_TXFE | (n ? 0 : UARTFR_RXFE) | (n == VM_RX_MAX ? UARTFR_RXFF : 0);
		else
			value = n ? (uint8_t)vm->rx[vm->rx_head++ % VM_RX_MAX] : 0;
		if (offset == UARTDR && n == VM_RX_MAX)
			input_poll(); /* room again: the real receive interrupt back on */
		uint32_t touched = input_take_touched() & ~(1u << (uint32_t)(vm - vms));
		input_unlock();
		vuart_lines(touched);
		vuart_line(vm);
		return value; /* transmit: never busy */
	}
	switch (offset) {
	case UARTCR:
		return vm->uart.cr;
	case UARTLCR_H:
		return vm->uart.lcr_h;
	case UARTIBRD:
		return vm->uart.ibrd;
	case UARTFBRD:
		return vm->uart.fbrd;
	case UARTIFLS:
		return vm->uart.ifls;
	case UARTIMSC:
		return vm->uart.imsc;
	case UARTRIS:
		return vuart_ris(vm);
	case UARTMIS:
		return vuart_ris(vm) & vm->uart.imsc;
	case UARTDMACR:
		return vm->uart.dmacr;
	default:
		break;
	}
	if (offset >= UART_ID_BASE && offset < UART_ID_BASE + 32 && !(offset & 3))
		return pl011_ids[(offset - UART_ID_BASE) / 4];
	return 0;
}

/* Control registers: kept as written (nothing to program on an emulated line). */
static void uart_write(struct vm *vm, uint64_t offset, uint32_t value)
{
	switch (offset) {
	case UARTDR:
		vm_console_putc(vm, (char)(value & 0xff));
		return;
	case UARTCR:
		vm->uart.cr = value & 0xffff;
		return;
	case UARTLCR_H:
		vm->uart.lcr_h = value & 0xff;
		return;
	case UARTIBRD:
		vm->uart.ibrd = value & 0xffff;
		return;
	case UARTFBRD:
		vm->uart.fbrd = value & 0x3f;
		return;
	case UARTIFLS:
		vm->uart.ifls = value & 0x3f;
		return;
	case UARTIMSC:
		vm->uart.imsc = value & UART_INT_ALL;
		vuart_line(vm);
		return;
	case UARTDMACR:
		vm->uart.dmacr = value & 7;
		return;
	default:
		return; /* UARTICR: the conditions are levels (input waiting, room to send) */
	}
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
		uart_write(v->vm, offset, (uint32_t)value);
		return 0;
	}
	uint64_t bits = 8ul << ESR_SAS(esr);
	uint64_t value = uart_read(v->vm, offset);
	if (bits < 64)
		value &= (1ul << bits) - 1;
	if (reg != 31)
		v->regs.x[reg] = value;
	return 0;
}
