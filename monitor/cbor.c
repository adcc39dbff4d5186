/* Minimal CBOR encoder (cbor.h). */
#include "cbor.h"
#include <lib/string.h>

void cbor_init(struct cbor_out *c, void *buf, size_t cap)
{
	c->buf = buf;
	c->cap = cap;
	c->len = 0;
}

static void put(struct cbor_out *c, const void *data, size_t n)
{
	if (c->len <= c->cap && n <= c->cap - c->len)
		memcpy(c->buf + c->len, data, n);
	c->len += n;
}

void cbor_head(struct cbor_out *c, unsigned major, uint64_t arg)
{
	uint8_t h[9];
	size_t n;
	h[0] = (uint8_t)(major << 5);
	if (arg < 24) {
		h[0] |= (uint8_t)arg;
		n = 1;
	} else {
		unsigned bytes = arg <= 0xff ? 1 : arg <= 0xffff ? 2 : arg <= 0xffffffffu ? 4 : 8;
		h[0] |= (uint8_t)(bytes == 1 ? 24 : bytes == 2 ? 25 : bytes == 4 ? 26 : 27);
		for (unsigned i = 0; i < bytes; i++)
			h[1 + i] = (uint8_t)(arg >> (8 * (bytes - 1 - i)));
		n = 1 + bytes;
	}
	put(c, h, n);
}

void cbor_int(struct cbor_out *c, int64_t v)
{
	if (v >= 0)
		cbor_head(c, CBOR_MAJOR_UINT, (uint64_t)v);
	else
		cbor_head(c, CBOR_MAJOR_NINT, (uint64_t)(-(v + 1)));
}

void cbor_bytes(struct cbor_out *c, const void *data, size_t n)
{
	cbor_head(c, CBOR_MAJOR_BYTES, n);
	put(c, data, n);
}

void cbor_text(struct cbor_out *c, const char *s)
{
	size_t n = strlen(s);
	cbor_head(c, CBOR_MAJOR_TEXT, n);
	put(c, s, n);
}

int cbor_fits(const struct cbor_out *c)
{
	return c->len <= c->cap;
}
