/*
 * libutee (ta/lib) on the host with the kernel's crypto: the algorithms of
 * Debian's OpenSSL objects and of GM/T 0003 on mbedTLS (tee/crypto_eddsa.c,
 * crypto_sm2.c, SM4 in crypto_sym.c) against known answers: RFC 8032, GB/T
 * 32907, and an SM2 key, signature and ciphertext made by OpenSSL 3.0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "wipe_watch.h"
#include <tee_internal_api.h>

#include "../../ta/lib/utee.h"
#include "ta_host_stubs.h"
#include "utee_checks.h"

/*
 * SM2 (GM/T 0003): a key, a signature and a ciphertext made by OpenSSL 3.0 (openssl genpkey
 * ec_paramgen_curve:SM2; pkeyutl -sign -rawin -digest sm3 of "tzvisor known answers", e =
 * SM3(Z_A || M) with pkeyutl's default, an empty ID; pkeyutl -encrypt, its DER turned into
 * C1 || C2 || C3), then generated keys both ways.
 */
#define SM2_D "dc60b7d306ceb92a628f8d8aabbdfd449fda4f8ee54db2c694b349193f6fb0df"
#define SM2_X "6d7cd11ee19b98dfa721f062fc43e2774550c665c5cb85761718c4d314860e81"
#define SM2_Y "7728f2d410fa4cfdcb9b5f1fcae4e399fcdea5445df42b812a51f02e94617be7"
#define SM2_E "c117ef7c0a13176cbc2d6394c5861f57d2875ca61773c5dea6a261664b3fb3d6"
#define SM2_SIG                                                                                    \
	"86ded13114e6e321a72bcf1755a21c2b7477b1be1b27e182aa2a0a9fa29b0515"                         \
	"0e4fd53cfee6eb5f27cfddcf75dd17e563facea6fb1d0922bfdd06b3654b8778"
#define SM2_CT                                                                                     \
	"0497f46d732635304af42a192abaa99100840e185aea4b4833b9095473ccfd6f2c"                       \
	"dd3d54617b6130447c5332a74794188e9fda38c6f4be1d7bbe53c152175c64df"                         \
	"ca2c33f69857f60226e46d6f58e63b18bb9ff5059b"                                               \
	"231042b5c53e46796900350596fffb9e445bf73a297fe80cef0bd9ecf38f68eb"
#define SM2_MSG "tzvisor known answers"

static TEE_ObjectHandle sm2_key(uint32_t type, bool private)
{
	static uint8_t v[3][32];
	TEE_Attribute a[3]; /* no curve attribute: the type says it, as in OP-TEE */
	TEE_ObjectHandle o;
	TEE_InitRefAttribute(&a[0], TEE_ATTR_ECC_PUBLIC_VALUE_X, v[0], unhex(SM2_X, v[0]));
	TEE_InitRefAttribute(&a[1], TEE_ATTR_ECC_PUBLIC_VALUE_Y, v[1], unhex(SM2_Y, v[1]));
	TEE_InitRefAttribute(&a[2], TEE_ATTR_ECC_PRIVATE_VALUE, v[2], unhex(SM2_D, v[2]));
	assert_int_equal(TEE_AllocateTransientObject(type, 256, &o), TEE_SUCCESS);
	assert_int_equal(TEE_PopulateTransientObject(o, a, private ? 3 : 2), TEE_SUCCESS);
	return o;
}

static void test_sm2_dsa(void **state)
{
	(void)state;
	uint8_t e[32], sig[64];
	TEE_OperationHandle v;
	assert_int_equal(TEE_IsAlgorithmSupported(TEE_ALG_SM2_DSA_SM3, TEE_ECC_CURVE_SM2),
			 TEE_SUCCESS);
	TEE_ObjectHandle pub = sm2_key(TEE_TYPE_SM2_DSA_PUBLIC_KEY, false);
	assert_int_equal(TEE_AllocateOperation(&v, TEE_ALG_SM2_DSA_SM3, TEE_MODE_VERIFY, 256),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(v, pub), TEE_SUCCESS);
	unhex(SM2_E, e);
	unhex(SM2_SIG, sig);
	assert_int_equal(TEE_AsymmetricVerifyDigest(v, NULL, 0, e, 32, sig, 64), TEE_SUCCESS);
	sig[40] ^= 1;
	assert_int_equal(TEE_AsymmetricVerifyDigest(v, NULL, 0, e, 32, sig, 64),
			 TEE_ERROR_SIGNATURE_INVALID);
	TEE_FreeOperation(v);
	TEE_FreeTransientObject(pub);
	TEE_ObjectHandle kp = sm2_key(TEE_TYPE_SM2_DSA_KEYPAIR, true);
	sign_round_trip(kp, TEE_ALG_SM2_DSA_SM3, 256);
	TEE_FreeTransientObject(kp);
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_SM2_DSA_KEYPAIR, 256, &kp),
			 TEE_SUCCESS);
	assert_int_equal(TEE_GenerateKey(kp, 256, NULL, 0), TEE_SUCCESS);
	sign_round_trip(kp, TEE_ALG_SM2_DSA_SM3, 256);
	TEE_FreeTransientObject(kp);
}

