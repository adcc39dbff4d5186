/*
 * User TAs at S-EL0. Each TA instance has its own address space: a stage-1
 * table for TTBR0_EL1 with its own ASID holding, at EL0, only its PT_LOAD
 * segments (RX, or RW and never executable) and, during one entry, the memref
 * parameters of that entry. The kernel's own mappings are in the same table
 * with EL1-only access (and global), so exceptions land in the kernel; PAN is
 * on where the CPU has it, and the kernel reaches TA memory only through its
 * own map of the private pages after checking each TA pointer against the
 * TA's segments and memrefs.
 *
 * A TA ends an entry with the RETURN syscall. Anything else that stops it -
 * a fault at EL0, an unknown syscall, a bad pointer, PANIC - kills that TA
 * instance: its memory is wiped and freed, its sessions get
 * TEEC_ERROR_TARGET_DEAD (origin TEE) until closed, and nothing else changes.
 *
 * GlobalPlatform flags: without SINGLE_INSTANCE every session gets its own
 * instance; with it, one instance serves every session, a second session is
 * refused with TEEC_ERROR_BUSY unless MULTI_SESSION, and INSTANCE_KEEP_ALIVE
 * keeps it after its last session closes (until the TEE instance restarts).
 */
#include <lib/string.h>
#include <lib/sysreg.h>
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/ta_abi.h>
#include "crypto.h"
#include "mmu.h"
#include "storage.h"
#include "tee.h"
#include "uta_sys.h"
#include "uta_call.h"
#include "uta_lib.h"

#define TEE_ERROR_ACCESS_DENIED 0xffff0001u
#define TEE_ERROR_CANCEL 0xffff0002u
#define TEE_ERROR_SHORT_BUFFER 0xffff0010u
#define TEE_MEMORY_ACCESS_READ 0x1u
#define TEE_MEMORY_ACCESS_WRITE 0x2u
#define TEE_MEMORY_ACCESS_ANY_OWNER 0x4u
#define TEE_MEMORY_ACCESS_NONSECURE 0x10000000u /* OP-TEE's extensions */
#define TEE_MEMORY_ACCESS_SECURE 0x20000000u

/* L3 tables (2 MiB of VA each): the TA, its libraries, the memref window */
#define UTA_MAX_TABLES 16
/* TA entries in progress at once: a client's call, and TA-to-TA calls inside it (uta_call.c) */
#define UTA_DEPTH 4
#define EXIT_DEAD (1ull << 32)

/* stage-1 descriptors (see tee/mmu.c) */
#define PTE_PAGE      (3ull << 0)
#define PTE_TABLE     (3ull << 0)
#define PTE_AF        (1ull << 10)
#define PTE_NG        (1ull << 11)
#define PTE_SH_INNER  (3ull << 8)
#define PTE_AP_EL0_RW (1ull << 6)
#define PTE_AP_EL0_RO (3ull << 6)
#define PTE_PXN       (1ull << 53)
#define PTE_UXN       (1ull << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000ull
#define USER_BASE     (PTE_PAGE | PTE_AF | PTE_NG | PTE_SH_INNER | PTE_PXN) /* attr index 0 */

struct uta {
	bool used, dead;
	uint8_t uuid[16];
	uint32_t flags;
	uint16_t asid;
	unsigned sessions;
	struct uta_image img;
	uint64_t *root, *l2;
	uint64_t *tables[UTA_MAX_TABLES];
	unsigned ntables;
	bool created;
	uint64_t pauth_keys[PAUTH_KEY_WORDS];
	bool running; /* one of its entries is in progress (a TA-to-TA call below it) */
};

struct uta_kctx {
	uint64_t regs[12]; /* x19..x30 */
	uint64_t sp;
};

uint64_t uta_enter(struct uta_kctx *ctx, uint64_t pc, uint64_t cmd, uint64_t session,
		   uint64_t params_va, uint64_t sp_el0);
void uta_exit(struct uta_kctx *ctx, uint64_t result) __attribute__((noreturn));

/*
 * FP/SIMD of the code a foreign interrupt stopped (a TA, or a built-in TA with its
 * libraries), and of a TA during a syscall (tee/entry.S)
 */
uint8_t thread_fp_area[528] __attribute__((aligned(16)));
uint32_t thread_fp_saved;
uint8_t uta_sys_fp_area[528] __attribute__((aligned(16)));

static struct uta utas[UTA_MAX];
/*
 * Entries nest when a TA opens or invokes another TA (tee/uta_call.c): each
 * level has its kernel context and the FP/SIMD state of the TA below it.
 */
static struct uta_kctx kctx[UTA_DEPTH];
static uint8_t fp_below[UTA_DEPTH][528] __attribute__((aligned(16)));
static unsigned depth;		      /* entries in progress */
static struct uta *cur;               /* the TA whose entry runs */
static struct ta_param *cur_params;   /* its memref parameters */
static struct ta_session *cur_sess;   /* the session of the open or invoke that runs, for cancellation */
static uint64_t boot_ticks;

static void uuid_str(const uint8_t u[16], char out[9])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 4; i++) {
		out[2 * i] = hex[u[i] >> 4];
		out[2 * i + 1] = hex[u[i] & 15];
	}
	out[8] = '\0';
}

