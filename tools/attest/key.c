/* The attestation key on the host (key.h), with OpenSSL 3. */
#include "key.h"
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <string.h>
#include <tzvisor/attest.h>

#define DEVICE_KEY_SALT "tzvisor-device-key-v1"

int device_key_derive_host(const uint8_t secret[32], const char *label, const void *context,
			   size_t context_len, uint8_t out[32])
{
	uint8_t info[256];
	size_t label_len = strlen(label);
	if (label_len + 1 + context_len > sizeof(info))
		return -1;
	memcpy(info, label, label_len);
	info[label_len] = 0;
	if (context_len)
		memcpy(info + label_len + 1, context, context_len);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
	size_t out_len = 32;
	int ok = ctx && EVP_PKEY_derive_init(ctx) > 0 &&
		 EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha256()) > 0 &&
		 EVP_PKEY_CTX_set1_hkdf_salt(ctx, (const unsigned char *)DEVICE_KEY_SALT,
					     (int)strlen(DEVICE_KEY_SALT)) > 0 &&
		 EVP_PKEY_CTX_set1_hkdf_key(ctx, secret, 32) > 0 &&
		 EVP_PKEY_CTX_add1_hkdf_info(ctx, info, (int)(label_len + 1 + context_len)) > 0 &&
		 EVP_PKEY_derive(ctx, out, &out_len) > 0 && out_len == 32;
	EVP_PKEY_CTX_free(ctx);
	return ok ? 0 : -1;
}

EVP_PKEY *attest_key_from_okm(const uint8_t okm[32])
{
	EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	BN_CTX *bn = BN_CTX_new();
	BIGNUM *d = BN_bin2bn(okm, 32, NULL), *n1 = BN_new();
	EC_POINT *q = group ? EC_POINT_new(group) : NULL;
	uint8_t pub[65];
	EVP_PKEY *key = NULL;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;

	int ok =
	    group && bn && d && n1 && q && bld && BN_copy(n1, EC_GROUP_get0_order(group)) &&
	    BN_sub_word(n1, 1) && BN_nnmod(d, d, n1, bn) && BN_add_word(d, 1) &&
	    EC_POINT_mul(group, q, d, NULL, NULL, bn) &&
	    EC_POINT_point2oct(group, q, POINT_CONVERSION_UNCOMPRESSED, pub, sizeof(pub), bn) ==
		sizeof(pub) &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub)) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) &&
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) &&
	    EVP_PKEY_fromdata_init(ctx) > 0 &&
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params) > 0;
	if (!ok) {
		EVP_PKEY_free(key);
		key = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EC_POINT_free(q);
	BN_clear_free(d);
	BN_free(n1);
	BN_CTX_free(bn);
	EC_GROUP_free(group);
	return key;
}

EVP_PKEY *attest_key_from_secret(const uint8_t secret[32])
{
	uint8_t okm[32];
	if (device_key_derive_host(secret, TZV_KEY_LABEL_ATTESTATION, NULL, 0, okm))
		return NULL;
	EVP_PKEY *key = attest_key_from_okm(okm);
	memset(okm, 0, sizeof(okm));
	return key;
}

int attest_key_public_point(EVP_PKEY *key, uint8_t out[65])
{
	size_t len = 0;
	if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, out, 65, &len) <= 0 ||
	    len != 65)
		return -1;
	return 0;
}

EVP_PKEY *attest_key_read_pem(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		return NULL;
	}
	EVP_PKEY *key = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!key)
		fprintf(stderr, "%s: not a PEM public key\n", path);
	return key;
}
