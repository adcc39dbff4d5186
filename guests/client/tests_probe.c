/* World-switch transparency, register preservation and the OP-TEE probe. */
#include <abi/optee_smc.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include "client.h"

static struct ws_state ws_in, ws_pre, ws_post;

static const char *const ws_sysreg_names[] = { "FPSR", "FPCR", "TPIDR_EL0", "TPIDR_EL1",
					       "TPIDRRO_EL0", "SP_EL0", "VBAR_EL1",
					       "CONTEXTIDR_EL1" };

/* Loads known state, issues the SMC in r->x[0..7] and checks the state survived. */
void ws_check(struct test *tp, struct smc_regs *rp)
{
	struct test t = *tp;
	struct smc_regs r = *rp;

	for (int i = 0; i < 64; i++)
		ws_in.v[i] = 0xf00d000000000000ull | ((uint64_t)i << 40) | (0x01010101ull * (uint64_t)(i + 1));
	ws_in.fpsr = 0x0800009f;   /* QC, IDC, IXC, UFC, OFC, DZC, IOC */
	ws_in.fpcr = 0x07c00000;   /* AHP, DN, FZ, RMode = RZ */
	ws_in.tpidr_el0 = 0x7e57000000000e10ull;
	ws_in.tpidr_el1 = 0x7e57000000000e11ull;
	ws_in.tpidrro_el0 = 0x7e570000000000e0ull;
	ws_in.sp_el0 = 0x0000000047ff0ff0ull;
	ws_in.vbar_el1 = 0x0000000041234800ull;
	ws_in.contextidr_el1 = 0x5eed1234;
	for (int i = 0; i < 10; i++)
		ws_in.x[i] = 0xca11ee0000000000ull | ((uint64_t)(19 + i) << 16) | 0x5a5a;

	uint64_t x4 = r.x[4], x5 = r.x[5], x6 = r.x[6], x7 = r.x[7];
	ws_call(&ws_in, &ws_pre, &ws_post, &r);
	for (int i = 0; i < 64; i++) {
		if (ws_pre.v[i] != ws_in.v[i])
			t_fail(&t, "setup: v%d.d[%d] reads 0x%lx", i / 2, i % 2, ws_pre.v[i]);
		if (ws_post.v[i] != ws_pre.v[i]) {
			t_fail(&t, "v%d.d[%d]: expected 0x%lx got 0x%lx", i / 2, i % 2, ws_pre.v[i],
			       ws_post.v[i]);
		}
	}
	const uint64_t *pre = &ws_pre.fpsr, *post = &ws_post.fpsr, *in = &ws_in.fpsr;
	for (int i = 0; i < 8; i++) {
		if (pre[i] != in[i])
			printf("client: note: %s reads 0x%lx after writing 0x%lx\n",
			       ws_sysreg_names[i], pre[i], in[i]);
		if (post[i] != pre[i])
			t_fail(&t, "%s: expected 0x%lx got 0x%lx", ws_sysreg_names[i], pre[i],
			       post[i]);
	}
	for (int i = 0; i < 10; i++)
		if (ws_post.x[i] != ws_in.x[i])
			t_fail(&t, "x%d: expected 0x%lx got 0x%lx", 19 + i, ws_in.x[i], ws_post.x[i]);
	if (ws_post.sp != ws_pre.sp)
		t_fail(&t, "SP: expected 0x%lx got 0x%lx", ws_pre.sp, ws_post.sp);
	if (ws_post.fp != ws_pre.fp)
		t_fail(&t, "x29: expected 0x%lx got 0x%lx", ws_pre.fp, ws_post.fp);
	EXPECT_EQ(&t, "x4", x4, r.x[4]);
	EXPECT_EQ(&t, "x5", x5, r.x[5]);
	EXPECT_EQ(&t, "x6", x6, r.x[6]);
	EXPECT_EQ(&t, "x7", x7, r.x[7]);
	*tp = t;
	*rp = r;
}

#define TIMER_ENABLE 1u
#define TIMER_IMASK 2u

/*
 * The EL1 timers stay the normal world's through a secure call: the monitor
 * does not swap them (lib/el1_sysregs.h), so the secure side must leave them
 * as they were. Armed far ahead and masked (no interrupt), then read back
 * after a call the TEE kernel answers. Under the hypervisor the EL1 physical
 * timer is not the VM's (read as zero, writes ignored): the virtual one only.
 */
