/*
 * GlobalPlatform trusted storage: persistent objects, their data streams and
 * enumerators. The TEE kernel keeps the objects (tee/storage.c); this side
 * checks arguments as GP says (a bad handle, flag or id length panics). A
 * persistent object's key stays in the kernel: creating one names the key
 * object whose attributes it stores, opening one makes a kernel key object
 * from them (TZV_CR_OBJ_OPEN_STORED), so a persistent key object works with
 * the operation functions like a transient one.
 */
#include <tee_internal_api.h>
#include <tzvisor/ta_storage_abi.h>
#include "crypto.h"

#define DATA_FLAGS                                                                                 \
	(TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |                                  \
	 TEE_DATA_FLAG_ACCESS_WRITE_META | TEE_DATA_FLAG_SHARE_READ | TEE_DATA_FLAG_SHARE_WRITE)

struct __TEE_ObjectEnumHandle {
	uint32_t magic;
	uint32_t kernel;
};
#define TZV_ENUM_MAGIC 0x0e7a0e7au

static TEE_Result st(uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	return tzv_sys_storage(op, a1, a2, a3, a4);
}

/* Anything but the listed results is a programming error: GP has it panic. */
static TEE_Result allowed(TEE_Result r, const TEE_Result *ok, size_t n)
{
	if (r == TEE_SUCCESS)
		return r;
	for (size_t i = 0; i < n; i++)
		if (ok[i] == r)
			return r;
	TEE_Panic(r);
	return r;
}
#define ALLOWED(r, ...)                                                                            \
	allowed((r), (const TEE_Result[]){__VA_ARGS__},                                            \
		sizeof((const TEE_Result[]){__VA_ARGS__}) / sizeof(TEE_Result))

static struct __TEE_ObjectHandle *persistent(TEE_ObjectHandle o)
{
	if (!tzv_obj(o)->storage_handle)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return o;
}

