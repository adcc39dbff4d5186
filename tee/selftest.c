/*
 * Self tests of the TEE kernel (PTA_INVOKE_TESTS_CMD_SELF_TESTS, tee/pta_invoke_tests.c).
 * They run in the calling instance on its own state only, and leave it as it was:
 * - the overflow-safe range checks every outside address and TA pointer goes through
 *   (nw_range_ok, nwbuf_span_ok, uta_va_ptr), with ranges that wrap;
 * - the page allocator (tee/pages.c): sizes, alignment, zeroed pages, no overlap, the
 *   free count restored, too large a request answered NULL;
 * - the library heap (lib/mbedtls/libc.c): alignment, zeroed blocks, no overlap, a
 *   size whose product overflows answered NULL;
 * - known answers of the crypto the kernel links, as it calls it: SHA-256 (FIPS 180-2
 *   "abc" and the 448-bit message), HMAC-SHA256 (RFC 4231 case 2), AES-128-GCM (the GCM
 *   specification's test case 3, both ways, and a flipped tag refused), Ed25519 (RFC 8032
 *   test 1, and a flipped signature refused);
 * - the random source: FEAT_RNG (RNDR) present, and no 64-bit output repeated in a row.
 * Nothing secret is used or answered: the vectors are public, the result is one code.
 */
#include <lib/string.h>
#include <lib/sysreg.h>
#include <mbedtls/gcm.h>
#include <mbedtls/md.h>
#include <abi/tee_client.h>
#include "crypto.h"
#include "selftest.h"
#include "ta_crypto.h"
#include "tee.h"

void *calloc(size_t n, size_t size);
void free(void *p);
int ossl_ed25519_verify(const uint8_t *message, size_t message_len, const uint8_t signature[64],
			const uint8_t public_key[32], void *libctx, const char *propq);

void selftest_report(const char *name, int ok)
{
	if (!ok)
		tee_log("selftest: %s FAILED", name);
#ifdef CONFIG_TEST_HOOKS
	else
		tee_log("selftest: %s passed", name);
#endif
}

/* ---- overflow-safe range checks ---- */

static int test_ranges(void)
{
	uint64_t b = nw_ram_base, s = nw_ram_size;
	int ok = s != 0 && nw_range_ok(b, s) && nw_range_ok(b + s, 0) && !nw_range_ok(b + s, 1) &&
		 !nw_range_ok(b - 1, 1) && !nw_range_ok(b + 1, UINT64_MAX) &&
		 !nw_range_ok(UINT64_MAX, 2) && !nw_range_ok(b + s - 1, 2);

	struct nwbuf nb = {.size = 100};
	ok = ok && nwbuf_span_ok(&nb, 100, 0) && nwbuf_span_ok(&nb, 0, 100) &&
	     !nwbuf_span_ok(&nb, 101, 0) && !nwbuf_span_ok(&nb, 50, UINT64_MAX) &&
	     !nwbuf_span_ok(&nb, UINT64_MAX, 2);

	/* one read-only segment of a TA at 0x1000, one memref; the bytes are never touched */
	struct uta_image
	    img; /* on the thread stack, as pta_secstor_ta_mgmt.c's: no .bss per instance */
	uint8_t seg[64];
	struct ta_param p[TEE_TA_PARAMS];
	memset(&img, 0, sizeof(img));
	memset(p, 0, sizeof(p));
	img.nsegs = 1;
	img.seg[0] = (struct uta_seg){.va = 0x1000, .size = sizeof(seg), .mem = seg};
	p[1].type = TA_PARAM_MEMREF_INPUT;
	p[1].u.memref.buf = seg;
	p[1].u.memref.size = 16;
	uint64_t m1 = UTA_MEMREF_VA + UTA_MEMREF_STRIDE;
	ok = ok && uta_va_ptr(&img, p, 0x1000, 64, false, NULL) == seg &&
	     uta_va_ptr(&img, p, 0x1010, 48, false, NULL) == seg + 16 &&
	     !uta_va_ptr(&img, p, 0x1010, 49, false, NULL) &&
	     !uta_va_ptr(&img, p, 0x1000, 1, true, NULL) &&
	     !uta_va_ptr(&img, p, 0x1001, UINT64_MAX, false, NULL) &&
	     !uta_va_ptr(&img, p, UINT64_MAX, 2, false, NULL) &&
	     uta_va_ptr(&img, p, m1 + 8, 8, false, NULL) == seg + 8 &&
	     !uta_va_ptr(&img, p, m1 + 8, 9, false, NULL) &&
	     !uta_va_ptr(&img, p, m1, 1, true, NULL) &&
	     !uta_va_ptr(&img, p, m1 + 1, UINT64_MAX, false, NULL);
	return ok;
}

