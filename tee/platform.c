/*
 * Firmware side of the TEE kernel: boot, stage-1 MMU, the call loop, the
 * console and panics, all through `smc #0` to the S-EL2 TEE-visor
 * (include/tzvisor/secure_abi.h). Not built for the host tests.
 */
#include <stdarg.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/platform.h>
#include <tzvisor/secure_abi.h>
#include "tee.h"

extern char __priv_start[], __priv_end[], __data_start[], __data_end[], __data_lma[];
extern char __bss_start[], __bss_end[], __code_start[], __code_end[];
extern char tee_vectors[], tee_call_entry[];
extern char __thread_stack_bottom[], __thread_stack_top[];
void thread_start(void) __attribute__((noreturn));
void thread_resume(uint64_t *frame) __attribute__((noreturn));
void thread_rpc_switch(const uint64_t out[8]);
void tee_fp_save(void *area);
void tee_fp_restore(void *area);

uint32_t tee_vm_id;

/* ---- calls to the TEE-visor ---- */

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

/* ---- stage-1 translation (4 KiB granule, 39-bit VA, identity map) ---- */

#define PTE_VALID     (1ull << 0)
#define PTE_TABLE     (3ull << 0) /* table (L1/L2) or page (L3) */
#define PTE_BLOCK     (1ull << 0)
#define PTE_ATTR(i)   ((uint64_t)(i) << 2)
#define PTE_NS        (1ull << 5)
#define PTE_AP_RO     (2ull << 6) /* EL1 read-only, no EL0 access */
#define PTE_SH_INNER  (3ull << 8)
#define PTE_AF        (1ull << 10)
#define PTE_PXN       (1ull << 53)
#define PTE_UXN       (1ull << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000ull

#define MAIR_NORMAL_WB 0xffull /* attr index 0: Normal, inner/outer WB RA WA */
#define MAIR_DEVICE    0x00ull /* attr index 1: Device-nGnRnE (unused) */

#define ATTR_CODE (PTE_ATTR(0) | PTE_SH_INNER | PTE_AF | PTE_AP_RO | PTE_UXN)
#define ATTR_DATA (PTE_ATTR(0) | PTE_SH_INNER | PTE_AF | PTE_PXN | PTE_UXN)
#define ATTR_NS   (ATTR_DATA | PTE_NS)

#define VA_BITS   39
#define N_TABLES  6 /* root, L2 0-1 GiB, L3 code, L3 data, spare */

static uint64_t tables[N_TABLES][512] __attribute__((aligned(4096)));
static unsigned tables_used = 1; /* tables[0] is the level-1 root */

static uint64_t *next_table(uint64_t *entry)
{
	if ((*entry & 3) == PTE_TABLE)
		return (uint64_t *)(uintptr_t)(*entry & PTE_ADDR_MASK);
	if (*entry & PTE_VALID || tables_used == N_TABLES) {
		tee_log("mmu: table pool exhausted or overlapping map");
		tee_panic(TZV_PANIC_ASSERT);
	}
	uint64_t *t = tables[tables_used++];
	*entry = (uint64_t)(uintptr_t)t | PTE_TABLE;
	return t;
}

/* Identity-maps [va, va+size), page-aligned, with blocks where they fit. */
static void map_range(uint64_t va, uint64_t size, uint64_t attr)
{
	while (size) {
		uint64_t *l1e = &tables[0][(va >> 30) & 511];
		if ((va & ((1ull << 30) - 1)) == 0 && size >= (1ull << 30)) {
			*l1e = va | attr | PTE_BLOCK;
			va += 1ull << 30;
			size -= 1ull << 30;
			continue;
		}
		uint64_t *l2e = &next_table(l1e)[(va >> 21) & 511];
		if ((va & ((1ull << 21) - 1)) == 0 && size >= (1ull << 21)) {
			*l2e = va | attr | PTE_BLOCK;
			va += 1ull << 21;
			size -= 1ull << 21;
			continue;
		}
		uint64_t *l3e = &next_table(l2e)[(va >> 12) & 511];
		*l3e = va | attr | PTE_TABLE;
		va += PAGE_SIZE;
		size -= PAGE_SIZE;
	}
}

uint64_t *tee_kernel_root(void);
uint64_t *tee_kernel_root(void)
{
	return tables[0];
}

uint64_t tee_kernel_ttbr0(void);
uint64_t tee_kernel_ttbr0(void)
{
	return (uint64_t)(uintptr_t)tables[0]; /* ASID 0: the kernel's own, all global */
}

