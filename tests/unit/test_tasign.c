/*
 * tools/tasign: signing in OP-TEE's bootstrap-TA format and every refusal of
 * the verifier (each with its own error).
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <tzvisor/ta_abi.h>

#include "../../tools/tasign/tasign.h"

static EVP_PKEY *key, *other_key;
static uint8_t uuid[16];
static uint8_t elf[4096];

static int setup(void **state)
{
	(void)state;
	key = tasign_keygen(2048);
	other_key = tasign_keygen(2048);
	if (!key || !other_key || tasign_parse_uuid("9c3f5e1a-7b2d-4e8f-a1c6-3d5b7e9f0a24", uuid))
		return -1;
	/* An ELF64 little-endian AArch64 executable header, then filler. */
	memcpy(elf, "\177ELF\2\1\1", 7);
	elf[16] = 2;   /* ET_EXEC */
	elf[18] = 183; /* EM_AARCH64 */
	for (size_t i = 64; i < sizeof(elf); i++)
		elf[i] = (uint8_t)(i * 7);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	EVP_PKEY_free(key);
	EVP_PKEY_free(other_key);
	return 0;
}

static uint8_t *sign(uint32_t algo, size_t *len)
{
	uint8_t *out = NULL;
	assert_int_equal(tasign_sign(key, uuid, 7, algo, elf, sizeof(elf), &out, len), TASIGN_OK);
	return out;
}

static int verify(EVP_PKEY *k, const uint8_t *buf, size_t len)
{
	return tasign_verify(k, uuid, buf, len, NULL, NULL);
}

static void test_layout(void **state)
{
	(void)state;
	size_t len;
	uint8_t *t = sign(TZV_SHDR_ALGO_RSA_PSS_SHA256, &len);
	assert_int_equal(len, 20 + 32 + 256 + 20 + sizeof(elf));
	uint32_t w[4];
	memcpy(w, t, 16);
	assert_int_equal(w[0], 0x4f545348);
	assert_int_equal(w[1], 1); /* SHDR_BOOTSTRAP_TA */
	assert_int_equal(w[2], sizeof(elf));
	assert_int_equal(w[3], 0x70414930);
	assert_int_equal(t[16] | t[17] << 8, 32);
	assert_int_equal(t[18] | t[19] << 8, 256);
	/* Bootstrap header: UUID in RFC 4122 order, then the version; then the ELF. */
	assert_memory_equal(t + 308, uuid, 16);
	assert_int_equal(t[324], 7);
	assert_memory_equal(t + 328, elf, sizeof(elf));
	/* The hash covers shdr | bootstrap header | ELF. */
	uint8_t h[32];
	unsigned hl;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	EVP_DigestUpdate(c, t, 20);
	EVP_DigestUpdate(c, t + 308, 20 + sizeof(elf));
	EVP_DigestFinal_ex(c, h, &hl);
	EVP_MD_CTX_free(c);
	assert_memory_equal(t + 20, h, 32);
	free(t);
}

static void test_sign_verify(void **state)
{
	(void)state;
	uint32_t algos[] = { TZV_SHDR_ALGO_RSA_PSS_SHA256, TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256 };
	for (int i = 0; i < 2; i++) {
		size_t len, elf_len = 0;
		const uint8_t *e = NULL;
		uint8_t *t = sign(algos[i], &len);
		assert_int_equal(tasign_verify(key, uuid, t, len, &e, &elf_len), TASIGN_OK);
		assert_ptr_equal(e, t + 328);
		assert_int_equal(elf_len, sizeof(elf));
		assert_int_equal(tasign_verify(key, NULL, t, len, NULL, NULL), TASIGN_OK);
		free(t);
	}
}

