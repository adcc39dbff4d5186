/* The digest example TA: UUID and commands, shared with its client. */
#ifndef TA_DIGEST_H
#define TA_DIGEST_H

/* 6b1e9a2f-0c3d-4e7a-9f58-2d4c6e8a1b35 */
#define TA_DIGEST_UUID \
	{ 0x6b1e9a2f, 0x0c3d, 0x4e7a, { 0x9f, 0x58, 0x2d, 0x4c, 0x6e, 0x8a, 0x1b, 0x35 } }

/* params[0] VALUE_INPUT .a = TEE_ALG_SHA1 or TEE_ALG_SHA256 (0x50000002 / 0x50000004),
 * params[1] MEMREF_INPUT message, params[2] MEMREF_OUTPUT digest */
#define TA_DIGEST_CMD_HASH 0
/* params[0] MEMREF_INPUT key, params[1] MEMREF_INPUT message, params[2] MEMREF_OUTPUT
 * HMAC-SHA256 */
#define TA_DIGEST_CMD_HMAC_SHA256 1
/* as HMAC_SHA256, but params[2] MEMREF_INPUT: the MAC to check (TEE_MACCompareFinal) */
#define TA_DIGEST_CMD_HMAC_SHA256_CHECK 2

#endif
