/*
 * Storage example TA: GlobalPlatform persistent objects. PUT/GET/DEL/LIST act
 * on objects named by the client (so the guest's shell can tamper with their
 * files between calls); SELFTEST runs every storage function with its
 * expected results; PUT_PATTERN/CHECK_PATTERN let a test tell exactly which
 * write an object holds after a power cut.
 */
#include <string.h>
#include <tee_internal_api.h>
#include <storage_ta.h>
#include <tzvisor/ta_simd_check.h>
#include <tzvisor/ta_storage_abi.h>

#define RW_FLAGS                                                                                   \
	(TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE | TEE_DATA_FLAG_ACCESS_WRITE_META)
#define BIG 32768

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t types, TEE_Param params[4], void **ctx)
{
	(void)types, (void)params, (void)ctx;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *ctx)
{
	(void)ctx;
}

static TEE_Result put(const void *id, size_t id_len, const void *data, size_t len)
{
	TEE_ObjectHandle o;
	TEE_Result r = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, id, id_len,
						  RW_FLAGS | TEE_DATA_FLAG_OVERWRITE,
						  TEE_HANDLE_NULL, data, len, &o);
	if (r == TEE_SUCCESS)
		TEE_CloseObject(o);
	return r;
}

static TEE_Result get(const void *id, size_t id_len, void *buf, size_t *len)
{
	TEE_ObjectHandle o;
	TEE_ObjectInfo info;
	TEE_Result r =
	    TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, id_len,
				     TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_SHARE_READ, &o);
	if (r != TEE_SUCCESS)
		return r;
	TEE_GetObjectInfo1(o, &info);
	if (info.dataSize > *len) {
		*len = info.dataSize;
		TEE_CloseObject(o);
		return TEE_ERROR_SHORT_BUFFER;
	}
	r = TEE_ReadObjectData(o, buf, *len, len);
	TEE_CloseObject(o);
	return r;
}

static TEE_Result del(const void *id, size_t id_len)
{
	TEE_ObjectHandle o;
	TEE_Result r = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, id_len,
						TEE_DATA_FLAG_ACCESS_WRITE_META, &o);
	if (r != TEE_SUCCESS)
		return r;
	return TEE_CloseAndDeletePersistentObject1(o);
}

/* The ids of the TA's objects; a file that fails its checks is counted in *corrupt and skipped. */
static TEE_Result list(char *out, size_t *len, uint32_t *count, uint32_t *corrupt)
{
	TEE_ObjectEnumHandle e;
	TEE_ObjectInfo info;
	uint8_t id[TEE_OBJECT_ID_MAX_LEN];
	size_t id_len, n = 0;
	*count = *corrupt = 0;
	TEE_Result r = TEE_AllocatePersistentObjectEnumerator(&e);
	if (r != TEE_SUCCESS)
		return r;
	r = TEE_StartPersistentObjectEnumerator(e, TEE_STORAGE_PRIVATE);
	while (r == TEE_SUCCESS) {
		id_len = sizeof(id);
		r = TEE_GetNextPersistentObject(e, &info, id, &id_len);
		if (r == TEE_ERROR_CORRUPT_OBJECT) {
			(*corrupt)++;
			r = TEE_SUCCESS;
			continue;
		}
		if (r != TEE_SUCCESS)
			break;
		if (n + id_len + 1 <= *len) {
			memcpy(out + n, id, id_len);
			out[n + id_len] = '\n';
		}
		n += id_len + 1;
		(*count)++;
	}
	TEE_FreePersistentObjectEnumerator(e);
	if (r == TEE_ERROR_ITEM_NOT_FOUND)
		r = TEE_SUCCESS;
	if (r == TEE_SUCCESS && n > *len)
		r = TEE_ERROR_SHORT_BUFFER;
	*len = n;
	return r;
}

static void pattern(uint8_t *buf, uint32_t n, uint32_t size)
{
	for (uint32_t i = 0; i < size; i++)
		buf[i] = (uint8_t)((n * 31 + i) & 0xff);
	if (size >= 4)
		memcpy(buf, &n, 4);
}

