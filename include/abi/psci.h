/* Power State Coordination Interface 1.1 (Arm DEN 0022) function IDs and codes. */
#ifndef ABI_PSCI_H
#define ABI_PSCI_H

#define PSCI_VERSION              0x84000000u
#define PSCI_CPU_SUSPEND_32       0x84000001u
#define PSCI_CPU_SUSPEND_64       0xc4000001u
#define PSCI_CPU_OFF              0x84000002u
#define PSCI_CPU_ON_32            0x84000003u
#define PSCI_CPU_ON_64            0xc4000003u
#define PSCI_AFFINITY_INFO_32     0x84000004u
#define PSCI_AFFINITY_INFO_64     0xc4000004u
#define PSCI_MIGRATE_32           0x84000005u
#define PSCI_MIGRATE_64           0xc4000005u
#define PSCI_MIGRATE_INFO_TYPE    0x84000006u
#define PSCI_MIGRATE_INFO_UP_CPU_32 0x84000007u
#define PSCI_MIGRATE_INFO_UP_CPU_64 0xc4000007u
#define PSCI_SYSTEM_OFF           0x84000008u
#define PSCI_SYSTEM_RESET         0x84000009u
#define PSCI_FEATURES             0x8400000au

#define PSCI_VERSION_1_1          0x00010001

#define PSCI_SUCCESS              0
#define PSCI_NOT_SUPPORTED        (-1)
#define PSCI_INVALID_PARAMETERS   (-2)
#define PSCI_DENIED               (-3)
#define PSCI_ALREADY_ON           (-4)
#define PSCI_ON_PENDING           (-5)
#define PSCI_INTERNAL_FAILURE     (-6)
#define PSCI_NOT_PRESENT          (-7)
#define PSCI_DISABLED             (-8)
#define PSCI_INVALID_ADDRESS      (-9)

#define PSCI_AFFINITY_ON          0
#define PSCI_AFFINITY_OFF         1
#define PSCI_AFFINITY_ON_PENDING  2

/* MIGRATE_INFO_TYPE: trusted OS is not present or does not need migration. */
#define PSCI_TOS_NOT_PRESENT_MP   2

#endif
