/*
 * Loads each image into place and records its SHA-256 before anything runs
 * it, with the owner it is attested for (measure.h).
 */
#include "measure.h"
#include "monitor.h"
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <mbedtls/sha256.h>
#include <tzvisor/attest.h>
#include <tzvisor/config.h>

static struct measurement measurements[MAX_MEASUREMENTS];
static uint32_t measurement_count;

/* The end of the monitor's image in flash: its .data is the last thing there. */
extern char _start[], __data_start[], __data_end[], __data_load[];

static struct measurement *log_entry(const char *name, uint32_t owner, uint32_t group)
{
	if (measurement_count == MAX_MEASUREMENTS)
		panic("measurement log full");
	struct measurement *m = &measurements[measurement_count++];
	size_t n = strlen(name);
	if (n >= sizeof(m->name))
		panic("measurement name too long");
	memcpy(m->name, name, n);
	m->owner = owner;
	m->group = group;
	return m;
}

static void log_print(const struct measurement *m)
{
	char hex[65];
	for (int i = 0; i < 32; i++)
		snprintf(&hex[i * 2], 3, "%02x", m->sha256[i]);
	printf("monitor: measured %s at 0x%lx size %lu sha256=%s\n", m->name, m->base, m->size,
	       hex);
}

static uint32_t group_of(uint32_t owner)
{
	return owner == MEASURE_PLATFORM ? GROUP_PLATFORM
	       : owner == MEASURE_TEE	 ? GROUP_TEE
					 : GROUP_VM;
}

/* monitor/sha256_ce.S: whole 64-byte blocks into mbedTLS's state words. */
void sha256_ce_blocks(uint32_t state[8], const uint8_t *data, uint64_t blocks);

/*
 * 1 when the SHA-256 instructions are there and give what mbedTLS gives on a
 * known input (FIPS 180-4's two-block "abcdbcde..." and a block of every byte
 * value), 0 (mbedTLS alone) otherwise; decided once, on the boot core.
 */
