/*
 * Between the monitor and the NS-EL2 hypervisor, and the hypervisor's calls
 * for its guests.
 *
 * Boot: the monitor loads the hypervisor image at hyp.ram_base and a pristine
 * copy of each VM's guest image in the staging area above it, measuring each,
 * and enters the hypervisor at NS-EL2 on the boot core with x0 = address of a
 * struct hyp_boot_info (at the start of the staging area). The hypervisor
 * copies each image into its VM's RAM whenever that VM (re)starts, with the
 * VM's device tree 2 MiB below the end of its RAM (its address in x0).
 */
#ifndef TZVISOR_HYP_ABI_H
#define TZVISOR_HYP_ABI_H

#include <stdint.h>
#include <tzvisor/config.h>

#define HYP_IMAGE_MAX      0x00800000ul /* hypervisor image, data and tables */
#define HYP_STAGING_OFFSET HYP_IMAGE_MAX /* boot info, then guest images */
/*
 * Images QEMU preloads into the hypervisor's RAM (-device loader: a Linux
 * kernel and initramfs per VM, too big for the flash) lie from here on; the
 * monitor measures them in place. They are the pristine copies the hypervisor
 * copies into the VM's RAM at every (re)start.
 */
#define HYP_PRELOAD_OFFSET 0x01000000ul
#define HYP_BOOT_MAGIC     0x31746f6f62767a74ul /* "tzvboot1" */

struct hyp_guest_image {
	uint64_t base; /* physical, inside the hypervisor's RAM */
	uint64_t size;
};

struct hyp_boot_info {
	uint64_t magic;
	uint64_t image_count; /* one per VM, in configuration order */
	struct hyp_guest_image images[CONFIG_MAX_VMS];
	struct hyp_guest_image dtbs[CONFIG_MAX_VMS]; /* each VM's device tree (size 0: none) */
	/* Each VM's initramfs (size 0: none): pristine copy, copied to initrd_load[i] in its RAM. */
	struct hyp_guest_image initrds[CONFIG_MAX_VMS];
	uint64_t initrd_load[CONFIG_MAX_VMS];
};

/*
 * Vendor-specific hypervisor service (SMCCC OEN 6), by SMC or HVC from a guest.
 * VM_INFO: a0 = 0, a1 = VM id, a2 = RAM base, a3 = RAM size. Without a
 * hypervisor the monitor answers NOT_SUPPORTED (-1).
 */
#define TZV_HYP_VM_INFO 0x86000001u

#endif
