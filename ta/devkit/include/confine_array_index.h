/*
 * confine_array_index(index, size) as OP-TEE's libutils offers it: index if
 * index < size, else 0, also on a speculated path (Spectre v1). A caller
 * still does the ordinary bounds check; this only bounds what a mispredicted
 * branch may load. AArch64: a conditional select, then CSDB so that no later
 * load speculates on the unselected value. tzvisor dev kit.
 */
#ifndef TZV_DEVKIT_CONFINE_ARRAY_INDEX_H
#define TZV_DEVKIT_CONFINE_ARRAY_INDEX_H

#include <stddef.h>

static inline size_t confine_array_index(size_t index, size_t size)
{
	size_t confined;

	__asm__("cmp %1, %2\n\t"
		"csel %0, %1, xzr, lo\n\t"
		"csdb"
		: "=r"(confined)
		: "r"(index), "r"(size)
		: "cc");
	return confined;
}

#endif