static int sha256_ce_usable(void)
{
	static int usable = -1;
	if (usable >= 0)
		return usable;
	usable = 0;
	if (((read_sysreg(id_aa64isar0_el1) >> 12) & 0xf) == 0) { /* SHA2 */
		printf("monitor: SHA-256 of images by mbedTLS alone (no SHA-256 instructions)\n");
		return 0;
	}
	static const char fips[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const uint8_t fips_digest[32] = {
	    0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26,
	    0x93, 0x0c, 0x3e, 0x60, 0x39, 0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff,
	    0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1,
	};
	uint8_t block[128], digest[32];
	/* the padded message: 56 bytes, 0x80, zeros, the length in bits (448) */
	memset(block, 0, sizeof(block));
	memcpy(block, fips, 56);
	block[56] = 0x80;
	block[126] = 0x01;
	block[127] = 0xc0;
	mbedtls_sha256_context ref, ce;
	mbedtls_sha256_init(&ce);
	mbedtls_sha256_starts_ret(&ce, 0);
	sha256_ce_blocks(ce.state, block, 2);
	for (int i = 0; i < 32; i++)
		digest[i] = (uint8_t)(ce.state[i / 4] >> (24 - 8 * (i % 4)));
	if (memcmp(digest, fips_digest, 32))
		return 0;
	for (int i = 0; i < 64; i++)
		block[i] = (uint8_t)(i * 4 + 1);
	mbedtls_sha256_init(&ref);
	mbedtls_sha256_starts_ret(&ref, 0);
	mbedtls_internal_sha256_process(&ref, block);
	mbedtls_sha256_starts_ret(&ce, 0);
	sha256_ce_blocks(ce.state, block, 1);
	usable = memcmp(ref.state, ce.state, sizeof(ref.state)) == 0;
	printf("monitor: SHA-256 of images %s\n",
	       usable ? "with the Armv8 SHA-256 instructions (known answers checked)"
		      : "by mbedTLS alone (the SHA-256 instructions gave a wrong answer)");
	return usable;
}

/*
 * SHA-256 of size bytes: the whole blocks with the SHA-256 instructions when
 * usable (a 33 MB kernel in about a tenth of the instructions), the rest and
 * the padding by mbedTLS, whose context (2.28: public fields) takes the state
 * and the byte count as if it had done the blocks itself.
 */
static void sha256_image(const void *base, uint64_t size, uint8_t out[32])
{
	mbedtls_sha256_context ctx;
	const uint8_t *p = base;
	mbedtls_sha256_init(&ctx);
	if (mbedtls_sha256_starts_ret(&ctx, 0) != 0)
		panic("sha256 failed");
	uint64_t whole = sha256_ce_usable() ? size / 64 * 64 : 0;
	if (whole) {
		sha256_ce_blocks(ctx.state, p, whole / 64);
		ctx.total[0] = (uint32_t)whole;
		ctx.total[1] = (uint32_t)(whole >> 32);
	}
	if (mbedtls_sha256_update_ret(&ctx, p + whole, size - whole) != 0 ||
	    mbedtls_sha256_finish_ret(&ctx, out) != 0)
		panic("sha256 failed");
	mbedtls_sha256_free(&ctx);
}

/* Records and prints the SHA-256 of size bytes at base, where they will run. */
static void measure(const char *name, uint32_t owner, const void *base, uint64_t size)
{
	struct measurement *m = log_entry(name, owner, group_of(owner));
	sha256_image(base, size, m->sha256);
	m->base = (uint64_t)base;
	m->size = size;
	log_print(m);
}

void measure_and_load(const char *name, uint32_t owner, void *dest, const void *src, uint64_t size)
{
	memcpy(dest, src, size);
	/* Hash the copy in place: that is what will run. */
	measure(name, owner, dest, size);
}

/* monitor/bytes_equal.S */
int bytes_equal_blocks(const void *a, const void *b, uint64_t blocks);

/*
 * Images measured where they lie (preloaded by QEMU). When one holds the same
 * bytes as one measured in place before (every VM of qemu-2vm-linux boots the
 * same kernel and initramfs), its digest is that one's: the comparison costs
 * about a seventh of hashing. Only in-place images are compared, because
 * nothing writes to them while the monitor boots (they lie apart from each
 * other and from every copy it makes: main.c), so the earlier one still holds
 * the bytes its digest was taken of; anything else is hashed.
 */
#define SAME_BYTES_MIN_SIZE (1ul << 20)
static uint32_t in_place[MAX_MEASUREMENTS];
static uint32_t in_place_count;

static const struct measurement *measured_with_same_bytes(const void *base, uint64_t size)
{
	if (size < SAME_BYTES_MIN_SIZE)
		return 0;
	for (uint32_t i = 0; i < in_place_count; i++) {
		const struct measurement *e = &measurements[in_place[i]];
		const uint8_t *a = (const uint8_t *)e->base, *b = base;
		uint64_t whole = size / 64 * 64;
		if (e->size == size && bytes_equal_blocks(a, b, whole / 64) &&
		    memcmp(a + whole, b + whole, size - whole) == 0)
			return e;
	}
	return 0;
}

void measure_in_place(const char *name, uint32_t owner, const void *base, uint64_t size)
{
	const struct measurement *same = measured_with_same_bytes(base, size);
	if (!same) {
		measure(name, owner, base, size);
	} else {
		struct measurement *m = log_entry(name, owner, group_of(owner));
		memcpy(m->sha256, same->sha256, sizeof(m->sha256));
		m->base = (uint64_t)base;
		m->size = size;
		printf("monitor: %s holds the bytes of %s\n", name, same->name);
		log_print(m);
	}
	in_place[in_place_count++] = measurement_count - 1;
}

static void feed_sha256(void *ctx, const void *data, size_t n)
{
	if (mbedtls_sha256_update_ret(ctx, data, n) != 0)
		panic("sha256 failed");
}

/* A configuration record: the SHA-256 of its canonical form (tzvisor/attest.h), size 0. */
static void measure_form(const char *name, uint32_t owner, uint32_t group,
			 void (*form)(attest_feed_fn, void *, const void *), const void *what)
{
	struct measurement *m = log_entry(name, owner, group);
	mbedtls_sha256_context sha;
	mbedtls_sha256_init(&sha);
	if (mbedtls_sha256_starts_ret(&sha, 0) != 0)
		panic("sha256 failed");
	form(feed_sha256, &sha, what);
	if (mbedtls_sha256_finish_ret(&sha, m->sha256) != 0)
		panic("sha256 failed");
	mbedtls_sha256_free(&sha);
	m->base = (uint64_t)what;
	m->size = 0;
	log_print(m);
}

static void platform_form(attest_feed_fn feed, void *ctx, const void *what)
{
	attest_config_bytes(feed, ctx, what);
}

static void vm_form(attest_feed_fn feed, void *ctx, const void *what)
{
	attest_vm_config_bytes(feed, ctx, what);
}

static void tee_form(attest_feed_fn feed, void *ctx, const void *what)
{
	attest_tee_config_bytes(feed, ctx, what);
}

void measure_monitor_and_config(void)
{
	/* The monitor as it lies in flash, from address 0: the bytes of monitor.bin. */
	uint64_t image_size = (uint64_t)(__data_load + (__data_end - __data_start) - _start);
	measure("monitor", MEASURE_PLATFORM, _start, image_size);
	measure_form("config", MEASURE_PLATFORM, GROUP_PLATFORM, platform_form, &platform_config);
	for (uint32_t i = 0; i < platform_config.vm_count; i++) {
		const struct vm_config *vm = &platform_config.vms[i];
		char name[24];
		snprintf(name, sizeof(name), "tee%u-config", vm->vm_id);
		measure_form(name, vm->vm_id, GROUP_TEE, tee_form, vm);
		snprintf(name, sizeof(name), "vm%u-config", vm->vm_id);
		measure_form(name, vm->vm_id, GROUP_VM, vm_form, vm);
	}
}

int measurement_get(uint32_t index, uint64_t out[3])
{
	if (index >= measurement_count)
		return -1;
	uint64_t name = 0;
	memcpy(&name, measurements[index].name, sizeof(name));
	out[0] = name;
	out[1] = measurements[index].base;
	out[2] = measurements[index].size;
	return 0;
}

uint32_t measurement_count_get(void)
{
	return measurement_count;
}

const struct measurement *measurement_at(uint32_t index)
{
	return index < measurement_count ? &measurements[index] : 0;
}
