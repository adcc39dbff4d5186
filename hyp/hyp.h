/* NS-EL2 static-partitioning hypervisor: shared declarations. */
#ifndef HYP_HYP_H
#define HYP_HYP_H

#include <stdint.h>
#include <tzvisor/config.h>
#include <tzvisor/hyp_abi.h>
#include <tzvisor/platform.h>

/* General registers of a guest vCPU; entry.S knows this layout. */
struct vcpu_regs {
	uint64_t x[31];
	uint64_t elr_el2;
	uint64_t spsr_el2;
};

enum vcpu_power { VCPU_OFF = 0, VCPU_ON_PENDING, VCPU_ON };

struct vm;

/* One per physical core: with static partitioning a core runs one vCPU for ever. */
struct vcpu {
	struct vcpu_regs regs;
	struct vm *vm;  /* NULL: the core belongs to no VM */
	uint32_t index; /* VM-local, what the guest sees in MPIDR_EL1 */
	uint32_t core;  /* physical linear id */
	uint32_t power; /* enum vcpu_power, changed atomically */
	uint64_t on_entry, on_context;
};

enum vm_state { VM_RUNNING = 0, VM_STOPPED, VM_RESETTING };

#define VM_LINE_MAX 160
#define VM_RX_MAX 256 /* console input waiting for the VM (a power of two) */

struct vm {
	const struct vm_config *cfg;
	const struct hyp_guest_image *image; /* pristine copy in the hypervisor's RAM */
	uint64_t vttbr;
	uint64_t *s2_root;          /* level-1 table of its stage 2 */
	uint64_t s2_root_copy[512]; /* what vm_stage2_revoke cleared, for vm_stage2_restore */
	struct vcpu *resetter;      /* the vCPU that runs a SYSTEM_RESET */
	uint32_t vcpu_count;
	struct vcpu *vcpus[PLAT_MAX_CPUS]; /* by VM-local index */
	uint32_t state;                    /* enum vm_state, changed atomically */
	/* Console: a line is collected, then printed whole behind the prefix. */
	char line[VM_LINE_MAX];
	uint32_t line_len;
	int mid_line;
	/* Console input for this VM, read through its UARTDR; under console.c's input lock. */
	char rx[VM_RX_MAX];
	uint32_t rx_head, rx_tail;
};

extern struct vm vms[CONFIG_MAX_VMS];
extern uint32_t vm_count;
extern struct vcpu vcpus[PLAT_MAX_CPUS];

/* entry.S */
uint64_t vcpu_run(struct vcpu_regs *regs);
void smc_raw(uint64_t regs[8]);
extern char hyp_secondary_entry[], _start[];

/* mmu.c */
int hyp_mmu_build(void);
void hyp_cpu_setup(void);
int vm_stage2_build(struct vm *vm, uint32_t vmid);
void vm_stage2_revoke(struct vm *vm);
void vm_stage2_restore(struct vm *vm);

/* console.c */
void console_lock(void);
void console_unlock(void);
void hyp_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vm_console_putc(struct vm *vm, char c);
int uart_emulate(struct vcpu *v, uint64_t esr, uint64_t offset);

/* vcpu.c */
void vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t context);
void vcpu_loop(struct vcpu *v) __attribute__((noreturn));
void vm_stop(struct vcpu *v, uint32_t status, const char *why) __attribute__((noreturn));
void vm_reset(struct vcpu *v);
int vm_load_image(struct vm *vm);
void core_park(void) __attribute__((noreturn));
void vms_running_set(uint32_t n);

/* calls.c */
void smc_to_monitor(uint64_t regs[8]);
void handle_guest_call(struct vcpu *v);
int64_t psci_to_monitor(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

#endif
