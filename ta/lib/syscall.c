/* The TA side of the syscalls of include/tzvisor/ta_abi.h: svc #0, number in x8. */
#include "utee.h"

static inline uint64_t svc6(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
			    uint64_t a4, uint64_t a5)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = a5;
	register uint64_t x8 __asm__("x8") = nr;
	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
			 : "r"(x8)
			 : "x6", "x7", "memory");
	return x0;
}

#define SVC(nr, a0, a1, a2, a3, a4) \
	svc6((nr), (uint64_t)(a0), (uint64_t)(a1), (uint64_t)(a2), (uint64_t)(a3), (uint64_t)(a4), 0)

void tzv_sys_return(TEE_Result res)
{
	SVC(TZV_TA_SYS_RETURN, res, 0, 0, 0, 0);
	for (;;)
		;
}

void tzv_sys_panic(uint32_t code)
{
	SVC(TZV_TA_SYS_PANIC, code, 0, 0, 0, 0);
	for (;;)
		;
}

void tzv_sys_log(const char *buf, size_t len)
{
	SVC(TZV_TA_SYS_LOG, buf, len, 0, 0, 0);
}

TEE_Result tzv_sys_get_time(uint32_t kind, TEE_Time *out)
{
	return (TEE_Result)SVC(TZV_TA_SYS_GET_TIME, kind, out, 0, 0, 0);
}

TEE_Result tzv_sys_wait(uint32_t ms, uint32_t cancellable)
{
	return (TEE_Result)SVC(TZV_TA_SYS_WAIT, ms, cancellable, 0, 0, 0);
}

uint32_t tzv_sys_get_cancel(void)
{
	return (uint32_t)SVC(TZV_TA_SYS_GET_CANCEL, 0, 0, 0, 0, 0);
}

TEE_Result tzv_sys_get_property(const char *name, size_t name_len, void *buf, uint64_t *len,
				uint32_t *type)
{
	return (TEE_Result)SVC(TZV_TA_SYS_GET_PROPERTY, name, name_len, buf, len, type);
}

TEE_Result tzv_sys_random(void *buf, size_t len)
{
	return (TEE_Result)SVC(TZV_TA_SYS_RANDOM, buf, len, 0, 0, 0);
}

TEE_Result tzv_sys_check_access(uint32_t flags, const void *buf, size_t len)
{
	return (TEE_Result)SVC(TZV_TA_SYS_CHECK_ACCESS, flags, buf, len, 0, 0);
}

TEE_Result tzv_sys_storage(uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	return (TEE_Result)SVC(TZV_TA_SYS_STORAGE, op, a1, a2, a3, a4);
}

TEE_Result tzv_sys_crypto(uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			  uint64_t a5, uint64_t a6, uint64_t a7)
{
	register uint64_t x0 __asm__("x0") = op;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = a5;
	register uint64_t x6 __asm__("x6") = a6;
	register uint64_t x7 __asm__("x7") = a7;
	register uint64_t x8 __asm__("x8") = TZV_TA_SYS_CRYPTO;
	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6),
			   "+r"(x7)
			 : "r"(x8)
			 : "memory");
	return (TEE_Result)x0;
}
