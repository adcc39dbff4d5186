/*
 * TEE_GetObjectInfo1 / TEE_GetObjectInfo in GP 1.1 mode (__GP11_TEE_ObjectInfo
 * with keySize); the GP 1.3 functions are in crypto_obj.c.
 */
#include <tee_internal_api.h>
#include "utee.h"

static void objinfo_to_gp11(const TEE_ObjectInfo *in, __GP11_TEE_ObjectInfo *out)
{
	out->objectType = in->objectType;
	out->keySize = in->objectSize;
	out->maxKeySize = in->maxObjectSize;
	out->objectUsage = in->objectUsage;
	out->dataSize = (uint32_t)in->dataSize;
	out->dataPosition = (uint32_t)in->dataPosition;
	out->handleFlags = in->handleFlags;
}

TEE_Result __GP11_TEE_GetObjectInfo1(TEE_ObjectHandle object, __GP11_TEE_ObjectInfo *objectInfo)
{
	TEE_ObjectInfo info;
	if (!objectInfo)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Result res = TEE_GetObjectInfo1(object, &info);
	if (res == TEE_SUCCESS)
		objinfo_to_gp11(&info, objectInfo);
	return res;
}

/* The deprecated form: panics where TEE_GetObjectInfo1 would return an error. */
void __GP11_TEE_GetObjectInfo(TEE_ObjectHandle object, __GP11_TEE_ObjectInfo *objectInfo)
{
	TEE_Result res = __GP11_TEE_GetObjectInfo1(object, objectInfo);
	if (res != TEE_SUCCESS)
		TEE_Panic(res);
}
