/* Checking an attestation token on the host (verify.h). */
#include "verify.h"
#include "key.h"
#include <cbor.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>
#include <tzvisor/attest.h>

enum {
	SEEN_NONCE = 1 << 0,
	SEEN_UEID = 1 << 1,
	SEEN_PROFILE = 1 << 2,
	SEEN_CLIENT = 1 << 3,
	SEEN_LIFECYCLE = 1 << 4,
	SEEN_IMPL = 1 << 5,
	SEEN_SW = 1 << 6,
	SEEN_ALL = (1 << 7) - 1,
};

static const char *group_name[] = {"platform", "tee", "vm"};

static void hex(FILE *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%02x", p[i]);
}

static int unhex(const char *s, uint8_t *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

int attest_refs_load(const char *path, struct attest_refs *refs, char *err, size_t err_len)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, err_len, "%s: cannot open", path);
		return -1;
	}
	char line[512];
	int lineno = 0;
	refs->count = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char name[64], group[16], owner[16], value[80];
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%63s %15s %15s %79s", name, group, owner, value) != 4 ||
		    strlen(name) >= sizeof(refs->ref[0].name) || refs->count == ATTEST_MAX_REFS) {
			snprintf(err, err_len, "%s:%d: not \"name group owner sha256\"", path,
				 lineno);
			fclose(f);
			return -1;
		}
		struct attest_ref *r = &refs->ref[refs->count];
		memset(r, 0, sizeof(*r));
		strcpy(r->name, name);
		r->group = -1;
		for (int g = 0; g < 3; g++)
			if (!strcmp(group, group_name[g]))
				r->group = g;
		char *end;
		r->owner = strcmp(owner, "all") ? (uint32_t)strtoul(owner, &end, 10) : 0;
		if (r->group < 0 || (strcmp(owner, "all") && (*end || !r->owner)) ||
		    unhex(value, r->sha256, 32)) {
			snprintf(err, err_len, "%s:%d: bad group, owner or sha256", path, lineno);
			fclose(f);
			return -1;
		}
		refs->count++;
	}
	fclose(f);
	return 0;
}

/*
 * libcbor 0.8 allocates a definite array, map or string for the length its head
 * declares before it reads the contents: a token of a few bytes could make it ask
 * for gigabytes per nesting level (found by tests/fuzz/fuzz_attest.c). So every
 * head is read first: what it declares must fit in the bytes after it (an item
 * takes at least one), and indefinite lengths, which tzvisor never writes, are
 * refused. Returns 0 when buf[0..len) passes.
 */
static int cbor_lengths_fit(const uint8_t *buf, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned major = buf[i] >> 5, ai = buf[i] & 31;
		size_t n = ai < 24 ? 0 : ai <= 27 ? (size_t)1 << (ai - 24) : 9; /* argument bytes */
		if (n == 9 || n > len - i - 1)
			return -1; /* reserved, indefinite or cut */
		uint64_t arg = n ? 0 : ai;
		for (size_t k = 0; k < n; k++)
			arg = arg << 8 | buf[i + 1 + k];
		i += 1 + n;
		uint64_t left = len - i;
		if ((major == 2 || major == 3 || major == 4) && arg > left)
			return -1;
		if (major == 5 && arg > left / 2)
			return -1;
		if (major == 2 || major == 3)
			i += (size_t)arg;
	}
	return 0;
}

static cbor_item_t *load_bounded(const uint8_t *buf, size_t len, struct cbor_load_result *res)
{
	memset(res, 0, sizeof(*res));
	if (cbor_lengths_fit(buf, len))
		return NULL;
	return cbor_load(buf, len, res);
}

static int64_t item_int(const cbor_item_t *it, int *ok)
{
	if (cbor_isa_uint(it) && cbor_get_int(it) <= INT64_MAX)
		return (int64_t)cbor_get_int(it);
	if (cbor_isa_negint(it) && cbor_get_int(it) <= INT64_MAX)
		return -1 - (int64_t)cbor_get_int(it);
	*ok = 0;
	return 0;
}

static int copy_bytes(const cbor_item_t *it, uint8_t *out, size_t cap, size_t *len)
{
	if (!cbor_isa_bytestring(it) || !cbor_bytestring_is_definite(it) ||
	    cbor_bytestring_length(it) > cap)
		return -1;
	*len = cbor_bytestring_length(it);
	memcpy(out, cbor_bytestring_handle(it), *len);
	return 0;
}

