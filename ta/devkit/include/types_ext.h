/*
 * The address types of OP-TEE's libutils that TA code names (vaddr_t for a
 * pointer held as an integer, ...), with their printf formats. AArch64: all
 * are 64 bits. tzvisor dev kit.
 */
#ifndef TZV_DEVKIT_TYPES_EXT_H
#define TZV_DEVKIT_TYPES_EXT_H

#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uintptr_t vaddr_t;
typedef uintptr_t uaddr_t;
typedef uintptr_t paddr_t;
typedef uintptr_t paddr_size_t;

#define PRIxVA PRIxPTR
#define PRIxUA PRIxPTR
#define PRIxPA PRIxPTR
#define PRIxPASZ PRIxPTR
#define PRIxVA_WIDTH ((int)(sizeof(vaddr_t) * 2))
#define PRIxPA_WIDTH ((int)(sizeof(paddr_t) * 2))
#define __SIZEOF_PADDR__ __SIZEOF_POINTER__

#endif
