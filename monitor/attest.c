/*
 * Attestation tokens (docs/attestation.md): for a TEE instance's VM and a
 * caller's nonce, a PSA attestation token (RFC 9783) built from the monitor's
 * own measurement log, in a COSE_Sign1 (RFC 9052) signed with ES256 by the
 * attestation key, which is derived here from the device secret and never
 * leaves EL3. The TEE-visor names the VM; nothing in the token comes from the
 * caller except the nonce.
 */
#include "attest.h"
#include "cbor.h"
#include "device_key.h"
#include "measure.h"
#include "monitor.h"
#include <lib/print.h>
#include <lib/string.h>
#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/sha256.h>
#include <tzvisor/attest.h>
#include <tzvisor/config.h>
#include <tzvisor/secure_abi.h>

#define PAYLOAD_MAX (TZV_ATTEST_TOKEN_MAX - 96)

/* The attestation key: private scalar, and what the token says about its public half. */
static struct {
	int ready;
	uint8_t d[32];
	uint8_t instance_id[33]; /* UEID: type RAND, SHA-256 of the public key (0x04 || X || Y) */
	uint8_t implementation_id[32];
} key;

static uint32_t attest_lock;
static uint8_t payload[PAYLOAD_MAX];
/* protected header: { 1 (alg): -7 (ES256) } */
static const uint8_t protected_hdr[] = {0xa1, 0x01, 0x26};
static const uint8_t zero_signer[32];

/*
 * d = (OS2IP(okm) mod (n - 1)) + 1, so any 32 bytes give a valid scalar; the
 * public key is d·G. Called with the crypto lock held.
 */
static int key_from_okm(const uint8_t okm[32])
{
	mbedtls_ecp_group grp;
	mbedtls_mpi d, n1;
	mbedtls_ecp_point q;
	uint8_t pub[65];
	size_t pub_len = 0;
	int err;

	mbedtls_ecp_group_init(&grp);
	mbedtls_mpi_init(&d);
	mbedtls_mpi_init(&n1);
	mbedtls_ecp_point_init(&q);
	err = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1);
	err = err ? err : mbedtls_mpi_read_binary(&d, okm, 32);
	err = err ? err : mbedtls_mpi_sub_int(&n1, &grp.N, 1);
	err = err ? err : mbedtls_mpi_mod_mpi(&d, &d, &n1);
	err = err ? err : mbedtls_mpi_add_int(&d, &d, 1);
	err = err ? err : mbedtls_ecp_mul(&grp, &q, &d, &grp.G, NULL, NULL);
	err = err ? err
		  : mbedtls_ecp_point_write_binary(&grp, &q, MBEDTLS_ECP_PF_UNCOMPRESSED, &pub_len,
						   pub, sizeof(pub));
	err = err ? err : mbedtls_mpi_write_binary(&d, key.d, sizeof(key.d));
	if (!err) {
		key.instance_id[0] = UEID_TYPE_RAND;
		err = mbedtls_sha256_ret(pub, pub_len, &key.instance_id[1], 0);
	}
	if (!err)
		err = mbedtls_sha256_ret((const uint8_t *)TZV_IMPLEMENTATION_NAME,
					 strlen(TZV_IMPLEMENTATION_NAME), key.implementation_id, 0);
	mbedtls_ecp_point_free(&q);
	mbedtls_mpi_free(&n1);
	mbedtls_mpi_free(&d);
	mbedtls_ecp_group_free(&grp);
	return err ? -1 : 0;
}

static int key_ready(void)
{
	if (key.ready)
		return 0;
	uint8_t okm[32];
	if (device_key_derive(TZV_KEY_LABEL_ATTESTATION, NULL, 0, okm) != 0)
		return -1;
	monitor_crypto_lock();
	int err = key_from_okm(okm);
	monitor_crypto_unlock();
	memset(okm, 0, sizeof(okm));
	if (err)
		return -1;
	key.ready = 1;
	return 0;
}

/* Whether a log entry belongs in the token of this VM, and in which order (group). */
static int entry_for_vm(const struct measurement *m, uint32_t vm_id, uint32_t group)
{
	if (m->group != group)
		return 0;
	if (group == GROUP_PLATFORM)
		return 1;
	if (group == GROUP_TEE)
		return m->owner == MEASURE_TEE || m->owner == vm_id;
	return m->owner == vm_id || m->owner == MEASURE_ALL_VMS;
}

