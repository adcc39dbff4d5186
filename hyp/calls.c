/*
 * SMC and HVC from guests: PSCI is virtualised per VM, trusted OS calls go to
 * the monitor tagged with the VM id, a few read-only services are passed on,
 * everything else is NOT_SUPPORTED.
 */
#include "hyp.h"
#include <abi/optee_smc.h>
#include <abi/psci.h>
#include <abi/smccc.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/psci_subset.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/sip.h>

/*
 * No lock around it: a secure call of one VM never holds up another VM's
 * calls, console or PSCI (console lines go whole through the monitor).
 */
void smc_to_monitor(uint64_t regs[8])
{
	smc_raw(regs);
}

int64_t psci_to_monitor(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	uint64_t r[8] = { fid, a1, a2, a3, 0, 0, 0, 0 };
	smc_to_monitor(r);
	return (int64_t)r[0];
}

static uint64_t core_mpidr(uint32_t core)
{
	return (core % 8) | ((uint64_t)(core / 8) << 8);
}

/* The vCPU a guest names by its virtual MPIDR (Aff0 = VM-local index), or NULL. */
static struct vcpu *vcpu_of_vmpidr(struct vm *vm, uint64_t mpidr)
{
	if (mpidr & ~0xfful)
		return 0;
	return mpidr < vm->vcpu_count ? vm->vcpus[mpidr] : 0;
}

