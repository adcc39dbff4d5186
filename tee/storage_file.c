/*
 * Trusted storage's sealed file format (docs/storage.md): the instance storage key from
 * the monitor and each TA's keys derived from it, the keyed file names, GCM nonces, and
 * sealing and opening object files (header | encrypted body | tag).
 */
#include <lib/string.h>
#include <mbedtls/gcm.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include <abi/tee_client.h>
#include <tzvisor/secure_abi.h>
#include "storage_int.h"

#define FILE_MAGIC "TZSO"
#define FILE_FORMAT 1

static uint8_t instance_key[32];
static bool have_key;
static uint64_t nonce_counter;

/* ---- keys and names ---- */

static const char hkdf_salt[] = "tzvisor-storage-v1";

int storage_derive(const uint8_t uuid[16], const char *label, uint8_t out[32])
{
	uint8_t info[32];
	size_t l = strlen(label);
	memcpy(info, label, l);
	memcpy(info + l, uuid, 16);
	return mbedtls_hkdf(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
			    (const uint8_t *)hkdf_salt, sizeof(hkdf_salt) - 1, instance_key,
			    sizeof(instance_key), info, l + 16, out, 32);
}

uint32_t ta_keys(const uint8_t uuid[16], struct ta_keys *k)
{
	if (!have_key) {
		if (tee_instance_key(TZV_KEY_PURPOSE_STORAGE, instance_key) != 0) {
			tee_log("storage: no instance storage key (no device secret)");
			return TEE_ERROR_STORAGE_NOT_AVAILABLE;
		}
		have_key = true;
	}
	uint32_t r = table_ready();
	if (r != TEEC_SUCCESS)
		return r;
	memcpy(k->uuid, uuid, 16);
	if (storage_derive(uuid, "object-key", k->enc) ||
	    storage_derive(uuid, "object-name", k->name)) {
		wipe(k, sizeof(*k));
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	return TEEC_SUCCESS;
}

int object_name(const struct ta_keys *k, const uint8_t *id, uint32_t id_len, uint8_t name[NAME_LEN])
{
	uint8_t mac[32];
	int r = mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), k->name,
				sizeof(k->name), id, id_len, mac);
	memcpy(name, mac, NAME_LEN);
	return r;
}

static const char hexd[] = "0123456789abcdef";

/* "<uuid>/<name hex>" or "<uuid>/.<name hex>.new"; "<uuid>" alone when name is NULL. */
void storage_path(char *out, const uint8_t uuid[16], const uint8_t *name, bool temp)
{
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hexd[uuid[i] >> 4];
		*p++ = hexd[uuid[i] & 15];
	}
	if (name) {
		*p++ = '/';
		if (temp)
			*p++ = '.';
		for (int i = 0; i < NAME_LEN; i++) {
			*p++ = hexd[name[i] >> 4];
			*p++ = hexd[name[i] & 15];
		}
		if (temp) {
			memcpy(p, ".new", 4);
			p += 4;
		}
	}
	*p = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A directory entry that is one of our object files: 32 lowercase hex digits. */
bool storage_parse_name(const char *s, uint8_t name[NAME_LEN])
{
	for (int i = 0; i < NAME_LEN; i++) {
		int h = hexval(s[2 * i]), l = hexval(s[2 * i + 1]);
		if (h < 0 || l < 0)
			return false;
		name[i] = (uint8_t)(h << 4 | l);
	}
	return s[2 * NAME_LEN] == '\0';
}

/* ---- sealing and opening files ---- */

/* GCM in 2.28 takes whole 16-byte blocks until the last update: feed it through a buffer. */
struct gstream {
	mbedtls_gcm_context gcm;
	uint8_t in[256], out[256];
	size_t fill;
	struct fs *c;
	uint64_t off; /* where the next output goes in the shared buffer (sealing) */
	uint8_t *dst; /* where the next output goes in private memory (opening) */
	int err;
};

static void gs_flush(struct gstream *g)
{
	if (!g->fill || g->err)
		return;
	if (mbedtls_gcm_update(&g->gcm, g->fill, g->in, g->out)) {
		g->err = 1;
		return;
	}
	if (g->dst) {
		memcpy(g->dst, g->out, g->fill);
		g->dst += g->fill;
	} else if (nwbuf_write(&g->c->buf, g->off, g->out, g->fill)) {
		g->err = 1;
	}
	g->off += g->fill;
	g->fill = 0;
}

static void gs_feed(struct gstream *g, const uint8_t *p, uint64_t len)
{
	while (len && !g->err) {
		size_t n = sizeof(g->in) - g->fill;
		if (n > len)
			n = (size_t)len;
		if (p) {
			memcpy(g->in + g->fill, p, n);
			p += n;
		} else {
			memset(g->in + g->fill, 0, n);
		}
		g->fill += n;
		len -= n;
		if (g->fill == sizeof(g->in))
			gs_flush(g);
	}
}

