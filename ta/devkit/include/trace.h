/*
 * TA logging: EMSG/IMSG/DMSG/FMSG print "<level> [<ta>] <func>:<line> msg"
 * to the TEE console through the log syscall when the level is at most
 * TRACE_LEVEL (the dev kit sets it from CFG_TEE_TA_LOG_LEVEL). tzvisor dev kit.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <compiler.h>
#include <trace_levels.h>

/*
 * OP-TEE's prototypes: level_ok false (MSG) prints whatever the run-time level
 * (trace_set_level); true prints only at most that level.
 */
void trace_printf(const char *func, int line, int level, bool level_ok, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void trace_vprintf(const char *func, int line, int level, bool level_ok, const char *fmt,
		   va_list ap) __attribute__((format(printf, 5, 0)));
void trace_set_level(int level);
int trace_get_level(void);
#define MAX_PRINT_SIZE 256 /* a trace line's bytes, the rest cut */
/* OP-TEE's: a hexdump at a level (what its *HEXDUMP macros call), a raw string to the log */
void dhex_dump(const char *function, int line, int level, const void *buf, int len);
void trace_ext_puts(const char *str);
int trace_ext_get_thread_id(void);

#define trace_printf_helper(level, level_ok, ...)                                                  \
	trace_printf(__func__, __LINE__, (level), (level_ok), __VA_ARGS__)
#define trace_printf_helper_raw(level, level_ok, ...)                                              \
	trace_printf_helper(level, level_ok, __VA_ARGS__)

/* Compiled out above TRACE_LEVEL (the arguments still count as used) */
#define tzv_trace_at(level, level_ok, ...)                                                         \
	do {                                                                                       \
		if ((level) <= TRACE_LEVEL && TRACE_LEVEL > 0)                                     \
			trace_printf_helper((level), (level_ok), __VA_ARGS__);                     \
	} while (0)

#define MSG(...) tzv_trace_at(0, false, __VA_ARGS__)
#define SMSG(...) tzv_trace_at(0, false, __VA_ARGS__)
#define EMSG(...) tzv_trace_at(TRACE_ERROR, true, __VA_ARGS__)
#define IMSG(...) tzv_trace_at(TRACE_INFO, true, __VA_ARGS__)
#define DMSG(...) tzv_trace_at(TRACE_DEBUG, true, __VA_ARGS__)
#define FMSG(...) tzv_trace_at(TRACE_FLOW, true, __VA_ARGS__)
#define MSG_RAW(...) MSG(__VA_ARGS__)
#define EMSG_RAW(...) EMSG(__VA_ARGS__)
#define IMSG_RAW(...) IMSG(__VA_ARGS__)
#define DMSG_RAW(...) DMSG(__VA_ARGS__)
#define FMSG_RAW(...) FMSG(__VA_ARGS__)
#define INMSG(...) FMSG("> " __VA_ARGS__)
#define OUTMSG(...) FMSG("< " __VA_ARGS__)
/* A buffer in hex, 16 bytes a line, at a level */
void tzv_trace_hexdump(const char *func, int line, int level, const void *buf, size_t len);
#define tzv_hexdump_helper(level, buf, len)                                                        \
	do {                                                                                       \
		if ((level) <= TRACE_LEVEL)                                                        \
			tzv_trace_hexdump(__func__, __LINE__, (level), (buf), (len));              \
	} while (0)
#define EHEXDUMP(buf, len) tzv_hexdump_helper(TRACE_ERROR, buf, len)
#define IHEXDUMP(buf, len) tzv_hexdump_helper(TRACE_INFO, buf, len)
#define DHEXDUMP(buf, len) tzv_hexdump_helper(TRACE_DEBUG, buf, len)
#define FHEXDUMP(buf, len) tzv_hexdump_helper(TRACE_FLOW, buf, len)
#define OUTRMSG(r)                          \
	do {                                \
		OUTMSG("r=[%x]", (unsigned)(r)); \
		return r;                   \
	} while (0)

#endif