static void encode_component(struct cbor_out *c, const struct measurement *m)
{
	cbor_head(c, CBOR_MAJOR_MAP, 4);
	cbor_int(c, PSA_SW_MEASUREMENT_TYPE);
	cbor_text(c, m->name);
	cbor_int(c, PSA_SW_MEASUREMENT_VALUE);
	cbor_bytes(c, m->sha256, sizeof(m->sha256));
	/* The images are measured, not signed: no signer, all zeros (docs/attestation.md). */
	cbor_int(c, PSA_SW_SIGNER_ID);
	cbor_bytes(c, zero_signer, sizeof(zero_signer));
	cbor_int(c, PSA_SW_MEASUREMENT_DESC);
	cbor_text(c, "sha-256");
}

/* The claims, keys in ascending order (deterministic encoding). Returns its length. */
static size_t encode_claims(uint32_t vm_id, const uint8_t *nonce, size_t nonce_len)
{
	struct cbor_out c;
	uint32_t components = 0;
	for (uint32_t g = GROUP_PLATFORM; g <= GROUP_VM; g++)
		for (uint32_t i = 0; i < measurement_count_get(); i++)
			components += entry_for_vm(measurement_at(i), vm_id, g);

	cbor_init(&c, payload, sizeof(payload));
	cbor_head(&c, CBOR_MAJOR_MAP, 7);
	cbor_int(&c, EAT_NONCE);
	cbor_bytes(&c, nonce, nonce_len);
	cbor_int(&c, EAT_UEID);
	cbor_bytes(&c, key.instance_id, sizeof(key.instance_id));
	cbor_int(&c, EAT_PROFILE);
	cbor_text(&c, PSA_PROFILE_TFM);
	/* The caller is a normal-world VM: PSA gives non-secure callers negative ids. */
	cbor_int(&c, PSA_CLIENT_ID);
	cbor_int(&c, -(int64_t)vm_id);
	cbor_int(&c, PSA_SECURITY_LIFECYCLE);
	cbor_int(&c, PSA_LIFECYCLE_SECURED);
	cbor_int(&c, PSA_IMPLEMENTATION_ID);
	cbor_bytes(&c, key.implementation_id, sizeof(key.implementation_id));
	cbor_int(&c, PSA_SW_COMPONENTS);
	cbor_head(&c, CBOR_MAJOR_ARRAY, components);
	for (uint32_t g = GROUP_PLATFORM; g <= GROUP_VM; g++)
		for (uint32_t i = 0; i < measurement_count_get(); i++)
			if (entry_for_vm(measurement_at(i), vm_id, g))
				encode_component(&c, measurement_at(i));
	return cbor_fits(&c) ? c.len : 0;
}

/* SHA-256 of Sig_structure = ["Signature1", protected, external_aad = h'', payload]. */
static int sig_structure_hash(size_t payload_len, uint8_t hash[32])
{
	uint8_t head[32];
	struct cbor_out c;
	cbor_init(&c, head, sizeof(head));
	cbor_head(&c, CBOR_MAJOR_ARRAY, 4);
	cbor_text(&c, "Signature1");
	cbor_bytes(&c, protected_hdr, sizeof(protected_hdr));
	cbor_bytes(&c, NULL, 0);
	cbor_head(&c, CBOR_MAJOR_BYTES, payload_len);
	mbedtls_sha256_context sha;
	mbedtls_sha256_init(&sha);
	int err = mbedtls_sha256_starts_ret(&sha, 0);
	err = err ? err : mbedtls_sha256_update_ret(&sha, head, c.len);
	err = err ? err : mbedtls_sha256_update_ret(&sha, payload, payload_len);
	err = err ? err : mbedtls_sha256_finish_ret(&sha, hash);
	mbedtls_sha256_free(&sha);
	return err ? -1 : 0;
}