static size_t make_aad(uint8_t *aad, const struct file_hdr *h, const uint8_t uuid[16],
		       const uint8_t name[NAME_LEN])
{
	memcpy(aad, h, sizeof(*h));
	memcpy(aad + sizeof(*h), uuid, 16);
	memcpy(aad + sizeof(*h) + 16, name, NAME_LEN);
	return sizeof(*h) + 16 + NAME_LEN;
}

#ifdef __aarch64__
#include <lib/sysreg.h>
static bool rndr(uint64_t *v)
{
	if (((read_sysreg(id_aa64isar0_el1) >> 60) & 0xf) == 0)
		return false;
	for (int i = 0; i < 16; i++) {
		uint64_t x, nzcv;
		__asm__ volatile("mrs %0, s3_3_c2_c4_0\n\tmrs %1, nzcv" : "=r"(x), "=r"(nzcv));
		if (!(nzcv & (1ull << 30))) {
			*v = x;
			return true;
		}
	}
	return false;
}

static uint64_t clock_now(void)
{
	return read_sysreg(cntvct_el0);
}
#else
/* The host unit tests (tests/unit/test_storage.c): no RNDR, no counter. */
static bool rndr(uint64_t *v)
{
	(void)v;
	return false;
}

static uint64_t clock_now(void)
{
	return 0;
}
#endif

/* A fresh GCM nonce: RNDR, or (said once) the counter and the time hashed with the key. */
void storage_nonce(uint8_t nonce[NONCE_LEN], const struct ta_keys *k)
{
	uint64_t a, b;
	nonce_counter++;
	if (rndr(&a) && rndr(&b)) {
		memcpy(nonce, &a, 8);
		memcpy(nonce + 8, &b, 4);
		return;
	}
	static bool said;
	if (!said)
		tee_log("storage: no RNDR, nonces from a counter and the clock");
	said = true;
	uint64_t in[2] = {nonce_counter, clock_now()};
	uint8_t mac[32];
	mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), k->enc, 32,
			(const uint8_t *)in, sizeof(in), mac);
	memcpy(nonce, mac, NONCE_LEN);
}

/* Seals fixed | segs into the shared buffer at SHM_FILE; *len = file bytes. */
uint32_t storage_seal(struct fs *c, const struct ta_keys *k, const uint8_t name[NAME_LEN],
		      uint64_t version, const struct body_fixed *fixed, const struct seg *segs,
		      unsigned nsegs, uint64_t *len)
{
	struct file_hdr h;
	uint64_t body = sizeof(*fixed);
	for (unsigned i = 0; i < nsegs; i++)
		body += segs[i].len;
	if (body > BODY_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	uint32_t r = fs_reserve(c, sizeof(h) + body + TAG_LEN);
	if (r != TEEC_SUCCESS)
		return r;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, FILE_MAGIC, 4);
	h.format = FILE_FORMAT;
	h.hdr_len = sizeof(h);
	h.version = version;
	h.body_len = (uint32_t)body;
	storage_nonce(h.nonce, k);

	static struct gstream g;
	uint8_t aad[sizeof(h) + 16 + NAME_LEN], tag[TAG_LEN];
	size_t aad_len = make_aad(aad, &h, k->uuid, name);
	memset(&g, 0, sizeof(g));
	g.c = c;
	g.off = SHM_FILE + sizeof(h);
	mbedtls_gcm_init(&g.gcm);
	if (mbedtls_gcm_setkey(&g.gcm, MBEDTLS_CIPHER_ID_AES, k->enc, 256) ||
	    mbedtls_gcm_starts(&g.gcm, MBEDTLS_GCM_ENCRYPT, h.nonce, NONCE_LEN, aad, aad_len))
		g.err = 1;
	gs_feed(&g, (const uint8_t *)fixed, sizeof(*fixed));
	for (unsigned i = 0; i < nsegs; i++)
		gs_feed(&g, segs[i].p, segs[i].len);
	gs_flush(&g);
	if (!g.err && mbedtls_gcm_finish(&g.gcm, tag, TAG_LEN))
		g.err = 1;
	mbedtls_gcm_free(&g.gcm);
	int err = g.err;
	wipe(&g, sizeof(g));
	if (err || nwbuf_write(&c->buf, SHM_FILE, &h, sizeof(h)) ||
	    nwbuf_write(&c->buf, SHM_FILE + sizeof(h) + body, tag, TAG_LEN))
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	*len = sizeof(h) + body + TAG_LEN;
	return TEEC_SUCCESS;
}

void loaded_free(struct loaded *l)
{
	if (l->body)
		pages_free(l->body, l->pages);
	memset(l, 0, sizeof(*l));
}

uint32_t storage_corrupt(const char *why, const uint8_t name[NAME_LEN])
{
	tee_log("storage: object %02x%02x%02x%02x...: %s", name[0], name[1], name[2], name[3], why);
	return TEE_ERROR_CORRUPT_OBJECT;
}

/*
 * Reads "<ta>/<name>" and checks it: format, tag (AAD: header, TA, name).
 * ITEM_NOT_FOUND when there is no such file, CORRUPT_OBJECT when it fails a
 * check, STORAGE_NOT_AVAILABLE when the normal world does not answer.
 */
