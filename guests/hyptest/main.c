/*
 * hyptest: what one VM checks through the hypervisor. Its PSCI is its own
 * (one core, VM-local MPIDR), its OP-TEE calls reach its own TEE instance
 * whatever it puts in w7, and addresses outside its RAM are refused. VM 2
 * restarts itself once with PSCI SYSTEM_RESET and checks that it then meets a
 * fresh TEE instance. At the end it echoes the lines it reads from its
 * console (emulated PL011) with its VM id, until "bye" (or no input at all
 * within the first 800 ms).
 *
 * Attack builds, each of which must stop or fail alone while the others work:
 * `hypattack` (HYPTEST_ATTACK=1) forges its VM id (needs the hypervisor's
 * test hooks), floods the TEE with calls for at least FLOOD_MIN_CALLS calls
 * and FLOOD_MIN_MS, then reads another VM's RAM; `hypsram` (HYPTEST_ATTACK=2)
 * makes its own TEE instance fault (hello TOUCH of another VM's RAM), then
 * reads secure SRAM. The plain build counts calls made while the flood runs
 * and uses its early session after the other instance died.
 *
 * In a VM with several vCPUs, vCPU 1 counts in RAM without ever trapping; the
 * VM resets itself, checks that the reset stopped vCPU 1, starts it again and
 * stops with it running (the hypervisor must stop it too).
 */
#include <abi/optee_msg.h>
#include <abi/optee_smc.h>
#include <abi/psci.h>
#include <abi/tee_client.h>
#include <lib/pl011.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/hyp_abi.h>
#include <tzvisor/platform.h>
#include <tzvisor/pta_uuid.h>
#include <tzvisor/sip.h>

struct smc_result {
	uint64_t a0, a1, a2, a3;
};

struct smc_result guest_smc(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			    uint64_t a5, uint64_t a6, uint64_t a7);

struct smc_result guest_hvc(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			    uint64_t a5, uint64_t a6, uint64_t a7);

/* guest_smc without the smc: the loop overhead a measurement subtracts. */
struct smc_result guest_nosmc(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			      uint64_t a5, uint64_t a6, uint64_t a7);

static uint32_t vm_id;
static uint64_t ram_base, ram_size;
static unsigned failures;
static uint32_t hello_session = 0xffffffffu; /* opened early by check_tee */
static uint64_t vcpu_count = 1;               /* what virtual PSCI says this VM has */

void console_putc(char c)
{
	pl011_putc(PLAT_UART0_BASE, c); /* the emulated UART: every access traps */
}

static void check(int ok, const char *name, const char *fmt, uint64_t got)
{
	if (ok) {
		printf("CHECK %s: PASS\n", name);
		return;
	}
	failures++;
	printf("CHECK %s: FAIL (", name);
	printf(fmt, got);
	printf(")\n");
}