static TEE_Result put_pattern(const void *id, size_t id_len, uint32_t n, uint32_t size)
{
	TEE_ObjectHandle o;
	if (size < 4 || size > BIG)
		return TEE_ERROR_BAD_PARAMETERS;
	uint8_t *buf = TEE_Malloc(size, TEE_MALLOC_NO_FILL);
	if (!buf)
		return TEE_ERROR_OUT_OF_MEMORY;
	pattern(buf, n, size);
	TEE_Result r = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, id_len, RW_FLAGS, &o);
	if (r == TEE_ERROR_ITEM_NOT_FOUND) {
		r = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, id, id_len, RW_FLAGS,
					       TEE_HANDLE_NULL, buf, size, NULL);
	} else if (r == TEE_SUCCESS) {
		r = TEE_WriteObjectData(o, buf, size); /* one write: the whole new content */
		TEE_CloseObject(o);
	}
	TEE_Free(buf);
	return r;
}

static TEE_Result check_pattern(const void *id, size_t id_len, uint32_t *found, uint32_t *size)
{
	size_t len = BIG;
	uint8_t *buf = TEE_Malloc(BIG, TEE_MALLOC_NO_FILL), *want;
	*found = 0xffffffff;
	*size = 0;
	if (!buf)
		return TEE_ERROR_OUT_OF_MEMORY;
	TEE_Result r = get(id, id_len, buf, &len);
	if (r == TEE_SUCCESS && len >= 4 && (want = TEE_Malloc(len, TEE_MALLOC_NO_FILL))) {
		uint32_t n;
		memcpy(&n, buf, 4);
		pattern(want, n, (uint32_t)len);
		if (!memcmp(want, buf, len))
			*found = n;
		TEE_Free(want);
	}
	*size = (uint32_t)len;
	TEE_Free(buf);
	return r;
}

/* ---- the self-test ---- */

static uint32_t step, passed_steps, fail_step;
static TEE_Result fail_res;

#define EXPECT(cond, res)                                                                          \
	do {                                                                                       \
		step++;                                                                            \
		if (!(cond)) {                                                                     \
			if (!fail_step) {                                                          \
				fail_step = step;                                                  \
				fail_res = (res);                                                  \
				EMSG("storage selftest: check %u failed (line %d): 0x%x", step,    \
				     __LINE__, (unsigned)(res));                                   \
			}                                                                          \
		} else {                                                                           \
			passed_steps++;                                                            \
		}                                                                                  \
	} while (0)
#define EXPECT_RES(expr, want)                                                                     \
	do {                                                                                       \
		TEE_Result r_ = (expr);                                                            \
		EXPECT(r_ == (want), r_);                                                          \
	} while (0)

static const char ida[] = "st-a", idb[] = "st-b", idc[] = "st-c", idk[] = "st-key";
#define ID(s) (s), (sizeof(s) - 1)

