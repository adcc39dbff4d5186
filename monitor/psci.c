/* PSCI 1.1 for the normal world: core power and system off/reset. */
#include "monitor.h"
#include <abi/psci.h>
#include <abi/smccc.h>
#include <lib/print.h>
#include <lib/sysreg.h>
#include <tzvisor/config.h>
#include <tzvisor/psci_subset.h>
#include <tzvisor/hyp_abi.h>

/* QEMU virt's secure PL061: line 0 powers the machine off, line 1 resets it. */
#define SECURE_GPIO_BASE 0x090b0000ul
#define GPIO_DIR 0x400
#define GPIO_LINE_POWEROFF 0
#define GPIO_LINE_RESET 1

static void gpio_pulse(uint32_t line)
{
	volatile uint32_t *dir = (volatile uint32_t *)(SECURE_GPIO_BASE + GPIO_DIR);
	volatile uint32_t *data = (volatile uint32_t *)(SECURE_GPIO_BASE + ((1u << line) << 2));
	*dir |= 1u << line;
	*data = 0;
	*data = 1u << line;
}

void psci_system_off(void)
{
	printf("monitor: PSCI SYSTEM_OFF\n");
	gpio_pulse(GPIO_LINE_POWEROFF);
	semihosting_exit(0);
}

void psci_system_reset(void)
{
	printf("monitor: PSCI SYSTEM_RESET\n");
	/*
	 * Secure SRAM survives the reset: a release flag left set would let a
	 * secondary core leave its pen before the boot core has set anything up.
	 */
	for (uint32_t core = 0; core < PLAT_MAX_CPUS; core++)
		__atomic_store_n(&cpu_release[core], 0, __ATOMIC_SEQ_CST);
	/* Likewise the flag that lets secondaries leave flash for the SRAM copy. */
	__atomic_store_n(&monitor_image_ready, 0, __ATOMIC_SEQ_CST);
	dsb(sy);
	gpio_pulse(GPIO_LINE_RESET);
	for (;;)
		wfe();
}

static int mpidr_to_core(uint64_t mpidr, uint32_t *core)
{
	/* Only Aff0 (and Aff1 for more than 8) are used on virt; nothing above. */
	if (mpidr & ~0xfffful)
		return -1;
	uint32_t id = (uint32_t)((mpidr & 0xff) + ((mpidr >> 8) & 0xff) * 8);
	if ((mpidr & 0xff) >= 8 || id >= present_cores || id >= PLAT_MAX_CPUS)
		return -1;
	*core = id;
	return 0;
}

static int entry_is_normal_ram(uint32_t target, uint64_t entry)
{
	for (uint32_t i = 0; i < platform_config.vm_count; i++) {
		const struct vm_config *vm = &platform_config.vms[i];
		if (((vm->cpu_mask >> target) & 1) && entry >= vm->ram_base &&
		    entry - vm->ram_base < vm->ram_size)
			return 1;
	}
	return 0;
}

/* With a hypervisor, only it starts cores, and only at its own code. */
static int entry_is_hypervisor(uint32_t target, uint64_t entry)
{
	const struct hyp_config *hyp = &platform_config.hyp;
	for (uint32_t i = 0; i < platform_config.vm_count; i++)
		if ((platform_config.vms[i].cpu_mask >> target) & 1)
			return entry >= hyp->ram_base && entry - hyp->ram_base < HYP_IMAGE_MAX;
	return 0;
}

static int64_t cpu_on(uint64_t target_mpidr, uint64_t entry, uint64_t context)
{
	uint32_t target;
	if (mpidr_to_core(target_mpidr, &target))
		return PSCI_INVALID_PARAMETERS;
	if (config_has_hypervisor(&platform_config) ? !entry_is_hypervisor(target, entry)
						    : !entry_is_normal_ram(target, entry))
		return PSCI_INVALID_ADDRESS;
	struct core_state *c = &cores[target];
	if (c->power == CORE_ON)
		return PSCI_ALREADY_ON;
	if (c->power == CORE_ON_PENDING)
		return PSCI_ON_PENDING;
	c->on_entry = entry;
	c->on_context = context;
	c->power = CORE_ON_PENDING;
	dsb(sy);
	cpu_release[target] = 1;
	dsb(sy);
	sev();
	return PSCI_SUCCESS;
}

static int64_t affinity_info(uint64_t target_mpidr, uint64_t level)
{
	uint32_t target;
	if (level != 0 || mpidr_to_core(target_mpidr, &target))
		return PSCI_INVALID_PARAMETERS;
	switch (cores[target].power) {
	case CORE_ON:
		return PSCI_AFFINITY_ON;
	case CORE_ON_PENDING:
		return PSCI_AFFINITY_ON_PENDING;
	default:
		return PSCI_AFFINITY_OFF;
	}
}

int64_t psci_handle(uint32_t core, uint32_t fid, const uint64_t *args)
{
	switch (fid) {
	case PSCI_VERSION:
		return PSCI_VERSION_1_1;
	case PSCI_FEATURES:
		return tzv_psci_features((uint32_t)args[0]);
	case PSCI_CPU_ON_32:
		return cpu_on((uint32_t)args[0], (uint32_t)args[1], (uint32_t)args[2]);
	case PSCI_CPU_ON_64:
		return cpu_on(args[0], args[1], args[2]);
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		return affinity_info(args[0], args[1]);
	case PSCI_CPU_OFF:
		cores[core].power = CORE_OFF;
		cpu_release[core] = 0;
		dsb(sy);
		cpu_off_wait(core);
	case PSCI_MIGRATE_INFO_TYPE:
		return PSCI_TOS_NOT_PRESENT_MP;
	case PSCI_SYSTEM_OFF:
		psci_system_off();
	case PSCI_SYSTEM_RESET:
		psci_system_reset();
	default:
		return PSCI_NOT_SUPPORTED;
	}
}