static int copy_text(const cbor_item_t *it, char *out, size_t cap)
{
	if (!cbor_isa_string(it) || !cbor_string_is_definite(it) || cbor_string_length(it) >= cap)
		return -1;
	memcpy(out, cbor_string_handle(it), cbor_string_length(it));
	out[cbor_string_length(it)] = 0;
	return 0;
}

static int parse_component(const cbor_item_t *map, struct attest_component *c)
{
	if (!cbor_isa_map(map) || !cbor_map_is_definite(map))
		return -1;
	memset(c, 0, sizeof(*c));
	struct cbor_pair *pairs = cbor_map_handle(map);
	unsigned have = 0;
	for (size_t i = 0; i < cbor_map_size(map); i++) {
		int ok = 1;
		int64_t k = item_int(pairs[i].key, &ok);
		if (!ok)
			return -1;
		int err = 0;
		switch (k) {
		case PSA_SW_MEASUREMENT_TYPE:
			err = copy_text(pairs[i].value, c->type, sizeof(c->type));
			have |= 1;
			break;
		case PSA_SW_MEASUREMENT_VALUE:
			err = copy_bytes(pairs[i].value, c->value, sizeof(c->value), &c->value_len);
			have |= 2;
			break;
		case PSA_SW_SIGNER_ID:
			err = copy_bytes(pairs[i].value, c->signer, sizeof(c->signer),
					 &c->signer_len);
			break;
		case PSA_SW_MEASUREMENT_DESC:
			err = copy_text(pairs[i].value, c->desc, sizeof(c->desc));
			break;
		default:
			break; /* version and others: not used here */
		}
		if (err)
			return -1;
	}
	return have == 3 ? 0 : -1;
}

static int parse_claims(struct attest_token *t, char *err, size_t err_len)
{
	struct cbor_load_result res;
	cbor_item_t *map = load_bounded(t->payload, t->payload_len, &res);
	int rc = -1;
	if (!map || res.error.code != CBOR_ERR_NONE || res.read != t->payload_len ||
	    !cbor_isa_map(map) || !cbor_map_is_definite(map)) {
		snprintf(err, err_len, "payload is not one CBOR map");
		goto out;
	}
	struct cbor_pair *pairs = cbor_map_handle(map);
	for (size_t i = 0; i < cbor_map_size(map); i++) {
		int ok = 1;
		int64_t key = item_int(pairs[i].key, &ok);
		const cbor_item_t *v = pairs[i].value;
		if (!ok) {
			snprintf(err, err_len, "a claim key is not an integer");
			goto out;
		}
		int bad = 0;
		switch (key) {
		case EAT_NONCE:
			bad = copy_bytes(v, t->nonce, sizeof(t->nonce), &t->nonce_len);
			t->seen |= SEEN_NONCE;
			break;
		case EAT_UEID:
			bad = copy_bytes(v, t->ueid, sizeof(t->ueid), &t->ueid_len);
			t->seen |= SEEN_UEID;
			break;
		case EAT_PROFILE:
			bad = copy_text(v, t->profile, sizeof(t->profile));
			t->seen |= SEEN_PROFILE;
			break;
		case PSA_CLIENT_ID:
			t->client_id = item_int(v, &ok);
			bad = !ok;
			t->seen |= SEEN_CLIENT;
			break;
		case PSA_SECURITY_LIFECYCLE:
			bad = !cbor_isa_uint(v);
			t->lifecycle = bad ? 0 : cbor_get_int(v);
			t->seen |= SEEN_LIFECYCLE;
			break;
		case PSA_IMPLEMENTATION_ID:
			bad = copy_bytes(v, t->implementation_id, sizeof(t->implementation_id),
					 &t->implementation_id_len);
			t->seen |= SEEN_IMPL;
			break;
		case PSA_SW_COMPONENTS:
			if (!cbor_isa_array(v) || !cbor_array_is_definite(v) ||
			    cbor_array_size(v) > ATTEST_MAX_COMPONENTS) {
				bad = 1;
				break;
			}
			for (size_t j = 0; j < cbor_array_size(v) && !bad; j++)
				bad = parse_component(cbor_array_handle(v)[j], &t->sw[j]) != 0;
			t->sw_count = (int)cbor_array_size(v);
			t->seen |= SEEN_SW;
			break;
		default:
			break; /* claims tzvisor does not make are ignored, as EAT allows */
		}
		if (bad) {
			snprintf(err, err_len, "claim %lld is malformed", (long long)key);
			goto out;
		}
	}
	if (t->seen != SEEN_ALL) {
		snprintf(err, err_len, "a required claim is missing (seen mask 0x%x)", t->seen);
		goto out;
	}
	rc = 0;
out:
	if (map)
		cbor_decref(&map);
	return rc;
}

