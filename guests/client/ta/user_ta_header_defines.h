#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <tzvtest_ta.h>

#define TA_UUID       TA_TZVTEST_UUID
#define TA_FLAGS      (TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION | TA_FLAG_CACHE_MAINTENANCE)
#define TA_STACK_SIZE (2 * 1024)
#define TA_DATA_SIZE  (8 * 1024)
#define TA_VERSION     "1.0"
#define TA_DESCRIPTION "tzvisor client test TA: counters, memrefs, and what must kill a TA"

#endif