static void finish(void)
{
	printf("hyptest: VM %u done, %u failed\n", vm_id, failures);
	guest_smc(TZV_SIP_TEST_EXIT, failures, 0, 0, 0, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void guest_exception(uint64_t esr, uint64_t elr, uint64_t far)
{
	printf("hyptest: unexpected exception esr 0x%lx elr 0x%lx far 0x%lx\n", esr, elr, far);
	failures++;
	finish();
}

/* Scratch pages for messages, 1 MiB into the VM's RAM (above this image). */
static uint64_t scratch_next;
static void *scratch_page(void)
{
	if (!scratch_next)
		scratch_next = ram_base + 0x100000;
	void *p = (void *)scratch_next;
	memset(p, 0, PAGE_SIZE);
	scratch_next += PAGE_SIZE;
	return p;
}

/*
 * CALL_WITH_ARG with the message at pa, tagged `tag` in w7 (the hypervisor
 * replaces it). Like the Linux driver it waits out ETHREAD_LIMIT and resumes
 * a call that an interrupt of ours suspended (RPC_FOREIGN_INTR): left alone,
 * the suspended call would hold the instance's only thread for ever.
 */
static uint64_t call_with_arg(uint64_t pa, uint32_t tag)
{
	struct smc_result r = { OPTEE_SMC_CALL_WITH_ARG, pa >> 32, pa & 0xffffffffu, 0 };
	uint64_t a0 = OPTEE_SMC_CALL_WITH_ARG;
	for (;;) {
		r = guest_smc(a0, r.a1, r.a2, r.a3, 0, 0, 0, tag);
		if (r.a0 == OPTEE_SMC_RETURN_ETHREAD_LIMIT) {
			r.a1 = pa >> 32;
			r.a2 = pa & 0xffffffffu;
			r.a3 = 0;
			continue;
		}
		if (r.a0 != OPTEE_SMC_RETURN_RPC_FOREIGN_INTR)
			return r.a0;
		a0 = OPTEE_SMC_CALL_RETURN_FROM_RPC; /* a1..a3 as returned */
	}
}

static uint32_t open_pta(const uint8_t uuid[16], uint32_t *session)
{
	struct optee_msg_arg *arg = scratch_page();
	arg->cmd = OPTEE_MSG_CMD_OPEN_SESSION;
	arg->num_params = 2;
	arg->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	arg->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	memcpy(&arg->params[0].u.value, uuid, 16);
	arg->params[1].u.value.c = OPTEE_MSG_LOGIN_PUBLIC;
	uint64_t a0 = call_with_arg((uint64_t)arg, vm_id);
	*session = arg->session;
	return a0 == OPTEE_SMC_RETURN_OK ? arg->ret : 0xeeee0000u | (uint32_t)a0;
}

static uint32_t open_hello(uint32_t *session)
{
	static const uint8_t uuid[16] = PTA_HELLO_UUID_OCTETS;
	return open_pta(uuid, session);
}

/* A hello INVOKE with one value parameter of type attr, written into the page at arg. */
static struct optee_msg_arg *hello_msg(void *page, uint32_t session, uint32_t func, uint64_t attr)
{
	struct optee_msg_arg *arg = page;
	memset(arg, 0, PAGE_SIZE);
	arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
	arg->func = func;
	arg->session = session;
	arg->num_params = 1;
	arg->params[0].attr = attr;
	return arg;
}

/* hello's instance-wide counter += 1; returns the new value (or ~0 on error). */
static uint64_t hello_inc_global(uint32_t session, uint32_t tag)
{
	struct optee_msg_arg *arg = hello_msg(scratch_page(), session, PTA_HELLO_CMD_INC_GLOBAL,
					      OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT);
	if (call_with_arg((uint64_t)arg, tag) != OPTEE_SMC_RETURN_OK || arg->ret != TEEC_SUCCESS)
		return ~0ul;
	return arg->params[0].u.value.a;
}

static void check_psci(void)
{
	struct smc_result r = guest_smc(PSCI_VERSION, 0, 0, 0, 0, 0, 0, 0);
	check(r.a0 == PSCI_VERSION_1_1, "hyp_psci_version", "got 0x%lx", r.a0);
	r = guest_hvc(PSCI_VERSION, 0, 0, 0, 0, 0, 0, 0);
	check(r.a0 == PSCI_VERSION_1_1, "hyp_psci_version_by_hvc", "got 0x%lx", r.a0);
	r = guest_hvc(TZV_HYP_VM_INFO, 0, 0, 0, 0, 0, 0, 0);
	check(r.a0 == 0 && r.a1 == vm_id, "hyp_vm_info_by_hvc", "a1 0x%lx", r.a1);
	uint64_t mpidr = read_sysreg(mpidr_el1) & 0xffffff;
	check(mpidr == 0, "hyp_vmpidr_is_vm_local", "MPIDR_EL1 affinity 0x%lx", mpidr);
	/* Index vcpu_count is another VM's physical core (or nobody's): not this VM's. */
	r = guest_smc(PSCI_CPU_ON_64, vcpu_count, ram_base, 0, 0, 0, 0, 0);
	check((int64_t)r.a0 == PSCI_INVALID_PARAMETERS, "hyp_cpu_on_other_core_refused",
	      "CPU_ON(1) returned %ld", r.a0);
	r = guest_smc(PSCI_CPU_ON_64, 0, ram_base, 0, 0, 0, 0, 0);
	check((int64_t)r.a0 == PSCI_ALREADY_ON, "hyp_cpu_on_self_already_on",
	      "CPU_ON(0) returned %ld", r.a0);
	r = guest_smc(PSCI_AFFINITY_INFO_64, 0, 0, 0, 0, 0, 0, 0);
	check(r.a0 == PSCI_AFFINITY_ON, "hyp_affinity_info_self", "got %ld", r.a0);
	r = guest_smc(0x86001234u, 0, 0, 0, 0, 0, 0, 0);
	check((uint32_t)r.a0 == 0xffffffffu, "hyp_unknown_fid", "got 0x%lx", r.a0);
	r = guest_smc(OPTEE_SMC_VM_DESTROYED, vm_id, 0, 0, 0, 0, 0, 0);
	check((uint32_t)r.a0 == OPTEE_SMC_RETURN_UNKNOWN_FUNCTION, "hyp_guest_lifecycle_refused",
	      "VM_DESTROYED from a guest returned 0x%lx", r.a0);
}

uint64_t probe_sve(void);

/*
 * An SVE instruction with SVE enabled at EL1 (CPACR_EL1.ZEN): the hypervisor
 * traps it (CPTR_EL2.TZ) and must hand it back as an undefined instruction,
 * not stop the VM; without SVE (-cpu max,sve=off) it is undefined anyway.
 */
static void check_guest_traps(void)
{
	uint64_t cpacr = read_sysreg(cpacr_el1);
	write_sysreg(cpacr_el1, cpacr | (3ul << 16) | (3ul << 20)); /* ZEN, FPEN */
	isb();
	uint64_t undefined = probe_sve();
	write_sysreg(cpacr_el1, cpacr);
	isb();
	check(undefined == 1, "hyp_guest_sve_undefined_vm_runs", "probe returned %lu", undefined);
}

static void check_tee(void)
{
	struct smc_result r = guest_smc(OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, 0);
	check(r.a0 == OPTEE_MSG_UID_0 && r.a3 == OPTEE_MSG_UID_3, "hyp_optee_calls_uid",
	      "a0 0x%lx", r.a0);
	uint32_t session;
	uint32_t ret = open_hello(&session);
	check(ret == TEEC_SUCCESS, "hyp_open_hello", "ret 0x%lx", ret);
	hello_session = session;
	/* Its own instance: the instance-wide counter counts only this VM's calls, even
	 * when the call is tagged as another VM (the hypervisor puts the real id in w7). */
	uint64_t other = vm_id == 1 ? 2 : 1;
	uint64_t v1 = hello_inc_global(session, vm_id);
	uint64_t v2 = hello_inc_global(session, (uint32_t)other);
	uint64_t v3 = hello_inc_global(session, 0);
	printf("hyptest: VM %u instance counter %lu %lu %lu\n", vm_id, v1, v2, v3);
	check(v1 == 1 && v2 == 2 && v3 == 3, "hyp_own_tee_instance", "counter after 3 calls %lu", v3);

	/* Message buffers outside this VM's RAM: other VMs, the hypervisor, secure SRAM. */
	uint64_t bad[] = { other == 1 ? 0x42000000ul : 0x4a000000ul, 0x40000000ul,
			   0x40800000ul, SRAM_BASE, 0x52000000ul /* nobody's */ };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bad[i] >= ram_base && bad[i] - ram_base < ram_size)
			continue;
		uint64_t a0 = call_with_arg(bad[i], vm_id);
		char name[64];
		snprintf(name, sizeof(name), "hyp_msg_at_0x%lx_refused", bad[i]);
		check(a0 == OPTEE_SMC_RETURN_EBADADDR, name, "a0 0x%lx", a0);
	}
}

