/*
 * A TA-side check that the TEE kernel's FP/SIMD use during a syscall never
 * reaches the TA: V0-V31 are loaded with a pattern, the storage syscall CREATE
 * runs (the kernel derives keys and seals the object with mbedTLS, which uses
 * SIMD, where trusted storage is served), and every V register is read back
 * in the same asm statement. Used by the client's test TA and the storage
 * example's self-test. Needs <string.h>, <tee_internal_api.h>.
 */
#ifndef TZVISOR_TA_SIMD_CHECK_H
#define TZVISOR_TA_SIMD_CHECK_H

#include <tzvisor/ta_abi.h>
#include <tzvisor/ta_storage_abi.h>

/* V0-V31 from pattern[], a raw syscall (x8 = nr, x0..x2), V0-V31 into out[]; returns x0. */
#define TZV_SIMD_SYSCALL(nr, a0, a1, a2, pattern, out, ret)                                        \
	do {                                                                                       \
		register uint64_t x8_ __asm__("x8") = (nr);                                        \
		register uint64_t x0_ __asm__("x0") = (a0);                                        \
		register uint64_t x1_ __asm__("x1") = (a1);                                        \
		register uint64_t x2_ __asm__("x2") = (a2);                                        \
		register uint64_t x9_ __asm__("x9") = (uint64_t)(uintptr_t)(pattern);              \
		register uint64_t x10_ __asm__("x10") = (uint64_t)(uintptr_t)(out);                \
		__asm__ volatile("ld1 {v0.16b-v3.16b}, [x9], #64\n\t"                              \
				 "ld1 {v4.16b-v7.16b}, [x9], #64\n\t"                              \
				 "ld1 {v8.16b-v11.16b}, [x9], #64\n\t"                             \
				 "ld1 {v12.16b-v15.16b}, [x9], #64\n\t"                            \
				 "ld1 {v16.16b-v19.16b}, [x9], #64\n\t"                            \
				 "ld1 {v20.16b-v23.16b}, [x9], #64\n\t"                            \
				 "ld1 {v24.16b-v27.16b}, [x9], #64\n\t"                            \
				 "ld1 {v28.16b-v31.16b}, [x9], #64\n\t"                            \
				 "svc #0\n\t"                                                      \
				 "st1 {v0.16b-v3.16b}, [x10], #64\n\t"                             \
				 "st1 {v4.16b-v7.16b}, [x10], #64\n\t"                             \
				 "st1 {v8.16b-v11.16b}, [x10], #64\n\t"                            \
				 "st1 {v12.16b-v15.16b}, [x10], #64\n\t"                           \
				 "st1 {v16.16b-v19.16b}, [x10], #64\n\t"                           \
				 "st1 {v20.16b-v23.16b}, [x10], #64\n\t"                           \
				 "st1 {v24.16b-v27.16b}, [x10], #64\n\t"                           \
				 "st1 {v28.16b-v31.16b}, [x10], #64"                               \
				 : "+r"(x0_), "+r"(x1_), "+r"(x2_), "+r"(x9_), "+r"(x10_)          \
				 : "r"(x8_)                                                        \
				 : "memory", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", \
				   "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17",   \
				   "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26",  \
				   "v27", "v28", "v29", "v30", "v31");                             \
		(ret) = x0_;                                                                       \
	} while (0)

/*
 * Creates (or overwrites) the private object `id` with 256 bytes in one raw
 * CREATE syscall, V0-V31 loaded with a pattern from seed around it; returns
 * how many V registers came back changed, *result the syscall's result.
 */
static inline uint32_t tzv_simd_check_create(uint32_t seed, const char *id, size_t id_len,
					     uint64_t *result)
{
	static uint8_t pattern[512] __attribute__((aligned(16)));
	static uint8_t out[512] __attribute__((aligned(16)));
	static uint8_t data[256];
	uint64_t x = seed | 1;
	for (size_t i = 0; i < sizeof(pattern); i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		pattern[i] = (uint8_t)(x >> 56);
	}
	memset(data, 0x5a, sizeof(data));
	struct tzv_st_create a;
	memset(&a, 0, sizeof(a));
	a.storage_id = TEE_STORAGE_PRIVATE;
	a.flags = TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |
		  TEE_DATA_FLAG_ACCESS_WRITE_META | TEE_DATA_FLAG_OVERWRITE;
	a.id = (uint64_t)(uintptr_t)id;
	a.id_len = id_len;
	a.data = (uint64_t)(uintptr_t)data;
	a.data_len = sizeof(data);
	a.type = TEE_TYPE_DATA;
	TZV_SIMD_SYSCALL(TZV_TA_SYS_STORAGE, TZV_ST_CREATE, (uint64_t)(uintptr_t)&a, 0, pattern,
			 out, *result);
	uint32_t n = 0;
	for (int r = 0; r < 32; r++)
		n += memcmp(pattern + 16 * r, out + 16 * r, 16) != 0;
	return n;
}

#endif
