/*
 * GP TEE Internal Core API v1.1 forms of the non-crypto functions (OP-TEE's
 * CFG_TA_OPTEE_CORE_API_COMPAT_1_1, tee_api_compat.h): each converts its
 * uint32_t lengths and v1.1 structures and calls the v1.3 function.
 */
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>
#include "utee.h"

TEE_Result __GP11_TEE_GetPropertyAsString(TEE_PropSetHandle propsetOrEnumerator, const char *name,
					  char *valueBuffer, uint32_t *valueBufferLen)
{
	if (!valueBufferLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t len = *valueBufferLen;
	TEE_Result res = TEE_GetPropertyAsString(propsetOrEnumerator, name, valueBuffer, &len);
	*valueBufferLen = (uint32_t)len;
	return res;
}

TEE_Result __GP11_TEE_GetPropertyAsBinaryBlock(TEE_PropSetHandle propsetOrEnumerator,
					       const char *name, void *valueBuffer,
					       uint32_t *valueBufferLen)
{
	if (!valueBufferLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t len = *valueBufferLen;
	TEE_Result res = TEE_GetPropertyAsBinaryBlock(propsetOrEnumerator, name, valueBuffer, &len);
	*valueBufferLen = (uint32_t)len;
	return res;
}

TEE_Result __GP11_TEE_GetPropertyName(TEE_PropSetHandle enumerator, void *nameBuffer,
				      uint32_t *nameBufferLen)
{
	if (!nameBufferLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t len = *nameBufferLen;
	TEE_Result res = TEE_GetPropertyName(enumerator, nameBuffer, &len);
	*nameBufferLen = (uint32_t)len;
	return res;
}

/* TEE_Param and __GP11_TEE_Param have the same layout on AArch64 (size in the low word). */
TEE_Result __GP11_TEE_OpenTASession(const TEE_UUID *destination,
				    uint32_t cancellationRequestTimeout, uint32_t paramTypes,
				    __GP11_TEE_Param params[4], TEE_TASessionHandle *session,
				    uint32_t *returnOrigin)
{
	return TEE_OpenTASession(destination, cancellationRequestTimeout, paramTypes,
				 (TEE_Param *)(void *)params, session, returnOrigin);
}

TEE_Result __GP11_TEE_InvokeTACommand(TEE_TASessionHandle session,
				      uint32_t cancellationRequestTimeout, uint32_t commandID,
				      uint32_t paramTypes, __GP11_TEE_Param params[4],
				      uint32_t *returnOrigin)
{
	return TEE_InvokeTACommand(session, cancellationRequestTimeout, commandID, paramTypes,
				   (TEE_Param *)(void *)params, returnOrigin);
}

TEE_Result __GP11_TEE_CheckMemoryAccessRights(uint32_t accessFlags, void *buffer, uint32_t size)
{
	return TEE_CheckMemoryAccessRights(accessFlags, buffer, size);
}

void *__GP11_TEE_Malloc(uint32_t size, uint32_t hint)
{
	return TEE_Malloc(size, hint);
}

void *__GP11_TEE_Realloc(void *buffer, uint32_t newSize)
{
	return TEE_Realloc(buffer, newSize);
}

void *__GP11_TEE_MemMove(void *dest, const void *src, uint32_t size)
{
	return TEE_MemMove(dest, src, size);
}

int32_t __GP11_TEE_MemCompare(const void *buffer1, const void *buffer2, uint32_t size)
{
	return TEE_MemCompare(buffer1, buffer2, size);
}

void __GP11_TEE_MemFill(void *buff, uint32_t x, uint32_t size)
{
	TEE_MemFill(buff, x, size);
}

void __GP11_TEE_GenerateRandom(void *randomBuffer, uint32_t randomBufferLen)
{
	TEE_GenerateRandom(randomBuffer, randomBufferLen);
}

/* TEE_ObjectInfo to GP 1.1's (uint32_t data size and position) */
static void info_to_gp11(const TEE_ObjectInfo *in, __GP11_TEE_ObjectInfo *out)
{
	out->objectType = in->objectType;
	out->keySize = in->objectSize;
	out->maxKeySize = in->maxObjectSize;
	out->objectUsage = in->objectUsage;
	out->dataSize = (uint32_t)in->dataSize;
	out->dataPosition = (uint32_t)in->dataPosition;
	out->handleFlags = in->handleFlags;
}

TEE_Result __GP11_TEE_OpenPersistentObject(uint32_t storageID, const void *objectID,
					   uint32_t objectIDLen, uint32_t flags,
					   TEE_ObjectHandle *object)
{
	return TEE_OpenPersistentObject(storageID, objectID, objectIDLen, flags, object);
}

TEE_Result __GP11_TEE_CreatePersistentObject(uint32_t storageID, const void *objectID,
					     uint32_t objectIDLen, uint32_t flags,
					     TEE_ObjectHandle attributes, const void *initialData,
					     uint32_t initialDataLen, TEE_ObjectHandle *object)
{
	return TEE_CreatePersistentObject(storageID, objectID, objectIDLen, flags, attributes,
					  initialData, initialDataLen, object);
}

TEE_Result __GP11_TEE_RenamePersistentObject(TEE_ObjectHandle object, const void *newObjectID,
					     uint32_t newObjectIDLen)
{
	return TEE_RenamePersistentObject(object, newObjectID, newObjectIDLen);
}

TEE_Result __GP11_TEE_GetNextPersistentObject(TEE_ObjectEnumHandle objectEnumerator,
					      __GP11_TEE_ObjectInfo *objectInfo, void *objectID,
					      uint32_t *objectIDLen)
{
	TEE_ObjectInfo info;
	size_t len;
	if (!objectIDLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	len = *objectIDLen;
	TEE_Result res = TEE_GetNextPersistentObject(objectEnumerator, objectInfo ? &info : NULL,
						     objectID, &len);
	if (res == TEE_SUCCESS && objectInfo)
		info_to_gp11(&info, objectInfo);
	*objectIDLen = (uint32_t)len;
	return res;
}

TEE_Result __GP11_TEE_ReadObjectData(TEE_ObjectHandle object, void *buffer, uint32_t size,
				     uint32_t *count)
{
	size_t n = 0;
	if (!count)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Result res = TEE_ReadObjectData(object, buffer, size, &n);
	*count = (uint32_t)n;
	return res;
}

TEE_Result __GP11_TEE_WriteObjectData(TEE_ObjectHandle object, const void *buffer, uint32_t size)
{
	return TEE_WriteObjectData(object, buffer, size);
}

TEE_Result __GP11_TEE_TruncateObjectData(TEE_ObjectHandle object, uint32_t size)
{
	return TEE_TruncateObjectData(object, size);
}

TEE_Result __GP11_TEE_SeekObjectData(TEE_ObjectHandle object, int32_t offset, TEE_Whence whence)
{
	return TEE_SeekObjectData(object, offset, whence);
}
