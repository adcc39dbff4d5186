/* tasign library part (see tasign.h); main.c is the command line. */
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tzvisor/ta_abi.h>

#include "tasign.h"

#define HASH_LEN 32u

const char *tasign_strerror(int err)
{
	switch (err) {
	case TASIGN_OK:
		return "ok";
	case TASIGN_ERR_TRUNCATED:
		return "truncated or size mismatch";
	case TASIGN_ERR_MAGIC:
		return "bad magic";
	case TASIGN_ERR_IMG_TYPE:
		return "unsupported image type";
	case TASIGN_ERR_ALGO:
		return "unsupported algorithm";
	case TASIGN_ERR_SIZES:
		return "bad hash or signature size";
	case TASIGN_ERR_SIGNATURE:
		return "signature invalid (corrupted or another key)";
	case TASIGN_ERR_HASH_NOT_SIGNED:
		return "signed hash differs from the header's hash";
	case TASIGN_ERR_HASH:
		return "image hash mismatch";
	case TASIGN_ERR_UUID:
		return "UUID mismatch";
	case TASIGN_ERR_NOT_ELF:
		return "payload is not an AArch64 ELF64 executable or shared library";
	case TASIGN_ERR_KEY:
		return "key unusable";
	default:
		return "internal error";
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int tasign_parse_uuid(const char *s, uint8_t out[16])
{
	int n = 0;
	for (size_t i = 0; s[i]; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -1;
			continue;
		}
		int hi = hexval(s[i]), lo = s[i + 1] ? hexval(s[i + 1]) : -1;
		if (hi < 0 || lo < 0 || n >= 16)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		i++;
	}
	return n == 16 && strlen(s) == 36 ? 0 : -1;
}

EVP_PKEY *tasign_keygen(unsigned bits)
{
	return EVP_RSA_gen(bits);
}

EVP_PKEY *tasign_load_key(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	if (!k) {
		rewind(f);
		k = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	}
	fclose(f);
	return k;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* SHA-256 over shdr (20 bytes) | bootstrap header (20 bytes) | elf. */
static int image_hash(const uint8_t *shdr, const uint8_t *boot, const uint8_t *elf, size_t len,
		      uint8_t out[HASH_LEN])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned n = 0;
	int ok = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) &&
		 EVP_DigestUpdate(c, shdr, TZV_SHDR_SIZE) &&
		 EVP_DigestUpdate(c, boot, TZV_SHDR_BOOTSTRAP_SIZE) && EVP_DigestUpdate(c, elf, len) &&
		 EVP_DigestFinal_ex(c, out, &n) && n == HASH_LEN;
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

static int set_padding(EVP_PKEY_CTX *c, uint32_t algo)
{
	if (EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()) <= 0)
		return -1;
	if (algo == TZV_SHDR_ALGO_RSA_PSS_SHA256)
		return EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PSS_PADDING) > 0 &&
			       EVP_PKEY_CTX_set_rsa_pss_saltlen(c, RSA_PSS_SALTLEN_DIGEST) > 0 &&
			       EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()) > 0
		       ? 0
		       : -1;
	return EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) > 0 ? 0 : -1;
}

int tasign_sign_hash(EVP_PKEY *key, uint32_t algo, const uint8_t hash[32], uint8_t *sig,
		     size_t sig_len)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(key, NULL);
	size_t n = sig_len;
	int ok = c && EVP_PKEY_sign_init(c) > 0 && set_padding(c, algo) == 0 &&
		 EVP_PKEY_sign(c, sig, &n, hash, HASH_LEN) > 0 && n == sig_len;
	EVP_PKEY_CTX_free(c);
	return ok ? TASIGN_OK : TASIGN_ERR_KEY;
}

