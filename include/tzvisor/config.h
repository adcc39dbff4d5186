/*
 * Static partitioning, compiled in from the config.c that tools/configc generates
 * from configs/<name>/platform.cfg (docs/configuration.md).
 */
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
	/* Used with a hypervisor only: */
	uint64_t entry;             /* where the guest image is loaded and entered (0: ram_base) */
	const char *console_prefix; /* put at the start of each console line, e.g. "[vm1] " */
};

/* The NS-EL2 hypervisor's own RAM; ram_size 0 means the configuration has none. */
struct hyp_config {
	uint64_t ram_base;
	uint64_t ram_size;
};

struct platform_config {
	const char *name;
	uint32_t cpu_count;
	uint32_t vm_count;
	struct vm_config vms[CONFIG_MAX_VMS];
	struct hyp_config hyp;
};

extern const struct platform_config platform_config;

static inline int config_has_hypervisor(const struct platform_config *cfg)
{
	return cfg->hyp.ram_size != 0;
}

static inline uint64_t vm_entry(const struct vm_config *vm)
{
	return vm->entry ? vm->entry : vm->ram_base;
}

#endif
