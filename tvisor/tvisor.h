#ifndef TVISOR_TVISOR_H
#define TVISOR_TVISOR_H

#include <lib/el1_sysregs.h>
#include <stdint.h>
#include <tzvisor/config.h>
#include <tzvisor/platform.h>
#include <tzvisor/secure_abi.h>

/* General registers of an instance; entry.S knows this layout. */
struct instance_regs {
	uint64_t x[31];
	uint64_t elr_el2;
	uint64_t spsr_el2;
};

struct instance_sysregs {
	EL1_INSTANCE_SYSREGS(SYSREG_FIELD)
};

enum instance_state { INSTANCE_EMPTY = 0, INSTANCE_READY, INSTANCE_DEAD };

struct tee_instance {
	const struct vm_config *vm;
	uint32_t index;
	enum instance_state state;
	/*
	 * Held for one entry into the instance (one SMC), never across calls: a
	 * yielding call the TEE kernel suspended in an RPC (foreign interrupt)
	 * lives in the instance's private memory, and its RETURN_FROM_RPC, from
	 * any core of the VM, is just the next entry.
	 */
	uint32_t busy;
	uint64_t call_entry;
	uint64_t data_pa;
	uint64_t data_size;
	uint64_t table_bytes;
	uint64_t vttbr;  /* normal-world IPA space: the VM's RAM only */
	uint64_t vsttbr; /* secure IPA space: shared code (RO) + private data */
	struct instance_regs regs;
	struct instance_sysregs sys;
	char out[TZV_CONSOLE_LINE_MAX]; /* its console line so far (TZV_TEE_CONSOLE_PUTC) */
	uint32_t out_len;
	uint32_t last_core; /* where sys was last saved (INSTANCE_NO_CORE: never since boot) */
};
#define INSTANCE_NO_CORE 0xffffffffu

/* entry.S */
uint64_t instance_enter(struct instance_regs *regs);
void tvisor_smc_exit(const uint64_t regs[8]) __attribute__((noreturn));
extern char tvisor_call_entry[], tvisor_cpu_init_entry[];

/* main.c: console lines through the monitor */
void tvisor_console_add(char *line, uint32_t *len, char c);
void tvisor_console_flush(char *line, uint32_t *len);

/* instance.c */
int instance_create(struct tee_instance *t, uint32_t index, const struct vm_config *vm);
int instance_boot(struct tee_instance *t);
int instance_call(struct tee_instance *t, uint64_t regs[8]);
void instance_reset(struct tee_instance *t);

/* mmu.c */
void tvisor_mmu_build(void);
void tvisor_cpu_setup(void);
uint64_t *page_pool_alloc(void);
uint32_t page_pool_used(void);

#endif