/* The known key pair, a decryption and an encryption with it. */
static TEE_ObjectHandle sm2_pke_ops(TEE_OperationHandle *d, TEE_OperationHandle *e)
{
	TEE_ObjectHandle kp = sm2_key(TEE_TYPE_SM2_PKE_KEYPAIR, true);
	assert_int_equal(TEE_AllocateOperation(d, TEE_ALG_SM2_PKE, TEE_MODE_DECRYPT, 256),
			 TEE_SUCCESS);
	assert_int_equal(TEE_AllocateOperation(e, TEE_ALG_SM2_PKE, TEE_MODE_ENCRYPT, 256),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(*d, kp), TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(*e, kp), TEE_SUCCESS);
	return kp;
}

static void test_sm2_pke(void **state)
{
	(void)state;
	uint8_t ct[256], pt[64];
	size_t n = sizeof(pt);
	TEE_OperationHandle d, e;
	TEE_ObjectHandle kp = sm2_pke_ops(&d, &e);
	size_t clen = unhex(SM2_CT, ct);
	assert_int_equal(TEE_AsymmetricDecrypt(d, NULL, 0, ct, clen, pt, &n), TEE_SUCCESS);
	assert_int_equal(n, strlen(SM2_MSG));
	assert_memory_equal(pt, SM2_MSG, n);
	ct[clen - 1] ^= 1; /* C3 */
	n = sizeof(pt);
	assert_int_equal(TEE_AsymmetricDecrypt(d, NULL, 0, ct, clen, pt, &n),
			 TEE_ERROR_CIPHERTEXT_INVALID);
	/* the attack of an invalid curve: a C1 off the curve gets no [d]C1 computed */
	ct[clen - 1] ^= 1;
	ct[64] ^= 1; /* y of C1 */
	n = sizeof(pt);
	assert_int_equal(TEE_AsymmetricDecrypt(d, NULL, 0, ct, clen, pt, &n),
			 TEE_ERROR_BAD_PARAMETERS);
	/* ours: 1 + 64 + |M| + 32 bytes, back to M */
	n = 8;
	assert_int_equal(TEE_AsymmetricEncrypt(e, NULL, 0, SM2_MSG, 21, ct, &n),
			 TEE_ERROR_SHORT_BUFFER);
	assert_int_equal(n, 1 + 64 + 21 + 32);
	assert_int_equal(TEE_AsymmetricEncrypt(e, NULL, 0, SM2_MSG, 21, ct, &n), TEE_SUCCESS);
	size_t m = sizeof(pt);
	assert_int_equal(TEE_AsymmetricDecrypt(d, NULL, 0, ct, n, pt, &m), TEE_SUCCESS);
	assert_int_equal(m, 21);
	assert_memory_equal(pt, SM2_MSG, 21);
	TEE_FreeOperation(d);
	TEE_FreeOperation(e);
	TEE_FreeTransientObject(kp);
}

/*
 * What SM2 encryption leaves behind once it returns (the wrappers of wipe_watch.c): each SM3 state
 * it finalised (on the kernel stack) must be wiped with mbedtls_platform_zeroize after its
 * final (a dead frame cannot be read back reliably: the wrapper notes what is wiped), and
 * no block it freed may hold the key stream (C2 xor M, which with the ciphertext gives the
 * plaintext away).
 */
static void check_left_behind(const uint8_t *ct, const char *msg, size_t len)
{
	watch_stop();
	assert_true(watch_nfinals >= 2); /* the KDF's and C3's */
	for (unsigned i = 0; i < watch_nfinals; i++)
		if (!watch_finals[i].wiped)
			fail_msg("SM3 state %u (of %u) left on the stack", i, watch_nfinals);
	uint8_t stream[64];
	assert_true(len <= sizeof(stream));
	for (size_t i = 0; i < len; i++)
		stream[i] = ct[65 + i] ^ (uint8_t)msg[i];
	assert_false(watch_freed_holds(stream, len));
}

