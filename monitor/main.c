/*
 * EL3 monitor: boots the secure world, then routes SMCs. PSCI and SMCCC
 * architecture calls are answered here; trusted OS calls go to the S-EL2
 * TEE-visor with the normal world's state saved around them.
 */
#include "device_key.h"
#include "attest.h"
#include "monitor.h"
#include <abi/optee_smc.h>
#include <abi/psci.h>
#include <abi/smccc.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/config.h>
#include <tzvisor/hyp_abi.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/sip.h>

#define SCR_NS (1ul << 0)
#define SCR_HCE (1ul << 8)
#define SCR_RW (1ul << 10)
#define SCR_APK (1ul << 16)
#define SCR_API (1ul << 17)
#define SCR_EEL2 (1ul << 18)
#define SCR_WORLD_COMMON (SCR_HCE | SCR_RW | SCR_APK | SCR_API | SCR_EEL2)

#define SPSR_EL1H_MASKED 0x3c5ul
#define SPSR_EL2H_MASKED 0x3c9ul
#define MDCR_EL3_SPME (1ul << 17)
#define MDCR_EL3_SCCD (1ul << 23) /* FEAT_PMUv3p5: no cycle counting in the secure state */

#define SCTLR_EL1_RES1 0x30d00800ul
#define SCTLR_EL2_RES1 0x30c50830ul
#define HCR_EL2_RW (1ul << 31)
#define HCR_EL2_APK (1ul << 40)
#define HCR_EL2_API (1ul << 41)
#define CPTR_EL2_RES1 0x33fful
#define CPTR_EL2_NO_TRAPS 0x22fful


struct core_state cores[PLAT_MAX_CPUS];
uint64_t cpu_release[PLAT_MAX_CPUS];
/* Set by the boot core once the monitor runs from SRAM; each core's byte once it does. */
uint64_t monitor_image_ready;
uint8_t monitor_core_in_sram[PLAT_MAX_CPUS];
uint32_t present_cores;

static uint64_t tvisor_call_entry;
static uint64_t tvisor_cpu_init_entry;
static uint64_t normal_entry;
static uint64_t normal_entry_arg; /* x0: the device tree, or the hypervisor's boot info */

extern char payload_tvisor[], payload_tvisor_end[];
extern char payload_tee[], payload_tee_end[];
extern char payload_client[], payload_client_end[];
extern char payload_normal_dtb[], payload_normal_dtb_end[];
extern char payload_hyp[], payload_hyp_end[];
extern const uint64_t payload_guests[][2];
extern const uint64_t payload_guest_count;
extern const uint64_t payload_dtbs[][2];
extern const uint64_t payload_dtb_count;

/* The normal world's device tree goes 2 MiB below the end of the first VM's RAM. */
#define NORMAL_DTB_OFFSET_FROM_END 0x200000ul
extern char __stacks_start[];

void panic(const char *why)
{
	printf("monitor: PANIC on core %u: %s\n", cpu_linear_id(), why);
	semihosting_exit(255);
}

void monitor_unexpected(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
	printf("monitor: unexpected exception %lu at EL3: esr=0x%lx elr=0x%lx far=0x%lx\n", kind,
	       esr, elr, far);
	semihosting_exit(254);
}