uint32_t storage_load_file(struct fs *c, const struct ta_keys *k, const uint8_t name[NAME_LEN],
			   struct loaded *l)
{
	char path[80];
	uint64_t got, fd;
	struct file_hdr h;
	memset(&h, 0, sizeof(h));
	memset(l, 0, sizeof(*l));
	storage_path(path, k->uuid, name, false);
	uint32_t r = fs_open(c, path, false, &fd);
	if (r != TEEC_SUCCESS)
		return r;
	/* as much as the buffer holds; a file that fills it is read again whole into a larger
	 * one, as large as its header says (and one byte more, to see a longer file); the
	 * header used is the copy read first */
	r = fs_read_head(c, fd, c->room, &got);
	if (r == TEEC_SUCCESS && got >= sizeof(h) && nwbuf_read(&c->buf, SHM_FILE, &h, sizeof(h)))
		r = TEE_ERROR_STORAGE_NOT_AVAILABLE;
	if (r == TEEC_SUCCESS && got == c->room && h.body_len <= BODY_MAX) {
		uint64_t want = sizeof(h) + (uint64_t)h.body_len + TAG_LEN;
		if (want + 1 > c->room) {
			r = fs_reserve(c, want + 1);
			if (r == TEEC_SUCCESS)
				r = fs_read_head(c, fd, want + 1, &got);
		}
	}
	fs_close(c, fd);
	if (r != TEEC_SUCCESS)
		return r == TEE_ERROR_STORAGE_NO_SPACE ? TEE_ERROR_STORAGE_NOT_AVAILABLE : r;
	if (got < sizeof(h) + sizeof(struct body_fixed) + TAG_LEN)
		return storage_corrupt("file too short", name);
	if (memcmp(h.magic, FILE_MAGIC, 4) || h.format != FILE_FORMAT || h.hdr_len != sizeof(h))
		return storage_corrupt("not an object file of this format", name);
	if (h.body_len < sizeof(struct body_fixed) || h.body_len > BODY_MAX ||
	    got != sizeof(h) + h.body_len + TAG_LEN)
		return storage_corrupt("sizes do not match", name);

	l->pages = (unsigned)((h.body_len + TEE_PAGE - 1) / TEE_PAGE);
	l->body = pages_alloc(l->pages);
	if (!l->body) {
		l->pages = 0;
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	static struct gstream g;
	uint8_t aad[sizeof(h) + 16 + NAME_LEN], tag[TAG_LEN], want[TAG_LEN];
	size_t aad_len = make_aad(aad, &h, k->uuid, name);
	memset(&g, 0, sizeof(g));
	g.dst = l->body;
	mbedtls_gcm_init(&g.gcm);
	if (mbedtls_gcm_setkey(&g.gcm, MBEDTLS_CIPHER_ID_AES, k->enc, 256) ||
	    mbedtls_gcm_starts(&g.gcm, MBEDTLS_GCM_DECRYPT, h.nonce, NONCE_LEN, aad, aad_len))
		g.err = 1;
	uint8_t chunk[256];
	for (uint64_t off = 0; off < h.body_len && !g.err;) {
		uint64_t n = h.body_len - off < sizeof(chunk) ? h.body_len - off : sizeof(chunk);
		if (nwbuf_read(&c->buf, SHM_FILE + sizeof(h) + off, chunk, n))
			g.err = 1;
		gs_feed(&g, chunk, n);
		off += n;
	}
	gs_flush(&g);
	if (!g.err && mbedtls_gcm_finish(&g.gcm, want, TAG_LEN))
		g.err = 1;
	mbedtls_gcm_free(&g.gcm);
	int err = g.err;
	wipe(&g, sizeof(g));
	if (!err && nwbuf_read(&c->buf, SHM_FILE + sizeof(h) + h.body_len, tag, TAG_LEN))
		err = 1;
	uint8_t diff = 0;
	for (int i = 0; i < TAG_LEN; i++)
		diff |= tag[i] ^ want[i];
	if (err || diff) {
		loaded_free(l);
		return storage_corrupt("authentication failed (tampered, or not this TA's or VM's)",
				       name);
	}
	memcpy(&l->fixed, l->body, sizeof(l->fixed));
	const struct body_fixed *f = &l->fixed;
	if (f->id_len > TZV_ST_ID_MAX || f->meta_len > TZV_ST_META_MAX ||
	    f->data_len > TZV_ST_DATA_MAX ||
	    sizeof(*f) + (uint64_t)f->id_len + f->meta_len + f->data_len != h.body_len) {
		loaded_free(l);
		return storage_corrupt("bad body layout", name);
	}
	l->version = h.version;
	l->id = l->body + sizeof(*f);
	l->meta = l->id + f->id_len;
	l->data = l->meta + f->meta_len;
	return TEEC_SUCCESS;
}

void storage_keys_reset(void)
{
	wipe(instance_key, sizeof(instance_key));
	have_key = false;
}
