#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <rsa_ta.h>

#define TA_UUID       TA_RSA_UUID
#define TA_FLAGS      (TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#define TA_STACK_SIZE (16 * 1024)
#define TA_DATA_SIZE  (128 * 1024)
#define TA_VERSION    "1.0"
#define TA_DESCRIPTION "tzvisor example: RSA-2048 PKCS#1 v1.5/PSS/OAEP, ECDSA P-256"

#endif