/* ES256: deterministic ECDSA (RFC 6979), r || s as 32 bytes each. */
static int sign_hash(const uint8_t hash[32], uint8_t sig[64])
{
	mbedtls_ecp_group grp;
	mbedtls_mpi d, r, s;
	mbedtls_ecp_group_init(&grp);
	mbedtls_mpi_init(&d);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	int err = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1);
	err = err ? err : mbedtls_mpi_read_binary(&d, key.d, sizeof(key.d));
	err = err ? err
		  : mbedtls_ecdsa_sign_det_ext(&grp, &r, &s, &d, hash, 32, MBEDTLS_MD_SHA256, NULL,
					       NULL);
	err = err ? err : mbedtls_mpi_write_binary(&r, sig, 32);
	err = err ? err : mbedtls_mpi_write_binary(&s, sig + 32, 32);
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&d);
	mbedtls_ecp_group_free(&grp);
	return err ? -1 : 0;
}

static int vm_configured(uint32_t vm_id)
{
	for (uint32_t i = 0; i < platform_config.vm_count; i++)
		if (platform_config.vms[i].vm_id == vm_id)
			return 1;
	return 0;
}

static uint64_t build_token(uint32_t vm_id, const uint8_t *nonce, size_t nonce_len, uint8_t *out,
			    size_t cap, size_t *len)
{
	if (!vm_configured(vm_id) || (nonce_len != 32 && nonce_len != 48 && nonce_len != 64))
		return TZV_ATTEST_BAD_ARGS;
	if (key_ready())
		return TZV_ATTEST_NO_KEY;
	size_t payload_len = encode_claims(vm_id, nonce, nonce_len);
	if (!payload_len)
		return TZV_ATTEST_FAILED;

	/* Size first: 18([protected, {}, payload, signature]). */
	struct cbor_out c;
	cbor_init(&c, out, 0);
	cbor_head(&c, CBOR_MAJOR_TAG, COSE_TAG_SIGN1);
	cbor_head(&c, CBOR_MAJOR_ARRAY, 4);
	cbor_bytes(&c, protected_hdr, sizeof(protected_hdr));
	cbor_head(&c, CBOR_MAJOR_MAP, 0);
	cbor_head(&c, CBOR_MAJOR_BYTES, payload_len);
	cbor_head(&c, CBOR_MAJOR_BYTES, 64);
	size_t total = c.len + payload_len + 64;
	*len = total;
	if (total > cap)
		return TZV_ATTEST_SHORT_BUFFER;

	uint8_t hash[32], sig[64];
	monitor_crypto_lock();
	int err = sig_structure_hash(payload_len, hash);
	err = err ? err : sign_hash(hash, sig);
	monitor_crypto_unlock();
	if (err)
		return TZV_ATTEST_FAILED;
	cbor_init(&c, out, cap);
	cbor_head(&c, CBOR_MAJOR_TAG, COSE_TAG_SIGN1);
	cbor_head(&c, CBOR_MAJOR_ARRAY, 4);
	cbor_bytes(&c, protected_hdr, sizeof(protected_hdr));
	cbor_head(&c, CBOR_MAJOR_MAP, 0);
	cbor_bytes(&c, payload, payload_len);
	cbor_bytes(&c, sig, sizeof(sig));
	return c.len == total ? TZV_ATTEST_OK : TZV_ATTEST_FAILED;
}

/* A buffer the TEE-visor passes must lie in the TEE instances' private memory. */
static int in_instance_memory(uint64_t pa, uint64_t size)
{
	uint64_t lo = TEE_INSTANCES_BASE, hi = SRAM_BASE + SRAM_SIZE;
	return pa >= lo && pa < hi && size <= hi - pa;
}

void attest_handle_tvisor_call(uint64_t x[8])
{
	uint32_t vm_id = (uint32_t)x[1];
	uint64_t nonce_pa = x[2], nonce_len = x[3], out_pa = x[4], cap = x[5];
	size_t len = 0;
	uint64_t status;
	if (x[1] >> 32 || nonce_len > 64 || cap > TZV_ATTEST_TOKEN_MAX ||
	    !in_instance_memory(nonce_pa, nonce_len) || !in_instance_memory(out_pa, cap)) {
		status = TZV_ATTEST_BAD_ARGS;
	} else {
		uint8_t nonce[64];
		memcpy(nonce, (const void *)nonce_pa, nonce_len);
		while (__atomic_exchange_n(&attest_lock, 1, __ATOMIC_ACQUIRE))
			;
		status = build_token(vm_id, nonce, nonce_len, (uint8_t *)out_pa, cap, &len);
		__atomic_store_n(&attest_lock, 0, __ATOMIC_RELEASE);
	}
	x[0] = status;
	x[1] = len;
}
