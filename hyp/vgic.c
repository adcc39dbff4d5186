/*
 * Virtual GICv3 per VM. The guest's CPU-interface accesses (ICC_* at EL1)
 * reach the hardware's virtual CPU interface (HCR_EL2.IMO/FMO), fed by the
 * list registers of its core; each core runs one vCPU for ever, so the list
 * registers and ICH_VMCR_EL2 never need saving. The distributor and the
 * redistributors are emulated from stage-2 data aborts: the VM sees INTIDs
 * 0-63, its own SGIs and PPIs, and of the SPIs only those it owns.
 *
 * Physical interrupts all come to EL2 while a guest runs: the virtual timer
 * (PPI 27, injected with the HW bit so the guest's deactivation deactivates
 * it), the hypervisor's kick SGI, the maintenance interrupt (list registers
 * to refill) and the console UART's receive interrupt.
 */
#include "hyp.h"
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>

/* ---- register layout (GICv3 architecture specification) ---------------- */

#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IIDR       0x0008
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_ISPENDR    0x0200
#define GICD_ICPENDR    0x0280
#define GICD_ISACTIVER  0x0300
#define GICD_ICACTIVER  0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR      0x0c00
#define GICD_IGRPMODR   0x0d00
#define GICD_IROUTER    0x6000
#define GICD_PIDR2      0xffe8
#define GICD_SIZE       0x10000

#define GICD_CTLR_G1    (1u << 0) /* EnableGrp1 (non-secure view) */
#define GICD_CTLR_G1A   (1u << 1) /* EnableGrp1A */
#define GICD_CTLR_ARE   (1u << 4) /* ARE_NS: affinity routing, always on */
#define GICD_TYPER_IDBITS_10 (9u << 19)
#define GICD_TYPER_NO1N (1u << 25)
#define GIC_PIDR2_V3    0x3b       /* ArchRev 3 */
#define TZV_GIC_IIDR    0x0000043bu /* implementer Arm (JEP106 0x43b), product 0 */

#define GICR_CTLR       0x0000
#define GICR_IIDR       0x0004
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014
#define GICR_PIDR2      0xffe8
#define GICR_SGI        0x10000 /* SGI_base frame */
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)

/* ICH_LR<n>_EL2 */
#define LR_STATE_PENDING (1ul << 62)
#define LR_STATE_ACTIVE  (1ul << 63)
#define LR_HW            (1ul << 61)
#define LR_GROUP1        (1ul << 60)
#define LR_PRIORITY_SHIFT 48
#define LR_PINTID_SHIFT  32
/* ICH_HCR_EL2 */
#define ICH_HCR_EN  (1ul << 0)
#define ICH_HCR_UIE (1ul << 1)
/* ICC_CTLR_EL1 */
#define ICC_CTLR_EOIMODE (1ul << 1)

#define SPURIOUS_FIRST 1020

/* ---- locks and helpers ---------------------------------------------------- */

static void gic_lock(struct vm *vm)
{
	while (__atomic_exchange_n(&vm->gic.lock, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&vm->gic.lock, __ATOMIC_RELAXED))
			;
}

static void gic_unlock(struct vm *vm)
{
	__atomic_store_n(&vm->gic.lock, 0, __ATOMIC_RELEASE);
}

static uint32_t lr_count;

static uint64_t lr_read(uint32_t i)
{
	switch (i) {
#define LR_CASE(n) case n: return read_sysreg(ich_lr##n##_el2);
	LR_CASE(0) LR_CASE(1) LR_CASE(2) LR_CASE(3) LR_CASE(4) LR_CASE(5) LR_CASE(6) LR_CASE(7)
	LR_CASE(8) LR_CASE(9) LR_CASE(10) LR_CASE(11) LR_CASE(12) LR_CASE(13) LR_CASE(14)
	LR_CASE(15)
#undef LR_CASE
	}
	return 0;
}

static void lr_write(uint32_t i, uint64_t v)
{
	switch (i) {
#define LR_CASE(n) case n: write_sysreg(ich_lr##n##_el2, v); break;
	LR_CASE(0) LR_CASE(1) LR_CASE(2) LR_CASE(3) LR_CASE(4) LR_CASE(5) LR_CASE(6) LR_CASE(7)
	LR_CASE(8) LR_CASE(9) LR_CASE(10) LR_CASE(11) LR_CASE(12) LR_CASE(13) LR_CASE(14)
	LR_CASE(15)
#undef LR_CASE
	}
}

