/*
 * tzvisor S-EL1 TEE kernel: internal interfaces.
 *
 * Everything declared here except the "platform" section is pure logic that
 * also builds on the host for the cmocka unit tests (tests/unit/).
 */
#ifndef TEE_TEE_H
#define TEE_TEE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <abi/optee_msg.h>
#include <tzvisor/ta_abi.h>

/* ---- limits (per instance) ---- */
#define TEE_MAX_SESSIONS   16
#define TEE_MAX_SHM        16          /* registered shared memory objects */
#define TEE_SHM_MAX_PAGES  512         /* 2 MiB per registered object */
#define TEE_MAX_MSG_PARAMS 6           /* params in one optee_msg_arg */
#define TEE_TA_PARAMS      4           /* params a TA sees (GP) */
#define TEE_MEMREF_MAX     0x10000ul   /* largest memref copied in/out */
#define TEE_BOUNCE_SIZE    0x20000ul   /* all memrefs of one call together */
#define TEE_TMEM_MAX_PAGES (TEE_MEMREF_MAX / 4096 + 1)
#define TEE_NC_PAGE        ((uint64_t)OPTEE_MSG_NONCONTIG_PAGE_SIZE)
#define TEE_NC_LIST_ENTRIES 511        /* page PAs per page-list page; slot 511 = next */

/* GetOSRevision answer: API level of the OP-TEE 3.19 client stack. */
#define TEE_OS_REV_MAJOR 3
#define TEE_OS_REV_MINOR 19

/* ---- logging / platform (firmware: tee/secure_calls.c, host: test stubs) ---- */
extern uint32_t tee_vm_id;
void tee_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tee_panic(uint64_t reason) __attribute__((noreturn));
/*
 * This instance's 32-byte key for `purpose` (TZV_KEY_PURPOSE_*), derived by
 * the monitor from the device secret. Returns 0, or -1 (key zeroed) when the
 * device has no secret.
 */
int tee_instance_key(uint32_t purpose, uint8_t key[32]);
/* TZV_TEE_ROLLBACK_COUNTER: TZV_COUNTER_* result; *stored = the counter's value. */
uint64_t tee_rollback_counter(uint64_t op, uint64_t value, uint64_t *stored);
/* The same for the highest accepted version of the TA uuid (TA anti-rollback). */
uint64_t tee_ta_version_counter(const uint8_t uuid[16], uint64_t op, uint64_t value,
				uint64_t *stored);
/*
 * Foreign (normal-world) interrupts: unmasked only while a TA's code runs
 * inside a yielding call (see msg.c, ta_enter/ta_leave). Firmware: PSTATE.F
 * cleared/set; host: no-ops.
 */
void tee_foreign_intr_unmask(void);
void tee_foreign_intr_mask(void);

/* ---- normal-world memory (tee/nwmem.c) ---- */
/*
 * The calling VM's RAM [base, base+size) in the non-secure IPA space. Every
 * normal-world address goes through nw_range_ok() before it is dereferenced.
 * nw_host_bias is added to a PA to get a pointer: 0 in the firmware (identity
 * map), a fake-RAM offset in the host tests.
 */
extern uint64_t nw_ram_base, nw_ram_size;
extern uintptr_t nw_host_bias;
bool nw_set_range(uint64_t base, uint64_t size); /* false if base+size wraps */
bool nw_range_ok(uint64_t pa, uint64_t len);
int nw_read(uint64_t pa, void *dst, uint64_t len);        /* 0, or -1 (nothing read) */
int nw_write(uint64_t pa, const void *src, uint64_t len); /* 0, or -1 (nothing written) */

/*
 * A normal-world buffer: contiguous (pages == NULL, starts at pa) or a list
 * of 4 KiB pages (byte 0 at pages[0] + first_off). All addresses in it were
 * checked when it was built; accesses are bounds-checked against size and
 * every page is re-checked against the RAM range.
 */