#define TA_LOG(u, fmt, ...)                                                       \
	do {                                                                      \
		char id_[9];                                                      \
		uuid_str((u)->uuid, id_);                                         \
		tee_log("TA %s: " fmt, id_, ##__VA_ARGS__);                       \
	} while (0)

/* ---- address spaces ---- */

/*
 * This core only: the instance runs on one core at a time (the TEE-visor admits one
 * entry per instance) and the TEE-visor drops all EL1 entries of a core the instance
 * comes to from another (tvisor/instance.c), so no other core holds entries of this
 * ASID that it could use. A broadcast TLBI would stop every vCPU under QEMU's
 * multi-threaded TCG (and cost every core on hardware) after each user-TA call.
 */
static void tlb_flush_asid(uint16_t asid)
{
	uint64_t op = (uint64_t)asid << 48;
	__asm__ volatile("dsb ishst\n\ttlbi aside1, %0\n\tdsb nsh\n\tisb" ::"r"(op) : "memory");
}

static uint64_t *l3_for(struct uta *u, uint64_t va)
{
	uint64_t *e = &u->l2[(va >> 21) & 511];
	if ((*e & 3) == PTE_TABLE && (*e & PTE_NG))
		return (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
	if (*e || u->ntables == UTA_MAX_TABLES)
		return NULL; /* a kernel mapping, or out of tables */
	uint64_t *t = pages_alloc(1);
	if (!t)
		return NULL;
	u->tables[u->ntables++] = t;
	/* nG in a table descriptor is ignored by the walk; it marks the TA's own tables here */
	*e = (uint64_t)(uintptr_t)t | PTE_TABLE | PTE_NG;
	return t;
}

static int map_pages(struct uta *u, uint64_t va, const uint8_t *mem, uint64_t size, uint64_t attr)
{
	for (uint64_t off = 0; off < size; off += TEE_PAGE) {
		uint64_t *l3 = l3_for(u, va + off);
		if (!l3)
			return -1;
		l3[((va + off) >> 12) & 511] = ((uint64_t)(uintptr_t)(mem + off) & PTE_ADDR_MASK) | attr;
	}
	return 0;
}

static void unmap_pages(struct uta *u, uint64_t va, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += TEE_PAGE) {
		uint64_t *l3 = l3_for(u, va + off);
		if (l3)
			l3[((va + off) >> 12) & 511] = 0;
	}
}

static void uta_free_memory(struct uta *u)
{
	for (unsigned i = 0; i < u->img.nsegs; i++)
		pages_free(u->img.seg[i].mem, u->img.seg[i].npages);
	u->img.nsegs = 0;
	for (unsigned i = 0; i < u->ntables; i++)
		pages_free(u->tables[i], 1);
	u->ntables = 0;
	pages_free(u->l2, 1);
	pages_free(u->root, 1);
	u->root = u->l2 = NULL;
	tlb_flush_asid(u->asid);
}

/* EL0 attributes of a segment: RX, R, or RW and never executable. */
static uint64_t seg_attr(const struct uta_seg *s)
{
	uint64_t attr = USER_BASE | (s->write ? PTE_AP_EL0_RW | PTE_UXN : PTE_AP_EL0_RO);
	return s->exec ? attr : attr | PTE_UXN;
}

int uta_map_seg(struct uta *u, const struct uta_seg *s)
{
	int r = map_pages(u, s->va, s->mem, s->size, seg_attr(s));
	dsb(ishst);
	isb();
	return r;
}

void uta_unmap_seg(struct uta *u, const struct uta_seg *s)
{
	unmap_pages(u, s->va, s->size);
	tlb_flush_asid(u->asid);
}

struct uta_image *uta_image_rw(struct uta *u)
{
	return &u->img;
}

struct uta *uta_current(void)
{
	return cur;
}

static uint32_t build_space(struct uta *u)
{
	uint64_t *kroot = tee_kernel_root();
	u->root = pages_alloc(1);
	u->l2 = pages_alloc(1);
	if (!u->root || !u->l2)
		return TEEC_ERROR_OUT_OF_MEMORY;
	/* the kernel's mappings, EL1 only: its root and its table for the first GiB */
	memcpy(u->root, kroot, TEE_PAGE);
	if ((kroot[0] & 3) == PTE_TABLE)
		memcpy(u->l2, (void *)(uintptr_t)(kroot[0] & PTE_ADDR_MASK), TEE_PAGE);
	u->root[0] = (uint64_t)(uintptr_t)u->l2 | PTE_TABLE;
	for (unsigned i = 0; i < u->img.nsegs; i++) {
		const struct uta_seg *s = &u->img.seg[i];
		if (map_pages(u, s->va, s->mem, s->size, seg_attr(s)))
			return TEEC_ERROR_OUT_OF_MEMORY;
	}
	/* the memref window's table, so mapping a parameter never needs memory */
	if (!l3_for(u, UTA_MEMREF_VA))
		return TEEC_ERROR_OUT_OF_MEMORY;
	dsb(ishst);
	return TEEC_SUCCESS;
}

/* ---- TA pointers ---- */

/* The kernel's pointer for TA range [va, va+len), or NULL (tee/uta_ptr.c). */
static void *va_ptr(struct uta *u, uint64_t va, uint64_t len, bool write,
		    const struct ta_param **memref)
{
	return uta_va_ptr(&u->img, cur_params, va, len, write, memref);
}

/* ---- syscalls ---- */

void *uta_user_ptr(uint64_t va, uint64_t len, bool write)
{
	return cur ? va_ptr(cur, va, len, write, NULL) : NULL;
}

bool uta_user_shared(uint64_t va, uint64_t len)
{
	const struct ta_param *memref = NULL;
	return cur && va_ptr(cur, va, len, false, &memref) && memref;
}

void *uta_user_ptr_where(uint64_t va, uint64_t len, bool write, bool *nonsecure)
{
	const struct ta_param *memref;
	void *p = cur ? va_ptr(cur, va, len, write, &memref) : NULL;
	*nonsecure = p && memref && memref->u.memref.nonsecure;
	return p;
}

static void ta_dies(const char *why, uint64_t a, uint64_t b) __attribute__((noreturn));
static void ta_dies(const char *why, uint64_t a, uint64_t b)
{
	TA_LOG(cur, "%s (0x%llx, 0x%llx): instance ended", why, (unsigned long long)a,
	       (unsigned long long)b);
	uta_exit(&kctx[depth - 1], EXIT_DEAD);
}

void uta_kill_current(const char *why, uint64_t a, uint64_t b)
{
	ta_dies(why, a, b);
}

static uint64_t ticks_ms(uint64_t t)
{
	uint64_t f = read_sysreg(cntfrq_el0);
	return f ? t / (f / 1000 ? f / 1000 : 1) : 0;
}

static uint32_t sys_get_time(uint64_t kind, uint64_t out_va)
{
	/* a misaligned TEE_Time would be undefined in C: the TA ends, as for a bad pointer */
	uint32_t *out = out_va % _Alignof(uint32_t) ? NULL : va_ptr(cur, out_va, 8, true, NULL);
	if (!out)
		ta_dies("GET_TIME: bad pointer", out_va, 8);
	uint64_t ms = ticks_ms(read_sysreg(cntvct_el0) - boot_ticks);
	if (kind == TZV_TA_TIME_REE) {
		struct rpc_shm arg;
		struct optee_msg_param p;
		uint32_t r = TEEC_ERROR_COMMUNICATION;
		memset(&p, 0, sizeof(p));
		p.attr = OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT;
		/* the normal world's clock: value.a seconds, value.b nanoseconds */
		if (rpc_alloc(OPTEE_MSG_GET_ARG_SIZE(TEE_RPC_ARG_PARAMS), &arg)) {
			r = rpc_cmd(&arg, OPTEE_RPC_CMD_GET_TIME, &p, 1);
			rpc_free(&arg);
		}
		if (r == TEEC_SUCCESS && p.u.value.b >= 1000000000ull)
			r = TEEC_ERROR_COMMUNICATION;
		if (r != TEEC_SUCCESS) {
			/* GP: TEE_GetREETime panics when the implementation cannot tell the time */
			TA_LOG(cur, "REE time: GET_TIME RPC failed (0x%x)", r);
			return r;
		}
		out[0] = (uint32_t)p.u.value.a;
		out[1] = (uint32_t)(p.u.value.b / 1000000);
		return TEEC_SUCCESS;
	} else if (kind != TZV_TA_TIME_SYSTEM) {
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	out[0] = (uint32_t)(ms / 1000);
	out[1] = (uint32_t)(ms % 1000);
	return TEEC_SUCCESS;
}

static bool cancelled(void)
{
	if (!cur_sess)
		return false;
	return cur_sess->cancel ||
	       (cur_sess->cancel_at && read_sysreg(cntvct_el0) >= cur_sess->cancel_at);
}

#define WAIT_SLICE_MS 100 /* a cancellation ends a wait after at most this */

/*
 * TEE_Wait: OPTEE_RPC_CMD_SUSPEND in slices, the cancel flag checked before
 * each when the TA has cancellation unmasked (a CANCEL reaches the session
 * while the thread sleeps in the RPC: tee_cancel_while_busy). When the normal
 * world does not sleep for us (no RPC memory, SUSPEND refused), the wait ends
 * with TEEC_ERROR_COMMUNICATION (libutee then panics the TA, as GP says): the
 * kernel never waits with interrupts masked, which would hold the core for
 * as long as a TA asks.
 */
static uint32_t sys_wait(uint64_t ms, uint64_t cancellable)
{
	struct rpc_shm arg;
	bool have_arg = rpc_alloc(OPTEE_MSG_GET_ARG_SIZE(TEE_RPC_ARG_PARAMS), &arg);
	uint64_t left = (uint32_t)ms;
	uint32_t res = TEEC_SUCCESS;

	for (;;) {
		if (cancellable && cancelled()) {
			res = TEE_ERROR_CANCEL;
			break;
		}
		if (!left)
			break;
		uint64_t slice = left < WAIT_SLICE_MS ? left : WAIT_SLICE_MS;
		uint32_t r = TEEC_ERROR_COMMUNICATION;
		if (have_arg) {
			struct optee_msg_param p;
			memset(&p, 0, sizeof(p));
			p.attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
			p.u.value.a = slice;
			r = rpc_cmd(&arg, OPTEE_RPC_CMD_SUSPEND, &p, 1);
		}
		if (r != TEEC_SUCCESS) {
			res = TEEC_ERROR_COMMUNICATION;
			break;
		}
		left -= slice;
	}
	if (have_arg)
		rpc_free(&arg);
	return res;
}

static bool rndr(uint64_t *v)
{
	uint64_t isar0 = read_sysreg(id_aa64isar0_el1);
	if (((isar0 >> 60) & 0xf) == 0)
		return false;
	for (int i = 0; i < 16; i++) {
		uint64_t x, nzcv;
		__asm__ volatile("mrs %0, s3_3_c2_c4_0\n\tmrs %1, nzcv" : "=r"(x), "=r"(nzcv));
		if (!(nzcv & (1ull << 30))) { /* Z clear: valid */
			*v = x;
			return true;
		}
	}
	return false;
}

void tee_random_bytes(void *buf, size_t len)
{
	static uint64_t lcg;
	uint8_t *p = buf;
	for (size_t i = 0; i < len; i += 8) {
		uint64_t v;
		if (!rndr(&v)) {
			/* no FEAT_RNG: not a cryptographic source, said once */
			if (!lcg)
				tee_log("RANDOM: no RNDR on this CPU, using the counter");
			lcg = lcg * 6364136223846793005ull + read_sysreg(cntvct_el0) + 1442695040888963407ull;
			v = lcg;
		}
		size_t n = len - i < 8 ? len - i : 8;
		memcpy(p + i, &v, n);
	}
}

bool tee_hw_random_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;
	for (size_t i = 0; i < len; i += 8) {
		uint64_t v;
		if (!rndr(&v))
			return false;
		size_t n = len - i < 8 ? len - i : 8;
		memcpy(p + i, &v, n);
	}
	return true;
}

static uint32_t sys_random(uint64_t va, uint64_t len)
{
	if (len > TZV_TA_RANDOM_MAX)
		return TEEC_ERROR_BAD_PARAMETERS;
	uint8_t *p = va_ptr(cur, va, len, true, NULL);
	if (!p)
		ta_dies("RANDOM: bad pointer", va, len);
	tee_random_bytes(p, (size_t)len);
	return TEEC_SUCCESS;
}

static uint32_t sys_check_access(uint64_t flags, uint64_t va, uint64_t len)
{
	const struct ta_param *memref;
	if (len == 0)
		return TEEC_SUCCESS;
	if (!va_ptr(cur, va, len, flags & TEE_MEMORY_ACCESS_WRITE, &memref))
		return TEE_ERROR_ACCESS_DENIED;
	if (memref && !(flags & TEE_MEMORY_ACCESS_ANY_OWNER))
		return TEE_ERROR_ACCESS_DENIED;
	/*
	 * A memref of a normal-world client carries the REE's data (the kernel
	 * bounces it through private pages, but its content is the REE's):
	 * NONSECURE; the TA's own segments and a calling TA's memory are SECURE.
	 * Asking for both is never true.
	 */
	bool ns = memref && memref->u.memref.nonsecure;
	if ((flags & TEE_MEMORY_ACCESS_NONSECURE) && !ns)
		return TEE_ERROR_ACCESS_DENIED;
	if ((flags & TEE_MEMORY_ACCESS_SECURE) && ns)
		return TEE_ERROR_ACCESS_DENIED;
	return TEEC_SUCCESS;
}

struct prop {
	const char *name;
	uint32_t type;
	uint32_t u32;
	const char *str;
};

#define PROP_FROM_CPU 0xffffffffu /* a BOOL's u32: ask pauth_implemented() */

static const struct prop props[] = {
	{ "gpd.tee.apiversion", TZV_TA_PROP_TYPE_STRING, 0, "1.3.1" },
	{ "gpd.tee.internalCore.version", TZV_TA_PROP_TYPE_U32, 0x01030100, NULL },
	{ "gpd.tee.description", TZV_TA_PROP_TYPE_STRING, 0, "tzvisor TEE kernel (one per VM)" },
	{ "gpd.tee.deviceID", TZV_TA_PROP_TYPE_UUID, 0, NULL },
	{ "gpd.tee.systemTime.protectionLevel", TZV_TA_PROP_TYPE_U32, 100, NULL },
	{ "gpd.tee.TAPersistentTime.protectionLevel", TZV_TA_PROP_TYPE_U32, 100, NULL },
	{ "gpd.tee.arith.maxBigIntSize", TZV_TA_PROP_TYPE_U32, 4096, NULL },
	{ "gpd.tee.cryptography.ecc", TZV_TA_PROP_TYPE_BOOL, 1, NULL },
	{ "gpd.tee.cryptography.nist", TZV_TA_PROP_TYPE_BOOL, 1, NULL },
	{ "gpd.tee.cryptography.bsi-r", TZV_TA_PROP_TYPE_BOOL, 0, NULL },
	{ "gpd.tee.cryptography.bsi-t", TZV_TA_PROP_TYPE_BOOL, 0, NULL },
	{ "gpd.tee.cryptography.ietf", TZV_TA_PROP_TYPE_BOOL, 0, NULL },
	{ "gpd.tee.cryptography.octa", TZV_TA_PROP_TYPE_BOOL, 0, NULL },
	{ "gpd.tee.trustedStorage.antiRollback.protectionLevel", TZV_TA_PROP_TYPE_U32, 0, NULL },
	{ "gpd.tee.trustedStorage.rollbackDetection.protectionLevel", TZV_TA_PROP_TYPE_U32, 0, NULL },
	{ "gpd.tee.trustedos.implementation.version", TZV_TA_PROP_TYPE_STRING, 0, "1.0" },
	{ "gpd.tee.trustedos.implementation.binaryversion", TZV_TA_PROP_TYPE_U32, 0x00010000, NULL },
	{ "gpd.tee.trustedos.manufacturer", TZV_TA_PROP_TYPE_STRING, 0, "tzvisor" },
	{ "gpd.tee.firmware.implementation.version", TZV_TA_PROP_TYPE_STRING, 0, "1.0" },
	{ "gpd.tee.firmware.implementation.binaryversion", TZV_TA_PROP_TYPE_U32, 0x00010000, NULL },
	{ "gpd.tee.firmware.manufacturer", TZV_TA_PROP_TYPE_STRING, 0, "tzvisor" },
	/* OP-TEE's: whether TAs can use pointer authentication (tee/pauth.c keeps their keys);
	 * its value is the CPU's (PROP_FROM_CPU) */
	{ "org.trustedfirmware.optee.cpu.feat_pauth_implemented", TZV_TA_PROP_TYPE_BOOL,
	  PROP_FROM_CPU, NULL },
};

static uint32_t sys_get_property(uint64_t name_va, uint64_t name_len, uint64_t buf_va,
				 uint64_t len_va, uint64_t type_va)
{
	const char *name = va_ptr(cur, name_va, name_len, false, NULL);
	uint64_t *len = len_va % _Alignof(uint64_t) ? NULL : va_ptr(cur, len_va, 8, true, NULL);
	uint32_t *type = type_va % _Alignof(uint32_t) ? NULL : va_ptr(cur, type_va, 4, true, NULL);
	if (!name || !len || !type || name_len > 128)
		ta_dies("GET_PROPERTY: bad pointer", name_va, len_va);
	const struct prop *pr = NULL;
	for (unsigned i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		if (strlen(props[i].name) == name_len && !memcmp(props[i].name, name, name_len))
			pr = &props[i];
	if (!pr)
		return TEEC_ERROR_ITEM_NOT_FOUND;
	uint8_t val[64];
	uint64_t n;
	memset(val, 0, sizeof(val));
	if (pr->type == TZV_TA_PROP_TYPE_STRING) {
		n = strlen(pr->str) + 1;
		memcpy(val, pr->str, (size_t)n);
	} else if (pr->type == TZV_TA_PROP_TYPE_UUID) {
		n = 16; /* a device id per VM: 7a7a7a7a-0000-0000-0000-0000000000<vm> */
		memset(val, 0x7a, 4);
		val[15] = (uint8_t)tee_vm_id;
	} else {
		uint32_t v = pr->u32 == PROP_FROM_CPU ? pauth_implemented() : pr->u32;
		n = 4;
		memcpy(val, &v, 4);
	}
	*type = pr->type;
	if (*len < n) {
		*len = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	uint8_t *buf = va_ptr(cur, buf_va, n, true, NULL);
	if (!buf)
		ta_dies("GET_PROPERTY: bad buffer", buf_va, n);
	memcpy(buf, val, (size_t)n);
	*len = n;
	return TEEC_SUCCESS;
}

/* A synchronous exception from EL0 (tee/entry.S): frame x0..x30, ELR, SPSR, SP_EL0. */
void uta_el0_sync(uint64_t *f);
void uta_el0_sync(uint64_t *f)
{
	uint64_t esr = read_sysreg(esr_el1);
	uint32_t ec = (uint32_t)(esr >> 26) & 0x3f;

	if (!cur) {
		tee_log("EL0 exception with no TA running");
		tee_panic(TZV_PANIC_ASSERT);
	}
	if (ec != 0x15) { /* not SVC64: a fault */
		TA_LOG(cur, "fault at EL0: ESR 0x%llx FAR 0x%llx ELR 0x%llx",
		       (unsigned long long)esr, (unsigned long long)read_sysreg(far_el1),
		       (unsigned long long)f[31]);
		ta_dies("killed", esr, f[31]);
	}
	uint64_t r;
	switch (f[8]) {
	case TZV_TA_SYS_RETURN:
		uta_exit(&kctx[depth - 1], (uint32_t)f[0]);
	case TZV_TA_SYS_PANIC:
		ta_dies("TEE_Panic", f[0], f[31]);
	case TZV_TA_SYS_LOG: {
		uint64_t n = f[1] > 200 ? 200 : f[1];
		const char *s = va_ptr(cur, f[0], n, false, NULL);
		if (!s)
			ta_dies("LOG: bad pointer", f[0], f[1]);
		while (n && (s[n - 1] == '\n' || s[n - 1] == '\0'))
			n--;
		char line[208];
		memcpy(line, s, (size_t)n);
		line[n] = '\0';
		for (uint64_t i = 0; i < n; i++)
			if ((unsigned char)line[i] < 0x20 || (unsigned char)line[i] > 0x7e)
				line[i] = '.';
		TA_LOG(cur, "%s", line);
		r = TEEC_SUCCESS;
		break;
	}
	case TZV_TA_SYS_GET_TIME:
		r = sys_get_time(f[0], f[1]);
		break;
	case TZV_TA_SYS_WAIT:
		r = sys_wait(f[0], f[1]);
		break;
	case TZV_TA_SYS_GET_CANCEL:
		r = cancelled();
		break;
	case TZV_TA_SYS_GET_PROPERTY:
		r = sys_get_property(f[0], f[1], f[2], f[3], f[4]);
		break;
	case TZV_TA_SYS_RANDOM:
		r = sys_random(f[0], f[1]);
		break;
	case TZV_TA_SYS_CHECK_ACCESS:
		r = sys_check_access(f[0], f[1], f[2]);
		break;
	case TZV_TA_SYS_STORAGE:
		/* the TA's FP/SIMD registers are kept aside by el0_sync (entry.S) */
		r = storage_syscall(cur, cur->uuid, f[0], f[1], f[2], f[3], f[4]);
		break;
	case TZV_TA_SYS_CRYPTO:
		r = crypto_syscall(cur, f[0], &f[1]);
		break;
	case TZV_TA_SYS_SUPP_PLUGIN:
		r = uta_sys_supp_plugin(f[0], f[1], f[2], f[3], f[4], f[5]);
		break;
	case TZV_TA_SYS_TA_TIME:
		r = uta_sys_ta_time(cur->uuid, f[0], f[1]);
		break;
	case TZV_TA_SYS_OPEN_TA_SESSION:
		r = uta_call_open(cur, f[0], f[1], f[2], f[3], f[4], f[5]);
		break;
	case TZV_TA_SYS_INVOKE_TA_COMMAND:
		r = uta_call_invoke(cur, f[0], f[1], f[2], f[3], f[4], f[5]);
		break;
	case TZV_TA_SYS_CLOSE_TA_SESSION:
		r = uta_call_close(cur, f[0]);
		break;
	case TZV_TA_SYS_MAP_LIB:
		r = uta_lib_map(cur, f[0], f[1]);
		break;
	case TZV_TA_SYS_SOCKET:
		r = uta_sys_socket(cur, f[0], &f[1]);
		break;
	default:
		ta_dies("unknown syscall", f[8], f[31]);
	}
	f[0] = r;
}

/* IRQ or SError from EL0 (tee/entry.S). */
void uta_el0_fatal(uint64_t *f, uint64_t vector) __attribute__((noreturn));
void uta_el0_fatal(uint64_t *f, uint64_t vector)
{
	if (!cur) {
		tee_log("EL0 exception with no TA running");
		tee_panic(TZV_PANIC_ASSERT);
	}
	ta_dies(vector == 9 ? "IRQ at EL0" : "SError at EL0", vector, f[31]);
}

/* ---- entries ---- */

static void kill(struct uta *u)
{
	u->dead = true;
	uta_call_release(u);
	storage_release(u);
	crypto_release(u);
	uta_socket_release(u);
	uta_free_memory(u);
}

/* One entry into the TA. Returns its TEE_Result, or EXIT_DEAD (the instance is then dead). */
static uint64_t run(struct uta *u, uint32_t cmd, const struct ta_session *s, uint32_t cmd_id,
		    struct ta_param *tp)
{
	struct tzv_ta_params *blk = va_ptr(u, u->img.params_va, sizeof(*blk), true, NULL);
	if (!blk)
		return EXIT_DEAD; /* checked at load: cannot happen */
	if (depth == UTA_DEPTH || u->running)
		return TEEC_ERROR_BUSY; /* the callers check both: cannot happen */
	struct uta *below = cur;
	struct ta_param *below_params = cur_params;
	memset(blk, 0, sizeof(*blk));
	blk->cmd_id = cmd_id;
	if (s) {
		blk->login = s->login;
		memcpy(blk->client_uuid, s->client_uuid, 16);
	}
	cur_params = tp;
	for (unsigned i = 0; tp && i < TEE_TA_PARAMS; i++) {
		struct ta_param *p = &tp[i];
		blk->param_types |= (p->type & 0xf) << (4 * i);
		if (TA_PARAM_IS_MEMREF(p->type)) {
			uint64_t va = UTA_MEMREF_VA + i * UTA_MEMREF_STRIDE;
			blk->params[i].memref.buffer = p->u.memref.buf ? va : 0;
			blk->params[i].memref.size = p->u.memref.size;
			if (p->u.memref.buf) {
				uint64_t attr = USER_BASE | PTE_UXN |
						(p->type == TA_PARAM_MEMREF_INPUT ? PTE_AP_EL0_RO
										  : PTE_AP_EL0_RW);
				uint64_t sz = (p->u.memref.size + TEE_PAGE - 1) & ~(TEE_PAGE - 1);
				map_pages(u, va, p->u.memref.buf, sz, attr);
			}
		} else if (p->type != TA_PARAM_NONE) {
			blk->params[i].value.a = (uint32_t)p->u.value.a;
			blk->params[i].value.b = (uint32_t)p->u.value.b;
		}
	}
	dsb(ishst);

	/*
	 * The caller's FP/SIMD registers, which el0_sync keeps in uta_sys_fp_area during its
	 * syscall, are set aside: the callee's syscalls use that area too (uta_enter clears
	 * the registers for u).
	 */
	if (below)
		memcpy(fp_below[depth], uta_sys_fp_area, sizeof(uta_sys_fp_area));
	/* the caller's TLS pointer: uta_enter clears TPIDR_EL0 for u, which sets its own */
	uint64_t tp_below = below ? read_sysreg(tpidr_el0) : 0;
	cur = u;
	u->running = true;
	write_sysreg(ttbr0_el1, (uint64_t)(uintptr_t)u->root | ((uint64_t)u->asid << 48));
	pauth_keys_load(u->pauth_keys); /* with an isb */
	depth++;
	uint64_t r = uta_enter(&kctx[depth - 1], u->img.entry, cmd, s ? s->id : 0, u->img.params_va,
			       u->img.stack_top);
	depth--;
	u->running = false;
	write_sysreg(tpidr_el0, tp_below);
	cur = below;
	cur_params = below_params;
	if (below) {
		write_sysreg(ttbr0_el1,
			     (uint64_t)(uintptr_t)below->root | ((uint64_t)below->asid << 48));
		pauth_keys_load(below->pauth_keys); /* with an isb */
		memcpy(uta_sys_fp_area, fp_below[depth], sizeof(uta_sys_fp_area));
	} else {
		write_sysreg(ttbr0_el1, tee_kernel_ttbr0());
		isb();
	}

	if (r & EXIT_DEAD) {
		kill(u);
		return EXIT_DEAD;
	}
	for (unsigned i = 0; tp && i < TEE_TA_PARAMS; i++) {
		struct ta_param *p = &tp[i];
		if (TA_PARAM_IS_MEMREF(p->type)) {
			uint64_t sz = (p->u.memref.size + TEE_PAGE - 1) & ~(TEE_PAGE - 1);
			if (p->u.memref.buf)
				unmap_pages(u, UTA_MEMREF_VA + i * UTA_MEMREF_STRIDE, sz);
			uint64_t n = blk->params[i].memref.size;
			if (p->type != TA_PARAM_MEMREF_INPUT &&
			    (n <= p->u.memref.size || (uint32_t)r == TEE_ERROR_SHORT_BUFFER))
				p->u.memref.size = n;
		} else if (p->type == TA_PARAM_VALUE_OUTPUT || p->type == TA_PARAM_VALUE_INOUT) {
			p->u.value.a = blk->params[i].value.a;
			p->u.value.b = blk->params[i].value.b;
			p->u.value.c = 0;
		}
	}
	tlb_flush_asid(u->asid); /* the memrefs are gone */
	return r;
}

/*
 * A call that was running a TA resumes (after an RPC or a foreign interrupt): the
 * normal world's keys replaced the TA's meanwhile (the monitor swaps them per
 * world, the TEE-visor does not keep them per instance), so the TA's go back.
 */
void uta_pauth_keys_reload(void)
{
	if (cur)
		pauth_keys_load(cur->pauth_keys); /* with an isb */
}

static void release(struct uta *u)
{
	uta_call_release(u);
	storage_release(u);
	crypto_release(u);
	uta_socket_release(u);
	if (!u->dead)
		uta_free_memory(u);
	memset(u, 0, sizeof(*u));
}

static uint32_t load(const uint8_t uuid[16], struct uta **out)
{
	struct uta *u = NULL;
	for (unsigned i = 0; i < UTA_MAX && !u; i++)
		if (!utas[i].used)
			u = &utas[i];
	if (!u) {
		tee_log("open session: all %u TA instances in use", UTA_MAX);
		return TEEC_ERROR_BUSY;
	}
	uint8_t *file;
	uint64_t size;
	unsigned npages;
	uint32_t r = uta_find_file(uuid, &file, &size, &npages);
	if (r != TEEC_SUCCESS)
		return r;
	memset(u, 0, sizeof(*u));
	r = uta_verify_and_load(file, size, uuid, &u->img);
	pages_free(file, npages);
	if (r != TEEC_SUCCESS) {
		memset(u, 0, sizeof(*u));
		return r;
	}
	u->used = true;
	u->asid = (uint16_t)(u - utas + 1);
	memcpy(u->uuid, uuid, 16);
	u->flags = u->img.flags;
	pauth_keys_new(u->pauth_keys);
	/* versions against rollback: each subkey it was signed through, then its own */
	r = uta_versions_check(&u->img, uuid, true);
	if (r == TEEC_SUCCESS)
		r = build_space(u);
	if (r != TEEC_SUCCESS) {
		release(u);
		return r;
	}
	TA_LOG(u, "loaded: %u segments, flags 0x%x, %u pages left", u->img.nsegs, u->flags,
	       pages_free_count());
	*out = u;
	return TEEC_SUCCESS;
}

static uint32_t dead_result(uint32_t *origin)
{
	*origin = TEEC_ORIGIN_TEE;
	return TEEC_ERROR_TARGET_DEAD;
}

/* After a session left u: destroy it when GP says so. */
static void maybe_destroy(struct uta *u)
{
	if (u->sessions || u->running)
		return;
	if (u->dead) {
		release(u);
		return;
	}
	if ((u->flags & TZV_TA_FLAG_SINGLE_INSTANCE) && (u->flags & TZV_TA_FLAG_INSTANCE_KEEP_ALIVE))
		return;
	if (u->created)
		run(u, TZV_TA_ENTRY_DESTROY, NULL, 0, NULL);
	release(u);
}

uint32_t uta_open(const uint8_t uuid[16], struct ta_session *s, struct ta_param p[TEE_TA_PARAMS],
		  uint32_t *origin)
{
	struct uta *u = NULL;
	uint32_t r;

	*origin = TEEC_ORIGIN_TEE;
	for (unsigned i = 0; i < UTA_MAX && !u; i++)
		if (utas[i].used && !utas[i].dead && (utas[i].flags & TZV_TA_FLAG_SINGLE_INSTANCE) &&
		    !memcmp(utas[i].uuid, uuid, 16))
			u = &utas[i];
	if (u && ((u->sessions && !(u->flags & TZV_TA_FLAG_MULTI_SESSION)) || u->running))
		return TEEC_ERROR_BUSY;
	if (depth == UTA_DEPTH)
		return TEEC_ERROR_BUSY; /* TA-to-TA calls nested too deep */
	if (!u) {
		r = load(uuid, &u);
		if (r != TEEC_SUCCESS)
			return r;
	}
	u->sessions++;
	s->uta = u;
	struct ta_session *sess_below = cur_sess;
	cur_sess = s;
	if (!u->created) {
		uint64_t c = run(u, TZV_TA_ENTRY_CREATE, NULL, 0, NULL);
		if (c != TEEC_SUCCESS) {
			cur_sess = sess_below;
			u->sessions--;
			s->uta = NULL;
			maybe_destroy(u);
			if (c == EXIT_DEAD)
				return dead_result(origin);
			*origin = TEEC_ORIGIN_TRUSTED_APP;
			return (uint32_t)c;
		}
		u->created = true;
	}
	uint64_t o = run(u, TZV_TA_ENTRY_OPEN_SESSION, s, 0, p);
	cur_sess = sess_below;
	if (o != TEEC_SUCCESS) {
		u->sessions--;
		s->uta = NULL;
		maybe_destroy(u);
		if (o == EXIT_DEAD)
			return dead_result(origin);
		*origin = TEEC_ORIGIN_TRUSTED_APP;
		return (uint32_t)o;
	}
	*origin = TEEC_ORIGIN_TRUSTED_APP;
	return TEEC_SUCCESS;
}

uint32_t uta_invoke(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS],
		    uint32_t *origin)
{
	struct uta *u = s->uta;
	if (u->dead)
		return dead_result(origin);
	if (u->running || depth == UTA_DEPTH) {
		*origin = TEEC_ORIGIN_TEE;
		return TEEC_ERROR_BUSY; /* a TA-to-TA call back into a TA that waits for it */
	}
	struct ta_session *sess_below = cur_sess;
	cur_sess = s;
	uint64_t r = run(u, TZV_TA_ENTRY_INVOKE, s, cmd, p);
	cur_sess = sess_below;
	if (r == EXIT_DEAD)
		return dead_result(origin);
	*origin = TEEC_ORIGIN_TRUSTED_APP;
	return (uint32_t)r;
}

void uta_close(struct ta_session *s)
{
	struct uta *u = s->uta;
	if (!u)
		return;
	if (!u->dead && !u->running && depth < UTA_DEPTH)
		run(u, TZV_TA_ENTRY_CLOSE_SESSION, s, 0, NULL);
	u->sessions--;
	s->uta = NULL;
	maybe_destroy(u);
}

const uint8_t *uta_uuid(const struct uta *u)
{
	return u->uuid;
}

const struct uta_image *uta_image_of(const struct uta *u)
{
	return &u->img;
}

void uta_reset(void)
{
	memset(utas, 0, sizeof(utas));
	storage_reset();
	crypto_reset();
	uta_sys_reset();
	uta_socket_reset();
	cur = NULL;
	cur_params = NULL;
	cur_sess = NULL;
	depth = 0;
	uta_call_reset();
	boot_ticks = read_sysreg(cntvct_el0);
}

#ifdef CONFIG_TEST_HOOKS
uint64_t uta_test_data_pa(uint32_t time_low)
{
	for (unsigned i = 0; i < UTA_MAX; i++) {
		const uint8_t *u = utas[i].uuid;
		if ((((uint32_t)u[0] << 24) | ((uint32_t)u[1] << 16) | ((uint32_t)u[2] << 8) | u[3]) !=
		    time_low)
			continue;
		for (unsigned j = 0; utas[i].used && !utas[i].dead && j < utas[i].img.nsegs; j++)
			if (utas[i].img.seg[j].write)
				return (uint64_t)(uintptr_t)utas[i].img.seg[j].mem;
	}
	return 0;
}
#endif
