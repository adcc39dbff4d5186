/* The TEE kernel's own stage-1 translation and caches (tee/mmu.c). */
#ifndef TEE_MMU_H
#define TEE_MMU_H

#include <stdint.h>

/* Identity-maps code, the private data region (data_size bytes) and normal DRAM; MMU on. */
void mmu_enable(uint64_t data_size);
/* Clean+invalidate [start, end) by VA to the point of coherency. */
void dcache_clean_inval(uintptr_t start, uintptr_t end);
/* The kernel's level-1 table (TAs' tables share its entries), and its TTBR0 value. */
uint64_t *tee_kernel_root(void);
uint64_t tee_kernel_ttbr0(void);

#endif
