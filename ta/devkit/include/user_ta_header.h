/*
 * What a TA's user_ta_header_defines.h may use: TA_FLAG_* (OP-TEE's values)
 * and USER_TA_PROP_TYPE_* for TA_CURRENT_TA_EXT_PROPERTIES. tzvisor dev kit.
 */
#ifndef USER_TA_HEADER_H
#define USER_TA_HEADER_H

#include <tee_api_types.h>
#include <tzvisor/ta_abi.h>

#define TA_FLAG_USER_MODE           0 /* deprecated in OP-TEE, no effect */
#define TA_FLAG_EXEC_DDR            0 /* deprecated in OP-TEE, no effect */
#define TA_FLAG_SINGLE_INSTANCE     TZV_TA_FLAG_SINGLE_INSTANCE
#define TA_FLAG_MULTI_SESSION       TZV_TA_FLAG_MULTI_SESSION
#define TA_FLAG_INSTANCE_KEEP_ALIVE TZV_TA_FLAG_INSTANCE_KEEP_ALIVE
#define TA_FLAG_SECURE_DATA_PATH    (1 << 5)  /* accepted, not supported */
#define TA_FLAG_REMAP_SUPPORT       0
#define TA_FLAG_CACHE_MAINTENANCE   (1 << 7)  /* TEE_Cache* on memrefs (tee_internal_api_extensions.h) */
#define TA_FLAG_CONCURRENT          (1 << 8)  /* OP-TEE: pseudo-TAs only; no effect on a user TA */
#define TA_FLAG_DEVICE_ENUM         (1 << 9)  /* accepted; no device enumeration PTA here */
#define TA_FLAG_DEVICE_ENUM_SUPP    (1 << 10) /* accepted; no device enumeration PTA here */
#define TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT (1 << 11) /* accepted, not acted on */
#define TA_FLAGS_MASK               0x7ffu    /* bits 0..10, as OP-TEE's */

enum user_ta_prop_type {
	USER_TA_PROP_TYPE_BOOL = TZV_TA_PROP_TYPE_BOOL,
	USER_TA_PROP_TYPE_U32 = TZV_TA_PROP_TYPE_U32,
	USER_TA_PROP_TYPE_UUID = TZV_TA_PROP_TYPE_UUID,
	USER_TA_PROP_TYPE_IDENTITY = TZV_TA_PROP_TYPE_IDENTITY,
	USER_TA_PROP_TYPE_STRING = TZV_TA_PROP_TYPE_STRING,
	USER_TA_PROP_TYPE_BINARY_BLOCK = 5,
	USER_TA_PROP_TYPE_U64 = 6,
};

struct user_ta_property {
	const char *name;
	enum user_ta_prop_type type;
	const void *value;
};

/* Generated per TA by the dev kit (user_ta_header.c) from user_ta_header_defines.h. */
extern const struct tzv_ta_head ta_head;
extern const struct user_ta_property ta_props[];
extern const size_t ta_num_props;
int tahead_get_trace_level(void);

#define TA_PROP_STR_SINGLE_INSTANCE "gpd.ta.singleInstance"
#define TA_PROP_STR_MULTI_SESSION   "gpd.ta.multiSession"
#define TA_PROP_STR_KEEP_ALIVE      "gpd.ta.instanceKeepAlive"
#define TA_PROP_STR_DATA_SIZE       "gpd.ta.dataSize"
#define TA_PROP_STR_STACK_SIZE      "gpd.ta.stackSize"
#define TA_PROP_STR_VERSION         "gpd.ta.version"
#define TA_PROP_STR_DESCRIPTION     "gpd.ta.description"
#define TA_PROP_STR_ENDIAN          "gpd.ta.endian"
#define TA_PROP_STR_DOES_NOT_CLOSE_HANDLE_ON_CORRUPT_OBJECT "gpd.ta.doesNotCloseHandleOnCorruptObject"

#endif