static void test_basic(void)
{
	TEE_ObjectHandle h = TEE_HANDLE_NULL, h2 = TEE_HANDLE_NULL;
	TEE_ObjectInfo info;
	char buf[16];
	size_t n;

	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID("st-none"),
					    TEE_DATA_FLAG_ACCESS_READ, &h),
		   TEE_ERROR_ITEM_NOT_FOUND);
	EXPECT(h == TEE_HANDLE_NULL, 0);
	EXPECT_RES(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, ID(ida),
					      RW_FLAGS | TEE_DATA_FLAG_OVERWRITE, TEE_HANDLE_NULL,
					      "hello", 5, &h),
		   TEE_SUCCESS);
	/* open elsewhere: neither created again nor overwritten */
	EXPECT_RES(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, ID(ida),
					      RW_FLAGS | TEE_DATA_FLAG_OVERWRITE, TEE_HANDLE_NULL,
					      "x", 1, &h2),
		   TEE_ERROR_ACCESS_CONFLICT);
	TEE_CloseObject(h);
	EXPECT_RES(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, ID(ida), RW_FLAGS,
					      TEE_HANDLE_NULL, "x", 1, &h2),
		   TEE_ERROR_ACCESS_CONFLICT);
	EXPECT_RES(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, ID(ida),
					      RW_FLAGS | TEE_DATA_FLAG_OVERWRITE, TEE_HANDLE_NULL,
					      "hello", 5, &h),
		   TEE_SUCCESS);

	EXPECT_RES(TEE_GetObjectInfo1(h, &info), TEE_SUCCESS);
	EXPECT(info.objectType == TEE_TYPE_DATA && info.dataSize == 5 && info.dataPosition == 0 &&
		   info.handleFlags ==
		       (TEE_HANDLE_FLAG_PERSISTENT | TEE_HANDLE_FLAG_INITIALIZED | RW_FLAGS),
	       info.handleFlags);

	/* reads and seeks */
	EXPECT_RES(TEE_ReadObjectData(h, buf, 3, &n), TEE_SUCCESS);
	EXPECT(n == 3 && !memcmp(buf, "hel", 3), n);
	TEE_GetObjectInfo1(h, &info);
	EXPECT(info.dataPosition == 3, info.dataPosition);
	EXPECT_RES(TEE_SeekObjectData(h, 1, TEE_DATA_SEEK_SET), TEE_SUCCESS);
	EXPECT_RES(TEE_ReadObjectData(h, buf, sizeof(buf), &n), TEE_SUCCESS);
	EXPECT(n == 4 && !memcmp(buf, "ello", 4), n);
	EXPECT_RES(TEE_SeekObjectData(h, -2, TEE_DATA_SEEK_END), TEE_SUCCESS);
	EXPECT_RES(TEE_ReadObjectData(h, buf, sizeof(buf), &n), TEE_SUCCESS);
	EXPECT(n == 2 && !memcmp(buf, "lo", 2), n);
	EXPECT_RES(TEE_SeekObjectData(h, 10, TEE_DATA_SEEK_CUR), TEE_SUCCESS);
	EXPECT_RES(TEE_ReadObjectData(h, buf, sizeof(buf), &n), TEE_SUCCESS);
	EXPECT(n == 0, n);
	EXPECT_RES(TEE_SeekObjectData(h, -100, TEE_DATA_SEEK_CUR), TEE_SUCCESS);
	TEE_GetObjectInfo1(h, &info);
	EXPECT(info.dataPosition == 0, info.dataPosition);
	EXPECT_RES(TEE_SeekObjectData(h, (intmax_t)TEE_DATA_MAX_POSITION + 1, TEE_DATA_SEEK_SET),
		   TEE_ERROR_OVERFLOW);

	/* a write past the end fills the gap with zeros; truncation both ways */
	EXPECT_RES(TEE_SeekObjectData(h, 7, TEE_DATA_SEEK_SET), TEE_SUCCESS);
	EXPECT_RES(TEE_WriteObjectData(h, "XY", 2), TEE_SUCCESS);
	TEE_GetObjectInfo1(h, &info);
	EXPECT(info.dataSize == 9 && info.dataPosition == 9, info.dataSize);
	TEE_SeekObjectData(h, 0, TEE_DATA_SEEK_SET);
	EXPECT_RES(TEE_ReadObjectData(h, buf, sizeof(buf), &n), TEE_SUCCESS);
	EXPECT(n == 9 && !memcmp(buf, "hello\0\0XY", 9), n);
	EXPECT_RES(TEE_TruncateObjectData(h, 4), TEE_SUCCESS);
	EXPECT_RES(TEE_TruncateObjectData(h, 6), TEE_SUCCESS);
	TEE_SeekObjectData(h, 0, TEE_DATA_SEEK_SET);
	EXPECT_RES(TEE_ReadObjectData(h, buf, sizeof(buf), &n), TEE_SUCCESS);
	EXPECT(n == 6 && !memcmp(buf, "hell\0\0", 6), n);
	TEE_CloseObject(h);

	/* the data is on disk: a fresh handle reads it back */
	EXPECT_RES(
	    TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ida), TEE_DATA_FLAG_ACCESS_READ, &h),
	    TEE_SUCCESS);
	EXPECT_RES(TEE_ReadObjectData(h, buf, sizeof(buf), &n), TEE_SUCCESS);
	EXPECT(n == 6 && !memcmp(buf, "hell\0\0", 6), n);
	TEE_CloseObject(h);
}

