/*
 * TEE instances: each runs the shared TEE kernel image at S-EL1 under its own
 * secure stage-2 (code read-only and shared, data private) and sees only its
 * VM's RAM in the non-secure IPA space.
 */
#include "tvisor.h"
#include <lib/pgtable.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/platform.h>
#include <tzvisor/secure_abi.h>

#define SPSR_EL1H_MASKED 0x3c5ul
#define SCTLR_EL1_RES1 0x30d00800ul

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_IABT_LOWER 0x20
#define EC_DABT_LOWER 0x24
#define VECTOR_LOWER_SYNC 8

/* Where the next instance's private data goes. */
static uint64_t next_data_pa = TEE_INSTANCES_BASE;

int instance_create(struct tee_instance *t, uint32_t index, const struct vm_config *vm)
{
	uint64_t size = vm->tee_data_size;
	if (size < 0x40000 || size > TEE_DATA_SIZE_MAX || (size & (PAGE_SIZE - 1)) ||
	    next_data_pa + size > SRAM_BASE + SRAM_SIZE) {
		printf("tvisor: VM %u: TEE data size 0x%lx does not fit secure SRAM\n", vm->vm_id,
		       size);
		return -1;
	}
	memset(t, 0, sizeof(*t));
	t->vm = vm;
	t->index = index;
	t->data_pa = next_data_pa;
	t->data_size = size;
	next_data_pa += size;

	uint32_t pages_before = page_pool_used();
	struct pgtable secure = { page_pool_alloc(), page_pool_alloc };
	struct pgtable normal = { page_pool_alloc(), page_pool_alloc };
	if (!secure.root || !normal.root)
		return -1;
	/*
	 * The private data holds the code of the instance's TAs too (tee/uta.c), which
	 * runs at S-EL0: with FEAT_XNX the region stays never-executable at S-EL1
	 * (XN = 0b01, PXN only); without it, stage 1 alone (the kernel maps it PXN, WXN
	 * on) keeps the kernel from executing it.
	 */
	uint64_t data_xn = ((read_sysreg(id_aa64mmfr1_el1) >> 28) & 0xf) ? (1ul << 53) : 0;
	int err = 0;
	err |= pgtable_map(&secure, TEE_CODE_IPA, TEE_CODE_BASE, TEE_CODE_SIZE,
			   S2_MEM_NORMAL | S2_AP_RO | S2_SH_INNER | S2_AF);
	err |= pgtable_map(&secure, TEE_DATA_IPA, t->data_pa, size,
			   S2_MEM_NORMAL | S2_AP_RW | S2_SH_INNER | S2_AF | data_xn);
	err |= pgtable_map(&normal, vm->ram_base, vm->ram_base, vm->ram_size,
			   S2_MEM_NORMAL | S2_AP_RW | S2_SH_INNER | S2_AF | S2_XN);
	if (err) {
		printf("tvisor: VM %u: cannot build stage-2 tables\n", vm->vm_id);
		return -1;
	}
	t->table_bytes = (page_pool_used() - pages_before) * PAGE_SIZE;
	t->vsttbr = (uint64_t)secure.root;
	t->vttbr = (uint64_t)normal.root | ((uint64_t)(index + 1) << 48); /* VMID */
	return 0;
}

/*
 * Translations. Entering the instance that ran last on this core needs no TLB
 * invalidation: its TLB entries there are its own and current. Anything else
 * does, on this core only:
 *  - another instance ran here since: architecturally each instance's VMID
 *    (its index + 1 in VTTBR_EL2) tags the secure EL1&0 regime's entries, but
 *    QEMU (7.2) does not tag its cached secure stage-2 walks with it and keeps
 *    them across VSTTBR_EL2 changes; TLBI ALLE1 drops them with the rest;
 *  - this instance ran on another core since (its kernel's TLB maintenance
 *    there was local), or it restarted (instance_forget): its own entries
 *    here may be stale.
 * The EL1 registers are loaded on every entry: the monitor leaves the normal
 * world's in place while the secure side runs (monitor/main.c), and the EL2
 * registers as the TEE-visor had them at boot (VSTTBR_EL2 excepted, which the
 * normal world cannot touch).
 */
static struct tee_instance *last_on_core[PLAT_MAX_CPUS];

static uint32_t this_core(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	return (uint32_t)((mpidr & 0xff) + ((mpidr >> 8) & 0xff) * 8) % PLAT_MAX_CPUS;
}

static void instance_load_state(struct tee_instance *t)
{
	struct instance_sysregs *regs = &t->sys;
	uint32_t core = this_core();
	write_sysreg(vttbr_el2, t->vttbr);
	write_sysreg(S3_4_C2_C6_0, t->vsttbr); /* VSTTBR_EL2 */
	EL1_INSTANCE_SYSREGS(SYSREG_RESTORE)
	isb();
	if (last_on_core[core] != t || t->last_core != core) {
		__asm__ volatile("tlbi alle1\n dsb nsh\n isb" ::: "memory");
		last_on_core[core] = t;
	}
}

/*
 * Always saved: the next entry may come on another core. After a call, only what a
 * call may change (EL1_INSTANCE_CALL_SYSREGS); the rest once, when it booted.
 */
