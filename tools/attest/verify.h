/*
 * Checking an attestation token (docs/attestation.md) on the host: the
 * COSE_Sign1 structure and its ES256 signature, the PSA claims, the nonce,
 * and every software component's measurement against the reference values
 * the build wrote. libcbor decodes, OpenSSL checks the signature.
 */
#ifndef ATTEST_VERIFY_H
#define ATTEST_VERIFY_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ATTEST_MAX_COMPONENTS 64
#define ATTEST_MAX_REFS 96

enum attest_group { ATTEST_PLATFORM = 0, ATTEST_TEE, ATTEST_VM };

/* One reference value: "<name> <platform|tee|vm> <owner: VM id or all> <sha256 hex>". */
struct attest_ref {
	char name[32];
	int group;
	uint32_t owner; /* 0: every VM */
	uint8_t sha256[32];
};

struct attest_refs {
	struct attest_ref ref[ATTEST_MAX_REFS];
	int count;
};

struct attest_component {
	char type[32];
	uint8_t value[64];
	size_t value_len;
	uint8_t signer[64];
	size_t signer_len;
	char desc[16];
};

struct attest_token {
	/* COSE_Sign1 */
	uint8_t *protected_hdr;
	size_t protected_len;
	int64_t alg;
	uint8_t *payload;
	size_t payload_len;
	uint8_t signature[64];
	/* claims */
	uint8_t nonce[64];
	size_t nonce_len;
	uint8_t ueid[33];
	size_t ueid_len;
	char profile[64];
	int64_t client_id;
	uint64_t lifecycle;
	uint8_t implementation_id[32];
	size_t implementation_id_len;
	struct attest_component sw[ATTEST_MAX_COMPONENTS];
	int sw_count;
	unsigned seen; /* bit per claim present (ATTEST_SEEN_*) */
};

/* What failed: attest_verify() returns a mask of these, 0 when the token is good. */
#define ATTEST_BAD_FORMAT (1u << 0)
#define ATTEST_BAD_SIGNATURE (1u << 1)
#define ATTEST_BAD_NONCE (1u << 2)
#define ATTEST_BAD_MEASUREMENT (1u << 3) /* a value differs, is missing or unexpected */
#define ATTEST_BAD_CLAIM (1u << 4)	 /* profile, lifecycle, ids not as tzvisor makes them */

/* Reads a reference-values file; 0, or -1 with a message in err. */
int attest_refs_load(const char *path, struct attest_refs *refs, char *err, size_t err_len);
/*
 * Decodes a token; 0, or -1 with a message in err (and nothing left allocated).
 * Free a decoded one with attest_token_free.
 */
int attest_token_parse(const uint8_t *buf, size_t len, struct attest_token *t, char *err,
		       size_t err_len);
void attest_token_free(struct attest_token *t);
/* 0 if the ES256 signature over Sig_structure verifies with pub. */
int attest_check_signature(const struct attest_token *t, EVP_PKEY *pub);
/*
 * Everything: structure, signature, claims, nonce (if nonce is not NULL), and
 * each measurement against refs for the VM the token names. Writes a report
 * (each claim; each component OK or what differs) to out. Returns the mask.
 */
unsigned attest_verify(const uint8_t *buf, size_t len, EVP_PKEY *pub, const uint8_t *nonce,
		       size_t nonce_len, const struct attest_refs *refs, FILE *out);

#endif
