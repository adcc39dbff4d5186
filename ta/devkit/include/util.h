/* Small helpers TAs written for OP-TEE often include. tzvisor dev kit. */
#ifndef TZV_TA_UTIL_H
#define TZV_TA_UTIL_H

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif
/* sys/param.h may have them already (xtest's host code includes both) */
#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif
#define ROUNDUP(v, size) (((v) + ((size) - 1)) & ~((__typeof__(v))(size) - 1))
#define ROUNDDOWN(v, size) ((v) & ~((__typeof__(v))(size) - 1))
#define BIT32(n) ((uint32_t)1 << (n))
#define BIT64(n) ((uint64_t)1 << (n))
#define BIT(n) BIT32(n)
#define IS_ALIGNED(x, a) (((x) & ((a) - 1)) == 0)
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

/* The rest of OP-TEE's libutils util.h that TAs use */
#ifndef UINTPTR_C /* OP-TEE's stdint.h has it: a constant of uintptr_t's width */
#if UINTPTR_MAX == UINT64_MAX
#define UINTPTR_C(v) UINT64_C(v)
#else
#define UINTPTR_C(v) UINT32_C(v)
#endif
#endif
#define SIZE_4K UINTPTR_C(0x1000)
#define SIZE_1M UINTPTR_C(0x100000)
#define SIZE_2M UINTPTR_C(0x200000)
#define SIZE_4M UINTPTR_C(0x400000)
#define SIZE_8M UINTPTR_C(0x800000)
#define SIZE_2G UINTPTR_C(0x80000000)

/* Each argument evaluated twice: for constant expressions */
#define MIN_UNSAFE(a, b) ((a) < (b) ? (a) : (b))
#define MAX_UNSAFE(a, b) ((a) > (b) ? (a) : (b))
/* -1, 0 or 1 as a is below, equal to or above b */
#define CMP_TRILEAN(a, b)                                                                          \
	(__extension__({                                                                           \
		__typeof__(a) cmp_a_ = (a);                                                        \
		__typeof__(b) cmp_b_ = (b);                                                        \
		cmp_a_ > cmp_b_ ? 1 : cmp_a_ < cmp_b_ ? -1 : 0;                                    \
	}))

/* true when the mathematical result does not fit *res (which then holds it wrapped) */
#define ADD_OVERFLOW(a, b, res) __builtin_add_overflow((a), (b), (res))
#define SUB_OVERFLOW(a, b, res) __builtin_sub_overflow((a), (b), (res))
#define MUL_OVERFLOW(a, b, res) __builtin_mul_overflow((a), (b), (res))
/* *res = v rounded up to a multiple of size (a power of two), or 1 if that overflows */
#define ROUNDUP_OVERFLOW(v, size, res)                                                             \
	(__extension__({                                                                           \
		__typeof__(*(res)) ru_sum_ = 0;                                                    \
		__typeof__(v) ru_mask_ = (__typeof__(v))(size)-1;                                  \
		ADD_OVERFLOW((v), ru_mask_, &ru_sum_) ? 1                                          \
						      : ((void)(*(res) = ru_sum_ & ~ru_mask_), 0); \
	}))
/* x / y rounded up; ROUNDUP_DIV cannot overflow (y a power of two) */
#define DIV_ROUND_UP(x, y) (((x) + (y)-1) / (y))
#define ROUNDUP_DIV(x, y)                                                                          \
	(__extension__({                                                                           \
		__typeof__(x) rd_x_ = (x);                                                         \
		rd_x_ / (y) + ((rd_x_ & ((__typeof__(x))(y)-1)) ? 1 : 0);                          \
	}))
/* unsigned x / y rounded to the nearest */
#define UDIV_ROUND_NEAREST(x, y)                                                                   \
	(__extension__({                                                                           \
		__typeof__(x) un_x_ = (x);                                                         \
		__typeof__(y) un_y_ = (y);                                                         \
		(un_x_ + un_y_ / 2) / un_y_;                                                       \
	}))

/* x unsigned */
#define IS_POWER_OF_TWO(x) ((x) != 0 && ((x) & ((x)-1)) == 0)
#define IS_ALIGNED_WITH_TYPE(x, type) IS_ALIGNED((uintptr_t)(x), _Alignof(type))
#define MEMBER_SIZE(type, member) sizeof(((type *)0)->member)

#define SHIFT_U32(v, shift) ((uint32_t)(v) << (shift))
#define SHIFT_U64(v, shift) ((uint64_t)(v) << (shift))
/* bits l..h set */
#define GENMASK_32(h, l) ((~UINT32_C(0) << (l)) & (~UINT32_C(0) >> (31 - (h))))
#define GENMASK_64(h, l) ((~UINT64_C(0) << (l)) & (~UINT64_C(0) >> (63 - (h))))

#define _TO_STR(x) #x
#define TO_STR(x) _TO_STR(x)
#define _CONCAT(x, y) x##y
#define CONCAT(x, y) _CONCAT(x, y)

static inline uint64_t reg_pair_to_64(uint32_t high, uint32_t low)
{
	return (uint64_t)high << 32 | low;
}

static inline uint32_t high32_from_64(uint64_t val)
{
	return (uint32_t)(val >> 32);
}

static inline uint32_t low32_from_64(uint64_t val)
{
	return (uint32_t)val;
}

static inline void reg_pair_from_64(uint64_t val, uint32_t *high, uint32_t *low)
{
	*high = high32_from_64(val);
	*low = low32_from_64(val);
}

/* The field of reg under mask (contiguous, nonzero), shifted down; set: the other way */
static inline uint32_t get_field_u32(uint32_t reg, uint32_t mask)
{
	return (reg & mask) / (mask & -mask);
}

static inline uint32_t set_field_u32(uint32_t reg, uint32_t mask, uint32_t val)
{
	return (reg & ~mask) | ((val * (mask & -mask)) & mask);
}

static inline uint64_t get_field_u64(uint64_t reg, uint64_t mask)
{
	return (reg & mask) / (mask & -mask);
}

static inline uint64_t set_field_u64(uint64_t reg, uint64_t mask, uint64_t val)
{
	return (reg & ~mask) | ((val * (mask & -mask)) & mask);
}

#endif
