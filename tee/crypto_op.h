/* An operation's state, shared by tee/crypto_op.c and tee/crypto_asym.c. */
#ifndef TEE_CRYPTO_OP_H
#define TEE_CRYPTO_OP_H

#include <mbedtls/aes.h>
#include <mbedtls/ccm.h>
#include <mbedtls/cipher.h>
#include <mbedtls/ecp.h>
#include <mbedtls/gcm.h>
#include <mbedtls/md.h>
#include <mbedtls/rsa.h>
#include "crypto.h"

/* The block cipher of an alg_info that is not mbedTLS's: SM4, OpenSSL's (crypto_sym.c). */
#define CR_CIPHER_SM4 0xf4u

/* Bytes an operation keeps for the one-shot modes (AES-XTS, AES-CCM) and AAD. */
#define CR_ACC_MAX 8192u

enum kind {
	K_DIGEST,
	K_HMAC,
	K_CMAC,
	K_CBC_MAC,
	K_CBC_MAC_PKCS5,
	K_ECB,
	K_CBC,
	K_CTR,
	K_CTS,
	K_XTS,
	K_GCM,
	K_CCM,
	K_RSA_V15,
	K_RSA_PSS,
	K_RSAES_V15,
	K_RSA_OAEP,
	K_RSA_NOPAD,
	K_ECDSA,
	K_DH,
	K_ECDH,
	K_X25519,
	K_ED25519,
	K_SM2_DSA,
	K_SM2_PKE,
	K_SM2_KEP,
	K_HKDF,
	K_PBKDF2,
	K_CONCAT_KDF,
	K_DSA
};

/* The digests of libtomcrypt (SHA-3, SHAKE) and OpenSSL (SM3) (crypto_hash.c) */
enum sha3 {
	CR_NO_SHA3,
	CR_SHA3_224,
	CR_SHA3_256,
	CR_SHA3_384,
	CR_SHA3_512,
	CR_SHAKE128,
	CR_SHAKE256,
	CR_SM3
};

struct alg_info {
	uint32_t alg;
	uint8_t kind;	/* enum kind */
	uint8_t cls;	/* TEE_OPERATION_* */
	uint8_t md;	/* mbedtls_md_type_t: digest, HMAC, or the hash of a signature/OAEP/KDF */
	uint8_t cipher; /* mbedtls_cipher_id_t of the block modes */
	uint32_t key_type;
	uint8_t sha3; /* enum sha3: a digest or HMAC not of mbedTLS's (md unused) */
};

struct cr_op {
	const void *owner;
	const struct alg_info *a;
	uint32_t mode, max_key, key_size, usage, state, digest_len;
	bool active;		 /* TEE_OPERATION_STATE_ACTIVE */
	struct cr_obj key, key2; /* the operation's own copies (not in the object table) */
	const mbedtls_md_info_t *md_info;
	bool md_ready, cipher_ready, gcm_ready, xts_ready, asym_ready;
	mbedtls_md_context_t md;
	void *ltc;	 /* libtomcrypt's hmac_state (SHA-3 digests, SHAKE, their HMACs) */
	bool extracting; /* TEE_DigestExtract began: a fixed-size digest waits in xbuf */
	uint8_t xoff;	 /* what of xbuf was extracted */
	uint8_t xbuf[64];
	mbedtls_cipher_context_t cipher; /* raw blocks (ECB), or CMAC */
	uint8_t block;			 /* its block size */
	bool sm4_decrypt;		 /* SM4: the raw block decrypts */
	uint32_t sm4_rk[32];		 /* SM4: the round keys (OpenSSL's SM4_KEY) */
	mbedtls_gcm_context gcm;
	mbedtls_aes_xts_context xts;
	uint8_t iv[16];	     /* CBC chaining value, CTR counter, CBC-MAC state, XTS tweak */
	uint8_t pending[32]; /* input short of a block (CTS: up to two blocks) */
	size_t pending_len;
	uint8_t stream[16]; /* CTR key stream */
	size_t stream_off;
	uint8_t *acc; /* XTS and CCM input, kept for the final call */
	size_t acc_len, acc_cap;
	uint8_t *aad;
	size_t aad_len;
	uint8_t nonce[64];
	size_t nonce_len, tag_len;
	uint64_t payload_len, aad_expected; /* CCM */
	bool ae_started;
	/* asymmetric */
	mbedtls_rsa_context rsa;
	mbedtls_ecp_keypair ec;
};

