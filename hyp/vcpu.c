/* Running a guest vCPU on its core, its traps, and stopping or restarting a VM. */
#include "hyp.h"
#include <abi/optee_smc.h>
#include <abi/psci.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/sip.h>

#define SPSR_EL1H_MASKED 0x3c5ul
#define SCTLR_EL1_RES1 0x30d00800ul
#define MPIDR_RES1 (1ul << 31)

/* Guests: stage 2 on, SMC trapped, AArch64 EL1; pointer-auth keys and instructions not trapped. */
#define HCR_VM (1ul << 0)
#define HCR_SWIO (1ul << 1)
#define HCR_FMO (1ul << 3)
#define HCR_IMO (1ul << 4)
#define HCR_FB (1ul << 9)
#define HCR_BSU_INNER (1ul << 10)
#define HCR_TSC (1ul << 19)
#define HCR_RW (1ul << 31)
#define HCR_APK (1ul << 40)
#define HCR_API (1ul << 41)
/* IMO/FMO: physical interrupts to EL2, the guest's ICC_* registers are the virtual interface. */
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_IMO | HCR_FMO | HCR_FB | HCR_BSU_INNER | HCR_TSC | HCR_RW | HCR_APK | HCR_API)

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_WFX 0x01
#define EC_SYSREG 0x18
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_IABT_LOWER 0x20
#define EC_DABT_LOWER 0x24
#define VECTOR_LOWER_SYNC 8
#define VECTOR_LOWER_IRQ 9

static uint32_t vms_running;
static uint32_t exit_status_sum;

void core_park(void)
{
	/* Give the core back to the firmware (without the console lock: no return); else idle. */
	uint64_t off[8] = { PSCI_CPU_OFF };
	smc_raw(off);
	for (;;)
		wfe();
}

/* A vCPU that leaves for good: off for virtual PSCI, its core back to the firmware. */
static __attribute__((noreturn)) void vcpu_park(struct vcpu *v)
{
	__atomic_store_n(&v->power, VCPU_OFF, __ATOMIC_RELEASE);
	core_park();
}

void vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t context)
{
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.x[0] = context;
	v->regs.elr_el2 = entry;
	v->regs.spsr_el2 = SPSR_EL1H_MASKED;

	write_sysreg(vttbr_el2, v->vm->vttbr);
	write_sysreg(vmpidr_el2, MPIDR_RES1 | v->index);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(hcr_el2, HCR_GUEST);
	/* Architectural reset state of what the guest kernel will set up itself. */
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1);
	write_sysreg(tcr_el1, 0);
	write_sysreg(ttbr0_el1, 0);
	write_sysreg(ttbr1_el1, 0);
	write_sysreg(mair_el1, 0);
	write_sysreg(vbar_el1, 0);
	write_sysreg(cpacr_el1, 0);
	write_sysreg(contextidr_el1, 0);
	write_sysreg(tpidr_el1, 0);
	write_sysreg(tpidr_el0, 0);
	write_sysreg(tpidrro_el0, 0);
	write_sysreg(sp_el0, 0);
	write_sysreg(sp_el1, 0);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	isb();
	vgic_vcpu_reset(v);
	/* The VM's old translations (of a previous run) must not survive. */
	__asm__ volatile("tlbi vmalls12e1\n dsb nsh\n isb" ::: "memory");
	__atomic_store_n(&v->power, VCPU_ON, __ATOMIC_RELEASE);
}

/*
 * Where the VM's device tree goes: 2 MiB below the end of its RAM, clear of
 * its image (else the VM gets none: x0 = 0).
 */
static uint64_t dtb_place(const struct vm *vm)
{
	uint64_t entry = vm_entry(vm->cfg), end = vm->cfg->ram_base + vm->cfg->ram_size;
	uint64_t size = vm->dtb ? vm->dtb->size : 0;
	if (!size || size > 0x200000 || vm->cfg->ram_size < 0x400000)
		return 0;
	uint64_t at = end - 0x200000;
	if (at < entry + vm->image->size && entry < at + size)
		return 0;
	return at;
}