static volatile uint32_t *gicd_reg(uint64_t off)
{
	return (volatile uint32_t *)(PLAT_GICD_BASE + off);
}

static volatile uint32_t *gicr_reg(uint32_t core, uint64_t off)
{
	return (volatile uint32_t *)(PLAT_GICR_BASE + core * PLAT_GICR_STRIDE + off);
}

/* The physical MPIDR affinity of a core on virt: Aff0 = core % 8, Aff1 = core / 8. */
static uint64_t core_aff0(uint32_t core)
{
	return core % 8;
}

static uint64_t core_aff1(uint32_t core)
{
	return core / 8;
}

/* ---- physical GIC: this core's CPU interface and redistributor ----------- */

void gic_cpu_setup(void)
{
	uint32_t core = cpu_linear_id();
	lr_count = (uint32_t)(read_sysreg(ich_vtr_el2) & 0x1f) + 1;
	if (lr_count > VGIC_LR_MAX)
		lr_count = VGIC_LR_MAX;
	/* Kick SGI, maintenance and virtual-timer PPIs: enabled, middle priority. */
	uint32_t ppis = (1u << HYP_KICK_SGI) | (1u << GIC_MAINT_PPI) | (1u << VTIMER_PPI);
	for (uint32_t i = 0; i < 32; i++)
		if ((ppis >> i) & 1)
			((volatile uint8_t *)gicr_reg(core, GICR_SGI + GICD_IPRIORITYR))[i] = 0x80;
	*gicr_reg(core, GICR_SGI + GICD_ICACTIVER) = 1u << VTIMER_PPI;
	*gicr_reg(core, GICR_SGI + GICD_ISENABLER) = ppis;
	write_sysreg(icc_pmr_el1, 0xff);
	write_sysreg(icc_bpr1_el1, 0);
	/* EOI drops the priority only; the hypervisor deactivates (DIR) unless the guest does. */
	write_sysreg(icc_ctlr_el1, read_sysreg(icc_ctlr_el1) | ICC_CTLR_EOIMODE);
	write_sysreg(icc_igrpen1_el1, 1);
	write_sysreg(ich_hcr_el2, ICH_HCR_EN);
	isb();
}

/* An SPI to one core (GICD_IROUTER), enabled, level-sensitive. */
void gic_route_spi(uint32_t intid, uint32_t core)
{
	*(volatile uint64_t *)(PLAT_GICD_BASE + GICD_IROUTER + 8ul * intid) =
		core_aff0(core) | (core_aff1(core) << 8);
	((volatile uint8_t *)gicd_reg(GICD_IPRIORITYR))[intid] = 0x80;
	*gicd_reg(GICD_ISENABLER + intid / 32 * 4) = 1u << (intid % 32);
}

/* Brings the core running t back to EL2 (it takes the kick SGI there). */
void vcpu_kick(struct vcpu *t)
{
	uint64_t sgi = ((uint64_t)HYP_KICK_SGI << 24) | (core_aff1(t->core) << 16) |
		       (1ul << core_aff0(t->core));
	dsb(ish);
	write_sysreg(icc_sgi1r_el1, sgi);
	isb();
}

/* ---- virtual interrupt state ---------------------------------------------- */

static struct virq *virq_of(struct vcpu *v, uint32_t intid)
{
	if (intid < 32)
		return &v->gic.priv[intid];
	if (intid < VGIC_LINES && ((v->vm->gic.owned >> (intid - 32)) & 1))
		return &v->vm->gic.spi[intid - 32];
	return 0;
}

static struct vcpu *spi_target(struct vm *vm, const struct virq *q)
{
	return q->target < vm->vcpu_count ? vm->vcpus[q->target] : vm->vcpus[0];
}

void vgic_vm_reset(struct vm *vm)
{
	gic_lock(vm);
	vm->gic.ctlr = 0;
	memset(vm->gic.spi, 0, sizeof(vm->gic.spi));
	/* The console's receive interrupt is every VM's (input reaches the focused one). */
	vm->gic.owned = 1u << (VGIC_UART_INTID - 32);
	gic_unlock(vm);
}

