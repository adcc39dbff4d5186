/*
 * Host stand-in for <lib/sysreg.h> (force-included before it by a harness that builds
 * kernel code reading system registers, tests/fuzz/run.sh): the counter and frequency
 * come from the harness, writes and barriers do nothing.
 */
#ifndef LIB_SYSREG_H
#define LIB_SYSREG_H
#include <stdint.h>

uint64_t host_sysreg_read(const char *name);
#define read_sysreg(reg) host_sysreg_read(#reg)
#define write_sysreg(reg, v) ((void)(v))
#define isb() ((void)0)
#define dsb(opt) ((void)0)

#endif
