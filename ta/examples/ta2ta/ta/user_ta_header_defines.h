/* The ta2ta TA's header values (read by the dev kit's user_ta_header.c). */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <ta2ta_ta.h>

/* Not single-instance: a session it opens to itself gets a new instance. */
#define TA_UUID TA_TA2TA_UUID
#define TA_FLAGS 0
#define TA_STACK_SIZE (4 * 1024)
#define TA_DATA_SIZE (16 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "tzvisor example: TA-to-TA sessions, GP 1.1 mode"

#define TA_CURRENT_TA_EXT_PROPERTIES                                                               \
	{                                                                                          \
		"org.tzvisor.ta2ta.big", USER_TA_PROP_TYPE_STRING, "0x123456789a"                  \
	}

#endif