struct nwbuf {
	uint64_t size;
	uint64_t pa;
	const uint64_t *pages;
	uint32_t npages;
	uint32_t first_off;
};
bool nwbuf_span_ok(const struct nwbuf *b, uint64_t off, uint64_t len);
int nwbuf_read(const struct nwbuf *b, uint64_t off, void *dst, uint64_t len);
int nwbuf_write(const struct nwbuf *b, uint64_t off, const void *src, uint64_t len);
/* A view of bytes [off, off+len) of b (caller checked nwbuf_span_ok). */
void nwbuf_sub(const struct nwbuf *b, uint64_t off, uint64_t len, struct nwbuf *out);

/*
 * Reads the OPTEE_MSG_ATTR_NONCONTIG page list of a buffer of `size` bytes:
 * buf_ptr = PA of the first list page | offset of the data in its first page.
 * Fills pages[] (at most max_pages) and *out. Returns TEEC_SUCCESS,
 * TEEC_ERROR_BAD_PARAMETERS (an address outside the VM or unaligned) or
 * TEEC_ERROR_OUT_OF_MEMORY (more than max_pages pages).
 */
uint32_t nw_pagelist_load(uint64_t buf_ptr, uint64_t size, uint64_t *pages,
			  uint32_t max_pages, struct nwbuf *out);

/* ---- registered shared memory (tee/shm.c) ---- */
struct tee_shm {
	bool used;
	uint64_t cookie;
	struct nwbuf buf;
	uint64_t pages[TEE_SHM_MAX_PAGES];
};
void shm_reset(void);
struct tee_shm *shm_find(uint64_t cookie);
/* TEEC_SUCCESS, _BAD_PARAMETERS (bad list or duplicate cookie), _OUT_OF_MEMORY */
uint32_t shm_register(uint64_t cookie, uint64_t buf_ptr, uint64_t size);
uint32_t shm_unregister(uint64_t cookie); /* TEEC_SUCCESS or _BAD_PARAMETERS */
unsigned shm_count(void);

/* ---- trusted applications (tee/ta.c, tee/pta_*.c) ---- */
/* GP TEE_PARAM_TYPE_* values */
#define TA_PARAM_NONE         0
#define TA_PARAM_VALUE_INPUT  1
#define TA_PARAM_VALUE_OUTPUT 2
#define TA_PARAM_VALUE_INOUT  3
#define TA_PARAM_MEMREF_INPUT 5
#define TA_PARAM_MEMREF_OUTPUT 6
#define TA_PARAM_MEMREF_INOUT 7
#define TA_PARAM_IS_MEMREF(t) ((t) >= TA_PARAM_MEMREF_INPUT && (t) <= TA_PARAM_MEMREF_INOUT)

struct ta_param {
	uint32_t type;
	union {
		struct {
			uint64_t a, b, c;
		} value;
		struct {
			void *buf;     /* NULL for a null memref */
			uint64_t size; /* the TA may change it for output */
			/*
			 * The buffer is the normal world's memory (bounced by the kernel):
			 * every memref of a normal-world client (msg.c), and a TA's memref
			 * that lies in such a one when the TA passes it on (uta_call.c).
			 */
			bool nonsecure;
		} memref;
	} u;
};

struct uta;
struct ta_session {
	bool used;
	uint32_t id;
	uint32_t login;
	uint8_t client_uuid[16]; /* the client's TEE_UUID (a TA's, for TEE_LOGIN_TRUSTED_APP) */
	const struct ta_ops *ta; /* a built-in TA, or NULL for a user TA (uta) */
	struct uta *uta;         /* the user TA instance (tee/uta.c) */
	uint64_t priv[2]; /* per-session TA state */
	/* OPTEE_MSG_CMD_CANCEL named this session (msg.c); cleared when an open or invoke ends */
	bool cancel;
	uint32_t cancel_id; /* the cancel_id it carried */
	uint64_t cancel_at; /* a TA caller's cancellation timeout (CNTVCT), 0: none (uta_call.c) */
};
/* RFC 4122 octets to a TEE_UUID (native-endian fields), as client_uuid holds it (session.c). */
void tee_octets_to_uuid(const uint8_t o[16], uint8_t *u);

/* The TEE bus device list of OP-TEE's device-enumeration PTA that names a TA (tee/pta_device.c) */
enum ta_tee_bus {
	TA_TEE_BUS_NONE,   /* not a TEE bus device */
	TA_TEE_BUS_KERNEL, /* GET_DEVICES: needs no tee-supplicant (OP-TEE's DEVICE_ENUM) */
	TA_TEE_BUS_SUPP,   /* GET_DEVICES_SUPP: once tee-supplicant runs (DEVICE_ENUM_SUPP) */
};

