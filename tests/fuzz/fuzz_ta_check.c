/*
 * libFuzzer harness: the checks of a signed TA file and its ELF (tee/ta_check.c)
 * on the private copy the loader made, with the private-page allocator
 * (tee/pages.c) behind it.
 *
 * Input: mode byte, the UUID asked for (16 bytes), then either
 *  - (mode even) an ELF: the harness signs it as tasign would, with a
 *    stand-in signature (the hash eight times; SHA-256 is mbedTLS's) that the stand-in verifier
 *    accepts, so every input reaches the ELF checks; or
 *  - (mode odd) a whole signed file as it is: the header checks; with mode bit 2 set
 *    the harness first gives each subkey link (and the TA header after them) its
 *    SHA-256 and the stand-in signature of the key above, so that every input reaches
 *    the checks of what an authentic link says (depth, namespace, attributes, key).
 * With mode bit 3 set the file is checked as a shared TA library instead
 * (uta_lib_verify_and_load).
 * Checked: the result is one of the documented codes; a refusal leaves every
 * page free; an accepted image lies inside the TA's address range with its
 * entry in the first (executable) segment (a library: in order within its span,
 * starting at 0), no segment writable and executable, and frees back to a full pool.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "fuzz_input.h"
#include "ta_crypto.h"
#include "tee.h"

#define SIG_SIZE 256
#define POOL_PAGES 96
#define FILE_MAX (UTA_IMAGE_MAX + 1024)

uint32_t tee_vm_id = 1;

void tee_log(const char *fmt, ...)
{
	(void)fmt;
}

uint16_t ta_crypto_sig_size(void)
{
	return SIG_SIZE;
}

int ta_crypto_hash(const uint8_t *a, uint64_t alen, const uint8_t *b, uint64_t blen,
		   uint8_t out[32])
{
	mbedtls_sha256_context c;
	mbedtls_sha256_init(&c);
	int err = mbedtls_sha256_starts_ret(&c, 0) || mbedtls_sha256_update_ret(&c, a, alen) ||
		  mbedtls_sha256_update_ret(&c, b, blen) || mbedtls_sha256_finish_ret(&c, out);
	mbedtls_sha256_free(&c);
	return err ? -1 : 0;
}

/* A subkey's stand-in signature: the hash repeated, each byte XOR the modulus' first byte. */
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

int ta_crypto_sha512(const uint8_t *a, uint64_t alen, const uint8_t *b, uint64_t blen,
		     uint8_t out[64])
{
	mbedtls_sha512_context c;
	mbedtls_sha512_init(&c);
	int err = mbedtls_sha512_starts_ret(&c, 0) || mbedtls_sha512_update_ret(&c, a, alen) ||
		  mbedtls_sha512_update_ret(&c, b, blen) || mbedtls_sha512_finish_ret(&c, out);
	mbedtls_sha512_free(&c);
	return err ? -1 : 0;
}

int ta_crypto_verify(uint32_t algo, const uint8_t hash[32], const uint8_t *sig, uint16_t sig_size)
{
	if (sig_size != SIG_SIZE ||
	    (algo != TZV_SHDR_ALGO_RSA_PSS_SHA256 && algo != TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256))
		return -1;
	for (int i = 0; i < SIG_SIZE / 32; i++)
		if (memcmp(sig + 32 * i, hash, 32))
			return -1;
	return 0;
}

static uint8_t *pool, *file;

/* The stand-in signature of key k (0: the built-in key) over hash, n bytes. */
static void stand_in_sign(uint8_t *sig, const uint8_t *hash, uint8_t k, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		sig[i] = hash[i % 32] ^ k;
}

