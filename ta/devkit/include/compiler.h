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

#endif