/* Each tampering of a PSS- and a PKCS#1-signed TA and the error it must give. */
static void tamper(uint32_t algo)
{
	size_t len;
	uint8_t *good = sign(algo, &len);
	uint8_t *t = malloc(len);

#define CASE(edit, expect)                                 \
	do {                                               \
		memcpy(t, good, len);                      \
		size_t n = len;                            \
		edit;                                      \
		assert_int_equal(verify(key, t, n), expect); \
	} while (0)

	CASE(t[len - 100] ^= 1, TASIGN_ERR_HASH);                 /* a byte of the ELF */
	CASE(t[328 + 20] ^= 0x80, TASIGN_ERR_HASH);               /* the ELF header */
	CASE(t[308 + 16] ^= 1, TASIGN_ERR_HASH);                  /* the TA version */
	CASE(t[308] ^= 1, TASIGN_ERR_HASH);                       /* the UUID */
	CASE(t[20 + 5] ^= 1, TASIGN_ERR_HASH_NOT_SIGNED);         /* the hash */
	CASE(t[52 + 100] ^= 1, TASIGN_ERR_SIGNATURE);             /* the signature */
	CASE(n = len - 1, TASIGN_ERR_TRUNCATED);                  /* one byte short */
	CASE(n = 200, TASIGN_ERR_TRUNCATED);                      /* cut in the signature */
	CASE(n = 10, TASIGN_ERR_TRUNCATED);                       /* cut in the header */
	CASE(t[0] ^= 1, TASIGN_ERR_MAGIC);
	CASE(t[4] = 0, TASIGN_ERR_IMG_TYPE);                      /* SHDR_TA (legacy) */
	CASE(t[4] = 2, TASIGN_ERR_IMG_TYPE);                      /* SHDR_ENCRYPTED_TA */
	CASE(t[12] ^= 1, TASIGN_ERR_ALGO);
	CASE(t[16] = 20, TASIGN_ERR_SIZES);                       /* hash_size */
	CASE(t[8] ^= 1, TASIGN_ERR_TRUNCATED);                    /* img_size */
	assert_int_equal(verify(other_key, good, len), TASIGN_ERR_SIGNATURE); /* wrong key */
	uint8_t wrong_uuid[16];
	memcpy(wrong_uuid, uuid, 16);
	wrong_uuid[15] ^= 1;
	assert_int_equal(tasign_verify(key, wrong_uuid, good, len, NULL, NULL), TASIGN_ERR_UUID);
	free(t);
	free(good);
}

static void test_tamper_pss(void **state)
{
	(void)state;
	tamper(TZV_SHDR_ALGO_RSA_PSS_SHA256);
}

static void test_tamper_pkcs1(void **state)
{
	(void)state;
	tamper(TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256);
}

static void test_not_elf(void **state)
{
	(void)state;
	uint8_t *out;
	size_t len;
	uint8_t junk[100] = "not an ELF";
	assert_int_equal(tasign_sign(key, uuid, 0, TZV_SHDR_ALGO_RSA_PSS_SHA256, junk, sizeof(junk),
				     &out, &len),
			 TASIGN_OK);
	assert_int_equal(verify(key, out, len), TASIGN_ERR_NOT_ELF);
	free(out);
}

static void test_export(void **state)
{
	(void)state;
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	assert_int_equal(tasign_export_c(key, f), TASIGN_OK);
	fclose(f);
	assert_non_null(strstr(text, "ta_pubkey_exponent = 0x10001;"));
	assert_non_null(strstr(text, "ta_pubkey_modulus[256]"));
	free(text);
}

static void test_uuid(void **state)
{
	(void)state;
	uint8_t u[16];
	assert_int_equal(tasign_parse_uuid("8aaaf200-2450-11e4-abe2-0002a5d5c51b", u), 0);
	assert_int_equal(u[0], 0x8a);
	assert_int_equal(u[15], 0x1b);
	assert_int_not_equal(tasign_parse_uuid("8aaaf200-2450-11e4-abe2-0002a5d5c51", u), 0);
	assert_int_not_equal(tasign_parse_uuid("8aaaf200x2450-11e4-abe2-0002a5d5c51b", u), 0);
	assert_int_not_equal(tasign_parse_uuid("8aaaf200-2450-11e4-abe2-0002a5d5c51bb", u), 0);
}

/*
 * Subkey chains: a root link with a namespace, a second link in it for a name, the UUID a
 * TA under it must have, and the root link signed again with another key. The UUIDv5 with
 * SHA-512 below was computed apart from the code under test (Python's hashlib).
 */