/* Hashes and "signs" each subkey link of f and the TA header after them (mode bit 2). */
static void resign_chain(uint8_t *f, uint64_t n)
{
	uint64_t off = 0;
	uint8_t key = 0;
	while (n - off >= TZV_SHDR_SIZE) {
		struct tzv_shdr sh;
		memcpy(&sh, f + off, sizeof(sh));
		uint64_t hdr = TZV_SHDR_SIZE + 32ull + sh.sig_size;
		if (sh.magic != TZV_SHDR_MAGIC || sh.hash_size != 32 || n - off < hdr)
			return;
		uint8_t *hash = f + off + TZV_SHDR_SIZE, *body = f + off + hdr;
		if (sh.img_type != TZV_SHDR_SUBKEY) { /* the TA's header: over all that follows */
			ta_crypto_hash(f + off, TZV_SHDR_SIZE, body, n - off - hdr, hash);
			stand_in_sign(hash + 32, hash, key, sh.sig_size);
			return;
		}
		if (sh.img_size < TZV_SUBKEY_HDR_SIZE || n - off - hdr < sh.img_size)
			return;
		ta_crypto_hash(f + off, TZV_SHDR_SIZE, body, sh.img_size, hash);
		stand_in_sign(hash + 32, hash, key, sh.sig_size);
		struct tzv_shdr_subkey sk;
		memcpy(&sk, body, sizeof(sk));
		/* the next key: its modulus' first byte after leading zeros, as the kernel reads it */
		for (uint32_t a = 0; a < sk.attr_count && a < 8; a++) {
			struct tzv_shdr_subkey_attr at;
			if (TZV_SUBKEY_HDR_SIZE + (a + 1) * TZV_SUBKEY_ATTR_SIZE > sh.img_size)
				break;
			memcpy(&at, body + TZV_SUBKEY_HDR_SIZE + a * TZV_SUBKEY_ATTR_SIZE, sizeof(at));
			if (at.id != TZV_SUBKEY_ATTR_RSA_MODULUS || at.offs > sh.img_size ||
			    at.size > sh.img_size - at.offs)
				continue;
			const uint8_t *v = body + at.offs;
			uint32_t len = at.size;
			while (len > 1 && !*v) {
				v++;
				len--;
			}
			key = len ? *v : 0;
		}
		if (n - off - hdr - sh.img_size < sk.name_size)
			return;
		off += hdr + sh.img_size + sk.name_size;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fin in = {data, size};
	uint8_t mode = fin_u8(&in), uuid[16];
	uint64_t fsize;
	struct uta_image img;

	fin_bytes(&in, uuid, 16);
	if (!pool) {
		pool = aligned_alloc(TEE_PAGE, POOL_PAGES * TEE_PAGE);
		file = malloc(FILE_MAX);
	}
	pages_init((uintptr_t)pool, POOL_PAGES * TEE_PAGE);
	unsigned total = pages_free_count();

	if (mode & 1) {
		fsize = in.n < FILE_MAX ? in.n : FILE_MAX;
		memcpy(file, in.p, fsize);
		if (mode & 4)
			resign_chain(file, fsize);
	} else {
		uint64_t elf_size = in.n < UTA_IMAGE_MAX ? in.n : UTA_IMAGE_MAX;
		struct tzv_shdr sh = {TZV_SHDR_MAGIC,
				      TZV_SHDR_BOOTSTRAP_TA,
				      (uint32_t)elf_size,
				      (mode & 2) ? TZV_SHDR_ALGO_RSA_PSS_SHA256
						 : TZV_SHDR_ALGO_RSA_PKCS1_V1_5_SHA256,
				      32,
				      SIG_SIZE};
		struct tzv_shdr_bootstrap_ta bs;
		memset(&bs, 0, sizeof(bs));
		memcpy(bs.uuid, uuid, 16);
		uint8_t *hash = file + sizeof(sh), *sig = hash + 32, *rest = sig + SIG_SIZE;
		memcpy(file, &sh, sizeof(sh));
		memcpy(rest, &bs, sizeof(bs));
		memcpy(rest + sizeof(bs), in.p, elf_size);
		ta_crypto_hash(file, sizeof(sh), rest, sizeof(bs) + elf_size, hash);
		for (int i = 0; i < SIG_SIZE / 32; i++)
			memcpy(sig + 32 * i, hash, 32);
		fsize = (uint64_t)(rest - file) + sizeof(bs) + elf_size;
	}

	/* mode bit 3: the same bytes as a shared TA library (tee/uta_lib.c's checks) */
	bool lib = mode & 8;
	uint32_t r = lib ? uta_lib_verify_and_load(file, fsize, uuid, &img)
			 : uta_verify_and_load(file, fsize, uuid, &img);
	FUZZ_LOG("uta_%sverify_and_load: 0x%x\n", lib ? "lib_" : "", r);
	FUZZ_ASSERT(r == TEEC_SUCCESS || r == TEEC_ERROR_SECURITY || r == TEEC_ERROR_BAD_FORMAT ||
		    r == TEEC_ERROR_OUT_OF_MEMORY);
	if (r != TEEC_SUCCESS) {
		FUZZ_ASSERT(pages_free_count() == total);
		return 0;
	}
	FUZZ_ASSERT(img.nsegs >= 1 && img.nsegs <= (lib ? TZV_TA_LIB_SEGS : UTA_TA_SEGS));
	FUZZ_ASSERT(!memcmp(img.uuid, uuid, 16));
	if (!lib) {
		FUZZ_ASSERT(img.seg[0].va == TZV_TA_LOAD_VA && img.seg[0].exec);
		FUZZ_ASSERT(img.entry >= img.seg[0].va &&
			    img.entry < img.seg[0].va + img.seg[0].size);
	} else {
		FUZZ_ASSERT(img.seg[0].va == 0);
	}
	for (unsigned i = 0; i < img.nsegs; i++) {
		const struct uta_seg *s = &img.seg[i];
		FUZZ_ASSERT(!(s->write && s->exec));
		FUZZ_ASSERT(s->va % TEE_PAGE == 0 && s->size % TEE_PAGE == 0 && s->size);
		if (lib)
			FUZZ_ASSERT(s->size <= TZV_TA_LIB_SPAN_MAX + TEE_PAGE &&
				    s->va + s->size <= TZV_TA_LIB_SPAN_MAX + TEE_PAGE &&
				    (i == 0 || s->va >= img.seg[i - 1].va + img.seg[i - 1].size));
		else
			FUZZ_ASSERT(s->va >= TZV_TA_LOAD_VA && s->size <= TZV_TA_VA_LIMIT - s->va);
		FUZZ_ASSERT(s->npages * TEE_PAGE == s->size);
		FUZZ_ASSERT(s->mem >= pool && s->mem + s->size <= pool + POOL_PAGES * TEE_PAGE);
		pages_free(s->mem, s->npages);
	}
	FUZZ_ASSERT(pages_free_count() == total);
	return 0;
}
