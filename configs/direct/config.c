/*
 * Configuration for the secure-world bring-up: no hypervisor, one bare-metal
 * test client at NS-EL1 that tags its calls as VM 1 or VM 2 itself.
 */
#include <tzvisor/config.h>

const struct platform_config platform_config = {
	.name = "direct",
	.cpu_count = 2,
	.vm_count = 2,
	.vms = {
		{ .vm_id = 1, .cpu_mask = 0x3, .ram_base = 0x40000000, .ram_size = 0x08000000,
		  .tee_data_size = 0x80000 },
		{ .vm_id = 2, .cpu_mask = 0x3, .ram_base = 0x48000000, .ram_size = 0x08000000,
		  .tee_data_size = 0x80000 },
	},
};