/* ---- page allocator ---- */

static int all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

static int test_pages(void)
{
	static const unsigned sizes[3] = {1, 3, 2};
	uint8_t *a[3] = {NULL, NULL, NULL};
	unsigned before = pages_free_count();
	/* too large, and nothing: refused without a change */
	int ok = pages_alloc(before + 1) == NULL && pages_alloc(0) == NULL &&
		 pages_free_count() == before;
	if (before < 6 + 3)
		return ok; /* the instance's TAs hold nearly all pages: nothing more to try */
	for (unsigned i = 0; i < 3 && ok; i++) {
		a[i] = pages_alloc(sizes[i]);
		ok = a[i] && (uintptr_t)a[i] % TEE_PAGE == 0 && all_zero(a[i], sizes[i] * TEE_PAGE);
		if (ok)
			memset(a[i], 0xa0 + i, sizes[i] * TEE_PAGE);
	}
	/* no block overlaps another: each still holds its own pattern */
	for (unsigned i = 0; i < 3 && ok; i++)
		for (size_t j = 0; j < sizes[i] * TEE_PAGE && ok; j++)
			ok = a[i][j] == 0xa0 + i;
	ok = ok && pages_free_count() == before - 6;
	/* a hole of 3 pages: a new 3-page block comes back zeroed */
	if (ok) {
		pages_free(a[1], 3);
		a[1] = pages_alloc(3);
		ok = a[1] && all_zero(a[1], 3 * TEE_PAGE);
	}
	for (unsigned i = 0; i < 3; i++)
		pages_free(a[i], sizes[i]);
	return ok && pages_free_count() == before;
}

/* ---- the library heap ---- */

static int test_heap(void)
{
	static const size_t sizes[4] = {1, 100, 1024, 24};
	uint8_t *a[4];
	int ok = calloc(SIZE_MAX / 8 + 1, 16) == NULL && calloc(2, SIZE_MAX / 2 + 1) == NULL;
	for (unsigned i = 0; i < 4; i++) {
		a[i] = calloc(1, sizes[i]);
		if (!a[i] || (uintptr_t)a[i] % 16 || !all_zero(a[i], sizes[i]))
			ok = 0;
		else
			memset(a[i], 0x50 + i, sizes[i]);
	}
	for (unsigned i = 0; i < 4 && ok; i++)
		for (size_t j = 0; j < sizes[i] && ok; j++)
			ok = a[i][j] == 0x50 + i;
	/* out of order, then the middle again: merged blocks serve a larger request */
	free(a[1]);
	free(a[2]);
	a[1] = calloc(1, 1100);
	ok = ok && a[1] && all_zero(a[1], 1100);
	free(a[0]);
	free(a[1]);
	free(a[3]);
	return ok;
}

/* ---- known answers ---- */

static int hex_eq(const uint8_t *got, const char *hex, size_t n)
{
	static const char d[] = "0123456789abcdef";
	uint8_t diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= (uint8_t)(d[got[i] >> 4] ^ hex[2 * i]) |
			(uint8_t)(d[got[i] & 15] ^ hex[2 * i + 1]);
	return diff == 0 && hex[2 * n] == '\0';
}

static void unhex(uint8_t *out, const char *hex, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t v = 0;
		for (int k = 0; k < 2; k++) {
			char c = hex[2 * i + k];
			v = (uint8_t)(v << 4 | (c <= '9' ? c - '0' : c - 'a' + 10));
		}
		out[i] = v;
	}
}