static void mmu_enable(uint64_t data_size)
{
	map_range(TEE_CODE_IPA, TEE_CODE_SIZE, ATTR_CODE);
	map_range(TEE_DATA_IPA, data_size, ATTR_DATA);
	map_range(PLAT_DRAM_BASE, PLAT_DRAM_SIZE_MAX, ATTR_NS);
	dsb(ish);

	write_sysreg(mair_el1, MAIR_NORMAL_WB | (MAIR_DEVICE << 8));
	uint64_t tcr = (64 - VA_BITS)  /* T0SZ */
		       | (1ull << 8)   /* IRGN0 WB WA */
		       | (1ull << 10)  /* ORGN0 WB WA */
		       | (3ull << 12)  /* SH0 inner shareable */
		       | (0ull << 14)  /* TG0 4 KiB */
		       | (1ull << 23)  /* EPD1: no TTBR1 walks */
		       | (2ull << 32); /* IPS 40 bits */
	write_sysreg(tcr_el1, tcr);
	write_sysreg(ttbr0_el1, (uint64_t)(uintptr_t)tables[0]);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tic iallu\n\tdsb nsh\n\tisb" ::: "memory");

	uint64_t sctlr = 0x30d00800ull  /* RES1 bits of ARMv8.0 (EOS, TSCXT, EIS, SPAN, nTLSMD, LSMAOE) */
			 | (1ull << 0)  /* M */
			 | (1ull << 2)  /* C */
			 | (1ull << 3)  /* SA */
			 | (1ull << 4)  /* SA0: TAs' stack alignment checked */
			 | (1ull << 12) /* I */
			 | (1ull << 14) /* DZE: DC ZVA at EL0 */
			 | (1ull << 15) /* UCT: CTR_EL0 readable at EL0 */
			 | (1ull << 19); /* WXN */
	/* EnIA, EnIB, EnDA, EnDB: pointer authentication for TAs (tee/pauth.c) */
	sctlr |= (1ull << 31) | (1ull << 30) | (1ull << 27) | (1ull << 13);
	/* PAN (ARMv8.1): set at every exception entry (SPAN = 0), and now */
	bool pan = (read_sysreg(id_aa64mmfr1_el1) >> 20) & 0xf;
	if (pan)
		sctlr &= ~(1ull << 23);
	/* FP/SIMD for TAs (Debian's mbedTLS in them uses it) and the kernel's own mbedTLS */
	write_sysreg(cpacr_el1, 3ull << 20);
	write_sysreg(sctlr_el1, sctlr);
	isb();
	if (pan)
		__asm__ volatile(".inst 0xd500419f" ::: "memory"); /* msr pan, #1 */
}

/* Clean+invalidate [start, end) by VA to the point of coherency. */
static void dcache_clean_inval(uintptr_t start, uintptr_t end)
{
	uint64_t ctr = read_sysreg(ctr_el0);
	uintptr_t line = 4ul << ((ctr >> 16) & 0xf);
	for (uintptr_t a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(sy);
}

/* ---- entries (from tee/entry.S) ---- */

void tee_boot(uint64_t vm_id, uint64_t ram_base, uint64_t ram_size, uint64_t data_size)
	__attribute__((noreturn));
void tee_boot(uint64_t vm_id, uint64_t ram_base, uint64_t ram_size, uint64_t data_size)
{
	write_sysreg(vbar_el1, (uint64_t)(uintptr_t)tee_vectors);
	isb();

	/* only the stack is usable yet: check the private region holds us */
	uint64_t need = (uint64_t)(__priv_end - __priv_start);
	if (data_size < need || data_size > TEE_DATA_SIZE_MAX || data_size % PAGE_SIZE) {
		puts_raw("tee: private data region too small or misaligned\n");
		tee_panic(TZV_PANIC_ASSERT);
	}
	/* no stale lines may later overwrite what we write with the MMU off */
	dcache_clean_inval((uintptr_t)__priv_start, (uintptr_t)__priv_end);
	memcpy(__data_start, __data_lma, (size_t)(__data_end - __data_start));
	memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));

	tee_vm_id = (uint32_t)vm_id;
	if (!nw_set_range(ram_base, ram_size) || ram_base < PLAT_DRAM_BASE ||
	    ram_base - PLAT_DRAM_BASE > PLAT_DRAM_SIZE_MAX ||
	    ram_size > PLAT_DRAM_SIZE_MAX - (ram_base - PLAT_DRAM_BASE)) {
		tee_log("VM RAM 0x%llx+0x%llx outside normal DRAM", (unsigned long long)ram_base,
			(unsigned long long)ram_size);
		tee_panic(TZV_PANIC_ASSERT);
	}
	mmu_enable(data_size);
	/* what the image leaves of the private region: TA pages and tables */
	pages_init((uintptr_t)__priv_end, data_size - need);
	tee_state_reset();

	tee_log("up: VM RAM 0x%llx+0x%llx, private %llu KiB (%llu used), code %llu KiB, %u pages for TAs",
		(unsigned long long)ram_base, (unsigned long long)ram_size,
		(unsigned long long)data_size / 1024, (unsigned long long)need / 1024,
		(unsigned long long)(__code_end - __code_start) / 1024, pages_total());

	register uint64_t x0 __asm__("x0") = TZV_TEE_ENTRY_DONE;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)tee_call_entry;
	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1) : : "x2", "x3", "memory");
	tee_log("ENTRY_DONE returned");
	tee_panic(TZV_PANIC_ASSERT);
}

