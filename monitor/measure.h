/*
 * The monitor's measurement log: the SHA-256 of every image it starts or
 * finds preloaded, of itself and of the configuration, each attributed to
 * the platform, to the TEE, or to a VM (docs/attestation.md).
 */
#ifndef MONITOR_MEASURE_H
#define MONITOR_MEASURE_H

#include <stdint.h>

/* Owners: the platform, the TEE kernel (shared by every instance), or a VM id. */
#define MEASURE_PLATFORM 0u
#define MEASURE_TEE 0xfffffffeu
#define MEASURE_ALL_VMS 0xffffffffu /* the normal world when there is no hypervisor */

/* What a log entry is to a token: the platform's, a TEE instance's or a VM's. */
enum measure_group { GROUP_PLATFORM = 0, GROUP_TEE, GROUP_VM };

struct measurement {
	char name[24];
	uint32_t owner; /* MEASURE_* or a VM id */
	uint32_t group; /* enum measure_group */
	uint64_t base;
	uint64_t size;
	uint8_t sha256[32];
};

#define MAX_MEASUREMENTS 48

void measure_and_load(const char *name, uint32_t owner, void *dest, const void *src, uint64_t size);
void measure_in_place(const char *name, uint32_t owner, const void *base, uint64_t size);
/* The monitor itself and the configuration (platform, each VM, each TEE instance). */
void measure_monitor_and_config(void);
int measurement_get(uint32_t index, uint64_t out[3]);
uint32_t measurement_count_get(void);
const struct measurement *measurement_at(uint32_t index);

#endif
