/*
 * GlobalPlatform key objects: the TEE kernel keeps them (tee/crypto_obj.c);
 * this side holds the kernel's handle and checks what GP lets it check
 * without the key. Attributes cross into the kernel as GP's TEE_Attribute
 * array; secret values come back only for extractable objects.
 */
#include <tee_internal_api.h>
#include "crypto.h"

struct __TEE_ObjectHandle *tzv_obj(TEE_ObjectHandle o)
{
	if (!o || o->magic != TZV_OBJ_MAGIC)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return o;
}

TEE_Result TEE_AllocateTransientObject(TEE_ObjectType objectType, uint32_t maxObjectSize,
				       TEE_ObjectHandle *object)
{
	if (!object)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	*object = TEE_HANDLE_NULL;
	struct __TEE_ObjectHandle *o = TEE_Malloc(sizeof(*o), TEE_MALLOC_FILL_ZERO);
	if (!o)
		return TEE_ERROR_OUT_OF_MEMORY;
	uint32_t h = 0;
	TEE_Result r = CR(TZV_CR_OBJ_ALLOC, objectType, maxObjectSize, &h);
	if (r != TEE_SUCCESS) {
		TEE_Free(o);
		return r;
	}
	o->magic = TZV_OBJ_MAGIC;
	o->kernel = h;
	*object = o;
	return TEE_SUCCESS;
}

static void free_handle(struct __TEE_ObjectHandle *o)
{
	CR(TZV_CR_OBJ_FREE, o->kernel);
	o->magic = 0;
	TEE_Free(o);
}

void TEE_FreeTransientObject(TEE_ObjectHandle object)
{
	if (object == TEE_HANDLE_NULL)
		return;
	if (tzv_obj(object)->storage_handle)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	free_handle(object);
}

void TEE_CloseObject(TEE_ObjectHandle object)
{
	if (object == TEE_HANDLE_NULL)
		return;
	if (tzv_obj(object)->storage_handle)
		tzv_storage_close(object);
	free_handle(object);
}

void TEE_ResetTransientObject(TEE_ObjectHandle object)
{
	if (object == TEE_HANDLE_NULL)
		return;
	if (tzv_obj(object)->storage_handle)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	CR(TZV_CR_OBJ_RESET, object->kernel);
}

TEE_Result TEE_GetObjectInfo1(TEE_ObjectHandle object, TEE_ObjectInfo *objectInfo)
{
	struct __TEE_ObjectHandle *o = tzv_obj(object);
	if (!objectInfo)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	struct tzv_cr_obj_info i;
	CR(TZV_CR_OBJ_INFO, o->kernel, &i);
	TEE_MemFill(objectInfo, 0, sizeof(*objectInfo));
	objectInfo->objectType = i.type;
	objectInfo->objectSize = i.obj_size;
	objectInfo->maxObjectSize = i.max_size;
	objectInfo->objectUsage = i.usage;
	objectInfo->handleFlags = i.handle_flags;
	if (o->storage_handle)
		tzv_storage_info(o, objectInfo);
	return TEE_SUCCESS;
}

void TEE_GetObjectInfo(TEE_ObjectHandle object, TEE_ObjectInfo *objectInfo)
{
	TEE_GetObjectInfo1(object, objectInfo);
	/* GP 1.0: an uninitialized object reports its maximum size as its size */
	if (!(objectInfo->handleFlags & TEE_HANDLE_FLAG_INITIALIZED))
		objectInfo->objectSize = objectInfo->maxObjectSize;
}

TEE_Result TEE_RestrictObjectUsage1(TEE_ObjectHandle object, uint32_t objectUsage)
{
	struct __TEE_ObjectHandle *o = tzv_obj(object);
	/* a persistent object's usage is stored with it (GP: atomically) */
	if (o->storage_handle) {
		TEE_Result r = tzv_storage_restrict(o, objectUsage);
		if (r != TEE_SUCCESS)
			return r;
	}
	CR(TZV_CR_OBJ_RESTRICT, o->kernel, objectUsage);
	return TEE_SUCCESS;
}