struct ta_ops {
	const char *name;
	uint8_t uuid[16];
	enum ta_tee_bus tee_bus;
	/* NULL open/close = accept / nothing to do */
	uint32_t (*open)(struct ta_session *s, struct ta_param p[TEE_TA_PARAMS]);
	void (*close)(struct ta_session *s);
	uint32_t (*invoke)(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS]);
};

extern const struct ta_ops pta_hello;
extern const struct ta_ops pta_echo;
extern const struct ta_ops pta_attest; /* tee/pta_attest.c; a stub in the host tests */
extern const struct ta_ops pta_system; /* tee/pta_system.c (OP-TEE's); a stub in the host tests */
/* tee/pta_optee_attest.c (OP-TEE's attestation PTA); a stub in the host tests */
extern const struct ta_ops pta_optee_attest;
/* tee/pta_secstor_ta_mgmt.c (OP-TEE's secure-storage TA management PTA); a stub in the host tests
 */
extern const struct ta_ops pta_secstor_ta_mgmt;
/* tee/pta_invoke_tests.c (OP-TEE's "invoke tests" PTA); a stub in the host tests */
extern const struct ta_ops pta_invoke_tests;
/* tee/pta_device.c (OP-TEE's device-enumeration PTA) */
extern const struct ta_ops pta_device;
/* tee/pta_rng.c (OP-TEE's RNG PTA, Linux's optee-rng); a stub in the host tests */
extern const struct ta_ops pta_rng;
const struct ta_ops *ta_find(const uint8_t uuid[16]);
/* The i-th built-in TA, NULL past the last. */
const struct ta_ops *ta_builtin(unsigned i);
/* true if p[i].type is one of the allowed types (bit mask of 1 << TA_PARAM_*) */
bool ta_check_types(const struct ta_param p[TEE_TA_PARAMS], const uint32_t allowed[TEE_TA_PARAMS]);
#define TA_T(t) (1u << (t))

/* ---- sessions (tee/session.c) ---- */
void session_reset(void);
struct ta_session *session_alloc(void); /* NULL when the table is full */
struct ta_session *session_find(uint32_t id);
void session_free(struct ta_session *s);
unsigned session_count(void);

/* ---- message and SMC handling (tee/msg.c, tee/smc.c) ---- */
/* Processes the optee_msg_arg at byte 0 of argbuf. Returns the SMC a0. */
uint32_t msg_process(const struct nwbuf *argbuf);
/* Handles one call: regs[0..7] = a0..a7 in, results a0..a3 written in place. */
void tee_handle_smc(uint64_t regs[8]);
void tee_state_reset(void);
extern bool tee_shm_cache_enabled;
/*
 * OPTEE_MSG_CMD_CANCEL for the message header hdr (a private copy): sets the
 * cancel flag of the session it names (session 0: the open session in progress
 * with the same cancel_id). TEEC_SUCCESS, or TEEC_ERROR_BAD_PARAMETERS and
 * nothing changed. Reads and writes nothing else, so it is safe while the
 * thread is suspended in the middle of a call.
 */
uint32_t msg_cancel(const struct optee_msg_arg *hdr);
/*
 * A yielding call while the thread is busy: if its argument is a CANCEL, it is
 * answered here, on the entry stack (true, a0..a3 in regs); anything else
 * (false) gets ETHREAD_LIMIT.
 */
bool tee_cancel_while_busy(uint64_t regs[8]);

/* ---- the yielding-call thread (tee/thread.c) ---- */
/*
 * One thread per instance runs the yielding calls (CALL_WITH_ARG, _RPC_ARG,
 * _REGD_ARG) on its own stack. A foreign interrupt taken while its TA code
 * runs suspends it: the call returns OPTEE_SMC_RETURN_RPC_FOREIGN_INTR with
 * resume information in a1..a3 (a1 = resume sequence number, a2 = 0, a3 =
 * thread id), and OPTEE_SMC_CALL_RETURN_FROM_RPC with the same a1..a3
 * continues it. Fast calls run on the entry stack and never touch it.
 */
