/*
 * OP-TEE's secure-storage TA management PTA (UUID and command of OP-TEE's
 * pta_secstor_ta_mgmt.h). PTA_SECSTOR_TA_MGMT_BOOTSTRAP takes a signed TA file
 * (memref input) and installs it into this instance's trusted storage, from where
 * the TA loader takes it before asking tee-supplicant (tee/uta.c). Open to every
 * client of the instance, as OP-TEE's (no login is required there either).
 *
 * Before anything is stored the file passes every check the loader makes
 * (tee/ta_check.c: signed header, hash, signature with the built-in key or its
 * subkey chain, UUID namespace, the ELF and its layout, the segments loaded and
 * freed) and the anti-rollback counters of the TA and its subkeys (tee/ta_version.c,
 * read). Any refusal of the file answers TEE_ERROR_SECURITY, as OP-TEE's; an installed
 * version above the new one answers TEE_ERROR_ACCESS_CONFLICT, as OP-TEE's. Nothing
 * is stored or changed on any of these errors. The file is stored, then its versions
 * are recorded: a failed write leaves the counters and the stored copy as they were.
 * The stored object is the whole signed file, so the loader checks it again, exactly
 * as a file from tee-supplicant.
 *
 * Per VM, as OP-TEE's per-guest storage: objects are sealed under this instance's
 * storage key and live in its own VM's tee-supplicant files, so a TA installed by
 * one VM is not found (nor readable) by another.
 */
#include <lib/string.h>
#include <abi/tee_client.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/ta_abi.h>
#include "storage.h"
#include "ta_crypto.h"
#include "tee.h"

#define CMD_BOOTSTRAP 0
#define TEE_ERROR_CORRUPT_OBJECT 0xf0100001u

static void log_uuid(const char *what, const uint8_t u[16], uint32_t version, uint32_t r)
{
	tee_log("secstor: TA %02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x "
		"version %u: %s (0x%x)",
		u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		u[13], u[14], u[15], version, what, r);
}

/*
 * Whether this VM's instance ever installed a TA: one of the monitor's counters (secure
 * flash, per VM, only upwards), named by the first 16 bytes of SHA-256 of a label as a
 * subkey's version counter is (tee/ta_version.c). 1 once a TA was installed. A VM that never
 * installed one pays no storage lookup when a TA loads (tee-supplicant's files only);
 * a counter that cannot be read means look.
 */
static bool counter_id(uint8_t id[16])
{
	static const char label[] = "tzvisor installed TAs";
	uint8_t d[32];
	if (ta_crypto_hash((const uint8_t *)label, sizeof(label) - 1, NULL, 0, d))
		return false;
	memcpy(id, d, 16);
	return true;
}

static bool ever_installed(void)
{
	uint8_t id[16];
	uint64_t v;
	return !counter_id(id) ||
	       tee_ta_version_counter(id, TZV_COUNTER_READ, 0, &v) != TZV_COUNTER_OK || v > 0;
}

static uint32_t mark_installed(void)
{
	uint8_t id[16];
	uint64_t v;
	if (!counter_id(id))
		return TEEC_ERROR_GENERIC;
	uint64_t r = tee_ta_version_counter(id, TZV_COUNTER_READ, 0, &v);
	if (r == TZV_COUNTER_OK && v == 0)
		r = tee_ta_version_counter(id, TZV_COUNTER_ADVANCE, 1, &v);
	return r == TZV_COUNTER_OK ? TEEC_SUCCESS : TEEC_ERROR_GENERIC;
}

uint32_t tadb_fetch(const uint8_t uuid[16], uint8_t **file, uint64_t *size, unsigned *npages)
{
	if (!ever_installed())
		return TEEC_ERROR_ITEM_NOT_FOUND;
	return storage_kernel_read(pta_secstor_ta_mgmt.uuid, uuid, 16, file, size, npages);
}