int tasign_sign(EVP_PKEY *key, const uint8_t uuid[16], uint32_t ta_version, uint32_t algo,
		const uint8_t *elf, size_t elf_len, uint8_t **out, size_t *out_len)
{
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
		return TASIGN_ERR_KEY;
	if (algo != TZV_SHDR_ALGO_RSA_PSS_SHA256 && algo != TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256)
		return TASIGN_ERR_ALGO;
	if (elf_len > UINT32_MAX)
		return TASIGN_ERR_TRUNCATED;
	size_t sig_len = (size_t)EVP_PKEY_get_size(key);
	size_t total = TZV_SHDR_SIZE + HASH_LEN + sig_len + TZV_SHDR_BOOTSTRAP_SIZE + elf_len;
	uint8_t *b = calloc(1, total);
	if (!b)
		return TASIGN_ERR_INTERNAL;
	uint8_t *shdr = b, *hash = b + TZV_SHDR_SIZE, *sig = hash + HASH_LEN;
	uint8_t *boot = sig + sig_len;
	put32(shdr, TZV_SHDR_MAGIC);
	put32(shdr + 4, TZV_SHDR_BOOTSTRAP_TA);
	put32(shdr + 8, (uint32_t)elf_len);
	put32(shdr + 12, algo);
	shdr[16] = (uint8_t)HASH_LEN;
	shdr[17] = 0;
	shdr[18] = (uint8_t)sig_len;
	shdr[19] = (uint8_t)(sig_len >> 8);
	memcpy(boot, uuid, 16);
	put32(boot + 16, ta_version);
	memcpy(boot + TZV_SHDR_BOOTSTRAP_SIZE, elf, elf_len);
	int err = TASIGN_ERR_INTERNAL;
	if (image_hash(shdr, boot, elf, elf_len, hash) == 0)
		err = tasign_sign_hash(key, algo, hash, sig, sig_len);
	if (err) {
		free(b);
		return err;
	}
	*out = b;
	*out_len = total;
	return TASIGN_OK;
}

/* MGF1 with SHA-256 (RFC 8017 B.2.1): len bytes of mask from a 32-byte seed. */
static int mgf1_sha256(uint8_t *mask, size_t len, const uint8_t seed[HASH_LEN])
{
	uint8_t in[HASH_LEN + 4], out[HASH_LEN];
	memcpy(in, seed, HASH_LEN);
	for (uint32_t counter = 0; len; counter++) {
		unsigned n = 0;
		in[HASH_LEN] = (uint8_t)(counter >> 24);
		in[HASH_LEN + 1] = (uint8_t)(counter >> 16);
		in[HASH_LEN + 2] = (uint8_t)(counter >> 8);
		in[HASH_LEN + 3] = (uint8_t)counter;
		if (!EVP_Digest(in, sizeof(in), out, &n, EVP_sha256(), NULL))
			return -1;
		size_t take = len < HASH_LEN ? len : HASH_LEN;
		memcpy(mask, out, take);
		mask += take;
		len -= take;
	}
	return 0;
}

/*
 * Which of "signature invalid" and "hash not signed" applies: recovers the
 * encoded message with the public key and checks its structure. A well-formed
 * encoding means the signature is genuine for some hash (so the header's hash
 * was altered); anything else means the signature or the key is wrong.
 */
static int classify(EVP_PKEY *key, uint32_t algo, const uint8_t *sig, size_t sig_len,
		    const uint8_t *hash)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(key, NULL);
	uint8_t em[1024];
	size_t n = sizeof(em);
	int err = TASIGN_ERR_SIGNATURE;
	if (!c || EVP_PKEY_verify_recover_init(c) <= 0)
		goto out;
	if (algo == TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256) {
		if (set_padding(c, algo) == 0 && EVP_PKEY_verify_recover(c, em, &n, sig, sig_len) > 0)
			err = (n == HASH_LEN && !memcmp(em, hash, HASH_LEN)) ? TASIGN_OK
									     : TASIGN_ERR_HASH_NOT_SIGNED;
		goto out;
	}
	/* PSS (RFC 8017 9.1.2) with emLen = k (moduli of a whole number of bytes, as RSA-2048). */
	if (EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING) <= 0 ||
	    EVP_PKEY_verify_recover(c, em, &n, sig, sig_len) <= 0 || n != sig_len || n < 2 * HASH_LEN + 2)
		goto out;
	if (em[n - 1] != 0xbc || (em[0] & 0x80))
		goto out;
	size_t db_len = n - HASH_LEN - 1;
	const uint8_t *h = em + db_len;
	uint8_t mask[1024];
	if (mgf1_sha256(mask, db_len, h) != 0)
		goto out;
	for (size_t i = 0; i < db_len; i++)
		em[i] ^= mask[i];
	em[0] &= 0x7f;
	size_t ps = db_len - HASH_LEN - 1;
	for (size_t i = 0; i < ps; i++) {
		if (em[i])
			goto out;
	}
	if (em[ps] != 0x01)
		goto out;
	/* Well-formed: H == SHA-256(0^8 | hash | salt) decides. */
	uint8_t m[8 + 2 * HASH_LEN], h2[HASH_LEN];
	memset(m, 0, 8);
	memcpy(m + 8, hash, HASH_LEN);
	memcpy(m + 8 + HASH_LEN, em + ps + 1, HASH_LEN);
	unsigned hl = 0;
	if (!EVP_Digest(m, sizeof(m), h2, &hl, EVP_sha256(), NULL))
		goto out;
	err = memcmp(h2, h, HASH_LEN) ? TASIGN_ERR_HASH_NOT_SIGNED : TASIGN_OK;
