/*
 * The BSD bit-string macros OP-TEE's libutils offers TAs: an array of
 * bitstr_t (bytes), bit n in byte n / 8 at mask 1 << (n % 8). The searches
 * store the index found, or -1, through an int pointer. Implemented with
 * inline functions; the names and semantics are BSD's. tzvisor dev kit.
 */
#ifndef TZV_DEVKIT_BITSTRING_H
#define TZV_DEVKIT_BITSTRING_H

#include <stdlib.h>

typedef unsigned char bitstr_t;

#define bitstr_size(nbits) ((size_t)(((nbits) + 7) >> 3))
#define bit_decl(name, nbits) ((name)[bitstr_size(nbits)])
#define bit_alloc(nbits) ((bitstr_t *)calloc(bitstr_size(nbits), sizeof(bitstr_t)))

#define bit_test(name, bit) ((name)[(bit) >> 3] & (1 << ((bit)&7)))
#define bit_set(name, bit) ((name)[(bit) >> 3] |= (bitstr_t)(1 << ((bit)&7)))
#define bit_clear(name, bit) ((name)[(bit) >> 3] &= (bitstr_t) ~(1 << ((bit)&7)))

/* bits start..stop inclusive */
static inline void tzv_bit_nfill(bitstr_t *name, int start, int stop, int set)
{
	for (int b = start; b <= stop; b++) {
		if (set)
			bit_set(name, b);
		else
			bit_clear(name, b);
	}
}

/* first bit at or after from that equals want, or -1 */
static inline int tzv_bit_find(const bitstr_t *name, int nbits, int from, int want)
{
	for (int b = from < 0 ? 0 : from; b < nbits; b++) {
		if (!bit_test(name, b) == !want)
			return b;
	}
	return -1;
}

#define bit_nset(name, start, stop) tzv_bit_nfill((name), (start), (stop), 1)
#define bit_nclear(name, start, stop) tzv_bit_nfill((name), (start), (stop), 0)
#define bit_ffs_from(name, nbits, startbit, value)                                                 \
	(*(value) = tzv_bit_find((name), (nbits), (startbit), 1))
#define bit_ffs(name, nbits, value) bit_ffs_from((name), (nbits), 0, (value))
#define bit_ffc(name, nbits, value) (*(value) = tzv_bit_find((name), (nbits), 0, 0))

#endif
