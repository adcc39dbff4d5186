/*
 * One instruction per trap class at S-EL0 (each must work or end this TA
 * only), and the check that the TEE kernel's FP/SIMD use during a syscall
 * does not reach the TA's V registers.
 */
#include <string.h>
#include <tee_internal_api.h>
#include <tzvisor/ta_simd_check.h>
#include <tzvtest_ta.h>
#include "traps.h"

/*
 * Each instruction with the TA's keys, and the same keys after a TEE_Wait, whose
 * RPC (SUSPEND) hands the core to the normal world and its keys in between.
 */
static uint64_t pacga(uint64_t ptr, uint64_t mod)
{
	uint64_t code;
	__asm__ volatile(".arch_extension pauth\n\tpacga %0, %1, %2\n\t.arch_extension nopauth"
			 : "=r"(code)
			 : "r"(ptr), "r"(mod));
	return code;
}

static TEE_Result pac(TEE_Param p[4])
{
	uint64_t ptr = (uint64_t)(uintptr_t)&pac, mod = 0x1234, code, signed_ptr, back;
	code = pacga(ptr, mod);
	signed_ptr = ptr;
	__asm__ volatile(".arch_extension pauth\n\tpacia %0, %1\n\t.arch_extension nopauth"
			 : "+r"(signed_ptr)
			 : "r"(mod));
	TEE_Result r = TEE_Wait(1);
	back = signed_ptr;
	__asm__ volatile(".arch_extension pauth\n\tautia %0, %1\n\t.arch_extension nopauth"
			 : "+r"(back)
			 : "r"(mod));
	bool implemented = false;
	if (TEE_GetPropertyAsBool(TEE_PROPSET_TEE_IMPLEMENTATION,
				  "org.trustedfirmware.optee.cpu.feat_pauth_implemented",
				  &implemented) != TEE_SUCCESS)
		implemented = false;
	p[1].value.a = (uint32_t)(code != 0 && r == TEE_SUCCESS && pacga(ptr, mod) == code) |
		       (uint32_t)implemented << 1;
	p[1].value.b = signed_ptr != ptr && back == ptr;
	return TEE_SUCCESS;
}

TEE_Result tzvtest_trap(uint32_t kind, TEE_Param p[4])
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	switch (kind) {
	case TZVTEST_TRAP_PAC:
		return pac(p);
	case TZVTEST_TRAP_UDF:
		__asm__ volatile("udf #0");
		break;
	case TZVTEST_TRAP_SVE:
		__asm__ volatile(".arch_extension sve\n\trdvl %0, #1\n\t.arch_extension nosve"
				 : "=r"(x));
		break;
	case TZVTEST_TRAP_BRK:
		__asm__ volatile("brk #0");
		break;
	case TZVTEST_TRAP_MTE: {
		register uint64_t x0 __asm__("x0") = x;
		__asm__ volatile(".inst 0x9adf1000" : "+r"(x0)); /* IRG x0, x0 */
		x = x0;
		break;
	}
	case TZVTEST_TRAP_PAC_FORGED: {
		/* sign, flip one PAC bit (54 is in the PAC field for any TA VA size), authenticate,
		 * load: AUTIA faults (FEAT_FPAC) or poisons the pointer, so the load faults */
		uint64_t ptr = (uint64_t)(uintptr_t)&pac, mod = 0x5a5a, word;
		__asm__ volatile(
		    ".arch_extension pauth\n\tpacia %0, %2\n\teor %0, %0, #(1 << 54)\n\t"
		    "autia %0, %2\n\t.arch_extension nopauth\n\tldr %1, [%0]"
		    : "+r"(ptr), "=r"(word)
		    : "r"(mod)
		    : "memory");
		x = word;
		break;
	}
	case TZVTEST_TRAP_PMU:
		__asm__ volatile("mrs %0, pmccntr_el0" : "=r"(x));
		break;
	case TZVTEST_TRAP_VTIMER:
		__asm__ volatile("msr cntv_ctl_el0, %0" ::"r"(x) : "memory");
		break;
	case TZVTEST_TRAP_PTIMER:
		__asm__ volatile("msr cntp_cval_el0, %0" ::"r"(x) : "memory");
		break;
	case TZVTEST_TRAP_SME:
		__asm__ volatile(".inst 0xd503477f" ::: "memory"); /* SMSTART */
		break;
	case TZVTEST_TRAP_BTI:
		__asm__ volatile("hint #34\n\thint #25\n\thint #29" ::
				     : "x30"); /* BTI c, PACIASP, AUTIASP */
		break;
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
	p[1].value.a = (uint32_t)x;
	p[1].value.b = 0;
	return TEE_SUCCESS;
}

/*
 * The storage CREATE (in the bare-metal client's machine there is no
 * tee-supplicant file system: it fails before the kernel's mbedTLS runs, the
 * storage example's self-test covers that under Linux) and RANDOM, each with
 * V0-V31 loaded before and read after.
 */
TEE_Result tzvtest_simd_kept(uint32_t seed, TEE_Param p[4])
{
	static const char id[] = "simd-kept";
	char value[32];
	uint64_t r;
	uint32_t diff = tzv_simd_check_create(seed, id, sizeof(id) - 1, &r);
	p[1].value.b = (uint32_t)r;
	static uint8_t pattern[512] __attribute__((aligned(16)));
	static uint8_t out[512] __attribute__((aligned(16)));
	memset(pattern, 0xa5, sizeof(pattern));
	TZV_SIMD_SYSCALL(TZV_TA_SYS_RANDOM, (uint64_t)(uintptr_t)value, sizeof(value), 0, pattern,
			 out, r);
	diff += memcmp(pattern, out, sizeof(out)) != 0;
	p[1].value.a = diff;
	return TEE_SUCCESS;
}
