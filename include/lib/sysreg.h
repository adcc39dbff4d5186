/* System register access for the firmware images. */
#ifndef LIB_SYSREG_H
#define LIB_SYSREG_H
#include <stdint.h>

#define read_sysreg(reg) ({ uint64_t v_; __asm__ volatile("mrs %0, " #reg : "=r"(v_)); v_; })
#define write_sysreg(reg, v) __asm__ volatile("msr " #reg ", %0" ::"r"((uint64_t)(v)))
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define wfe() __asm__ volatile("wfe")
#define sev() __asm__ volatile("sev")

static inline uint32_t cpu_linear_id(void)
{
	/* QEMU virt numbers cores by Aff0 within cluster Aff1 of 8 (at most 8 here). */
	uint64_t mpidr = read_sysreg(mpidr_el1);
	return (uint32_t)((mpidr & 0xff) + ((mpidr >> 8) & 0xff) * 8);
}

/* The physical counter in microseconds: virtual time under QEMU's -icount (make bench). */
static inline uint64_t counter_us(void)
{
	return read_sysreg(cntpct_el0) * 1000000 / read_sysreg(cntfrq_el0);
}

#endif
