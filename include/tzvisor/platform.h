/* Fixed addresses of QEMU virt (secure=on) and tzvisor's secure memory map. */
#ifndef TZVISOR_PLATFORM_H
#define TZVISOR_PLATFORM_H

#define PLAT_MAX_CPUS        8
#define PLAT_UART0_BASE      0x09000000ul /* PL011, the console */
#define PLAT_GICD_BASE       0x08000000ul
#define PLAT_GICR_BASE       0x080a0000ul
#define PLAT_GICR_STRIDE     0x20000ul
/*
 * Flash bank 0 (64 MiB at 0) is secure-only with secure=on: the firmware image
 * from 0, and the device-unique secret in the last 256 KiB erase block
 * (tools/mkflash.sh writes it; docs/keys.md).
 */
#define PLAT_FLASH0_BASE     0x00000000ul
#define PLAT_FLASH0_SIZE     0x04000000ul
#define PLAT_DEVICE_SECRET_BLOCK 0x03fc0000ul
#define DEVICE_SECRET_MAGIC  0x53445a54u /* "TZDS" in memory */
#define DEVICE_SECRET_VERSION 1u
/*
 * The rollback counters (monitor/counter_store.c): a log in two erase blocks
 * just below the secret's, written only by the monitor (docs/keys.md).
 */
#define PLAT_FLASH0_BLOCK    0x00040000ul
#define PLAT_COUNTER_BLOCK_A 0x03f40000ul
#define PLAT_COUNTER_BLOCK_B 0x03f80000ul
#define PLAT_DRAM_BASE       0x40000000ul
#define PLAT_DRAM_SIZE_MAX   0x80000000ul /* what the stage-1 maps of the secure side cover */

/* Secure SRAM: 16 MiB that only the secure world can reach. */
#define SRAM_BASE            0x0e000000ul
#define SRAM_SIZE            0x01000000ul

/*
 * The monitor runs from secure SRAM (copied from flash at boot) so that it can
 * program flash bank 0: its code, read-only data, data, stacks, contexts.
 */
#define MONITOR_RW_BASE      0x0e000000ul
#define MONITOR_RW_SIZE      0x00060000ul
#define TVISOR_BASE          0x0e060000ul /* TEE-visor image, data, tables */
#define TVISOR_SIZE          0x00060000ul
#define TVISOR_TABLE_PAGES   64           /* its stage-1 and every instance's stage-2 tables */
#define TEE_CODE_BASE        0x0e0c0000ul /* TEE kernel text+rodata, shared read-only */
#define TEE_CODE_SIZE        0x00080000ul
#define TEE_INSTANCES_BASE   0x0e140000ul /* private data of instance 0, 1, ... */

/* What a TEE instance sees (its IPA layout); the same for every instance. */
#define TEE_CODE_IPA         TEE_CODE_BASE
#define TEE_DATA_IPA         0x0e800000ul
#define TEE_DATA_SIZE_MAX    0x00400000ul

#define PAGE_SIZE            4096ul

#endif
