/* Static partitioning, compiled in from configs/<name>/config.c. */
#ifndef TZVISOR_CONFIG_H
#define TZVISOR_CONFIG_H

#include <stdint.h>

#define CONFIG_MAX_VMS 8

struct vm_config {
	uint32_t vm_id;         /* as carried in w7; 0 is never a guest */
	uint64_t cpu_mask;      /* physical cores the VM owns (bit = linear core id) */
	uint64_t ram_base;      /* normal RAM, IPA == PA */
	uint64_t ram_size;
	uint64_t tee_data_size; /* private secure memory of its TEE instance */
};

struct platform_config {
	const char *name;
	uint32_t cpu_count;
	uint32_t vm_count;
	struct vm_config vms[CONFIG_MAX_VMS];
};

extern const struct platform_config platform_config;

#endif
