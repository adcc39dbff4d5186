/*
 * The ABI between a user trusted application (S-EL0) and the tzvisor TEE
 * kernel (S-EL1). Shared by the kernel's TA loader and by the TA runtime
 * (ta/lib, libutee). Described in ta/README.md.
 *
 * Image: a static AArch64 ELF64 executable (ET_EXEC, no PT_DYNAMIC, no
 * PT_INTERP, no relocations), linked by the dev kit (ta/devkit/mk/ta.ld) at
 * TZV_TA_LOAD_VA. Each TA instance has its own address space, so every TA uses
 * the same address. The loadable segments are, in address order:
 *   1. RX  : struct tzv_ta_head (first bytes, at TZV_TA_LOAD_VA), code, rodata
 *   2. RW  : the stack (TA_STACK_SIZE rounded up to pages, p_filesz 0), at
 *            least one unmapped page (the guard page) above segment 1
 *   3. RW  : data, bss (holds the parameter block and the TA_DATA_SIZE heap),
 *            starting right at the stack's page-rounded top
 * so an overflowing stack faults in the guard page and a read past the stack's
 * top stays in the TA's own data. The loader refuses any other layout.
 * Everything the TA needs is in its PT_LOAD segments (p_memsz beyond p_filesz
 * is zero-filled by the loader); the kernel maps nothing else except memref
 * parameters. The ELF entry point is the runtime's __ta_entry and equals
 * tzv_ta_head.entry.
 *
 * Signed file (<uuid>.ta): OP-TEE's bootstrap-TA format, see struct
 * tzv_shdr below.
 */
#ifndef TZVISOR_TA_ABI_H
#define TZVISOR_TA_ABI_H

#ifndef __ASSEMBLY__
#include <stdint.h>
#endif

/* ------------------------------------------------------------------ image */

#define TZV_TA_LOAD_VA       0x00200000ul /* VA of the first PT_LOAD (its first byte: the head) */
#define TZV_TA_VA_LIMIT      0x10000000ul /* every PT_LOAD lies below this */
#define TZV_TA_PAGE_SIZE     4096ul       /* segments are 4 KiB aligned (vaddr and offset) */
#define TZV_TA_HEAD_MAGIC    0x41545a54u  /* "TZTA" in memory */
#define TZV_TA_ABI_VERSION   2u /* 2: the stack below the data (1: above it) */

/* TA_FLAGS bits (the values of OP-TEE's user_ta_header.h). */
#define TZV_TA_FLAG_SINGLE_INSTANCE     (1u << 2)
#define TZV_TA_FLAG_MULTI_SESSION       (1u << 3)
#define TZV_TA_FLAG_INSTANCE_KEEP_ALIVE (1u << 4)

/*
 * The first bytes of the first PT_LOAD (section .ta_head). The first 32 bytes
 * have the layout of OP-TEE's struct ta_head (uuid, stack_size, flags, a
 * 64-bit word); tzvisor puts the entry VA in that word and adds its own
 * fields after it. The kernel checks magic, abi_version, entry == e_entry,
 * and that the UUID equals the one requested and the one in the signed
 * header.
 */
#ifndef __ASSEMBLY__
/* Layout of GlobalPlatform's TEE_UUID (native-endian fields). */
struct tzv_ta_uuid {
	uint32_t time_low;
	uint16_t time_mid;
	uint16_t time_hi_and_version;
	uint8_t clock_seq_and_node[8];
};

struct tzv_ta_head {
	struct tzv_ta_uuid uuid;          /* TA_UUID */
	uint32_t stack_size;              /* TA_STACK_SIZE (informational: already in segment 2) */
	uint32_t flags;                   /* TA_FLAGS: TZV_TA_FLAG_* */
	uint64_t entry;                   /* VA of __ta_entry */
	uint32_t magic;                   /* TZV_TA_HEAD_MAGIC */
	uint32_t abi_version;             /* TZV_TA_ABI_VERSION */
	uint32_t data_size;               /* TA_DATA_SIZE: heap bytes (already in segment 3) */
	uint32_t reserved;                /* 0 */
	uint64_t params_va;               /* VA of the struct tzv_ta_params block (in segment 3) */
};
#endif

