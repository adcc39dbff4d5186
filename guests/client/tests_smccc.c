/* SMCCC and PSCI conformance as seen from NS-EL1. */
#include <abi/optee_smc.h>
#include <abi/psci.h>
#include <abi/smccc.h>
#include <lib/print.h>
#include <lib/sysreg.h>
#include <tzvisor/platform.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/sip.h>
#include "client.h"

#define RET_UNKNOWN 0xffffffffu /* SMCCC NOT_SUPPORTED / OPTEE UNKNOWN_FUNCTION in w0 */

static int is_unknown(uint64_t a0)
{
	/* SMC32 calls return -1 in w0; accept either 32- or 64-bit sign extension. */
	return (uint32_t)a0 == RET_UNKNOWN;
}

static void check_alive(struct test *t, const char *after)
{
	struct smc_res r = smc8(OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, 1);
	if (r.a0 != OPTEE_MSG_UID_0 || r.a1 != OPTEE_MSG_UID_1 || r.a2 != OPTEE_MSG_UID_2 ||
	    r.a3 != OPTEE_MSG_UID_3)
		t_fail(t, "CALLS_UID after %s: got 0x%lx 0x%lx 0x%lx 0x%lx", after, r.a0, r.a1, r.a2,
		       r.a3);
}

void tests_smccc(void)
{
	struct test t;
	struct smc_res r;

	t_begin(&t, "smccc_version");
	r = smc0(SMCCC_VERSION);
	if ((int32_t)r.a0 < SMCCC_VERSION_1_1)
		t_fail(&t, "SMCCC_VERSION: expected >= 0x10001 got 0x%lx", r.a0);
	else
		printf("client: SMCCC version %lu.%lu\n", (r.a0 >> 16) & 0x7fff, r.a0 & 0xffff);
	t_end(&t);

	t_begin(&t, "smccc_arch_features");
	r = smc8(SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0, 0, 0, 0, 0);
	EXPECT_EQ(&t, "ARCH_FEATURES(SMCCC_VERSION)", 0, (uint32_t)r.a0);
	r = smc8(SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES, 0, 0, 0, 0, 0, 0);
	EXPECT_EQ(&t, "ARCH_FEATURES(ARCH_FEATURES)", 0, (uint32_t)r.a0);
	r = smc8(SMCCC_ARCH_FEATURES, 0x8000ff00u, 0, 0, 0, 0, 0, 0);
	EXPECT_EQ(&t, "ARCH_FEATURES(0x8000ff00)", RET_UNKNOWN, (uint32_t)r.a0);
	r = smc8(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0, 0, 0, 0, 0);
	if ((int32_t)r.a0 != SMCCC_SUCCESS && (int32_t)r.a0 != SMCCC_NOT_SUPPORTED &&
	    (int32_t)r.a0 != SMCCC_NOT_REQUIRED)
		t_fail(&t, "ARCH_FEATURES(WORKAROUND_1): expected 0, -1 or -2 got 0x%lx", r.a0);
	t_end(&t);

	t_begin(&t, "smccc_unknown_fids");
	static const uint32_t unknown[] = { 0x8400ffffu, 0xc2001234u, 0x0badf00du, 0xb200ffffu,
					    0x8300ffffu, 0x86001234u, 0xbf00fff0u,
					    0x32000063u /* yielding, OP-TEE range */,
					    0xf2000001u /* SMC64 fast, OP-TEE range */ };
	for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		r = smc8(unknown[i], 0, 0, 0, 0, 0, 0, 1);
		if (!is_unknown(r.a0))
			t_fail(&t, "fid 0x%x: expected 0xffffffff got 0x%lx", unknown[i], r.a0);
	}
	check_alive(&t, "unknown fids");
	t_end(&t);

	t_begin(&t, "undefined_trap_returned_to_caller");
	{
		uint64_t esr = probe_sve_undef();
		if (esr == ~0ul)
			t_fail(&t, "SVE instruction ran: the monitor should keep SVE trapped");
		else if ((esr >> 26) != 0)
			t_fail(&t, "expected an Unknown-reason exception (EC 0) got ESR 0x%lx", esr);
	}
	check_alive(&t, "an SVE instruction");
	t_end(&t);

	/* Flash bank 0 holds the device secret and is secure-only: a normal-world read aborts. */
	t_begin(&t, "device_secret_flash_not_readable");
	{
		uint64_t esr = probe_read_esr(PLAT_FLASH0_BASE + PLAT_DEVICE_SECRET_BLOCK);
		if (esr == ~0ul)
			t_fail(&t, "read the device secret block from the normal world");
		else if ((esr >> 26) != 0x25)
			t_fail(&t, "expected a data abort (EC 0x25) got ESR 0x%lx", esr);
	}
	check_alive(&t, "a read of secure flash");
	t_end(&t);

	/*
	 * The rollback counters' blocks: a read or a write (a flash command: 0x40
	 * program, 0x20 erase) from the normal world aborts and reaches nothing.
	 */
	t_begin(&t, "rollback_counter_flash_not_accessible");
	{
		const uint64_t blocks[2] = {PLAT_COUNTER_BLOCK_A, PLAT_COUNTER_BLOCK_B};
		for (int i = 0; i < 2; i++) {
			uint64_t at = PLAT_FLASH0_BASE + blocks[i];
			uint64_t esr[3] = {probe_read_esr(at), probe_write_esr(at, 0x00200020u),
					   probe_write_esr(at + 16, 0x00400040u)};
			for (int j = 0; j < 3; j++)
				if (esr[j] == ~0ul)
					t_fail(&t, "%s counter block 0x%lx from the normal world",
					       j ? "wrote" : "read", blocks[i]);
				else if ((esr[j] >> 26) != 0x25)
					t_fail(&t, "expected a data abort (EC 0x25) got ESR 0x%lx",
					       esr[j]);
		}
	}
	check_alive(&t, "accesses to the rollback counter blocks");
	t_end(&t);

	t_begin(&t, "smccc_secure_fids_refused");
	for (uint32_t n = 0; n <= 0xff; n++) {
		uint32_t fid = TZV_SECURE_FID(n);
		/* Plausible arguments: what a TEE kernel would pass when it is done. */
		r = smc8(fid, 0, 0x40000000, 0x1000, 0, 0, 0, n & 1 ? 2 : 1);
		if (!is_unknown(r.a0)) {
			t_fail(&t, "secure fid 0x%x from NS: expected 0xffffffff got 0x%lx", fid, r.a0);
			break;
		}
	}
	check_alive(&t, "secure fids");
	{
		/* The secure world must still run calls for both VMs. */
		struct smc_res r2 = smc8(OPTEE_SMC_CALL_GET_OS_REVISION, 0, 0, 0, 0, 0, 0, 2);
		if (is_unknown(r2.a0))
			t_fail(&t, "GET_OS_REVISION for VM 2 after secure fids: got 0x%lx", r2.a0);
	}
	t_end(&t);

	/*
	 * The monitor prints console lines for the hypervisor (NS-EL2) only: from
	 * NS-EL1, and without a hypervisor at all, the call is not there.
	 */
	t_begin(&t, "smccc_console_line_refused_at_el1");
	{
		static const char line[] = "client: CONSOLE_LINE printed for NS-EL1\n";
		r = smc8(TZV_SIP_CONSOLE_LINE, ptr_pa(line), sizeof(line) - 1, 0, 0, 0, 0, 0);
		EXPECT_EQ(&t, "a0", (uint64_t)SMCCC_NOT_SUPPORTED, r.a0);
	}
	t_end(&t);

	t_begin(&t, "smccc_return_from_rpc_unexpected");
	for (uint32_t vm = 1; vm <= 2; vm++) {
		r = smc8(OPTEE_SMC_CALL_RETURN_FROM_RPC, 0, 0, 0, 0, 0, 0, vm);
		if (r.a0 == OPTEE_SMC_RETURN_OK || OPTEE_SMC_RETURN_IS_RPC(r.a0))
			t_fail(&t, "VM %u RETURN_FROM_RPC with no RPC pending: got a0 0x%lx", vm, r.a0);
	}
	check_alive(&t, "stray RETURN_FROM_RPC");
	t_end(&t);

	t_begin(&t, "smccc_client_id_w7");
	/* SMC32: only w7 carries the client id; the upper half is ignored. */
	r = smc8(OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, 0xdead000000000001ull);
	EXPECT_EQ(&t, "CALLS_UID with x7 = 0xdead000000000001", OPTEE_MSG_UID_0, r.a0);
	r = smc8(OPTEE_SMC_CALL_GET_OS_REVISION, 0, 0, 0, 0, 0, 0, 0xffffffff00000002ull);
	if (is_unknown(r.a0) || r.a0 == OPTEE_SMC_RETURN_ENOTAVAIL)
		t_fail(&t, "GET_OS_REVISION with x7 = 0xffffffff00000002: got 0x%lx", r.a0);
	t_end(&t);
}

