/* Loads each image into place and records its SHA-256 before anything runs it. */
#include "monitor.h"
#include <lib/print.h>
#include <lib/string.h>
#include <mbedtls/sha256.h>

#define MAX_MEASUREMENTS 28 /* tvisor, tee, hyp, and up to three images per VM */

struct measurement {
	char name[8];
	uint64_t base;
	uint64_t size;
	uint8_t sha256[32];
};

static struct measurement measurements[MAX_MEASUREMENTS];
static uint32_t measurement_count;

/* Records and prints the SHA-256 of size bytes at base, where they will run. */
static void measure(const char *name, const void *base, uint64_t size)
{
	if (measurement_count == MAX_MEASUREMENTS)
		panic("measurement log full");
	struct measurement *m = &measurements[measurement_count++];
	if (mbedtls_sha256_ret(base, size, m->sha256, 0) != 0)
		panic("sha256 failed");
	size_t n = strlen(name);
	memcpy(m->name, name, n < sizeof(m->name) ? n : sizeof(m->name));
	m->base = (uint64_t)base;
	m->size = size;
	char hex[65];
	for (int i = 0; i < 32; i++)
		snprintf(&hex[i * 2], 3, "%02x", m->sha256[i]);
	printf("monitor: measured %s at 0x%lx size %lu sha256=%s\n", name, m->base, m->size, hex);
}

void measure_and_load(const char *name, void *dest, const void *src, uint64_t size)
{
	memcpy(dest, src, size);
	/* Hash the copy in place: that is what will run. */
	measure(name, dest, size);
}

void measure_in_place(const char *name, const void *base, uint64_t size)
{
	measure(name, base, size);
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