out:
	EVP_PKEY_CTX_free(c);
	return err;
}

static int check_elf(const uint8_t *p, size_t len)
{
	/* ELF64, little-endian, ET_EXEC (a TA) or ET_DYN (a shared TA library), EM_AARCH64 (183).
	 */
	if (len < 64 || memcmp(p, "\177ELF", 4) || p[4] != 2 || p[5] != 1 ||
	    (get16(p + 16) != 2 && get16(p + 16) != 3) || get16(p + 18) != 183)
		return TASIGN_ERR_NOT_ELF;
	return TASIGN_OK;
}

int tasign_verify(EVP_PKEY *key, const uint8_t *uuid, const uint8_t *buf, size_t len,
		  const uint8_t **elf, size_t *elf_len)
{
	if (len < TZV_SHDR_SIZE)
		return TASIGN_ERR_TRUNCATED;
	uint32_t magic = get32(buf), type = get32(buf + 4), img_size = get32(buf + 8);
	uint32_t algo = get32(buf + 12);
	size_t hash_size = get16(buf + 16), sig_size = get16(buf + 18);
	if (magic != TZV_SHDR_MAGIC)
		return TASIGN_ERR_MAGIC;
	if (type != TZV_SHDR_BOOTSTRAP_TA)
		return TASIGN_ERR_IMG_TYPE;
	if (algo != TZV_SHDR_ALGO_RSA_PSS_SHA256 && algo != TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256)
		return TASIGN_ERR_ALGO;
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
		return TASIGN_ERR_KEY;
	if (hash_size != HASH_LEN || sig_size != (size_t)EVP_PKEY_get_size(key))
		return TASIGN_ERR_SIZES;
	size_t off_boot = TZV_SHDR_SIZE + hash_size + sig_size;
	size_t off_elf = off_boot + TZV_SHDR_BOOTSTRAP_SIZE;
	if (len < off_elf || len - off_elf != img_size)
		return TASIGN_ERR_TRUNCATED;
	const uint8_t *hash = buf + TZV_SHDR_SIZE, *sig = hash + hash_size, *boot = buf + off_boot;

	/* 1. The signature must be of the header's hash, with this key. */
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(key, NULL);
	int ok = c && EVP_PKEY_verify_init(c) > 0 && set_padding(c, algo) == 0 &&
		 EVP_PKEY_verify(c, sig, sig_size, hash, hash_size) == 1;
	EVP_PKEY_CTX_free(c);
	if (!ok) {
		int why = classify(key, algo, sig, sig_size, hash);
		return why == TASIGN_OK ? TASIGN_ERR_SIGNATURE : why;
	}
	/* 2. The header's hash must be the hash of what follows. */
	uint8_t h[HASH_LEN];
	if (image_hash(buf, boot, buf + off_elf, img_size, h) != 0)
		return TASIGN_ERR_INTERNAL;
	if (memcmp(h, hash, HASH_LEN))
		return TASIGN_ERR_HASH;
	if (uuid && memcmp(uuid, boot, 16))
		return TASIGN_ERR_UUID;
	int e = check_elf(buf + off_elf, img_size);
	if (e)
		return e;
	if (elf) {
		*elf = buf + off_elf;
		*elf_len = img_size;
	}
	return TASIGN_OK;
}

int tasign_export_c(EVP_PKEY *key, FILE *f)
{
	BIGNUM *n = NULL, *e = NULL;
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA ||
	    !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e) || BN_num_bytes(e) > 4) {
		BN_free(n);
		BN_free(e);
		return TASIGN_ERR_KEY;
	}
	int len = BN_num_bytes(n);
	uint8_t *mod = malloc((size_t)len);
	if (!mod) {
		BN_free(n);
		BN_free(e);
		return TASIGN_ERR_INTERNAL;
	}
	BN_bn2bin(n, mod);
	fprintf(f, "/* Generated by tools/tasign (tasign export): the public key TAs are signed with. */\n");
	fprintf(f, "#include <stdint.h>\n\n");
	fprintf(f, "const uint32_t ta_pubkey_exponent = 0x%lx;\n", (unsigned long)BN_get_word(e));
	fprintf(f, "const uint32_t ta_pubkey_modulus_size = %d;\n", len);
	fprintf(f, "/* RSA modulus, big-endian */\nconst uint8_t ta_pubkey_modulus[%d] = {", len);
	for (int i = 0; i < len; i++)
		fprintf(f, "%s0x%02x,", i % 12 ? " " : "\n\t", mod[i]);
	fprintf(f, "\n};\n");
	free(mod);
	BN_free(n);
	BN_free(e);
	return ferror(f) ? TASIGN_ERR_INTERNAL : TASIGN_OK;
}