void vgic_vcpu_reset(struct vcpu *v)
{
	gic_lock(v->vm);
	memset(&v->gic, 0, sizeof(v->gic));
	for (uint32_t i = 0; i < 16; i++)
		v->gic.priv[i].edge = 1; /* SGIs */
	v->gic.waker = GICR_WAKER_SLEEP;
	gic_unlock(v->vm);
	for (uint32_t i = 0; i < lr_count; i++)
		lr_write(i, 0);
	write_sysreg(ich_ap0r0_el2, 0);
	write_sysreg(ich_ap1r0_el2, 0);
	write_sysreg(ich_vmcr_el2, 0);
	write_sysreg(ich_hcr_el2, ICH_HCR_EN);
	v->gic.hcr = ICH_HCR_EN;
	/* A timer interrupt the previous run left active must not stay so. */
	*gicr_reg(v->core, GICR_SGI + GICD_ICACTIVER) = 1u << VTIMER_PPI;
	isb();
}

/* Delivered to the guest when pending, enabled and its group enabled in the distributor. */
static int deliverable(const struct vm *vm, const struct virq *q)
{
	return q->pending && q->enabled && !q->in_lr && (vm->gic.ctlr & (GICD_CTLR_G1 | GICD_CTLR_G1A));
}

/*
 * Before each entry into the guest, on its own core: takes back the list
 * registers the guest has finished with, then fills the free ones with the
 * highest-priority deliverable interrupts. If some do not fit, the
 * maintenance interrupt (underflow) brings the core back when the list
 * registers run low.
 */
void vgic_flush(struct vcpu *v)
{
	struct vm *vm = v->vm;
	/*
	 * The common exit (a call, a UART access): nothing new and no list register in
	 * use, so none can be done. Checked before reading ICH_ELRSR_EL2 because QEMU
	 * takes its global lock for every ICH_* access: read on each exit, it made the
	 * vCPU threads of different VMs queue for that lock on every TEE call.
	 */
	int work = __atomic_load_n(&v->gic.work, __ATOMIC_ACQUIRE) != 0;
	if (!work && !v->gic.lr_used)
		return;
	uint64_t empty = read_sysreg(ich_elrsr_el2);
	if (!work && !(empty & v->gic.lr_used))
		return;
	gic_lock(vm);
	v->gic.work = 0;
	for (uint32_t i = 0; i < lr_count; i++) {
		if (!((v->gic.lr_used >> i) & 1))
			continue;
		struct virq *q = virq_of(v, v->gic.lr_intid[i]);
		if ((empty >> i) & 1) {
			v->gic.lr_used &= ~(1u << i);
			if (!q)
				continue;
			q->in_lr = 0;
			q->active = 0;
			if (!q->edge && q->line && !q->hw)
				q->pending = 1; /* level-sensitive and still asserted */
		} else if (q) {
			uint64_t lr = lr_read(i);
			q->active = (lr & LR_STATE_ACTIVE) != 0;
			/*
			 * Made pending again (e.g. an SGI) while the guest still holds this
			 * copy: mark the list register pending as well, as the distributor
			 * would. Waiting for the register to empty loses the interrupt when
			 * the guest then sleeps in WFI, since nothing brings it back here.
			 */
			if (q->pending && q->edge && !(lr & (LR_HW | LR_STATE_PENDING))) {
				lr_write(i, lr | LR_STATE_PENDING);
				q->pending = 0;
			}
		}
	}
	int overflow = 0;
	for (uint32_t i = 0; i < lr_count; i++) {
		if ((v->gic.lr_used >> i) & 1)
			continue;
		struct virq *best = 0;
		uint32_t best_id = 0;
		for (uint32_t id = 0; id < VGIC_LINES; id++) {
			struct virq *q = virq_of(v, id);
			if (!q || !deliverable(vm, q) || (id >= 32 && spi_target(vm, q) != v))
				continue;
			if (!best || q->priority < best->priority) {
				best = q;
				best_id = id;
			}
		}
		if (!best)
			break;
		uint64_t lr = best_id | ((uint64_t)best->priority << LR_PRIORITY_SHIFT) | LR_GROUP1 |
			      LR_STATE_PENDING;
		if (best->hw)
			lr |= LR_HW | ((uint64_t)best_id << LR_PINTID_SHIFT);
		lr_write(i, lr);
		best->pending = 0;
		best->in_lr = 1;
		if (best->hw)
			best->hw = 0; /* the physical one is deactivated with it */
		v->gic.lr_intid[i] = (uint8_t)best_id;
		v->gic.lr_used |= 1u << i;
	}
	for (uint32_t id = 0; id < VGIC_LINES && !overflow; id++) {
		struct virq *q = virq_of(v, id);
		overflow = q && deliverable(vm, q) && (id < 32 || spi_target(vm, q) == v);
	}
	uint64_t hcr = ICH_HCR_EN | (overflow ? ICH_HCR_UIE : 0);
	if (hcr != v->gic.hcr) {
		write_sysreg(ich_hcr_el2, hcr);
		v->gic.hcr = hcr;
	}
	gic_unlock(vm);
}