int attest_token_parse(const uint8_t *buf, size_t len, struct attest_token *t, char *err,
		       size_t err_len)
{
	memset(t, 0, sizeof(*t));
	struct cbor_load_result res;
	cbor_item_t *arr = NULL;
	int rc = -1;
	/*
	 * Tag 18 is the one byte 0xd2 (RFC 8949 preferred serialisation). It is
	 * checked here rather than by libcbor, whose 0.8 cbor_load() fails on a
	 * tag that wraps the top-level item.
	 */
	if (len < 1 || buf[0] != (0xc0 | COSE_TAG_SIGN1)) {
		snprintf(err, err_len, "not a tagged COSE_Sign1 (tag 18)");
		goto out;
	}
	if (cbor_lengths_fit(buf + 1, len - 1)) {
		snprintf(err, err_len, "a CBOR length or count runs past the end of the token");
		goto out;
	}
	arr = cbor_load(buf + 1, len - 1, &res);
	if (!arr || res.error.code != CBOR_ERR_NONE || res.read != len - 1) {
		snprintf(err, err_len, "not one well-formed CBOR item");
		goto out;
	}
	if (!cbor_isa_array(arr) || !cbor_array_is_definite(arr) || cbor_array_size(arr) != 4) {
		snprintf(err, err_len, "COSE_Sign1 is not an array of 4");
		goto out;
	}
	cbor_item_t **f = cbor_array_handle(arr);
	if (!cbor_isa_bytestring(f[0]) || !cbor_bytestring_is_definite(f[0]) ||
	    !cbor_isa_map(f[1]) || !cbor_isa_bytestring(f[2]) ||
	    !cbor_bytestring_is_definite(f[2]) || !cbor_isa_bytestring(f[3]) ||
	    cbor_bytestring_length(f[3]) != 64) {
		snprintf(err, err_len, "COSE_Sign1 fields have the wrong types");
		goto out;
	}
	t->protected_len = cbor_bytestring_length(f[0]);
	t->protected_hdr = malloc(t->protected_len + 1);
	t->payload_len = cbor_bytestring_length(f[2]);
	t->payload = malloc(t->payload_len + 1);
	if (!t->protected_hdr || !t->payload) {
		snprintf(err, err_len, "out of memory");
		goto out;
	}
	memcpy(t->protected_hdr, cbor_bytestring_handle(f[0]), t->protected_len);
	memcpy(t->payload, cbor_bytestring_handle(f[2]), t->payload_len);
	memcpy(t->signature, cbor_bytestring_handle(f[3]), 64);

	/* The protected header must say ES256, and say it only once. */
	cbor_item_t *ph = load_bounded(t->protected_hdr, t->protected_len, &res);
	int alg_ok = 0;
	if (ph && res.error.code == CBOR_ERR_NONE && res.read == t->protected_len &&
	    cbor_isa_map(ph) && cbor_map_size(ph) == 1) {
		struct cbor_pair *p = cbor_map_handle(ph);
		int ok = 1;
		if (item_int(p[0].key, &ok) == COSE_HEADER_ALG && ok) {
			t->alg = item_int(p[0].value, &ok);
			alg_ok = ok && t->alg == COSE_ALG_ES256;
		}
	}
	if (ph)
		cbor_decref(&ph);
	if (!alg_ok) {
		snprintf(err, err_len, "protected header is not {1: -7} (ES256)");
		goto out;
	}
	rc = parse_claims(t, err, err_len);
out:
	if (arr)
		cbor_decref(&arr);
	/* a token that fails keeps nothing (callers free only parsed ones; found by fuzzing) */
	if (rc)
		attest_token_free(t);
	return rc;
}

void attest_token_free(struct attest_token *t)
{
	free(t->protected_hdr);
	free(t->payload);
	t->protected_hdr = t->payload = NULL;
}

