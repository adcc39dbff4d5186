/*
 * TA logging: EMSG/IMSG/DMSG/FMSG print "<level> [<ta>] <func>:<line> msg"
 * to the TEE console through the log syscall when the level is at most
 * TRACE_LEVEL (the dev kit sets it from CFG_TEE_TA_LOG_LEVEL). tzvisor dev kit.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdarg.h>
#include <stddef.h>
#include <compiler.h>
#include <trace_levels.h>

void trace_printf(const char *func, int line, int level, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void trace_vprintf(const char *func, int line, int level, const char *fmt, va_list ap);
void trace_set_level(int level);
int trace_get_level(void);

#define trace_printf_helper(level, ...)                                      \
	do {                                                                 \
		if ((level) <= TRACE_LEVEL)                                  \
			trace_printf(__func__, __LINE__, (level), __VA_ARGS__); \
	} while (0)

#define MSG(...) trace_printf(__func__, __LINE__, 0, __VA_ARGS__)
#define SMSG(...) trace_printf(__func__, __LINE__, 0, __VA_ARGS__)
#define EMSG(...) trace_printf_helper(TRACE_ERROR, __VA_ARGS__)
#define IMSG(...) trace_printf_helper(TRACE_INFO, __VA_ARGS__)
#define DMSG(...) trace_printf_helper(TRACE_DEBUG, __VA_ARGS__)
#define FMSG(...) trace_printf_helper(TRACE_FLOW, __VA_ARGS__)
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
