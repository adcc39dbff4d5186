/*
 * libFuzzer harness: the attestation verifier (tools/attest/verify.c) on any
 * bytes as a token: libCBOR's decoding and our walk of the COSE_Sign1
 * structure, the PSA claims and the software components, the ES256 check
 * (a fixed key), the nonce and the measurements against a small reference
 * table. Nothing may crash or read out of bounds, whatever the token says.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz_input.h"
#include "key.h"
#include "verify.h"

static EVP_PKEY *pub;
static FILE *null_out;
static struct attest_refs refs;
static uint8_t nonce[32];

static void init(void)
{
	static const uint8_t secret[32] = "tzvisor fuzzing device secret..";
	static const char *names[] = {"monitor", "config", "tvisor", "tee", "vm1-kernel"};
	pub = attest_key_from_secret(secret);
	null_out = fopen("/dev/null", "w");
	for (int i = 0; i < 5; i++) {
		struct attest_ref *r = &refs.ref[refs.count++];
		strcpy(r->name, names[i]);
		r->group = i < 3 ? ATTEST_PLATFORM : i == 3 ? ATTEST_TEE : ATTEST_VM;
		r->owner = i == 4 ? 1 : 0;
		memset(r->sha256, i + 1, 32);
	}
	for (int i = 0; i < 32; i++)
		nonce[i] = (uint8_t)(0xa0 + i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!pub)
		init();
	unsigned bad = attest_verify(data, size, pub, nonce, sizeof(nonce), &refs,
				     fuzz_debug() ? stderr : null_out);
	FUZZ_LOG("attest_verify: 0x%x\n", bad);
	return 0;
}