/* ---- PSCI ------------------------------------------------------------- */

/* A hint to the other core's benefit: single-threaded TCG (icount) switches vCPU on it. */
static inline void cpu_yield(void)
{
	__asm__ volatile("yield" ::: "memory");
}

static volatile uint64_t core1_state;   /* 1: running, 2: going off */
static volatile uint64_t core1_release; /* core 0 -> core 1: call CPU_OFF now */
static volatile uint64_t core1_context;

#define CORE1_JOB_MAGIC 0x6a6f623143524f43ull

/* Core 1 as a second vCPU of VM job->vm_id: job->count CALL_WITH_ARGs of job->arg_pa. */
static void core1_do_job(struct core1_job *job)
{
	if (job->once) {
		while (!job->go)
			cpu_yield();
		uint64_t until = read_sysreg(cntpct_el0) + job->wait_ticks;
		while (read_sysreg(cntpct_el0) < until)
			cpu_yield();
	}
	for (uint64_t i = 0; i < job->count; i++) {
		struct optee_msg_arg *arg = pa_ptr(job->arg_pa);
		struct smc_res r;
		for (;;) {
			arg->ret = 0xdeadbeefu;
			r = smc8(OPTEE_SMC_CALL_WITH_ARG, job->arg_pa >> 32, job->arg_pa & 0xffffffffu,
				 0, 0, 0, 0, job->vm_id);
			job->last_a0 = r.a0;
			if (job->once || (r.a0 != OPTEE_SMC_RETURN_ETHREAD_LIMIT &&
					  r.a0 != OPTEE_SMC_RETURN_EBUSY))
				break;
			job->busy++;
			__asm__ volatile("yield" ::: "memory");
		}
		if (r.a0 == OPTEE_SMC_RETURN_OK && arg->ret == 0) {
			job->ok++;
		} else if (!job->errors++) {
			job->first_a0 = r.a0;
			job->first_ret = arg->ret;
		}
	}
	dsb(sy);
	job->done = 1;
	dsb(sy);
	sev();
}

