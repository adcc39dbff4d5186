/*
 * Subkey chains (OP-TEE's SHDR_SUBKEY, include/tzvisor/ta_abi.h): a TA may be
 * signed with a subkey that the built-in key signed, directly or through
 * further subkeys. Each link is checked before anything of it is believed:
 * its SHA-256 and its signature with the key above it; then what it says:
 * a max_depth below the one above, a UUID inside the namespace of the one
 * above, an RSA key of at least 2048 bits. Its UUID and version are handed to
 * the caller for the rollback check (tee/ta_load.c). Runs on the private copy
 * of the file only.
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "tee.h"
#include "ta_crypto.h"

#define SUBKEY_ATTRS_MAX 8
#define MODULUS_MIN 256 /* RSA-2048 */
#define MODULUS_MAX 512 /* RSA-4096 */
#define EXPONENT_MAX 8
#define TEE_MAIN_ALGO_RSA 0x30 /* TEE_ALG_GET_MAIN_ALG of the RSA algorithms */

/*
 * The UUID a subkey hands down for name: RFC 4122's name-based UUID (version 5)
 * with SHA-512 in place of SHA-1, as OP-TEE defines it.
 */
static int uuid_v5_sha512(const uint8_t ns[16], const uint8_t *name, uint32_t len, uint8_t out[16])
{
	uint8_t d[64];
	if (ta_crypto_sha512(ns, 16, name, len, d))
		return -1;
	memcpy(out, d, 16);
	out[6] = (uint8_t)((out[6] & 0x0f) | 0x50); /* version 5 */
	out[8] = (uint8_t)((out[8] & 0x3f) | 0x80); /* variant 10 */
	return 0;
}

