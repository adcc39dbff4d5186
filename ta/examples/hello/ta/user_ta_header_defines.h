/* The hello TA's header values (read by the dev kit's user_ta_header.c). */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <hello_ta.h>

#define TA_UUID       TA_HELLO_UUID
#define TA_FLAGS      (TA_FLAG_EXEC_DDR | TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#define TA_STACK_SIZE (2 * 1024)
#define TA_DATA_SIZE  (32 * 1024)

#define TA_VERSION     "1.0"
#define TA_DESCRIPTION "tzvisor example: a counter per session and per instance"

#define TA_CURRENT_TA_EXT_PROPERTIES \
	{ "org.tzvisor.hello.greeting", USER_TA_PROP_TYPE_STRING, "hello from S-EL0" }, \
	{ "org.tzvisor.hello.answer", USER_TA_PROP_TYPE_U32, &(const uint32_t){ 42 } }

#endif
