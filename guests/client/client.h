/* Normal-world test client: shared declarations. */
#ifndef CLIENT_H
#define CLIENT_H

#include <stdint.h>
#include <stddef.h>
#include <abi/optee_msg.h>
#include "client_asm.h"

/* ---- SMC ---------------------------------------------------------------- */
struct smc_regs {
	uint64_t x[18];
};

struct ws_state {
	uint64_t v[64]; /* v0..v31, low then high half */
	uint64_t fpsr, fpcr;
	uint64_t tpidr_el0, tpidr_el1;
	uint64_t tpidrro_el0, sp_el0;
	uint64_t vbar_el1, contextidr_el1;
	uint64_t x[10]; /* x19..x28 */
	uint64_t sp, fp;
} __attribute__((aligned(16)));

_Static_assert(offsetof(struct ws_state, fpsr) == WS_FPSR, "WS_FPSR");
_Static_assert(offsetof(struct ws_state, tpidr_el0) == WS_TPIDR_EL0, "WS_TPIDR_EL0");
_Static_assert(offsetof(struct ws_state, tpidrro_el0) == WS_TPIDRRO_EL0, "WS_TPIDRRO_EL0");
_Static_assert(offsetof(struct ws_state, vbar_el1) == WS_VBAR_EL1, "WS_VBAR_EL1");
_Static_assert(offsetof(struct ws_state, x) == WS_X19, "WS_X19");
_Static_assert(offsetof(struct ws_state, sp) == WS_SP, "WS_SP");
_Static_assert(sizeof(struct ws_state) == WS_SIZE, "WS_SIZE");

void smc_call(struct smc_regs *r);
void ws_call(const struct ws_state *in, struct ws_state *pre, struct ws_state *post,
	     struct smc_regs *r);
uint64_t smc_loop_cycles(const struct smc_regs *r, uint64_t n, int do_smc);
void core1_entry(void);

struct smc_res {
	uint64_t a0, a1, a2, a3;
};

/* smc #0 with a0..a7; checks that x4..x17 come back unchanged (SMCCC >= 1.1). */
struct smc_res smc8(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
		    uint64_t a5, uint64_t a6, uint64_t a7);
#define smc0(fid) smc8((fid), 0, 0, 0, 0, 0, 0, 0)

/* Calls whose x4..x7 or x8..x17 changed, collected over the whole run. */
struct preserve_log {
	unsigned calls, bad_4_7, bad_8_17;
	uint64_t first_fid_4_7, first_reg_4_7, first_val_4_7;
	uint64_t first_fid_8_17, first_reg_8_17, first_val_8_17;
};
extern struct preserve_log preserve_log;

/* ---- test reporting ---------------------------------------------------- */
struct test {
	const char *name;
	int failed;
	size_t len;
	char why[240];
};

