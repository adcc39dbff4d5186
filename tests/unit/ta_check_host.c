/* What the host tests of tee/ta_check.c share: see ta_check_host.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "ta_check_host.h"
#include "ta_crypto.h"

uint32_t tee_vm_id = 1;
char last_log[200];
uint8_t elf[0x4000];
uint64_t elf_size;
uint8_t file[0x5000];
uint64_t file_size;
struct uta_image img;
static uint8_t *pool;
static unsigned pool_pages;

void tee_log(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_log, sizeof(last_log), fmt, ap);
	va_end(ap);
}

uint16_t ta_crypto_sig_size(void)
{
	return SIG_SIZE;
}

static int digest(const EVP_MD *md, const uint8_t *a, uint64_t alen, const uint8_t *b,
		  uint64_t blen, uint8_t *out, unsigned want)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned n = 0;
	int ok = c && EVP_DigestInit_ex(c, md, NULL) && EVP_DigestUpdate(c, a, alen) &&
		 EVP_DigestUpdate(c, b, blen) && EVP_DigestFinal_ex(c, out, &n) && n == want;
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

int ta_crypto_hash(const uint8_t *a, uint64_t alen, const uint8_t *b, uint64_t blen,
		   uint8_t out[32])
{
	return digest(EVP_sha256(), a, alen, b, blen, out, 32);
}

int ta_crypto_sha512(const uint8_t *a, uint64_t alen, const uint8_t *b, uint64_t blen,
		     uint8_t out[64])
{
	return digest(EVP_sha512(), a, alen, b, blen, out, 64);
}

/* The stand-in signature: the hash, eight times. */
int ta_crypto_verify(uint32_t algo, const uint8_t hash[32], const uint8_t *sig, uint16_t sig_size)
{
	if (sig_size != SIG_SIZE ||
	    (algo != TZV_SHDR_ALGO_RSA_PSS_SHA256 && algo != TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256))
		return -1;
	for (int i = 0; i < 8; i++)
		if (memcmp(sig + 32 * i, hash, 32))
			return -1;
	return 0;
}

/*
 * A subkey's stand-in signature: the hash over n_size bytes, each byte XOR the first byte
 * of the key's modulus (so a signature names the key that made it).
 */
int ta_crypto_verify_key(const struct ta_rsa_key *key, uint32_t algo, const uint8_t hash[32],
			 const uint8_t *sig, uint16_t sig_size)
{
	if (sig_size != key->n_size ||
	    (algo != TZV_SHDR_ALGO_RSA_PSS_SHA256 && algo != TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256))
		return -1;
	for (unsigned i = 0; i < sig_size; i++)
		if (sig[i] != (hash[i % 32] ^ key->n[0]))
			return -1;
	return 0;
}

struct elf64_ehdr *eh(void)
{
	return (struct elf64_ehdr *)elf;
}

struct elf64_phdr *ph(int i)
{
	return (struct elf64_phdr *)(elf + 64 + i * 56);
}

void sign_as(const uint8_t signed_uuid[16])
{
	struct tzv_shdr sh = {TZV_SHDR_MAGIC,
			      TZV_SHDR_BOOTSTRAP_TA,
			      (uint32_t)elf_size,
			      TZV_SHDR_ALGO_RSA_PSS_SHA256,
			      32,
			      SIG_SIZE};
	struct tzv_shdr_bootstrap_ta bs;
	memcpy(bs.uuid, signed_uuid, 16);
	bs.ta_version = 0;
	memcpy(file, &sh, sizeof(sh));
	uint8_t *hash = file + sizeof(sh), *sig = hash + 32, *rest = sig + SIG_SIZE;
	memcpy(rest, &bs, sizeof(bs));
	memcpy(rest + sizeof(bs), elf, elf_size);
	assert_int_equal(ta_crypto_hash(file, sizeof(sh), rest, sizeof(bs) + elf_size, hash), 0);
	for (int i = 0; i < 8; i++)
		memcpy(sig + 32 * i, hash, 32);
	file_size = (uint64_t)(rest - file) + sizeof(bs) + elf_size;
}

void pool_init(unsigned pages)
{
	pool = aligned_alloc(TEE_PAGE, pages * TEE_PAGE);
	pool_pages = pages;
	pages_init((uintptr_t)pool, pages * TEE_PAGE);
}

void pool_free(void)
{
	free(pool);
	pool = NULL;
}

void expect_refused(uint32_t (*check)(void), uint32_t want, const char *why)
{
	unsigned before = pages_free_count();
	uint32_t r = check();
	if (r != want || !strstr(last_log, why))
		fail_msg("expected 0x%x (\"%s\"), got 0x%x: %s", want, why, r, last_log);
	assert_int_equal(pages_free_count(), before);
	assert_int_equal(img.nsegs, 0);
}

void expect_out_of_pages(uint32_t (*check)(void), unsigned left)
{
	void *hog = pages_alloc(pool_pages - left);
	assert_non_null(hog);
	expect_refused(check, TEEC_ERROR_OUT_OF_MEMORY, "out of private pages");
	pages_free(hog, pool_pages - left);
	assert_int_equal(check(), TEEC_SUCCESS);
}
