/*
 * Translation tables, 4 KiB granule, 39-bit input addresses (start at level 1).
 * Serves stage 1 and stage 2 alike: the caller gives the leaf attribute bits.
 */
#ifndef LIB_PGTABLE_H
#define LIB_PGTABLE_H
#include <stdint.h>

#define PGTABLE_IA_BITS 39

/* Stage-1 leaf attributes (MAIR index 0 = normal write-back, 1 = device). */
#define S1_ATTR_NORMAL (0ul << 2)
#define S1_ATTR_DEVICE (1ul << 2)
#define S1_NS (1ul << 5)
#define S1_AP_RO (2ul << 6)
#define S1_AP_EL0 (1ul << 6)
#define S1_SH_INNER (3ul << 8)
#define S1_AF (1ul << 10)
#define S1_PXN (1ul << 53)
#define S1_XN (1ul << 54)
#define S1_MAIR_VALUE 0x00fful /* attr0 = 0xff normal WB, attr1 = 0x00 device-nGnRnE */

/* Stage-2 leaf attributes. */
#define S2_MEM_NORMAL (0xful << 2)
#define S2_MEM_DEVICE (0x1ul << 2)
#define S2_AP_RO (1ul << 6)
#define S2_AP_RW (3ul << 6)
#define S2_SH_INNER (3ul << 8)
#define S2_AF (1ul << 10)
#define S2_XN (2ul << 53)

struct pgtable {
	uint64_t *root;                  /* level-1 table, 512 entries */
	uint64_t *(*alloc_table)(void);  /* a zeroed 4 KiB page, or NULL */
};

/* Maps [ia, ia+size) to pa with attrs; page aligned. 0 on success, -1 on overlap/no memory. */
int pgtable_map(struct pgtable *pt, uint64_t ia, uint64_t pa, uint64_t size, uint64_t attrs);

#endif
