#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <kat_ta.h>

/* No SINGLE_INSTANCE: each session its own instance (the handle attack needs two). */
#define TA_UUID TA_KAT_UUID
#define TA_FLAGS 0
/* The smallest stack OP-TEE's examples declare: every GP crypto call must run on it. */
#define TA_STACK_SIZE (2 * 1024)
#define TA_DATA_SIZE (16 * 1024)
#define TA_VERSION "1.0"
#define TA_DESCRIPTION "tzvisor test: GP crypto known answers on a 2 KiB stack"

#endif
