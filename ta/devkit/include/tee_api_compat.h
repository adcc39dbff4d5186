/*
 * GlobalPlatform TEE Internal Core API v1.1 source compatibility, as OP-TEE
 * offers it: a TA built with CFG_TA_OPTEE_CORE_API_COMPAT_1_1=y (the dev kit
 * then passes -D__OPTEE_CORE_API_COMPAT_1_1=1) sees the v1.1 types and
 * prototypes under the v1.3 names: uint32_t lengths and sizes, TEE_ObjectInfo
 * with keySize/maxKeySize, 32-bit seek offsets. libutee implements each as
 * __GP11_<name> beside the v1.3 function; TA entry points are adapted in
 * user_ta_header.c. The __GP11_ declarations are always visible (host builds
 * include this file too); only the mapping depends on the switch.
 * tzvisor dev kit.
 */
#ifndef TEE_API_COMPAT_H
#define TEE_API_COMPAT_H

#include <tee_api_types.h>

/* ---- non-crypto functions (devkit work) ---- */
TEE_Result __GP11_TA_OpenSessionEntryPoint(uint32_t paramTypes, __GP11_TEE_Param params[4],
					   void **sessionContext);
TEE_Result __GP11_TA_InvokeCommandEntryPoint(void *sessionContext, uint32_t commandID,
					     uint32_t paramTypes, __GP11_TEE_Param params[4]);
TEE_Result __GP11_TEE_GetPropertyAsString(TEE_PropSetHandle propsetOrEnumerator, const char *name,
					  char *valueBuffer, uint32_t *valueBufferLen);
TEE_Result __GP11_TEE_GetPropertyAsBinaryBlock(TEE_PropSetHandle propsetOrEnumerator,
					       const char *name, void *valueBuffer,
					       uint32_t *valueBufferLen);
TEE_Result __GP11_TEE_GetPropertyName(TEE_PropSetHandle enumerator, void *nameBuffer,
				      uint32_t *nameBufferLen);
TEE_Result __GP11_TEE_OpenTASession(const TEE_UUID *destination,
				    uint32_t cancellationRequestTimeout, uint32_t paramTypes,
				    __GP11_TEE_Param params[4], TEE_TASessionHandle *session,
				    uint32_t *returnOrigin);
TEE_Result __GP11_TEE_InvokeTACommand(TEE_TASessionHandle session,
				      uint32_t cancellationRequestTimeout, uint32_t commandID,
				      uint32_t paramTypes, __GP11_TEE_Param params[4],
				      uint32_t *returnOrigin);
TEE_Result __GP11_TEE_CheckMemoryAccessRights(uint32_t accessFlags, void *buffer, uint32_t size);
void *__GP11_TEE_Malloc(uint32_t size, uint32_t hint);
void *__GP11_TEE_Realloc(void *buffer, uint32_t newSize);
void *__GP11_TEE_MemMove(void *dest, const void *src, uint32_t size);
int32_t __GP11_TEE_MemCompare(const void *buffer1, const void *buffer2, uint32_t size);
void *__GP11_TEE_MemFill(void *buff, uint32_t x, uint32_t size);
void __GP11_TEE_GenerateRandom(void *randomBuffer, uint32_t randomBufferLen);
TEE_Result __GP11_TEE_OpenPersistentObject(uint32_t storageID, const void *objectID,
					   uint32_t objectIDLen, uint32_t flags,
					   TEE_ObjectHandle *object);
TEE_Result __GP11_TEE_CreatePersistentObject(uint32_t storageID, const void *objectID,
					     uint32_t objectIDLen, uint32_t flags,
					     TEE_ObjectHandle attributes, const void *initialData,
					     uint32_t initialDataLen, TEE_ObjectHandle *object);
TEE_Result __GP11_TEE_RenamePersistentObject(TEE_ObjectHandle object, const void *newObjectID,
					     uint32_t newObjectIDLen);
TEE_Result __GP11_TEE_GetNextPersistentObject(TEE_ObjectEnumHandle objectEnumerator,
					      __GP11_TEE_ObjectInfo *objectInfo, void *objectID,
					      uint32_t *objectIDLen);
TEE_Result __GP11_TEE_ReadObjectData(TEE_ObjectHandle object, void *buffer, uint32_t size,
				     uint32_t *count);
TEE_Result __GP11_TEE_WriteObjectData(TEE_ObjectHandle object, const void *buffer, uint32_t size);
TEE_Result __GP11_TEE_TruncateObjectData(TEE_ObjectHandle object, uint32_t size);
TEE_Result __GP11_TEE_SeekObjectData(TEE_ObjectHandle object, int32_t offset, TEE_Whence whence);

#if defined(__OPTEE_CORE_API_COMPAT_1_1) && __OPTEE_CORE_API_COMPAT_1_1
#define TEE_ObjectInfo __GP11_TEE_ObjectInfo
#define TEE_Param __GP11_TEE_Param
#define TA_OpenSessionEntryPoint __GP11_TA_OpenSessionEntryPoint
#define TA_InvokeCommandEntryPoint __GP11_TA_InvokeCommandEntryPoint
#define TEE_GetPropertyAsString __GP11_TEE_GetPropertyAsString
#define TEE_GetPropertyAsBinaryBlock __GP11_TEE_GetPropertyAsBinaryBlock
#define TEE_GetPropertyName __GP11_TEE_GetPropertyName
#define TEE_OpenTASession __GP11_TEE_OpenTASession
#define TEE_InvokeTACommand __GP11_TEE_InvokeTACommand
#define TEE_CheckMemoryAccessRights __GP11_TEE_CheckMemoryAccessRights
#define TEE_Malloc __GP11_TEE_Malloc
#define TEE_Realloc __GP11_TEE_Realloc
#define TEE_MemMove __GP11_TEE_MemMove
#define TEE_MemCompare __GP11_TEE_MemCompare
#define TEE_MemFill __GP11_TEE_MemFill
#define TEE_GenerateRandom __GP11_TEE_GenerateRandom
#define TEE_GetObjectInfo __GP11_TEE_GetObjectInfo
#define TEE_GetObjectInfo1 __GP11_TEE_GetObjectInfo1
#define TEE_OpenPersistentObject __GP11_TEE_OpenPersistentObject
#define TEE_CreatePersistentObject __GP11_TEE_CreatePersistentObject
#define TEE_RenamePersistentObject __GP11_TEE_RenamePersistentObject
#define TEE_GetNextPersistentObject __GP11_TEE_GetNextPersistentObject
#define TEE_ReadObjectData __GP11_TEE_ReadObjectData
#define TEE_WriteObjectData __GP11_TEE_WriteObjectData
#define TEE_TruncateObjectData __GP11_TEE_TruncateObjectData
#define TEE_SeekObjectData __GP11_TEE_SeekObjectData
#endif
/* ---- end of the non-crypto block ---- */

/* ---- object information (ta/lib/compat_objinfo.c; main's crypto_gp11.c has its own) ---- */
void __GP11_TEE_GetObjectInfo(TEE_ObjectHandle object, __GP11_TEE_ObjectInfo *objectInfo);
TEE_Result __GP11_TEE_GetObjectInfo1(TEE_ObjectHandle object, __GP11_TEE_ObjectInfo *objectInfo);
/* ---- end of the object-information block ---- */

/* ---- crypto functions and TEE_Attribute (crypto work): mapped the same way ---- */

#endif /* TEE_API_COMPAT_H */
