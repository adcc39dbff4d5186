#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <socket_ta.h>

#define TA_UUID       TA_SOCKET_UUID
#define TA_FLAGS      0 /* an instance per session: the attack uses two */
#define TA_STACK_SIZE (4 * 1024)
#define TA_DATA_SIZE  (16 * 1024)
#define TA_VERSION    "1.0"
#define TA_DESCRIPTION "tzvisor example: GP TEE Sockets (TCP and UDP)"

#endif