static void instance_save_state(struct tee_instance *t, int booted)
{
	struct instance_sysregs *regs = &t->sys;
	if (booted) {
		EL1_INSTANCE_BOOT_SYSREGS(SYSREG_SAVE)
	}
	EL1_INSTANCE_CALL_SYSREGS(SYSREG_SAVE)
	t->last_core = this_core();
}

/* A fresh start (instance_boot): its old translations must go on every core it enters. */
static void instance_forget(struct tee_instance *t)
{
	t->last_core = INSTANCE_NO_CORE;
}

static void instance_kill(struct tee_instance *t, const char *why, uint64_t esr, uint64_t addr)
{
	t->state = INSTANCE_DEAD;
	if (t->out_len) /* what it printed last, ended */
		tvisor_console_add(t->out, &t->out_len, '\n');
	printf("tvisor: TEE instance of VM %u killed: %s (esr 0x%lx, address 0x%lx); "
	       "other instances unaffected\n",
	       t->vm->vm_id, why, esr, addr);
}

/*
 * Asks the monitor for a key of this instance's VM: the VM id comes from the
 * instance table, never from the instance, so it cannot ask for another's.
 */
static void instance_key_from_monitor(uint32_t vm_id, uint64_t x[])
{
	register uint64_t x0 __asm__("x0") = TZV_TVISOR_INSTANCE_KEY;
	register uint64_t x1 __asm__("x1") = vm_id;
	register uint64_t x2 __asm__("x2") = x[1];
	register uint64_t x3 __asm__("x3") = 0;
	register uint64_t x4 __asm__("x4") = 0;
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
			 :
			 : "x5", "x6", "x7", "memory");
	x[0] = x0;
	x[1] = x0 == 0 ? x1 : 0;
	x[2] = x0 == 0 ? x2 : 0;
	x[3] = x0 == 0 ? x3 : 0;
	x[4] = x0 == 0 ? x4 : 0;
}

/* The instance's rollback counters: the monitor keeps them under this instance's VM id. */
static void rollback_counter_from_monitor(uint32_t vm_id, uint64_t x[])
{
	register uint64_t x0 __asm__("x0") = TZV_TVISOR_ROLLBACK_COUNTER;
	register uint64_t x1 __asm__("x1") = vm_id;
	register uint64_t x2 __asm__("x2") = x[1];
	register uint64_t x3 __asm__("x3") = x[2];
	register uint64_t x4 __asm__("x4") = x[3];
	register uint64_t x5 __asm__("x5") = x[4];
	register uint64_t x6 __asm__("x6") = x[5];
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6)
			 :
			 : "x7", "memory");
	x[0] = x0;
	x[1] = x1;
	for (unsigned i = 2; i <= 5; i++)
		x[i] = 0;
}

/* The PA of size bytes at ipa in the instance's private data, or 0 if they are not all there. */
static uint64_t private_pa(const struct tee_instance *t, uint64_t ipa, uint64_t size)
{
	if (ipa < TEE_DATA_IPA || ipa - TEE_DATA_IPA >= t->data_size ||
	    size > t->data_size - (ipa - TEE_DATA_IPA))
		return 0;
	return t->data_pa + (ipa - TEE_DATA_IPA);
}

/*
 * TZV_TEE_ATTEST_TOKEN: nonce and output buffer must lie in the instance's
 * private memory (never the normal world's, never another instance's); the
 * monitor gets their PAs and this instance's VM id, which the instance has
 * no say in.
 */
static void instance_attest_token(const struct tee_instance *t, uint64_t x[])
{
	uint64_t nonce_pa = private_pa(t, x[1], x[2]);
	uint64_t out_pa = private_pa(t, x[3], x[4]);
	if (!nonce_pa || !out_pa || x[2] > 64 || x[4] > TZV_ATTEST_TOKEN_MAX) {
		x[0] = TZV_ATTEST_BAD_ARGS;
		x[1] = 0;
		return;
	}
	register uint64_t x0 __asm__("x0") = TZV_TVISOR_ATTEST_TOKEN;
	register uint64_t x1 __asm__("x1") = t->vm->vm_id;
	register uint64_t x2 __asm__("x2") = nonce_pa;
	register uint64_t x3 __asm__("x3") = x[2];
	register uint64_t x4 __asm__("x4") = out_pa;
	register uint64_t x5 __asm__("x5") = x[4];
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
			 :
			 : "x6", "x7", "memory");
	x[0] = x0;
	x[1] = x1;
}

#define SPSR_MODE_EL0T 0x0ul
#define SPSR_PAN (1ul << 22)
#define SCTLR_SPAN (1ul << 23)
#define ESR_IL (1ul << 25)
#define VECTOR_EL1_LOWER_A64_SYNC 0x400ul

/*
 * A trap from S-EL0 that is not the instance's own fault (a TA executed
 * something S-EL2 traps): taken by the TEE kernel as an Undefined Instruction
 * from EL0, as if S-EL2 trapped nothing, so the kernel ends that TA only.
 */