/* ------------------------------------------------------------------ entry */

/*
 * The kernel enters the TA at tzv_ta_head.entry at EL0 (AArch64, SP_EL0,
 * DAIF clear) with
 *   x0 = TZV_TA_ENTRY_* command,
 *   x1 = session id (nonzero, unique within the instance; 0 for CREATE/DESTROY),
 *   x2 = params_va (the block below, written by the kernel just before),
 *   other registers 0. The runtime sets its own SP (top of segment 2).
 * An instance runs one entry at a time. The TA ends every entry with the
 * TZV_TA_SYS_RETURN syscall; it may write back only value outputs and memref
 * sizes into the block, which the kernel then checks (a memref size above the
 * size it passed is only accepted with TEE_ERROR_SHORT_BUFFER: required size).
 * CREATE comes once before the first OPEN_SESSION of an instance, DESTROY
 * once after the last CLOSE_SESSION (unless the instance is kept alive).
 */
#define TZV_TA_ENTRY_CREATE        0 /* TA_CreateEntryPoint() */
#define TZV_TA_ENTRY_OPEN_SESSION  1 /* TA_OpenSessionEntryPoint(types, params, &ctx) */
#define TZV_TA_ENTRY_INVOKE        2 /* TA_InvokeCommandEntryPoint(ctx, cmd_id, types, params) */
#define TZV_TA_ENTRY_CLOSE_SESSION 3 /* TA_CloseSessionEntryPoint(ctx) */
#define TZV_TA_ENTRY_DESTROY       4 /* TA_DestroyEntryPoint() */

/* One parameter, layout of GlobalPlatform's TEE_Param on AArch64 (16 bytes). */
#ifndef __ASSEMBLY__
union tzv_ta_param {
	struct {
		uint64_t buffer; /* TA VA of the mapped buffer (0 for a null memref) */
		uint64_t size;
	} memref;
	struct {
		uint32_t a;
		uint32_t b;
	} value;
};
#endif

/* The parameter block at params_va. */
#ifndef __ASSEMBLY__
struct tzv_ta_params {
	uint32_t cmd_id;        /* INVOKE: the command id */
	uint32_t param_types;   /* OPEN_SESSION, INVOKE: TEE_PARAM_TYPES(t0, t1, t2, t3) */
	uint32_t login;         /* OPEN_SESSION, INVOKE: client's TEE_LOGIN_* */
	uint32_t reserved;
	uint8_t client_uuid[16]; /* client's TEE_UUID (TEE_UUID layout; zero for REE logins) */
	union tzv_ta_param params[4];
};
#endif

/* ------------------------------------------------------------------ syscalls */

/*
 * `svc #0` with the number in x8 and arguments in x0..x5; the result in x0
 * (a TEE_Result unless said otherwise). x1..x7 may be clobbered; every other
 * general register, SP and the FP/SIMD registers are preserved. Pointers are
 * TA VAs; the kernel checks each buffer lies in memory the TA may access with
 * the needed rights before it touches it, and ends the TA (as a panic) when
 * it does not. Unknown numbers end the TA as well.
 */
#define TZV_TA_SYS_RETURN        0  /* (TEE_Result res) ends the current entry; does not return */
#define TZV_TA_SYS_PANIC         1  /* (uint32_t code) ends the instance: TEE_ERROR_TARGET_DEAD */
#define TZV_TA_SYS_LOG           2  /* (const char *buf, size_t len) to the TEE console */
#define TZV_TA_SYS_GET_TIME      3  /* (uint32_t kind, TEE_Time *out): TZV_TA_TIME_* */
#define TZV_TA_SYS_WAIT          4  /* (uint32_t ms, uint32_t cancellable): SUCCESS, or
				      * TEE_ERROR_CANCEL early when cancellable and the client cancels */
#define TZV_TA_SYS_GET_CANCEL    5  /* () -> x0 = 1 if the client requested cancellation, else 0 */
#define TZV_TA_SYS_GET_PROPERTY  6  /* (const char *name, size_t name_len, void *buf,
				      *  uint64_t *len_inout, uint32_t *type_out): see below */