/* Something changed for v's interrupts: its next vgic_flush looks again. */
static void vcpu_work(struct vcpu *t)
{
	__atomic_store_n(&t->gic.work, 1, __ATOMIC_RELEASE);
}

static void vm_work(struct vm *vm)
{
	for (uint32_t i = 0; i < vm->vcpu_count; i++)
		vcpu_work(vm->vcpus[i]);
}

/* Makes an interrupt of vCPU t (or an SPI going to t) pending; t's core comes back to EL2. */
static void make_pending(struct vcpu *t, struct virq *q)
{
	q->pending = 1;
	vcpu_work(t);
	if (t->core != cpu_linear_id() && __atomic_load_n(&t->power, __ATOMIC_ACQUIRE) == VCPU_ON)
		vcpu_kick(t);
}

/* Output of an emulated level-sensitive device (the UART) to its SPI. */
void vgic_set_line(struct vm *vm, uint32_t intid, int level)
{
	if (intid < 32 || intid >= VGIC_LINES)
		return;
	gic_lock(vm);
	struct virq *q = &vm->gic.spi[intid - 32];
	if (((vm->gic.owned >> (intid - 32)) & 1) && q->line != !!level) {
		q->line = !!level;
		if (level && !q->in_lr && q->enabled)
			make_pending(spi_target(vm, q), q);
		else
			q->pending = level && !q->in_lr;
	}
	gic_unlock(vm);
}

/* Physical interrupts taken at EL2 while v's guest ran. */
void vgic_handle_irq(struct vcpu *v)
{
	for (;;) {
		uint64_t iar = read_sysreg(icc_iar1_el1);
		uint32_t intid = (uint32_t)(iar & 0xffffff);
		if (intid >= SPURIOUS_FIRST)
			return;
		write_sysreg(icc_eoir1_el1, iar); /* priority drop */
		if (intid == VTIMER_PPI) {
			/* Stays active until the guest deactivates its virtual copy (HW bit). */
			gic_lock(v->vm);
			v->gic.priv[VTIMER_PPI].pending = 1;
			v->gic.priv[VTIMER_PPI].hw = 1;
			vcpu_work(v);
			gic_unlock(v->vm);
			continue;
		}
		if (intid == VGIC_UART_INTID)
			console_rx_irq();
		/* The kick and the maintenance interrupt need nothing more: the next
		 * vgic_flush refills the list registers, vcpu_loop sees a stopping VM. */
		write_sysreg(icc_dir_el1, iar);
		isb();
	}
}

/* ---- SGIs the guest sends (ICC_SGI1R_EL1 traps with HCR_EL2.IMO) -------- */

static void vgic_send_sgi(struct vcpu *v, uint64_t value)
{
	struct vm *vm = v->vm;
	uint32_t intid = (value >> 24) & 0xf;
	uint64_t targets;
	if (value & (1ul << 40)) {                   /* IRM: every PE but this one */
		targets = ((1ul << vm->vcpu_count) - 1) & ~(1ul << v->index);
	} else {
		/* Aff3, Aff2, Aff1 and RS must be 0: the VM's vCPUs are Aff0 0..n-1. */
		uint64_t high = ((value >> 16) & 0xff) | ((value >> 32) & 0xff) |
				((value >> 44) & 0xf) | ((value >> 48) & 0xff);
		targets = high ? 0 : value & 0xffff;
	}
	gic_lock(vm);
	for (uint32_t i = 0; i < vm->vcpu_count; i++)
		if ((targets >> i) & 1)
			make_pending(vm->vcpus[i], &vm->vcpus[i]->gic.priv[intid]);
	gic_unlock(vm);
	/* Other vCPUs' targets (no such vCPU) go nowhere. */
}

