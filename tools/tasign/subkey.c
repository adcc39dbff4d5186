/* tasign: subkey chains (OP-TEE's SHDR_SUBKEY, include/tzvisor/ta_abi.h); see tasign.h. */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <tzvisor/ta_abi.h>

#include "tasign.h"

#define HASH_LEN 32u

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* One link at buf + off: its length up to the name after it (a chain file ends there). */
static int link_at(const uint8_t *buf, size_t len, size_t off, size_t *link_len,
		   uint32_t *name_size, uint32_t *max_depth, uint8_t uuid[16])
{
	if (len - off < TZV_SHDR_SIZE)
		return TASIGN_ERR_TRUNCATED;
	const uint8_t *h = buf + off;
	if (get32(h) != TZV_SHDR_MAGIC)
		return TASIGN_ERR_MAGIC;
	if (get32(h + 4) != TZV_SHDR_SUBKEY)
		return TASIGN_ERR_IMG_TYPE;
	size_t img = get32(h + 8),
	       hdr = TZV_SHDR_SIZE + (size_t)(h[16] | h[17] << 8) + (size_t)(h[18] | h[19] << 8);
	if (img < TZV_SUBKEY_HDR_SIZE || len - off < hdr + img)
		return TASIGN_ERR_TRUNCATED;
	const uint8_t *sk = h + hdr;
	memcpy(uuid, sk, 16);
	*name_size = get32(sk + 16);
	*max_depth = get32(sk + 24);
	*link_len = hdr + img;
	return TASIGN_OK;
}

int tasign_chain_last(const uint8_t *chain, size_t len, uint32_t *name_size, uint32_t *max_depth,
		      uint8_t uuid[16])
{
	size_t off = 0, n;
	for (;;) {
		int err = link_at(chain, len, off, &n, name_size, max_depth, uuid);
		if (err)
			return err;
		off += n;
		if (off == len) /* the file ends before the last link's name */
			return TASIGN_OK;
		if (len - off < *name_size)
			return TASIGN_ERR_TRUNCATED;
		off += *name_size;
	}
}

int tasign_chain_prefix(const uint8_t *chain, size_t len, const char *name, uint8_t **out,
			size_t *out_len)
{
	uint32_t name_size, depth;
	uint8_t uuid[16];
	int err = tasign_chain_last(chain, len, &name_size, &depth, uuid);
	if (err)
		return err;
	size_t nl = name ? strlen(name) : 0;
	if (nl > name_size)
		return TASIGN_ERR_SIZES;
	uint8_t *b = calloc(1, len + name_size);
	if (!b)
		return TASIGN_ERR_INTERNAL;
	memcpy(b, chain, len);
	memcpy(b + len, name, nl);
	*out = b;
	*out_len = len + name_size;
	return TASIGN_OK;
}

int tasign_chain_next_uuid(const uint8_t *chain, size_t len, const char *name, uint8_t uuid[16])
{
	uint32_t name_size, depth;
	uint8_t ns[16], d[64];
	unsigned dn = 0;
	int err = tasign_chain_last(chain, len, &name_size, &depth, ns);
	if (err)
		return err;
	if (!name_size) {
		memcpy(uuid, ns, 16);
		return TASIGN_OK;
	}
	size_t nl = name ? strlen(name) : 0;
	if (nl > name_size)
		return TASIGN_ERR_SIZES;
	/* RFC 4122 version 5 with SHA-512 in place of SHA-1 (OP-TEE's subkey namespaces) */
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c && EVP_DigestInit_ex(c, EVP_sha512(), NULL) && EVP_DigestUpdate(c, ns, 16) &&
		 EVP_DigestUpdate(c, name, nl) && EVP_DigestFinal_ex(c, d, &dn) && dn == 64;
	EVP_MD_CTX_free(c);
	if (!ok)
		return TASIGN_ERR_INTERNAL;
	memcpy(uuid, d, 16);
	uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x50);
	uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);
	return TASIGN_OK;
}

/* shdr of a link (sig_len filled in), hash = SHA-256(shdr | body), signature with key. */
static int sign_link(EVP_PKEY *key, uint32_t algo, uint8_t *link, size_t body_len)
{
	size_t sig_len = (size_t)EVP_PKEY_get_size(key);
	uint8_t *hash = link + TZV_SHDR_SIZE, *sig = hash + HASH_LEN, *body = sig + sig_len;
	put32(link, TZV_SHDR_MAGIC);
	put32(link + 4, TZV_SHDR_SUBKEY);
	put32(link + 8, (uint32_t)body_len);
	put32(link + 12, algo);
	link[16] = (uint8_t)HASH_LEN;
	link[17] = 0;
	link[18] = (uint8_t)sig_len;
	link[19] = (uint8_t)(sig_len >> 8);
	unsigned n = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) &&
		 EVP_DigestUpdate(c, link, TZV_SHDR_SIZE) && EVP_DigestUpdate(c, body, body_len) &&
		 EVP_DigestFinal_ex(c, hash, &n) && n == HASH_LEN;
	EVP_MD_CTX_free(c);
	if (!ok)
		return TASIGN_ERR_INTERNAL;
	return tasign_sign_hash(key, algo, hash, sig, sig_len);
}