#define TZV_TA_SYS_RANDOM        7  /* (void *buf, size_t len): len <= TZV_TA_RANDOM_MAX */
#define TZV_TA_SYS_CHECK_ACCESS  8  /* (uint32_t flags, const void *buf, size_t len):
				      * SUCCESS or TEE_ERROR_ACCESS_DENIED (TEE_MEMORY_ACCESS_*) */
#define TZV_TA_SYS_COUNT         9
/*
 * Trusted storage, numbered apart from the calls above: x0 = operation
 * (TZV_ST_*), x1..x4 its arguments (include/tzvisor/ta_storage_abi.h).
 */
#define TZV_TA_SYS_STORAGE       32
/*
 * OP-TEE extensions and the rest of the GP core API (numbers 40..63):
 * SUPP_PLUGIN (const TEE_UUID *uuid, uint32_t cmd, uint32_t sub_cmd, void *buf,
 *   size_t len, uint64_t *outlen): tee-supplicant's plugin RPC
 *   (OPTEE_RPC_CMD_SUPP_PLUGIN); buf is copied to shared memory and back
 *   (*outlen bytes, at most len; len <= TZV_TA_SUPP_PLUGIN_MAX).
 * TA_TIME (uint32_t op, TEE_Time *time): TZV_TA_TIME_GET / TZV_TA_TIME_SET the
 *   TA persistent time of the calling TA's UUID, kept by the TEE instance.
 */
#define TZV_TA_SYS_SUPP_PLUGIN 40
#define TZV_TA_SYS_TA_TIME 41
/*
 * TA-to-TA sessions (GP TEE_OpenTASession / TEE_InvokeTACommand /
 * TEE_CloseTASession), to user TAs and built-in TAs of the same TEE instance:
 * OPEN_TA_SESSION (const TEE_UUID *uuid, uint32_t timeout, uint32_t param_types,
 *   TEE_Param params[4], uint32_t *session_out, uint32_t *origin_out)
 * INVOKE_TA_COMMAND (uint32_t session, uint32_t timeout, uint32_t cmd,
 *   uint32_t param_types, TEE_Param params[4], uint32_t *origin_out)
 * CLOSE_TA_SESSION (uint32_t session)
 * params (GP's 16-byte TEE_Param) are read from and written back to the caller;
 * memrefs must lie in the caller's memory and are copied through pages of
 * their own (the callee never sees the caller's memory). The callee sees the
 * client TEE_LOGIN_TRUSTED_APP with the caller's UUID. Session numbers are
 * the caller's own; a finite timeout (ms) cancels the callee's operation
 * (what it sees where it unmasked cancellation) when it expires.
 */
#define TZV_TA_SYS_OPEN_TA_SESSION 42
#define TZV_TA_SYS_INVOKE_TA_COMMAND 43
#define TZV_TA_SYS_CLOSE_TA_SESSION 44
/*
 * Shared TA libraries (SHLIBNAME of the dev kit; loaded by libutee, ta/lib/dl*.c):
 * MAP_LIB (const uint8_t uuid[16] (RFC 4122 octet order), uint64_t *base_out):
 *   fetches <uuid>.ta through tee-supplicant like a TA, checks it with the TA rules
 *   (signature, subkeys, rollback) and that it is an AArch64 ET_DYN whose first
 *   PT_LOAD (offset 0, vaddr 0) holds its ELF and program headers, then maps its
 *   PT_LOAD segments (RX, R or RW, never writable and executable; no two in one
 *   page) at a free VA of
 *   the instance chosen by the kernel: *base_out = the load bias. Relocation is
 *   the caller's. The same UUID again gives the same base; nothing is ever
 *   unmapped before the instance ends. SUCCESS, ITEM_NOT_FOUND (no such file),
 *   SECURITY (signature, rollback), BAD_FORMAT (not a library), OUT_OF_MEMORY
 *   (pages, VA or library slots: TZV_TA_MAX_LIBS).
 */
