/*
 * Firmware side of the TEE kernel: boot, and the entries from tee/entry.S (the
 * call loop, the thread's body, foreign interrupts, RPC switching, exceptions).
 * The calls to the TEE-visor are in tee/secure_calls.c, the MMU in tee/mmu.c.
 * Not built for the host tests.
 */
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/platform.h>
#include <tzvisor/secure_abi.h>
#include "mmu.h"
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
		uta_pauth_keys_reload();
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