/* ESR_EL2 ISS of a trapped MSR/MRS (EC 0x18): the register as op0:op1:CRn:CRm:op2. */
#define SYSREG(op0, op1, crn, crm, op2) (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
#define SR_ICC_SGI1R  SYSREG(3, 0, 12, 11, 5)
#define SR_ICC_ASGI1R SYSREG(3, 0, 12, 11, 6)
#define SR_ICC_SGI0R  SYSREG(3, 0, 12, 11, 7)
#define SR_CNTP_TVAL  SYSREG(3, 3, 14, 2, 0)
#define SR_CNTP_CTL   SYSREG(3, 3, 14, 2, 1)
#define SR_CNTP_CVAL  SYSREG(3, 3, 14, 2, 2)

/* Returns 0 when emulated (the caller steps over the instruction), -1 otherwise. */
int vgic_sysreg(struct vcpu *v, uint64_t esr)
{
	uint32_t op0 = (esr >> 20) & 3, op2 = (esr >> 17) & 7, op1 = (esr >> 14) & 7;
	uint32_t crn = (esr >> 10) & 0xf, rt = (esr >> 5) & 0x1f, crm = (esr >> 1) & 0xf;
	int read = esr & 1;
	uint32_t reg = SYSREG(op0, op1, crn, crm, op2);
	uint64_t value = rt == 31 ? 0 : v->regs.x[rt];
	switch (reg) {
	case SR_ICC_SGI1R:
		if (!read)
			vgic_send_sgi(v, value);
		break;
	case SR_ICC_ASGI1R:
	case SR_ICC_SGI0R:
		break; /* group 0 and the other security state: not the VM's */
	case SR_CNTP_TVAL:
	case SR_CNTP_CTL:
	case SR_CNTP_CVAL:
		/* The EL1 physical timer is not the VM's (it uses the virtual one): RAZ/WI. */
		if (read && rt != 31)
			v->regs.x[rt] = 0;
		break;
	default:
		return -1;
	}
	return 0;
}

/* ---- distributor and redistributor emulation ------------------------------ */

/* One bit per INTID (ISENABLER ... ICACTIVER), 32 INTIDs from first. */
static uint32_t bits_read(struct vcpu *v, uint32_t first, uint64_t reg)
{
	uint32_t value = 0;
	for (uint32_t i = 0; i < 32; i++) {
		struct virq *q = virq_of(v, first + i);
		if (!q)
			continue;
		int bit;
		switch (reg) {
		case GICD_IGROUPR:
			bit = 1; /* group 1 only */
			break;
		case GICD_ISENABLER:
		case GICD_ICENABLER:
			bit = q->enabled;
			break;
		case GICD_ISPENDR:
		case GICD_ICPENDR:
			bit = q->pending || (q->in_lr && !q->active);
			break;
		default:
			bit = q->active;
		}
		value |= (uint32_t)bit << i;
	}
	return value;
}

static void bits_write(struct vcpu *v, uint32_t first, uint64_t reg, uint32_t value)
{
	for (uint32_t i = 0; i < 32; i++) {
		struct virq *q = virq_of(v, first + i);
		if (!q || !((value >> i) & 1))
			continue;
		uint32_t id = first + i;
		struct vcpu *t = id < 32 ? v : spi_target(v->vm, q);
		switch (reg) {
		case GICD_ISENABLER:
			q->enabled = 1;
			if (q->pending)
				make_pending(t, q);
			break;
		case GICD_ICENABLER:
			q->enabled = 0;
			break;
		case GICD_ISPENDR:
			make_pending(t, q);
			break;
		case GICD_ICPENDR:
			if (!q->hw)
				q->pending = 0;
			break;
		default:
			break; /* active state: owned by the list registers */
		}
	}
}