/* Outside the image, so it survives the image reload of a SYSTEM_RESET. */
#define BOOT_MARK_OFFSET 0x07fff000ul
#define BOOT_MARK_MAGIC 0x7265736574746f6eul

static uint64_t deadline_ms(uint64_t ms)
{
	return read_sysreg(cntpct_el0) + read_sysreg(cntfrq_el0) / 1000 * ms;
}

static void delay_ms(uint64_t ms)
{
	uint64_t end = deadline_ms(ms);
	while (read_sysreg(cntpct_el0) < end)
		;
}

/*
 * Events of the hypervisor's test hooks (qemu-attack only): the attack test
 * orders what its VMs do by what the others have done, not by delays. Other
 * hypervisors answer NOT_SUPPORTED and the waits fall back to a delay.
 */
#define TZV_HYP_TEST_EVENT 0x860000f1u
#define EV_FLOOD_STARTED 0
#define EV_TEE_KILLED 1
#define EV_SPIN_STARTED 2  /* hypstall: VM 1 is about to enter its long secure call */
#define EV_STALL_RESULTS 3 /* hypstall: VM 2 has printed its results */
#define EV_CALLS_DONE(vm) (8 + (vm))
#define EV_SESSION_OPEN(vm) (16 + (vm))
#define EV_VM_STOPPED(vm) (32 + (vm)) /* raised by the hypervisor */

static int event_raised(unsigned n)
{
	return guest_smc(TZV_HYP_TEST_EVENT, 1, n, 0, 0, 0, 0, 0).a0 == 1;
}

static int events_available(void)
{
	return (int64_t)guest_smc(TZV_HYP_TEST_EVENT, 1, 63, 0, 0, 0, 0, 0).a0 >= 0;
}

static void event_raise(unsigned n)
{
	guest_smc(TZV_HYP_TEST_EVENT, 0, n, 0, 0, 0, 0, 0);
}

/* Waits for event n (at most ms), or just ms when there are no events. */
static void event_wait(unsigned n, uint64_t ms)
{
	if (!events_available()) {
		delay_ms(ms);
		return;
	}
	uint64_t end = deadline_ms(ms);
	while (!event_raised(n) && read_sysreg(cntpct_el0) < end)
		__asm__ volatile("yield");
}

/* hello INVOKE with one value parameter; returns arg->ret (or 0xeeee0000 | a0). */
static uint32_t hello_call(uint32_t session, uint32_t func, uint64_t in_a, uint64_t *out_a)
{
	struct optee_msg_arg *arg =
		hello_msg(scratch_page(), session, func,
			  out_a ? OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT : OPTEE_MSG_ATTR_TYPE_VALUE_INPUT);
	arg->params[0].u.value.a = in_a;
	uint64_t a0 = call_with_arg((uint64_t)arg, vm_id);
	if (a0 != OPTEE_SMC_RETURN_OK)
		return 0xeeee0000u | (uint32_t)a0;
	if (out_a)
		*out_a = arg->params[0].u.value.a;
	return arg->ret;
}

/*
 * Calls made while another VM may be flooding the TEE: all must complete
 * (counted, never timed). The message page is reused: one scratch page.
 */
static void calls_while_flooded(void)
{
	enum { N = 200 };
	void *page = scratch_page();
	unsigned ok = 0;
	uint64_t last = 0;
	for (unsigned i = 0; i < N; i++) {
		struct optee_msg_arg *arg = hello_msg(page, hello_session, PTA_HELLO_CMD_INC,
						      OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT);
		if (call_with_arg((uint64_t)arg, vm_id) == OPTEE_SMC_RETURN_OK &&
		    arg->ret == TEEC_SUCCESS && arg->params[0].u.value.a == last + 1) {
			ok++;
			last = arg->params[0].u.value.a;
		}
		struct smc_result u = guest_smc(OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, 0);
		if (u.a0 != OPTEE_MSG_UID_0)
			ok--;
	}
	printf("hyptest: VM %u completed %u of %u calls meanwhile\n", vm_id, ok, N);
	check(ok == N, "hyp_calls_complete_meanwhile", "%lu completed", ok);
}

