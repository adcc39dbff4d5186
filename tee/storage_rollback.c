/*
 * Trusted storage's rollback and deletion detection (docs/storage.md): the highest
 * version the instance has seen of each object and which it deleted, kept in a sealed
 * table file whose version the monitor's rollback counter (secure flash) pins.
 */
#include <lib/string.h>
#include <mbedtls/gcm.h>
#include <abi/tee_client.h>
#include <tzvisor/secure_abi.h>
#include "storage_int.h"

static struct seen seen[ST_SEEN];
static uint32_t seen_clock;

/* The persistent rollback table's state (table_ready). */
enum table_state { TABLE_UNLOADED, TABLE_OK, TABLE_BROKEN };
static enum table_state table_state;
static uint64_t table_version; /* = the monitor's counter once loaded */

/* ---- what the instance has seen ---- */

struct seen *seen_find(const uint8_t uuid[16], const uint8_t name[NAME_LEN])
{
	for (unsigned i = 0; i < ST_SEEN; i++)
		if (seen[i].used && !memcmp(seen[i].uuid, uuid, 16) &&
		    !memcmp(seen[i].name, name, NAME_LEN))
			return &seen[i];
	return NULL;
}

void seen_note(const uint8_t uuid[16], const uint8_t name[NAME_LEN], uint64_t version, bool deleted)
{
	struct seen *s = seen_find(uuid, name);
	if (!s) {
		/* a free entry, else the least recently noted (that object loses its guard) */
		for (unsigned i = 0; i < ST_SEEN; i++)
			if (!s || !seen[i].used || (s->used && seen[i].stamp < s->stamp))
				s = &seen[i];
		if (s->used)
			tee_log("storage: rollback table full, forgetting an object");
		memset(s, 0, sizeof(*s));
		s->used = true;
		memcpy(s->uuid, uuid, 16);
		memcpy(s->name, name, NAME_LEN);
	}
	if (version >= s->version) {
		s->version = version;
		s->deleted = deleted;
	}
	s->stamp = ++seen_clock;
}

/* A copy of an object the instance deleted (put back, or left by a cut during the delete). */
bool seen_deleted(const uint8_t uuid[16], const uint8_t name[NAME_LEN], uint64_t version)
{
	const struct seen *s = seen_find(uuid, name);
	return s && s->deleted && version <= s->version;
}

/*
 * An older copy than the instance has seen: refused. A file of an object it deleted is
 * not the object: ITEM_NOT_FOUND, so a power cut between the table write and the file's
 * removal leaves the object deleted, as a put-back copy does.
 */
uint32_t seen_check(const uint8_t uuid[16], const uint8_t name[NAME_LEN], uint64_t version)
{
	const struct seen *s = seen_find(uuid, name);
	if (seen_deleted(uuid, name, version)) {
		tee_log(
		    "storage: object %02x%02x%02x%02x...: a file of the deleted object: ignored",
		    name[0], name[1], name[2], name[3]);
		return TEEC_ERROR_ITEM_NOT_FOUND;
	}
	if (s && version < s->version)
		return storage_corrupt("older than the version last seen (rollback)", name);
	return TEEC_SUCCESS;
}

/*
 * ---- the persistent rollback table ----
 *
 * What the instance has seen (above) is also kept in one file, "tzvisor-rollback"
 * at the top of the storage directory, sealed with AES-256-GCM under a key derived
 * from the instance storage key. Its version must equal the instance's rollback
 * counter, which only the monitor can change (in secure flash, only upwards): an
 * older table (and with it older objects) put back while the machine is off is
 * refused. Every change writes the object, then the table at counter + 1, then
 * advances the counter; a table at counter + 1 is a change whose advance a power
 * cut stopped: accepted, and the counter advanced.
 */
#define TABLE_PATH "tzvisor-rollback"
#define TABLE_TEMP ".tzvisor-rollback.new"
#define TABLE_MAGIC "TZRT"
#define TABLE_FORMAT 1

struct table_hdr {
	char magic[4];
	uint16_t format;
	uint16_t hdr_len;
	uint64_t version;
	uint8_t nonce[NONCE_LEN];
	uint32_t count;
};
_Static_assert(sizeof(struct table_hdr) == 32, "table header layout");

struct table_entry {
	uint8_t uuid[16];
	uint8_t name[NAME_LEN];
	uint64_t version;
	uint32_t deleted;
	uint32_t reserved;
};
_Static_assert(sizeof(struct table_entry) == 48, "table entry layout");
#define TABLE_BODY_MAX (ST_SEEN * sizeof(struct table_entry))
#define TABLE_PAGES ((TABLE_BODY_MAX + TEE_PAGE - 1) / TEE_PAGE)
_Static_assert(sizeof(struct table_hdr) + TABLE_BODY_MAX + TAG_LEN <= SHM_FILE_INIT, "table size");

