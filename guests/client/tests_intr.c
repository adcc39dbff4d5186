/*
 * Normal-world interrupts during long TEE calls. The client arms its EL1
 * virtual timer (PPI 27, group 1 non-secure) to fire every millisecond and
 * invokes the echo TA's SPIN command, long enough for many periods. While the
 * secure world runs, the timer interrupt is signalled to it as FIQ; the TEE
 * kernel suspends the call and returns OPTEE_SMC_RETURN_RPC_FOREIGN_INTR, the
 * client takes the IRQ at NS-EL1, and OPTEE_SMC_CALL_RETURN_FROM_RPC with the
 * same a1..a3 continues the call. Works alike without a hypervisor (the
 * physical GIC) and under it (the VM's virtual GIC, HW-linked virtual timer).
 */
#include <abi/optee_smc.h>
#include <abi/tee_client.h>
#include <lib/print.h>
#include <lib/sysreg.h>
#include <tzvisor/platform.h>
#include <tzvisor/pta_uuid.h>
#include "client.h"

#define GICD_CTLR       0x0000
#define GICD_CTLR_G1_ARE 0x13u /* non-secure view: ARE_NS, EnableGrp1A, EnableGrp1 */
#define GICR_FRAME(i)   (PLAT_GICR_BASE + (uint64_t)(i) * PLAT_GICR_STRIDE)
#define GICR_WAKER      0x0014
#define GICR_ISENABLER0 0x10100
#define GICR_ICENABLER0 0x10180
#define GICR_IPRIORITYR 0x10400
#define VTIMER_INTID    27
#define CNT_ENABLE      1u

/* Iterations of SPIN: tens of millions of TA instructions, many timer periods. */
#define SPIN_ITERATIONS 20000000ull
#define SPIN_SEED       0x0123456789abcdefull
#define MAX_ROUNDS      1000000u

static volatile uint64_t timer_irqs, other_irqs;
static volatile uint64_t timer_irq_at; /* CNTVCT when the latest timer IRQ was taken */
static uint64_t timer_period;

static volatile uint32_t *mmio32(uint64_t a)
{
	return (volatile uint32_t *)(uintptr_t)a;
}

/* IRQ at NS-EL1 (start.S irq_entry): EOImode 1, so EOIR drops the priority and DIR deactivates. */
void client_irq(void)
{
	uint64_t iar = read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
	uint32_t intid = (uint32_t)(iar & 0xffffff);
	if (intid >= 1020)
		return; /* spurious */
	if (intid == VTIMER_INTID) {
		timer_irqs++;
		timer_irq_at = read_sysreg(cntvct_el0);
		if (timer_period)
			write_sysreg(cntv_tval_el0, timer_period); /* next period */
		else
			write_sysreg(cntv_ctl_el0, 0);
		isb();
	} else {
		other_irqs++;
	}
	write_sysreg(S3_0_C12_C12_1, iar); /* ICC_EOIR1_EL1 */
	write_sysreg(S3_0_C12_C11_1, iar); /* ICC_DIR_EL1 */
	isb();
}

/*
 * The distributor's group 1 on (the monitor did that on the real GIC; a VM's
 * virtual one starts off), this core's redistributor awake with the virtual
 * timer's PPI on, the CPU interface on; IRQs stay masked in PSTATE.
 */
static void gic_timer_setup(void)
{
	uint32_t ctlr = *mmio32(PLAT_GICD_BASE + GICD_CTLR);
	if (!(ctlr & 3))
		*mmio32(PLAT_GICD_BASE + GICD_CTLR) = ctlr | GICD_CTLR_G1_ARE;
	uint64_t frame = GICR_FRAME(cpu_linear_id());
	*mmio32(frame + GICR_WAKER) = 0;
	while (*mmio32(frame + GICR_WAKER) & 4)
		;
	*mmio32(frame + GICR_IPRIORITYR + VTIMER_INTID / 4 * 4) = 0xa0a0a0a0u;
	*mmio32(frame + GICR_ISENABLER0) = 1u << VTIMER_INTID;
	write_sysreg(S3_0_C12_C12_5, read_sysreg(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff);                              /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_4, read_sysreg(S3_0_C12_C12_4) | 2); /* ICC_CTLR_EL1.EOImode */
	write_sysreg(S3_0_C12_C12_7, 1);                               /* ICC_IGRPEN1_EL1 */
	isb();
}

void timer_start(uint64_t period)
{
	timer_period = period;
	write_sysreg(cntv_tval_el0, period);
	write_sysreg(cntv_ctl_el0, CNT_ENABLE);
	isb();
	__asm__ volatile("msr daifclr, #2" ::: "memory"); /* PSTATE.I */
}

void timer_stop(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
	timer_period = 0;
	write_sysreg(cntv_ctl_el0, 0);
	isb();
}

