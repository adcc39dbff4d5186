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

/* Verifies a signed TA; uuid may be NULL (any). On success elf and elf_len give the ELF inside buf. */
int tasign_verify(EVP_PKEY *key, const uint8_t *uuid, const uint8_t *buf, size_t len,
		  const uint8_t **elf, size_t *elf_len);

/* Writes the public key as C (modulus big-endian bytes + exponent) to f. */
int tasign_export_c(EVP_PKEY *key, FILE *f);

#endif
