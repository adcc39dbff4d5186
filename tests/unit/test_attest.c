/*
 * Attestation, host side: the monitor's CBOR encoder (monitor/cbor.c) and the
 * verifier (tools/attest/verify.c). A token is built here the way the monitor
 * builds it (same encoder, same COSE structures), signed with OpenSSL under a
 * key derived from a test secret, then checked: it verifies; a flipped
 * signature byte, another nonce, another device's key, a changed or missing
 * measurement and a cut token are each refused, for the right reason.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/ecdsa.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <tzvisor/attest.h>
#include "../../monitor/cbor.h" /* the monitor's encoder (libcbor's is <cbor.h>) */
#include "../../tools/attest/key.h"
#include "../../tools/attest/verify.h"

static void expect_bytes(const struct cbor_out *c, const uint8_t *want, size_t n)
{
	assert_int_equal(c->len, n);
	assert_memory_equal(c->buf, want, n);
}

static void test_cbor_heads(void **state)
{
	(void)state;
	uint8_t buf[16];
	struct cbor_out c;
	static const struct {
		int64_t v;
		uint8_t enc[9];
		size_t n;
	} cases[] = {
	    {0, {0x00}, 1},
	    {23, {0x17}, 1},
	    {24, {0x18, 0x18}, 2},
	    {255, {0x18, 0xff}, 2},
	    {256, {0x19, 0x01, 0x00}, 3},
	    {2394, {0x19, 0x09, 0x5a}, 3},
	    {65536, {0x1a, 0x00, 0x01, 0x00, 0x00}, 5},
	    {0x100000000ll, {0x1b, 0, 0, 0, 1, 0, 0, 0, 0}, 9},
	    {-1, {0x20}, 1},
	    {-7, {0x26}, 1},
	    {-25, {0x38, 0x18}, 2},
	    {-75000, {0x3a, 0x00, 0x01, 0x24, 0xf7}, 5},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cbor_init(&c, buf, sizeof(buf));
		cbor_int(&c, cases[i].v);
		expect_bytes(&c, cases[i].enc, cases[i].n);
	}
	cbor_init(&c, buf, sizeof(buf));
	cbor_text(&c, "sha-256");
	expect_bytes(&c, (const uint8_t *)"\x67sha-256", 8);
	cbor_init(&c, buf, sizeof(buf));
	cbor_head(&c, CBOR_MAJOR_TAG, COSE_TAG_SIGN1);
	cbor_head(&c, CBOR_MAJOR_ARRAY, 4);
	cbor_head(&c, CBOR_MAJOR_MAP, 0);
	expect_bytes(&c, (const uint8_t *)"\xd2\x84\xa0", 3);
}

/* Past the end nothing more is written, but the length keeps counting. */
static void test_cbor_overflow_counts(void **state)
{
	(void)state;
	uint8_t buf[8];
	memset(buf, 0xee, sizeof(buf));
	struct cbor_out c;
	cbor_init(&c, buf, 4);
	cbor_bytes(&c, "0123456789", 10);
	assert_int_equal(c.len, 11);
	assert_false(cbor_fits(&c));
	assert_int_equal(buf[4], 0xee);
	cbor_init(&c, buf, 0);
	cbor_int(&c, 1000);
	assert_int_equal(c.len, 3);
}

/* ---- a token built as the monitor builds it ---- */

struct comp {
	const char *name;
	uint8_t value[32];
};

static const uint8_t secret_a[32] = "tzvisor unit-test device secret";
static const uint8_t secret_b[32] = "another device's secret........";
static struct comp comps[] = {
    {"monitor", {1}},	  {"config", {2}},     {"tvisor", {3}},	    {"tee", {4}},
    {"tee2-config", {5}}, {"vm2-config", {6}}, {"vm2-kernel", {7}}, {"vm2-initrd", {8}},
};
static const char *groups[] = {"platform", "platform", "platform", "tee", "tee", "vm", "vm", "vm"};

