/* The test TA's traps and SIMD check (traps.c). */
#ifndef TZVTEST_TRAPS_H
#define TZVTEST_TRAPS_H
#include <tee_internal_api.h>

TEE_Result tzvtest_trap(uint32_t kind, TEE_Param p[4]);
TEE_Result tzvtest_simd_kept(uint32_t seed, TEE_Param p[4]);

#endif
