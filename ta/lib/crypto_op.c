/*
 * GlobalPlatform cryptographic operations: the TEE kernel runs them
 * (tee/crypto_op.c, crypto_asym.c, with Debian's mbedTLS); an operation
 * handle here is the kernel's handle. The kernel checks handles, states and
 * buffers and ends the TA where GP says the call panics; this side checks
 * only what GP's prototypes make the caller's business (NULL output
 * lengths) and turns size_t lengths into the kernel's 64-bit ones.
 */
#include <tee_internal_api.h>
#include "crypto.h"

static uint64_t op_handle(TEE_OperationHandle op)
{
	if (op == TEE_HANDLE_NULL)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return (uint64_t)(uintptr_t)op;
}

static uint32_t key_handle(TEE_ObjectHandle key)
{
	return key == TEE_HANDLE_NULL ? 0 : tzv_obj(key)->kernel;
}

TEE_Result TEE_AllocateOperation(TEE_OperationHandle *operation, uint32_t algorithm, uint32_t mode,
				 uint32_t maxKeySize)
{
	if (!operation)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	*operation = TEE_HANDLE_NULL;
	uint32_t h = 0;
	TEE_Result r = CR(TZV_CR_OP_ALLOC, algorithm, mode, maxKeySize, &h);
	if (r == TEE_SUCCESS)
		*operation = (TEE_OperationHandle)(uintptr_t)h;
	return r;
}

void TEE_FreeOperation(TEE_OperationHandle operation)
{
	if (operation != TEE_HANDLE_NULL)
		CR(TZV_CR_OP_FREE, op_handle(operation));
}

void TEE_GetOperationInfo(TEE_OperationHandle operation, TEE_OperationInfo *operationInfo)
{
	if (!operationInfo)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	CR(TZV_CR_OP_INFO, op_handle(operation), operationInfo);
}

TEE_Result TEE_GetOperationInfoMultiple(TEE_OperationHandle operation,
					TEE_OperationInfoMultiple *operationInfoMultiple,
					size_t *operationSize)
{
	if (!operationInfoMultiple || !operationSize)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	uint64_t n = *operationSize;
	TEE_Result r = CR(TZV_CR_OP_INFO_MULTIPLE, op_handle(operation), operationInfoMultiple, &n);
	*operationSize = (size_t)n;
	return r;
}

void TEE_ResetOperation(TEE_OperationHandle operation)
{
	CR(TZV_CR_OP_RESET, op_handle(operation));
}

TEE_Result TEE_SetOperationKey(TEE_OperationHandle operation, TEE_ObjectHandle key)
{
	return CR(TZV_CR_OP_SET_KEY, op_handle(operation), key_handle(key), 0);
}

TEE_Result TEE_SetOperationKey2(TEE_OperationHandle operation, TEE_ObjectHandle key1,
				TEE_ObjectHandle key2)
{
	return CR(TZV_CR_OP_SET_KEY, op_handle(operation), key_handle(key1), key_handle(key2));
}

void TEE_CopyOperation(TEE_OperationHandle dstOperation, TEE_OperationHandle srcOperation)
{
	CR(TZV_CR_OP_COPY, op_handle(dstOperation), op_handle(srcOperation));
}

TEE_Result TEE_IsAlgorithmSupported(uint32_t algId, uint32_t element)
{
	return CR(TZV_CR_ALG_SUPPORTED, algId, element);
}

/* ---- digests, ciphers, MACs: (handle, src, len[, dst, &len]) ---- */

static TEE_Result data_out(uint64_t call, TEE_OperationHandle op, const void *src, size_t len,
			   void *dst, size_t *dst_len)
{
	if (!dst_len)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	uint64_t n = dst ? *dst_len : 0;
	TEE_Result r = CR(call, op_handle(op), src, len, dst, &n);
	if (r == TEE_SUCCESS || r == TEE_ERROR_SHORT_BUFFER)
		*dst_len = (size_t)n;
	return r;
}

void TEE_DigestUpdate(TEE_OperationHandle operation, const void *chunk, size_t chunkSize)
{
	CR(TZV_CR_DIGEST_UPDATE, op_handle(operation), chunk, chunkSize);
}