/* CBOR head of a byte string of n bytes (n < 2^32), as the encoder writes it. */
static size_t bstr_head(uint8_t *h, size_t n)
{
	if (n < 24) {
		h[0] = (uint8_t)(0x40 | n);
		return 1;
	}
	if (n <= 0xff) {
		h[0] = 0x58;
		h[1] = (uint8_t)n;
		return 2;
	}
	if (n <= 0xffff) {
		h[0] = 0x59;
		h[1] = (uint8_t)(n >> 8);
		h[2] = (uint8_t)n;
		return 3;
	}
	h[0] = 0x5a;
	for (int i = 0; i < 4; i++)
		h[1 + i] = (uint8_t)(n >> (24 - 8 * i));
	return 5;
}

int attest_check_signature(const struct attest_token *t, EVP_PKEY *pub)
{
	/* Sig_structure = ["Signature1", protected, external_aad = h'', payload] (RFC 9052 4.4) */
	static const uint8_t start[] = {0x84, 0x6a, 'S', 'i', 'g', 'n',
					'a',  't',  'u', 'r', 'e', '1'};
	uint8_t h[5], empty = 0x40;
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(t->signature, 32, NULL), *s = BN_bin2bn(t->signature + 32, 32, NULL);
	unsigned char *der = NULL;
	int der_len = -1, ok = 0;
	if (sig && r && s && ECDSA_SIG_set0(sig, r, s)) {
		r = s = NULL;
		der_len = i2d_ECDSA_SIG(sig, &der);
	}
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (der_len > 0 && md && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, pub) > 0) {
		size_t n = bstr_head(h, t->protected_len);
		ok = EVP_DigestVerifyUpdate(md, start, sizeof(start)) > 0 &&
		     EVP_DigestVerifyUpdate(md, h, n) > 0 &&
		     EVP_DigestVerifyUpdate(md, t->protected_hdr, t->protected_len) > 0 &&
		     EVP_DigestVerifyUpdate(md, &empty, 1) > 0;
		n = bstr_head(h, t->payload_len);
		ok = ok && EVP_DigestVerifyUpdate(md, h, n) > 0 &&
		     EVP_DigestVerifyUpdate(md, t->payload, t->payload_len) > 0 &&
		     EVP_DigestVerifyFinal(md, der, (size_t)der_len) == 1;
	}
	EVP_MD_CTX_free(md);
	OPENSSL_free(der);
	ECDSA_SIG_free(sig);
	BN_free(r);
	BN_free(s);
	return ok ? 0 : -1;
}

static const struct attest_ref *ref_named(const struct attest_refs *refs, const char *name)
{
	for (int i = 0; i < refs->count; i++)
		if (!strcmp(refs->ref[i].name, name))
			return &refs->ref[i];
	return NULL;
}

static int ref_expected(const struct attest_ref *r, uint32_t vm)
{
	return r->group == ATTEST_PLATFORM || r->owner == 0 || r->owner == vm;
}

static unsigned check_claims(const struct attest_token *t, EVP_PKEY *pub, FILE *out)
{
	unsigned bad = 0;
	uint8_t point[65], want[33], impl[32];
	want[0] = UEID_TYPE_RAND;
	if (attest_key_public_point(pub, point) == 0)
		SHA256(point, sizeof(point), want + 1);
	SHA256((const uint8_t *)TZV_IMPLEMENTATION_NAME, strlen(TZV_IMPLEMENTATION_NAME), impl);

	fprintf(out, "  profile (265): %s%s\n", t->profile,
		strcmp(t->profile, PSA_PROFILE_TFM) ? "  <- not the PSA profile" : "");
	bad |= strcmp(t->profile, PSA_PROFILE_TFM) ? ATTEST_BAD_CLAIM : 0;
	fprintf(out, "  client id (2394): %lld (VM %lld)\n", (long long)t->client_id,
		(long long)-t->client_id);
	bad |= t->client_id >= 0 ? ATTEST_BAD_CLAIM : 0;
	fprintf(out, "  security lifecycle (2395): 0x%llx\n", (unsigned long long)t->lifecycle);
	bad |= t->lifecycle != PSA_LIFECYCLE_SECURED ? ATTEST_BAD_CLAIM : 0;
	fprintf(out, "  implementation id (2396): ");
	hex(out, t->implementation_id, t->implementation_id_len);
	int impl_ok = t->implementation_id_len == 32 && !memcmp(t->implementation_id, impl, 32);
	fprintf(out, "%s\n", impl_ok ? "" : "  <- not tzvisor's");
	bad |= impl_ok ? 0 : ATTEST_BAD_CLAIM;
	fprintf(out, "  instance id / UEID (256): ");
	hex(out, t->ueid, t->ueid_len);
	int ueid_ok = t->ueid_len == 33 && !memcmp(t->ueid, want, 33);
	fprintf(out, "%s\n", ueid_ok ? "" : "  <- not the SHA-256 of this key");
	bad |= ueid_ok ? 0 : ATTEST_BAD_CLAIM;
	fprintf(out, "  nonce (10): ");
	hex(out, t->nonce, t->nonce_len);
	fprintf(out, "\n");
	return bad;
}