#define TEE_THREAD_ID 0u

enum thread_state { THREAD_FREE = 0, THREAD_RUNNING, THREAD_SUSPENDED };

struct tee_thread {
	enum thread_state state;
	bool in_rpc;         /* suspended in an RPC the kernel asked for (not a foreign interrupt) */
	uint32_t resume_seq; /* bumped at every suspension: stale resume info fails */
	uint64_t regs[8];    /* a0..a7 of the call; results a0..a3, a4..a6 of the last entry */
	uint64_t rpc_in[8];  /* a0..a7 of the RETURN_FROM_RPC that ended an RPC */
	uint64_t *frame;     /* the interrupted context, on the thread stack (tee/entry.S) */
};
extern struct tee_thread tee_thread;

enum thread_route {
	THREAD_ROUTE_HANDLE, /* not for the thread: tee_handle_smc() on the entry stack */
	THREAD_ROUTE_DONE,   /* answered in regs (ETHREAD_LIMIT, ERESUME) */
	THREAD_ROUTE_START,  /* start the yielding call in tee_thread.regs */
	THREAD_ROUTE_RESUME, /* continue the suspended call at tee_thread.frame */
};
/* Decides where a call goes and updates the thread state accordingly. */
enum thread_route thread_route(uint64_t regs[8]);
/* The running call was interrupted (context at frame): suspend it; out = the RPC return. */
void thread_suspend(uint64_t *frame, uint64_t out[8]);
/*
 * The running call asks the normal world for something (RPC_ALLOC, RPC_FREE,
 * RPC_CMD): suspend it; rpc[0..2] = a0..a2 of the RPC return, a3 = the
 * thread id, a4..a6 as the last entry passed them; out = the registers to return. The answer is accepted by
 * thread_route() when a3 names the thread (a1/a2 carry the answer).
 */
void thread_suspend_rpc(uint64_t *frame, const uint64_t rpc[8], uint64_t out[8]);
/* Firmware: suspends the calling thread code in the RPC, returns the answer's a0..a7. */
void thread_rpc(const uint64_t rpc[8], uint64_t answer[8]);
/* The running call finished: the thread is free again. */
void thread_finish(void);
void thread_reset(void);

/* ---- private pages (tee/pages.c): what the kernel image leaves of the private region ---- */
#define TEE_PAGE 4096ul
void pages_init(uintptr_t base, uint64_t size);
void *pages_alloc(unsigned n); /* n contiguous zeroed pages, or NULL */
void pages_free(void *p, unsigned n);
unsigned pages_free_count(void);
unsigned pages_total(void);

/* ---- RPCs to the normal world's tee-supplicant / driver (tee/rpc.c) ---- */
struct rpc_shm {
	uint64_t pa, cookie, size;
	struct nwbuf buf;  /* where the argument is: [pa, pa+size), or the call's RPC arg */
	bool preallocated; /* the call's own RPC arg (tee_rpc_arg): nothing to free */
};
/*
 * The RPC argument the normal world gave with the running call
 * (OPTEE_SMC_CALL_WITH_RPC_ARG / CALL_WITH_REGD_ARG, after the call's own
 * struct optee_msg_arg, room for TEE_RPC_ARG_PARAMS params), set by tee/smc.c
 * for as long as that call runs; without one, RPCs ask for argument memory
 * with RPC_ALLOC as before.
 */
extern struct nwbuf tee_rpc_arg;
extern bool tee_rpc_arg_present;
/*
 * The call's RPC arg if there is one and size fits, else OPTEE_SMC_RETURN_RPC_ALLOC:
 * false (nothing allocated) if the answer is unusable.
 */
bool rpc_alloc(uint64_t size, struct rpc_shm *out);
void rpc_free(const struct rpc_shm *s);
/*
 * Sends one RPC command through the argument buffer `arg` (from rpc_alloc, room
 * for TEE_RPC_ARG_PARAMS params): p[0..n) in, p[0..n) out (copied back to private memory).
 * Returns the answer's ret, or TEEC_ERROR_COMMUNICATION if it is unusable.
 */
uint32_t rpc_cmd(const struct rpc_shm *arg, uint32_t cmd, struct optee_msg_param *p, unsigned n);
/* Parameters of an RPC argument; what EXCHANGE_CAPABILITIES asks of the driver (OP-TEE: 4). */
#define TEE_RPC_ARG_PARAMS 4