/* IPRIORITYR (a byte each) and ICFGR (two bits each), INTIDs from first. */
static uint64_t bytes_read(struct vcpu *v, uint32_t first, uint32_t size)
{
	uint64_t value = 0;
	for (uint32_t i = 0; i < size; i++) {
		struct virq *q = virq_of(v, first + i);
		if (q)
			value |= (uint64_t)q->priority << (8 * i);
	}
	return value;
}

static void bytes_write(struct vcpu *v, uint32_t first, uint32_t size, uint64_t value)
{
	for (uint32_t i = 0; i < size; i++) {
		struct virq *q = virq_of(v, first + i);
		if (q)
			q->priority = (uint8_t)(value >> (8 * i)) & 0xf8; /* 5 priority bits */
	}
}

static uint32_t cfg_read(struct vcpu *v, uint32_t first)
{
	uint32_t value = 0;
	for (uint32_t i = 0; i < 16; i++) {
		struct virq *q = virq_of(v, first + i);
		if (q && q->edge)
			value |= 2u << (2 * i);
	}
	return value;
}

static void cfg_write(struct vcpu *v, uint32_t first, uint32_t value)
{
	for (uint32_t i = 0; i < 16; i++) {
		struct virq *q = virq_of(v, first + i);
		if (q && first + i >= 16) /* SGIs are always edge-triggered */
			q->edge = (value >> (2 * i + 1)) & 1;
	}
}

/* Shared by the distributor (SPIs) and a redistributor's SGI_base (INTIDs 0-31). */
static int irq_regs(struct vcpu *v, uint64_t off, uint32_t size, int write, uint64_t *value,
		    int redist)
{
	uint32_t base_id = redist ? 0 : 32;
	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
		uint64_t reg = off & ~0x7ful;
		uint32_t n = (off & 0x7f) / 4;
		if (size != 4 || (redist ? n != 0 : n != 1))
			return size == 4 ? (write ? 0 : (*value = 0, 0)) : -1;
		if (write)
			bits_write(v, base_id, reg, (uint32_t)*value);
		else
			*value = bits_read(v, base_id, reg);
		return 0;
	}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + VGIC_LINES) {
		uint32_t id = (uint32_t)(off - GICD_IPRIORITYR);
		if ((redist ? id >= 32 : id < 32) || (size != 1 && size != 4))
			return size == 1 || size == 4 ? (write ? 0 : (*value = 0, 0)) : -1;
		if (write)
			bytes_write(v, id, size, *value);
		else
			*value = bytes_read(v, id, size);
		return 0;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + VGIC_LINES / 4 && size == 4) {
		uint32_t id = (uint32_t)(off - GICD_ICFGR) * 4;
		if (redist ? id >= 32 : id < 32) {
			if (!write)
				*value = 0;
			return 0;
		}
		if (write)
			cfg_write(v, id, (uint32_t)*value);
		else
			*value = cfg_read(v, id);
		return 0;
	}
	/* Everything else in the frame (IGRPMODR, NSACR, the rest of the lines): RAZ/WI. */
	if (size != 4 && size != 8)
		return -1;
	if (!write)
		*value = 0;
	return 0;
}

static int dist_access(struct vcpu *v, uint64_t off, uint32_t size, int write, uint64_t *value)
{
	struct vm *vm = v->vm;
	if (off == GICD_CTLR && size == 4) {
		if (write)
			vm->gic.ctlr = (uint32_t)*value & (GICD_CTLR_G1 | GICD_CTLR_G1A);
		else
			*value = vm->gic.ctlr | GICD_CTLR_ARE;
		return 0;
	}
	if (off == GICD_TYPER || off == GICD_IIDR || off == GICD_PIDR2) {
		if (!write)
			*value = off == GICD_TYPER ? (GICD_TYPER_IDBITS_10 | GICD_TYPER_NO1N |
						      (VGIC_LINES / 32 - 1))
				 : off == GICD_IIDR ? TZV_GIC_IIDR : GIC_PIDR2_V3;
		return 0;
	}
	if (off >= GICD_IROUTER + 8 * 32 && off < GICD_IROUTER + 8 * VGIC_LINES) {
		uint32_t id = (uint32_t)(off - GICD_IROUTER) / 8;
		struct virq *q = virq_of(v, id);
		if (off & 4 || size != 8) {
			if (!write)
				*value = 0;
			return size == 4 || size == 8 ? 0 : -1;
		}
		if (!q) {
			if (!write)
				*value = 0;
		} else if (write) {
			/* Aff0 names the vCPU; IRM (any) or an unknown one: vCPU 0. */
			uint64_t aff0 = *value & 0xff;
			q->target = (*value & (1ul << 31)) || (*value & 0xff00ffff00ul) ||
					    aff0 >= vm->vcpu_count
					    ? 0
					    : (uint8_t)aff0;
		} else {
			*value = q->target;
		}
		return 0;
	}
	if (off >= GICD_IGROUPR && off < GICD_IROUTER)
		return irq_regs(v, off, size, write, value, 0);
	if (size != 4 && size != 8)
		return -1;
	if (!write)
		*value = 0;
	return 0;
}