static uint32_t open_echo(struct vm *vm, uint32_t *session)
{
	static const uint8_t echo_uuid[16] = PTA_ECHO_UUID_OCTETS;
	return open_session(vm, echo_uuid, session);
}

static struct optee_msg_arg *spin_arg(struct vm *vm, uint32_t session, uint64_t n)
{
	struct optee_msg_arg *arg = vm_arg(vm, 2);
	arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
	arg->func = PTA_ECHO_CMD_SPIN;
	arg->session = session;
	arg->params[0] = pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, n, SPIN_SEED, 0);
	arg->params[1] = pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0);
	return arg;
}

static void check_spin_result(struct test *t, const struct optee_msg_arg *arg, uint64_t n)
{
	uint64_t want = pta_lcg_jump(SPIN_SEED, n);
	EXPECT_EQ(t, "SPIN ret", TEEC_SUCCESS, arg->ret);
	EXPECT_EQ(t, "SPIN result low", (uint32_t)want, arg->params[1].u.value.a);
	EXPECT_EQ(t, "SPIN result high", want >> 32, arg->params[1].u.value.b);
	EXPECT_EQ(t, "SPIN iterations", n, arg->params[1].u.value.c);
}

static struct smc_res call_with_arg(struct vm *vm, const struct optee_msg_arg *arg)
{
	uint64_t pa = ptr_pa(arg);
	return smc8(OPTEE_SMC_CALL_WITH_ARG, pa >> 32, pa & 0xffffffffu, 0, 0, 0, 0, vm->id);
}

static struct smc_res resume(struct vm *vm, struct smc_res r)
{
	return smc8(OPTEE_SMC_CALL_RETURN_FROM_RPC, r.a1, r.a2, r.a3, 0, 0, 0, vm->id);
}

/*
 * While the call is suspended: wrong resume information is refused with
 * ERESUME, a second yielding call gets ETHREAD_LIMIT, fast calls are answered.
 */
static void while_suspended(struct test *t, struct vm *vm, struct smc_res r, uint32_t echo)
{
	struct smc_res b;
	b = smc8(OPTEE_SMC_CALL_RETURN_FROM_RPC, r.a1, r.a2, r.a3 + 1, 0, 0, 0, vm->id);
	EXPECT_EQ(t, "RETURN_FROM_RPC with a wrong thread id", OPTEE_SMC_RETURN_ERESUME, b.a0);
	b = smc8(OPTEE_SMC_CALL_RETURN_FROM_RPC, r.a1 - 1, r.a2, r.a3, 0, 0, 0, vm->id);
	EXPECT_EQ(t, "RETURN_FROM_RPC with stale resume information", OPTEE_SMC_RETURN_ERESUME,
		  b.a0);
	b = smc8(OPTEE_SMC_CALL_RETURN_FROM_RPC, r.a1, r.a2 ^ 1, r.a3, 0, 0, 0, vm->id);
	EXPECT_EQ(t, "RETURN_FROM_RPC with a wrong a2", OPTEE_SMC_RETURN_ERESUME, b.a0);

	struct optee_msg_arg *other = vm_arg(vm, 0);
	other->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
	other->func = PTA_ECHO_CMD_NULL;
	other->session = echo;
	b = call_with_arg(vm, other);
	EXPECT_EQ(t, "second yielding call while one is suspended", OPTEE_SMC_RETURN_ETHREAD_LIMIT,
		  b.a0);

	b = smc8(OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, vm->id);
	EXPECT_EQ(t, "fast call while a call is suspended", OPTEE_MSG_UID_0, b.a0);
}

/*
 * Under QEMU's multi-threaded TCG a due timer interrupt is raised by QEMU's
 * main-loop thread, which a loaded host can keep waiting longer than a whole
 * SPIN while this vCPU computes (seen: 24 ms, and in bursts). A SPIN that ran
 * to its end that way is checked and run again twice as long, at most
 * SPIN_ATTEMPTS times in all (the last ones at PTA_ECHO_SPIN_MAX, over a
 * second each); test images' TEE kernels say on the console whether the
 * interrupt had been raised (TZVDIAG, refused by the system tests) or not.
 */
#define SPIN_ATTEMPTS 7

static uint64_t spin_length(unsigned attempt)
{
	uint64_t n = SPIN_ITERATIONS << (attempt - 1);
	return n < PTA_ECHO_SPIN_MAX ? n : PTA_ECHO_SPIN_MAX;
}

/* One SPIN of n steps with the timer ticking, resumed until it ends. */
struct spin_run {
	struct optee_msg_arg *arg;
	struct smc_res r;
	unsigned foreign, irq_between, other_rpc;
	uint64_t ran_us; /* from the call to its first return */
	int64_t irq_us;	 /* when the timer IRQ seen at that return was taken (-1: none) */
};

