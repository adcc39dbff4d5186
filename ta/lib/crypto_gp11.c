/*
 * GP 1.1 source compatibility for the cryptographic and arithmetical functions
 * (the object-information ones are in compat_objinfo.c): OP-TEE's CFG_TA_OPTEE_CORE_API_COMPAT_1_1 maps a
 * TA's calls to __GP11_<name> (uint32_t lengths, GP 1.1's TEE_Attribute and
 * TEE_ObjectInfo), and these turn them into the GP 1.3.1 functions. The
 * dev kit's compatibility header declares them; the layouts here are
 * OP-TEE's __GP11_TEE_Attribute and __GP11_TEE_ObjectInfo on AArch64.
 */
#include <tee_internal_api.h>
#include "crypto.h"



/* GP 1.1 attributes as GP 1.3.1's, on the heap (a TA's stack may be 2 KiB); TEE_Free it. */
static TEE_Attribute *attrs(const __GP11_TEE_Attribute *a, uint32_t n)
{
	if (n && !a)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Attribute *t = TEE_Malloc(n ? n * sizeof(*t) : 1, TEE_MALLOC_FILL_ZERO);
	if (!t)
		TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
	for (uint32_t i = 0; i < n; i++) {
		t[i].attributeID = a[i].attributeID;
		if (a[i].attributeID & TEE_ATTR_FLAG_VALUE) {
			t[i].content.value.a = a[i].content.value.a;
			t[i].content.value.b = a[i].content.value.b;
		} else {
			t[i].content.ref.buffer = a[i].content.ref.buffer;
			t[i].content.ref.length = a[i].content.ref.length;
		}
	}
	return t;
}

/* A uint32_t length through a size_t one: in, call, out. */
#define LEN32(p32, call)                                                                           \
	({                                                                                         \
		if (!(p32))                                                                        \
			TEE_Panic(TEE_ERROR_BAD_PARAMETERS);                                       \
		size_t l_ = *(p32);                                                                \
		TEE_Result r_ = call(&l_);                                                         \
		*(p32) = (uint32_t)l_;                                                             \
		r_;                                                                                \
	})

/* ---- objects ---- */

TEE_Result __GP11_TEE_AllocateTransientObject(TEE_ObjectType objectType, uint32_t maxKeySize,
					      TEE_ObjectHandle *object)
{
	return TEE_AllocateTransientObject(objectType, maxKeySize, object);
}

