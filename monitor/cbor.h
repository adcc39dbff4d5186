/*
 * A minimal CBOR encoder (RFC 8949), enough for an attestation token:
 * unsigned and negative integers, byte and text strings, arrays, maps and
 * tags, all of definite length and in the shortest form (preferred
 * serialisation). Encoding past the end of the buffer writes nothing more but
 * keeps counting, so `len` is then the size that would have been needed.
 */
#ifndef MONITOR_CBOR_H
#define MONITOR_CBOR_H

#include <stddef.h>
#include <stdint.h>

struct cbor_out {
	uint8_t *buf;
	size_t cap;
	size_t len; /* bytes encoded so far (may exceed cap) */
};

#define CBOR_MAJOR_UINT 0
#define CBOR_MAJOR_NINT 1
#define CBOR_MAJOR_BYTES 2
#define CBOR_MAJOR_TEXT 3
#define CBOR_MAJOR_ARRAY 4
#define CBOR_MAJOR_MAP 5
#define CBOR_MAJOR_TAG 6

void cbor_init(struct cbor_out *c, void *buf, size_t cap);
/* A head: major type and argument (length, count, value or tag number). */
void cbor_head(struct cbor_out *c, unsigned major, uint64_t arg);
void cbor_int(struct cbor_out *c, int64_t v);
void cbor_bytes(struct cbor_out *c, const void *data, size_t n);
void cbor_text(struct cbor_out *c, const char *s);
/* 1 when everything encoded fitted in the buffer. */
int cbor_fits(const struct cbor_out *c);

#endif