static size_t make_token(EVP_PKEY *key, const uint8_t *nonce, size_t nonce_len, uint32_t vm,
			 uint8_t *out, size_t cap)
{
	static uint8_t payload[2048];
	uint8_t point[65], ueid[33], impl[32];
	assert_int_equal(attest_key_public_point(key, point), 0);
	ueid[0] = UEID_TYPE_RAND;
	SHA256(point, sizeof(point), ueid + 1);
	SHA256((const uint8_t *)TZV_IMPLEMENTATION_NAME, strlen(TZV_IMPLEMENTATION_NAME), impl);

	struct cbor_out c;
	cbor_init(&c, payload, sizeof(payload));
	cbor_head(&c, CBOR_MAJOR_MAP, 7);
	cbor_int(&c, EAT_NONCE);
	cbor_bytes(&c, nonce, nonce_len);
	cbor_int(&c, EAT_UEID);
	cbor_bytes(&c, ueid, sizeof(ueid));
	cbor_int(&c, EAT_PROFILE);
	cbor_text(&c, PSA_PROFILE_TFM);
	cbor_int(&c, PSA_CLIENT_ID);
	cbor_int(&c, -(int64_t)vm);
	cbor_int(&c, PSA_SECURITY_LIFECYCLE);
	cbor_int(&c, PSA_LIFECYCLE_SECURED);
	cbor_int(&c, PSA_IMPLEMENTATION_ID);
	cbor_bytes(&c, impl, sizeof(impl));
	cbor_int(&c, PSA_SW_COMPONENTS);
	size_t n = sizeof(comps) / sizeof(comps[0]);
	cbor_head(&c, CBOR_MAJOR_ARRAY, n);
	for (size_t i = 0; i < n; i++) {
		static const uint8_t zero[32];
		cbor_head(&c, CBOR_MAJOR_MAP, 4);
		cbor_int(&c, PSA_SW_MEASUREMENT_TYPE);
		cbor_text(&c, comps[i].name);
		cbor_int(&c, PSA_SW_MEASUREMENT_VALUE);
		cbor_bytes(&c, comps[i].value, 32);
		cbor_int(&c, PSA_SW_SIGNER_ID);
		cbor_bytes(&c, zero, 32);
		cbor_int(&c, PSA_SW_MEASUREMENT_DESC);
		cbor_text(&c, "sha-256");
	}
	assert_true(cbor_fits(&c));
	size_t payload_len = c.len;

	static const uint8_t prot[] = {0xa1, 0x01, 0x26};
	static uint8_t tbs[4096];
	cbor_init(&c, tbs, sizeof(tbs));
	cbor_head(&c, CBOR_MAJOR_ARRAY, 4);
	cbor_text(&c, "Signature1");
	cbor_bytes(&c, prot, sizeof(prot));
	cbor_bytes(&c, NULL, 0);
	cbor_bytes(&c, payload, payload_len);
	assert_true(cbor_fits(&c));

	uint8_t der[80], sig[64];
	size_t der_len = sizeof(der);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	assert_int_equal(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key), 1);
	assert_int_equal(EVP_DigestSign(md, der, &der_len, tbs, c.len), 1);
	EVP_MD_CTX_free(md);
	const uint8_t *p = der;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	assert_non_null(es);
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_r(es), sig, 32), 32);
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_s(es), sig + 32, 32), 32);
	ECDSA_SIG_free(es);

	cbor_init(&c, out, cap);
	cbor_head(&c, CBOR_MAJOR_TAG, COSE_TAG_SIGN1);
	cbor_head(&c, CBOR_MAJOR_ARRAY, 4);
	cbor_bytes(&c, prot, sizeof(prot));
	cbor_head(&c, CBOR_MAJOR_MAP, 0);
	cbor_bytes(&c, payload, payload_len);
	cbor_bytes(&c, sig, sizeof(sig));
	assert_true(cbor_fits(&c));
	return c.len;
}

static void refs_for(struct attest_refs *refs)
{
	memset(refs, 0, sizeof(*refs));
	for (size_t i = 0; i < sizeof(comps) / sizeof(comps[0]); i++) {
		struct attest_ref *r = &refs->ref[refs->count++];
		strcpy(r->name, comps[i].name);
		r->group = !strcmp(groups[i], "platform") ? ATTEST_PLATFORM
			   : !strcmp(groups[i], "tee")	  ? ATTEST_TEE
							  : ATTEST_VM;
		r->owner = r->group == ATTEST_PLATFORM || !strcmp(comps[i].name, "tee") ? 0 : 2;
		memcpy(r->sha256, comps[i].value, 32);
	}
	/* VM 1's images are not expected in VM 2's token. */
	struct attest_ref *r = &refs->ref[refs->count++];
	strcpy(r->name, "vm1-kernel");
	r->group = ATTEST_VM;
	r->owner = 1;
}

