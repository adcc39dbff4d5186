/* Compiler attribute shorthands TAs written for OP-TEE expect. tzvisor dev kit. */
#ifndef TZV_TA_COMPILER_H
#define TZV_TA_COMPILER_H

#define __unused __attribute__((unused))
#define __maybe_unused __attribute__((unused))
#define __noreturn __attribute__((noreturn))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __weak __attribute__((weak))
#define __section(x) __attribute__((section(x)))
#define __used __attribute__((used))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __must_check __attribute__((warn_unused_result))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define __noinline __attribute__((noinline))
#define __deprecated __attribute__((deprecated))
#define __pure __attribute__((pure))
#define __attr_const __attribute__((const))
#define __cold __attribute__((cold))
#define __alias(x) __attribute__((alias(x)))
#define fallthrough __attribute__((fallthrough))
#define barrier() __asm__ volatile("" ::: "memory")

/* OP-TEE's names for the compiler builtins */
#define __compiler_bswap16(x) __builtin_bswap16(x)
#define __compiler_bswap32(x) __builtin_bswap32(x)
#define __compiler_bswap64(x) __builtin_bswap64(x)
#define __compiler_add_overflow(a, b, res) __builtin_add_overflow((a), (b), (res))
#define __compiler_sub_overflow(a, b, res) __builtin_sub_overflow((a), (b), (res))
#define __compiler_mul_overflow(a, b, res) __builtin_mul_overflow((a), (b), (res))
/* weak: may fail spuriously, callers loop */
#define __compiler_compare_and_swap(p, oval, nval)                                                 \
	__atomic_compare_exchange_n((p), (oval), (nval), true, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)
#define __compiler_atomic_load(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define __compiler_atomic_store(p, val) __atomic_store_n((p), (val), __ATOMIC_RELAXED)

#endif
