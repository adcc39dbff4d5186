/* Small helpers TAs written for OP-TEE often include. tzvisor dev kit. */
#ifndef TZV_TA_UTIL_H
#define TZV_TA_UTIL_H

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ROUNDUP(v, size) (((v) + ((size) - 1)) & ~((__typeof__(v))(size) - 1))
#define ROUNDDOWN(v, size) ((v) & ~((__typeof__(v))(size) - 1))
#define BIT32(n) ((uint32_t)1 << (n))
#define BIT64(n) ((uint64_t)1 << (n))
#define BIT(n) BIT32(n)
#define IS_ALIGNED(x, a) (((x) & ((a) - 1)) == 0)
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

#endif