static int64_t vpsci_cpu_on(struct vm *vm, uint64_t target, uint64_t entry, uint64_t context)
{
	struct vcpu *t = vcpu_of_vmpidr(vm, target);
	if (!t)
		return PSCI_INVALID_PARAMETERS; /* not a core of this VM */
	if (entry < vm->cfg->ram_base || entry - vm->cfg->ram_base >= vm->cfg->ram_size)
		return PSCI_INVALID_ADDRESS;
	uint32_t off = VCPU_OFF;
	if (!__atomic_compare_exchange_n(&t->power, &off, VCPU_ON_PENDING, 0, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return off == VCPU_ON ? PSCI_ALREADY_ON : PSCI_ON_PENDING;
	t->on_entry = entry;
	t->on_context = context;
	/* A vCPU that has just gone off may still be on its way out of the firmware: retry
	 * for up to 100 ms while the monitor says the core is on. */
	uint64_t end = read_sysreg(cntpct_el0) + read_sysreg(cntfrq_el0) / 10;
	int64_t r;
	do
		r = psci_to_monitor(PSCI_CPU_ON_64, core_mpidr(t->core),
				    (uint64_t)hyp_secondary_entry, t->core);
	while ((r == PSCI_ALREADY_ON || r == PSCI_ON_PENDING) && read_sysreg(cntpct_el0) < end);
	if (r != PSCI_SUCCESS) {
		__atomic_store_n(&t->power, VCPU_OFF, __ATOMIC_RELEASE);
		return PSCI_INTERNAL_FAILURE;
	}
	return PSCI_SUCCESS;
}

/* Writes the result into x0 itself: SYSTEM_RESET replaces all registers. */
static void vpsci(struct vcpu *v, uint32_t fid)
{
	uint64_t *x = v->regs.x;
	int smc32 = !(fid & SMCCC_SMC64);
	uint64_t a1 = smc32 ? (uint32_t)x[1] : x[1];
	uint64_t a2 = smc32 ? (uint32_t)x[2] : x[2];
	uint64_t a3 = smc32 ? (uint32_t)x[3] : x[3];
	int64_t r;
	switch (fid) {
	case PSCI_VERSION:
		r = PSCI_VERSION_1_1;
		break;
	case PSCI_FEATURES:
		r = tzv_psci_features((uint32_t)a1);
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		r = vpsci_cpu_on(v->vm, a1, a2, a3);
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64: {
		struct vcpu *t = vcpu_of_vmpidr(v->vm, a1);
		if (!t || a2 != 0) {
			r = PSCI_INVALID_PARAMETERS;
			break;
		}
		uint32_t p = __atomic_load_n(&t->power, __ATOMIC_ACQUIRE);
		r = p == VCPU_ON ? PSCI_AFFINITY_ON
				 : p == VCPU_ON_PENDING ? PSCI_AFFINITY_ON_PENDING : PSCI_AFFINITY_OFF;
		break;
	}
	case PSCI_CPU_OFF:
		__atomic_store_n(&v->power, VCPU_OFF, __ATOMIC_RELEASE);
		core_park();
	case PSCI_MIGRATE_INFO_TYPE:
		r = PSCI_TOS_NOT_PRESENT_MP;
		break;
	case PSCI_SYSTEM_OFF:
		vm_stop(v, 0, "PSCI SYSTEM_OFF");
	case PSCI_SYSTEM_RESET:
		vm_reset(v);
		return;
	default:
		r = PSCI_NOT_SUPPORTED;
	}
	x[0] = (uint64_t)r;
}

/* Word copies: this is the hot path of every TEE call, lib's memcpy goes byte by byte. */
static inline void copy_regs(uint64_t *dst, const uint64_t *src, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		dst[i] = src[i];
}

/* a0..a6 come back as the monitor left them; the guest's own x7 is kept. */
static void forward_trusted_os(struct vcpu *v)
{
	uint64_t r[8];
	copy_regs(r, v->regs.x, 7);
	r[7] = v->vm->cfg->vm_id; /* SMCCC client id: whatever the guest put there is replaced */
	smc_to_monitor(r);
	copy_regs(v->regs.x, r, 7);
}

/* Calls answered the same for everyone: passed on unchanged, results a0..a3. */
static void forward_plain(struct vcpu *v)
{
	uint64_t r[8];
	copy_regs(r, v->regs.x, 7);
	r[7] = 0;
	smc_to_monitor(r);
	copy_regs(v->regs.x, r, 4);
}

#ifdef CONFIG_HYP_TEST_HOOKS
/*
 * Test builds only: forwards trusted OS call a2 tagged with VM id a1 as given,
 * so a system test can check that the monitor refuses a VM id that does not
 * own the calling core.
 */
#define TZV_HYP_TEST_FORWARD_AS 0x860000f0u
static void forward_forged(struct vcpu *v)
{
	uint64_t r[8] = { (uint32_t)v->regs.x[2], 0, 0, 0, 0, 0, 0, (uint32_t)v->regs.x[1] };
	hyp_log("hyp: test hook: VM %u forwards 0x%lx tagged VM %lu\n", v->vm->cfg->vm_id, r[0],
		r[7]);
	smc_to_monitor(r);
	copy_regs(v->regs.x, r, 4);
}

/*
 * Test builds only: numbered events that test guests raise and test (and that
 * the hypervisor raises when a VM stops), so an attack test orders its VMs by
 * what happened rather than by delays.
 * a1 = 0 raises event a2, a1 = 1 answers 1 if it was raised, else 0.
 */
#define TZV_HYP_TEST_EVENT 0x860000f1u
static uint64_t test_events;

static void test_event(struct vcpu *v)
{
	uint64_t *x = v->regs.x;
	if (x[2] >= 64 || x[1] > 1) {
		x[0] = (uint64_t)SMCCC_INVALID_PARAMETER;
		return;
	}
	if (x[1] == 0)
		test_event_raise((unsigned)x[2]);
	x[0] = (__atomic_load_n(&test_events, __ATOMIC_SEQ_CST) >> x[2]) & 1;
}

void test_event_raise(unsigned n)
{
	if (n < 64)
		__atomic_fetch_or(&test_events, 1ul << n, __ATOMIC_SEQ_CST);
}
#endif

void handle_guest_call(struct vcpu *v)
{
	uint64_t *x = v->regs.x;
	uint32_t fid = (uint32_t)x[0];
	uint32_t oen = SMCCC_OEN(fid);

	if (x[0] >> 32) {
		x[0] = (uint64_t)SMCCC_NOT_SUPPORTED;
		return;
	}
	if (oen >= SMCCC_OEN_TOS_FIRST && oen <= SMCCC_OEN_TOS_LAST) {
		/* Lifecycle calls are the hypervisor's; tzvisor's secure calls nobody's. */
		if (TZV_IS_SECURE_FID(fid) || fid == OPTEE_SMC_VM_CREATED ||
		    fid == OPTEE_SMC_VM_DESTROYED) {
			x[0] = OPTEE_SMC_RETURN_UNKNOWN_FUNCTION;
			return;
		}
		forward_trusted_os(v);
		return;
	}
	switch (oen) {
	case SMCCC_OEN_ARCH:
		forward_plain(v);
		return;
	case SMCCC_OEN_STD:
		vpsci(v, fid);
		return;
	case SMCCC_OEN_SIP:
		if (fid == TZV_SIP_TEST_EXIT)
			vm_stop(v, (uint32_t)x[1], "test exit"); /* that VM's end, not the machine's */
		if (fid == TZV_SIP_MEASUREMENT) {
			forward_plain(v);
			return;
		}
		break;
	case SMCCC_OEN_VENDOR_HYP:
		if (fid == TZV_HYP_VM_INFO) {
			x[0] = 0;
			x[1] = v->vm->cfg->vm_id;
			x[2] = v->vm->cfg->ram_base;
			x[3] = v->vm->cfg->ram_size;
			return;
		}
#ifdef CONFIG_HYP_TEST_HOOKS
		if (fid == TZV_HYP_TEST_FORWARD_AS) {
			forward_forged(v);
			return;
		}
		if (fid == TZV_HYP_TEST_EVENT) {
			test_event(v);
			return;
		}
#endif
		break;
	default:
		break;
	}
	x[0] = (uint64_t)SMCCC_NOT_SUPPORTED;
}
