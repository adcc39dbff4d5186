/* Trace levels of trace.h (OP-TEE's numbering). tzvisor dev kit. */
#ifndef TRACE_LEVELS_H
#define TRACE_LEVELS_H

#define TRACE_MIN   0 /* CFG_TEE_TA_LOG_LEVEL=0: no trace at all */
#define TRACE_ERROR 1
#define TRACE_INFO  2
#define TRACE_DEBUG 3
#define TRACE_FLOW  4
#define TRACE_MAX   TRACE_FLOW
/* printf, puts and putchar print from this run-time level on */
#define TRACE_PRINTF_LEVEL TRACE_ERROR

#ifndef TRACE_LEVEL
#define TRACE_LEVEL TRACE_INFO
#endif

#endif
