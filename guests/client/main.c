/*
 * Bare-metal normal-world test client. It drives the OP-TEE SMC ABI the way
 * the Linux optee driver (SMC transport) does, tagging each call with the VM
 * id in w7 itself because no hypervisor runs in this configuration.
 */
#include <stdarg.h>
#include <abi/optee_smc.h>
#include <abi/psci.h>
#include <abi/tee_client.h>
#include <lib/pl011.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/hyp_abi.h>
#include <tzvisor/platform.h>
#include <tzvisor/sip.h>
#include "client.h"

#define SCRATCH_OFFSET 0x00400000ul /* above the client image (see client.ld) */

struct vm vm1 = { .id = 1, .ram_base = 0x40000000, .ram_size = 0x08000000 };
struct vm vm2 = { .id = 2, .ram_base = 0x48000000, .ram_size = 0x08000000 };

static unsigned n_passed, n_failed;
struct preserve_log preserve_log;

void console_putc(char c)
{
	pl011_putc(PLAT_UART0_BASE, c);
}

/* ---- test reporting ---------------------------------------------------- */

void t_begin(struct test *t, const char *name)
{
	t->name = name;
	t->failed = 0;
	t->len = 0;
	t->why[0] = '\0';
}

void t_fail(struct test *t, const char *fmt, ...)
{
	va_list ap;
	t->failed++;
	if (t->len + 4 >= sizeof(t->why))
		return;
	if (t->len) {
		t->why[t->len++] = ';';
		t->why[t->len++] = ' ';
	}
	va_start(ap, fmt);
	int n = vsnprintf(t->why + t->len, sizeof(t->why) - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
	if (t->len >= sizeof(t->why))
		t->len = sizeof(t->why) - 1;
}

int t_end(struct test *t)
{
	if (t->failed) {
		n_failed++;
		printf("TEST %s: FAIL (%s)\n", t->name, t->why);
		return 0;
	}
	n_passed++;
	printf("TEST %s: PASS\n", t->name);
	return 1;
}

void t_skip_fail(const char *name, const char *why)
{
	struct test t;
	t_begin(&t, name);
	t_fail(&t, "%s", why);
	t_end(&t);
}

/* ---- SMC ---------------------------------------------------------------- */

#define CANARY(i) (0x5a5a000000000000ull | ((uint64_t)(i) << 32) | 0xc0de0000u | (i))

struct smc_res smc8(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
		    uint64_t a5, uint64_t a6, uint64_t a7)
{
	struct smc_regs r = { { a0, a1, a2, a3, a4, a5, a6, a7 } };
	for (int i = 8; i < 18; i++)
		r.x[i] = CANARY(i);
	struct smc_regs in = r;
	smc_call(&r);

	preserve_log.calls++;
	for (int i = 4; i < 18; i++) {
		if (r.x[i] == in.x[i])
			continue;
		if (i < 8) {
			if (!preserve_log.bad_4_7++) {
				preserve_log.first_fid_4_7 = a0;
				preserve_log.first_reg_4_7 = (uint64_t)i;
				preserve_log.first_val_4_7 = r.x[i];
			}
		} else if (!preserve_log.bad_8_17++) {
			preserve_log.first_fid_8_17 = a0;
			preserve_log.first_reg_8_17 = (uint64_t)i;
			preserve_log.first_val_8_17 = r.x[i];
		}
		break;
	}
	return (struct smc_res){ r.x[0], r.x[1], r.x[2], r.x[3] };
}

/* ---- VM memory --------------------------------------------------------- */

uint64_t vm_pages(struct vm *vm, unsigned n)
{
	if (!vm->next)
		vm->next = vm->ram_base + SCRATCH_OFFSET;
	uint64_t pa = vm->next;
	vm->next += (uint64_t)n * PAGE_SIZE;
	memset(pa_ptr(pa), 0, (size_t)n * PAGE_SIZE);
	return pa;
}

struct optee_msg_arg *vm_arg(struct vm *vm, uint32_t num_params)
{
	size_t sz = OPTEE_MSG_GET_ARG_SIZE(num_params);
	struct optee_msg_arg *arg = pa_ptr(vm_pages(vm, (unsigned)((sz + PAGE_SIZE - 1) / PAGE_SIZE)));
	arg->num_params = num_params;
	return arg;
}

/* ---- OP-TEE messages --------------------------------------------------- */

static unsigned rpc_notes;

uint64_t msg_call_pa(struct vm *vm, uint64_t arg_pa)
{
	uint64_t a0 = OPTEE_SMC_CALL_WITH_ARG, a1 = arg_pa >> 32, a2 = arg_pa & 0xffffffffu;
	uint64_t a3 = 0, a4 = 0, a5 = 0;

	/*
	 * Like the Linux driver, wait while the instance is busy on another core
	 * (ETHREAD_LIMIT); that does not count as one of the bounded RPC rounds.
	 */
	unsigned busy = 0, foreign = 0;
	for (int round = 0; round < 256; round++) {
		struct smc_res r = smc8(a0, a1, a2, a3, a4, a5, 0, vm->id);
		if (r.a0 == OPTEE_SMC_RETURN_ETHREAD_LIMIT && busy++ < 10000000u) {
			__asm__ volatile("yield");
			round--;
			continue;
		}
		if (!OPTEE_SMC_RETURN_IS_RPC(r.a0))
			return r.a0;
		/* a foreign interrupt only lets the normal world run: not a bounded RPC round */
		if (r.a0 == OPTEE_SMC_RETURN_RPC_FOREIGN_INTR && foreign++ < 1000000u)
			round--;
		else if (r.a0 != OPTEE_SMC_RETURN_RPC_CMD && r.a0 != OPTEE_SMC_RETURN_RPC_ALLOC &&
			 r.a0 != OPTEE_SMC_RETURN_RPC_FREE && rpc_notes++ < 8)
			printf("client: vm %u RPC 0x%lx\n", vm->id, r.a0);
		a0 = OPTEE_SMC_CALL_RETURN_FROM_RPC;
		a1 = r.a1;
		a2 = r.a2;
		a3 = r.a3;
		a4 = a5 = 0;
		switch (r.a0) {
		case OPTEE_SMC_RETURN_RPC_ALLOC: {
			uint64_t size = r.a1, pa = 0;
			if (size && size <= 16 * PAGE_SIZE)
				pa = vm_pages(vm, (unsigned)((size + PAGE_SIZE - 1) / PAGE_SIZE));
			a1 = pa >> 32;
			a2 = pa & 0xffffffffu;
			a4 = a1;
			a5 = a2;
			break;
		}
		case OPTEE_SMC_RETURN_RPC_CMD: {
			uint64_t pa = (r.a1 << 32) | (r.a2 & 0xffffffffu);
			if (pa >= vm->ram_base && pa + sizeof(struct optee_msg_arg) <= vm->ram_base + vm->ram_size)
				supplicant_rpc(vm, pa_ptr(pa)); /* tests_ta.c: as tee-supplicant */
			break;
		}
		default: /* FREE, FOREIGN_INTR: nothing to do */
			break;
		}
	}
	printf("client: vm %u call did not finish after 256 RPC rounds\n", vm->id);
	return 0xfffffffful;
}

uint32_t msg_call(struct vm *vm, struct optee_msg_arg *arg)
{
	uint64_t a0 = msg_call_pa(vm, ptr_pa(arg));
	if (a0 != OPTEE_SMC_RETURN_OK)
		return CALL_FAILED(a0);
	return arg->ret;
}

uint32_t open_session(struct vm *vm, const uint8_t uuid[16], uint32_t *session)
{
	return open_session_login(vm, uuid, OPTEE_MSG_LOGIN_PUBLIC, session);
}

uint32_t open_session_login(struct vm *vm, const uint8_t uuid[16], uint32_t login,
			    uint32_t *session)
{
	struct optee_msg_arg *arg = vm_arg(vm, 2);
	arg->cmd = OPTEE_MSG_CMD_OPEN_SESSION;
	/* As Linux: UUID octets in params[0].value, login in params[1].value.c,
	 * client UUID (nil for a public login) in the first 16 bytes of params[1]. */
	arg->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	arg->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
	memcpy(&arg->params[0].u.value, uuid, 16);
	arg->params[1].u.value.c = login;
	uint32_t ret = msg_call(vm, arg);
	if (session)
		*session = ret == TEEC_SUCCESS ? arg->session : 0xffffffffu;
	return ret;
}

uint32_t close_session(struct vm *vm, uint32_t session)
{
	struct optee_msg_arg *arg = vm_arg(vm, 0);
	arg->cmd = OPTEE_MSG_CMD_CLOSE_SESSION;
	arg->session = session;
	return msg_call(vm, arg);
}

uint32_t invoke(struct vm *vm, uint32_t session, uint32_t func, struct optee_msg_param *p,
		uint32_t n)
{
	struct optee_msg_arg *arg = vm_arg(vm, n);
	arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
	arg->func = func;
	arg->session = session;
	for (uint32_t i = 0; i < n; i++)
		arg->params[i] = p[i];
	uint32_t ret = msg_call(vm, arg);
	if (ret == TEEC_SUCCESS && !first_invoke_ticks)
		first_invoke_ticks = read_sysreg(cntpct_el0);
	for (uint32_t i = 0; i < n; i++)
		p[i] = arg->params[i];
	return ret;
}

/* ---- PMU ------------------------------------------------------------- */

int pmu_usable(void)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
	uint64_t pmuver = (dfr0 >> 8) & 0xf;
	return pmuver != 0 && pmuver != 0xf;
}