static void timers_kept_check(struct test *t, struct smc_regs *r)
{
	uint64_t now = read_sysreg(cntvct_el0);
	uint64_t vcval = now + 0x123456789ull, pcval = now + 0x23456789aull;
	write_sysreg(cntv_cval_el0, vcval);
	write_sysreg(cntv_ctl_el0, TIMER_ENABLE | TIMER_IMASK);
	if (!under_hypervisor) {
		write_sysreg(cntp_cval_el0, pcval);
		write_sysreg(cntp_ctl_el0, TIMER_ENABLE | TIMER_IMASK);
	}
	smc_call(r);
	EXPECT_EQ(t, "CNTV_CVAL_EL0", vcval, read_sysreg(cntv_cval_el0));
	EXPECT_EQ(t, "CNTV_CTL_EL0 (ENABLE, IMASK)", TIMER_ENABLE | TIMER_IMASK,
		  read_sysreg(cntv_ctl_el0) & 3);
	if (!under_hypervisor) {
		EXPECT_EQ(t, "CNTP_CVAL_EL0", pcval, read_sysreg(cntp_cval_el0));
		EXPECT_EQ(t, "CNTP_CTL_EL0 (ENABLE, IMASK)", TIMER_ENABLE | TIMER_IMASK,
			  read_sysreg(cntp_ctl_el0) & 3);
		write_sysreg(cntp_ctl_el0, 0);
	}
	write_sysreg(cntv_ctl_el0, 0);
}

void tests_world_switch(void)
{
	struct test t;
	t_begin(&t, "world_switch_timers_kept");
	struct smc_regs rt = { { OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, 1 } };
	timers_kept_check(&t, &rt);
	EXPECT_EQ(&t, "CALLS_UID a0", OPTEE_MSG_UID_0, rt.x[0]);
	t_end(&t);

	t_begin(&t, "world_switch_transparency");
	struct smc_regs r = { { OPTEE_SMC_CALLS_UID, 0, 0, 0, 0x4444, 0x5555, 0x6666, 1 } };
	ws_check(&t, &r);
	EXPECT_EQ(&t, "CALLS_UID a0", OPTEE_MSG_UID_0, r.x[0]);
	t_end(&t);

	t_begin(&t, "world_switch_transparency_vm2");
	struct smc_regs r2 = { { OPTEE_SMC_CALL_GET_OS_UUID, 0, 0, 0, 0x4444, 0x5555, 0x6666, 2 } };
	ws_check(&t, &r2);
	EXPECT_EQ(&t, "GET_OS_UUID a0", OPTEE_MSG_OS_OPTEE_UUID_0, r2.x[0]);
	t_end(&t);

	t_begin(&t, "world_switch_transparency_psci");
	struct smc_regs r3 = { { 0x84000000u /* PSCI_VERSION */, 0, 0, 0, 0x4444, 0x5555, 0x6666, 0 } };
	ws_check(&t, &r3);
	EXPECT_EQ(&t, "PSCI_VERSION", 0x10001, r3.x[0]);
	t_end(&t);
}

void tests_preservation(void)
{
	struct test t;
	t_begin(&t, "smccc_x4_x7_preserved");
	if (preserve_log.bad_4_7)
		t_fail(&t, "%u of %u calls changed x4..x7; first: fid 0x%lx x%lu = 0x%lx",
		       preserve_log.bad_4_7, preserve_log.calls, preserve_log.first_fid_4_7,
		       preserve_log.first_reg_4_7, preserve_log.first_val_4_7);
	t_end(&t);

	t_begin(&t, "smccc_x8_x17_preserved");
	if (preserve_log.bad_8_17)
		t_fail(&t, "%u of %u calls changed x8..x17; first: fid 0x%lx x%lu = 0x%lx",
		       preserve_log.bad_8_17, preserve_log.calls, preserve_log.first_fid_8_17,
		       preserve_log.first_reg_8_17, preserve_log.first_val_8_17);
	t_end(&t);
}