struct fixture {
	EVP_PKEY *key, *pub, *other;
	uint8_t nonce[32];
	uint8_t token[4096];
	size_t len;
	struct attest_refs refs;
	char *report;
	size_t report_len;
};

/* attest_verify with its report captured. */
static unsigned verify(struct fixture *f, const uint8_t *token, size_t len, EVP_PKEY *pub,
		       const uint8_t *nonce)
{
	free(f->report);
	f->report = NULL;
	FILE *out = open_memstream(&f->report, &f->report_len);
	unsigned bad = attest_verify(token, len, pub, nonce, 32, &f->refs, out);
	fclose(out);
	return bad;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->key = attest_key_from_secret(secret_a);
	f->other = attest_key_from_secret(secret_b);
	/* the verifier gets only the public half, as from build/attest-key.pem */
	BIO *pem = BIO_new(BIO_s_mem());
	PEM_write_bio_PUBKEY(pem, f->key);
	f->pub = PEM_read_bio_PUBKEY(pem, NULL, NULL, NULL);
	BIO_free(pem);
	assert_non_null(f->pub);
	for (int i = 0; i < 32; i++)
		f->nonce[i] = (uint8_t)(0xa0 + i);
	f->len = make_token(f->key, f->nonce, 32, 2, f->token, sizeof(f->token));
	refs_for(&f->refs);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	EVP_PKEY_free(f->key);
	EVP_PKEY_free(f->pub);
	EVP_PKEY_free(f->other);
	free(f->report);
	free(f);
	return 0;
}

static void test_token_verifies(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(verify(f, f->token, f->len, f->pub, f->nonce), 0);
	assert_non_null(strstr(f->report, "signature OK"));
	assert_non_null(strstr(f->report, "client id (2394): -2 (VM 2)"));
}

static void test_flipped_signature_byte(void **state)
{
	struct fixture *f = *state;
	uint8_t t[4096];
	memcpy(t, f->token, f->len);
	t[f->len - 10] ^= 0x01; /* inside s */
	assert_int_equal(verify(f, t, f->len, f->pub, f->nonce), ATTEST_BAD_SIGNATURE);
}

static void test_flipped_payload_byte(void **state)
{
	struct fixture *f = *state;
	uint8_t t[4096];
	memcpy(t, f->token, f->len);
	/* a byte of the last component's "sha-256" text: still well-formed, no longer signed */
	t[f->len - 66 - 2] ^= 0x01;
	assert_true(verify(f, t, f->len, f->pub, f->nonce) & ATTEST_BAD_SIGNATURE);
}

static void test_wrong_nonce(void **state)
{
	struct fixture *f = *state;
	uint8_t other[32];
	memcpy(other, f->nonce, 32);
	other[31] ^= 0x80;
	assert_int_equal(verify(f, f->token, f->len, f->pub, other), ATTEST_BAD_NONCE);
	assert_non_null(strstr(f->report, "nonce differs"));
}

static void test_wrong_key(void **state)
{
	struct fixture *f = *state;
	/* another device's key: the signature fails, and the UEID is not its key's */
	assert_int_equal(verify(f, f->token, f->len, f->other, f->nonce),
			 ATTEST_BAD_SIGNATURE | ATTEST_BAD_CLAIM);
}

static void test_changed_measurement_named(void **state)
{
	struct fixture *f = *state;
	f->refs.ref[7].sha256[0] ^= 0xff; /* vm2-initrd's reference */
	unsigned bad = verify(f, f->token, f->len, f->pub, f->nonce);
	f->refs.ref[7].sha256[0] ^= 0xff;
	assert_int_equal(bad, ATTEST_BAD_MEASUREMENT);
	assert_non_null(strstr(f->report, "measurement of vm2-initrd differs"));
	/* only that one */
	assert_null(
	    strstr(strstr(f->report, "measurement of vm2-initrd differs") + 1, "measurement of"));
	assert_null(strstr(f->report, "measurement of vm2-kernel"));
}