static const uint8_t table_key_context[16]; /* HKDF info: "rollback-table" || 16 zero bytes */

static uint32_t table_fail(const char *why)
{
	tee_log("storage: rollback table: %s: every object refused", why);
	table_state = TABLE_BROKEN;
	return TEE_ERROR_CORRUPT_OBJECT;
}

static uint32_t counter_advance(uint64_t value)
{
	uint64_t stored;
	uint64_t r = tee_rollback_counter(TZV_COUNTER_ADVANCE, value, &stored);
	if (r != TZV_COUNTER_OK) {
		tee_log("storage: rollback counter not advanced to %llu (%llu)",
			(unsigned long long)value, (unsigned long long)r);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	return TEEC_SUCCESS;
}

/* GCM of the table body (in private pages) with the header as AAD. */
static int table_crypt(int mode, struct table_hdr *h, const uint8_t *in, uint8_t *out, size_t len,
		       uint8_t tag[TAG_LEN])
{
	uint8_t key[32];
	mbedtls_gcm_context gcm;
	int err = storage_derive(table_key_context, "rollback-table", key);
	mbedtls_gcm_init(&gcm);
	err = err ? err : mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256);
	if (!err && mode == MBEDTLS_GCM_ENCRYPT)
		err = mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, len, h->nonce, NONCE_LEN,
						(const uint8_t *)h, sizeof(*h), in, out, TAG_LEN,
						tag);
	else if (!err)
		err = mbedtls_gcm_auth_decrypt(&gcm, len, h->nonce, NONCE_LEN, (const uint8_t *)h,
					       sizeof(*h), tag, TAG_LEN, in, out);
	mbedtls_gcm_free(&gcm);
	wipe(key, sizeof(key));
	return err;
}

/* Reads and checks the table file: ITEM_NOT_FOUND, CORRUPT_OBJECT, NOT_AVAILABLE or success. */
static uint32_t table_read(struct fs *c, uint64_t *version)
{
	uint64_t got;
	uint32_t r = fs_read_file(c, TABLE_PATH, &got);
	if (r != TEEC_SUCCESS)
		return r;
	struct table_hdr h;
	if (got < sizeof(h) + TAG_LEN || nwbuf_read(&c->buf, SHM_FILE, &h, sizeof(h)))
		return TEE_ERROR_CORRUPT_OBJECT;
	if (memcmp(h.magic, TABLE_MAGIC, 4) || h.format != TABLE_FORMAT || h.hdr_len != sizeof(h) ||
	    h.count > ST_SEEN || got != sizeof(h) + h.count * sizeof(struct table_entry) + TAG_LEN)
		return TEE_ERROR_CORRUPT_OBJECT;
	size_t len = h.count * sizeof(struct table_entry);
	uint8_t tag[TAG_LEN];
	uint8_t *in = pages_alloc(TABLE_PAGES), *out = pages_alloc(TABLE_PAGES);
	r = TEE_ERROR_CORRUPT_OBJECT;
	if (!in || !out)
		r = TEEC_ERROR_OUT_OF_MEMORY;
	else if (nwbuf_read(&c->buf, SHM_FILE + sizeof(h), in, len) ||
		 nwbuf_read(&c->buf, SHM_FILE + sizeof(h) + len, tag, TAG_LEN))
		r = TEE_ERROR_STORAGE_NOT_AVAILABLE;
	else if (table_crypt(MBEDTLS_GCM_DECRYPT, &h, in, out, len, tag) == 0) {
		const struct table_entry *e = (const struct table_entry *)out;
		memset(seen, 0, sizeof(seen));
		for (uint32_t i = 0; i < h.count; i++) {
			seen[i].used = true;
			seen[i].deleted = e[i].deleted != 0;
			memcpy(seen[i].uuid, e[i].uuid, 16);
			memcpy(seen[i].name, e[i].name, NAME_LEN);
			seen[i].version = e[i].version;
			seen[i].stamp = i + 1;
		}
		seen_clock = h.count;
		*version = h.version;
		r = TEEC_SUCCESS;
	}
	if (out) {
		wipe(out, TABLE_PAGES * TEE_PAGE);
		pages_free(out, TABLE_PAGES);
	}
	if (in)
		pages_free(in, TABLE_PAGES);
	return r;
}

