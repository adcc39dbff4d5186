/*
 * GlobalPlatform TEE Internal Core API types (v1.3.1: sizes are size_t).
 * tzvisor dev kit.
 */
#ifndef TEE_API_TYPES_H
#define TEE_API_TYPES_H

#include <compiler.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tee_api_defines.h>

typedef uint32_t TEE_Result;

typedef struct {
	uint32_t timeLow;
	uint16_t timeMid;
	uint16_t timeHiAndVersion;
	uint8_t clockSeqAndNode[8];
} TEE_UUID;

typedef struct {
	uint32_t login;
	TEE_UUID uuid;
} TEE_Identity;

typedef union {
	struct {
		void *buffer;
		size_t size;
	} memref;
	struct {
		uint32_t a;
		uint32_t b;
	} value;
} TEE_Param;

#define TEE_PARAM_TYPES(t0, t1, t2, t3) \
	((uint32_t)(t0) | ((uint32_t)(t1) << 4) | ((uint32_t)(t2) << 8) | ((uint32_t)(t3) << 12))
#define TEE_PARAM_TYPE_GET(t, i) ((((uint32_t)(t)) >> ((i) * 4)) & 0xF)
/* The type t for parameter i, to be or-ed into a paramTypes word */
#define TEE_PARAM_TYPE_SET(t, i) (((uint32_t)(t)&0xF) << ((i)*4))

typedef struct __TEE_TASessionHandle *TEE_TASessionHandle;
typedef struct __TEE_PropSetHandle *TEE_PropSetHandle;
typedef struct __TEE_ObjectHandle *TEE_ObjectHandle;
typedef struct __TEE_ObjectEnumHandle *TEE_ObjectEnumHandle;
typedef struct __TEE_OperationHandle *TEE_OperationHandle;

typedef uint32_t TEE_ObjectType;
typedef uint32_t TEE_Whence;
typedef uint32_t TEE_OperationMode;
typedef uint32_t TEE_ErrorOrigin;
typedef void *TEE_Session;

typedef struct {
	uint32_t objectType;
	uint32_t objectSize;
	uint32_t maxObjectSize;
	uint32_t objectUsage;
	size_t dataSize;
	size_t dataPosition;
	uint32_t handleFlags;
} TEE_ObjectInfo;

/*
 * ---- GP 1.1 compatibility (devkit work) ----
 * A TA built with CFG_TA_OPTEE_CORE_API_COMPAT_1_1=y gets -D__OPTEE_CORE_API_COMPAT_1_1=1,
 * the one switch for every header: tee_api_compat.h then maps the types and the
 * functions whose 1.1 prototypes differ onto these __GP11_ forms (uint32_t lengths,
 * keySize), which libutee implements beside the 1.3 ones.
 */
typedef union {
	struct {
		void *buffer;
		uint32_t size;
	} memref;
	struct {
		uint32_t a;
		uint32_t b;
	} value;
} __GP11_TEE_Param;

typedef struct {
	uint32_t objectType;
	__extension__ union { /* GP v1.1 names, and v1.1.1's */
		uint32_t keySize;
		uint32_t objectSize;
	};
	__extension__ union {
		uint32_t maxKeySize;
		uint32_t maxObjectSize;
	};
	uint32_t objectUsage;
	uint32_t dataSize;
	uint32_t dataPosition;
	uint32_t handleFlags;
} __GP11_TEE_ObjectInfo;
/* ---- end of the GP 1.1 block ---- */

typedef struct {
	uint32_t attributeID;
	union {
		struct {
			void *buffer;
			size_t length;
		} ref;
		struct {
			uint32_t a, b;
		} value;
	} content;
} TEE_Attribute;

typedef struct {
	uint32_t algorithm;
	uint32_t operationClass;
	uint32_t mode;
	uint32_t digestLength;
	uint32_t maxKeySize;
	uint32_t keySize;
	uint32_t requiredKeyUsage;
	uint32_t handleState;
} TEE_OperationInfo;

typedef struct {
	uint32_t keySize;
	uint32_t requiredKeyUsage;
} TEE_OperationInfoKey;

typedef struct {
	uint32_t algorithm;
	uint32_t operationClass;
	uint32_t mode;
	uint32_t digestLength;
	uint32_t maxKeySize;
	uint32_t handleState;
	uint32_t operationState;
	uint32_t numberOfKeys;
	TEE_OperationInfoKey keyInformation[];
} TEE_OperationInfoMultiple;

typedef struct {
	uint32_t seconds;
	uint32_t millis;
} TEE_Time;

typedef uint32_t TEE_BigInt;
typedef uint32_t TEE_BigIntFMM;
typedef uint32_t TEE_BigIntFMMContext;

/*
 * Secure Element API types (GP TEE Internal Core API v1.3.1 names, as OP-TEE
 * declares them; OP-TEE implements no function of that API, nor does this
 * dev kit). Opaque handles.
 */
typedef struct __TEE_SEServiceHandle *TEE_SEServiceHandle;
typedef struct __TEE_SEReaderHandle *TEE_SEReaderHandle;
typedef struct __TEE_SESessionHandle *TEE_SESessionHandle;
typedef struct __TEE_SEChannelHandle *TEE_SEChannelHandle;

typedef struct {
	bool sePresent;
	bool teeOnly;
	bool selectResponseEnable;
} TEE_SEReaderProperties;

typedef struct {
	uint8_t *buffer;
	size_t bufferLen;
} TEE_SEAID;

#define TEE_SE_READER_NAME_MAX 20

/* OP-TEE's leftovers of older GP drafts: memory-reference flags */
#define TEE_MEM_INPUT 0x00000001
#define TEE_MEM_OUTPUT 0x00000002
#define TEE_MEMREF_0_USED 0x00000001
#define TEE_MEMREF_1_USED 0x00000002
#define TEE_MEMREF_2_USED 0x00000004
#define TEE_MEMREF_3_USED 0x00000008

#endif
