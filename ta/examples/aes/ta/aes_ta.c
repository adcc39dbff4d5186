/* aes: AES-ECB/CBC/CTR through TEE_Cipher*, AES-GCM through TEE_AE*. */
#include <tee_internal_api.h>

#include <aes_ta.h>

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[4], void **sess_ctx)
{
	(void)param_types;
	(void)params;
	(void)sess_ctx;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	(void)sess_ctx;
}

/* An AES operation of alg/mode with the key in the first key_len bytes of k. */
static TEE_Result setup(uint32_t alg, uint32_t mode, const uint8_t *k, size_t key_len,
			TEE_OperationHandle *op)
{
	TEE_ObjectHandle key = TEE_HANDLE_NULL;
	TEE_Attribute attr;
	uint32_t bits = (uint32_t)key_len * 8;
	TEE_Result res = TEE_AllocateTransientObject(TEE_TYPE_AES, bits, &key);
	if (res != TEE_SUCCESS)
		return res;
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, k, key_len);
	res = TEE_PopulateTransientObject(key, &attr, 1);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateOperation(op, alg, mode, bits);
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(*op, key);
	TEE_FreeTransientObject(key);
	return res;
}

static TEE_Result cipher(TEE_Param p[4])
{
	uint32_t alg = p[0].value.a, mode = p[0].value.b;
	size_t iv_len = alg == TEE_ALG_AES_ECB_NOPAD ? 0 : 16;
	if (p[1].memref.size < iv_len)
		return TEE_ERROR_BAD_PARAMETERS;
	size_t key_len = p[1].memref.size - iv_len;
	const uint8_t *k = p[1].memref.buffer;
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_Result res = setup(alg, mode, k, key_len, &op);
	if (res == TEE_SUCCESS) {
		/* Two calls: Update with an odd-sized first part, then DoFinal with the rest. */
		size_t first = p[2].memref.size / 3, out1 = p[3].memref.size;
		TEE_CipherInit(op, iv_len ? k + key_len : NULL, iv_len);
		res = TEE_CipherUpdate(op, p[2].memref.buffer, first, p[3].memref.buffer, &out1);
		if (res == TEE_SUCCESS) {
			size_t out2 = p[3].memref.size - out1;
			res = TEE_CipherDoFinal(op, (uint8_t *)p[2].memref.buffer + first,
						p[2].memref.size - first,
						(uint8_t *)p[3].memref.buffer + out1, &out2);
			p[3].memref.size = out1 + out2;
		}
	}
	TEE_FreeOperation(op);
	return res;
}

static TEE_Result gcm(TEE_Param p[4])
{
	uint32_t mode = p[0].value.a;
	size_t aad_len = p[0].value.b, tag_len = 16;
	if (p[1].memref.size < 12 + 16 || p[2].memref.size < aad_len ||
	    (mode == TEE_MODE_DECRYPT && p[2].memref.size < aad_len + tag_len))
		return TEE_ERROR_BAD_PARAMETERS;
	size_t key_len = p[1].memref.size - 12;
	const uint8_t *k = p[1].memref.buffer, *in = p[2].memref.buffer;
	size_t data_len = p[2].memref.size - aad_len - (mode == TEE_MODE_DECRYPT ? tag_len : 0);
	size_t need = data_len + (mode == TEE_MODE_ENCRYPT ? tag_len : 0);
	if (p[3].memref.size < need) {
		p[3].memref.size = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_Result res = setup(TEE_ALG_AES_GCM, mode, k, key_len, &op);
	if (res == TEE_SUCCESS)
		res = TEE_AEInit(op, k + key_len, 12, tag_len * 8, aad_len, data_len);
	if (res == TEE_SUCCESS) {
		uint8_t *out = p[3].memref.buffer;
		size_t first = data_len / 2, n1 = p[3].memref.size, n2;
		TEE_AEUpdateAAD(op, in, aad_len);
		res = TEE_AEUpdate(op, in + aad_len, first, out, &n1);
		n2 = p[3].memref.size - n1;
		if (res == TEE_SUCCESS && mode == TEE_MODE_ENCRYPT) {
			size_t t = tag_len;
			res = TEE_AEEncryptFinal(op, in + aad_len + first, data_len - first, out + n1,
						 &n2, out + data_len, &t);
		} else if (res == TEE_SUCCESS) {
			res = TEE_AEDecryptFinal(op, in + aad_len + first, data_len - first, out + n1,
						 &n2, (void *)(in + aad_len + data_len), tag_len);
		}
		p[3].memref.size = need;
	}
	TEE_FreeOperation(op);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	(void)sess_ctx;
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_MEMREF_INPUT,
					   TEE_PARAM_TYPE_MEMREF_INPUT,
					   TEE_PARAM_TYPE_MEMREF_OUTPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	switch (cmd_id) {
	case TA_AES_CMD_CIPHER:
		return cipher(params);
	case TA_AES_CMD_GCM:
		return gcm(params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