static void test_sharing(void)
{
	TEE_ObjectHandle h1, h2, h3 = TEE_HANDLE_NULL;
	uint32_t rs = TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_SHARE_READ;
	uint32_t rwss = rs | TEE_DATA_FLAG_ACCESS_WRITE | TEE_DATA_FLAG_SHARE_WRITE;
	char buf[8];
	size_t n;

	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ida), RW_FLAGS, &h1),
		   TEE_SUCCESS);
	EXPECT_RES(
	    TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ida), TEE_DATA_FLAG_ACCESS_READ, &h3),
	    TEE_ERROR_ACCESS_CONFLICT);
	TEE_CloseObject(h1);

	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ida), rs, &h1), TEE_SUCCESS);
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ida), rs, &h2), TEE_SUCCESS);
	/* h1 does not share writing; the newcomer must share reading; write-meta is exclusive */
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ida),
					    TEE_DATA_FLAG_ACCESS_WRITE | TEE_DATA_FLAG_SHARE_READ,
					    &h3),
		   TEE_ERROR_ACCESS_CONFLICT);
	EXPECT_RES(
	    TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ida), TEE_DATA_FLAG_ACCESS_READ, &h3),
	    TEE_ERROR_ACCESS_CONFLICT);
	EXPECT_RES(TEE_OpenPersistentObject(
		       TEE_STORAGE_PRIVATE, ID(ida),
		       TEE_DATA_FLAG_ACCESS_WRITE_META | TEE_DATA_FLAG_SHARE_READ, &h3),
		   TEE_ERROR_ACCESS_CONFLICT);
	TEE_CloseObject(h1);
	TEE_CloseObject(h2);

	/* two writers that share: one sees the other's write */
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ida), rwss, &h1), TEE_SUCCESS);
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ida), rwss, &h2), TEE_SUCCESS);
	EXPECT_RES(TEE_WriteObjectData(h2, "HE", 2), TEE_SUCCESS);
	EXPECT_RES(TEE_ReadObjectData(h1, buf, 4, &n), TEE_SUCCESS);
	EXPECT(n == 4 && !memcmp(buf, "HEll", 4), n);
	TEE_CloseObject(h1);
	TEE_CloseObject(h2);
}

static void test_rename_enum(void)
{
	TEE_ObjectHandle h, h2;
	TEE_ObjectEnumHandle e;
	TEE_ObjectInfo info;
	uint8_t id[TEE_OBJECT_ID_MAX_LEN];
	size_t id_len;

	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ida), RW_FLAGS, &h),
		   TEE_SUCCESS);
	EXPECT_RES(TEE_RenamePersistentObject(h, ID(idb)), TEE_SUCCESS);
	TEE_CloseObject(h);
	EXPECT_RES(
	    TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ida), TEE_DATA_FLAG_ACCESS_READ, &h),
	    TEE_ERROR_ITEM_NOT_FOUND);
	EXPECT_RES(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, ID(idc),
					      RW_FLAGS | TEE_DATA_FLAG_OVERWRITE, TEE_HANDLE_NULL,
					      "c", 1, &h2),
		   TEE_SUCCESS);
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(idb), RW_FLAGS, &h),
		   TEE_SUCCESS);
	EXPECT_RES(TEE_RenamePersistentObject(h, ID(idc)), TEE_ERROR_ACCESS_CONFLICT);
	TEE_CloseObject(h);
	TEE_CloseObject(h2);
	/* the same store under OP-TEE's REE storage id; no RPMB here */
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE_REE, ID(idb),
					    TEE_DATA_FLAG_ACCESS_READ, &h),
		   TEE_SUCCESS);
	TEE_CloseObject(h);
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE_RPMB, ID(idb),
					    TEE_DATA_FLAG_ACCESS_READ, &h),
		   TEE_ERROR_ITEM_NOT_FOUND);

	EXPECT_RES(TEE_AllocatePersistentObjectEnumerator(&e), TEE_SUCCESS);
	EXPECT_RES(TEE_GetNextPersistentObject(e, &info, id, &id_len), TEE_ERROR_ITEM_NOT_FOUND);
	for (int round = 0; round < 2; round++) {
		unsigned seen_b = 0, seen_c = 0, total = 0;
		EXPECT_RES(TEE_StartPersistentObjectEnumerator(e, TEE_STORAGE_PRIVATE),
			   TEE_SUCCESS);
		for (;;) {
			id_len = sizeof(id);
			TEE_Result r = TEE_GetNextPersistentObject(e, &info, id, &id_len);
			if (r == TEE_ERROR_ITEM_NOT_FOUND)
				break;
			if (r == TEE_ERROR_CORRUPT_OBJECT)
				continue; /* a tampered file (the system test leaves some): skipped
					   */
			EXPECT(r == TEE_SUCCESS, r);
			if (r != TEE_SUCCESS)
				break;
			total++;
			if (id_len == 4 && !memcmp(id, idb, 4))
				seen_b += info.dataSize == 6 && info.objectType == TEE_TYPE_DATA;
			if (id_len == 4 && !memcmp(id, idc, 4))
				seen_c += info.dataSize == 1;
		}
		EXPECT(seen_b == 1 && seen_c == 1 && total >= 2, total);
		TEE_ResetPersistentObjectEnumerator(e);
	}
	TEE_FreePersistentObjectEnumerator(e);
}