static void test_sm2_pke_wipes(void **state)
{
	(void)state;
	uint8_t ct[256], pt[64];
	size_t n = sizeof(ct), m = sizeof(pt);
	TEE_OperationHandle d, e;
	TEE_ObjectHandle kp = sm2_pke_ops(&d, &e);
	watch_start();
	assert_int_equal(TEE_AsymmetricEncrypt(e, NULL, 0, SM2_MSG, 21, ct, &n), TEE_SUCCESS);
	check_left_behind(ct, SM2_MSG, 21);
	n = unhex(SM2_CT, ct);
	watch_start();
	assert_int_equal(TEE_AsymmetricDecrypt(d, NULL, 0, ct, n, pt, &m), TEE_SUCCESS);
	check_left_behind(ct, SM2_MSG, 21);
	TEE_FreeOperation(d);
	TEE_FreeOperation(e);
	TEE_FreeTransientObject(kp);
}

/*
 * Ed25519 signing of RFC 8032 7.1 test 1 (empty message) with its private key and the
 * public value given: the signature must be the RFC's whatever that value is.
 */
static void sign_rfc8032_test1(const uint8_t *stored_public)
{
	uint8_t k[32], want[64], sig[64];
	unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", k);
	unhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
	      "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
	      want);
	TEE_Attribute a[2];
	TEE_ObjectHandle kp;
	TEE_OperationHandle s;
	TEE_InitRefAttribute(&a[0], TEE_ATTR_ED25519_PRIVATE_VALUE, k, 32);
	TEE_InitRefAttribute(&a[1], TEE_ATTR_ED25519_PUBLIC_VALUE, stored_public, 32);
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_ED25519_KEYPAIR, 256, &kp),
			 TEE_SUCCESS);
	assert_int_equal(TEE_PopulateTransientObject(kp, a, 2), TEE_SUCCESS);
	assert_int_equal(TEE_AllocateOperation(&s, TEE_ALG_ED25519, TEE_MODE_SIGN, 256),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(s, kp), TEE_SUCCESS);
	size_t n = sizeof(sig);
	assert_int_equal(TEE_AsymmetricSignDigest(s, NULL, 0, "", 0, sig, &n), TEE_SUCCESS);
	assert_int_equal(n, 64);
	assert_memory_equal(sig, want, 64);
	TEE_FreeOperation(s);
	TEE_FreeTransientObject(kp);
}

/* Ed25519: RFC 8032 7.1 test 1, with its own public key. */
static void test_ed25519_rfc8032(void **state)
{
	(void)state;
	uint8_t pub[32];
	unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", pub);
	sign_rfc8032_test1(pub);
}

/*
 * The double-public-key attack: a keypair whose stored public value is not the
 * private key's. Signing must still give the signature of the real key (RFC 8032
 * test 1): a signature made with the stored value would, beside the right one,
 * give away the private scalar.
 */
static void test_ed25519_mismatched_public_value_ignored(void **state)
{
	(void)state;
	uint8_t wrong_pub[32];
	/* RFC 8032 test 2's public key: a valid point, of another private key */
	unhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", wrong_pub);
	sign_rfc8032_test1(wrong_pub);
}

/* SM4: GB/T 32907-2016's example, key = plaintext, one block. */
static void test_sm4_gbt32907(void **state)
{
	(void)state;
	uint8_t k[16], out[16], want[16];
	unhex("0123456789abcdeffedcba9876543210", k);
	unhex("681edf34d206965e86b3e94f536e4246", want);
	TEE_Attribute a;
	TEE_ObjectHandle key;
	TEE_OperationHandle op;
	TEE_InitRefAttribute(&a, TEE_ATTR_SECRET_VALUE, k, 16);
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_SM4, 128, &key), TEE_SUCCESS);
	assert_int_equal(TEE_PopulateTransientObject(key, &a, 1), TEE_SUCCESS);
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_SM4_ECB_NOPAD, TEE_MODE_ENCRYPT, 128),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(op, key), TEE_SUCCESS);
	TEE_CipherInit(op, NULL, 0);
	size_t n = sizeof(out);
	assert_int_equal(TEE_CipherDoFinal(op, k, 16, out, &n), TEE_SUCCESS);
	assert_int_equal(n, 16);
	assert_memory_equal(out, want, 16);
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(key);
}

static void test_heap_clean(void **state)
{
	(void)state;
	/* Every test above freed what it allocated. */
	assert_int_equal(tzv_ta_heap()->used, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sm2_dsa),
	    cmocka_unit_test(test_sm2_pke),
	    cmocka_unit_test(test_sm2_pke_wipes),
	    cmocka_unit_test(test_ed25519_rfc8032),
	    cmocka_unit_test(test_ed25519_mismatched_public_value_ignored),
	    cmocka_unit_test(test_sm4_gbt32907),
	    cmocka_unit_test(test_heap_clean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