#define TZV_TA_SYS_MAP_LIB 45
/*
 * GP TEE Sockets API (TCP, UDP) through tee-supplicant's socket RPC
 * (OPTEE_RPC_CMD_SOCKET; tee/uta_socket.c): x0 = operation, then
 * OPEN (uint32_t proto | ip_version << 8 | port << 16, const char *addr,
 *   size_t addr_len (with its NUL, <= TZV_TA_SOCKET_ADDR_MAX), uint32_t *handle_out)
 * CLOSE (uint32_t handle)
 * SEND (uint32_t handle, const void *buf, uint32_t *len_inout, uint32_t timeout_ms)
 * RECV (uint32_t handle, void *buf, uint32_t *len_inout, uint32_t timeout_ms)
 * IOCTL (uint32_t handle, uint32_t command, void *buf, uint32_t *len_inout)
 * Handles are the kernel's, valid only for the TA instance that opened them
 * (another instance's gets TEE_ERROR_BAD_PARAMETERS); they close when it ends.
 * One call moves at most TZV_TA_SOCKET_DATA_MAX bytes (a longer SEND sends
 * that much and says so in *len_inout). The results are tee-supplicant's
 * (TEE_ISOCKET_ERROR_* among them), or TEE_ERROR_COMMUNICATION when its
 * answer is impossible (more bytes sent than given, a TCP read longer than asked).
 */
#define TZV_TA_SYS_SOCKET 46
#define TZV_SOCK_OPEN 0u
#define TZV_SOCK_CLOSE 1u
#define TZV_SOCK_SEND 2u
#define TZV_SOCK_RECV 3u
#define TZV_SOCK_IOCTL 4u
#define TZV_TA_SOCKET_ADDR_MAX 256u
#define TZV_TA_SOCKET_DATA_MAX (64u * 1024)
#define TZV_TA_SOCKETS 32 /* open sockets per TEE instance */
#define TZV_TA_MAX_LIBS 8		 /* libraries per TA instance */
#define TZV_TA_LIB_SEGS 4		 /* PT_LOAD segments per library */
#define TZV_TA_LIB_SPAN_MAX 0x00400000ul /* VA span of one library */
#define TZV_TA_SUPP_PLUGIN_MAX (64u * 1024)
#define TZV_TA_TIME_GET 0u
#define TZV_TA_TIME_SET 1u
/*
 * Cryptography (key objects and operations in the kernel): x0 = operation
 * (TZV_CR_*), x1..x7 its arguments (include/tzvisor/ta_crypto_abi.h).
 */
#define TZV_TA_SYS_CRYPTO        64

#define TZV_TA_TIME_SYSTEM 0u /* TEE_GetSystemTime: monotonic since the instance started */
#define TZV_TA_TIME_REE    1u /* TEE_GetREETime: seconds since 1970 as the REE sees it */

#define TZV_TA_RANDOM_MAX 4096u

/*
 * GET_PROPERTY answers the TEE implementation property set (gpd.tee.*); the
 * runtime answers gpd.ta.* (from the head and the TA's own table) and
 * gpd.client.* (from the parameter block) itself. name is not NUL-terminated;
 * the value is written to buf (*len_inout in: buf size, out: value size) as
 * bool: uint32_t 0/1, u32: uint32_t, uuid: TEE_UUID (16 bytes),
 * string: NUL-terminated (size includes the NUL); *type_out is a
 * TZV_TA_PROP_TYPE_*. Results: SUCCESS, TEE_ERROR_ITEM_NOT_FOUND,
 * TEE_ERROR_SHORT_BUFFER (*len_inout = size needed).
 */
#define TZV_TA_PROP_TYPE_BOOL     0u /* values of OP-TEE's USER_TA_PROP_TYPE_* */
#define TZV_TA_PROP_TYPE_U32      1u
#define TZV_TA_PROP_TYPE_UUID     2u
#define TZV_TA_PROP_TYPE_IDENTITY 3u
#define TZV_TA_PROP_TYPE_STRING   4u

/* ------------------------------------------------------------------ signed file */

