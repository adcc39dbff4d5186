/*
 * tasign: signs trusted applications in OP-TEE's signed format (bootstrap TA,
 * include/tzvisor/ta_abi.h: struct tzv_shdr) with RSA and SHA-256, verifies
 * them, makes the development key and exports its public half as C.
 */
#ifndef TZV_TASIGN_H
#define TZV_TASIGN_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

enum tasign_err {
	TASIGN_OK = 0,
	TASIGN_ERR_TRUNCATED = 10,  /* shorter than its header says (or longer) */
	TASIGN_ERR_MAGIC,           /* not SHDR_MAGIC */
	TASIGN_ERR_IMG_TYPE,        /* not a bootstrap TA (plain, encrypted, subkey...) */
	TASIGN_ERR_ALGO,            /* algorithm other than RSA PKCS#1 v1.5 / PSS with SHA-256 */
	TASIGN_ERR_SIZES,           /* hash_size != 32 or sig_size != key size */
	TASIGN_ERR_SIGNATURE,       /* signature bytes wrong or made with another key */
	TASIGN_ERR_HASH_NOT_SIGNED, /* a genuine signature, but of another hash: header hash altered */
	TASIGN_ERR_HASH,            /* header, UUID, version or ELF differ from the signed hash */
	TASIGN_ERR_UUID,            /* UUID is not the expected one */
	TASIGN_ERR_NOT_ELF,         /* the payload is not an AArch64 ELF64 executable */
	TASIGN_ERR_KEY,             /* key unusable */
	TASIGN_ERR_INTERNAL,
};

const char *tasign_strerror(int err);

/* Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" into 16 octets (RFC 4122 order); 0 on success. */
int tasign_parse_uuid(const char *s, uint8_t out[16]);

EVP_PKEY *tasign_keygen(unsigned bits);
EVP_PKEY *tasign_load_key(const char *path); /* PEM private or public key */

/* Signs elf into a newly allocated *out (free()). algo: TZV_SHDR_ALGO_*. */
int tasign_sign(EVP_PKEY *key, const uint8_t uuid[16], uint32_t ta_version, uint32_t algo,
		const uint8_t *elf, size_t elf_len, uint8_t **out, size_t *out_len);

/* An RSA signature (algo TZV_SHDR_ALGO_*) of a SHA-256 hash, sig_len bytes (the key's size). */
int tasign_sign_hash(EVP_PKEY *key, uint32_t algo, const uint8_t hash[32], uint8_t *sig,
		     size_t sig_len);

/*
 * Subkeys (tools/tasign/subkey.c, OP-TEE's SHDR_SUBKEY format: include/tzvisor/ta_abi.h).
 * A chain file is what sign-subkey writes: its links, root first.
 */
struct tasign_subkey_params {
	uint8_t uuid[16];
	uint32_t name_size; /* 0: an identity subkey (signs its own UUID) */
	uint32_t version;
	uint32_t max_depth;
	uint32_t algo;      /* the TZV_SHDR_ALGO_* the new link is signed with */
};
/* The last link of chain (no signature checked): its name_size, max_depth and UUID. */
int tasign_chain_last(const uint8_t *chain, size_t len, uint32_t *name_size, uint32_t *max_depth,
		      uint8_t uuid[16]);
/* chain | name padded to the last link's name_size: what precedes a header signed by its key. */
int tasign_chain_prefix(const uint8_t *chain, size_t len, const char *name, uint8_t **out,
			size_t *out_len);
/* The UUID the chain's last subkey hands down for name (itself when its name_size is 0). */
int tasign_chain_next_uuid(const uint8_t *chain, size_t len, const char *name, uint8_t uuid[16]);
/* A new link for pub (a key whose public half is taken) signed with signer, after chain
 * (NULL: signed by a root key). */
int tasign_sign_subkey(EVP_PKEY *signer, EVP_PKEY *pub, const struct tasign_subkey_params *p,
		       const uint8_t *chain, size_t chain_len, const char *name, uint8_t **out,
		       size_t *out_len);
/* The chain with its first link signed again with key (its content unchanged). */
int tasign_resign_root(EVP_PKEY *key, const uint8_t *chain, size_t len, uint8_t **out,
		       size_t *out_len);

/* Verifies a signed TA; uuid may be NULL (any). On success elf and elf_len give the ELF inside buf. */
int tasign_verify(EVP_PKEY *key, const uint8_t *uuid, const uint8_t *buf, size_t len,
		  const uint8_t **elf, size_t *elf_len);

/* Writes the public key as C (modulus big-endian bytes + exponent) to f. */
int tasign_export_c(EVP_PKEY *key, FILE *f);

#endif