static int redist_access(struct vcpu *v, struct vcpu *r, uint64_t off, uint32_t size, int write,
			 uint64_t *value)
{
	if (off >= GICR_SGI)
		return irq_regs(r, off - GICR_SGI, size, write, value, 1);
	uint64_t typer = ((uint64_t)r->index << 32) | ((uint64_t)r->index << 8) |
			 (r->index + 1 == v->vm->vcpu_count ? GICR_TYPER_LAST : 0);
	uint64_t result = 0;
	switch (off) {
	case GICR_TYPER:
		result = size == 8 ? typer : (uint32_t)typer;
		break;
	case GICR_TYPER + 4:
		result = typer >> 32;
		break;
	case GICR_IIDR:
		result = TZV_GIC_IIDR;
		break;
	case GICR_PIDR2:
		result = GIC_PIDR2_V3;
		break;
	case GICR_WAKER:
		if (write)
			r->gic.waker = (uint32_t)*value & GICR_WAKER_SLEEP;
		result = r->gic.waker ? (GICR_WAKER_SLEEP | GICR_WAKER_ASLEEP) : 0;
		break;
	default:
		break; /* CTLR (no LPIs), STATUSR, ...: RAZ/WI */
	}
	if (size != 4 && size != 8)
		return -1;
	if (!write)
		*value = result;
	return 0;
}

#define ESR_ISV (1ul << 24)
#define ESR_SAS(esr) (((esr) >> 22) & 3)
#define ESR_SRT(esr) (((esr) >> 16) & 31)
#define ESR_WNR (1ul << 6)

/*
 * A load or store to the VM's distributor or redistributor frames. Returns
 * -1 if the address is not one of them or the access cannot be emulated.
 */
int vgic_mmio(struct vcpu *v, uint64_t esr, uint64_t ipa)
{
	struct vm *vm = v->vm;
	int in_dist = ipa >= PLAT_GICD_BASE && ipa < PLAT_GICD_BASE + GICD_SIZE;
	int in_redist = ipa >= PLAT_GICR_BASE &&
			ipa < PLAT_GICR_BASE + PLAT_GICR_STRIDE * vm->vcpu_count;
	if (!(esr & ESR_ISV) || (!in_dist && !in_redist))
		return -1;
	uint32_t size = 1u << ESR_SAS(esr);
	uint32_t rt = ESR_SRT(esr);
	int write = (esr & ESR_WNR) != 0;
	uint64_t value = write && rt != 31 ? v->regs.x[rt] : 0;
	if (size < 8)
		value &= (1ul << (8 * size)) - 1;
	if (ipa & (size - 1))
		return -1;
	gic_lock(vm);
	int rc;
	if (in_dist) {
		rc = dist_access(v, ipa - PLAT_GICD_BASE, size, write, &value);
	} else {
		uint64_t off = ipa - PLAT_GICR_BASE;
		rc = redist_access(v, vm->vcpus[off / PLAT_GICR_STRIDE], off % PLAT_GICR_STRIDE,
				   size, write, &value);
	}
	if (write)
		vm_work(vm);
	gic_unlock(vm);
	if (rc)
		return -1;
	if (!write && rt != 31) {
		if (size < 8)
			value &= (1ul << (8 * size)) - 1;
		v->regs.x[rt] = value;
	}
	return 0;
}