TEE_Result TEE_DigestDoFinal(TEE_OperationHandle operation, const void *chunk, size_t chunkLen,
			     void *hash, size_t *hashLen)
{
	return data_out(TZV_CR_DIGEST_FINAL, operation, chunk, chunkLen, hash, hashLen);
}

/*
 * SHAKE gives as many more bytes as asked; a fixed-size digest is finished on the first
 * call and handed out in pieces (the kernel keeps it). No more input after it.
 */
TEE_Result TEE_DigestExtract(TEE_OperationHandle operation, void *hash, size_t *hashLen)
{
	if (!hashLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	uint64_t n = *hashLen;
	TEE_Result r = CR(TZV_CR_DIGEST_EXTRACT, op_handle(operation), hash, &n);
	*hashLen = (size_t)n;
	return r;
}

void TEE_CipherInit(TEE_OperationHandle operation, const void *IV, size_t IVLen)
{
	CR(TZV_CR_CIPHER_INIT, op_handle(operation), IV, IVLen);
}

TEE_Result TEE_CipherUpdate(TEE_OperationHandle operation, const void *srcData, size_t srcLen,
			    void *destData, size_t *destLen)
{
	return data_out(TZV_CR_CIPHER_UPDATE, operation, srcData, srcLen, destData, destLen);
}

TEE_Result TEE_CipherDoFinal(TEE_OperationHandle operation, const void *srcData, size_t srcLen,
			     void *destData, size_t *destLen)
{
	return data_out(TZV_CR_CIPHER_FINAL, operation, srcData, srcLen, destData, destLen);
}

void TEE_MACInit(TEE_OperationHandle operation, const void *IV, size_t IVLen)
{
	CR(TZV_CR_MAC_INIT, op_handle(operation), IV, IVLen);
}

void TEE_MACUpdate(TEE_OperationHandle operation, const void *chunk, size_t chunkSize)
{
	CR(TZV_CR_MAC_UPDATE, op_handle(operation), chunk, chunkSize);
}

TEE_Result TEE_MACComputeFinal(TEE_OperationHandle operation, const void *message,
			       size_t messageLen, void *mac, size_t *macLen)
{
	return data_out(TZV_CR_MAC_FINAL, operation, message, messageLen, mac, macLen);
}

TEE_Result TEE_MACCompareFinal(TEE_OperationHandle operation, const void *message,
			       size_t messageLen, const void *mac, size_t macLen)
{
	uint8_t computed[64];
	size_t n = sizeof(computed);
	TEE_Result r = TEE_MACComputeFinal(operation, message, messageLen, computed, &n);
	if (r != TEE_SUCCESS)
		return r;
	if (!mac && macLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	if (macLen != n || TEE_MemCompare(computed, mac, n) != 0)
		r = TEE_ERROR_MAC_INVALID;
	TEE_MemFill(computed, 0, sizeof(computed));
	return r;
}

/* ---- authenticated encryption ---- */

TEE_Result TEE_AEInit(TEE_OperationHandle operation, const void *nonce, size_t nonceLen,
		      uint32_t tagLen, size_t AADLen, size_t payloadLen)
{
	return CR(TZV_CR_AE_INIT, op_handle(operation), nonce, nonceLen, tagLen, AADLen,
		  payloadLen);
}

void TEE_AEUpdateAAD(TEE_OperationHandle operation, const void *AADdata, size_t AADdataLen)
{
	CR(TZV_CR_AE_UPDATE_AAD, op_handle(operation), AADdata, AADdataLen);
}

TEE_Result TEE_AEUpdate(TEE_OperationHandle operation, const void *srcData, size_t srcLen,
			void *destData, size_t *destLen)
{
	return data_out(TZV_CR_AE_UPDATE, operation, srcData, srcLen, destData, destLen);
}

TEE_Result TEE_AEEncryptFinal(TEE_OperationHandle operation, const void *srcData, size_t srcLen,
			      void *destData, size_t *destLen, void *tag, size_t *tagLen)
{
	if (!destLen || !tagLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	uint64_t n = destData ? *destLen : 0, t = tag ? *tagLen : 0;
	TEE_Result r = CR(TZV_CR_AE_ENCRYPT_FINAL, op_handle(operation), srcData, srcLen, destData,
			  &n, tag, &t);
	if (r == TEE_SUCCESS || r == TEE_ERROR_SHORT_BUFFER) {
		*destLen = (size_t)n;
		*tagLen = (size_t)t;
	}
	return r;
}

TEE_Result TEE_AEDecryptFinal(TEE_OperationHandle operation, const void *srcData, size_t srcLen,
			      void *destData, size_t *destLen, void *tag, size_t tagLen)
{
	if (!destLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	uint64_t n = destData ? *destLen : 0;
	TEE_Result r = CR(TZV_CR_AE_DECRYPT_FINAL, op_handle(operation), srcData, srcLen, destData,
			  &n, tag, tagLen);
	if (r == TEE_SUCCESS || r == TEE_ERROR_SHORT_BUFFER)
		*destLen = (size_t)n;
	return r;
}

/* ---- asymmetric ---- */

static TEE_Result asym(TEE_OperationHandle op, uint32_t what, const TEE_Attribute *params,
		       uint32_t count, const void *src, size_t src_len, void *dst, size_t *dst_len,
		       size_t verify_len)
{
	if (count && !params)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	struct tzv_cr_asym a = {
	    .params = (uintptr_t)params,
	    .param_count = count,
	    .src = (uintptr_t)src,
	    .src_len = src_len,
	    .dst = (uintptr_t)dst,
	    .dst_len = dst_len ? (dst ? *dst_len : 0) : verify_len,
	};
	TEE_Result r = CR(TZV_CR_ASYMMETRIC, op_handle(op), what, &a);
	if (dst_len && (r == TEE_SUCCESS || r == TEE_ERROR_SHORT_BUFFER))
		*dst_len = (size_t)a.dst_len;
	return r;
}

TEE_Result TEE_AsymmetricEncrypt(TEE_OperationHandle operation, const TEE_Attribute *params,
				 uint32_t paramCount, const void *srcData, size_t srcLen,
				 void *destData, size_t *destLen)
{
	if (!destLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return asym(operation, TZV_CR_ASYM_ENCRYPT, params, paramCount, srcData, srcLen, destData,
		    destLen, 0);
}

TEE_Result TEE_AsymmetricDecrypt(TEE_OperationHandle operation, const TEE_Attribute *params,
				 uint32_t paramCount, const void *srcData, size_t srcLen,
				 void *destData, size_t *destLen)
{
	if (!destLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return asym(operation, TZV_CR_ASYM_DECRYPT, params, paramCount, srcData, srcLen, destData,
		    destLen, 0);
}

TEE_Result TEE_AsymmetricSignDigest(TEE_OperationHandle operation, const TEE_Attribute *params,
				    uint32_t paramCount, const void *digest, size_t digestLen,
				    void *signature, size_t *signatureLen)
{
	if (!signatureLen || !digest)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return asym(operation, TZV_CR_ASYM_SIGN, params, paramCount, digest, digestLen, signature,
		    signatureLen, 0);
}

TEE_Result TEE_AsymmetricVerifyDigest(TEE_OperationHandle operation, const TEE_Attribute *params,
				      uint32_t paramCount, const void *digest, size_t digestLen,
				      const void *signature, size_t signatureLen)
{
	if (!digest || (signatureLen && !signature))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return asym(operation, TZV_CR_ASYM_VERIFY, params, paramCount, digest, digestLen,
		    (void *)(uintptr_t)signature, NULL, signatureLen);
}

void TEE_DeriveKey(TEE_OperationHandle operation, const TEE_Attribute *params, uint32_t paramCount,
		   TEE_ObjectHandle derivedKey)
{
	if (paramCount && !params)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	/* GP's prototype is void: an error the kernel answers (SM2 KEP's) is a panic */
	TEE_Result r = CR(TZV_CR_DERIVE_KEY, op_handle(operation), params, paramCount,
			  tzv_obj(derivedKey)->kernel);
	if (r != TEE_SUCCESS)
		TEE_Panic(r);
}