/* One link at file + off (a header of type SUBKEY); *next_off past it and its name. */
static uint32_t check_link(const uint8_t *file, uint64_t size, uint64_t off, unsigned i,
			   const struct ta_rsa_key *above, uint32_t depth_limit, const uint8_t *ns,
			   struct uta_image *img, struct ta_rsa_key *key, uint8_t next_ns[16],
			   uint32_t *max_depth, uint64_t *next_off)
{
	struct tzv_shdr sh;
	struct tzv_shdr_subkey sk;
	memcpy(&sh, file + off, TZV_SHDR_SIZE);
	if (i == UTA_MAX_SUBKEYS) {
		tee_log("load TA: more than %u subkeys", UTA_MAX_SUBKEYS);
		return TEEC_ERROR_SECURITY;
	}
	if ((sh.algo != TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256 &&
	     sh.algo != TZV_SHDR_ALGO_RSA_PSS_SHA256) ||
	    sh.hash_size != 32) {
		tee_log("load TA: subkey %u: algo 0x%x hash %u not supported", i, sh.algo,
			sh.hash_size);
		return TEEC_ERROR_SECURITY;
	}
	uint64_t hdr = TZV_SHDR_SIZE + 32ull + sh.sig_size;
	if (sh.img_size < TZV_SUBKEY_HDR_SIZE || size - off < hdr + sh.img_size) {
		tee_log("load TA: subkey %u: truncated", i);
		return TEEC_ERROR_SECURITY;
	}
	const uint8_t *hash = file + off + TZV_SHDR_SIZE, *sig = hash + 32;
	const uint8_t *body = file + off + hdr;
	uint8_t calc[32];
	if (ta_crypto_hash(file + off, TZV_SHDR_SIZE, body, sh.img_size, calc) ||
	    memcmp(calc, hash, 32)) {
		tee_log("load TA: subkey %u: SHA-256 does not match its header (tampered)", i);
		return TEEC_ERROR_SECURITY;
	}
	int bad = above->n ? ta_crypto_verify_key(above, sh.algo, hash, sig, sh.sig_size)
			   : ta_crypto_verify(sh.algo, hash, sig, sh.sig_size);
	if (bad) {
		tee_log("load TA: subkey %u: signature does not verify with %s", i,
			above->n ? "the subkey above it" : "the built-in key");
		return TEEC_ERROR_SECURITY;
	}

	/* authentic: now what it says */
	memcpy(&sk, body, sizeof(sk));
	if (sk.max_depth >= depth_limit) {
		tee_log("load TA: subkey %u: max_depth %u, the one above allows below %u", i,
			sk.max_depth, depth_limit);
		return TEEC_ERROR_SECURITY;
	}
	if (ns && memcmp(sk.uuid, ns, 16)) {
		tee_log("load TA: subkey %u: UUID outside the namespace of the subkey above", i);
		return TEEC_ERROR_SECURITY;
	}
	if ((sk.algo & 0xff) != TEE_MAIN_ALGO_RSA || sk.attr_count > SUBKEY_ATTRS_MAX ||
	    TZV_SUBKEY_HDR_SIZE + (uint64_t)sk.attr_count * TZV_SUBKEY_ATTR_SIZE > sh.img_size ||
	    size - off - hdr - sh.img_size < sk.name_size) {
		tee_log("load TA: subkey %u: bad key header (algo 0x%x, %u attributes, name %u)", i,
			sk.algo, sk.attr_count, sk.name_size);
		return TEEC_ERROR_SECURITY;
	}
	memset(key, 0, sizeof(*key));
	for (uint32_t a = 0; a < sk.attr_count; a++) {
		struct tzv_shdr_subkey_attr at;
		memcpy(&at, body + TZV_SUBKEY_HDR_SIZE + a * TZV_SUBKEY_ATTR_SIZE, sizeof(at));
		if (at.offs > sh.img_size || at.size > sh.img_size - at.offs || !at.size) {
			tee_log("load TA: subkey %u: attribute %u outside the key", i, a);
			return TEEC_ERROR_SECURITY;
		}
		const uint8_t *v = body + at.offs;
		uint32_t n = at.size;
		while (n > 1 && !*v) { /* big-endian, OP-TEE's signer may put a zero byte first */
			v++;
			n--;
		}
		if (at.id == TZV_SUBKEY_ATTR_RSA_MODULUS) {
			key->n = v;
			key->n_size = n;
		} else if (at.id == TZV_SUBKEY_ATTR_RSA_PUB_EXP) {
			key->e = v;
			key->e_size = n;
		}
	}
	if (!key->n || !key->e || key->n_size < MODULUS_MIN || key->n_size > MODULUS_MAX ||
	    key->e_size > EXPONENT_MAX) {
		tee_log("load TA: subkey %u: no usable RSA key (modulus %u bytes, exponent %u)", i,
			key->n_size, key->e_size);
		return TEEC_ERROR_SECURITY;
	}

	/* what it signs must be its own UUID, or the one it derives for the name after it */
	const uint8_t *name = body + sh.img_size;
	uint32_t name_len = 0;
	while (name_len < sk.name_size && name[name_len])
		name_len++;
	if (!sk.name_size)
		memcpy(next_ns, sk.uuid, 16);
	else if (uuid_v5_sha512(sk.uuid, name, name_len, next_ns))
		return TEEC_ERROR_SECURITY;
	memcpy(img->subkey[i].uuid, sk.uuid, 16);
	img->subkey[i].version = sk.subkey_version;
	*max_depth = sk.max_depth;
	*next_off = off + hdr + sh.img_size + sk.name_size;
	return TEEC_SUCCESS;
}

uint32_t uta_subkey_chain(const uint8_t *file, uint64_t size, struct uta_image *img,
			  uint64_t *ta_off, struct ta_rsa_key *key, uint8_t ns[16])
{
	uint64_t off = 0;
	uint32_t depth_limit = UINT32_MAX;
	memset(key, 0, sizeof(*key));
	img->nsubkeys = 0;
	while (size - off >= TZV_SHDR_SIZE) {
		struct tzv_shdr sh;
		memcpy(&sh, file + off, TZV_SHDR_SIZE);
		if (sh.magic != TZV_SHDR_MAGIC || sh.img_type != TZV_SHDR_SUBKEY)
			break;
		struct ta_rsa_key below;
		uint8_t next_ns[16];
		uint32_t r =
		    check_link(file, size, off, img->nsubkeys, key, depth_limit,
			       img->nsubkeys ? ns : NULL, img, &below, next_ns, &depth_limit, &off);
		if (r != TEEC_SUCCESS)
			return r;
		*key = below;
		memcpy(ns, next_ns, 16);
		img->nsubkeys++;
	}
	*ta_off = off;
	return TEEC_SUCCESS;
}
