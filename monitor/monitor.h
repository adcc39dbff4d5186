#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include "context.h"
#include <stdint.h>
#include <tzvisor/platform.h>

enum core_power { CORE_OFF = 0, CORE_ON_PENDING, CORE_ON };

struct core_state {
	struct cpu_context world[2];
	enum core_power power;
	uint64_t on_entry;   /* normal-world entry requested by CPU_ON */
	uint64_t on_context; /* x0 for that entry */
};

extern struct core_state cores[PLAT_MAX_CPUS];
extern uint64_t cpu_release[PLAT_MAX_CPUS];
extern uint64_t monitor_image_ready;
extern uint8_t monitor_core_in_sram[PLAT_MAX_CPUS];
extern uint32_t present_cores;

/* entry.S */
void world_resume(struct cpu_context *ctx) __attribute__((noreturn));
void cpu_off_wait(uint32_t core) __attribute__((noreturn));
void semihosting_exit(uint64_t status) __attribute__((noreturn));

/* console.c */
uint64_t console_line_call(int secure, const uint64_t x[]);

/* flash.c: the rollback counters in secure flash */
void rollback_counters_load(void);
void rollback_counter_call(uint64_t x[]);

/* gic.c */
void gic_init_distributor(void);
void gic_init_core(uint32_t core);
uint32_t gic_count_redistributors(void);

/* measure.c: measure.h */
#include "measure.h"

/*
 * Normal-world images that QEMU loads into DRAM itself (-device loader), too big
 * for the flash: Linux's Image, its initramfs and device tree. The build lists
 * them (payload.S includes the generated PRELOAD_TABLE); the monitor measures
 * each in place.
 * Without a hypervisor they lie in the first VM's RAM: the monitor enters the
 * PRELOAD_ENTRY one and passes the PRELOAD_ARG one in x0.
 * With a hypervisor they lie in its RAM from HYP_PRELOAD_OFFSET on, as the
 * pristine copies of VM number `vm` (position in the configuration, from 1):
 * the PRELOAD_ENTRY one is that VM's image (loaded at its entry), the
 * PRELOAD_DATA one its initramfs, copied to `load` in its RAM.
 */
enum preload_kind { PRELOAD_DATA = 0, PRELOAD_ENTRY = 1, PRELOAD_ARG = 2 };
struct preload_image {
	const char *name;
	uint64_t base;
	uint64_t size;
	uint64_t kind;
	uint64_t vm;   /* with a hypervisor: the VM's position in the configuration, from 1 */
	uint64_t load; /* with a hypervisor, PRELOAD_DATA: where it goes in the VM's RAM */
};
extern const struct preload_image preload_images[];
extern const uint64_t preload_image_count;

/* psci.c */
int64_t psci_handle(uint32_t core, uint32_t fid, const uint64_t *args);
void psci_system_off(void) __attribute__((noreturn));
void psci_system_reset(void) __attribute__((noreturn));

/* main.c */
struct cpu_context *world_switch_to_normal_entry(uint32_t core, uint64_t entry, uint64_t arg);
void monitor_enter_secure_init(uint32_t core) __attribute__((noreturn));
void panic(const char *why) __attribute__((noreturn));

#endif