/* Console input: echoes each line read from the emulated UART. */
static void echo_input(void)
{
	char line[80];
	unsigned len = 0;
	uint64_t idle_end = deadline_ms(800);
	int seen = 0;
	printf("hyptest: VM %u reads its console\n", vm_id);
	for (;;) {
		int c = pl011_getc(PLAT_UART0_BASE);
		if (c < 0) {
			if (read_sysreg(cntpct_el0) > idle_end) {
				printf("hyptest: VM %u: %s\n", vm_id,
				       seen ? "console input stopped" : "no console input");
				return;
			}
			continue;
		}
		if (!seen)
			idle_end = deadline_ms(20000);
		seen = 1;
		if (c != '\r' && c != '\n') {
			if (len < sizeof(line) - 1)
				line[len++] = (char)c;
			continue;
		}
		line[len] = 0;
		len = 0;
		printf("hyptest: VM %u read: %s\n", vm_id, line);
		if (!strcmp(line, "bye"))
			return;
	}
}

/*
 * Instructions per PSCI_VERSION answered by the hypervisor (exact under QEMU
 * -icount shift=0, where the cycle counter counts instructions): counted at
 * EL1, NS-EL2 and EL3, the loop without the SMC subtracted.
 */
static void bench_psci_version(void)
{
	enum { N = 100 };
	write_sysreg(pmccfiltr_el0, (1ul << 27) | (1ul << 26)); /* NSH, M: also EL2 and EL3 */
	write_sysreg(pmcntenset_el0, 1ul << 31);
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | 1u | (1ul << 6)); /* E, LC */
	isb();
	uint64_t t0 = read_sysreg(pmccntr_el0);
	for (int i = 0; i < N; i++)
		guest_smc(PSCI_VERSION, 0, 0, 0, 0, 0, 0, 0);
	uint64_t t1 = read_sysreg(pmccntr_el0);
	for (int i = 0; i < N; i++)
		guest_nosmc(PSCI_VERSION, 0, 0, 0, 0, 0, 0, 0);
	uint64_t t2 = read_sysreg(pmccntr_el0);
	uint64_t per_call = ((t1 - t0) - (t2 - t1)) / N;
	printf("bench: hyp_psci_version_round_trip: %lu instructions\n", per_call);
}

/* ---- the virtual GIC: its distributor, redistributors, timer and SGIs ----- */

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_ISENABLER1 0x0104
#define GICD_ICENABLER1 0x0184
#define GICD_IROUTER(n) (0x6000 + 8 * (n))
#define GICD_PIDR2 0xffe8
#define GICR_FRAME(i) (PLAT_GICR_BASE + (i) * PLAT_GICR_STRIDE)
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_ISENABLER0 0x10100
#define GICR_IPRIORITYR 0x10400
#define VTIMER_INTID 27
#define TEST_SGI 1

static volatile uint32_t *mmio32(uint64_t a)
{
	return (volatile uint32_t *)a;
}

/* Interrupts taken, per vCPU (index 0 or 1), by INTID class. */
static volatile uint64_t timer_irqs;
static volatile uint64_t sgi_irqs[2];
static volatile uint64_t other_irqs;
static volatile uint64_t timer_rearm; /* re-arm the timer from the handler this many times */

/* EOImode 1 (set in gic_cpu_on): EOIR drops the priority, DIR deactivates (the timer's
 * deactivation also deactivates the physical one: the hypervisor injects it with HW). */
void guest_irq(void)
{
	uint64_t iar = read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
	uint32_t intid = (uint32_t)(iar & 0xffffff);
	uint64_t me = read_sysreg(mpidr_el1) & 0xff;
	if (intid >= 1020)
		return;
	if (intid == VTIMER_INTID) {
		timer_irqs++;
		if (timer_rearm) {
			timer_rearm--;
			write_sysreg(cntv_tval_el0, read_sysreg(cntfrq_el0) / 1000);
		} else {
			write_sysreg(cntv_ctl_el0, 0);
		}
		isb();
	} else if (intid == TEST_SGI && me < 2) {
		sgi_irqs[me]++;
	} else {
		other_irqs++;
	}
	write_sysreg(S3_0_C12_C12_1, iar); /* ICC_EOIR1_EL1 */
	write_sysreg(S3_0_C12_C11_1, iar); /* ICC_DIR_EL1 */
	isb();
}

/* This vCPU's side: its redistributor awake, the timer PPI and the test SGI enabled,
 * the (virtual) CPU interface on with EOImode 1, IRQs unmasked. */
