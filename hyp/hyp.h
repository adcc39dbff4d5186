/* NS-EL2 static-partitioning hypervisor: shared declarations. */
#ifndef HYP_HYP_H
#define HYP_HYP_H

#include <stdint.h>
#include <tzvisor/config.h>
#include <tzvisor/hyp_abi.h>
#include <tzvisor/platform.h>
#include <tzvisor/secure_abi.h>

/* General registers of a guest vCPU; entry.S knows this layout. */
struct vcpu_regs {
	uint64_t x[31];
	uint64_t elr_el2;
	uint64_t spsr_el2;
};

enum vcpu_power { VCPU_OFF = 0, VCPU_ON_PENDING, VCPU_ON };

struct vm;

/* Virtual GIC: INTIDs 0-31 are a vCPU's own (SGIs, PPIs), 32-63 the VM's SPIs. */
#define VGIC_LINES 64
#define VGIC_LR_MAX 16

/* One virtual interrupt's state, under its VM's vgic lock. */
struct virq {
	uint8_t enabled, pending, active, priority;
	uint8_t edge;   /* ICFGR: 1 edge-triggered, 0 level-sensitive */
	uint8_t line;   /* level-sensitive emulated device: its output */
	uint8_t in_lr;  /* held by a list register of its target vCPU */
	uint8_t hw;     /* backed by the same physical INTID (deactivated with the virtual one) */
	uint8_t target; /* SPI: VM-local index of the vCPU it goes to (GICD_IROUTER Aff0) */
};

struct vgic_cpu {
	struct virq priv[32];
	uint8_t lr_intid[VGIC_LR_MAX];
	uint32_t lr_used; /* list registers this vCPU's interrupts occupy */
	uint32_t waker;   /* GICR_WAKER.ProcessorSleep as the guest wrote it */
	uint32_t work;    /* set when its interrupts changed: vgic_flush must look */
	uint64_t hcr;     /* ICH_HCR_EL2 as last written */
};

struct vgic_dist {
	uint32_t lock;
	uint32_t ctlr;
	uint32_t owned; /* bit n: SPI 32 + n is the VM's (visible and configurable) */
	struct virq spi[VGIC_LINES - 32];
};

/* The VM's emulated PL011, as its driver programmed it. */
struct vuart {
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, dmacr;
};

/* One per physical core: with static partitioning a core runs one vCPU for ever. */
struct vcpu {
	struct vcpu_regs regs;
	struct vm *vm;  /* NULL: the core belongs to no VM */
	uint32_t index; /* VM-local, what the guest sees in MPIDR_EL1 */
	uint32_t core;  /* physical linear id */
	uint32_t power; /* enum vcpu_power, changed atomically */
	uint64_t on_entry, on_context;
	struct vgic_cpu gic;
};

enum vm_state { VM_RUNNING = 0, VM_STOPPED, VM_RESETTING };

#define VM_LINE_MAX 512 /* longer than any kernel log line, so lines of two VMs do not interleave */
#define VM_RX_MAX 256 /* console input waiting for the VM (a power of two) */

struct vm {
	const struct vm_config *cfg;
	const struct hyp_guest_image *image; /* pristine copy in the hypervisor's RAM */
	const struct hyp_guest_image *initrd; /* pristine initramfs, or 0 */
	uint64_t initrd_load;                 /* where it goes in the VM's RAM */
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
	uint32_t console_busy;		/* its lock: line, line_len, mid_line, out */
	char out[TZV_CONSOLE_LINE_MAX]; /* the line behind the prefix, as the monitor prints it */
	/* Console input for this VM, read through its UARTDR; under console.c's input lock. */
	char rx[VM_RX_MAX];
	uint32_t rx_head, rx_tail;
	struct vuart uart;
	struct vgic_dist gic;
	const struct hyp_guest_image *dtb; /* its device tree, pristine, in the hypervisor's RAM */
	uint64_t dtb_ipa;                  /* where it is placed at every (re)start; 0: none */
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
void hyp_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vm_console_putc(struct vm *vm, char c);
int uart_emulate(struct vcpu *v, uint64_t esr, uint64_t offset);
void vuart_reset(struct vm *vm);
void console_irq_init(void);
void console_rx_irq(void);
void console_vm_stopped(struct vm *vm);

/* vgic.c */
#define VGIC_UART_INTID 33  /* the console PL011's SPI on virt */
#define HYP_KICK_SGI 8      /* physical SGI: another core wants this vCPU back in EL2 */
#define GIC_MAINT_PPI 25    /* virtual CPU interface maintenance */
#define VTIMER_PPI 27
void gic_cpu_setup(void);
void vgic_vm_reset(struct vm *vm);
void vgic_vcpu_reset(struct vcpu *v);
void vgic_flush(struct vcpu *v);
void vgic_handle_irq(struct vcpu *v);
int vgic_mmio(struct vcpu *v, uint64_t esr, uint64_t ipa);
int vgic_sysreg(struct vcpu *v, uint64_t esr);
void vgic_set_line(struct vm *vm, uint32_t intid, int level);
void vcpu_kick(struct vcpu *t);
void gic_route_spi(uint32_t intid, uint32_t core);

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

#ifdef CONFIG_HYP_TEST_HOOKS
/* calls.c: test-hook events (raised by guests, and by the hypervisor when VM n stops). */
#define TEST_EVENT_VM_STOPPED(vm_id) (32 + (vm_id))
void test_event_raise(unsigned n);
#endif

#endif
