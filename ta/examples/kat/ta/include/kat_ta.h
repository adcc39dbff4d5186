/* The known-answer crypto TA (2 KiB stack): UUID and commands, shared with its client. */
#ifndef TA_KAT_H
#define TA_KAT_H

/* 3a79bc88-c90b-4834-99f9-a6ee7ade2e16 */
#define TA_KAT_UUID                                                                                \
	{                                                                                          \
		0x3a79bc88, 0xc90b, 0x4834,                                                        \
		{                                                                                  \
			0x99, 0xf9, 0xa6, 0xee, 0x7a, 0xde, 0x2e, 0x16                             \
		}                                                                                  \
	}

/*
 * Every command: params[0] VALUE_INPUT .a = GP algorithm, .b = what the command
 * says; params[1], params[2] MEMREF_INPUT; params[3] MEMREF_OUTPUT.
 */
/*
 * .b = output bytes of SHAKE (0 for the others); in: p2 message. out: digest (the
 * operation copied half-way, both copies must agree, and TEE_DigestExtract in two
 * pieces must give the same bytes)
 */
#define TA_KAT_CMD_DIGEST 0
/* .b TEE_MODE_*; p1 key (XTS: key1 | key2), p2 IV | data (no IV for ECB). out: result */
#define TA_KAT_CMD_CIPHER 1
/* p1 key, p2 message. out: MAC (also checked with TEE_MACCompareFinal) */
#define TA_KAT_CMD_MAC 2
/* .b = nonce bytes | AAD bytes << 8 | tag bits << 16; p1 key, p2 nonce | AAD | plaintext.
 * out: ciphertext | tag (decrypted again inside; a mismatch answers TEE_ERROR_MAC_INVALID) */
#define TA_KAT_CMD_AE 3
/*
 * TEE_DeriveKey. ECDH (.b curve): p1 d | x | y, p2 peer x | y. X25519: p1 private | public,
 * p2 peer public. HKDF (.b salt bytes | output bytes << 16): p1 IKM, p2 salt | info.
 * PBKDF2 (.b iterations | output bytes << 16): p1 password, p2 salt. Concat KDF (.b output
 * bytes << 16): p1 Z, p2 OtherInfo. out: the derived secret.
 */
#define TA_KAT_CMD_DERIVE 4
/* Key generation and round trips inside the TA; out: value .a checks passed, .b first
 * failed (0 none). params[0] VALUE_OUTPUT. */
#define TA_KAT_CMD_SELFTEST 5
/* Attack: .a out = a digest operation's handle (params[0] VALUE_OUTPUT) */
#define TA_KAT_CMD_ALLOC_OP 6
/* Attack: uses the operation handle .a (params[0] VALUE_INPUT) */
#define TA_KAT_CMD_USE_OP 7
/* Attack: .a out = an AES key object's kernel handle (params[0] VALUE_OUTPUT) */
#define TA_KAT_CMD_ALLOC_OBJ 8
/* Attack: uses the key object with kernel handle .a (params[0] VALUE_INPUT) */
#define TA_KAT_CMD_USE_OBJ 9
/*
 * DSA (.a TEE_ALG_DSA_*, .b = bytes of q): p1 p | q | g | y (p, g, y as long as each other),
 * p2 digest | signature (r | s). out: 1 byte, 1 when the signature verifies, a changed
 * one does not, and a key the TA generates in the same domain signs and verifies.
 */
#define TA_KAT_CMD_DSA 10
/*
 * Ed25519 (.b = TEE_ATTR_EDDSA_PREHASH's value | context bytes << 8): p1 private | public,
 * p2 context | message. out: the signature, which also verifies with the public key
 * alone, while a changed one does not (else TEE_ERROR_SIGNATURE_INVALID); a key pair the
 * TA generates signs and verifies the message too (else TEE_ERROR_GENERIC).
 */
#define TA_KAT_CMD_EDDSA 11
/*
 * SM2 key exchange (TEE_ALG_SM2_KEP; .b 0: we are the initiator, 1: the responder), the
 * IDs GM/T 0003.5's "1234567812345678": p1 our d | x | y | ephemeral r | x | y, p2 the
 * peer's x | y | ephemeral x | y [| its confirmation value, checked]. out: the 16-byte key
 * | our confirmation value.
 */
#define TA_KAT_CMD_SM2_KEP 12

#endif
