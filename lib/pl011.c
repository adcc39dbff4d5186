#include <lib/pl011.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_TXFF (1u << 5)
#define FR_RXFE (1u << 4)

static inline volatile uint32_t *reg(uintptr_t base, uintptr_t off)
{
	return (volatile uint32_t *)(base + off);
}

void pl011_putc(uintptr_t base, char c)
{
	while (*reg(base, UARTFR) & FR_TXFF)
		;
	*reg(base, UARTDR) = (uint32_t)(unsigned char)c;
}

int pl011_getc(uintptr_t base)
{
	if (*reg(base, UARTFR) & FR_RXFE)
		return -1;
	return (int)(*reg(base, UARTDR) & 0xff);
}