static void el3_core_init(uint32_t core)
{
#ifdef CONFIG_BENCH_SECURE_PMU
	/* Bench images only (make bench): the PMU counts the secure world too. */
	write_sysreg(mdcr_el3, MDCR_EL3_SPME);
#else
	/*
	 * Shipped and test images: no event counting in the secure state (SPME
	 * clear) and, where the PMU has it, no cycle counting either (SCCD; the
	 * normal world's PMCR_EL0.DP would otherwise decide): a VM learns nothing
	 * of its TEE's execution from its counters.
	 */
	uint64_t pmuver = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;
	write_sysreg(mdcr_el3, pmuver >= 6 && pmuver != 0xf ? MDCR_EL3_SCCD : 0);
#endif
	gic_init_core(core);
	for (int w = 0; w < 2; w++) {
		struct cpu_context *ctx = &cores[core].world[w];
		memset(ctx, 0, sizeof(*ctx));
		ctx->c_stack_top = (uint64_t)__stacks_start + (core + 1) * 0x2000ul;
		ctx->scr_el3 = SCR_WORLD_COMMON | (w == WORLD_NORMAL ? SCR_NS : 0);
	}
	struct world_sysregs *s = &cores[core].world[WORLD_SECURE].sys;
	s->sctlr_el2 = SCTLR_EL2_RES1;
	s->sctlr_el1 = SCTLR_EL1_RES1;
	s->cptr_el2 = CPTR_EL2_RES1;
	s->vmpidr_el2 = read_sysreg(mpidr_el1);
	s->vpidr_el2 = read_sysreg(midr_el1);
	/*
	 * The normal world's MDCR_EL2 (every counter to EL1, nothing trapped), so
	 * that a world switch need not write it (context.h, EL2_SYSREGS_IO). What
	 * the secure world may count stays MDCR_EL3's to decide (above); TAs reach
	 * no counter (PMUSERENR_EL0 = 0) and the TEE kernel uses none.
	 */
	s->mdcr_el2 = (read_sysreg(pmcr_el0) >> 11) & 0x1f;
}

/*
 * Reset state of the normal world on a core: entering the hypervisor at NS-EL2
 * when the configuration has one (HCR_EL2 = 0, it sets up its own), else the
 * guest at NS-EL1.
 */
struct cpu_context *world_switch_to_normal_entry(uint32_t core, uint64_t entry, uint64_t arg)
{
	struct cpu_context *ns = &cores[core].world[WORLD_NORMAL];
	struct world_sysregs *s = &ns->sys;
	int hyp = config_has_hypervisor(&platform_config);
	memset(s, 0, sizeof(*s));
	memset(ns->x, 0, sizeof(ns->x));
	s->sctlr_el1 = SCTLR_EL1_RES1;
	s->sctlr_el2 = SCTLR_EL2_RES1;
	/*
	 * Without a hypervisor EL1 runs on bare EL2 settings: AArch64, and pointer
	 * authentication neither trapped (API) nor its key registers (APK), as
	 * Linux uses both.
	 */
	s->hcr_el2 = hyp ? 0 : HCR_EL2_RW | HCR_EL2_API | HCR_EL2_APK;
	/* Nothing runs at NS-EL2 without a hypervisor: trap nothing there (TZ, TSM clear). */
	s->cptr_el2 = hyp ? CPTR_EL2_RES1 : CPTR_EL2_NO_TRAPS;
	s->cnthctl_el2 = 3; /* EL1 may use the physical counter and timer */
	s->vmpidr_el2 = read_sysreg(mpidr_el1);
	s->vpidr_el2 = read_sysreg(midr_el1);
	s->mdcr_el2 = (read_sysreg(pmcr_el0) >> 11) & 0x1f; /* all counters to EL1 */
	ns->x[0] = arg;
	ns->elr_el3 = entry;
	ns->spsr_el3 = hyp ? SPSR_EL2H_MASKED : SPSR_EL1H_MASKED;
	sysregs_restore(s);
	/* The EL1 timers are no world's context (lib/el1_sysregs.h): disarmed here only. */
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	cores[core].power = CORE_ON;
	return ns;
}

/* Start the TEE-visor's per-core set-up on a core; it ends in CPU_INIT_DONE. */
void monitor_enter_secure_init(uint32_t core)
{
	struct cpu_context *sec = &cores[core].world[WORLD_SECURE];
	sec->elr_el3 = tvisor_cpu_init_entry;
	sec->spsr_el3 = SPSR_EL2H_MASKED;
	sec->x[0] = core;
	sysregs_restore(&sec->sys);
	world_resume(sec);
}