void pmu_start(void)
{
	/*
	 * Count everywhere: P = U = NSK = NSU = 0 (EL1, EL0 in both states),
	 * NSH = 1 (EL2), M = P = 0 (EL3 is counted when M equals P), SH = 0
	 * (secure EL2 is counted when SH differs from NSH; QEMU 7.2 ignores SH
	 * and counts every EL2 with NSH). M = 1 would stop EL3 from counting.
	 */
	write_sysreg(pmccfiltr_el0, 1ul << 27);
	write_sysreg(pmcntenset_el0, 1ul << 31);
	uint64_t pmcr = read_sysreg(pmcr_el0);
	pmcr |= 1u;         /* E */
	pmcr &= ~(1ul << 3); /* D: count every cycle */
	pmcr &= ~(1ul << 5); /* DP: keep counting where event counting is prohibited */
	pmcr |= 1ul << 6;   /* LC: 64-bit overflow */
	write_sysreg(pmcr_el0, pmcr);
	isb();
}

/* ---- entry, exit, exceptions ------------------------------------------- */

void client_exit(unsigned failed)
{
	smc8(TZV_SIP_TEST_EXIT, failed, 0, 0, 0, 0, 0, 0);
	printf("client: TEST_EXIT returned, trying PSCI SYSTEM_OFF\n");
	smc0(PSCI_SYSTEM_OFF);
	for (;;)
		__asm__ volatile("wfi");
}

