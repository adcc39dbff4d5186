#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <tzvflags_ta.h>

#define TA_UUID       TA_FLAGS_MULTI_UUID
#define TA_FLAGS      (0)
#define TA_STACK_SIZE (2 * 1024)
#define TA_DATA_SIZE  (4 * 1024)
#define TA_VERSION     "1.0"
#define TA_DESCRIPTION "tzvisor client test TA: GlobalPlatform instance flags (multi)"

#endif
