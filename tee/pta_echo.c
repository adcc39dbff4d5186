/* "echo" pseudo TA: memref copy, checksum of a (multi-page) buffer, null call, long spin. */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/pta_uuid.h>
#include "tee.h"

#define NONE    TA_T(TA_PARAM_NONE)
#define MR_IN   (TA_T(TA_PARAM_MEMREF_INPUT) | TA_T(TA_PARAM_MEMREF_INOUT))
#define MR_OUT  (TA_T(TA_PARAM_MEMREF_OUTPUT) | TA_T(TA_PARAM_MEMREF_INOUT))
#define VAL_OUT (TA_T(TA_PARAM_VALUE_OUTPUT) | TA_T(TA_PARAM_VALUE_INOUT))
#define VAL_IN  (TA_T(TA_PARAM_VALUE_INPUT) | TA_T(TA_PARAM_VALUE_INOUT))

#ifdef CONFIG_TEST_HOOKS
#include <lib/sysreg.h>
/*
 * Test images only: why a SPIN ran to its end without a foreign interrupt
 * although the normal world's virtual timer was due during it. Under QEMU's
 * multi-threaded TCG the timer's interrupt is raised by QEMU's main-loop
 * thread, which a loaded host can keep off a CPU for tens of milliseconds
 * while this vCPU computes; the virtual timer's CNTV_CTL.ISTATUS is what
 * QEMU last computed, so ISTATUS clear past the compare value means the
 * interrupt was never raised (emulator latency), ISTATUS set means it was
 * raised and the FIQ did not come: a fault of ours (masking, routing,
 * priority), which hyp_2vm.sh and client.sh refuse. The loop samples only ISR_EL1;
 * the timer registers are read at the ends of the call (reading them takes
 * QEMU's big lock, which would tie the loop to the main-loop thread).
 */
#define SPIN_DIAG_EVERY 4096u
#define SPIN_DIAG_GRACE 65536u /* steps, F unmasked, for a FIQ raised at the very end */
#define CNT_CTL_ENABLE 1u
#define CNT_CTL_IMASK 2u
#define CNT_CTL_ISTATUS 4u
#define ISR_F (1u << 6)
#define ISR_I (1u << 7)
#define NEVER (~0ull)

struct spin_diag {
	uint64_t start, ctl, cval, daif;
	uint64_t isr_f, isr_i; /* step of the first sample that saw it */
	uint32_t seq;
};

/* bumped by the FIQ path behind the compiler's back */
static uint32_t suspensions(void)
{
	return __atomic_load_n(&tee_thread.resume_seq, __ATOMIC_RELAXED);
}

static void spin_diag_start(struct spin_diag *d)
{
	d->start = read_sysreg(cntvct_el0);
	d->ctl = read_sysreg(cntv_ctl_el0);
	d->cval = read_sysreg(cntv_cval_el0);
	d->daif = read_sysreg(daif);
	d->isr_f = d->isr_i = NEVER;
	d->seq = suspensions();
}

static void spin_diag_sample(struct spin_diag *d, uint64_t i)
{
	uint64_t isr = read_sysreg(isr_el1);
	if (d->isr_f == NEVER && (isr & ISR_F))
		d->isr_f = i;
	if (d->isr_i == NEVER && (isr & ISR_I))
		d->isr_i = i;
}