/* ---- tee-supplicant shared memory for an RPC exchange (tee/rpc_shm.c) ---- */
/*
 * OPTEE_RPC_CMD_SHM_ALLOC (type APPL) of size bytes through `arg`, as a
 * normal-world buffer checked against the VM's RAM (a page list lands in
 * pages[max_pages]). Returns TEEC_SUCCESS, TEEC_ERROR_OUT_OF_MEMORY (none, or
 * smaller than asked) or the buffer check's error. *allocated says whether
 * *cookie must be given back with rpc_shm_free, success or not.
 */
uint32_t rpc_shm_alloc(const struct rpc_shm *arg, uint64_t size, uint64_t *pages,
		       uint32_t max_pages, uint64_t *cookie, struct nwbuf *buf, bool *allocated);
void rpc_shm_free(const struct rpc_shm *arg, uint64_t cookie);

/* ---- user TAs at S-EL0 (tee/uta.c, tee/ta_load.c) ---- */
#define UTA_MAX 8                   /* TA instances per TEE instance */
#define UTA_TA_SEGS 3		    /* a TA's own PT_LOAD segments (code, stack, data) */
/* the TA's, then each shared library's (TZV_TA_SYS_MAP_LIB, tee/uta_lib.c) */
#define UTA_MAX_SEGS (UTA_TA_SEGS + TZV_TA_MAX_LIBS * TZV_TA_LIB_SEGS)
#define UTA_IMAGE_MAX 0x80000ul     /* largest signed TA file */
#define UTA_MEMREF_VA 0x10000000ul  /* memref i of an entry at UTA_MEMREF_VA + i * UTA_MEMREF_STRIDE */
#define UTA_MEMREF_STRIDE 0x00020000ul

struct uta_seg {
	uint64_t va, size; /* page aligned */
	uint8_t *mem;      /* its pages in private memory (kernel view) */
	unsigned npages;
	bool write, exec;
};

/* What the loader produced from a verified image (tee/ta_load.c). */
#define UTA_MAX_SUBKEYS 4 /* links of a subkey chain a TA may be signed through */
struct uta_image {
	uint8_t uuid[16];
	uint32_t flags;
	uint32_t ta_version; /* from the signed bootstrap header */
	uint8_t
	    digest[32]; /* the SHA-256 its own signed header carries (and was checked against) */
	unsigned nsubkeys;   /* the subkeys it was signed through, root first */
	struct {
		uint8_t uuid[16];
		uint32_t version;
	} subkey[UTA_MAX_SUBKEYS];
	uint64_t entry, params_va, stack_top;
	unsigned nsegs;
	struct uta_seg seg[UTA_MAX_SEGS];
	unsigned nlibs; /* shared libraries mapped (their segments follow the TA's) */
	struct {
		uint8_t uuid[16];
		uint64_t base;
	} lib[TZV_TA_MAX_LIBS];
};

/*
 * Checks a signed TA file (OP-TEE's bootstrap format, include/tzvisor/ta_abi.h)
 * already copied into private memory, for the UUID asked for; on success fills
 * img with the segments (pages allocated and filled). TEEC_SUCCESS,
 * _SECURITY (signature, hash, size, UUID), _BAD_FORMAT (header, ELF),
 * _OUT_OF_MEMORY. On failure nothing stays allocated.
 */
uint32_t uta_verify_and_load(const uint8_t *file, uint64_t size, const uint8_t *uuid,
			     struct uta_image *img);
/*
 * An image to install (tee/pta_secstor_ta_mgmt.c): the checks of uta_verify_and_load for the
 * UUID it is signed for (img->uuid), its segments loaded and freed again, so an image that
 * would not load is refused.
 */
uint32_t uta_verify_install(const uint8_t *file, uint64_t size, struct uta_image *img);
/*
 * The same checks of the signed file for a shared TA library (ET_DYN, at most
 * TZV_TA_LIB_SEGS page-aligned PT_LOADs in address order within
 * TZV_TA_LIB_SPAN_MAX, the first at offset 0 and VA 0 holding the program
 * headers, none writable and executable): lib->seg[] with VAs relative to the
 * load base, pages allocated and filled; digest, version and subkeys as for a TA.
 */