/*
 * With a hypervisor, images QEMU preloaded (a Linux kernel and initramfs per
 * VM) are the pristine copies in the hypervisor's RAM, from HYP_PRELOAD_OFFSET
 * on, where the copies the monitor makes (below `next`) cannot reach: each is
 * checked to lie there and overlap no other, measured in place and listed in
 * the boot info for its VM. Every VM must end up with an image.
 */
static void preloaded_for_hypervisor(struct hyp_boot_info *info, uint64_t next)
{
	const struct hyp_config *hyp = &platform_config.hyp;
	uint64_t lo = hyp->ram_base + HYP_PRELOAD_OFFSET, hi = hyp->ram_base + hyp->ram_size;
	if (preload_image_count && next > lo)
		panic("guest images reach the preloaded images in the hypervisor's RAM");
	for (uint64_t i = 0; i < preload_image_count; i++) {
		const struct preload_image *im = &preload_images[i];
		uint64_t vm = im->vm - 1;
		if (im->size == 0 || im->base < lo || im->base >= hi || hi - im->base < im->size)
			panic("preloaded image outside the hypervisor's RAM");
		for (uint64_t j = 0; j < i; j++)
			if (im->base < preload_images[j].base + preload_images[j].size &&
			    preload_images[j].base < im->base + im->size)
				panic("preloaded images overlap");
		if (vm >= platform_config.vm_count)
			panic("preloaded image for no VM");
		if (im->kind == PRELOAD_ENTRY && !info->images[vm].size) {
			info->images[vm].base = im->base;
			info->images[vm].size = im->size;
		} else if (im->kind == PRELOAD_DATA && !info->initrds[vm].size) {
			info->initrds[vm].base = im->base;
			info->initrds[vm].size = im->size;
			info->initrd_load[vm] = im->load;
		} else {
			panic("preloaded image of a kind the hypervisor does not take");
		}
		measure_in_place(im->name, platform_config.vms[vm].vm_id, (const void *)im->base,
				 im->size);
	}
	for (uint64_t i = 0; i < platform_config.vm_count; i++)
		if (!info->images[i].size)
			panic("a VM has no image");
}

/*
 * The hypervisor at the start of its RAM; a pristine copy of each VM's guest
 * image in its staging area, listed in the boot info it gets in x0.
 */
