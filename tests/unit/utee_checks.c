/* Checks the host tests of libutee's crypto share: see utee_checks.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "utee_checks.h"

size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	for (; s[0] && s[1]; s += 2)
		sscanf(s, "%2hhx", &out[n++]);
	return n;
}

void sign_round_trip(TEE_ObjectHandle key, uint32_t alg, uint32_t max_bits)
{
	uint8_t digest[32], sig[512];
	TEE_OperationHandle s, v;
	for (int i = 0; i < 32; i++)
		digest[i] = (uint8_t)i;
	assert_int_equal(TEE_AllocateOperation(&s, alg, TEE_MODE_SIGN, max_bits), TEE_SUCCESS);
	assert_int_equal(TEE_AllocateOperation(&v, alg, TEE_MODE_VERIFY, max_bits), TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(s, key), TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(v, key), TEE_SUCCESS);
	size_t n = 8;
	assert_int_equal(TEE_AsymmetricSignDigest(s, NULL, 0, digest, 32, sig, &n),
			 TEE_ERROR_SHORT_BUFFER);
	assert_int_equal(n, max_bits == 256 ? 64 : max_bits / 8);
	assert_int_equal(TEE_AsymmetricSignDigest(s, NULL, 0, digest, 32, sig, &n), TEE_SUCCESS);
	assert_int_equal(TEE_AsymmetricVerifyDigest(v, NULL, 0, digest, 32, sig, n), TEE_SUCCESS);
	sig[n / 2] ^= 1;
	assert_int_equal(TEE_AsymmetricVerifyDigest(v, NULL, 0, digest, 32, sig, n),
			 TEE_ERROR_SIGNATURE_INVALID);
	sig[n / 2] ^= 1;
	digest[0] ^= 1;
	assert_int_equal(TEE_AsymmetricVerifyDigest(v, NULL, 0, digest, 32, sig, n),
			 TEE_ERROR_SIGNATURE_INVALID);
	TEE_FreeOperation(s);
	TEE_FreeOperation(v);
}