static void spin_run(struct test *t, struct vm *vm, uint32_t echo, uint64_t n, struct spin_run *s)
{
	uint64_t period = read_sysreg(cntfrq_el0) / 1000; /* 1 ms */
	uint64_t us = read_sysreg(cntfrq_el0) / 1000000;
	unsigned rounds = 0;
	uint64_t irqs_before = timer_irqs;

	*s = (struct spin_run){.arg = spin_arg(vm, echo, n)};
	uint64_t call_start = read_sysreg(cntvct_el0);
	timer_start(period);
	s->r = call_with_arg(vm, s->arg);
	/* For the diagnosis of a call that never came back for the interrupt. */
	uint64_t first_return = read_sysreg(cntvct_el0), irq_at_first_return = timer_irq_at;
	while (s->r.a0 == OPTEE_SMC_RETURN_RPC_FOREIGN_INTR && rounds++ < MAX_ROUNDS) {
		uint64_t seen = timer_irqs; /* the IRQ was taken as soon as the SMC returned */
		s->foreign++;
		if (s->foreign == 1)
			while_suspended(t, vm, s->r, echo);
		if (seen > irqs_before)
			s->irq_between++;
		irqs_before = seen;
		s->r = resume(vm, s->r);
	}
	timer_stop();
	if (OPTEE_SMC_RETURN_IS_RPC(s->r.a0))
		s->other_rpc++;
	s->ran_us = (first_return - call_start) / us;
	s->irq_us = irq_at_first_return > call_start
			? (int64_t)((irq_at_first_return - call_start) / us)
			: -1;
	printf("client: VM %u SPIN of %llu iterations: %u foreign-interrupt returns, %u with the "
	       "IRQ taken in between, %lu timer IRQs\n",
	       vm->id, (unsigned long long)n, s->foreign, s->irq_between, timer_irqs);
}

/* SPIN suspended by the timer and resumed; returns 1 if the call completed. */
static int spin_interrupted(struct test *t, struct vm *vm, uint32_t echo)
{
	struct spin_run s;
	unsigned attempt;
	for (attempt = 1;; attempt++) {
		spin_run(t, vm, echo, spin_length(attempt), &s);
		if (s.foreign || s.r.a0 != OPTEE_SMC_RETURN_OK || attempt == SPIN_ATTEMPTS)
			break;
		check_spin_result(t, s.arg, spin_length(attempt));
		printf("client: VM %u SPIN attempt %u ran %lu us to its end without a "
		       "foreign-interrupt return, its timer IRQ taken at %ld us: again\n",
		       vm->id, attempt, s.ran_us, s.irq_us);
	}
	EXPECT_EQ(t, "final a0", OPTEE_SMC_RETURN_OK, s.r.a0);
	if (s.foreign == 0)
		t_fail(t,
		       "no RPC_FOREIGN_INTR return while the 1 ms timer ticked, %u attempts: the "
		       "last call ran %lu us; the timer IRQ was taken at %ld us (-1: none)",
		       attempt, s.ran_us, s.irq_us);
	if (s.irq_between == 0)
		t_fail(t,
		       "the client's IRQ handler never ran between an RPC return and its resume");
	if (s.other_rpc)
		t_fail(t, "unexpected RPC 0x%lx", s.r.a0);
	if (s.r.a0 != OPTEE_SMC_RETURN_OK)
		return 0;
	check_spin_result(t, s.arg, spin_length(attempt));
	return 1;
}