/* crypto_hash.c: the digest or HMAC of op's algorithm (mbedTLS or libtomcrypt). */
bool cr_hash_xof(const struct cr_op *op);
size_t cr_hash_size(const struct alg_info *a); /* 0: extendable output */
uint32_t cr_hash_alloc(struct cr_op *op);      /* a digest starts too */
void cr_hash_free(struct cr_op *op);
void cr_hash_restart(struct cr_op *op);
uint32_t cr_hash_update(struct cr_op *op, const uint8_t *p, size_t n);
uint32_t cr_hash_finish(struct cr_op *op, uint8_t *out, size_t n); /* n: for SHAKE */
uint32_t cr_hash_squeeze(struct cr_op *op, uint8_t *out, size_t n);
uint32_t cr_hash_clone(struct cr_op *dst, const struct cr_op *src);
uint32_t cr_hmac_start(struct cr_op *op, const uint8_t *key, size_t len);
uint32_t cr_hmac_reset(struct cr_op *op);
uint32_t cr_hmac_update(struct cr_op *op, const uint8_t *p, size_t n);
uint32_t cr_hmac_finish(struct cr_op *op, uint8_t *out);

/* crypto_dsa.c: TEE_AsymmetricSignDigest / VerifyDigest of a DSA operation. */
uint32_t cr_dsa(struct cr_op *op, bool sign, const uint8_t *digest, size_t dlen, uint8_t *sig,
		uint64_t *sig_len);

/* crypto_sm2.c: SM2 signatures of a digest (SM3), SM2 encryption (C1 || C2 || C3). */
uint32_t cr_sm2_dsa(struct cr_op *op, bool sign, const uint8_t *digest, size_t dlen, uint8_t *sig,
		    uint64_t *sig_len);
uint32_t cr_sm2_pke(struct cr_op *op, bool encrypt, const uint8_t *src, size_t len, uint8_t *dst,
		    uint64_t *dst_len);
/* GM/T 0003.3's KDF with SM3: len bytes from z. */
void cr_sm2_kdf(const uint8_t *z, size_t zlen, uint8_t *out, size_t len);
/*
 * crypto_sm2_kep.c: the SM2 key exchange's klen-byte key into key (GP's attributes in
 * params; CONFIRMATION_OUT's buffer is written, crypto_sys.c gives it writable or NULL).
 * SUCCESS or the GP error for libutee's panic.
 */
uint32_t cr_sm2_kep(struct cr_op *op, const struct tzv_cr_attr *params, const void *const *bufs,
		    uint32_t count, uint8_t *key, size_t klen);

/* crypto_eddsa.c: Ed25519 with OpenSSL's curve25519 object (params: CTX, PREHASH). */
uint32_t cr_ed25519(struct cr_op *op, bool sign, const struct tzv_cr_attr *params,
		    const void *const *bufs, uint32_t count, const uint8_t *msg, size_t len,
		    uint8_t *sig, uint64_t *sig_len);

/* crypto_sym.c: SM4's round keys into op, for the block modes (raw blocks in `decrypt`). */
void cr_sm4_setkey(struct cr_op *op, const uint8_t key[16], bool decrypt);

/* The secret value of a secret key object (crypto_op.c). */
const struct cr_attr *cr_secret(const struct cr_obj *k);
/* crypto_asym.c: the key into the mbedTLS context / its release. */
uint32_t cr_asym_load(struct cr_op *op);
void cr_asym_free(struct cr_op *op);

#endif