/*
 * Copies the pristine image (and device tree, and initramfs) into the VM's RAM
 * and makes it visible to instruction fetch and to a guest starting with its
 * MMU and caches off (a Linux kernel).
 */
int vm_load_image(struct vm *vm)
{
	uint64_t entry = vm_entry(vm->cfg);
	uint64_t end = vm->cfg->ram_base + vm->cfg->ram_size;
	if (entry < vm->cfg->ram_base || entry >= end || vm->image->size > end - entry)
		return -1;
	vm->dtb_ipa = dtb_place(vm);
	if (vm->dtb_ipa) {
		memcpy((void *)vm->dtb_ipa, (const void *)vm->dtb->base, vm->dtb->size);
		for (uint64_t a = vm->dtb_ipa & ~63ul; a < vm->dtb_ipa + vm->dtb->size; a += 64)
			__asm__ volatile("dc cvac, %0" ::"r"(a) : "memory");
	}
	if (vm->initrd) {
		/* Inside the VM's RAM, clear of the image and the device tree. */
		uint64_t at = vm->initrd_load, size = vm->initrd->size;
		if (at < vm->cfg->ram_base || at >= end || size > end - at ||
		    (at < entry + vm->image->size && entry < at + size) ||
		    (vm->dtb_ipa && at < vm->dtb_ipa + vm->dtb->size && vm->dtb_ipa < at + size))
			return -1;
		memcpy((void *)at, (const void *)vm->initrd->base, size);
		for (uint64_t a = at & ~63ul; a < at + size; a += 64)
			__asm__ volatile("dc cvac, %0" ::"r"(a) : "memory");
	}
	memcpy((void *)entry, (const void *)vm->image->base, vm->image->size);
	for (uint64_t a = entry & ~63ul; a < entry + vm->image->size; a += 64)
		__asm__ volatile("dc cvac, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb ish\n ic ialluis\n dsb ish\n isb" ::: "memory");
	return 0;
}

/* Waits up to 100 ms for the VM's vCPUs other than self to be off; returns how many are not. */
static uint32_t others_stop(struct vm *vm, struct vcpu *self)
{
	/* Those asleep in WFI wake on the kick (taken at EL2) and fault on the emptied stage 2. */
	for (uint32_t i = 0; i < vm->vcpu_count; i++)
		if (vm->vcpus[i] != self && __atomic_load_n(&vm->vcpus[i]->power, __ATOMIC_ACQUIRE) == VCPU_ON)
			vcpu_kick(vm->vcpus[i]);
	uint64_t end = read_sysreg(cntpct_el0) + read_sysreg(cntfrq_el0) / 10;
	for (;;) {
		uint32_t on = 0;
		for (uint32_t i = 0; i < vm->vcpu_count; i++)
			if (vm->vcpus[i] != self &&
			    __atomic_load_n(&vm->vcpus[i]->power, __ATOMIC_ACQUIRE) != VCPU_OFF)
				on++;
		if (!on || read_sysreg(cntpct_el0) > end)
			return on;
	}
}

