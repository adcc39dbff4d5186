/*
 * qemu-2vm for the attack tests: VM 2 runs guests/hyptest built as hypattack.
 * Two VMs under the NS-EL2 hypervisor, one core each. DRAM (1 GiB at
 * 0x40000000): hypervisor 32 MiB, then VM 1 and VM 2, 128 MiB each; the rest
 * belongs to nobody. Keep GUEST_IMAGES in config.mk in step with the bases.
 */
#include <tzvisor/config.h>

const struct platform_config platform_config = {
	.name = "qemu-2vm-attack",
	.cpu_count = 2,
	.vm_count = 2,
	.vms = {
		{ .vm_id = 1, .cpu_mask = 0x1, .ram_base = 0x42000000, .ram_size = 0x08000000,
		  .tee_data_size = 0x80000, .console_prefix = "[vm1] " },
		{ .vm_id = 2, .cpu_mask = 0x2, .ram_base = 0x4a000000, .ram_size = 0x08000000,
		  .tee_data_size = 0x80000, .console_prefix = "[vm2] " },
	},
	.hyp = { .ram_base = 0x40000000, .ram_size = 0x02000000 },
};