int tasign_sign_subkey(EVP_PKEY *signer, EVP_PKEY *pub, const struct tasign_subkey_params *p,
		       const uint8_t *chain, size_t chain_len, const char *name, uint8_t **out,
		       size_t *out_len)
{
	if (EVP_PKEY_get_base_id(signer) != EVP_PKEY_RSA ||
	    EVP_PKEY_get_base_id(pub) != EVP_PKEY_RSA)
		return TASIGN_ERR_KEY;
	if (p->algo != TZV_SHDR_ALGO_RSA_PSS_SHA256 &&
	    p->algo != TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256)
		return TASIGN_ERR_ALGO;
	uint8_t *prefix = NULL;
	size_t prefix_len = 0;
	if (chain) {
		uint32_t ns, depth;
		uint8_t u[16];
		int err = tasign_chain_last(chain, chain_len, &ns, &depth, u);
		if (!err && p->max_depth >= depth)
			err = TASIGN_ERR_SIZES; /* below a subkey only smaller depths */
		if (!err)
			err = tasign_chain_prefix(chain, chain_len, name, &prefix, &prefix_len);
		if (err)
			return err;
	}
	/* the key: modulus and exponent big-endian, as attributes after the header */
	BIGNUM *bn_n = NULL, *bn_e = NULL;
	if (!EVP_PKEY_get_bn_param(pub, OSSL_PKEY_PARAM_RSA_N, &bn_n) ||
	    !EVP_PKEY_get_bn_param(pub, OSSL_PKEY_PARAM_RSA_E, &bn_e)) {
		BN_free(bn_n);
		free(prefix);
		return TASIGN_ERR_KEY;
	}
	size_t nl = (size_t)BN_num_bytes(bn_n), el = (size_t)BN_num_bytes(bn_e);
	size_t attrs = TZV_SUBKEY_HDR_SIZE + 2 * TZV_SUBKEY_ATTR_SIZE;
	size_t body_len = attrs + nl + el, sig_len = (size_t)EVP_PKEY_get_size(signer);
	size_t link_len = TZV_SHDR_SIZE + HASH_LEN + sig_len + body_len;
	uint8_t *b = calloc(1, prefix_len + link_len);
	int err = TASIGN_ERR_INTERNAL;
	if (b) {
		memcpy(b, prefix, prefix_len);
		uint8_t *link = b + prefix_len, *body = link + TZV_SHDR_SIZE + HASH_LEN + sig_len;
		memcpy(body, p->uuid, 16);
		put32(body + 16, p->name_size);
		put32(body + 20, p->version);
		put32(body + 24, p->max_depth);
		put32(body + 28, p->algo);
		put32(body + 32, 2);
		uint8_t *a = body + TZV_SUBKEY_HDR_SIZE;
		put32(a, TZV_SUBKEY_ATTR_RSA_MODULUS);
		put32(a + 4, (uint32_t)attrs);
		put32(a + 8, (uint32_t)nl);
		put32(a + 12, TZV_SUBKEY_ATTR_RSA_PUB_EXP);
		put32(a + 16, (uint32_t)(attrs + nl));
		put32(a + 20, (uint32_t)el);
		BN_bn2bin(bn_n, body + attrs);
		BN_bn2bin(bn_e, body + attrs + nl);
		err = sign_link(signer, p->algo, link, body_len);
	}
	BN_free(bn_n);
	BN_free(bn_e);
	free(prefix);
	if (err) {
		free(b);
		return err;
	}
	*out = b;
	*out_len = prefix_len + link_len;
	return TASIGN_OK;
}

int tasign_resign_root(EVP_PKEY *key, const uint8_t *chain, size_t len, uint8_t **out,
		       size_t *out_len)
{
	size_t n;
	uint32_t name_size, depth;
	uint8_t uuid[16];
	int err = link_at(chain, len, 0, &n, &name_size, &depth, uuid);
	if (err)
		return err;
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
		return TASIGN_ERR_KEY;
	uint32_t algo = get32(chain + 12);
	if (algo != TZV_SHDR_ALGO_RSA_PSS_SHA256 && algo != TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256)
		return TASIGN_ERR_ALGO;
	size_t old_hdr = TZV_SHDR_SIZE + HASH_LEN + (size_t)(chain[18] | chain[19] << 8);
	size_t body_len = get32(chain + 8), sig_len = (size_t)EVP_PKEY_get_size(key);
	size_t new_hdr = TZV_SHDR_SIZE + HASH_LEN + sig_len;
	uint8_t *b = calloc(1, len - old_hdr + new_hdr);
	if (!b)
		return TASIGN_ERR_INTERNAL;
	memcpy(b + new_hdr, chain + old_hdr, len - old_hdr); /* the body, its name, the rest */
	err = sign_link(key, algo, b, body_len);
	if (err) {
		free(b);
		return err;
	}
	*out = b;
	*out_len = len - old_hdr + new_hdr;
	return TASIGN_OK;
}