void __GP11_TEE_InitRefAttribute(__GP11_TEE_Attribute *attr, uint32_t attributeID, const void *buffer,
				 uint32_t length)
{
	if (!attr || (attributeID & TEE_ATTR_FLAG_VALUE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	attr->attributeID = attributeID;
	attr->content.ref.buffer = (void *)(uintptr_t)buffer;
	attr->content.ref.length = length;
}

void __GP11_TEE_InitValueAttribute(__GP11_TEE_Attribute *attr, uint32_t attributeID, uint32_t a,
				   uint32_t b)
{
	if (!attr || !(attributeID & TEE_ATTR_FLAG_VALUE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	attr->attributeID = attributeID;
	attr->content.value.a = a;
	attr->content.value.b = b;
}

TEE_Result __GP11_TEE_PopulateTransientObject(TEE_ObjectHandle object, const __GP11_TEE_Attribute *a,
					      uint32_t n)
{
	TEE_Attribute *t = attrs(a, n);
	TEE_Result r = TEE_PopulateTransientObject(object, t, n);
	TEE_Free(t);
	return r;
}

TEE_Result __GP11_TEE_GenerateKey(TEE_ObjectHandle object, uint32_t keySize,
				  const __GP11_TEE_Attribute *a, uint32_t n)
{
	TEE_Attribute *t = attrs(a, n);
	TEE_Result r = TEE_GenerateKey(object, keySize, t, n);
	TEE_Free(t);
	return r;
}

TEE_Result __GP11_TEE_GetObjectBufferAttribute(TEE_ObjectHandle object, uint32_t attributeID,
					       void *buffer, uint32_t *size)
{
#define CALL(l) TEE_GetObjectBufferAttribute(object, attributeID, buffer, l)
	return LEN32(size, CALL);
#undef CALL
}

/* ---- operations ---- */

void __GP11_TEE_FreeOperation(TEE_OperationHandle operation)
{
	TEE_FreeOperation(operation);
}

TEE_Result __GP11_TEE_GetOperationInfoMultiple(TEE_OperationHandle operation,
					       TEE_OperationInfoMultiple *info, uint32_t *size)
{
#define CALL(l) TEE_GetOperationInfoMultiple(operation, info, l)
	return LEN32(size, CALL);
#undef CALL
}

TEE_Result __GP11_TEE_SetOperationKey(TEE_OperationHandle operation, TEE_ObjectHandle key)
{
	return TEE_SetOperationKey(operation, key);
}

TEE_Result __GP11_TEE_SetOperationKey2(TEE_OperationHandle operation, TEE_ObjectHandle key1,
				       TEE_ObjectHandle key2)
{
	return TEE_SetOperationKey2(operation, key1, key2);
}

void __GP11_TEE_DigestUpdate(TEE_OperationHandle operation, const void *chunk, uint32_t chunkSize)
{
	TEE_DigestUpdate(operation, chunk, chunkSize);
}

TEE_Result __GP11_TEE_DigestDoFinal(TEE_OperationHandle operation, const void *chunk,
				    uint32_t chunkLen, void *hash, uint32_t *hashLen)
{
#define CALL(l) TEE_DigestDoFinal(operation, chunk, chunkLen, hash, l)
	return LEN32(hashLen, CALL);
#undef CALL
}

void __GP11_TEE_CipherInit(TEE_OperationHandle operation, const void *IV, uint32_t IVLen)
{
	TEE_CipherInit(operation, IV, IVLen);
}

TEE_Result __GP11_TEE_CipherUpdate(TEE_OperationHandle operation, const void *srcData,
				   uint32_t srcLen, void *destData, uint32_t *destLen)
{
#define CALL(l) TEE_CipherUpdate(operation, srcData, srcLen, destData, l)
	return LEN32(destLen, CALL);
#undef CALL
}

TEE_Result __GP11_TEE_CipherDoFinal(TEE_OperationHandle operation, const void *srcData,
				    uint32_t srcLen, void *destData, uint32_t *destLen)
{
#define CALL(l) TEE_CipherDoFinal(operation, srcData, srcLen, destData, l)
	return LEN32(destLen, CALL);
#undef CALL
}

void __GP11_TEE_MACInit(TEE_OperationHandle operation, const void *IV, uint32_t IVLen)
{
	TEE_MACInit(operation, IV, IVLen);
}

void __GP11_TEE_MACUpdate(TEE_OperationHandle operation, const void *chunk, uint32_t chunkSize)
{
	TEE_MACUpdate(operation, chunk, chunkSize);
}

TEE_Result __GP11_TEE_MACComputeFinal(TEE_OperationHandle operation, const void *message,
				      uint32_t messageLen, void *mac, uint32_t *macLen)
{
#define CALL(l) TEE_MACComputeFinal(operation, message, messageLen, mac, l)
	return LEN32(macLen, CALL);
#undef CALL
}

TEE_Result __GP11_TEE_MACCompareFinal(TEE_OperationHandle operation, const void *message,
				      uint32_t messageLen, const void *mac, uint32_t macLen)
{
	return TEE_MACCompareFinal(operation, message, messageLen, mac, macLen);
}

TEE_Result __GP11_TEE_AEInit(TEE_OperationHandle operation, const void *nonce, uint32_t nonceLen,
			     uint32_t tagLen, uint32_t AADLen, uint32_t payloadLen)
{
	return TEE_AEInit(operation, nonce, nonceLen, tagLen, AADLen, payloadLen);
}

void __GP11_TEE_AEUpdateAAD(TEE_OperationHandle operation, const void *AADdata, uint32_t AADdataLen)
{
	TEE_AEUpdateAAD(operation, AADdata, AADdataLen);
}

TEE_Result __GP11_TEE_AEUpdate(TEE_OperationHandle operation, const void *srcData, uint32_t srcLen,
			       void *destData, uint32_t *destLen)
{
#define CALL(l) TEE_AEUpdate(operation, srcData, srcLen, destData, l)
	return LEN32(destLen, CALL);
#undef CALL
}

TEE_Result __GP11_TEE_AEEncryptFinal(TEE_OperationHandle operation, const void *srcData,
				     uint32_t srcLen, void *destData, uint32_t *destLen, void *tag,
				     uint32_t *tagLen)
{
	if (!destLen || !tagLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t d = *destLen, t = *tagLen;
	TEE_Result r = TEE_AEEncryptFinal(operation, srcData, srcLen, destData, &d, tag, &t);
	*destLen = (uint32_t)d;
	*tagLen = (uint32_t)t;
	return r;
}

TEE_Result __GP11_TEE_AEDecryptFinal(TEE_OperationHandle operation, const void *srcData,
				     uint32_t srcLen, void *destData, uint32_t *destLen, void *tag,
				     uint32_t tagLen)
{
#define CALL(l) TEE_AEDecryptFinal(operation, srcData, srcLen, destData, l, tag, tagLen)
	return LEN32(destLen, CALL);
#undef CALL
}

typedef TEE_Result (*asym_fn)(TEE_OperationHandle, const TEE_Attribute *, uint32_t, const void *,
			      size_t, void *, size_t *);

static TEE_Result asym(asym_fn f, TEE_OperationHandle op, const __GP11_TEE_Attribute *a, uint32_t n,
		       const void *src, uint32_t src_len, void *dst, uint32_t *dst_len)
{
	if (!dst_len)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Attribute *t = attrs(a, n);
	size_t l = *dst_len;
	TEE_Result r = f(op, t, n, src, src_len, dst, &l);
	*dst_len = (uint32_t)l;
	TEE_Free(t);
	return r;
}

TEE_Result __GP11_TEE_AsymmetricEncrypt(TEE_OperationHandle operation, const __GP11_TEE_Attribute *a,
					uint32_t n, const void *srcData, uint32_t srcLen,
					void *destData, uint32_t *destLen)
{
	return asym(TEE_AsymmetricEncrypt, operation, a, n, srcData, srcLen, destData, destLen);
}

TEE_Result __GP11_TEE_AsymmetricDecrypt(TEE_OperationHandle operation, const __GP11_TEE_Attribute *a,
					uint32_t n, const void *srcData, uint32_t srcLen,
					void *destData, uint32_t *destLen)
{
	return asym(TEE_AsymmetricDecrypt, operation, a, n, srcData, srcLen, destData, destLen);
}

TEE_Result __GP11_TEE_AsymmetricSignDigest(TEE_OperationHandle operation, const __GP11_TEE_Attribute *a,
					   uint32_t n, const void *digest, uint32_t digestLen,
					   void *signature, uint32_t *signatureLen)
{
	return asym(TEE_AsymmetricSignDigest, operation, a, n, digest, digestLen, signature,
		    signatureLen);
}

TEE_Result __GP11_TEE_AsymmetricVerifyDigest(TEE_OperationHandle operation,
					     const __GP11_TEE_Attribute *a, uint32_t n,
					     const void *digest, uint32_t digestLen,
					     const void *signature, uint32_t signatureLen)
{
	TEE_Attribute *t = attrs(a, n);
	TEE_Result r =
	    TEE_AsymmetricVerifyDigest(operation, t, n, digest, digestLen, signature, signatureLen);
	TEE_Free(t);
	return r;
}

void __GP11_TEE_DeriveKey(TEE_OperationHandle operation, const __GP11_TEE_Attribute *a, uint32_t n,
			  TEE_ObjectHandle derivedKey)
{
	TEE_Attribute *t = attrs(a, n);
	TEE_DeriveKey(operation, t, n, derivedKey);
	TEE_Free(t);
}

/* ---- the arithmetical API ---- */

uint32_t __GP11_TEE_BigIntFMMSizeInU32(uint32_t modulusSizeInBits)
{
	return (uint32_t)TEE_BigIntFMMSizeInU32(modulusSizeInBits);
}

uint32_t __GP11_TEE_BigIntFMMContextSizeInU32(uint32_t modulusSizeInBits)
{
	return (uint32_t)TEE_BigIntFMMContextSizeInU32(modulusSizeInBits);
}

void __GP11_TEE_BigIntInitFMMContext(TEE_BigIntFMMContext *context, uint32_t len,
				     const TEE_BigInt *modulus)
{
	TEE_BigIntInitFMMContext(context, len, modulus);
}

void __GP11_TEE_BigIntInitFMM(TEE_BigIntFMM *bigIntFMM, uint32_t len)
{
	TEE_BigIntInitFMM(bigIntFMM, len);
}

void __GP11_TEE_BigIntInit(TEE_BigInt *bigInt, uint32_t len)
{
	TEE_BigIntInit(bigInt, len);
}

TEE_Result __GP11_TEE_BigIntConvertFromOctetString(TEE_BigInt *dest, const uint8_t *buffer,
						   uint32_t bufferLen, int32_t sign)
{
	return TEE_BigIntConvertFromOctetString(dest, buffer, bufferLen, sign);
}

TEE_Result __GP11_TEE_BigIntConvertToOctetString(uint8_t *buffer, uint32_t *bufferLen,
						 const TEE_BigInt *bigInt)
{
#define CALL(l) TEE_BigIntConvertToOctetString(buffer, l, bigInt)
	return LEN32(bufferLen, CALL);
#undef CALL
}

void __GP11_TEE_BigIntShiftRight(TEE_BigInt *dest, const TEE_BigInt *op, uint32_t bits)
{
	TEE_BigIntShiftRight(dest, op, bits);
}
