/* SMC Calling Convention (Arm DEN 0028) constants. */
#ifndef ABI_SMCCC_H
#define ABI_SMCCC_H

#define SMCCC_FAST_CALL         (1u << 31)
#define SMCCC_SMC64             (1u << 30)
#define SMCCC_OEN_SHIFT         24
#define SMCCC_OEN_MASK          0x3fu
#define SMCCC_FUNC_MASK         0xffffu

#define SMCCC_OEN(fid)          (((fid) >> SMCCC_OEN_SHIFT) & SMCCC_OEN_MASK)
#define SMCCC_IS_FAST(fid)      (((fid) & SMCCC_FAST_CALL) != 0)

#define SMCCC_OEN_ARCH          0
#define SMCCC_OEN_CPU           1
#define SMCCC_OEN_SIP           2
#define SMCCC_OEN_OEM           3
#define SMCCC_OEN_STD           4  /* standard secure services: PSCI */
#define SMCCC_OEN_STD_HYP       5
#define SMCCC_OEN_VENDOR_HYP    6
#define SMCCC_OEN_TOS_FIRST     50 /* trusted OS calls: 50..63 */
#define SMCCC_OEN_TOS_LAST      63

#define SMCCC_VERSION           0x80000000u
#define SMCCC_ARCH_FEATURES     0x80000001u
#define SMCCC_ARCH_SOC_ID       0x80000002u
#define SMCCC_ARCH_WORKAROUND_1 0x80008000u
#define SMCCC_ARCH_WORKAROUND_2 0x80007fffu
#define SMCCC_ARCH_WORKAROUND_3 0x80003fffu

#define SMCCC_VERSION_1_1       0x10001
#define SMCCC_VERSION_1_2       0x10002

#define SMCCC_SUCCESS           0
#define SMCCC_NOT_SUPPORTED     (-1)
#define SMCCC_NOT_REQUIRED      (-2)
#define SMCCC_INVALID_PARAMETER (-3)

#endif
