/*
 * TA anti-rollback: a signed TA file's ta_version, and the version of each subkey it was
 * signed through, against the highest this VM's instance accepted before (counters the
 * monitor keeps in secure flash). The loader (tee/uta.c, tee/uta_lib.c) records a higher
 * version as it accepts it; OP-TEE's attestation PTA (tee/pta_optee_attest.c) only reads,
 * so that it vouches for no file the loader would refuse and changes nothing by vouching.
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/secure_abi.h>
#include "tee.h"
#include "ta_crypto.h"

/* The counter of id (a TA's UUID, or a subkey's derived one); what names it in the log. */
static uint32_t version_check(const uint8_t id[16], uint32_t version, bool record, const char *what,
			      const uint8_t uuid[16])
{
	uint64_t highest;
	uint64_t r = tee_ta_version_counter(id, TZV_COUNTER_READ, 0, &highest);
	if (r == TZV_COUNTER_OK && version < highest) {
		tee_log("%s %02x%02x%02x%02x: version %u refused, version %llu was accepted before "
			"(rollback)",
			what, uuid[0], uuid[1], uuid[2], uuid[3], version,
			(unsigned long long)highest);
		return TEEC_ERROR_SECURITY;
	}
	if (r == TZV_COUNTER_OK && version > highest && record) {
		r = tee_ta_version_counter(id, TZV_COUNTER_ADVANCE, version, &highest);
		if (r == TZV_COUNTER_OK)
			tee_log("%s %02x%02x%02x%02x: version %u recorded", what, uuid[0], uuid[1],
				uuid[2], uuid[3], version);
	}
	if (r != TZV_COUNTER_OK) {
		/* not an unchecked TA: the secure flash could not answer or keep its version */
		tee_log("%s %02x%02x%02x%02x: refused, version %u not checked (counter error %llu)",
			what, uuid[0], uuid[1], uuid[2], uuid[3], version, (unsigned long long)r);
		return r == TZV_COUNTER_REFUSED ? TEEC_ERROR_SECURITY : TEEC_ERROR_GENERIC;
	}
	return TEEC_SUCCESS;
}

/*
 * A subkey's version has a counter of its own: an identity subkey has the UUID of
 * the TA it signs, whose version is another number. Its id is the first 16 bytes
 * of SHA-256("tzvisor subkey version" | UUID).
 */
static uint32_t subkey_version_check(const uint8_t uuid[16], uint32_t subkey_version, bool record)
{
	static const char label[] = "tzvisor subkey version";
	uint8_t d[32];
	if (ta_crypto_hash((const uint8_t *)label, sizeof(label) - 1, uuid, 16, d))
		return TEEC_ERROR_GENERIC;
	return version_check(d, subkey_version, record, "subkey", uuid);
}

uint32_t uta_versions_check(const struct uta_image *img, const uint8_t uuid[16], bool record)
{
	uint32_t r = TEEC_SUCCESS;
	for (unsigned i = 0; i < img->nsubkeys && r == TEEC_SUCCESS; i++)
		r = subkey_version_check(img->subkey[i].uuid, img->subkey[i].version, record);
	if (r == TEEC_SUCCESS)
		r = version_check(uuid, img->ta_version, record, "TA", uuid);
	return r;
}
