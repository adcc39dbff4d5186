/*
 * Four VMs under the NS-EL2 hypervisor, one core each (QEMU -smp 4). DRAM
 * (1 GiB at 0x40000000): hypervisor 32 MiB, VM 1 and VM 2 as in qemu-2vm,
 * 0x52000000-0x53ffffff unowned, then VM 3 and VM 4. Keep GUEST_IMAGES in
 * config.mk in step with the bases.
 */
#include <tzvisor/config.h>

const struct platform_config platform_config = {
	.name = "qemu-4vm",
	.cpu_count = 4,
	.vm_count = 4,
	.vms = {
		{ .vm_id = 1, .cpu_mask = 0x1, .ram_base = 0x42000000, .ram_size = 0x08000000,
		  .tee_data_size = 0x80000, .console_prefix = "[vm1] " },
		{ .vm_id = 2, .cpu_mask = 0x2, .ram_base = 0x4a000000, .ram_size = 0x08000000,
		  .tee_data_size = 0x80000, .console_prefix = "[vm2] " },
		{ .vm_id = 3, .cpu_mask = 0x4, .ram_base = 0x54000000, .ram_size = 0x08000000,
		  .tee_data_size = 0x80000, .console_prefix = "[vm3] " },
		{ .vm_id = 4, .cpu_mask = 0x8, .ram_base = 0x5c000000, .ram_size = 0x08000000,
		  .tee_data_size = 0x80000, .console_prefix = "[vm4] " },
	},
	.hyp = { .ram_base = 0x40000000, .ram_size = 0x02000000 },
};