void core1_main(uint64_t context)
{
	if (context >= 0x40000000ull && context < 0x50000000ull &&
	    ((struct core1_job *)pa_ptr(context))->magic == CORE1_JOB_MAGIC) {
		core1_do_job(pa_ptr(context));
		smc0(PSCI_CPU_OFF);
		for (;;)
			__asm__ volatile("wfi");
	}
	core1_context = context;
	printf("client: core 1 up\n");
	dsb(sy);
	core1_state = 1;
	dsb(sy);
	sev();
	for (unsigned long spin = 0; !core1_release && spin < 100000000ul; spin++)
		cpu_yield();
	core1_state = 2;
	dsb(sy);
	struct smc_res r = smc0(PSCI_CPU_OFF);
	/* CPU_OFF returns only on failure. */
	core1_state = 0x100 | (r.a0 & 0xff);
	dsb(sy);
	for (;;)
		__asm__ volatile("wfi");
}

static int wait_for(volatile uint64_t *flag, uint64_t value)
{
	for (unsigned long spin = 0; spin < 50000000ul; spin++) {
		dsb(sy);
		if (*flag == value)
			return 1;
		cpu_yield();
	}
	return 0;
}

static int64_t affinity_info(uint64_t mpidr)
{
	return (int32_t)smc8(PSCI_AFFINITY_INFO_64, mpidr, 0, 0, 0, 0, 0, 0).a0;
}

