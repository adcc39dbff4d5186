#include <lib/pgtable.h>

#define DESC_VALID (1ul << 0)
#define DESC_TABLE (1ul << 1) /* a table at levels 1-2, a page at level 3 */
#define DESC_ADDR 0x0000fffffffff000ul
#define PAGE_MASK 0xffful

static int map_level(struct pgtable *pt, uint64_t *table, int level, uint64_t ia, uint64_t pa,
		     uint64_t size, uint64_t attrs)
{
	unsigned shift = 39 - 9 * level;
	uint64_t block = 1ul << shift;

	while (size) {
		uint64_t *entry = &table[(ia >> shift) & 511];
		uint64_t step = block - (ia & (block - 1));
		if (step > size)
			step = size;
		if (level == 3 || (((ia | pa) & (block - 1)) == 0 && size >= block)) {
			if (*entry & DESC_VALID)
				return -1;
			*entry = (pa & DESC_ADDR) | attrs | DESC_VALID | (level == 3 ? DESC_TABLE : 0);
		} else {
			if (!(*entry & DESC_VALID)) {
				uint64_t *next = pt->alloc_table();
				if (!next)
					return -1;
				*entry = ((uint64_t)next & DESC_ADDR) | DESC_TABLE | DESC_VALID;
			} else if (!(*entry & DESC_TABLE)) {
				return -1; /* already a block */
			}
			uint64_t *next = (uint64_t *)(*entry & DESC_ADDR);
			if (map_level(pt, next, level + 1, ia, pa, step, attrs))
				return -1;
		}
		ia += step;
		pa += step;
		size -= step;
	}
	return 0;
}

int pgtable_map(struct pgtable *pt, uint64_t ia, uint64_t pa, uint64_t size, uint64_t attrs)
{
	if ((ia | pa | size) & PAGE_MASK)
		return -1;
	if (ia + size < ia || ia + size > (1ul << PGTABLE_IA_BITS))
		return -1;
	return map_level(pt, pt->root, 1, ia, pa, size, attrs);
}