static void probe(struct vm *vm)
{
	struct test t;
	struct smc_res r;
	char name[48];
	uint32_t id = vm->id;

	snprintf(name, sizeof(name), "optee_calls_uid_vm%u", id);
	t_begin(&t, name);
	r = smc8(OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, id);
	EXPECT_EQ(&t, "UID a0", OPTEE_MSG_UID_0, r.a0);
	EXPECT_EQ(&t, "UID a1", OPTEE_MSG_UID_1, r.a1);
	EXPECT_EQ(&t, "UID a2", OPTEE_MSG_UID_2, r.a2);
	EXPECT_EQ(&t, "UID a3", OPTEE_MSG_UID_3, r.a3);
	t_end(&t);

	snprintf(name, sizeof(name), "optee_os_revision_vm%u", id);
	t_begin(&t, name);
	r = smc8(OPTEE_SMC_CALL_GET_OS_REVISION, 0, 0, 0, 0, 0, 0, id);
	if ((uint32_t)r.a0 == 0xffffffffu)
		t_fail(&t, "GET_OS_REVISION: got UNKNOWN_FUNCTION");
	else
		printf("client: vm %u: OP-TEE OS revision %lu.%lu (build 0x%lx)\n", id, r.a0, r.a1,
		       r.a2);
	t_end(&t);

	snprintf(name, sizeof(name), "optee_calls_revision_vm%u", id);
	t_begin(&t, name);
	r = smc8(OPTEE_SMC_CALLS_REVISION, 0, 0, 0, 0, 0, 0, id);
	EXPECT_EQ(&t, "CALLS_REVISION major", OPTEE_MSG_REVISION_MAJOR, r.a0);
	volatile uint64_t min_minor = OPTEE_MSG_REVISION_MINOR; /* as the driver: a1 >= minor */
	if (r.a0 == OPTEE_MSG_REVISION_MAJOR && r.a1 < min_minor)
		t_fail(&t, "CALLS_REVISION minor: expected >= %d got %lu", OPTEE_MSG_REVISION_MINOR,
		       r.a1);
	t_end(&t);

	snprintf(name, sizeof(name), "optee_os_uuid_vm%u", id);
	t_begin(&t, name);
	r = smc8(OPTEE_SMC_CALL_GET_OS_UUID, 0, 0, 0, 0, 0, 0, id);
	EXPECT_EQ(&t, "OS UUID a0", OPTEE_MSG_OS_OPTEE_UUID_0, r.a0);
	EXPECT_EQ(&t, "OS UUID a1", OPTEE_MSG_OS_OPTEE_UUID_1, r.a1);
	EXPECT_EQ(&t, "OS UUID a2", OPTEE_MSG_OS_OPTEE_UUID_2, r.a2);
	EXPECT_EQ(&t, "OS UUID a3", OPTEE_MSG_OS_OPTEE_UUID_3, r.a3);
	t_end(&t);

	snprintf(name, sizeof(name), "optee_capabilities_vm%u", id);
	t_begin(&t, name);
	/* Linux passes UNIPROCESSOR only on a !SMP kernel; an SMP guest passes 0. */
	r = smc8(OPTEE_SMC_EXCHANGE_CAPABILITIES, 0, 0, 0, 0, 0, 0, id);
	EXPECT_EQ(&t, "EXCHANGE_CAPABILITIES a0", OPTEE_SMC_RETURN_OK, r.a0);
	if (!(r.a1 & OPTEE_SMC_SEC_CAP_DYNAMIC_SHM))
		t_fail(&t, "caps 0x%lx: DYNAMIC_SHM not set", r.a1);
	if (r.a1 & OPTEE_SMC_SEC_CAP_HAVE_RESERVED_SHM)
		t_fail(&t, "caps 0x%lx: HAVE_RESERVED_SHM set", r.a1);
	printf("client: vm %u: secure caps 0x%lx\n", id, r.a1);
	t_end(&t);

	snprintf(name, sizeof(name), "optee_shm_cache_vm%u", id);
	t_begin(&t, name);
	/* Probe order of the driver: drop stale cache entries, then enable. */
	unsigned rounds = 0;
	do {
		r = smc8(OPTEE_SMC_DISABLE_SHM_CACHE, 0, 0, 0, 0, 0, 0, id);
	} while (r.a0 == OPTEE_SMC_RETURN_OK && ++rounds < 64);
	EXPECT_EQ(&t, "first DISABLE_SHM_CACHE loop end", OPTEE_SMC_RETURN_ENOTAVAIL, r.a0);
	r = smc8(OPTEE_SMC_ENABLE_SHM_CACHE, 0, 0, 0, 0, 0, 0, id);
	EXPECT_EQ(&t, "ENABLE_SHM_CACHE", OPTEE_SMC_RETURN_OK, r.a0);
	rounds = 0;
	do {
		r = smc8(OPTEE_SMC_DISABLE_SHM_CACHE, 0, 0, 0, 0, 0, 0, id);
	} while (r.a0 == OPTEE_SMC_RETURN_OK && ++rounds < 64);
	EXPECT_EQ(&t, "DISABLE_SHM_CACHE loop end", OPTEE_SMC_RETURN_ENOTAVAIL, r.a0);
	/* Leave it enabled, as a loaded driver does. */
	r = smc8(OPTEE_SMC_ENABLE_SHM_CACHE, 0, 0, 0, 0, 0, 0, id);
	EXPECT_EQ(&t, "ENABLE_SHM_CACHE again", OPTEE_SMC_RETURN_OK, r.a0);
	t_end(&t);
}

void tests_optee_probe(void)
{
	probe(&vm1);
	if (!under_hypervisor) /* vm1 is this VM; there is no other to tag */
		probe(&vm2);
}