static unsigned check_measurements(const struct attest_token *t, const struct attest_refs *refs,
				   FILE *out)
{
	unsigned bad = 0;
	uint32_t vm = (uint32_t)-t->client_id;
	fprintf(out, "  software components (2399): %d\n", t->sw_count);
	for (int i = 0; i < t->sw_count; i++) {
		const struct attest_component *c = &t->sw[i];
		const struct attest_ref *r = ref_named(refs, c->type);
		fprintf(out, "    %-9s %-12s %s ", r ? group_name[r->group] : "?", c->type,
			c->desc);
		hex(out, c->value, c->value_len);
		if (!r || !ref_expected(r, vm)) {
			fprintf(out, "  UNEXPECTED: no reference value for VM %u\n", vm);
			bad |= ATTEST_BAD_MEASUREMENT;
		} else if (c->value_len != 32 || memcmp(c->value, r->sha256, 32) ||
			   strcmp(c->desc, "sha-256")) {
			fprintf(out, "  MISMATCH\n");
			fprintf(out, "attest-verify: measurement of %s differs: token ", c->type);
			hex(out, c->value, c->value_len);
			fprintf(out, ", reference ");
			hex(out, r->sha256, 32);
			fprintf(out, "\n");
			bad |= ATTEST_BAD_MEASUREMENT;
		} else {
			fprintf(out, "  OK\n");
		}
	}
	for (int i = 0; i < refs->count; i++) {
		const struct attest_ref *r = &refs->ref[i];
		if (!ref_expected(r, vm))
			continue;
		int found = 0;
		for (int j = 0; j < t->sw_count; j++)
			found |= !strcmp(t->sw[j].type, r->name);
		if (!found) {
			fprintf(out, "attest-verify: measurement of %s is missing from the token\n",
				r->name);
			bad |= ATTEST_BAD_MEASUREMENT;
		}
	}
	return bad;
}

unsigned attest_verify(const uint8_t *buf, size_t len, EVP_PKEY *pub, const uint8_t *nonce,
		       size_t nonce_len, const struct attest_refs *refs, FILE *out)
{
	struct attest_token *t = malloc(sizeof(*t));
	char err[160];
	unsigned bad = 0;
	if (!t)
		return ATTEST_BAD_FORMAT;
	if (attest_token_parse(buf, len, t, err, sizeof(err))) {
		fprintf(out, "attest-verify: malformed token: %s\n", err);
		free(t);
		return ATTEST_BAD_FORMAT;
	}
	fprintf(out, "attest-verify: COSE_Sign1, ES256, payload %zu bytes, token %zu bytes\n",
		t->payload_len, len);
	if (attest_check_signature(t, pub)) {
		fprintf(out, "attest-verify: signature does not verify with this key\n");
		bad |= ATTEST_BAD_SIGNATURE;
	} else {
		fprintf(out, "attest-verify: signature OK\n");
	}
	bad |= check_claims(t, pub, out);
	if (nonce) {
		if (t->nonce_len != nonce_len || memcmp(t->nonce, nonce, nonce_len)) {
			fprintf(out, "attest-verify: nonce differs from the expected one (replayed "
				     "or for another request)\n");
			bad |= ATTEST_BAD_NONCE;
		} else {
			fprintf(out, "attest-verify: nonce OK\n");
		}
	}
	if (refs)
		bad |= check_measurements(t, refs, out);
	attest_token_free(t);
	free(t);
	return bad;
}