static void gic_cpu_on(uint64_t index)
{
	uint64_t frame = GICR_FRAME(index);
	*mmio32(frame + GICR_WAKER) = 0;
	while (*mmio32(frame + GICR_WAKER) & 4)
		;
	*mmio32(frame + GICR_IPRIORITYR + VTIMER_INTID / 4 * 4) = 0xa0a0a0a0u;
	*mmio32(frame + GICR_IPRIORITYR) = 0xa0a0a0a0u;
	*mmio32(frame + GICR_ISENABLER0) = (1u << VTIMER_INTID) | (1u << TEST_SGI);
	write_sysreg(S3_0_C12_C12_5, read_sysreg(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff);                              /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_4, read_sysreg(S3_0_C12_C12_4) | 2); /* ICC_CTLR_EL1.EOImode */
	write_sysreg(S3_0_C12_C12_7, 1);                               /* ICC_IGRPEN1_EL1 */
	isb();
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static void gic_cpu_off(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
	write_sysreg(cntv_ctl_el0, 0);
	isb();
}

static void send_sgi(uint64_t value)
{
	write_sysreg(S3_0_C12_C11_5, value); /* ICC_SGI1R_EL1 */
	isb();
}

/* Waits up to ms for *counter to reach n; 1 if it did. */
static int wait_count(volatile uint64_t *counter, uint64_t n, uint64_t ms)
{
	uint64_t end = deadline_ms(ms);
	while (*counter < n && read_sysreg(cntpct_el0) < end)
		;
	return *counter >= n;
}

/* vCPU 1 in the SGI test: takes SGIs asleep in WFI until told to go off. */
static volatile uint64_t sgi_secondary_ready, sgi_secondary_stop;

static void sgi_secondary(void)
{
	gic_cpu_on(1);
	sgi_secondary_ready = 1;
	while (!sgi_secondary_stop)
		__asm__ volatile("wfi");
	gic_cpu_off();
	guest_smc(PSCI_CPU_OFF, 0, 0, 0, 0, 0, 0, 0);
}

static int start_secondary(int sgi_mode);

static void check_gic(void)
{
	uint32_t pidr2 = *mmio32(PLAT_GICD_BASE + GICD_PIDR2);
	uint32_t typer = *mmio32(PLAT_GICD_BASE + GICD_TYPER);
	check((pidr2 & 0xf0) == 0x30 && (typer & 0x1f) == 1, "hyp_gicd_is_v3_64_lines",
	      "TYPER 0x%lx", typer);
	/* Only its own SPI (the console's, INTID 33) can be enabled. */
	*mmio32(PLAT_GICD_BASE + GICD_ISENABLER1) = ~0u;
	uint32_t en = *mmio32(PLAT_GICD_BASE + GICD_ISENABLER1);
	*mmio32(PLAT_GICD_BASE + GICD_ICENABLER1) = ~0u;
	check(en == 1u << 1, "hyp_gicd_only_own_spis", "ISENABLER1 0x%lx", en);
	/* One redistributor per vCPU, affinity = its MPIDR, Last on the last one. */
	int frames_ok = 1;
	for (uint64_t i = 0; i < vcpu_count; i++) {
		uint64_t t = *(volatile uint64_t *)(GICR_FRAME(i) + GICR_TYPER);
		frames_ok &= (t >> 32) == i && ((t >> 4) & 1) == (i + 1 == vcpu_count);
	}
	check(frames_ok, "hyp_gicr_frames_own_vcpus", "%lu vCPUs", vcpu_count);

	*mmio32(PLAT_GICD_BASE + GICD_CTLR) = 0x13; /* ARE_NS, EnableGrp1A, EnableGrp1 */
	gic_cpu_on(0);
	/* The virtual timer, 1 ms, five times (re-armed from the handler). */
	timer_rearm = 4;
	write_sysreg(cntv_tval_el0, read_sysreg(cntfrq_el0) / 1000);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	int ticked = wait_count(&timer_irqs, 5, 10000);
	check(ticked, "hyp_vtimer_interrupts", "%lu timer interrupts", timer_irqs);

	/* An SGI to itself, then to vCPUs this VM does not have: nothing arrives. */
	send_sgi(((uint64_t)TEST_SGI << 24) | 1);
	check(wait_count(&sgi_irqs[0], 1, 5000), "hyp_sgi_to_self", "%lu SGIs", sgi_irqs[0]);
	send_sgi(((uint64_t)TEST_SGI << 24) | (1ul << vcpu_count) | (1ul << 7));
	send_sgi(((uint64_t)TEST_SGI << 24) | (1ul << 16) | 1); /* Aff1 = 1 */
	delay_ms(50);
	check(sgi_irqs[0] == 1 && other_irqs == 0, "hyp_sgi_to_missing_vcpu_goes_nowhere",
	      "%lu SGIs", sgi_irqs[0]);
	if (vcpu_count > 1) {
		int ok = start_secondary(1);
		uint64_t end = deadline_ms(10000);
		while (ok && !sgi_secondary_ready && read_sysreg(cntpct_el0) < end)
			;
		for (uint64_t n = 1; n <= 3; n++) {
			send_sgi(((uint64_t)TEST_SGI << 24) | 2); /* vCPU 1 */
			ok &= wait_count(&sgi_irqs[1], n, 5000);
		}
		send_sgi(((uint64_t)TEST_SGI << 24) | (1ul << 40)); /* IRM: all but itself */
		ok &= wait_count(&sgi_irqs[1], 4, 5000);
		delay_ms(20);
		check(ok && sgi_irqs[1] == 4 && sgi_irqs[0] == 1, "hyp_sgi_to_other_vcpu",
		      "vCPU 1 took %lu SGIs", sgi_irqs[1]);
		sgi_secondary_stop = 1;
		send_sgi(((uint64_t)TEST_SGI << 24) | 2);
		end = deadline_ms(2000);
		while (guest_smc(PSCI_AFFINITY_INFO_64, 1, 0, 0, 0, 0, 0, 0).a0 != PSCI_AFFINITY_OFF &&
		       read_sysreg(cntpct_el0) < end)
			;
	}
	gic_cpu_off();
	printf("hyptest: VM %u took %lu timer interrupts, SGIs %lu %lu\n", vm_id, timer_irqs,
	       sgi_irqs[0], sgi_irqs[1]);
}

/* ---- a VM with several vCPUs: a reset or a stop stops them all ---------- */

#define SPIN_COUNTER_OFFSET 0x07ffe000ul /* outside the image: survives a reset */
#define SECONDARY_STACK_OFFSET 0x07ff0000ul

extern char secondary_start[];
static volatile uint64_t secondary_sgi_mode;

/* vCPU 1: counts in RAM for ever, without a single trap; only its VM's end stops it.
 * (In the GIC test it takes SGIs instead.) */
void guest_secondary(void)
{
	if (secondary_sgi_mode) {
		sgi_secondary();
		return;
	}
	volatile uint64_t *counter = (volatile uint64_t *)(ram_base + SPIN_COUNTER_OFFSET);
	for (;;)
		counter[0]++;
}

static int start_secondary(int sgi_mode)
{
	secondary_sgi_mode = (uint64_t)sgi_mode;
	struct smc_result r = guest_smc(PSCI_CPU_ON_64, 1, (uint64_t)secondary_start,
					ram_base + SECONDARY_STACK_OFFSET, 0, 0, 0, 0);
	return r.a0 == PSCI_SUCCESS;
}

static uint64_t count_vcpus(void)
{
	uint64_t n = 1;
	while (n < 8 && (int64_t)guest_smc(PSCI_AFFINITY_INFO_64, n, 0, 0, 0, 0, 0, 0).a0 !=
				PSCI_INVALID_PARAMETERS)
		n++;
	return n;
}

/* Starts vCPU 1 spinning; 1 if its counter moves. */
static int start_spinner(void)
{
	volatile uint64_t *counter = (volatile uint64_t *)(ram_base + SPIN_COUNTER_OFFSET);
	uint64_t before = counter[0];
	if (!start_secondary(0))
		return 0;
	uint64_t end = deadline_ms(2000);
	while (counter[0] == before && read_sysreg(cntpct_el0) < end)
		;
	return counter[0] != before;
}

/* Second boot after SYSTEM_RESET, vCPU 1 was spinning: it must be off now. */
static void check_spinner_stopped(void)
{
	volatile uint64_t *counter = (volatile uint64_t *)(ram_base + SPIN_COUNTER_OFFSET);
	uint64_t c1 = counter[0];
	delay_ms(50);
	uint64_t c2 = counter[0];
	check(c1 == c2, "hyp_smp_reset_stopped_other_vcpu", "counter moved by %lu", c2 - c1);
	struct smc_result r = guest_smc(PSCI_AFFINITY_INFO_64, 1, 0, 0, 0, 0, 0, 0);
	check(r.a0 == PSCI_AFFINITY_OFF, "hyp_smp_other_vcpu_off_after_reset", "AFFINITY_INFO %ld",
	      r.a0);
	check(start_spinner(), "hyp_smp_cpu_on_after_reset", "counter did not move", 0);
	printf("hyptest: VM %u stops with vCPU 1 still running\n", vm_id);
}

#ifdef HYPTEST_ATTACK
#define TZV_HYP_TEST_FORWARD_AS 0x860000f0u /* hyp built with CONFIG_HYP_TEST_HOOKS only */
#if HYPTEST_ATTACK == 1
#define FLOOD_MIN_CALLS 10000
#define FLOOD_MIN_MS 1500

/* A tight loop of CALL_WITH_ARG and fast calls, one message page reused. */
static void flood(void)
{
	uint32_t session;
	uint32_t ret = open_hello(&session);
	check(ret == TEEC_SUCCESS, "hyp_attack_flood_open", "ret 0x%lx", ret);
	struct optee_msg_arg *arg = hello_msg(scratch_page(), session, PTA_HELLO_CMD_INC_GLOBAL,
					      OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT);
	uint64_t pa = (uint64_t)arg, calls = 0, bad = 0, end = deadline_ms(FLOOD_MIN_MS);
	printf("hyptest: VM %u floods the TEE\n", vm_id);
	event_raise(EV_FLOOD_STARTED);
	/* Until VMs 1 and 4 have made their calls meanwhile (bounded: 60 s). */
	uint64_t limit = deadline_ms(60000);
	while (calls < FLOOD_MIN_CALLS || read_sysreg(cntpct_el0) < end ||
	       ((!event_raised(EV_CALLS_DONE(1)) || !event_raised(EV_CALLS_DONE(4))) &&
		read_sysreg(cntpct_el0) < limit)) {
		if (call_with_arg(pa, 0) != OPTEE_SMC_RETURN_OK || arg->ret != TEEC_SUCCESS)
			bad++;
		struct smc_result r = guest_smc(OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, 0);
		if (r.a0 != OPTEE_MSG_UID_0)
			bad++;
		calls += 2;
	}
	uint64_t count = arg->params[0].u.value.a;
	printf("hyptest: VM %u flood done: %lu calls, %lu failed, instance counter %lu\n", vm_id,
	       calls, bad, count);
	check(bad == 0 && count == calls / 2, "hyp_attack_flood_done", "%lu calls failed", bad);
}
#endif

static void attack(void)
{
#if HYPTEST_ATTACK == 1
	uint64_t victim_id = vm_id == 1 ? 2 : 1;
	/* The monitor must refuse a call tagged with a VM that does not own this core. */
	struct smc_result r = guest_smc(TZV_HYP_TEST_FORWARD_AS, victim_id,
					OPTEE_SMC_CALL_GET_OS_REVISION, 0, 0, 0, 0, 0);
	check(r.a0 == OPTEE_SMC_RETURN_ENOTAVAIL, "hyp_attack_forged_w7_refused_by_monitor",
	      "a0 0x%lx", r.a0);
	flood();
	uint64_t victim = vm_id == 1 ? 0x4a000000ul : 0x42000000ul;
	printf("hyptest: VM %u reads another VM's RAM at 0x%lx\n", vm_id, victim);
#else
	/* Its own TEE instance, made to touch another VM's RAM, dies alone. */
	/* The other VMs open their sessions first (their cores may start late). */
	event_wait(EV_SESSION_OPEN(1), 60000);
	event_wait(EV_SESSION_OPEN(4), 60000);
	uint32_t session;
	uint32_t ret = open_hello(&session);
	check(ret == TEEC_SUCCESS, "hyp_attack_tee_open", "ret 0x%lx", ret);
	uint64_t target = vm_id == 1 ? 0x4a000000ul : 0x42000000ul;
	printf("hyptest: VM %u makes its TEE instance touch 0x%lx\n", vm_id, target);
	ret = hello_call(session, PTA_HELLO_CMD_TOUCH, target, 0);
	check(ret == TEEC_ERROR_TARGET_DEAD, "hyp_attack_tee_fault_target_dead", "ret 0x%lx", ret);
	ret = hello_call(session, PTA_HELLO_CMD_GET, 0, &target);
	check(ret == TEEC_ERROR_TARGET_DEAD, "hyp_attack_dead_tee_old_session", "ret 0x%lx", ret);
	ret = open_hello(&session);
	check(ret == TEEC_ERROR_TARGET_DEAD, "hyp_attack_dead_tee_open", "ret 0x%lx", ret);
	event_raise(EV_TEE_KILLED);
	uint64_t victim = SRAM_BASE;
	printf("hyptest: VM %u reads secure SRAM at 0x%lx\n", vm_id, victim);
#endif
	uint64_t stolen = *(volatile uint64_t *)victim;
	check(0, "hyp_attack_stopped", "read 0x%lx and kept running", stolen);
	finish();
}
#endif

#ifdef HYPTEST_STALL
/*
 * hypstall (qemu-stall): VM 1 enters a secure call that runs for seconds
 * (the echo PTA's SPIN, its timer off, so nothing suspends it); VM 2 (two
 * vCPUs) waits until VM 1 is about to enter it, then makes a fast call,
 * opens a session and invokes, prints, and starts its second vCPU, all of
 * which must complete before VM 1's call returns. Shown by the order of the
 * console lines and by VM 1 finding VM 2's results event already raised.
 */
static void stall_test(void)
{
	if (vm_id == 1) {
		static const uint8_t echo[16] = PTA_ECHO_UUID_OCTETS;
		uint32_t session;
		uint32_t ret = open_pta(echo, &session);
		check(ret == TEEC_SUCCESS, "hyp_stall_spin_open", "ret 0x%lx", ret);
		struct optee_msg_arg *arg = hello_msg(scratch_page(), session, PTA_ECHO_CMD_SPIN,
						      OPTEE_MSG_ATTR_TYPE_VALUE_INPUT);
		arg->params[0].u.value.a = PTA_ECHO_SPIN_MAX;
		arg->params[0].u.value.b = 1;
		printf("hyptest: VM 1 enters a secure call of %llu steps, its timer off\n",
		       PTA_ECHO_SPIN_MAX);
		event_raise(EV_SPIN_STARTED);
		uint64_t a0 = call_with_arg((uint64_t)arg, vm_id);
		int other_done = event_raised(EV_STALL_RESULTS);
		printf("hyptest: VM 1 spin done\n");
		check(a0 == OPTEE_SMC_RETURN_OK && arg->ret == TEEC_SUCCESS, "hyp_stall_spin_done",
		      "ret 0x%lx", a0 == OPTEE_SMC_RETURN_OK ? arg->ret : a0);
		check(other_done, "hyp_stall_other_vm_done_during_spin", "VM 2's results %lu",
		      (uint64_t)other_done);
		finish();
	}
	event_wait(EV_SPIN_STARTED, 60000);
	printf("hyptest: VM %u works while VM 1 is in its secure call\n", vm_id);
	struct smc_result u = guest_smc(OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, 0);
	check(u.a0 == OPTEE_MSG_UID_0, "hyp_stall_fast_call", "a0 0x%lx", u.a0);
	uint32_t session;
	uint32_t ret = open_hello(&session);
	check(ret == TEEC_SUCCESS, "hyp_stall_open_session", "ret 0x%lx", ret);
	uint64_t count = 0;
	ret = hello_call(session, PTA_HELLO_CMD_INC, 0, &count);
	check(ret == TEEC_SUCCESS && count == 1, "hyp_stall_invoke", "ret 0x%lx", ret);
	check(start_spinner(), "hyp_stall_cpu_on", "vCPU 1's counter did not move", 0);
	printf("hyptest: VM %u results: fast call, session, invoke, CPU_ON done, %u failed\n",
	       vm_id, failures);
	event_raise(EV_STALL_RESULTS);
	finish();
}
#endif

static uint64_t boot_x0; /* what the hypervisor passed in x0: the device tree */

void guest_main(uint64_t x0)
{
	boot_x0 = x0;
	struct smc_result r = guest_smc(TZV_HYP_VM_INFO, 0, 0, 0, 0, 0, 0, 0);
	vm_id = (uint32_t)r.a1;
	ram_base = r.a2;
	ram_size = r.a3;
	printf("hyptest: VM %u at NS-EL%lu, RAM 0x%lx size 0x%lx\n", vm_id,
	       (read_sysreg(CurrentEL) >> 2) & 3, ram_base, ram_size);
	check(r.a0 == 0 && ram_base <= (uint64_t)guest_main &&
		      (uint64_t)guest_main - ram_base < ram_size,
	      "hyp_vm_info", "a0 0x%lx", r.a0);
#ifdef HYPTEST_ATTACK
	attack();
#endif
#ifdef HYPTEST_STALL
	stall_test();
#endif
	volatile uint64_t *mark = (volatile uint64_t *)(ram_base + BOOT_MARK_OFFSET);
	int second_boot = mark[0] == BOOT_MARK_MAGIC;
	if (second_boot)
		check(1, "hyp_system_reset_rebooted_vm", "", 0);
	vcpu_count = count_vcpus();
	/* The device tree in x0: in its RAM, with the FDT magic (big-endian 0xd00dfeed). */
	uint32_t magic = boot_x0 >= ram_base && boot_x0 - ram_base < ram_size
				 ? __builtin_bswap32(*(volatile uint32_t *)boot_x0)
				 : 0;
	check(magic == 0xd00dfeedu, "hyp_device_tree_in_x0", "x0 0x%lx", boot_x0);
	if (vcpu_count > 1)
		printf("hyptest: VM %u has %lu vCPUs\n", vm_id, vcpu_count);
	if (vcpu_count > 1 && second_boot)
		check_spinner_stopped();
	check_psci();
	check_guest_traps();
	check_tee();
	event_raise(EV_SESSION_OPEN(vm_id));
	event_wait(EV_FLOOD_STARTED, 100); /* in qemu-attack: VM 2 floods the TEE meanwhile */
	calls_while_flooded();
	event_raise(EV_CALLS_DONE(vm_id));
	if (vm_id == 1)
		bench_psci_version();
	/* After the calls: qemu-attack orders its VMs' sessions and calls by events. */
	if (!second_boot) {
		check_gic();
		if (vcpu_count > 1)
			check(start_spinner(), "hyp_smp_second_vcpu_runs", "counter did not move", 0);
	}
	if ((vm_id == 2 || vcpu_count > 1) && !second_boot) {
		mark[0] = BOOT_MARK_MAGIC;
		printf("hyptest: VM %u asks for PSCI SYSTEM_RESET\n", vm_id);
		guest_smc(PSCI_SYSTEM_RESET, 0, 0, 0, 0, 0, 0, 0);
		check(0, "hyp_system_reset_rebooted_vm", "SYSTEM_RESET returned", 0);
	}
	mark[0] = 0;
	/* Later calls still work, whatever the other VMs did meanwhile (stopped, reset, their
	 * TEE instance killed in qemu-attack once our session was open). */
	/* qemu-attack: after VM 3, the last attacker, has had its TEE killed and stopped. */
	event_wait(EV_VM_STOPPED(3), 1000);
	struct smc_result u = guest_smc(OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, 0);
	uint32_t session;
	uint32_t ret = open_hello(&session);
	check(u.a0 == OPTEE_MSG_UID_0 && ret == TEEC_SUCCESS, "hyp_tee_works_later", "ret 0x%lx",
	      ret);
	/* The session opened at the start too (in qemu-attack another TEE instance died since). */
	uint64_t count = 0;
	ret = hello_call(hello_session, PTA_HELLO_CMD_GET, 0, &count);
	check(ret == TEEC_SUCCESS && count == 200, "hyp_early_session_works_later",
	      "ret 0x%lx", ret == TEEC_SUCCESS ? count : ret);
	echo_input();
	finish();
}