static void test_key_object(void)
{
	TEE_ObjectHandle key, pkey = TEE_HANDLE_NULL;
	TEE_OperationHandle op1, op2;
	TEE_ObjectInfo info;
	uint8_t in[16] = "sixteen byte msg", out1[16], out2[16], raw1[32], raw2[32];
	size_t n1 = sizeof(out1), n2 = sizeof(out2), l1 = sizeof(raw1), l2 = sizeof(raw2);

	EXPECT_RES(TEE_AllocateTransientObject(TEE_TYPE_AES, 256, &key), TEE_SUCCESS);
	EXPECT_RES(TEE_GenerateKey(key, 256, NULL, 0), TEE_SUCCESS);
	EXPECT_RES(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, ID(idk),
					      RW_FLAGS | TEE_DATA_FLAG_OVERWRITE, key, "meta", 4,
					      NULL),
		   TEE_SUCCESS);
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(idk), TEE_DATA_FLAG_ACCESS_READ,
					    &pkey),
		   TEE_SUCCESS);
	TEE_GetObjectInfo1(pkey, &info);
	EXPECT(info.objectType == TEE_TYPE_AES && info.objectSize == 256 && info.dataSize == 4,
	       info.objectType);
	EXPECT_RES(TEE_GetObjectBufferAttribute(key, TEE_ATTR_SECRET_VALUE, raw1, &l1),
		   TEE_SUCCESS);
	EXPECT_RES(TEE_GetObjectBufferAttribute(pkey, TEE_ATTR_SECRET_VALUE, raw2, &l2),
		   TEE_SUCCESS);
	EXPECT(l1 == 32 && l2 == 32 && !memcmp(raw1, raw2, 32), l2);
	/* the stored key encrypts as the original does */
	TEE_AllocateOperation(&op1, TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, 256);
	TEE_AllocateOperation(&op2, TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, 256);
	EXPECT_RES(TEE_SetOperationKey(op1, key), TEE_SUCCESS);
	EXPECT_RES(TEE_SetOperationKey(op2, pkey), TEE_SUCCESS);
	TEE_CipherInit(op1, NULL, 0);
	TEE_CipherInit(op2, NULL, 0);
	EXPECT_RES(TEE_CipherDoFinal(op1, in, 16, out1, &n1), TEE_SUCCESS);
	EXPECT_RES(TEE_CipherDoFinal(op2, in, 16, out2, &n2), TEE_SUCCESS);
	EXPECT(n1 == 16 && n2 == 16 && !memcmp(out1, out2, 16) && memcmp(out1, in, 16), n2);
	TEE_FreeOperation(op1);
	TEE_FreeOperation(op2);
	TEE_FreeTransientObject(key);
	TEE_CloseObject(pkey);
}