void tests_foreign_intr(struct vm *vm)
{
	struct test t;
	uint32_t echo = 0xffffffffu;

	gic_timer_setup();

	t_begin(&t, "intr_spin_without_interrupts");
	{
		/* the baseline: SPIN runs to its end with the timer off */
		uint32_t ret = open_echo(vm, &echo);
		EXPECT_EQ(&t, "open echo", TEEC_SUCCESS, ret);
		struct optee_msg_arg *arg = spin_arg(vm, echo, 100000);
		struct smc_res r = call_with_arg(vm, arg);
		EXPECT_EQ(&t, "a0", OPTEE_SMC_RETURN_OK, r.a0);
		check_spin_result(&t, arg, 100000);
		arg = spin_arg(vm, echo, PTA_ECHO_SPIN_MAX + 1);
		EXPECT_EQ(&t, "SPIN over the limit", TEEC_ERROR_BAD_PARAMETERS, msg_call(vm, arg));
	}
	t_end(&t);

	/*
	 * The PMU does not see the secure world (MDCR_EL3.SPME clear, SCCD set: not
	 * a bench image): counting everywhere, with PMCR_EL0.DP clear (pmu_start),
	 * the cycle counter stands still while SPIN runs in the TEE. PMCCNTR counts
	 * nanoseconds of QEMU's virtual clock without -icount; the generic timer
	 * measures the whole call. A counter that saw the secure side would show
	 * nearly all of the call's time.
	 */
	t_begin(&t, "pmu_secure_time_not_counted");
	if (pmu_usable()) {
		pmu_start();
		struct optee_msg_arg *arg = spin_arg(vm, echo, SPIN_ITERATIONS);
		uint64_t c0 = read_sysreg(pmccntr_el0), v0 = read_sysreg(cntvct_el0);
		struct smc_res r = call_with_arg(vm, arg);
		uint64_t c1 = read_sysreg(pmccntr_el0), v1 = read_sysreg(cntvct_el0);
		EXPECT_EQ(&t, "a0 (the timer is off: not suspended)", OPTEE_SMC_RETURN_OK, r.a0);
		check_spin_result(&t, arg, SPIN_ITERATIONS);
		uint64_t call_ns = (v1 - v0) * 1000000000ull / read_sysreg(cntfrq_el0);
		printf("client: VM %u SPIN of %llu iterations: %lu ns, PMCCNTR advanced by %lu\n",
		       vm->id, (unsigned long long)SPIN_ITERATIONS, call_ns, c1 - c0);
#ifndef CONFIG_BENCH_SECURE_PMU
		if ((c1 - c0) * 4 >= call_ns)
			t_fail(&t, "PMCCNTR advanced by %lu during a call of %lu ns", c1 - c0,
			       call_ns);
#else
		/* a bench image (make bench): the PMU must count the secure world */
		if ((c1 - c0) * 4 < call_ns)
			t_fail(&t, "bench image: PMCCNTR advanced by only %lu during a call of %lu ns",
			       c1 - c0, call_ns);
#endif
	}
	t_end(&t);

	t_begin(&t, "intr_foreign_interrupt_suspends_and_resumes");
	spin_interrupted(&t, vm, echo);
	t_end(&t);

	t_begin(&t, "intr_after_resume_calls_work");
	{
		/* the thread is free again: an ordinary call, and a stray resume is refused */
		struct optee_msg_arg *arg = spin_arg(vm, echo, 1000);
		EXPECT_EQ(&t, "SPIN 1000", TEEC_SUCCESS, msg_call(vm, arg));
		check_spin_result(&t, arg, 1000);
		struct smc_res r = smc8(OPTEE_SMC_CALL_RETURN_FROM_RPC, 1, 0, 0, 0, 0, 0, vm->id);
		EXPECT_EQ(&t, "RETURN_FROM_RPC with nothing suspended", OPTEE_SMC_RETURN_ERESUME, r.a0);
		EXPECT_EQ(&t, "close", TEEC_SUCCESS, close_session(vm, echo));
		if (other_irqs)
			t_fail(&t, "%lu interrupts other than the timer's", other_irqs);
	}
	t_end(&t);
}

/*
 * Without a hypervisor the client may send VM_DESTROYED itself (client id 0):
 * a call suspended in an RPC is discarded with the instance's state.
 */
void tests_foreign_intr_lifecycle(struct vm *vm)
{
	struct test t;
	uint32_t echo = 0xffffffffu;

	t_begin(&t, "intr_suspended_call_discarded_by_vm_destroyed");
	EXPECT_EQ(&t, "open echo", TEEC_SUCCESS, open_echo(vm, &echo));
	struct optee_msg_arg *arg = spin_arg(vm, echo, SPIN_ITERATIONS);
	timer_start(read_sysreg(cntfrq_el0) / 1000);
	struct smc_res r = call_with_arg(vm, arg);
	timer_stop();
	EXPECT_EQ(&t, "first return", OPTEE_SMC_RETURN_RPC_FOREIGN_INTR, r.a0);
	if (r.a0 == OPTEE_SMC_RETURN_RPC_FOREIGN_INTR) {
		struct smc_res d = smc8(OPTEE_SMC_VM_DESTROYED, vm->id, 0, 0, 0, 0, 0, 0);
		EXPECT_EQ(&t, "VM_DESTROYED", OPTEE_SMC_RETURN_OK, d.a0);
		d = smc8(OPTEE_SMC_VM_CREATED, vm->id, 0, 0, 0, 0, 0, 0);
		EXPECT_EQ(&t, "VM_CREATED", OPTEE_SMC_RETURN_OK, d.a0);
		d = resume(vm, r);
		EXPECT_EQ(&t, "resume of the discarded call", OPTEE_SMC_RETURN_ERESUME, d.a0);
		EXPECT_EQ(&t, "open echo on the new instance", TEEC_SUCCESS, open_echo(vm, &echo));
		arg = spin_arg(vm, echo, 1000);
		EXPECT_EQ(&t, "SPIN 1000", TEEC_SUCCESS, msg_call(vm, arg));
		check_spin_result(&t, arg, 1000);
		close_session(vm, echo);
	}
	t_end(&t);
}