void tests_psci(void)
{
	struct test t;
	struct smc_res r;

	t_begin(&t, "psci_version");
	r = smc0(PSCI_VERSION);
	EXPECT_EQ(&t, "PSCI_VERSION", PSCI_VERSION_1_1, r.a0);
	t_end(&t);

	t_begin(&t, "psci_features");
	static const uint32_t implemented[] = { PSCI_CPU_ON_64, PSCI_CPU_OFF, PSCI_AFFINITY_INFO_64,
						 PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET,
						 PSCI_MIGRATE_INFO_TYPE, PSCI_FEATURES, PSCI_VERSION };
	for (unsigned i = 0; i < sizeof(implemented) / sizeof(implemented[0]); i++) {
		r = smc8(PSCI_FEATURES, implemented[i], 0, 0, 0, 0, 0, 0);
		if (r.a0 != 0)
			t_fail(&t, "FEATURES(0x%x): expected 0 got 0x%lx", implemented[i], r.a0);
	}
	static const uint32_t unimplemented[] = { 0x840000ffu, PSCI_MIGRATE_64, 0xc400ffffu };
	for (unsigned i = 0; i < sizeof(unimplemented) / sizeof(unimplemented[0]); i++) {
		r = smc8(PSCI_FEATURES, unimplemented[i], 0, 0, 0, 0, 0, 0);
		if ((int32_t)r.a0 != PSCI_NOT_SUPPORTED)
			t_fail(&t, "FEATURES(0x%x): expected -1 got 0x%lx", unimplemented[i], r.a0);
	}
	t_end(&t);

	t_begin(&t, "psci_migrate_info_type");
	r = smc0(PSCI_MIGRATE_INFO_TYPE);
	EXPECT_EQ(&t, "MIGRATE_INFO_TYPE", PSCI_TOS_NOT_PRESENT_MP, r.a0);
	t_end(&t);

	t_begin(&t, "psci_affinity_info_off");
	int64_t aff = affinity_info(1);
	EXPECT_EQ(&t, "AFFINITY_INFO(1) before CPU_ON", PSCI_AFFINITY_OFF, aff);
	aff = affinity_info(0);
	EXPECT_EQ(&t, "AFFINITY_INFO(0) (self)", PSCI_AFFINITY_ON, aff);
	t_end(&t);

	t_begin(&t, "psci_cpu_on_invalid");
	r = smc8(PSCI_CPU_ON_64, 7, (uint64_t)(uintptr_t)core1_entry, 0, 0, 0, 0, 0);
	EXPECT_EQ(&t, "CPU_ON(mpidr 7)", (uint32_t)PSCI_INVALID_PARAMETERS, (uint32_t)r.a0);
	r = smc8(PSCI_CPU_ON_64, 0x100, (uint64_t)(uintptr_t)core1_entry, 0, 0, 0, 0, 0);
	EXPECT_EQ(&t, "CPU_ON(mpidr 0x100)", (uint32_t)PSCI_INVALID_PARAMETERS, (uint32_t)r.a0);
	r = smc8(PSCI_CPU_ON_64, 1, 0x0e000000, 0, 0, 0, 0, 0);
	EXPECT_EQ(&t, "CPU_ON(1, entry in secure SRAM)", (uint32_t)PSCI_INVALID_ADDRESS, (uint32_t)r.a0);
	r = smc8(PSCI_CPU_ON_64, 1, 0x50000000, 0, 0, 0, 0, 0);
	EXPECT_EQ(&t, "CPU_ON(1, entry outside any VM)", (uint32_t)PSCI_INVALID_ADDRESS, (uint32_t)r.a0);
	EXPECT_EQ(&t, "AFFINITY_INFO(1) after refused CPU_ONs", PSCI_AFFINITY_OFF, affinity_info(1));
	t_end(&t);

	t_begin(&t, "psci_cpu_on");
	core1_state = 0;
	core1_release = 0;
	dsb(sy);
	r = smc8(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)core1_entry, 0xc0ffee01, 0, 0, 0, 0);
	int on_ok = r.a0 == PSCI_SUCCESS;
	EXPECT_EQ(&t, "CPU_ON(1)", PSCI_SUCCESS, r.a0);
	if (on_ok && !wait_for(&core1_state, 1))
		t_fail(&t, "core 1 did not report in (state 0x%lx)", core1_state);
	if (on_ok && core1_state == 1)
		EXPECT_EQ(&t, "context id seen by core 1", 0xc0ffee01, core1_context);
	int core1_running = on_ok && core1_state == 1;
	t_end(&t);

	t_begin(&t, "psci_cpu_on_already_on");
	if (core1_running) {
		r = smc8(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)core1_entry, 0, 0, 0, 0, 0);
		EXPECT_EQ(&t, "second CPU_ON(1)", (uint32_t)PSCI_ALREADY_ON, (uint32_t)r.a0);
	} else {
		t_fail(&t, "core 1 not running");
	}
	t_end(&t);

	t_begin(&t, "psci_affinity_info");
	if (core1_running) {
		aff = affinity_info(1);
		EXPECT_EQ(&t, "AFFINITY_INFO(1) while on", PSCI_AFFINITY_ON, aff);
		core1_release = 1;
		dsb(sy);
		if (!wait_for(&core1_state, 2))
			t_fail(&t, "core 1 did not go to CPU_OFF (state 0x%lx)", core1_state);
		aff = -100;
		for (unsigned i = 0; i < 100000; i++) {
			aff = affinity_info(1);
			if (aff == PSCI_AFFINITY_OFF)
				break;
			cpu_yield();
		}
		EXPECT_EQ(&t, "AFFINITY_INFO(1) after CPU_OFF", PSCI_AFFINITY_OFF, aff);
		if (core1_state != 2)
			t_fail(&t, "CPU_OFF returned on core 1: state 0x%lx", core1_state);
	} else {
		t_fail(&t, "core 1 not running");
	}
	t_end(&t);

	/* Core 1 can be started again after CPU_OFF. */
	t_begin(&t, "psci_cpu_on_again");
	if (core1_running) {
		core1_state = 0;
		core1_release = 1;
		dsb(sy);
		r = smc8(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)core1_entry, 0xc0ffee02, 0, 0, 0,
			 0);
		EXPECT_EQ(&t, "CPU_ON(1) after CPU_OFF", PSCI_SUCCESS, r.a0);
		if (r.a0 == PSCI_SUCCESS) {
			if (!wait_for(&core1_state, 2))
				t_fail(&t, "core 1 did not come back (state 0x%lx)", core1_state);
			EXPECT_EQ(&t, "context id", 0xc0ffee02, core1_context);
			aff = -100;
			for (unsigned i = 0; i < 100000; i++) {
				aff = affinity_info(1);
				if (aff == PSCI_AFFINITY_OFF)
					break;
				cpu_yield();
			}
			EXPECT_EQ(&t, "AFFINITY_INFO(1) after second CPU_OFF", PSCI_AFFINITY_OFF, aff);
		}
	} else {
		t_fail(&t, "core 1 not running");
	}
	t_end(&t);
}

/* ---- core 1 as a worker -------------------------------------------------- */

int64_t core1_start_job(struct core1_job *job)
{
	job->magic = CORE1_JOB_MAGIC;
	job->done = job->ok = job->busy = job->errors = job->last_a0 = 0;
	dsb(sy);
	for (unsigned i = 0; i < 100000 && affinity_info(1) != PSCI_AFFINITY_OFF; i++)
		cpu_yield();
	return (int32_t)smc8(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)core1_entry, ptr_pa(job), 0, 0,
			     0, 0).a0;
}

int core1_wait_job(struct core1_job *job)
{
	if (!wait_for(&job->done, 1))
		return 0;
	for (unsigned i = 0; i < 100000; i++) {
		if (affinity_info(1) == PSCI_AFFINITY_OFF)
			return 1;
		cpu_yield();
	}
	return 0;
}
