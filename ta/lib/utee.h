/*
 * Internals of tzvisor's libutee (the TA runtime): the syscall layer, the heap
 * and what the dispatcher shares with the API functions. Everything here but
 * syscall.c and entry.S also builds on the host for unit tests, which supply
 * their own tzv_sys_* (tests/unit/ta_host_stubs.c).
 */
#ifndef TZV_UTEE_H
#define TZV_UTEE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tee_api_types.h>
#include <tzvisor/ta_abi.h>

/* Syscalls (ta_abi.h); syscall.c on the target. */
void tzv_sys_return(TEE_Result res) __attribute__((noreturn));
void tzv_sys_panic(uint32_t code) __attribute__((noreturn));
void tzv_sys_log(const char *buf, size_t len);
TEE_Result tzv_sys_get_time(uint32_t kind, TEE_Time *out);
TEE_Result tzv_sys_wait(uint32_t ms, uint32_t cancellable);
uint32_t tzv_sys_get_cancel(void);
TEE_Result tzv_sys_get_property(const char *name, size_t name_len, void *buf, uint64_t *len,
				uint32_t *type);
TEE_Result tzv_sys_random(void *buf, size_t len);
TEE_Result tzv_sys_check_access(uint32_t flags, const void *buf, size_t len);
/* TZV_TA_SYS_STORAGE: op and arguments of include/tzvisor/ta_storage_abi.h */
TEE_Result tzv_sys_storage(uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4);
/* TZV_TA_SYS_CRYPTO: op and arguments of include/tzvisor/ta_crypto_abi.h */
TEE_Result tzv_sys_crypto(uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			  uint64_t a5, uint64_t a6, uint64_t a7);

/* OP-TEE extensions and the rest of the GP core API (ta_abi.h 40..63; sys_devkit.c). */
TEE_Result tzv_sys_supp_plugin(const TEE_UUID *uuid, uint32_t cmd, uint32_t sub_cmd, void *buf,
			       size_t len, uint64_t *outlen);
TEE_Result tzv_sys_ta_time(uint32_t op, TEE_Time *time);
/* SOCKET: op TZV_SOCK_*, arguments as include/tzvisor/ta_abi.h lists them. */
TEE_Result tzv_sys_socket(uint32_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3);
TEE_Result tzv_sys_open_ta_session(const TEE_UUID *uuid, uint32_t timeout, uint32_t types,
				   TEE_Param *params, uint32_t *session, uint32_t *origin);
TEE_Result tzv_sys_invoke_ta_command(uint32_t session, uint32_t timeout, uint32_t cmd,
				     uint32_t types, TEE_Param *params, uint32_t *origin);
void tzv_sys_close_ta_session(uint32_t session);
/* TZV_TA_SYS_MAP_LIB: maps the signed library <uuid>.ta, *base = its load bias (dl_load.c). */
TEE_Result tzv_sys_map_lib(const uint8_t uuid[16], uint64_t *base);

/* The heap: first fit over one region, 16-byte aligned blocks, coalescing free. */
struct tzv_heap {
	uint8_t *base;
	size_t size;
	size_t used;     /* bytes of blocks in use, headers included */
	size_t max_used;
	void *free_list; /* first free block, address order */
};
void tzv_heap_init(struct tzv_heap *h, void *base, size_t size);
void *tzv_heap_alloc(struct tzv_heap *h, size_t size);
/* 0 on success, -1 when p is not a block in use of this heap. */
int tzv_heap_free(struct tzv_heap *h, void *p);
/* NULL with *bad = 1 when p is not a block in use (p is left alone then). */
void *tzv_heap_realloc(struct tzv_heap *h, void *p, size_t size, int *bad);
size_t tzv_heap_block_size(struct tzv_heap *h, const void *p);

/* The TA's heap (TA_DATA_SIZE bytes from user_ta_header.c). */
extern uint8_t __ta_heap[];
extern const size_t __ta_heap_size;
struct tzv_heap *tzv_ta_heap(void);

/* The client of the entry being run (dispatch.c); props.c reads it. */
extern TEE_Identity tzv_current_client;

/* Cancellation mask (GP: masked when an entry point starts). */
extern bool tzv_cancel_masked;

/* Runtime dispatcher, called by entry.S: returns the entry's TEE_Result. */
TEE_Result tzv_ta_dispatch(uint32_t cmd, uint32_t session, struct tzv_ta_params *p);
/* tls.c: fills the instance's TLS block (__thread variables) at CREATE. */
void tzv_tls_init(void);
/* dl.c: at CREATE, the TA's shared libraries (DT_NEEDED) and every constructor. */
TEE_Result tzv_dl_start(void);
/* cxx.c, in a TA with C++ code only: at DESTROY, the static objects' destructors. */
void tzv_cxx_fini(void) __attribute__((weak));
/* Drops every session record (used by tests). */
void tzv_ta_reset_sessions(void);

/* Formatting (printf.c): C99 vsnprintf subset: %d %i %u %x %X %o %c %s %p %%, flags
 * "-0 +#", width, precision, length h hh l ll z t j. */
int tzv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int tzv_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int tzv_vsnprintf_s(char *buf, size_t size, const char *s);

#endif
