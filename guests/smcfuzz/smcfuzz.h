/* smcfuzz (guests/smcfuzz): what main.c (set-up, functional calls, the victim) and
 * fuzz.c (the attacker) share. */
#ifndef GUESTS_SMCFUZZ_SMCFUZZ_H
#define GUESTS_SMCFUZZ_SMCFUZZ_H
#include <stdint.h>

struct smc_result {
	uint64_t a0, a1, a2, a3;
};
struct smc_result guest_smc(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			    uint64_t a5, uint64_t a6, uint64_t a7);
struct smc_result guest_hvc(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			    uint64_t a5, uint64_t a6, uint64_t a7);

/* The hypervisor's test events (test configurations): VM n stopped. */
#define TZV_HYP_TEST_EVENT 0x860000f1u
#define EV_VM_STOPPED(vm) (32 + (vm))
/* Without events, the victim runs this many rounds. */
#define VICTIM_ROUNDS_NO_EVENTS 200

/* Layout of the VM's RAM (offsets from its base): image and stack below 1 MiB. */
#define SCRATCH_OFF 0x100000ul /* messages, data, page lists: 256 pages */
#define SCRATCH_PAGES 256ul
#define RPC_OFF 0x200000ul /* buffers given to the TEE in RPC_ALLOC answers */
#define RPC_PAGES 64ul
#define VICTIM_OFF 0x300000ul
#define BOOT_MARK_OFF 0x07fff000ul /* outside the image: survives SYSTEM_RESET */
#define BOOT_MARK_MAGIC 0x7a7a66757a7a6564ul

extern uint32_t vm_id;
extern uint64_t ram_base, ram_size;

void check(int ok, const char *name, const char *fmt, uint64_t got);
void finish(void) __attribute__((noreturn));
uint64_t now_us(void);

/* Functional calls (main.c), each message in the page at VICTIM_OFF. */
uint64_t call_with_arg(uint64_t pa); /* waits out ETHREAD_LIMIT, resumes foreign interrupts */
uint32_t open_session(const uint8_t uuid[16], uint32_t *session);
uint32_t close_session(uint32_t session);
uint64_t close_session_now(uint32_t session); /* its a0 */
uint32_t hello_inc_global(uint32_t session, uint64_t *value);
uint32_t echo_copy(uint32_t session, unsigned round);

/* VM 1's part (fuzz.c): never returns. */
void attacker(void) __attribute__((noreturn));
#endif