/*
 * <uuid>.ta as OP-TEE's sign_encrypt.py writes a bootstrap TA:
 *   struct tzv_shdr | hash[hash_size] | sig[sig_size] |
 *   struct tzv_shdr_bootstrap_ta | ELF[img_size]
 * hash = SHA-256(shdr (20 bytes) | bootstrap_ta (20 bytes) | ELF);
 * sig = RSA signature of hash with algo (PKCS#1 v1.5 or PSS with MGF1-SHA256
 * and a 32-byte salt). All integers little-endian.
 */
#define TZV_SHDR_MAGIC            0x4f545348u /* "HSTO" in memory */
#define TZV_SHDR_TA               0u
#define TZV_SHDR_BOOTSTRAP_TA     1u
#define TZV_SHDR_ENCRYPTED_TA     2u
#define TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256 0x70004830u /* TEE_ALG_RSASSA_PKCS1_V1_5_SHA256 */
#define TZV_SHDR_ALGO_RSA_PSS_SHA256        0x70414930u /* TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256 */

#ifndef __ASSEMBLY__
struct tzv_shdr {
	uint32_t magic;     /* TZV_SHDR_MAGIC */
	uint32_t img_type;  /* TZV_SHDR_BOOTSTRAP_TA */
	uint32_t img_size;  /* ELF bytes */
	uint32_t algo;      /* TZV_SHDR_ALGO_* */
	uint16_t hash_size; /* 32 */
	uint16_t sig_size;  /* 256 for RSA-2048 */
};
#endif

#ifndef __ASSEMBLY__
struct tzv_shdr_bootstrap_ta {
	uint8_t uuid[16];     /* RFC 4122 octet order (big-endian fields) */
	uint32_t ta_version;
};
#endif

#define TZV_SHDR_SIZE 20u
#define TZV_SHDR_BOOTSTRAP_SIZE 20u

/*
 * Subkeys (OP-TEE's SHDR_SUBKEY): a TA may be signed with a subkey instead of
 * the built-in key; the file then starts with the chain, each link
 *   struct tzv_shdr (img_type TZV_SHDR_SUBKEY) | hash | sig |
 *   struct tzv_shdr_subkey | attrs[attr_count] | attribute values | name[name_size]
 * signed by the key above it (the first by the built-in key), followed by the
 * TA's own header signed with the last subkey. hash = SHA-256(shdr | the
 * img_size bytes from struct tzv_shdr_subkey on); attribute offsets count from
 * struct tzv_shdr_subkey. The RSA key is in attributes TEE_ATTR_RSA_MODULUS and
 * TEE_ATTR_RSA_PUBLIC_EXPONENT (big-endian). The UUID of what a subkey signs
 * (next subkey or the TA) must be its own when name_size is 0, else the
 * UUIDv5 of its UUID and the name with SHA-512 instead of SHA-1 (RFC 4122
 * section 4.3, the first 16 bytes of the digest, version 5, variant 10). Below
 * a subkey of max_depth d only subkeys with max_depth < d (and TAs) are
 * accepted; subkey_version is checked against rollback like a TA's version.
 */
#define TZV_SHDR_SUBKEY                3u
#define TZV_SUBKEY_ATTR_RSA_MODULUS    0xd0000130u /* TEE_ATTR_RSA_MODULUS */
#define TZV_SUBKEY_ATTR_RSA_PUB_EXP    0xd0000230u /* TEE_ATTR_RSA_PUBLIC_EXPONENT */
#define TZV_SUBKEY_HDR_SIZE            36u         /* struct tzv_shdr_subkey */
#define TZV_SUBKEY_ATTR_SIZE           12u         /* struct tzv_shdr_subkey_attr */

#ifndef __ASSEMBLY__
struct tzv_shdr_subkey {
	uint8_t uuid[16]; /* RFC 4122 octet order */
	uint32_t name_size;
	uint32_t subkey_version;
	uint32_t max_depth;
	uint32_t algo; /* an RSA TEE_ALG_* */
	uint32_t attr_count;
};
struct tzv_shdr_subkey_attr {
	uint32_t id; /* TZV_SUBKEY_ATTR_* */
	uint32_t offs;
	uint32_t size;
};
#endif

#endif /* TZVISOR_TA_ABI_H */