/* Loads the table once per instance start; while it is missing or old, nothing is served. */
uint32_t table_ready(void)
{
	if (table_state == TABLE_OK)
		return TEEC_SUCCESS;
	uint64_t counter;
	if (tee_rollback_counter(TZV_COUNTER_READ, 0, &counter) != TZV_COUNTER_OK) {
		tee_log("storage: no rollback counter from the monitor");
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	struct fs c;
	uint64_t version = 0;
	uint32_t r = fs_begin(&c);
	if (r != TEEC_SUCCESS)
		return r;
	r = table_read(&c, &version);
	fs_end(&c);
	if (r == TEE_ERROR_STORAGE_NOT_AVAILABLE || r == TEEC_ERROR_OUT_OF_MEMORY)
		return r;
	if (r != TEEC_SUCCESS || version < counter || version > counter + 1) {
		memset(seen, 0, sizeof(seen));
		seen_clock = 0;
		if (counter == 0 && r != TEEC_SUCCESS) {
			table_version = 0; /* nothing was ever committed: a fresh store */
			table_state = TABLE_OK;
			return TEEC_SUCCESS;
		}
		if (r == TEEC_ERROR_ITEM_NOT_FOUND)
			return table_fail("missing while the rollback counter is above 0");
		if (r != TEEC_SUCCESS)
			return table_fail("fails its checks");
		return table_fail(version < counter ? "older than the rollback counter (rollback)"
						    : "newer than the rollback counter");
	}
	if (version == counter + 1) {
		/* the power went between writing the table and advancing the counter */
		r = counter_advance(version);
		if (r != TEEC_SUCCESS)
			return r;
		tee_log("storage: rollback table one ahead of the counter (a power cut before the "
			"advance): counter advanced to %llu",
			(unsigned long long)version);
	}
	table_version = version;
	table_state = TABLE_OK;
	return TEEC_SUCCESS;
}

/* Writes what the instance has seen as the table at counter + 1, then advances the counter. */
uint32_t table_commit(struct fs *c)
{
	struct table_hdr h;
	uint8_t tag[TAG_LEN];
	uint64_t fd;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, TABLE_MAGIC, 4);
	h.format = TABLE_FORMAT;
	h.hdr_len = sizeof(h);
	h.version = table_version + 1;
	uint8_t *plain = pages_alloc(TABLE_PAGES), *sealed = pages_alloc(TABLE_PAGES);
	uint32_t r = TEEC_ERROR_OUT_OF_MEMORY;
	if (plain && sealed) {
		struct table_entry *e = (struct table_entry *)plain;
		for (unsigned i = 0; i < ST_SEEN; i++) {
			if (!seen[i].used)
				continue;
			memset(&e[h.count], 0, sizeof(e[h.count]));
			memcpy(e[h.count].uuid, seen[i].uuid, 16);
			memcpy(e[h.count].name, seen[i].name, NAME_LEN);
			e[h.count].version = seen[i].version;
			e[h.count].deleted = seen[i].deleted;
			h.count++;
		}
		size_t len = h.count * sizeof(struct table_entry);
		struct ta_keys nk;
		memset(&nk, 0, sizeof(nk));
		r = storage_derive(table_key_context, "rollback-table", nk.enc) ? 1 : 0;
		if (!r) {
			storage_nonce(h.nonce, &nk);
			r = table_crypt(MBEDTLS_GCM_ENCRYPT, &h, plain, sealed, len, tag);
		}
		wipe(&nk, sizeof(nk));
		if (r || nwbuf_write(&c->buf, SHM_FILE, &h, sizeof(h)) ||
		    nwbuf_write(&c->buf, SHM_FILE + sizeof(h), sealed, len) ||
		    nwbuf_write(&c->buf, SHM_FILE + sizeof(h) + len, tag, TAG_LEN)) {
			r = TEE_ERROR_STORAGE_NOT_AVAILABLE;
		} else {
			r = fs_open(c, TABLE_TEMP, true, &fd);
			if (r == TEEC_SUCCESS) {
				r = fs_write_all(c, fd, sizeof(h) + len + TAG_LEN);
				fs_close(c, fd);
				if (r == TEEC_SUCCESS)
					r = fs_rename(c, TABLE_TEMP, TABLE_PATH, true);
			}
			if (r != TEEC_SUCCESS)
				r = TEE_ERROR_STORAGE_NOT_AVAILABLE;
		}
		wipe(plain, TABLE_PAGES * TEE_PAGE);
	}
	if (plain)
		pages_free(plain, TABLE_PAGES);
	if (sealed)
		pages_free(sealed, TABLE_PAGES);
	if (r == TEEC_SUCCESS)
		r = counter_advance(table_version + 1);
	if (r == TEEC_SUCCESS)
		table_version++;
	return r;
}

void storage_rollback_reset(void)
{
	memset(seen, 0, sizeof(seen));
	seen_clock = 0;
	table_state = TABLE_UNLOADED;
	table_version = 0;
}