uint32_t uta_lib_verify_and_load(const uint8_t *file, uint64_t size, const uint8_t uuid[16],
				 struct uta_image *lib);
/* The same checks without loading anything (img: digest, version, subkeys; no segments). */
uint32_t uta_verify_signed(const uint8_t *file, uint64_t size, const uint8_t uuid[16],
			   struct uta_image *img);
/*
 * TA anti-rollback (tee/ta_version.c): TEEC_ERROR_SECURITY if the version of a subkey img
 * was signed through, or img->ta_version, is below the highest this VM's instance
 * accepted for it (counters the monitor keeps in secure flash; a subkey's apart from a
 * TA's of that UUID). With record, a higher one is recorded first (the loader's
 * acceptance); without, nothing changes (a check only). When the flash cannot answer or
 * record it: refused too.
 */
uint32_t uta_versions_check(const struct uta_image *img, const uint8_t uuid[16], bool record);
/*
 * The subkey chain ahead of a TA's signed header (tee/ta_subkey.c): each link's hash and
 * signature (the first with the built-in key, the next ones with the subkey above),
 * max_depth, UUID namespace and RSA key checked. On success *ta_off = the offset of the
 * TA's own header, *key = the key that must have signed it (n NULL: the built-in key),
 * *ns = the UUID the TA must have (when img->nsubkeys > 0), and img->subkey[] the
 * subkeys' UUIDs and versions. TEEC_ERROR_SECURITY otherwise.
 */
struct ta_rsa_key;
uint32_t uta_subkey_chain(const uint8_t *file, uint64_t size, struct uta_image *img,
			  uint64_t *ta_off, struct ta_rsa_key *key, uint8_t ns[16]);
/*
 * The kernel's pointer for a TA's range [va, va+len) if it lies inside one of
 * img's segments (writable ones when write) or one of the memrefs of params
 * (mapped at UTA_MEMREF_VA + i * UTA_MEMREF_STRIDE; not an input one when
 * write), else NULL. *memref (if not NULL): the parameter the range lies in,
 * NULL for the TA's own segments. tee/uta_ptr.c.
 */
void *uta_va_ptr(const struct uta_image *img, const struct ta_param *params, uint64_t va,
		 uint64_t len, bool write, const struct ta_param **memref);
/* Fetches <uuid>.ta through tee-supplicant into private pages (*file, *npages). */
uint32_t uta_fetch(const uint8_t uuid[16], uint8_t **file, uint64_t *size, unsigned *npages);
/*
 * TAs installed in this instance's trusted storage through OP-TEE's secure-storage TA
 * management PTA (tee/pta_secstor_ta_mgmt.c): the signed file of uuid into private pages
 * (*file, *npages), as uta_fetch. TEEC_ERROR_ITEM_NOT_FOUND: none installed.
 */
uint32_t tadb_fetch(const uint8_t uuid[16], uint8_t **file, uint64_t *size, unsigned *npages);
/* The signed file the loader uses for uuid: an installed one, else tee-supplicant's (ta_load.c). */
uint32_t uta_find_file(const uint8_t uuid[16], uint8_t **file, uint64_t *size, unsigned *npages);

/* Sessions of user TAs (msg.c): results with their origin. */
uint32_t uta_open(const uint8_t uuid[16], struct ta_session *s, struct ta_param p[TEE_TA_PARAMS],
		  uint32_t *origin);
uint32_t uta_invoke(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS],
		    uint32_t *origin);
void uta_close(struct ta_session *s);
void uta_reset(void);

/* pauth.c: each TA instance's pointer authentication keys */
#define PAUTH_KEY_WORDS 10
bool pauth_implemented(void);
void pauth_keys_new(uint64_t keys[PAUTH_KEY_WORDS]);
void pauth_keys_load(const uint64_t keys[PAUTH_KEY_WORDS]);
void uta_pauth_keys_reload(void);
#ifdef CONFIG_TEST_HOOKS
/* PA of the first writable segment of the live TA whose UUID starts with time_low, or 0 */
uint64_t uta_test_data_pa(uint32_t time_low);
#endif

#endif
