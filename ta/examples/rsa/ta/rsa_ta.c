/* rsa: key generation, signatures and encryption with RSA-2048 and ECDSA P-256. */
#include <tee_internal_api.h>

#include <rsa_ta.h>

struct keys {
	TEE_ObjectHandle rsa;
	TEE_ObjectHandle ec;
};

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
	struct keys *k = TEE_Malloc(sizeof(*k), TEE_MALLOC_FILL_ZERO);
	if (!k)
		return TEE_ERROR_OUT_OF_MEMORY;
	*sess_ctx = k;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	struct keys *k = sess_ctx;
	TEE_FreeTransientObject(k->rsa);
	TEE_FreeTransientObject(k->ec);
	TEE_Free(k);
}

static TEE_Result generate(struct keys *k, bool ecdsa)
{
	TEE_ObjectHandle *o = ecdsa ? &k->ec : &k->rsa;
	TEE_FreeTransientObject(*o);
	*o = TEE_HANDLE_NULL;
	uint32_t bits = ecdsa ? 256 : 2048;
	TEE_Result res = TEE_AllocateTransientObject(ecdsa ? TEE_TYPE_ECDSA_KEYPAIR
							   : TEE_TYPE_RSA_KEYPAIR, bits, o);
	if (res != TEE_SUCCESS)
		return res;
	TEE_Attribute curve;
	TEE_InitValueAttribute(&curve, TEE_ATTR_ECC_CURVE, TEE_ECC_CURVE_NIST_P256, 0);
	res = TEE_GenerateKey(*o, bits, ecdsa ? &curve : NULL, ecdsa ? 1 : 0);
	if (res != TEE_SUCCESS) {
		TEE_FreeTransientObject(*o);
		*o = TEE_HANDLE_NULL;
	}
	return res;
}

static TEE_Result run(struct keys *k, uint32_t cmd, TEE_Param p[4])
{
	uint32_t alg = p[0].value.a;
	bool ecdsa = alg == TEE_ALG_ECDSA_SHA256;
	TEE_ObjectHandle key = ecdsa ? k->ec : k->rsa;
	uint32_t mode = cmd == TA_RSA_CMD_SIGN ? TEE_MODE_SIGN :
			cmd == TA_RSA_CMD_VERIFY ? TEE_MODE_VERIFY :
			cmd == TA_RSA_CMD_ENCRYPT ? TEE_MODE_ENCRYPT : TEE_MODE_DECRYPT;
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	if (key == TEE_HANDLE_NULL)
		return TEE_ERROR_BAD_STATE;
	TEE_Result res = TEE_AllocateOperation(&op, alg, mode, ecdsa ? 256 : 2048);
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(op, key);
	if (res == TEE_SUCCESS) {
		void *in = p[1].memref.buffer, *out = p[2].memref.buffer;
		size_t in_len = p[1].memref.size;
		switch (cmd) {
		case TA_RSA_CMD_SIGN:
			res = TEE_AsymmetricSignDigest(op, NULL, 0, in, in_len, out, &p[2].memref.size);
			break;
		case TA_RSA_CMD_VERIFY:
			res = TEE_AsymmetricVerifyDigest(op, NULL, 0, in, in_len, out, p[2].memref.size);
			break;
		case TA_RSA_CMD_ENCRYPT:
			res = TEE_AsymmetricEncrypt(op, NULL, 0, in, in_len, out, &p[2].memref.size);
			break;
		default:
			res = TEE_AsymmetricDecrypt(op, NULL, 0, in, in_len, out, &p[2].memref.size);
			break;
		}
	}
	TEE_FreeOperation(op);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	struct keys *k = sess_ctx;
	switch (cmd_id) {
	case TA_RSA_CMD_GENERATE:
	case TA_RSA_CMD_GENERATE_ECDSA:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return generate(k, cmd_id == TA_RSA_CMD_GENERATE_ECDSA);
	case TA_RSA_CMD_GET_PUBLIC:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_OUTPUT,
						   TEE_PARAM_TYPE_MEMREF_OUTPUT, TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		if (k->rsa == TEE_HANDLE_NULL)
			return TEE_ERROR_BAD_STATE;
		TEE_Result res = TEE_GetObjectBufferAttribute(k->rsa, TEE_ATTR_RSA_MODULUS,
							      params[0].memref.buffer,
							      &params[0].memref.size);
		if (res == TEE_SUCCESS)
			res = TEE_GetObjectBufferAttribute(k->rsa, TEE_ATTR_RSA_PUBLIC_EXPONENT,
							   params[1].memref.buffer,
							   &params[1].memref.size);
		return res;
	case TA_RSA_CMD_SIGN:
	case TA_RSA_CMD_VERIFY:
	case TA_RSA_CMD_ENCRYPT:
	case TA_RSA_CMD_DECRYPT:
		if (param_types !=
		    TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_MEMREF_INPUT,
				    cmd_id == TA_RSA_CMD_VERIFY ? TEE_PARAM_TYPE_MEMREF_INPUT
								: TEE_PARAM_TYPE_MEMREF_OUTPUT,
				    TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return run(k, cmd_id, params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
