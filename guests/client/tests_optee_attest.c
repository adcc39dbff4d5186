/*
 * OP-TEE's attestation PTA (tee/pta_optee_attest.c), from the normal world:
 * the public key (GP's short-buffer answer first), the TEE kernel's
 * measurement and a TA header's digest, each signed over a fresh nonce,
 * printed in hex for tests/system/attest.sh to verify with OpenSSL; then
 * parameters it must refuse, and the TA-only command refused to a client.
 */
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/pta_uuid.h>
#include "client.h"
#include "ta/include/tzvtest_ta.h"

#define TEE_ERROR_ACCESS_DENIED 0xffff0001u
#define ALG_RSASSA_PSS_SHA256 0x70414930u
#define KEY_BYTES (PTA_OPTEE_ATTEST_KEY_BITS / 8)
#define SIGNED (32 + KEY_BYTES)

static const uint8_t optee_attest_uuid[16] = PTA_OPTEE_ATTEST_UUID_OCTETS;
static const uint8_t tzvtest_uuid[16] = TA_TZVTEST_UUID_OCTETS;

static void print_hex(const char *what, uint32_t vm_id, const uint8_t *p, uint64_t n)
{
	char line[160];
	for (uint64_t off = 0; off < n; off += 64) {
		uint64_t chunk = n - off < 64 ? n - off : 64;
		for (uint64_t i = 0; i < chunk; i++)
			snprintf(&line[2 * i], 3, "%02x", p[off + i]);
		printf("client: optee-attest %s vm%u %lu %s\n", what, vm_id, off / 64, line);
	}
}

/* RFC 4122 octets to a TEE_UUID as it lies in memory (native-endian fields). */
static void octets_to_tee_uuid(const uint8_t o[16], uint8_t u[16])
{
	u[0] = o[3], u[1] = o[2], u[2] = o[1], u[3] = o[0];
	u[4] = o[5], u[5] = o[4], u[6] = o[7], u[7] = o[6];
	memcpy(u + 8, o + 8, 8);
}

static uint32_t measure(struct vm *vm, uint32_t s, uint32_t cmd, uint64_t nonce_pa,
			uint64_t nonce_len, uint64_t out_pa, uint64_t *out_len)
{
	struct optee_msg_param p[2] = {
	    ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, nonce_pa, nonce_len),
	    ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, out_pa, *out_len),
	};
	uint32_t r = invoke(vm, s, cmd, p, 2);
	*out_len = p[1].u.tmem.size;
	return r;
}

static uint32_t shdr_digest(struct vm *vm, uint32_t s, uint64_t uuid_pa, uint64_t uuid_len,
			    uint64_t nonce_pa, uint64_t out_pa, uint64_t *out_len)
{
	struct optee_msg_param p[3] = {
	    ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, uuid_pa, uuid_len),
	    ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, nonce_pa, 16),
	    ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, out_pa, *out_len),
	};
	uint32_t r = invoke(vm, s, PTA_OPTEE_ATTEST_CMD_GET_TA_SHDR_DIGEST, p, 3);
	*out_len = p[2].u.tmem.size;
	return r;
}

/*
 * GET_TA_SHDR_DIGEST of the test TA served as data..end, a file the loader has just
 * refused as a rollback (tests_ta.c): no signed digest either, TEEC_ERROR_SECURITY (the
 * check comes before the key, so a device without a secret answers the same).
 */
void optee_attest_rollback_refused(struct vm *vm, const uint8_t *data, const uint8_t *end)
{
	struct test t;
	uint32_t s = 0;
	uint64_t page = vm_pages(vm, 1), out_pa = vm_pages(vm, 1);
	t_begin(&t, "optee_attest_rolled_back_ta_refused");
	uint32_t r = open_session(vm, optee_attest_uuid, &s);
	EXPECT_EQ(&t, "open", TEEC_SUCCESS, r);
	if (r == TEEC_SUCCESS) {
		serve_file(0, tzvtest_uuid, data, end);
		octets_to_tee_uuid(tzvtest_uuid, pa_ptr(page));
		memset(pa_ptr(page + 64), 0x5a, 16);
		uint64_t len = 4096;
		EXPECT_EQ(&t, "ret", TEEC_ERROR_SECURITY,
			  shdr_digest(vm, s, page, 16, page + 64, out_pa, &len));
		serve_file(0, NULL, NULL, NULL);
		close_session(vm, s);
	}
	t_end(&t);
}