void TEE_RestrictObjectUsage(TEE_ObjectHandle object, uint32_t objectUsage)
{
	TEE_RestrictObjectUsage1(object, objectUsage);
}

void TEE_InitRefAttribute(TEE_Attribute *attr, uint32_t attributeID, const void *buffer,
			  size_t length)
{
	if (!attr || (attributeID & TEE_ATTR_FLAG_VALUE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	attr->attributeID = attributeID;
	attr->content.ref.buffer = (void *)(uintptr_t)buffer;
	attr->content.ref.length = length;
}

void TEE_InitValueAttribute(TEE_Attribute *attr, uint32_t attributeID, uint32_t a, uint32_t b)
{
	if (!attr || !(attributeID & TEE_ATTR_FLAG_VALUE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	attr->attributeID = attributeID;
	attr->content.value.a = a;
	attr->content.value.b = b;
}

/* The kernel reads GP's TEE_Attribute array as it is (struct tzv_cr_attr: same layout). */
_Static_assert(sizeof(TEE_Attribute) == sizeof(struct tzv_cr_attr), "TEE_Attribute layout");

TEE_Result TEE_PopulateTransientObject(TEE_ObjectHandle object, const TEE_Attribute *attrs,
				       uint32_t attrCount)
{
	struct __TEE_ObjectHandle *o = tzv_obj(object);
	if (attrCount && !attrs)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return CR(TZV_CR_OBJ_POPULATE, o->kernel, attrs, attrCount);
}

TEE_Result TEE_GenerateKey(TEE_ObjectHandle object, uint32_t keySize, const TEE_Attribute *params,
			   uint32_t paramCount)
{
	struct __TEE_ObjectHandle *o = tzv_obj(object);
	if (paramCount && !params)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return CR(TZV_CR_OBJ_GENERATE, o->kernel, keySize, params, paramCount);
}

TEE_Result TEE_GetObjectBufferAttribute(TEE_ObjectHandle object, uint32_t attributeID, void *buffer,
					size_t *size)
{
	struct __TEE_ObjectHandle *o = tzv_obj(object);
	if (!size || (attributeID & TEE_ATTR_FLAG_VALUE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	uint64_t len = buffer ? *size : 0;
	TEE_Result r = CR(TZV_CR_OBJ_GET_ATTR, o->kernel, attributeID, buffer, &len, 0);
	if (r == TEE_SUCCESS || r == TEE_ERROR_SHORT_BUFFER)
		*size = (size_t)len;
	return r;
}

TEE_Result TEE_GetObjectValueAttribute(TEE_ObjectHandle object, uint32_t attributeID, uint32_t *a,
				       uint32_t *b)
{
	struct __TEE_ObjectHandle *o = tzv_obj(object);
	if (!(attributeID & TEE_ATTR_FLAG_VALUE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	uint32_t ab[2] = {0, 0};
	TEE_Result r = CR(TZV_CR_OBJ_GET_ATTR, o->kernel, attributeID, 0, 0, ab);
	if (r == TEE_SUCCESS) {
		if (a)
			*a = ab[0];
		if (b)
			*b = ab[1];
	}
	return r;
}

TEE_Result TEE_CopyObjectAttributes1(TEE_ObjectHandle destObject, TEE_ObjectHandle srcObject)
{
	return CR(TZV_CR_OBJ_COPY, tzv_obj(destObject)->kernel, tzv_obj(srcObject)->kernel);
}

void TEE_CopyObjectAttributes(TEE_ObjectHandle destObject, TEE_ObjectHandle srcObject)
{
	TEE_Result r = TEE_CopyObjectAttributes1(destObject, srcObject);
	if (r != TEE_SUCCESS)
		TEE_Panic(r);
}