static void test_limits_delete(void)
{
	TEE_ObjectHandle h;
	uint8_t *big = TEE_Malloc(BIG + 1, TEE_MALLOC_FILL_ZERO);
	size_t n;

	EXPECT(big != NULL, 0);
	if (!big)
		return;
	EXPECT_RES(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, ID("st-big"),
					      RW_FLAGS | TEE_DATA_FLAG_OVERWRITE, TEE_HANDLE_NULL,
					      big, BIG, &h),
		   TEE_SUCCESS);
	EXPECT_RES(TEE_WriteObjectData(h, "z", 1), TEE_SUCCESS);
	/* twice as large: the object grows past one block */
	big[0] = 'y';
	EXPECT_RES(TEE_SeekObjectData(h, BIG, TEE_DATA_SEEK_SET), TEE_SUCCESS);
	EXPECT_RES(TEE_WriteObjectData(h, big, BIG), TEE_SUCCESS);
	/* past the kernel's limit per object: no space; past TEE_DATA_MAX_POSITION: overflow */
	EXPECT_RES(TEE_SeekObjectData(h, TZV_ST_DATA_MAX, TEE_DATA_SEEK_SET), TEE_SUCCESS);
	EXPECT_RES(TEE_WriteObjectData(h, "z", 1), TEE_ERROR_STORAGE_NO_SPACE);
	EXPECT_RES(TEE_TruncateObjectData(h, TZV_ST_DATA_MAX + 1), TEE_ERROR_STORAGE_NO_SPACE);
	EXPECT_RES(TEE_SeekObjectData(h, TEE_DATA_MAX_POSITION, TEE_DATA_SEEK_SET), TEE_SUCCESS);
	EXPECT_RES(TEE_WriteObjectData(h, "z", 1), TEE_ERROR_OVERFLOW);
	TEE_CloseObject(h);
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID("st-big"), RW_FLAGS, &h),
		   TEE_SUCCESS);
	EXPECT_RES(TEE_ReadObjectData(h, big, BIG + 1, &n), TEE_SUCCESS);
	EXPECT(n == BIG + 1 && big[0] == 'z' && big[1] == 0 && big[BIG] == 'y', n);
	EXPECT_RES(TEE_ReadObjectData(h, big, BIG + 1, &n), TEE_SUCCESS);
	EXPECT(n == BIG - 1 && big[BIG - 2] == 0, n);
	EXPECT_RES(TEE_CloseAndDeletePersistentObject1(h), TEE_SUCCESS);
	TEE_Free(big);

	static const char *const ids[] = {idb, idc, idk};
	for (unsigned i = 0; i < 3; i++) {
		size_t l = strlen(ids[i]);
		EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ids[i], l,
						    TEE_DATA_FLAG_ACCESS_WRITE_META, &h),
			   TEE_SUCCESS);
		EXPECT_RES(TEE_CloseAndDeletePersistentObject1(h), TEE_SUCCESS);
		EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ids[i], l,
						    TEE_DATA_FLAG_ACCESS_READ, &h),
			   TEE_ERROR_ITEM_NOT_FOUND);
	}
	EXPECT_RES(TEE_CloseAndDeletePersistentObject1(TEE_HANDLE_NULL), TEE_SUCCESS);
}

/*
 * GP 1.3.1: the empty id is an id; renaming onto an existing id is ACCESS_CONFLICT;
 * OVERWRITE replaces a closed object whole; a persistent object's usage restriction is
 * stored with it.
 */
static void test_gp_semantics(void)
{
	TEE_ObjectHandle h = TEE_HANDLE_NULL, h2 = TEE_HANDLE_NULL;
	uint32_t ow = RW_FLAGS | TEE_DATA_FLAG_OVERWRITE;
	TEE_ObjectInfo info;
	char buf[8];
	size_t n;

	EXPECT_RES(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, NULL, 0, ow, TEE_HANDLE_NULL,
					      "empty", 5, &h),
		   TEE_SUCCESS);
	EXPECT_RES(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, ID("st-e"), ow, TEE_HANDLE_NULL,
					      "named", 5, &h2),
		   TEE_SUCCESS);
	EXPECT_RES(TEE_RenamePersistentObject(h2, NULL, 0), TEE_ERROR_ACCESS_CONFLICT);
	EXPECT_RES(TEE_CloseAndDeletePersistentObject1(h), TEE_SUCCESS);
	EXPECT_RES(TEE_RenamePersistentObject(h2, NULL, 0), TEE_SUCCESS);
	TEE_CloseObject(h2);
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID("st-e"),
					    TEE_DATA_FLAG_ACCESS_READ, &h),
		   TEE_ERROR_ITEM_NOT_FOUND);
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, "", 0, RW_FLAGS, &h), TEE_SUCCESS);
	EXPECT_RES(TEE_ReadObjectData(h, buf, sizeof(buf), &n), TEE_SUCCESS);
	EXPECT(n == 5 && !memcmp(buf, "named", 5), n);
	TEE_CloseObject(h);

	EXPECT_RES(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, NULL, 0, RW_FLAGS,
					      TEE_HANDLE_NULL, "new", 3, &h),
		   TEE_ERROR_ACCESS_CONFLICT);
	EXPECT_RES(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, NULL, 0, ow, TEE_HANDLE_NULL,
					      "new", 3, &h),
		   TEE_SUCCESS);
	TEE_GetObjectInfo1(h, &info);
	EXPECT(info.dataSize == 3 && info.objectUsage == 0xffffffff, info.dataSize);
	EXPECT_RES(TEE_RestrictObjectUsage1(h, ~(uint32_t)TEE_USAGE_EXTRACTABLE), TEE_SUCCESS);
	TEE_CloseObject(h);
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, NULL, 0, RW_FLAGS, &h),
		   TEE_SUCCESS);
	TEE_GetObjectInfo1(h, &info);
	EXPECT(info.dataSize == 3 && info.objectUsage == ~(uint32_t)TEE_USAGE_EXTRACTABLE,
	       info.objectUsage);
	EXPECT_RES(TEE_CloseAndDeletePersistentObject1(h), TEE_SUCCESS);
}

