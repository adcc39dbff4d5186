/*
 * S-EL2 TEE-visor: starts one TEE kernel instance per configured VM and
 * hands each normal-world call to the instance of the VM id in w7.
 */
#include "tvisor.h"
#include <abi/optee_msg.h>
#include <abi/optee_smc.h>
#include <abi/tee_client.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/platform.h>
#include <tzvisor/secure_abi.h>

static struct tee_instance instances[CONFIG_MAX_VMS];
static uint32_t instance_count;

/*
 * Console output goes to the monitor a whole line at a time (it prints each
 * under a lock held for that line only): the TEE-visor's own lines collected
 * per core, an instance's in its struct (tvisor_console_add).
 */
static char own_line[PLAT_MAX_CPUS][TZV_CONSOLE_LINE_MAX];
static uint32_t own_len[PLAT_MAX_CPUS];

void tvisor_console_flush(char *line, uint32_t *len)
{
	if (!*len)
		return;
	register uint64_t x0 __asm__("x0") = TZV_TVISOR_CONSOLE_LINE;
	register uint64_t x1 __asm__("x1") = (uint64_t)line;
	register uint64_t x2 __asm__("x2") = *len;
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2)
			 :
			 : "x3", "x4", "x5", "x6", "x7", "memory");
	*len = 0;
}

void tvisor_console_add(char *line, uint32_t *len, char c)
{
	line[(*len)++] = c;
	if (c == '\n' || *len == TZV_CONSOLE_LINE_MAX)
		tvisor_console_flush(line, len);
}

void console_putc(char c)
{
	uint32_t core = cpu_linear_id() % PLAT_MAX_CPUS;
	tvisor_console_add(own_line[core], &own_len[core], c);
}

void tvisor_unexpected(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
	printf("tvisor: PANIC: exception %lu at S-EL2: esr=0x%lx elr=0x%lx far=0x%lx\n", kind, esr,
	       elr, far);
	uint64_t fail[8] = { TZV_TVISOR_BOOT_FAILED, 2 };
	tvisor_smc_exit(fail);
}

void tvisor_boot(void)
{
	const struct platform_config *cfg = &platform_config;
	printf("tvisor: S-EL2 TEE-visor starting %u TEE instances\n", cfg->vm_count);
	tvisor_mmu_build();
	tvisor_cpu_setup();

	for (uint32_t i = 0; i < cfg->vm_count && i < CONFIG_MAX_VMS; i++) {
		struct tee_instance *t = &instances[i];
		if (instance_create(t, i, &cfg->vms[i])) {
			uint64_t fail[8] = { TZV_TVISOR_BOOT_FAILED, 3 };
			tvisor_smc_exit(fail);
		}
		instance_count++;
		if (instance_boot(t))
			printf("tvisor: TEE instance of VM %u failed to boot\n", t->vm->vm_id);
		printf("tvisor: instance %u vm %u secure bytes %lu (data %lu at 0x%lx, stage-2 "
		       "tables %lu)\n",
		       i, t->vm->vm_id, t->data_size + t->table_bytes, t->data_size, t->data_pa,
		       t->table_bytes);
	}
	uint64_t done[8] = { TZV_TVISOR_BOOT_DONE, (uint64_t)tvisor_call_entry,
			     (uint64_t)tvisor_cpu_init_entry };
	tvisor_smc_exit(done);
}

void tvisor_cpu_init(void)
{
	tvisor_cpu_setup();
	uint64_t done[8] = { TZV_TVISOR_CPU_INIT_DONE };
	tvisor_smc_exit(done);
}

static struct tee_instance *instance_of_vm(uint32_t vm_id)
{
	for (uint32_t i = 0; i < instance_count; i++)
		if (instances[i].vm->vm_id == vm_id)
			return &instances[i];
	return 0;
}

/*
 * A dead instance cannot answer; the TEE-visor does, so the driver sees
 * TEEC_ERROR_TARGET_DEAD in the message rather than a hang.
 */
