/* digest: message digests (in two chunks, to use DigestUpdate) and HMAC-SHA256. */
#include <tee_internal_api.h>

#include <digest_ta.h>

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

static TEE_Result hash(uint32_t alg, TEE_Param *msg, TEE_Param *out)
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	if (alg != TEE_ALG_SHA1 && alg != TEE_ALG_SHA256)
		return TEE_ERROR_NOT_SUPPORTED;
	TEE_Result res = TEE_AllocateOperation(&op, alg, TEE_MODE_DIGEST, 0);
	if (res != TEE_SUCCESS)
		return res;
	size_t half = msg->memref.size / 2;
	TEE_DigestUpdate(op, msg->memref.buffer, half);
	res = TEE_DigestDoFinal(op, (uint8_t *)msg->memref.buffer + half, msg->memref.size - half,
				out->memref.buffer, &out->memref.size);
	TEE_FreeOperation(op);
	return res;
}

static TEE_Result hmac(TEE_Param *key, TEE_Param *msg, TEE_Param *mac, bool check)
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_ObjectHandle k = TEE_HANDLE_NULL;
	TEE_Attribute attr;
	uint32_t bits = (uint32_t)key->memref.size * 8;
	TEE_Result res = TEE_AllocateTransientObject(TEE_TYPE_HMAC_SHA256, bits, &k);
	if (res != TEE_SUCCESS)
		return res;
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, key->memref.buffer, key->memref.size);
	res = TEE_PopulateTransientObject(k, &attr, 1);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateOperation(&op, TEE_ALG_HMAC_SHA256, TEE_MODE_MAC, bits);
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(op, k);
	if (res == TEE_SUCCESS) {
		TEE_MACInit(op, NULL, 0);
		TEE_MACUpdate(op, msg->memref.buffer, msg->memref.size);
		if (check)
			res = TEE_MACCompareFinal(op, NULL, 0, mac->memref.buffer, mac->memref.size);
		else
			res = TEE_MACComputeFinal(op, NULL, 0, mac->memref.buffer, &mac->memref.size);
	}
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(k);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd_id) {
	case TA_DIGEST_CMD_HASH:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
						   TEE_PARAM_TYPE_MEMREF_INPUT,
						   TEE_PARAM_TYPE_MEMREF_OUTPUT, TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return hash(params[0].value.a, &params[1], &params[2]);
	case TA_DIGEST_CMD_HMAC_SHA256:
	case TA_DIGEST_CMD_HMAC_SHA256_CHECK:
		if (param_types !=
		    TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_INPUT,
				    cmd_id == TA_DIGEST_CMD_HMAC_SHA256 ? TEE_PARAM_TYPE_MEMREF_OUTPUT
									: TEE_PARAM_TYPE_MEMREF_INPUT,
				    TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return hmac(&params[0], &params[1], &params[2], cmd_id == TA_DIGEST_CMD_HMAC_SHA256_CHECK);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
