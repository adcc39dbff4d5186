/*
 * Reading a libFuzzer input as a stream of choices: every read past the end
 * gives zeros, so any input is a valid (if short) script.
 */
#ifndef TESTS_FUZZ_FUZZ_INPUT_H
#define TESTS_FUZZ_FUZZ_INPUT_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct fin {
	const uint8_t *p;
	size_t n;
};

static inline void fin_bytes(struct fin *in, void *dst, size_t len)
{
	size_t k = len < in->n ? len : in->n;
	memcpy(dst, in->p, k);
	memset((uint8_t *)dst + k, 0, len - k);
	in->p += k;
	in->n -= k;
}

static inline uint8_t fin_u8(struct fin *in)
{
	uint8_t v;
	fin_bytes(in, &v, 1);
	return v;
}

static inline uint16_t fin_u16(struct fin *in)
{
	uint16_t v;
	fin_bytes(in, &v, 2);
	return v;
}

static inline uint32_t fin_u32(struct fin *in)
{
	uint32_t v;
	fin_bytes(in, &v, 4);
	return v;
}

static inline uint64_t fin_u64(struct fin *in)
{
	uint64_t v;
	fin_bytes(in, &v, 8);
	return v;
}

/* A value that is small most of the time (sizes, indexes), any 64-bit value otherwise. */
static inline uint64_t fin_small(struct fin *in, uint64_t bound)
{
	uint8_t sel = fin_u8(in);
	if (sel < 0xe0)
		return bound ? fin_u16(in) % bound : fin_u16(in);
	return fin_u64(in);
}

/* FUZZ_DEBUG=1 in the environment: the harness says what each step did (checking seeds). */
#include <stdio.h>
#include <stdlib.h>
static inline int fuzz_debug(void)
{
	static int on = -1;
	if (on < 0)
		on = getenv("FUZZ_DEBUG") != NULL;
	return on;
}
#define FUZZ_LOG(...)                                                                              \
	do {                                                                                       \
		if (fuzz_debug())                                                                  \
			fprintf(stderr, __VA_ARGS__);                                              \
	} while (0)

/* Fails the run: libFuzzer reports it as a crash with the input that made it. */
#define FUZZ_ASSERT(c)                                                                             \
	do {                                                                                       \
		if (!(c))                                                                          \
			__builtin_trap();                                                          \
	} while (0)
#endif