static void check_id(const void *id, size_t len)
{
	if (len > TEE_OBJECT_ID_MAX_LEN || (!id && len))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

/* The TA's handle for storage handle `kernel`, with a kernel key object of its attributes. */
static TEE_Result new_handle(uint32_t kernel, uint32_t flags, struct __TEE_ObjectHandle **out)
{
	struct __TEE_ObjectHandle *o = TEE_Malloc(sizeof(*o), TEE_MALLOC_FILL_ZERO);
	if (!o)
		return TEE_ERROR_OUT_OF_MEMORY;
	uint32_t key = 0;
	TEE_Result r = CR(TZV_CR_OBJ_OPEN_STORED, kernel, &key);
	if (r != TEE_SUCCESS) {
		TEE_Free(o);
		return r;
	}
	o->magic = TZV_OBJ_MAGIC;
	o->kernel = key;
	o->storage_handle = kernel;
	o->data_flags = flags & DATA_FLAGS;
	*out = o;
	return TEE_SUCCESS;
}

TEE_Result TEE_OpenPersistentObject(uint32_t storageID, const void *objectID, size_t objectIDLen,
				    uint32_t flags, TEE_ObjectHandle *object)
{
	if (!object)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	*object = TEE_HANDLE_NULL;
	check_id(objectID, objectIDLen);
	if (flags & ~DATA_FLAGS)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	struct tzv_st_open a;
	TEE_MemFill(&a, 0, sizeof(a));
	a.storage_id = storageID;
	a.flags = flags;
	a.id = (uintptr_t)objectID;
	a.id_len = objectIDLen;
	TEE_Result r = st(TZV_ST_OPEN, (uintptr_t)&a, 0, 0, 0);
	if (r != TEE_SUCCESS)
		return ALLOWED(r, TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_ACCESS_CONFLICT,
			       TEE_ERROR_OUT_OF_MEMORY, TEE_ERROR_CORRUPT_OBJECT,
			       TEE_ERROR_STORAGE_NOT_AVAILABLE);
	struct __TEE_ObjectHandle *o = NULL;
	r = new_handle(a.handle, flags, &o);
	if (r != TEE_SUCCESS) {
		st(TZV_ST_CLOSE, a.handle, 0, 0, 0);
		return ALLOWED(r, TEE_ERROR_OUT_OF_MEMORY, TEE_ERROR_CORRUPT_OBJECT);
	}
	*object = o;
	return TEE_SUCCESS;
}

TEE_Result TEE_CreatePersistentObject(uint32_t storageID, const void *objectID, size_t objectIDLen,
				      uint32_t flags, TEE_ObjectHandle attributes,
				      const void *initialData, size_t initialDataLen,
				      TEE_ObjectHandle *object)
{
	if (object)
		*object = TEE_HANDLE_NULL;
	check_id(objectID, objectIDLen);
	if ((flags & ~(DATA_FLAGS | TEE_DATA_FLAG_OVERWRITE)) || (!initialData && initialDataLen))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	struct tzv_st_create a;
	TEE_MemFill(&a, 0, sizeof(a));
	a.storage_id = storageID;
	a.flags = flags;
	a.id = (uintptr_t)objectID;
	a.id_len = objectIDLen;
	a.data = (uintptr_t)initialData;
	a.data_len = initialDataLen;
	a.want_handle = object != NULL;
	a.type = TEE_TYPE_DATA;
	a.usage = 0xffffffff;
	/* the kernel checks the key object is initialized and takes its attributes */
	if (attributes != TEE_HANDLE_NULL)
		a.key_object = tzv_obj(attributes)->kernel;
	TEE_Result r = st(TZV_ST_CREATE, (uintptr_t)&a, 0, 0, 0);
	if (r != TEE_SUCCESS)
		return ALLOWED(r, TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_ACCESS_CONFLICT,
			       TEE_ERROR_OUT_OF_MEMORY, TEE_ERROR_STORAGE_NO_SPACE,
			       TEE_ERROR_CORRUPT_OBJECT, TEE_ERROR_STORAGE_NOT_AVAILABLE);
	if (object) {
		struct __TEE_ObjectHandle *o = NULL;
		r = new_handle(a.handle, flags, &o);
		if (r != TEE_SUCCESS) {
			/* the object exists; only the handle could not be made */
			st(TZV_ST_CLOSE, a.handle, 0, 0, 0);
			return ALLOWED(r, TEE_ERROR_OUT_OF_MEMORY);
		}
		*object = o;
	}
	return TEE_SUCCESS;
}

void tzv_storage_close(struct __TEE_ObjectHandle *o)
{
	st(TZV_ST_CLOSE, o->storage_handle, 0, 0, 0);
	o->storage_handle = 0;
}

void tzv_storage_info(const struct __TEE_ObjectHandle *o, TEE_ObjectInfo *info)
{
	struct tzv_st_info i;
	if (st(TZV_ST_INFO, o->storage_handle, (uintptr_t)&i, 0, 0))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	info->dataSize = (size_t)i.data_size;
	info->dataPosition = (size_t)i.position;
	info->handleFlags |= o->data_flags;
}

TEE_Result tzv_storage_restrict(const struct __TEE_ObjectHandle *o, uint32_t usage)
{
	TEE_Result r = st(TZV_ST_RESTRICT, o->storage_handle, usage, 0, 0);
	return ALLOWED(r, TEE_ERROR_CORRUPT_OBJECT, TEE_ERROR_STORAGE_NOT_AVAILABLE);
}

TEE_Result TEE_CloseAndDeletePersistentObject1(TEE_ObjectHandle object)
{
	if (object == TEE_HANDLE_NULL)
		return TEE_SUCCESS;
	struct __TEE_ObjectHandle *o = persistent(object);
	if (!(o->data_flags & TEE_DATA_FLAG_ACCESS_WRITE_META))
		TEE_Panic(TEE_ERROR_ACCESS_CONFLICT);
	TEE_Result r = st(TZV_ST_DELETE, o->storage_handle, 0, 0, 0);
	if (r != TEE_SUCCESS)
		return ALLOWED(r, TEE_ERROR_STORAGE_NOT_AVAILABLE);
	o->storage_handle = 0;
	CR(TZV_CR_OBJ_FREE, o->kernel);
	o->magic = 0;
	TEE_Free(o);
	return TEE_SUCCESS;
}

void TEE_CloseAndDeletePersistentObject(TEE_ObjectHandle object)
{
	TEE_CloseAndDeletePersistentObject1(object);
}

TEE_Result TEE_RenamePersistentObject(TEE_ObjectHandle object, const void *newObjectID,
				      size_t newObjectIDLen)
{
	struct __TEE_ObjectHandle *o = persistent(object);
	check_id(newObjectID, newObjectIDLen);
	if (!(o->data_flags & TEE_DATA_FLAG_ACCESS_WRITE_META))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Result r =
	    st(TZV_ST_RENAME, o->storage_handle, (uintptr_t)newObjectID, newObjectIDLen, 0);
	return ALLOWED(r, TEE_ERROR_ACCESS_CONFLICT, TEE_ERROR_CORRUPT_OBJECT,
		       TEE_ERROR_STORAGE_NOT_AVAILABLE);
}

TEE_Result TEE_ReadObjectData(TEE_ObjectHandle object, void *buffer, size_t size, size_t *count)
{
	struct __TEE_ObjectHandle *o = persistent(object);
	if (!count || (!buffer && size) || !(o->data_flags & TEE_DATA_FLAG_ACCESS_READ))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	uint64_t n = 0;
	TEE_Result r = st(TZV_ST_READ, o->storage_handle, (uintptr_t)buffer, size, (uintptr_t)&n);
	*count = (size_t)n;
	return ALLOWED(r, TEE_ERROR_CORRUPT_OBJECT, TEE_ERROR_STORAGE_NOT_AVAILABLE);
}

TEE_Result TEE_WriteObjectData(TEE_ObjectHandle object, const void *buffer, size_t size)
{
	struct __TEE_ObjectHandle *o = persistent(object);
	if ((!buffer && size) || !(o->data_flags & TEE_DATA_FLAG_ACCESS_WRITE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Result r = st(TZV_ST_WRITE, o->storage_handle, (uintptr_t)buffer, size, 0);
	if (r == TEE_ERROR_OUT_OF_MEMORY)
		r = TEE_ERROR_STORAGE_NO_SPACE;
	return ALLOWED(r, TEE_ERROR_STORAGE_NO_SPACE, TEE_ERROR_OVERFLOW, TEE_ERROR_CORRUPT_OBJECT,
		       TEE_ERROR_STORAGE_NOT_AVAILABLE);
}

TEE_Result TEE_TruncateObjectData(TEE_ObjectHandle object, size_t size)
{
	struct __TEE_ObjectHandle *o = persistent(object);
	if (!(o->data_flags & TEE_DATA_FLAG_ACCESS_WRITE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Result r = st(TZV_ST_TRUNCATE, o->storage_handle, size, 0, 0);
	if (r == TEE_ERROR_OUT_OF_MEMORY)
		r = TEE_ERROR_STORAGE_NO_SPACE;
	return ALLOWED(r, TEE_ERROR_STORAGE_NO_SPACE, TEE_ERROR_CORRUPT_OBJECT,
		       TEE_ERROR_STORAGE_NOT_AVAILABLE);
}

TEE_Result TEE_SeekObjectData(TEE_ObjectHandle object, intmax_t offset, TEE_Whence whence)
{
	struct __TEE_ObjectHandle *o = persistent(object);
	if (whence != TEE_DATA_SEEK_SET && whence != TEE_DATA_SEEK_CUR &&
	    whence != TEE_DATA_SEEK_END)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Result r = st(TZV_ST_SEEK, o->storage_handle, (uint64_t)(int64_t)offset, whence, 0);
	return ALLOWED(r, TEE_ERROR_OVERFLOW);
}

static struct __TEE_ObjectEnumHandle *enumerator(TEE_ObjectEnumHandle e)
{
	if (!e || e->magic != TZV_ENUM_MAGIC)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return e;
}

TEE_Result TEE_AllocatePersistentObjectEnumerator(TEE_ObjectEnumHandle *objectEnumerator)
{
	if (!objectEnumerator)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	*objectEnumerator = TEE_HANDLE_NULL;
	struct __TEE_ObjectEnumHandle *e = TEE_Malloc(sizeof(*e), TEE_MALLOC_FILL_ZERO);
	if (!e)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (st(TZV_ST_ENUM_ALLOC, (uintptr_t)&e->kernel, 0, 0, 0) != TEE_SUCCESS) {
		TEE_Free(e);
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	e->magic = TZV_ENUM_MAGIC;
	*objectEnumerator = e;
	return TEE_SUCCESS;
}

void TEE_FreePersistentObjectEnumerator(TEE_ObjectEnumHandle objectEnumerator)
{
	if (objectEnumerator == TEE_HANDLE_NULL)
		return;
	struct __TEE_ObjectEnumHandle *e = enumerator(objectEnumerator);
	st(TZV_ST_ENUM_FREE, e->kernel, 0, 0, 0);
	e->magic = 0;
	TEE_Free(e);
}

void TEE_ResetPersistentObjectEnumerator(TEE_ObjectEnumHandle objectEnumerator)
{
	if (objectEnumerator == TEE_HANDLE_NULL)
		return;
	st(TZV_ST_ENUM_RESET, enumerator(objectEnumerator)->kernel, 0, 0, 0);
}

TEE_Result TEE_StartPersistentObjectEnumerator(TEE_ObjectEnumHandle objectEnumerator,
					       uint32_t storageID)
{
	TEE_Result r = st(TZV_ST_ENUM_START, enumerator(objectEnumerator)->kernel, storageID, 0, 0);
	return ALLOWED(r, TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_CORRUPT_OBJECT,
		       TEE_ERROR_STORAGE_NOT_AVAILABLE);
}

TEE_Result TEE_GetNextPersistentObject(TEE_ObjectEnumHandle objectEnumerator,
				       TEE_ObjectInfo *objectInfo, void *objectID,
				       size_t *objectIDLen)
{
	struct __TEE_ObjectEnumHandle *e = enumerator(objectEnumerator);
	if (!objectID || !objectIDLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	struct tzv_st_info i;
	uint8_t id[TZV_ST_ID_MAX];
	uint64_t len = 0;
	TEE_Result r =
	    st(TZV_ST_ENUM_NEXT, e->kernel, (uintptr_t)&i, (uintptr_t)id, (uintptr_t)&len);
	if (r != TEE_SUCCESS)
		return ALLOWED(r, TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_CORRUPT_OBJECT,
			       TEE_ERROR_STORAGE_NOT_AVAILABLE);
	TEE_MemMove(objectID, id, (size_t)len);
	*objectIDLen = (size_t)len;
	if (objectInfo) {
		TEE_MemFill(objectInfo, 0, sizeof(*objectInfo));
		objectInfo->objectType = i.type;
		objectInfo->objectSize = i.obj_size;
		objectInfo->maxObjectSize = i.max_size;
		objectInfo->objectUsage = i.usage;
		objectInfo->dataSize = (size_t)i.data_size;
		objectInfo->handleFlags = TEE_HANDLE_FLAG_PERSISTENT | TEE_HANDLE_FLAG_INITIALIZED;
	}
	return TEE_SUCCESS;
}