/* TEE_ERROR_ACCESS_CONFLICT if the installed copy of uuid has a version above version. */
static uint32_t install_conflict(const uint8_t uuid[16], uint32_t version)
{
	uint8_t *file;
	uint64_t size;
	unsigned npages;
	uint32_t r = tadb_fetch(uuid, &file, &size, &npages);
	if (r == TEEC_ERROR_ITEM_NOT_FOUND)
		return TEEC_SUCCESS;
	if (r == TEE_ERROR_CORRUPT_OBJECT) {
		/* the VM spoilt its own copy: replaced (the rollback counters still hold) */
		log_uuid("installed copy unusable, replaced", uuid, version, r);
		return TEEC_SUCCESS;
	}
	if (r != TEEC_SUCCESS)
		return r;
	struct uta_image old;
	r = uta_verify_signed(file, size, uuid, &old);
	pages_free(file, npages);
	if (r == TEEC_SUCCESS && old.ta_version > version) {
		tee_log("secstor: version %u is installed", old.ta_version);
		return TEEC_ERROR_ACCESS_CONFLICT;
	}
	return TEEC_SUCCESS;
}

static uint32_t bootstrap(struct ta_param p[TEE_TA_PARAMS])
{
	static const uint32_t types[TEE_TA_PARAMS] = {TA_T(TA_PARAM_MEMREF_INPUT),
						      TA_T(TA_PARAM_NONE), TA_T(TA_PARAM_NONE),
						      TA_T(TA_PARAM_NONE)};
	static struct uta_image img; /* one call at a time per instance */
	if (!ta_check_types(p, types))
		return TEEC_ERROR_BAD_PARAMETERS;
	/* a private copy: the bounce buffer of a normal-world client, a TA caller's own pages */
	const uint8_t *file = p[0].u.memref.buf;
	uint64_t size = p[0].u.memref.size;
	if (!file || size < TZV_SHDR_SIZE) {
		tee_log("secstor: %llu bytes: no signed TA", (unsigned long long)size);
		return TEEC_ERROR_SECURITY;
	}

	uint32_t r = uta_verify_install(file, size, &img);
	if (r == TEEC_ERROR_OUT_OF_MEMORY)
		return r;
	if (r != TEEC_SUCCESS) {
		tee_log("secstor: refused: the signed TA fails the loader's checks (0x%x)", r);
		return TEEC_ERROR_SECURITY;
	}
	r = install_conflict(img.uuid, img.ta_version);
	if (r == TEEC_SUCCESS)
		r = uta_versions_check(&img, img.uuid, false);
	if (r == TEEC_SUCCESS)
		r = mark_installed(); /* first: a cut after it only costs lookups */
	if (r == TEEC_SUCCESS)
		r = storage_kernel_write(pta_secstor_ta_mgmt.uuid, img.uuid, 16, file, size);
	if (r != TEEC_SUCCESS) {
		log_uuid("not installed", img.uuid, img.ta_version, r);
		return r;
	}
	/*
	 * The versions are recorded only once the file is stored: recorded before a write
	 * that fails, they would refuse the copy still stored, and the VM could load no
	 * version of its TA. Not recorded (the flash failed), the stored copy still loads,
	 * and the loader records them then; an older file cannot be installed over it.
	 */
	r = uta_versions_check(&img, img.uuid, true);
	log_uuid(r == TEEC_SUCCESS ? "installed" : "installed, versions recorded at its first load",
		 img.uuid, img.ta_version, r);
	return r;
}

static uint32_t secstor_invoke(struct ta_session *s, uint32_t cmd, struct ta_param p[TEE_TA_PARAMS])
{
	(void)s;
	if (cmd == CMD_BOOTSTRAP)
		return bootstrap(p);
	return TEEC_ERROR_NOT_IMPLEMENTED;
}

const struct ta_ops pta_secstor_ta_mgmt = {
    .name = "secstor_ta_mgmt",
    /* 6e256cba-fc4d-4941-ad09-2ca1860342dd */
    .uuid = {0x6e, 0x25, 0x6c, 0xba, 0xfc, 0x4d, 0x49, 0x41, 0xad, 0x09, 0x2c, 0xa1, 0x86, 0x03,
	     0x42, 0xdd},
    .invoke = secstor_invoke,
};
