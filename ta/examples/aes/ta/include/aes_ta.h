/* The aes example TA: UUID and commands, shared with its client. */
#ifndef TA_AES_H
#define TA_AES_H

/* 1d7c5b3a-9e2f-4a6b-b8c4-0e5f7a9c2d61 */
#define TA_AES_UUID \
	{ 0x1d7c5b3a, 0x9e2f, 0x4a6b, { 0xb8, 0xc4, 0x0e, 0x5f, 0x7a, 0x9c, 0x2d, 0x61 } }

/*
 * params[0] VALUE_INPUT .a = algorithm (TEE_ALG_AES_CBC_NOPAD 0x10000110, TEE_ALG_AES_CTR
 * 0x10000210, TEE_ALG_AES_ECB_NOPAD 0x10000010), .b = TEE_MODE_ENCRYPT (0) / DECRYPT (1);
 * params[1] MEMREF_INPUT key (16/24/32 bytes) followed by the 16-byte IV (none for ECB);
 * params[2] MEMREF_INPUT data; params[3] MEMREF_OUTPUT result
 */
#define TA_AES_CMD_CIPHER 0
/*
 * AES-GCM with a 128-bit tag: params[0] VALUE_INPUT .a = mode, .b = AAD length (the AAD is at
 * the start of params[2]); params[1] MEMREF_INPUT key then 12-byte nonce;
 * params[2] MEMREF_INPUT AAD | data (| 16-byte tag when decrypting);
 * params[3] MEMREF_OUTPUT data (| tag when encrypting)
 */
#define TA_AES_CMD_GCM 1

#endif