static void load_hypervisor(void)
{
	const struct hyp_config *hyp = &platform_config.hyp;
	uint64_t hyp_size = (uint64_t)(payload_hyp_end - payload_hyp);
	if (hyp_size > HYP_IMAGE_MAX || payload_guest_count != platform_config.vm_count)
		panic("hypervisor image too large or guest images do not match the VMs");
	normal_entry = hyp->ram_base;
	measure_and_load("hyp", MEASURE_PLATFORM, (void *)normal_entry, payload_hyp, hyp_size);

	struct hyp_boot_info *info = (struct hyp_boot_info *)(hyp->ram_base + HYP_STAGING_OFFSET);
	uint64_t next = (uint64_t)info + PAGE_SIZE;
	memset(info, 0, sizeof(*info));
	info->magic = HYP_BOOT_MAGIC;
	info->image_count = payload_guest_count;
	for (uint64_t i = 0; i < payload_guest_count; i++) {
		uint64_t size = payload_guests[i][1] - payload_guests[i][0];
		if (!size)
			continue; /* preloaded by QEMU: preloaded_for_hypervisor() */
		if (next + size > hyp->ram_base + hyp->ram_size)
			panic("guest images do not fit the hypervisor's staging area");
		char name[8];
		snprintf(name, sizeof(name), "vm%u", platform_config.vms[i].vm_id);
		measure_and_load(name, platform_config.vms[i].vm_id, (void *)next,
				 (const void *)payload_guests[i][0], size);
		info->images[i].base = next;
		info->images[i].size = size;
		next = (next + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	}
	preloaded_for_hypervisor(info, next);
	/* Each VM's device tree, measured like its image; the hypervisor passes it in x0. */
	for (uint64_t i = 0; i < payload_dtb_count && i < payload_guest_count; i++) {
		uint64_t size = payload_dtbs[i][1] - payload_dtbs[i][0];
		if (next + size > hyp->ram_base + (preload_image_count ? HYP_PRELOAD_OFFSET
									: hyp->ram_size))
			panic("device trees do not fit the hypervisor's staging area");
		char name[12];
		snprintf(name, sizeof(name), "vm%u.dtb", platform_config.vms[i].vm_id);
		measure_and_load(name, platform_config.vms[i].vm_id, (void *)next,
				 (const void *)payload_dtbs[i][0], size);
		info->dtbs[i].base = next;
		info->dtbs[i].size = size;
		next = (next + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	}
	normal_entry_arg = (uint64_t)info;
}

/*
 * Without a hypervisor and with images preloaded by QEMU (a Linux kernel, its
 * initramfs and device tree): each must lie in the first VM's RAM and overlap
 * no other; each is measured where it lies, before anything in the normal
 * world runs (the other cores are still held in the pen).
 */
static void measure_preloaded(void)
{
	const struct vm_config *vm = &platform_config.vms[0];
	normal_entry = 0;
	normal_entry_arg = 0;
	for (uint64_t i = 0; i < preload_image_count; i++) {
		const struct preload_image *im = &preload_images[i];
		if (im->size == 0 || im->base < vm->ram_base || im->base - vm->ram_base >= vm->ram_size ||
		    vm->ram_size - (im->base - vm->ram_base) < im->size)
			panic("preloaded image outside the VM's RAM");
		for (uint64_t j = 0; j < i; j++)
			if (im->base < preload_images[j].base + preload_images[j].size &&
			    preload_images[j].base < im->base + im->size)
				panic("preloaded images overlap");
		measure_in_place(im->name, MEASURE_ALL_VMS, (const void *)im->base, im->size);
		if (im->kind == PRELOAD_ENTRY)
			normal_entry = im->base;
		else if (im->kind == PRELOAD_ARG)
			normal_entry_arg = im->base;
	}
	if (!normal_entry)
		panic("no preloaded image to enter");
}

void monitor_main(void)
{
	printf("monitor: tzvisor EL3 monitor, configuration '%s', %u VMs\n", platform_config.name,
	       platform_config.vm_count);
	gic_init_distributor();
	present_cores = gic_count_redistributors();
	el3_core_init(0);
	cores[0].power = CORE_ON;
	device_secret_load();
	rollback_counters_load();

	measure_monitor_and_config();
	measure_and_load("tvisor", MEASURE_PLATFORM, (void *)TVISOR_BASE, payload_tvisor,
			 payload_tvisor_end - payload_tvisor);
	measure_and_load("tee", MEASURE_TEE, (void *)TEE_CODE_BASE, payload_tee,
			 payload_tee_end - payload_tee);
	if (config_has_hypervisor(&platform_config)) {
		load_hypervisor();
	} else if (preload_image_count) {
		measure_preloaded();
	} else {
		normal_entry = platform_config.vms[0].ram_base;
		measure_and_load("client", MEASURE_ALL_VMS, (void *)normal_entry, payload_client,
				 payload_client_end - payload_client);
		normal_entry_arg = platform_config.vms[0].ram_base + platform_config.vms[0].ram_size -
			     NORMAL_DTB_OFFSET_FROM_END;
		measure_and_load("dtb", MEASURE_ALL_VMS, (void *)normal_entry_arg, payload_normal_dtb,
				 payload_normal_dtb_end - payload_normal_dtb);
	}

	struct cpu_context *sec = &cores[0].world[WORLD_SECURE];
	sec->elr_el3 = TVISOR_BASE;
	sec->spsr_el3 = SPSR_EL2H_MASKED;
	sysregs_restore(&sec->sys);
	printf("monitor: entering TEE-visor at S-EL2, %u cores present\n", present_cores);
	world_resume(sec);
}

void monitor_cpu_on_main(uint32_t core)
{
	el3_core_init(core);
	monitor_enter_secure_init(core);
}

static int vm_owns_core(uint32_t vm_id, uint32_t core)
{
	for (uint32_t i = 0; i < platform_config.vm_count; i++)
		if (platform_config.vms[i].vm_id == vm_id)
			return (platform_config.vms[i].cpu_mask >> core) & 1;
	return 0;
}

/* The VM id of the only VM that owns this core, or 0 if none or several do. */
static uint32_t sole_owner_of_core(uint32_t core)
{
	uint32_t owner = 0;
	for (uint32_t i = 0; i < platform_config.vm_count; i++) {
		if (!((platform_config.vms[i].cpu_mask >> core) & 1))
			continue;
		if (owner)
			return 0;
		owner = platform_config.vms[i].vm_id;
	}
	return owner;
}

/* A guest can provoke refusals at will: report the first few, then count quietly. */
#define REFUSALS_REPORTED 8
static uint32_t refusals;

static void report_refusal(uint32_t fid, uint32_t vm_id, uint32_t core)
{
	uint32_t n = __atomic_fetch_add(&refusals, 1, __ATOMIC_RELAXED);
	if (n < REFUSALS_REPORTED)
		printf("monitor: refused call 0x%x tagged VM %u from core %u\n", fid, vm_id, core);
	else if (n == REFUSALS_REPORTED)
		printf("monitor: further refused calls are not reported\n");
}

/*
 * The secure side keeps no EL1/EL2 state between calls that it does not set up
 * itself on entry (the TEE-visor loads each instance's EL1 registers), so only
 * its EL2 registers, saved once when it finished booting on this core, are put
 * back; the normal world's state is saved and restored around the call, all but
 * its EL1 timers, which nothing in the secure world can change and which stay
 * armed through the call (lib/el1_sysregs.h).
 */
static struct cpu_context *enter_secure_call(uint32_t core, struct cpu_context *ns)
{
	struct cpu_context *sec = &cores[core].world[WORLD_SECURE];
	sysregs_save(&ns->sys);
	fp_save(&ns->fp);
	sysregs_restore_el2(&sec->sys);
	copy_words(sec->x, ns->x, 8);
	sec->elr_el3 = tvisor_call_entry;
	sec->spsr_el3 = SPSR_EL2H_MASKED;
	return sec;
}

static struct cpu_context *return_to_normal(uint32_t core, struct cpu_context *sec)
{
	struct cpu_context *ns = &cores[core].world[WORLD_NORMAL];
	copy_words(ns->x, &sec->x[1], 7);
	sysregs_restore(&ns->sys);
	fp_restore(&ns->fp);
	return ns;
}

static void answer(struct cpu_context *ctx, uint64_t value)
{
	ctx->x[0] = value;
}

/*
 * A TEE instance's key (the TEE-visor names the instance's VM, x1): only for a
 * VM of this configuration and a known purpose, so no other value is ever
 * derived on a secure caller's say-so.
 */
static void answer_instance_key(struct cpu_context *sec)
{
	uint32_t vm_id = (uint32_t)sec->x[1];
	uint8_t key[32];
	int known_vm = 0;
	for (uint32_t i = 0; i < platform_config.vm_count; i++)
		known_vm |= platform_config.vms[i].vm_id == vm_id;
	if (!known_vm || sec->x[1] >> 32 || sec->x[2] != TZV_KEY_PURPOSE_STORAGE ||
	    device_key_derive("storage", &vm_id, sizeof(vm_id), key) != 0) {
		answer(sec, TZV_KEY_UNAVAILABLE);
		return;
	}
	memcpy(&sec->x[1], key, sizeof(key));
	memset(key, 0, sizeof(key));
	answer(sec, 0);
}

static struct cpu_context *handle_secure_smc(uint32_t core, struct cpu_context *sec)
{
	uint32_t fid = (uint32_t)sec->x[0];
	switch (fid) {
	case TZV_TVISOR_BOOT_DONE:
		tvisor_call_entry = sec->x[1];
		tvisor_cpu_init_entry = sec->x[2];
		sysregs_save(&sec->sys);
		printf("monitor: normal world starts at %lu us (CNTPCT)\n", counter_us());
		printf("monitor: TEE-visor ready, entering normal world at 0x%lx (%s)\n",
		       normal_entry,
		       config_has_hypervisor(&platform_config) ? "NS-EL2 hypervisor" : "NS-EL1");
		return world_switch_to_normal_entry(core, normal_entry, normal_entry_arg);
	case TZV_TVISOR_CPU_INIT_DONE:
		sysregs_save(&sec->sys);
		return world_switch_to_normal_entry(core, cores[core].on_entry,
						    cores[core].on_context);
	case TZV_TVISOR_CALL_DONE:
		return return_to_normal(core, sec);
	case TZV_TVISOR_INSTANCE_KEY:
		answer_instance_key(sec);
		return sec;
	case TZV_TVISOR_ROLLBACK_COUNTER:
		rollback_counter_call(sec->x);
		return sec;
	case TZV_TVISOR_ATTEST_TOKEN:
		attest_handle_tvisor_call(sec->x);
		return sec;
	case TZV_TVISOR_CONSOLE_LINE:
		answer(sec, console_line_call(1, sec->x));
		return sec;
	case TZV_TVISOR_BOOT_FAILED:
		printf("monitor: TEE-visor failed to boot (reason %lu)\n", sec->x[1]);
		panic("secure world boot failed");
	default:
		answer(sec, (uint64_t)SMCCC_NOT_SUPPORTED);
		return sec;
	}
}

static int64_t smccc_arch(uint32_t fid, uint64_t arg)
{
	switch (fid) {
	case SMCCC_VERSION:
		return SMCCC_VERSION_1_1;
	case SMCCC_ARCH_FEATURES:
		switch ((uint32_t)arg) {
		case SMCCC_VERSION:
		case SMCCC_ARCH_FEATURES:
			return SMCCC_SUCCESS;
		default:
			return SMCCC_NOT_SUPPORTED;
		}
	default:
		return SMCCC_NOT_SUPPORTED;
	}
}

static struct cpu_context *handle_normal_smc(uint32_t core, struct cpu_context *ns)
{
	uint32_t fid = (uint32_t)ns->x[0];
	uint32_t oen = SMCCC_OEN(fid);

	/* Upper 32 bits of x0 must be zero for a valid SMC32/SMC64 function ID. */
	if (ns->x[0] >> 32) {
		answer(ns, (uint64_t)SMCCC_NOT_SUPPORTED);
		return ns;
	}
	if (oen >= SMCCC_OEN_TOS_FIRST && oen <= SMCCC_OEN_TOS_LAST) {
		if (TZV_IS_SECURE_FID(fid)) {
			answer(ns, OPTEE_SMC_RETURN_UNKNOWN_FUNCTION);
			return ns;
		}
		/*
		 * Without a hypervisor nobody else can say which VM is calling: when
		 * only one VM owns this core the monitor writes its id into w7. (The
		 * `direct` test configuration shares its cores between two VM ids and
		 * lets the test client tag its calls itself.)
		 */
		uint32_t owner = config_has_hypervisor(&platform_config) ? 0 : sole_owner_of_core(core);
		if (owner)
			ns->x[7] = owner;
		uint32_t vm_id = (uint32_t)ns->x[7];
		int lifecycle = vm_id == 0 && (fid == OPTEE_SMC_VM_CREATED ||
						 fid == OPTEE_SMC_VM_DESTROYED);
		if (!lifecycle && !vm_owns_core(vm_id, core)) {
			report_refusal(fid, vm_id, core);
			answer(ns, OPTEE_SMC_RETURN_ENOTAVAIL);
			return ns;
		}
		return enter_secure_call(core, ns);
	}
	switch (oen) {
	case SMCCC_OEN_ARCH:
		answer(ns, (uint64_t)smccc_arch(fid, ns->x[1]));
		return ns;
	case SMCCC_OEN_STD:
		answer(ns, (uint64_t)psci_handle(core, fid, &ns->x[1]));
		return ns;
	case SMCCC_OEN_SIP:
		if (fid == TZV_SIP_TEST_EXIT) {
			printf("monitor: test exit with status %lu\n", ns->x[1]);
			semihosting_exit(ns->x[1]);
		}
		if (fid == TZV_SIP_CONSOLE_LINE && ((ns->spsr_el3 >> 2) & 3) == 2) {
			answer(ns, console_line_call(0, ns->x));
			return ns;
		}
		if (fid == TZV_SIP_MEASUREMENT) {
			uint64_t m[3];
			if (measurement_get((uint32_t)ns->x[1], m) == 0) {
				ns->x[1] = m[0];
				ns->x[2] = m[1];
				ns->x[3] = m[2];
				answer(ns, 0);
			} else {
				answer(ns, (uint64_t)SMCCC_INVALID_PARAMETER);
			}
			return ns;
		}
		break;
	default:
		break;
	}
	answer(ns, (uint64_t)SMCCC_NOT_SUPPORTED);
	return ns;
}

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_SMC64 0x17
#define ESR_UNKNOWN_IL32 (1ul << 25)
#define SPSR_EL(spsr) (((spsr) >> 2) & 3)
#define SPSR_SP_ELX 1ul
#define VECTOR_CURRENT_SP0 0x000
#define VECTOR_CURRENT_SPX 0x200
#define VECTOR_LOWER_A64 0x400
#define HCR_EL2_TGE (1ul << 27)

/*
 * Deliver an Undefined Instruction exception to the normal world, as if the
 * instruction that trapped to EL3 had been undefined where it ran.
 */
static void inject_undef(struct cpu_context *ns)
{
	uint64_t from_el = SPSR_EL(ns->spsr_el3);
	uint64_t to_el = from_el;
	if (from_el == 0)
		to_el = (read_sysreg(hcr_el2) & HCR_EL2_TGE) ? 2 : 1;
	uint64_t offset = from_el < to_el ? VECTOR_LOWER_A64
			  : (ns->spsr_el3 & SPSR_SP_ELX) ? VECTOR_CURRENT_SPX
							 : VECTOR_CURRENT_SP0;
	if (to_el == 2) {
		write_sysreg(elr_el2, ns->elr_el3);
		write_sysreg(spsr_el2, ns->spsr_el3);
		write_sysreg(esr_el2, ESR_UNKNOWN_IL32);
		ns->elr_el3 = read_sysreg(vbar_el2) + offset;
		ns->spsr_el3 = SPSR_EL2H_MASKED;
	} else {
		write_sysreg(elr_el1, ns->elr_el3);
		write_sysreg(spsr_el1, ns->spsr_el3);
		write_sysreg(esr_el1, ESR_UNKNOWN_IL32);
		ns->elr_el3 = read_sysreg(vbar_el1) + offset;
		ns->spsr_el3 = SPSR_EL1H_MASKED;
	}
}

struct cpu_context *monitor_handle_lower(struct cpu_context *ctx, uint64_t kind)
{
	uint32_t core = cpu_linear_id();
	int secure = !(ctx->scr_el3 & SCR_NS);
	uint64_t esr = read_sysreg(esr_el3);

	if (kind != 8 || ESR_EC(esr) != EC_SMC64) {
		printf("monitor: unexpected exception kind %lu from %s world: esr=0x%lx "
		       "elr=0x%lx%s\n",
		       kind, secure ? "secure" : "normal", esr, ctx->elr_el3,
		       secure ? "" : ", returned to it as an undefined instruction");
		if (secure)
			panic("secure world fault reached EL3");
		/* The normal world's own doing (e.g. SVE, which stays trapped): its problem. */
		inject_undef(ctx);
		return ctx;
	}
	/* An SMC returns to the instruction after it (ELR already points there). */
	return secure ? handle_secure_smc(core, ctx) : handle_normal_smc(core, ctx);
}
