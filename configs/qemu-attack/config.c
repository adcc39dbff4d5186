/*
 * The qemu-4vm layout for the attack tests (QEMU -smp 4): VM 2 runs
 * guests/hyptest built as hypattack (forged w7, reads VM 1's RAM), VM 3 as
 * hypsram (reads secure SRAM); VMs 1 and 4 run hyptest and must not notice.
 * Keep GUEST_IMAGES in config.mk in step with the bases.
 */
#include <tzvisor/config.h>

const struct platform_config platform_config = {
	.name = "qemu-attack",
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