static void test_missing_measurement(void **state)
{
	struct fixture *f = *state;
	struct attest_ref *extra = &f->refs.ref[f->refs.count++];
	strcpy(extra->name, "vm2.dtb");
	extra->group = ATTEST_VM;
	extra->owner = 2;
	unsigned bad = verify(f, f->token, f->len, f->pub, f->nonce);
	f->refs.count--;
	assert_int_equal(bad, ATTEST_BAD_MEASUREMENT);
	assert_non_null(strstr(f->report, "measurement of vm2.dtb is missing"));
}

static void test_malformed(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(verify(f, f->token, f->len - 1, f->pub, f->nonce), ATTEST_BAD_FORMAT);
	assert_int_equal(verify(f, f->token + 1, f->len - 1, f->pub, f->nonce), ATTEST_BAD_FORMAT);
	uint8_t t[4096];
	memcpy(t, f->token, f->len);
	t[4] = 0x25; /* alg -6 (direct), not ES256 */
	assert_int_equal(verify(f, t, f->len, f->pub, f->nonce), ATTEST_BAD_FORMAT);
}

/*
 * Found by tests/fuzz/fuzz_attest.c: 27 bytes of nested arrays that each declare
 * 0x9a9a9a9a items made libcbor reserve 20 GB per level before reading them. The
 * lengths are now checked against the token first: refused without decoding.
 */
static void test_declared_lengths_past_the_end(void **state)
{
	struct fixture *f = *state;
	uint8_t t[27];
	struct attest_token *tok = malloc(sizeof(*tok));
	char err[160];
	t[0] = 0xd2;
	memset(t + 1, 0x9a, sizeof(t) - 1);
	assert_int_equal(attest_token_parse(t, sizeof(t), tok, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "runs past the end"));
	/* a byte string that says it is longer than the token, and an indefinite array */
	static const uint8_t long_bstr[] = {0xd2, 0x84, 0x5a, 0xff, 0xff, 0xff, 0xf0, 0xa0};
	assert_int_equal(attest_token_parse(long_bstr, sizeof(long_bstr), tok, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "runs past the end"));
	static const uint8_t indefinite[] = {0xd2, 0x9f, 0x40, 0xa0, 0x40, 0x40, 0xff};
	assert_int_equal(attest_token_parse(indefinite, sizeof(indefinite), tok, err, sizeof(err)),
			 -1);
	/* the good token still parses */
	assert_int_equal(attest_token_parse(f->token, f->len, tok, err, sizeof(err)), 0);
	attest_token_free(tok);
	free(tok);
}

/*
 * Found by tests/fuzz/fuzz_attest.c: a token whose COSE_Sign1 decoded but whose
 * claims did not left its copies of the protected header and payload behind
 * (attest_verify frees only what parsed). A failed parse now frees them.
 */
static void test_failed_parse_keeps_nothing(void **state)
{
	struct fixture *f = *state;
	uint8_t t[4096];
	struct attest_token tok;
	char err[160];
	memcpy(t, f->token, f->len);
	/* the payload's first byte: the claims map (0xa7) becomes an array of 7 */
	size_t at = 0;
	for (size_t i = 0; i + 1 < f->len; i++)
		if (t[i] == 0x59 && t[i + 3] == 0xa7) { /* bstr of 2-byte length, then the map */
			at = i + 3;
			break;
		}
	assert_int_not_equal(at, 0);
	t[at] = 0x87;
	assert_int_equal(attest_token_parse(t, f->len, &tok, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "payload"));
	assert_null(tok.payload);
	assert_null(tok.protected_hdr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cbor_heads),
	    cmocka_unit_test(test_cbor_overflow_counts),
	    cmocka_unit_test(test_token_verifies),
	    cmocka_unit_test(test_flipped_signature_byte),
	    cmocka_unit_test(test_flipped_payload_byte),
	    cmocka_unit_test(test_wrong_nonce),
	    cmocka_unit_test(test_wrong_key),
	    cmocka_unit_test(test_changed_measurement_named),
	    cmocka_unit_test(test_missing_measurement),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_declared_lengths_past_the_end),
	    cmocka_unit_test(test_failed_parse_keeps_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
