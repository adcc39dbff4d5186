/*
 * The PSCI functions tzvisor offers: the monitor implements them for the
 * machine and the hypervisor virtualises the same set for each VM, so both
 * answer PSCI_FEATURES from this one list.
 */
#ifndef TZVISOR_PSCI_SUBSET_H
#define TZVISOR_PSCI_SUBSET_H

#include <abi/psci.h>
#include <abi/smccc.h>
#include <stdint.h>

static inline int64_t tzv_psci_features(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION: /* how a kernel discovers SMCCC 1.1 */
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

#endif