static void reply_dead(struct tee_instance *t, uint64_t regs[8])
{
	uint32_t fid = (uint32_t)regs[0];
	if (fid != OPTEE_SMC_CALL_WITH_ARG) {
		regs[0] = OPTEE_SMC_RETURN_ENOTAVAIL;
		return;
	}
	uint64_t pa = (regs[1] << 32) | (uint32_t)regs[2];
	const struct vm_config *vm = t->vm;
	if ((pa & 7) || pa < vm->ram_base || pa - vm->ram_base > vm->ram_size ||
	    vm->ram_size - (pa - vm->ram_base) < sizeof(struct optee_msg_arg)) {
		regs[0] = OPTEE_SMC_RETURN_EBADADDR;
		return;
	}
	struct optee_msg_arg *arg = (struct optee_msg_arg *)pa;
	arg->ret = TEEC_ERROR_TARGET_DEAD;
	arg->ret_origin = TEEC_ORIGIN_TEE;
	regs[0] = OPTEE_SMC_RETURN_OK;
}

/*
 * VM_CREATED / VM_DESTROYED come from the hypervisor (client id 0), a1 = VM id.
 * The restart wipes the instance's private memory, so a call it had suspended
 * in an RPC is discarded: a later RETURN_FROM_RPC for it gets ERESUME.
 */
static void vm_lifecycle(uint64_t regs[8])
{
	struct tee_instance *t = instance_of_vm((uint32_t)regs[1]);
	if ((uint32_t)regs[7] != 0 || !t) {
		regs[0] = OPTEE_SMC_RETURN_ENOTAVAIL;
		return;
	}
	if (__atomic_exchange_n(&t->busy, 1, __ATOMIC_ACQUIRE)) {
		regs[0] = OPTEE_SMC_RETURN_EBUSY;
		return;
	}
	instance_reset(t);
	__atomic_store_n(&t->busy, 0, __ATOMIC_RELEASE);
	regs[0] = t->state == INSTANCE_READY ? OPTEE_SMC_RETURN_OK : OPTEE_SMC_RETURN_ENOTAVAIL;
}

/*
 * Takes the instance for one entry (tvisor.h, busy); an entry that finds
 * another core inside waits for it. The holder's entry is short or ends at
 * its own core's next foreign interrupt (a TA runs interruptible), and only
 * the TEE kernel can tell what a yielding call is: behind a busy thread it
 * answers ETHREAD_LIMIT itself, except to a CANCEL, which it takes at once
 * (tee_cancel_while_busy). Refusing here instead would refuse the CANCEL of
 * the very call inside, and Linux's driver would then wait for that call to
 * complete before sending it again: the cancellation would come too late.
 */
static void instance_lock(struct tee_instance *t)
{
	while (__atomic_exchange_n(&t->busy, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("yield");
}

static void instance_unlock(struct tee_instance *t)
{
	__atomic_store_n(&t->busy, 0, __ATOMIC_RELEASE);
}

void tvisor_handle_call(uint64_t regs[8])
{
	uint32_t fid = (uint32_t)regs[0];
	if (fid == OPTEE_SMC_VM_CREATED || fid == OPTEE_SMC_VM_DESTROYED) {
		vm_lifecycle(regs);
	} else {
		struct tee_instance *t = instance_of_vm((uint32_t)regs[7]);
		if (!t) {
			regs[0] = OPTEE_SMC_RETURN_ENOTAVAIL;
		} else {
			instance_lock(t);
			/* one entry: it ends in CALL_DONE, an RPC return included */
			if (t->state != INSTANCE_READY || instance_call(t, regs))
				reply_dead(t, regs);
			instance_unlock(t);
		}
	}
	/* The monitor copies x1..x7 to the caller's a0..a6. */
	uint64_t done[8] = { TZV_TVISOR_CALL_DONE, regs[0], regs[1], regs[2],
			     regs[3],              regs[4], regs[5], regs[6] };
	tvisor_smc_exit(done);
}