static void spin_diag_report(const struct spin_diag *d, uint64_t n)
{
	uint64_t now = read_sysreg(cntvct_el0);
	if (suspensions() != d->seq ||
	    (d->ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE || d->cval > now || !n)
		return; /* interrupted, or no timer came due: nothing to explain */
	uint64_t ctl = read_sysreg(cntv_ctl_el0);
	if (ctl & CNT_CTL_ISTATUS) {
		/* raised just now? a FIQ needs a few instructions to be taken */
		for (volatile uint32_t i = 0; i < SPIN_DIAG_GRACE && suspensions() == d->seq; i++)
			;
		if (suspensions() != d->seq)
			return;
	}
	uint64_t us = read_sysreg(cntfrq_el0) / 1000000, ran = now - d->start;
	long due = d->cval > d->start ? (long)((d->cval - d->start) / us) : 0;
#define AT_US(i) ((i) == NEVER ? -1l : (long)((i)*ran / n / us))
	uint64_t daif = read_sysreg(daif);
	tee_foreign_intr_mask(); /* whole lines: no suspension inside a console call */
	tee_log("TZVDIAG SPIN ran %lu us without a foreign interrupt, the timer due at %ld us",
		(unsigned long)(ran / us), due);
	if (ctl & CNT_CTL_ISTATUS)
		tee_log("TZVDIAG timer interrupt raised but no FIQ taken: DAIF 0x%lx, ISR_EL1.F "
			"at ~%ld us, .I at ~%ld us (-1: never)",
			(unsigned long)d->daif, AT_US(d->isr_f), AT_US(d->isr_i));
	else
		tee_log("TZVDIAG timer interrupt not raised by the emulator during the call "
			"(CNTV_CTL 0x%lx)",
			(unsigned long)ctl);
	write_sysreg(daif, daif);
#undef AT_US
}
#endif

/* Steps the LCG n times; the empty asm keeps every step a real, interruptible one. */
static uint64_t spin(uint64_t x, uint64_t n)
{
#ifdef CONFIG_TEST_HOOKS
	struct spin_diag d;
	spin_diag_start(&d);
	/*
	 * A mark in d31 across the spin: a foreign interrupt that suspends it must keep
	 * the built-in TA's FP/SIMD registers (tee/entry.S foreign_intr), which the
	 * libraries it calls use; the result then differs from the client's.
	 */
	uint64_t fp_mark = x ^ 0xf0f0f0f05a5a5a5aull, fp_back;
	__asm__ volatile("fmov d31, %0" ::"r"(fp_mark));
#endif
	/*
	 * Sampled between runs of SPIN_DIAG_EVERY steps, not tested at every step: that
	 * test made each step 6 instructions instead of 4, and a SPIN of one VM under
	 * -icount 50% longer (make bench: the other VM's first call 40 ms later).
	 */
	for (uint64_t i = 0; i < n;) {
		uint64_t end = n;
#ifdef CONFIG_TEST_HOOKS
		spin_diag_sample(&d, i);
		if (n - i > SPIN_DIAG_EVERY)
			end = i + SPIN_DIAG_EVERY;
#endif
		for (; i < end; i++) {
			x = pta_lcg_step(x);
			__asm__ volatile("" : "+r"(x));
		}
	}
#ifdef CONFIG_TEST_HOOKS
	spin_diag_report(&d, n);
	__asm__ volatile("fmov %0, d31" : "=r"(fp_back));
	if (fp_back != fp_mark) {
		tee_log("echo: SPIN's FP/SIMD registers lost across a suspension");
		x ^= 1;
	}
#endif
	return x;
}

static uint32_t echo_invoke(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS])
{
	static const uint32_t copy_types[TEE_TA_PARAMS] = { MR_IN, MR_OUT, NONE, NONE };
	static const uint32_t sum_types[TEE_TA_PARAMS] = { VAL_OUT, MR_IN, NONE, NONE };
	static const uint32_t spin_types[TEE_TA_PARAMS] = { VAL_IN, NONE | VAL_OUT, NONE, NONE };
	(void)s;

	switch (cmd) {
	case PTA_ECHO_CMD_COPY: {
		if (!ta_check_types(p, copy_types))
			return TEEC_ERROR_BAD_PARAMETERS;
		uint64_t n = p[0].u.memref.size;
		if (n && !p[0].u.memref.buf)
			return TEEC_ERROR_BAD_PARAMETERS;
		if (p[1].u.memref.size < n || (n && !p[1].u.memref.buf)) {
			p[1].u.memref.size = n;
			return TEEC_ERROR_SHORT_BUFFER;
		}
		if (n)
			memcpy(p[1].u.memref.buf, p[0].u.memref.buf, (size_t)n);
		p[1].u.memref.size = n;
		return TEEC_SUCCESS;
	}
	case PTA_ECHO_CMD_CHECKSUM:
		if (!ta_check_types(p, sum_types))
			return TEEC_ERROR_BAD_PARAMETERS;
		if (p[1].u.memref.size && !p[1].u.memref.buf)
			return TEEC_ERROR_BAD_PARAMETERS;
		p[0].u.value.a = pta_fnv1a32(p[1].u.memref.buf, p[1].u.memref.size, PTA_FNV1A32_INIT);
		p[0].u.value.b = (uint32_t)p[1].u.memref.size;
		p[0].u.value.c = 0;
		return TEEC_SUCCESS;
	case PTA_ECHO_CMD_NULL:
		return TEEC_SUCCESS;
	case PTA_ECHO_CMD_SPIN: {
		if (!ta_check_types(p, spin_types) || p[0].u.value.a > PTA_ECHO_SPIN_MAX)
			return TEEC_ERROR_BAD_PARAMETERS;
		uint64_t n = p[0].u.value.a;
		uint64_t x = spin(p[0].u.value.b, n);
		if (p[1].type != TA_PARAM_NONE) {
			p[1].u.value.a = (uint32_t)x;
			p[1].u.value.b = x >> 32;
			p[1].u.value.c = n;
		}
		return TEEC_SUCCESS;
	}
	default:
		return TEEC_ERROR_NOT_SUPPORTED;
	}
}

const struct ta_ops pta_echo = {
	.name = "echo",
	.uuid = PTA_ECHO_UUID_OCTETS,
	.invoke = echo_invoke,
};