uint64_t probe_sve_undef(void); /* start.S: ESR of the exception, ~0 if none */
uint64_t probe_read_esr(uint64_t address); /* start.S: ESR of the abort, ~0 if it read */
/* start.S: ESR of the abort, ~0 if it wrote */
uint64_t probe_write_esr(uint64_t address, uint32_t value);
void t_begin(struct test *t, const char *name);
void t_fail(struct test *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int t_end(struct test *t); /* prints the TEST line; returns 1 if passed */
void t_skip_fail(const char *name, const char *why);

#define EXPECT_EQ(t, what, exp, got)                                                     \
	do {                                                                               \
		uint64_t e_ = (uint64_t)(exp), g_ = (uint64_t)(got);                        \
		if (e_ != g_)                                                              \
			t_fail((t), "%s: expected 0x%lx got 0x%lx", (what), e_, g_);      \
	} while (0)

/* ---- VMs and their memory --------------------------------------------- */
struct vm {
	uint32_t id;
	uint64_t ram_base, ram_size;
	uint64_t next; /* bump allocator for scratch pages */
};

extern struct vm vm1, vm2;

/* n contiguous zeroed 4 KiB pages from the VM's scratch area (PA). */
uint64_t vm_pages(struct vm *vm, unsigned n);
/* A zeroed message with room for num_params parameters, in vm's RAM. */
struct optee_msg_arg *vm_arg(struct vm *vm, uint32_t num_params);

static inline void *pa_ptr(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}
static inline uint64_t ptr_pa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* ---- OP-TEE messages --------------------------------------------------- */
#define CALL_FAILED(a0) (0xeeee0000u | (uint32_t)(a0)) /* ret when a0 != OK */

/* CALL_WITH_ARG for arg at arg_pa (anywhere), as VM vm; handles RPCs. Returns a0. */
uint64_t msg_call_pa(struct vm *vm, uint64_t arg_pa);
/* Same, returns arg->ret or CALL_FAILED(a0). */
uint32_t msg_call(struct vm *vm, struct optee_msg_arg *arg);

uint32_t open_session(struct vm *vm, const uint8_t uuid[16], uint32_t *session);
/* The same with another login (an OPTEE_MSG_LOGIN_* value), nil client UUID. */
uint32_t open_session_login(struct vm *vm, const uint8_t uuid[16], uint32_t login,
			    uint32_t *session);
uint32_t close_session(struct vm *vm, uint32_t session);
/* Invoke with up to 4 params (copied back after the call). */
uint32_t invoke(struct vm *vm, uint32_t session, uint32_t func, struct optee_msg_param *p,
		uint32_t n);

static inline struct optee_msg_param pval(uint32_t type, uint64_t a, uint64_t b, uint64_t c)
{
	struct optee_msg_param p = { .attr = type };
	p.u.value.a = a;
	p.u.value.b = b;
	p.u.value.c = c;
	return p;
}
static inline struct optee_msg_param ptmem(uint32_t type, uint64_t pa, uint64_t size)
{
	struct optee_msg_param p = { .attr = type };
	p.u.tmem.buf_ptr = pa;
	p.u.tmem.size = size;
	p.u.tmem.shm_ref = pa; /* an opaque cookie, as Linux passes its struct tee_shm * */
	return p;
}

/* Invoke with one memref param of type `type` at pa/size; *size_out (if given) = the
 * size the TEE answered. */
static inline uint32_t invoke_one_memref(struct vm *vm, uint32_t session, uint32_t func,
					 uint32_t type, uint64_t pa, uint64_t size,
					 uint64_t *size_out)
{
	struct optee_msg_param p[1] = {ptmem(type, pa, size)};
	uint32_t r = invoke(vm, session, func, p, 1);
	if (size_out)
		*size_out = p[0].u.tmem.size;
	return r;
}

/* ---- PMU ------------------------------------------------------------- */
int pmu_usable(void);
void pmu_start(void);

/* ---- test groups ------------------------------------------------------- */
void tests_smccc(void);
void tests_psci(void);
void tests_world_switch(void);
void tests_optee_probe(void);
void tests_messages(void);
void tests_negative(void);
void tests_negative_hypervised(void);
void tests_isolation(void);
void tests_invoke_tests(struct vm *vm); /* tests_invoke_tests.c: OP-TEE's invoke-tests PTA */
void tests_tee_bus(void); /* tests_tee_bus.c: OP-TEE's device-enumeration and RNG PTAs */
void tests_preservation(void);
void tests_dead_instance(void);
void bench_run(void);
extern uint64_t first_invoke_ticks; /* CNTPCT at the first successful invoke */

/* Work for core 1 (started with CPU_ON, turns itself off when done). */
struct core1_job {
	uint64_t magic;
	uint64_t vm_id, arg_pa, count;
	/* once: a single SMC, ETHREAD_LIMIT not retried; it waits for go, then wait_ticks */
	uint64_t once, wait_ticks;
	volatile uint64_t go;
	volatile uint64_t done, ok, busy, errors, first_a0, first_ret, last_a0;
};
int64_t core1_start_job(struct core1_job *job); /* PSCI CPU_ON result */
int core1_wait_job(struct core1_job *job);      /* 1 when done and core 1 is off */
void tests_smp(void);
void tests_lifecycle(void);
/* tests_intr.c: normal-world interrupts during a long TEE call (foreign-interrupt RPC) */
void tests_foreign_intr(struct vm *vm);
void tests_foreign_intr_lifecycle(struct vm *vm);
void client_irq(void);
/* The client's virtual timer, every `period` ticks, IRQs unmasked (after tests_foreign_intr's setup). */
void timer_start(uint64_t period);
void timer_stop(void);
struct test;
void ws_check(struct test *t, struct smc_regs *r);

/* tests_ta.c: user TAs at S-EL0, loaded through the client playing tee-supplicant */
void tests_user_ta(struct vm *vm);
void supplicant_rpc(struct vm *vm, struct optee_msg_arg *arg);

/* tests_attest.c: the attestation PTA; prints the token for tests/system/attest.sh */
void tests_attest(struct vm *vm);
void tests_optee_attest(struct vm *vm);
/* tests_optee_attest.c: GET_TA_SHDR_DIGEST of data..end as the test TA, a rolled-back file */
void optee_attest_rollback_refused(struct vm *vm, const uint8_t *data, const uint8_t *end);
/* tests_ta.c: serve (1) the test TA's signed file (good.ta) as tee-supplicant, or stop (0). */
void serve_test_ta(int on);
/* tests_ta.c: serve data..end as <uuid>.ta from slot 0..7 (tests_dl.c: 4..7), or stop (NULL). */
void serve_file(unsigned slot, const uint8_t *uuid, const uint8_t *data, const uint8_t *end);
/* tests_dl.c: shared TA libraries (the dl example), their refusals and the attestation hash */
void tests_dl(struct vm *vm);

void client_exit(unsigned failed) __attribute__((noreturn));
extern int under_hypervisor; /* set when TZV_HYP_VM_INFO answers: vm1 is this VM */
void core1_main(uint64_t context);

#endif