static volatile unsigned in_exception;

void client_exception(uint64_t type, uint64_t esr, uint64_t elr, uint64_t far)
{
	if (in_exception++) {
		for (;;)
			__asm__ volatile("wfi");
	}
	printf("client: EXCEPTION type %lu on core %u: ESR_EL1=0x%lx ELR_EL1=0x%lx FAR_EL1=0x%lx\n",
	       type, cpu_linear_id(), esr, elr, far);
	printf("client: %u passed, %u failed (aborted)\n", n_passed, n_failed + 1);
	client_exit(n_failed + 100);
}

/*
 * Under the NS-EL2 hypervisor the client is one VM among others: it learns
 * which from the hypervisor, and its w7 is replaced by that VM id anyway, so
 * it runs only the tests that need no second VM identity.
 */
int under_hypervisor;

static void client_main_hypervised(void)
{
	tests_world_switch();
	tests_optee_probe();
	tests_messages();
	tests_attest(&vm1);
	tests_foreign_intr(&vm1);
	tests_negative_hypervised();
	bench_run();
	tests_preservation();
}

void client_main(void)
{
	printf("client: NS-EL1 test client on core %u, CurrentEL=%lu\n", cpu_linear_id(),
	       (read_sysreg(CurrentEL) >> 2) & 3);

	struct smc_res info = smc0(TZV_HYP_VM_INFO);
	if (info.a0 == 0) {
		under_hypervisor = 1;
		vm1 = (struct vm){ .id = (uint32_t)info.a1, .ram_base = info.a2, .ram_size = info.a3 };
		printf("client: under the hypervisor as VM %u, RAM 0x%lx size 0x%lx\n", vm1.id,
		       vm1.ram_base, vm1.ram_size);
		client_main_hypervised();
		printf("client: %u passed, %u failed\n", n_passed, n_failed);
		client_exit(n_failed);
	}

	tests_smccc();
	tests_psci();
	tests_world_switch();
	tests_optee_probe();
	tests_messages();
	tests_foreign_intr(&vm1);
	tests_negative();
	tests_isolation();
	tests_user_ta(&vm1);
	tests_dl(&vm1);
	tests_attest(&vm1);
	tests_attest(&vm2);
	tests_optee_attest(&vm1);
	tests_optee_attest(&vm2);
	tests_invoke_tests(&vm1);
	tests_tee_bus();
	tests_smp();
	bench_run();
	tests_dead_instance();
	tests_lifecycle();
	tests_foreign_intr_lifecycle(&vm2);
	tests_preservation();

	printf("client: %u passed, %u failed\n", n_passed, n_failed);
	client_exit(n_failed);
}