/* The kernel's mbedTLS (keys, sealing) during CREATE leaves the TA's V0-V31 as they were. */
static void test_simd_kept(void)
{
	static const char ids[] = "st-simd";
	uint64_t r = 0;
	uint32_t changed = tzv_simd_check_create(0x51d, ID(ids), &r);
	EXPECT_RES((TEE_Result)r, TEE_SUCCESS);
	EXPECT(changed == 0, changed);
	TEE_ObjectHandle h = TEE_HANDLE_NULL;
	EXPECT_RES(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, ID(ids),
					    TEE_DATA_FLAG_ACCESS_WRITE_META, &h),
		   TEE_SUCCESS);
	EXPECT_RES(TEE_CloseAndDeletePersistentObject1(h), TEE_SUCCESS);
}

static TEE_Result selftest(uint32_t *failed, TEE_Result *res, uint32_t *passed)
{
	step = passed_steps = fail_step = 0;
	fail_res = TEE_SUCCESS;
	test_basic();
	test_sharing();
	test_rename_enum();
	test_key_object();
	test_limits_delete();
	test_gp_semantics();
	test_simd_kept();
	*failed = fail_step;
	*res = fail_res;
	*passed = passed_steps;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *ctx, uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	(void)ctx;
	uint32_t t0 = TEE_PARAM_TYPE_GET(types, 0), t1 = TEE_PARAM_TYPE_GET(types, 1);
	bool id_in = t0 == TEE_PARAM_TYPE_MEMREF_INPUT && p[0].memref.size &&
		     p[0].memref.size <= TEE_OBJECT_ID_MAX_LEN;
	/* GP: an object id never lies in the client's shared memory (the TEE ends a TA that
	 * passes one): the id is copied into the TA's own memory first */
	char id[TEE_OBJECT_ID_MAX_LEN];
	size_t id_len = id_in ? p[0].memref.size : 0;
	if (id_in)
		TEE_MemMove(id, p[0].memref.buffer, id_len);

	switch (cmd) {
	case TA_STORAGE_CMD_PUT:
		if (!id_in || t1 != TEE_PARAM_TYPE_MEMREF_INPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		return put(id, id_len, p[1].memref.buffer, p[1].memref.size);
	case TA_STORAGE_CMD_GET:
		if (!id_in || t1 != TEE_PARAM_TYPE_MEMREF_OUTPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		return get(id, id_len, p[1].memref.buffer, &p[1].memref.size);
	case TA_STORAGE_CMD_DEL:
		if (!id_in)
			return TEE_ERROR_BAD_PARAMETERS;
		return del(id, id_len);
	case TA_STORAGE_CMD_LIST:
		if (t0 != TEE_PARAM_TYPE_MEMREF_OUTPUT || t1 != TEE_PARAM_TYPE_VALUE_OUTPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		return list(p[0].memref.buffer, &p[0].memref.size, &p[1].value.a, &p[1].value.b);
	case TA_STORAGE_CMD_SELFTEST:
		if (t0 != TEE_PARAM_TYPE_VALUE_OUTPUT || t1 != TEE_PARAM_TYPE_VALUE_OUTPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		return selftest(&p[0].value.a, &p[0].value.b, &p[1].value.a);
	case TA_STORAGE_CMD_PUT_PATTERN:
		if (!id_in || t1 != TEE_PARAM_TYPE_VALUE_INPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		return put_pattern(id, id_len, p[1].value.a, p[1].value.b);
	case TA_STORAGE_CMD_CHECK_PATTERN:
		if (!id_in || t1 != TEE_PARAM_TYPE_VALUE_OUTPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		return check_pattern(id, id_len, &p[1].value.a, &p[1].value.b);
	case TA_STORAGE_CMD_OPEN_CLIENT_ID: {
		if (!id_in)
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_ObjectHandle h = TEE_HANDLE_NULL;
		TEE_Result r =
		    TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, p[0].memref.buffer,
					     p[0].memref.size, TEE_DATA_FLAG_ACCESS_READ, &h);
		TEE_CloseObject(h);
		return r;
	}
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
