/*
 * Atomic counters and compare-and-swap for TAs (the names of OP-TEE's
 * libutils atomic.h), on the compiler's __atomic builtins with sequential
 * consistency. tzvisor dev kit.
 */
#ifndef TZV_TA_ATOMIC_H
#define TZV_TA_ATOMIC_H

#include <stdbool.h>
#include <stdint.h>

static inline uint32_t atomic_inc32(volatile uint32_t *v)
{
	return __atomic_add_fetch(v, 1, __ATOMIC_SEQ_CST);
}

static inline uint32_t atomic_dec32(volatile uint32_t *v)
{
	return __atomic_sub_fetch(v, 1, __ATOMIC_SEQ_CST);
}

static inline bool atomic_cas_u32(volatile uint32_t *p, uint32_t *oval, uint32_t nval)
{
	return __atomic_compare_exchange_n(p, oval, nval, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_SEQ_CST);
}

static inline uint32_t atomic_load_u32(const volatile uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static inline void atomic_store_u32(volatile uint32_t *p, uint32_t val)
{
	__atomic_store_n(p, val, __ATOMIC_SEQ_CST);
}

/* The unsigned int, int and short forms of OP-TEE's atomic.h */
static inline bool atomic_cas_uint(volatile unsigned int *p, unsigned int *oval, unsigned int nval)
{
	return __atomic_compare_exchange_n(p, oval, nval, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_SEQ_CST);
}

static inline unsigned int atomic_load_uint(const volatile unsigned int *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static inline int atomic_load_int(const volatile int *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static inline short atomic_load_short(const volatile short *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static inline void atomic_store_uint(volatile unsigned int *p, unsigned int val)
{
	__atomic_store_n(p, val, __ATOMIC_SEQ_CST);
}

static inline void atomic_store_int(volatile int *p, int val)
{
	__atomic_store_n(p, val, __ATOMIC_SEQ_CST);
}

static inline void atomic_store_short(volatile short *p, short val)
{
	__atomic_store_n(p, val, __ATOMIC_SEQ_CST);
}

#endif
