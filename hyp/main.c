/*
 * NS-EL2 static-partitioning hypervisor: each VM gets its cores, its RAM
 * (stage 2, IPA == PA) and an emulated UART, once, at boot. Nothing is
 * scheduled: a core runs its one vCPU until the VM stops.
 */
#include "hyp.h"
#include <abi/psci.h>
#include <lib/print.h>
#include <lib/sysreg.h>

struct vm vms[CONFIG_MAX_VMS];
uint32_t vm_count;
struct vcpu vcpus[PLAT_MAX_CPUS];

static void halt(const char *why)
{
	printf("hyp: cannot start: %s\n", why);
	psci_to_monitor(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfe();
}

void hyp_unexpected(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
	printf("hyp: PANIC: exception %lu at EL2 on core %u: esr=0x%lx elr=0x%lx far=0x%lx\n",
	       kind, cpu_linear_id(), esr, elr, far);
	halt("hypervisor fault");
}

/* Binds each VM to its cores (VM-local index in core order) and builds its stage 2. */
static void vms_create(const struct hyp_boot_info *info)
{
	const struct platform_config *cfg = &platform_config;
	for (uint32_t i = 0; i < cfg->vm_count; i++) {
		struct vm *vm = &vms[i];
		vm->cfg = &cfg->vms[i];
		vm->image = &info->images[i];
		vm->dtb = info->dtbs[i].size ? &info->dtbs[i] : 0;
		vm->initrd = info->initrds[i].size ? &info->initrds[i] : 0;
		vm->initrd_load = info->initrd_load[i];
		for (uint32_t core = 0; core < PLAT_MAX_CPUS; core++) {
			if (!((vm->cfg->cpu_mask >> core) & 1))
				continue;
			if (core >= cfg->cpu_count || vcpus[core].vm)
				halt("a VM's core is missing or given twice");
			vcpus[core].vm = vm;
			vcpus[core].core = core;
			vcpus[core].index = vm->vcpu_count;
			vm->vcpus[vm->vcpu_count++] = &vcpus[core];
		}
		vgic_vm_reset(vm);
		vuart_reset(vm);
		if (!vm->vcpu_count || vm_stage2_build(vm, i + 1) || vm_load_image(vm))
			halt("a VM has no core, no stage-2 table or an image that does not fit");
		printf("hyp: VM %u: RAM 0x%lx-0x%lx, %u core(s) from core %u, image %lu bytes at "
		       "0x%lx\n",
		       vm->cfg->vm_id, vm->cfg->ram_base, vm->cfg->ram_base + vm->cfg->ram_size - 1,
		       vm->vcpu_count, vm->vcpus[0]->core, vm->image->size, vm_entry(vm->cfg));
		if (vm->dtb_ipa)
			printf("hyp: VM %u: device tree %lu bytes at 0x%lx (x0)\n", vm->cfg->vm_id,
			       vm->dtb->size, vm->dtb_ipa);
		if (vm->initrd)
			printf("hyp: VM %u: initramfs %lu bytes at 0x%lx\n", vm->cfg->vm_id,
			       vm->initrd->size, vm->initrd_load);
	}
	vm_count = cfg->vm_count;
}

void hyp_main(const struct hyp_boot_info *info)
{
	const struct platform_config *cfg = &platform_config;
	printf("hyp: NS-EL2 hypervisor, configuration '%s', %u VMs\n", cfg->name, cfg->vm_count);
	if ((uint64_t)_start != cfg->hyp.ram_base)
		halt("linked at a different address than the configuration's hypervisor RAM");
	if (info->magic != HYP_BOOT_MAGIC || info->image_count != cfg->vm_count)
		halt("boot information from the monitor does not match the configuration");
	if (hyp_mmu_build())
		halt("cannot build the hypervisor's page tables");
	hyp_cpu_setup();
	vms_create(info);
	vms_running_set(vm_count);
	console_irq_init();
	printf("hyp: VMs start at %lu us (CNTPCT)\n", counter_us());

	/* Each VM starts on its first core; the boot core may be one of them. */
	struct vcpu *here = 0;
	for (uint32_t i = 0; i < vm_count; i++) {
		struct vcpu *v = vms[i].vcpus[0];
		v->on_entry = vm_entry(vms[i].cfg);
		v->on_context = vms[i].dtb_ipa;
		__atomic_store_n(&v->power, VCPU_ON_PENDING, __ATOMIC_RELEASE);
		if (v->core == cpu_linear_id()) {
			here = v;
			continue;
		}
		int64_t r = psci_to_monitor(PSCI_CPU_ON_64, (v->core % 8) | ((v->core / 8) << 8),
					    (uint64_t)hyp_secondary_entry, v->core);
		if (r != PSCI_SUCCESS)
			hyp_log("hyp: VM %u: CPU_ON of core %u failed (%ld)\n", vms[i].cfg->vm_id,
				v->core, r);
	}
	if (!here)
		core_park();
	vcpu_reset(here, here->on_entry, here->on_context);
	vcpu_loop(here);
}

void hyp_secondary_main(uint64_t core)
{
	hyp_cpu_setup();
	struct vcpu *v = core < PLAT_MAX_CPUS ? &vcpus[core] : 0;
	if (!v || !v->vm || core != cpu_linear_id() ||
	    __atomic_load_n(&v->power, __ATOMIC_ACQUIRE) != VCPU_ON_PENDING)
		core_park();
	vcpu_reset(v, v->on_entry, v->on_context);
	vcpu_loop(v);
}