/* Ends the current entry: results a0..a6 from regs[0..6]. */
static void call_done(const uint64_t regs[8]) __attribute__((noreturn));
static void call_done(const uint64_t regs[8])
{
	register uint64_t x0 __asm__("x0") = TZV_TEE_CALL_DONE;
	register uint64_t x1 __asm__("x1") = regs[0];
	register uint64_t x2 __asm__("x2") = regs[1];
	register uint64_t x3 __asm__("x3") = regs[2];
	register uint64_t x4 __asm__("x4") = regs[3];
	register uint64_t x5 __asm__("x5") = regs[4];
	register uint64_t x6 __asm__("x6") = regs[5];
	register uint64_t x7 __asm__("x7") = regs[6];
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : "r"(x4), "r"(x5), "r"(x6), "r"(x7)
			 : "memory");
	tee_log("CALL_DONE returned");
	tee_panic(TZV_PANIC_ASSERT);
}

/* Every entry, on the entry stack: fast calls here, yielding calls on the thread. */
void tee_call(uint64_t regs[8]) __attribute__((noreturn));
void tee_call(uint64_t regs[8])
{
	switch (thread_route(regs)) {
	case THREAD_ROUTE_HANDLE:
		tee_handle_smc(regs);
		break;
	case THREAD_ROUTE_DONE:
		break;
	case THREAD_ROUTE_START:
		thread_start();
	case THREAD_ROUTE_RESUME:
		thread_resume(tee_thread.frame);
	}
	call_done(regs);
}

/* The thread's body (tee/entry.S thread_start): one yielding call to its end. */
void tee_thread_main(void) __attribute__((noreturn));
void tee_thread_main(void)
{
	tee_handle_smc(tee_thread.regs);
	thread_finish();
	call_done(tee_thread.regs);
}

/*
 * A foreign interrupt stopped the thread's TA code; its context is at frame
 * (tee/entry.S). The call returns RPC_FOREIGN_INTR; this entry's stack use
 * below the frame is dead once it has.
 */
void tee_foreign_intr(uint64_t *frame) __attribute__((noreturn));
void tee_foreign_intr(uint64_t *frame)
{
	uint64_t out[8];
	if ((char *)frame < __thread_stack_bottom || (char *)frame >= __thread_stack_top) {
		tee_log("foreign interrupt off the thread stack (sp 0x%llx)",
			(unsigned long long)(uintptr_t)frame);
		tee_panic(TZV_PANIC_ASSERT);
	}
	thread_suspend(frame, out);
	call_done(out);
}

/*
 * The thread asks the normal world for something (tee/rpc.c). Its kernel
 * context waits on the thread stack (tee/entry.S thread_rpc_switch); a TA's
 * FP/SIMD registers, live if the RPC serves one of its syscalls, are kept
 * here because the monitor gives the normal world its own back meanwhile.
 */
static uint8_t rpc_fp_area[528] __attribute__((aligned(16)));

void tee_rpc_suspend(uint64_t *frame, const uint64_t rpc[8]) __attribute__((noreturn));
void tee_rpc_suspend(uint64_t *frame, const uint64_t rpc[8])
{
	uint64_t out[8];
	if ((char *)frame < __thread_stack_bottom || (char *)frame >= __thread_stack_top) {
		tee_log("RPC off the thread stack (sp 0x%llx)", (unsigned long long)(uintptr_t)frame);
		tee_panic(TZV_PANIC_ASSERT);
	}
	thread_suspend_rpc(frame, rpc, out);
	call_done(out);
}

void thread_rpc(const uint64_t rpc[8], uint64_t answer[8])
{
	tee_fp_save(rpc_fp_area);
	thread_rpc_switch(rpc);
	tee_fp_restore(rpc_fp_area);
	memcpy(answer, tee_thread.rpc_in, sizeof(tee_thread.rpc_in));
}

void tee_foreign_intr_unmask(void)
{
	__asm__ volatile("msr daifclr, #1" ::: "memory"); /* PSTATE.F */
}

void tee_foreign_intr_mask(void)
{
	__asm__ volatile("msr daifset, #1" ::: "memory");
}

void tee_exception(uint64_t idx) __attribute__((noreturn));
void tee_exception(uint64_t idx)
{
	static const char *const kind[4] = { "sync", "irq", "fiq", "serror" };
	static const char *const from[4] = { "EL1t", "EL1h", "EL0-64", "EL0-32" };
	static bool in_exception;

	if (!in_exception) {
		in_exception = true;
		tee_log("PANIC: %s exception from %s: ESR 0x%llx FAR 0x%llx ELR 0x%llx",
			kind[idx & 3], from[(idx >> 2) & 3],
			(unsigned long long)read_sysreg(esr_el1),
			(unsigned long long)read_sysreg(far_el1),
			(unsigned long long)read_sysreg(elr_el1));
	}
	tee_panic(TZV_PANIC_EXCEPTION);
}