void tests_optee_attest(struct vm *vm)
{
	struct test t;
	uint32_t s = 0;
	uint64_t page = vm_pages(vm, 1), out_pa = vm_pages(vm, 1);
	uint8_t *base = pa_ptr(page), *out = pa_ptr(out_pa);
	uint64_t e_pa = page, n_pa = page + 64, nonce_pa = page + 1024, uuid_pa = page + 1088;
	uint8_t *nonce = base + 1024;
	uint64_t seed = read_sysreg(cntpct_el0) * 0x9e3779b97f4a7c15ull + vm->id;
	for (int i = 0; i < 16; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		nonce[i] = (uint8_t)(seed >> 56);
	}

	t_begin(&t, "optee_attest_open_session");
	EXPECT_EQ(&t, "open", TEEC_SUCCESS, open_session(vm, optee_attest_uuid, &s));
	if (!t_end(&t))
		return;

	/*
	 * The first request derives this instance's key. A device without a secret
	 * (device_secret.sh) has none: every key-based answer is then ITEM_NOT_FOUND.
	 */
	struct optee_msg_param k[3] = {
	    ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, e_pa, 1),
	    ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, n_pa, 16),
	    pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0),
	};
	uint64_t t0 = read_sysreg(cntpct_el0);
	uint32_t first = invoke(vm, s, PTA_OPTEE_ATTEST_CMD_GET_PUBKEY, k, 3);
	uint64_t t1 = read_sysreg(cntpct_el0);
	if (first == TEEC_ERROR_ITEM_NOT_FOUND) {
		t_begin(&t, "optee_attest_without_device_secret_refused");
		uint64_t len = 4096;
		EXPECT_EQ(&t, "TEE memory", TEEC_ERROR_ITEM_NOT_FOUND,
			  measure(vm, s, PTA_OPTEE_ATTEST_CMD_HASH_TEE_MEMORY, nonce_pa, 16, out_pa,
				  &len));
		t_end(&t);
		close_session(vm, s);
		return;
	}
	t_begin(&t, "optee_attest_pubkey_short_buffer");
	EXPECT_EQ(&t, "ret", TEEC_ERROR_SHORT_BUFFER, first);
	EXPECT_EQ(&t, "exponent size needed", 3, k[0].u.tmem.size);
	EXPECT_EQ(&t, "modulus size needed", KEY_BYTES, k[1].u.tmem.size);
	if (t_end(&t))
		printf("client: optee-attest key derivation vm%u took %lu ms\n", vm->id,
		       (t1 - t0) * 1000 / read_sysreg(cntfrq_el0));

	t_begin(&t, "optee_attest_get_pubkey");
	k[0] = ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, e_pa, 8);
	k[1] = ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, n_pa, 512);
	EXPECT_EQ(&t, "ret", TEEC_SUCCESS, invoke(vm, s, PTA_OPTEE_ATTEST_CMD_GET_PUBKEY, k, 3));
	EXPECT_EQ(&t, "exponent size", 3, k[0].u.tmem.size);
	EXPECT_EQ(&t, "modulus size", KEY_BYTES, k[1].u.tmem.size);
	EXPECT_EQ(&t, "algorithm", ALG_RSASSA_PSS_SHA256, k[2].u.value.a);
	if (t_end(&t)) {
		print_hex("exponent", vm->id, pa_ptr(e_pa), 3);
		print_hex("modulus", vm->id, pa_ptr(n_pa), KEY_BYTES);
	}

	t_begin(&t, "optee_attest_tee_memory");
	uint64_t len = 32;
	EXPECT_EQ(&t, "short", TEEC_ERROR_SHORT_BUFFER,
		  measure(vm, s, PTA_OPTEE_ATTEST_CMD_HASH_TEE_MEMORY, nonce_pa, 16, out_pa, &len));
	EXPECT_EQ(&t, "size needed", SIGNED, len);
	len = 4096;
	EXPECT_EQ(&t, "ret", TEEC_SUCCESS,
		  measure(vm, s, PTA_OPTEE_ATTEST_CMD_HASH_TEE_MEMORY, nonce_pa, 16, out_pa, &len));
	EXPECT_EQ(&t, "size", SIGNED, len);
	if (t_end(&t)) {
		print_hex("nonce", vm->id, nonce, 16);
		print_hex("tee-memory", vm->id, out, SIGNED);
	}

	t_begin(&t, "optee_attest_ta_shdr_digest");
	serve_test_ta(1);
	octets_to_tee_uuid(tzvtest_uuid, pa_ptr(uuid_pa));
	len = 4096;
	EXPECT_EQ(&t, "ret", TEEC_SUCCESS, shdr_digest(vm, s, uuid_pa, 16, nonce_pa, out_pa, &len));
	EXPECT_EQ(&t, "size", SIGNED, len);
	if (t_end(&t))
		print_hex("ta-shdr", vm->id, out, SIGNED);

	/* The test TA asks for its own memory's measurement: twice, then from a fresh load. */
	t_begin(&t, "optee_attest_ta_memory_from_ta");
	uint8_t first_hash[32];
	uint32_t ts = 0;
	for (int round = 0; round < 3; round++) {
		if (round != 1 && open_session(vm, tzvtest_uuid, &ts) != TEEC_SUCCESS) {
			t_fail(&t, "round %d: the test TA does not open", round);
			break;
		}
		len = 4096;
		EXPECT_EQ(&t, "ret", TEEC_SUCCESS,
			  measure(vm, ts, TZVTEST_CMD_ATTEST_MEMORY, nonce_pa, 16, out_pa, &len));
		EXPECT_EQ(&t, "size", SIGNED, len);
		if (round == 0)
			memcpy(first_hash, out, 32);
		else if (memcmp(first_hash, out, 32))
			t_fail(&t, "measurement %d differs from the first", round);
		if (round != 0)
			close_session(vm, ts);
	}
	if (t_end(&t))
		print_hex("ta-memory", vm->id, out, SIGNED);

	t_begin(&t, "optee_attest_bad_parameters_refused");
	len = 4096;
	EXPECT_EQ(&t, "empty nonce", TEEC_ERROR_BAD_PARAMETERS,
		  measure(vm, s, PTA_OPTEE_ATTEST_CMD_HASH_TEE_MEMORY, nonce_pa, 0, out_pa, &len));
	len = 4096;
	EXPECT_EQ(&t, "UUID of 15 bytes", TEEC_ERROR_BAD_PARAMETERS,
		  shdr_digest(vm, s, uuid_pa, 15, nonce_pa, out_pa, &len));
	struct optee_msg_param v[2] = {pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 1, 2, 3),
				       ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, out_pa, 4096)};
	EXPECT_EQ(&t, "value for the nonce", TEEC_ERROR_BAD_PARAMETERS,
		  invoke(vm, s, PTA_OPTEE_ATTEST_CMD_HASH_TEE_MEMORY, v, 2));
	struct optee_msg_param w[3] = {ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, e_pa, 8),
				       ptmem(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, n_pa, 512),
				       pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0)};
	EXPECT_EQ(&t, "input memref for the exponent", TEEC_ERROR_BAD_PARAMETERS,
		  invoke(vm, s, PTA_OPTEE_ATTEST_CMD_GET_PUBKEY, w, 3));
	serve_test_ta(0);
	len = 4096;
	EXPECT_EQ(&t, "a TA the supplicant does not have", TEEC_ERROR_ITEM_NOT_FOUND,
		  shdr_digest(vm, s, uuid_pa, 16, nonce_pa, out_pa, &len));
	EXPECT_EQ(&t, "unknown command", TEEC_ERROR_NOT_SUPPORTED, invoke(vm, s, 0x7e00, NULL, 0));
	t_end(&t);

	t_begin(&t, "optee_attest_ta_memory_refused_to_client");
	len = 4096;
	EXPECT_EQ(&t, "ret", TEE_ERROR_ACCESS_DENIED,
		  measure(vm, s, PTA_OPTEE_ATTEST_CMD_HASH_TA_MEMORY, nonce_pa, 16, out_pa, &len));
	t_end(&t);

	/* Still answering after all that. */
	t_begin(&t, "optee_attest_alive_after_refusals");
	len = 4096;
	EXPECT_EQ(&t, "ret", TEEC_SUCCESS,
		  measure(vm, s, PTA_OPTEE_ATTEST_CMD_HASH_TEE_MEMORY, nonce_pa, 16, out_pa, &len));
	t_end(&t);
	close_session(vm, s);
}