static void el0_trap_to_kernel(struct tee_instance *t)
{
	write_sysreg(esr_el1, ESR_IL); /* EC 0: unknown reason */
	write_sysreg(elr_el1, t->regs.elr_el2);
	write_sysreg(spsr_el1, t->regs.spsr_el2);
	t->regs.elr_el2 = read_sysreg(vbar_el1) + VECTOR_EL1_LOWER_A64_SYNC;
	uint64_t pan = (read_sysreg(id_aa64mmfr1_el1) >> 20) & 0xf;
	t->regs.spsr_el2 =
	    SPSR_EL1H_MASKED | (pan && !(read_sysreg(sctlr_el1) & SCTLR_SPAN) ? SPSR_PAN : 0);
}

/*
 * Runs the instance until it finishes (ENTRY_DONE or CALL_DONE) or dies.
 * Returns 0 with the results in out[0..6], or -1 if the instance is dead.
 */
static int instance_run(struct tee_instance *t, uint64_t out[7])
{
	instance_load_state(t);
	for (;;) {
		uint64_t vector = instance_enter(&t->regs);
		uint64_t esr = read_sysreg(esr_el2);
		uint64_t *x = t->regs.x;
		uint32_t ec = ESR_EC(esr);

		if (vector != VECTOR_LOWER_SYNC) {
			instance_kill(t, "unexpected interrupt or SError", esr, t->regs.elr_el2);
			break;
		}
		if ((t->regs.spsr_el2 & 0xf) == SPSR_MODE_EL0T && ec != EC_WFX &&
		    ec != EC_DABT_LOWER && ec != EC_IABT_LOWER) {
			el0_trap_to_kernel(t);
			continue;
		}
		if (ec == EC_SMC64) {
			t->regs.elr_el2 += 4; /* a trapped SMC returns to itself */
			switch ((uint32_t)x[0]) {
			case TZV_TEE_CONSOLE_PUTC:
				tvisor_console_add(t->out, &t->out_len, (char)x[1]);
				continue;
			case TZV_TEE_ENTRY_DONE:
				t->call_entry = x[1];
				instance_save_state(t, 1);
				return 0;
			case TZV_TEE_CALL_DONE:
				copy_words(out, &x[1], 7);
				instance_save_state(t, 0);
				return 0;
			case TZV_TEE_PANIC:
				instance_kill(t, "TEE kernel panic", esr, x[1]);
				break;
			case TZV_TEE_INSTANCE_KEY:
				instance_key_from_monitor(t->vm->vm_id, x);
				continue;
			case TZV_TEE_ROLLBACK_COUNTER:
				rollback_counter_from_monitor(t->vm->vm_id, x);
				continue;
			case TZV_TEE_ATTEST_TOKEN:
				instance_attest_token(t, x);
				continue;
			default:
				x[0] = (uint64_t)-1;
				continue;
			}
			break;
		}
		if (ec == EC_WFX) {
			t->regs.elr_el2 += 4;
			continue;
		}
		if (ec == EC_HVC64) {
			x[0] = (uint64_t)-1;
			continue;
		}
		if (ec == EC_DABT_LOWER || ec == EC_IABT_LOWER) {
			/* HPFAR_EL2 holds IPA[47:12] in bits [43:4]. */
			uint64_t ipa = (read_sysreg(hpfar_el2) & 0xffffffffff0ul) << 8;
			ipa |= read_sysreg(far_el2) & 0xfff;
			instance_kill(t, "stage-2 fault outside its partition", esr, ipa);
			break;
		}
		instance_kill(t, "unhandled trap", esr, t->regs.elr_el2);
		break;
	}
	instance_save_state(t, 1);
	return -1;
}

int instance_boot(struct tee_instance *t)
{
	uint64_t out[7];
	memset((void *)t->data_pa, 0, t->data_size);
	memset(&t->regs, 0, sizeof(t->regs));
	memset(&t->sys, 0, sizeof(t->sys));
	t->sys.sctlr_el1 = SCTLR_EL1_RES1;
	instance_forget(t);
	t->regs.x[0] = t->vm->vm_id;
	t->regs.x[1] = t->vm->ram_base;
	t->regs.x[2] = t->vm->ram_size;
	t->regs.x[3] = t->data_size;
	t->regs.elr_el2 = TEE_CODE_IPA;
	t->regs.spsr_el2 = SPSR_EL1H_MASKED;
	t->state = INSTANCE_READY;
	if (instance_run(t, out))
		return -1;
	return 0;
}

int instance_call(struct tee_instance *t, uint64_t regs[8])
{
	uint64_t out[7];
	copy_words(t->regs.x, regs, 8);
	t->regs.elr_el2 = t->call_entry;
	t->regs.spsr_el2 = SPSR_EL1H_MASKED;
	if (instance_run(t, out))
		return -1;
	copy_words(regs, out, 7);
	return 0;
}

void instance_reset(struct tee_instance *t)
{
	if (instance_boot(t))
		printf("tvisor: TEE instance of VM %u failed to restart\n", t->vm->vm_id);
	else
		printf("tvisor: TEE instance of VM %u restarted with fresh state\n", t->vm->vm_id);
}