void vm_stop(struct vcpu *v, uint32_t status, const char *why)
{
	struct vm *vm = v->vm;
	uint32_t s = VM_RUNNING;
	/* A VM stops once; during its reset only the resetting vCPU may stop it. */
	if (!__atomic_compare_exchange_n(&vm->state, &s, VM_STOPPED, 0, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		if (s != VM_RESETTING || vm->resetter != v)
			vcpu_park(v);
		__atomic_store_n(&vm->state, VM_STOPPED, __ATOMIC_RELEASE);
	}
	vm_stage2_revoke(vm); /* its other vCPUs come back to EL2 and stop (vcpu_loop) */
	uint32_t stuck = others_stop(vm, v);
	if (stuck)
		hyp_log("hyp: VM %u: %u vCPU(s) did not stop in time (asleep?)\n", vm->cfg->vm_id,
			stuck);
	hyp_log("hyp: VM %u stopped: %s, status %u\n", vm->cfg->vm_id, why, status);
	console_vm_stopped(vm);
#ifdef CONFIG_HYP_TEST_HOOKS
	test_event_raise(TEST_EVENT_VM_STOPPED(vm->cfg->vm_id));
#endif
	__atomic_fetch_add(&exit_status_sum, status, __ATOMIC_RELAXED);
	if (__atomic_sub_fetch(&vms_running, 1, __ATOMIC_ACQ_REL) == 0) {
		uint32_t total = __atomic_load_n(&exit_status_sum, __ATOMIC_RELAXED);
		if (total > 255)
			total = 255;
		hyp_log("hyp: all VMs stopped, status %u: powering off\n", total);
		if (total)
			psci_to_monitor(TZV_SIP_TEST_EXIT, total, 0, 0);
		psci_to_monitor(PSCI_SYSTEM_OFF, 0, 0, 0);
	}
	vcpu_park(v);
}

static int64_t tell_secure_side(uint32_t fid, uint32_t vm_id)
{
	uint64_t r[8] = { fid, vm_id, 0, 0, 0, 0, 0, 0 }; /* w7 = 0: the hypervisor itself */
	smc_to_monitor(r);
	return (int64_t)r[0];
}

/*
 * SYSTEM_RESET of one VM: its other vCPUs stopped, a fresh TEE instance, a
 * fresh image, the calling vCPU from the entry. The guest brings the others
 * up again with CPU_ON.
 */
void vm_reset(struct vcpu *v)
{
	struct vm *vm = v->vm;
	uint32_t id = vm->cfg->vm_id;
	uint32_t s = VM_RUNNING;
	if (!__atomic_compare_exchange_n(&vm->state, &s, VM_RESETTING, 0, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		vcpu_park(v); /* stopped or being reset from another vCPU meanwhile */
	vm->resetter = v;
	hyp_log("hyp: VM %u reset: restarting it alone\n", id);
	vm_stage2_revoke(vm);
	uint32_t stuck = others_stop(vm, v);
	int64_t destroyed = tell_secure_side(OPTEE_SMC_VM_DESTROYED, id);
	int64_t created = tell_secure_side(OPTEE_SMC_VM_CREATED, id);
	if (destroyed != OPTEE_SMC_RETURN_OK || created != OPTEE_SMC_RETURN_OK)
		hyp_log("hyp: VM %u: secure side answered 0x%lx to VM_DESTROYED, 0x%lx to "
			"VM_CREATED\n",
			id, (uint64_t)destroyed, (uint64_t)created);
	if (stuck) {
		/* Asleep in WFI: they keep the emptied tables and fault whenever they wake. */
		hyp_log("hyp: VM %u: %u vCPU(s) did not stop in time: fresh stage-2 tables\n", id,
			stuck);
		if (vm_stage2_build(vm, (uint32_t)(vm - vms) + 1))
			vm_stop(v, 1, "no memory for fresh stage-2 tables");
	} else {
		vm_stage2_restore(vm);
	}
	vgic_vm_reset(vm);
	vuart_reset(vm);
	if (vm_load_image(vm))
		vm_stop(v, 1, "image does not fit its RAM");
	vcpu_reset(v, vm_entry(vm->cfg), vm->dtb_ipa);
	__atomic_store_n(&vm->state, VM_RUNNING, __ATOMIC_RELEASE);
}

static void stage2_fault(struct vcpu *v, uint64_t esr)
{
	/* HPFAR_EL2 holds IPA[47:12] in bits [43:4]; the page offset comes from FAR_EL2. */
	uint64_t ipa = (read_sysreg(hpfar_el2) & 0xffffffffff0ul) << 8;
	ipa |= read_sysreg(far_el2) & 0xfff;
	if (ESR_EC(esr) == EC_DABT_LOWER &&
	    ((ipa >= PLAT_UART0_BASE && ipa < PLAT_UART0_BASE + PAGE_SIZE &&
	      uart_emulate(v, esr, ipa - PLAT_UART0_BASE) == 0) ||
	     vgic_mmio(v, esr, ipa) == 0)) {
		v->regs.elr_el2 += 4;
		return;
	}
	hyp_log("hyp: VM %u stage-2 fault at 0x%lx (%s, pc 0x%lx, esr 0x%lx): VM stopped\n",
		v->vm->cfg->vm_id, ipa, ESR_EC(esr) == EC_DABT_LOWER ? "data" : "instruction",
		v->regs.elr_el2, esr);
	vm_stop(v, 1, "stage-2 fault");
}

#define SPSR_PAN (1ul << 22)
#define SCTLR_SPAN (1ul << 23)
#define ESR_IL (1ul << 25)

/*
 * An instruction the hypervisor traps but does not emulate (SVE or SME, which
 * CPTR_EL2 keeps trapped; a system register it does not know): the guest takes
 * an Undefined Instruction exception at its EL1, as on a CPU without it, and
 * its VM goes on. Only real faults (stage 2, SError) stop a VM.
 */
static void inject_undef(struct vcpu *v)
{
	uint64_t spsr = v->regs.spsr_el2;
	uint64_t offset = (spsr & 0xc) == 0 ? 0x400 : (spsr & 1) ? 0x200 : 0x000;
	write_sysreg(esr_el1, ESR_IL); /* EC 0: unknown reason */
	write_sysreg(elr_el1, v->regs.elr_el2);
	write_sysreg(spsr_el1, spsr);
	write_sysreg(far_el1, 0);
	uint64_t pan = (read_sysreg(id_aa64mmfr1_el1) >> 20) & 0xf;
	v->regs.elr_el2 = read_sysreg(vbar_el1) + offset;
	v->regs.spsr_el2 =
	    SPSR_EL1H_MASKED | (pan && !(read_sysreg(sctlr_el1) & SCTLR_SPAN) ? SPSR_PAN : 0);
}

static void handle_sync(struct vcpu *v)
{
	uint64_t esr = read_sysreg(esr_el2);
	switch (ESR_EC(esr)) {
	case EC_SMC64:
		v->regs.elr_el2 += 4; /* a trapped SMC returns to itself */
		handle_guest_call(v);
		break;
	case EC_HVC64:
		handle_guest_call(v);
		break;
	case EC_DABT_LOWER:
	case EC_IABT_LOWER:
		stage2_fault(v, esr);
		break;
	case EC_WFX:
		v->regs.elr_el2 += 4;
		break;
	case EC_SYSREG:
		if (vgic_sysreg(v, esr) == 0) {
			v->regs.elr_el2 += 4;
			break;
		}
		inject_undef(v);
		break;
	default:
		inject_undef(v);
		break;
	}
}

void vcpu_loop(struct vcpu *v)
{
	for (;;) {
		vgic_flush(v);
		uint64_t vector = vcpu_run(&v->regs);
		uint32_t state = __atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE);
		if (state != VM_RUNNING) {
			hyp_log("hyp: VM %u vCPU %u stopped (VM %s)\n", v->vm->cfg->vm_id, v->index,
				state == VM_STOPPED ? "stopped" : "reset");
			vcpu_park(v);
		}
		if (vector == VECTOR_LOWER_SYNC) {
			handle_sync(v);
		} else if (vector == VECTOR_LOWER_IRQ) {
			vgic_handle_irq(v);
		} else {
			hyp_log("hyp: VM %u: unexpected exception vector %lu: VM stopped\n",
				v->vm->cfg->vm_id, vector);
			vm_stop(v, 1, "unexpected interrupt or SError");
		}
	}
}

void vms_running_set(uint32_t n)
{
	__atomic_store_n(&vms_running, n, __ATOMIC_RELEASE);
}
