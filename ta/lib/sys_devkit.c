/* The TA side of syscalls 40..63 of include/tzvisor/ta_abi.h: svc #0, number in x8. */
#include "utee.h"

static inline uint64_t svc(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
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
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x8)
			 :
			 : "x6", "x7", "memory");
	return x0;
}

TEE_Result tzv_sys_supp_plugin(const TEE_UUID *uuid, uint32_t cmd, uint32_t sub_cmd, void *buf,
			       size_t len, uint64_t *outlen)
{
	return (TEE_Result)svc(TZV_TA_SYS_SUPP_PLUGIN, (uint64_t)(uintptr_t)uuid, cmd, sub_cmd,
			       (uint64_t)(uintptr_t)buf, len, (uint64_t)(uintptr_t)outlen);
}

TEE_Result tzv_sys_ta_time(uint32_t op, TEE_Time *time)
{
	return (TEE_Result)svc(TZV_TA_SYS_TA_TIME, op, (uint64_t)(uintptr_t)time, 0, 0, 0, 0);
}

TEE_Result tzv_sys_socket(uint32_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return (TEE_Result)svc(TZV_TA_SYS_SOCKET, op, a0, a1, a2, a3, 0);
}

TEE_Result tzv_sys_open_ta_session(const TEE_UUID *uuid, uint32_t timeout, uint32_t types,
				   TEE_Param *params, uint32_t *session, uint32_t *origin)
{
	return (TEE_Result)svc(TZV_TA_SYS_OPEN_TA_SESSION, (uint64_t)(uintptr_t)uuid, timeout,
			       types, (uint64_t)(uintptr_t)params, (uint64_t)(uintptr_t)session,
			       (uint64_t)(uintptr_t)origin);
}

TEE_Result tzv_sys_invoke_ta_command(uint32_t session, uint32_t timeout, uint32_t cmd,
				     uint32_t types, TEE_Param *params, uint32_t *origin)
{
	return (TEE_Result)svc(TZV_TA_SYS_INVOKE_TA_COMMAND, session, timeout, cmd, types,
			       (uint64_t)(uintptr_t)params, (uint64_t)(uintptr_t)origin);
}

void tzv_sys_close_ta_session(uint32_t session)
{
	svc(TZV_TA_SYS_CLOSE_TA_SESSION, session, 0, 0, 0, 0, 0);
}

TEE_Result tzv_sys_map_lib(const uint8_t uuid[16], uint64_t *base)
{
	return (TEE_Result)svc(TZV_TA_SYS_MAP_LIB, (uint64_t)(uintptr_t)uuid,
			       (uint64_t)(uintptr_t)base, 0, 0, 0, 0);
}