static void test_subkey_chain(void **state)
{
	(void)state;
	struct tasign_subkey_params top = {
	    .name_size = 64, .version = 1, .max_depth = 1, .algo = TZV_SHDR_ALGO_RSA_PSS_SHA256};
	uint8_t expect[16], u[16], *c1, *c2, *c3, *re;
	size_t l1, l2, l3, lre;
	uint32_t ns, depth;
	assert_int_equal(tasign_parse_uuid("7a7a0000-1111-4222-8333-444455556666", top.uuid), 0);
	assert_int_equal(tasign_parse_uuid("70e51f00-c2c5-5786-935e-14de67a45af3", expect), 0);
	assert_int_equal(tasign_sign_subkey(key, other_key, &top, NULL, 0, NULL, &c1, &l1),
			 TASIGN_OK);
	assert_int_equal(tasign_chain_last(c1, l1, &ns, &depth, u), TASIGN_OK);
	assert_int_equal(ns, 64);
	assert_int_equal(depth, 1);
	assert_memory_equal(u, top.uuid, 16);
	assert_int_equal(tasign_chain_next_uuid(c1, l1, "tzvisor-subkey-test", u), TASIGN_OK);
	assert_memory_equal(u, expect, 16);
	/* a second link for that name: an identity subkey of depth 0 */
	struct tasign_subkey_params low = {.name_size = 0,
					   .version = 2,
					   .max_depth = 0,
					   .algo = TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256};
	memcpy(low.uuid, expect, 16);
	assert_int_equal(
	    tasign_sign_subkey(other_key, key, &low, c1, l1, "tzvisor-subkey-test", &c2, &l2),
	    TASIGN_OK);
	assert_memory_equal(c2, c1, l1); /* the chain above, then the name padded to 64 bytes */
	assert_memory_equal(c2 + l1, "tzvisor-subkey-test\0", 20);
	assert_int_equal(c2[l1 + 63], 0);
	assert_int_equal(tasign_chain_last(c2, l2, &ns, &depth, u), TASIGN_OK);
	assert_int_equal(ns, 0);
	assert_int_equal(depth, 0);
	assert_int_equal(tasign_chain_next_uuid(c2, l2, NULL, u), TASIGN_OK);
	assert_memory_equal(u, expect, 16);
	/* below depth 0 no more subkeys; a name longer than the namespace's name_size */
	assert_int_equal(tasign_sign_subkey(key, other_key, &low, c2, l2, NULL, &c3, &l3),
			 TASIGN_ERR_SIZES);
	char longname[80];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(tasign_chain_next_uuid(c1, l1, longname, u), TASIGN_ERR_SIZES);
	/* a chain cut short is not a chain */
	assert_int_not_equal(tasign_chain_last(c2, l2 - 1, &ns, &depth, u), TASIGN_OK);
	/* the root link signed again: same hash and everything after its signature, new signature
	 */
	assert_int_equal(tasign_resign_root(other_key, c2, l2, &re, &lre), TASIGN_OK);
	assert_int_equal(lre, l2);
	size_t sig_end = TZV_SHDR_SIZE + 32 + 256;
	assert_memory_equal(re, c2, TZV_SHDR_SIZE + 32);
	assert_memory_not_equal(re + TZV_SHDR_SIZE + 32, c2 + TZV_SHDR_SIZE + 32, 256);
	assert_memory_equal(re + sig_end, c2 + sig_end, l2 - sig_end);
	/* that signature is other_key's over the hash (PSS, as the link says) */
	EVP_PKEY_CTX *v = EVP_PKEY_CTX_new(other_key, NULL);
	assert_non_null(v);
	assert_int_equal(EVP_PKEY_verify_init(v), 1);
	assert_true(EVP_PKEY_CTX_set_rsa_padding(v, RSA_PKCS1_PSS_PADDING) > 0);
	assert_true(EVP_PKEY_CTX_set_signature_md(v, EVP_sha256()) > 0);
	assert_true(EVP_PKEY_CTX_set_rsa_pss_saltlen(v, 32) > 0);
	assert_int_equal(EVP_PKEY_verify(v, re + TZV_SHDR_SIZE + 32, 256, re + TZV_SHDR_SIZE, 32),
			 1);
	EVP_PKEY_CTX_free(v);
	free(c1);
	free(c2);
	free(re);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_layout),     cmocka_unit_test(test_sign_verify),
	    cmocka_unit_test(test_tamper_pss), cmocka_unit_test(test_tamper_pkcs1),
	    cmocka_unit_test(test_not_elf),    cmocka_unit_test(test_export),
	    cmocka_unit_test(test_uuid),       cmocka_unit_test(test_subkey_chain),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