static int test_sha256(void)
{
	static const char m2[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	uint8_t d[32];
	int ok = ta_crypto_hash((const uint8_t *)"abc", 3, NULL, 0, d) == 0 &&
		 hex_eq(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 32);
	/* in two pieces, as the TA loader hashes a header and its body */
	return ok &&
	       ta_crypto_hash((const uint8_t *)m2, 20, (const uint8_t *)m2 + 20, 36, d) == 0 &&
	       hex_eq(d, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", 32);
}

static int test_hmac(void)
{
	static const char data[] = "what do ya want for nothing?";
	uint8_t mac[32];
	return mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
			       (const uint8_t *)"Jefe", 4, (const uint8_t *)data, sizeof(data) - 1,
			       mac) == 0 &&
	       hex_eq(mac, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 32);
}

static const char gcm_key[] = "feffe9928665731c6d6a8f9467308308";
static const char gcm_iv[] = "cafebabefacedbaddecaf888";
static const char gcm_pt[] = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
			     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
static const char gcm_ct[] = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
			     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";
static const char gcm_tag[] = "4d5c2af327cd64a62cf35abd2ba6fab4";

static int test_aes_gcm(void)
{
	mbedtls_gcm_context g;
	uint8_t key[16], iv[12], pt[64], ct[64], out[64], tag[16];
	unhex(key, gcm_key, 16);
	unhex(iv, gcm_iv, 12);
	unhex(pt, gcm_pt, 64);
	mbedtls_gcm_init(&g);
	int ok = mbedtls_gcm_setkey(&g, MBEDTLS_CIPHER_ID_AES, key, 128) == 0 &&
		 mbedtls_gcm_crypt_and_tag(&g, MBEDTLS_GCM_ENCRYPT, 64, iv, 12, NULL, 0, pt, ct, 16,
					   tag) == 0 &&
		 hex_eq(ct, gcm_ct, 64) && hex_eq(tag, gcm_tag, 16) &&
		 mbedtls_gcm_auth_decrypt(&g, 64, iv, 12, NULL, 0, tag, 16, ct, out) == 0 &&
		 !memcmp(out, pt, 64);
	tag[15] ^= 1;
	ok = ok && mbedtls_gcm_auth_decrypt(&g, 64, iv, 12, NULL, 0, tag, 16, ct, out) != 0;
	mbedtls_gcm_free(&g);
	return ok;
}

static int test_ed25519(void)
{
	uint8_t pub[32], sig[64];
	unhex(pub, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", 32);
	unhex(sig,
	      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	      "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
	      64);
	int ok = ossl_ed25519_verify((const uint8_t *)"", 0, sig, pub, NULL, NULL) == 1;
	sig[20] ^= 0x10;
	return ok && ossl_ed25519_verify((const uint8_t *)"", 0, sig, pub, NULL, NULL) != 1;
}

/* ---- the random source ---- */

static int test_random(void)
{
	/* without FEAT_RNG tee_random_bytes falls back to a counter: not a health pass */
	if (((read_sysreg(id_aa64isar0_el1) >> 60) & 0xf) == 0)
		return 0;
	/* SP 800-90B's repetition count idea at 64 bits: no word equals the one before */
	uint64_t w[32];
	tee_random_bytes(w, sizeof(w));
	int ok = 1;
	for (unsigned i = 1; i < 32; i++)
		ok = ok && w[i] != w[i - 1];
	memset(w, 0, sizeof(w));
	return ok;
}

uint32_t tee_self_tests(void)
{
	static const struct {
		const char *name;
		int (*run)(void);
	} tests[] = {
	    {"range checks", test_ranges}, {"page allocator", test_pages},
	    {"library heap", test_heap},   {"SHA-256", test_sha256},
	    {"HMAC-SHA256", test_hmac},	   {"AES-GCM", test_aes_gcm},
	    {"Ed25519", test_ed25519},	   {"random source", test_random},
	};
	int all = 1;
	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		int ok = tests[i].run();
		selftest_report(tests[i].name, ok);
		all = all && ok;
	}
	return all ? TEEC_SUCCESS : TEEC_ERROR_GENERIC;
}
