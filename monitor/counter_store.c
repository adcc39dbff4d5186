/*
 * The rollback counters' flash log. A block is a 16-byte header (magic,
 * format, generation, ~generation) and 16-byte records (counter id, value
 * low, value high, check) appended into erased space; the newest record of a
 * counter (the highest value) counts. Only erased words are ever programmed, so a
 * power cut while appending leaves a record whose check word is missing or
 * wrong: it is skipped, and the previous value stands.
 *
 * When a block is full, the current values go into the other block, erased
 * first, and its header is written last: until the header is complete the
 * old block (lower generation) is the valid one. So a cut at any point leaves
 * either the old or the new values, never less than the last committed one.
 */
#include "counter_store.h"

#define HDR_WORDS 4u
#define CHECK_SALT 0x9e3779b9u

/* The top bit is always clear, so an unwritten (all ones) check word never matches. */
static uint32_t record_check(uint32_t counter_id, uint32_t lo, uint32_t hi)
{
	uint32_t x = counter_id * 0x85ebca6bu ^ lo * 0xc2b2ae35u ^ hi ^ CHECK_SALT;
	x ^= x >> 15;
	x *= 0x2c1b3c6du;
	x ^= x >> 12;
	return x & 0x7fffffffu;
}

static uint32_t rd(const struct counter_store *cs, uint32_t off)
{
	return cs->dev->read(cs->dev->ctx, off);
}

static int prog(struct counter_store *cs, uint32_t off, uint32_t value)
{
	if (cs->dev->program(cs->dev->ctx, off, value) != 0 || rd(cs, off) != value)
		return COUNTER_FLASH_FAILED;
	return COUNTER_OK;
}

static int header_valid(const struct counter_store *cs, uint32_t base, uint32_t *seq)
{
	uint32_t s = rd(cs, base + 8);
	if (rd(cs, base) != COUNTER_HDR_MAGIC || rd(cs, base + 4) != COUNTER_FORMAT ||
	    rd(cs, base + 12) != ~s)
		return 0;
	*seq = s;
	return 1;
}

static int find(const struct counter_store *cs, uint32_t counter_id)
{
	for (unsigned i = 0; i < cs->count; i++)
		if (cs->entries[i].counter_id == counter_id)
			return (int)i;
	return -1;
}

static void note(struct counter_store *cs, uint32_t counter_id, uint64_t value)
{
	int i = find(cs, counter_id);
	if (i < 0) {
		if (cs->count == COUNTER_MAX_IDS)
			return; /* more VMs than any configuration has: ignored */
		i = (int)cs->count++;
		cs->entries[i].counter_id = counter_id;
		cs->entries[i].value = 0;
	}
	if (value > cs->entries[i].value)
		cs->entries[i].value = value;
}

void counter_store_open(struct counter_store *cs, const struct flash_dev *dev, uint32_t block_a,
			uint32_t block_b, uint32_t block_size)
{
	cs->dev = dev;
	cs->block[0] = block_a;
	cs->block[1] = block_b;
	cs->block_size = block_size;
	cs->active = -1;
	cs->seq = 0;
	cs->next = 0;
	cs->count = 0;
	uint32_t seq[2];
	int valid[2] = {header_valid(cs, block_a, &seq[0]), header_valid(cs, block_b, &seq[1])};
	if (valid[0] && valid[1])
		cs->active = (int32_t)(seq[1] - seq[0]) > 0 ? 1 : 0;
	else if (valid[0] || valid[1])
		cs->active = valid[0] ? 0 : 1;
	if (cs->active < 0)
		return;
	uint32_t base = cs->block[cs->active];
	cs->seq = seq[cs->active];
	cs->next = block_size;
	for (uint32_t off = HDR_WORDS * 4; off + COUNTER_RECORD <= block_size;
	     off += COUNTER_RECORD) {
		uint32_t w[4];
		for (int i = 0; i < 4; i++)
			w[i] = rd(cs, base + off + 4u * (uint32_t)i);
		if ((w[0] & w[1] & w[2] & w[3]) == 0xffffffffu) {
			cs->next = off; /* appends go in order: the first free slot ends the log */
			break;
		}
		if (w[0] != 0xffffffffu && w[3] == record_check(w[0], w[1], w[2]))
			note(cs, w[0], (uint64_t)w[2] << 32 | w[1]);
		/* otherwise a record torn by a power cut: skipped */
	}
}

uint64_t counter_store_get(const struct counter_store *cs, uint32_t counter_id)
{
	int i = find(cs, counter_id);
	return i < 0 ? 0 : cs->entries[i].value;
}

static int write_record(struct counter_store *cs, uint32_t at, uint32_t counter_id, uint64_t value)
{
	uint32_t lo = (uint32_t)value, hi = (uint32_t)(value >> 32);
	int r = prog(cs, at, counter_id);
	r = r ? r : prog(cs, at + 4, lo);
	r = r ? r : prog(cs, at + 8, hi);
	return r ? r : prog(cs, at + 12, record_check(counter_id, lo, hi)); /* last: commits it */
}

/* Copies every value (counter_id's as value) into the other block; its header last. */
static int compact(struct counter_store *cs, uint32_t counter_id, uint64_t value)
{
	int target = cs->active < 0 ? 0 : 1 - cs->active;
	uint32_t base = cs->block[target];
	if (cs->dev->erase(cs->dev->ctx, base) != 0)
		return COUNTER_FLASH_FAILED;
	uint32_t off = HDR_WORDS * 4;
	int r = COUNTER_OK;
	int written = 0;
	for (unsigned i = 0; i < cs->count && !r; i++, off += COUNTER_RECORD) {
		uint64_t v = cs->entries[i].counter_id == counter_id ? value : cs->entries[i].value;
		written |= cs->entries[i].counter_id == counter_id;
		r = write_record(cs, base + off, cs->entries[i].counter_id, v);
	}
	if (!r && !written) {
		r = write_record(cs, base + off, counter_id, value);
		off += COUNTER_RECORD;
	}
	uint32_t seq = cs->seq + 1;
	r = r ? r : prog(cs, base, COUNTER_HDR_MAGIC);
	r = r ? r : prog(cs, base + 4, COUNTER_FORMAT);
	r = r ? r : prog(cs, base + 8, seq);
	r = r ? r : prog(cs, base + 12, ~seq);
	if (r)
		return r;
	cs->active = target;
	cs->seq = seq;
	cs->next = off;
	note(cs, counter_id, value);
	return COUNTER_OK;
}

int counter_store_advance(struct counter_store *cs, uint32_t counter_id, uint64_t value)
{
	if (counter_id == 0xffffffffu)
		return COUNTER_BAD_ARG;
	uint64_t cur = counter_store_get(cs, counter_id);
	if (value < cur)
		return COUNTER_LOWER;
	if (value == cur)
		return COUNTER_OK;
	if (find(cs, counter_id) < 0 && cs->count == COUNTER_MAX_IDS)
		return COUNTER_NO_ROOM;
	if (cs->active < 0 || cs->next + COUNTER_RECORD > cs->block_size)
		return compact(cs, counter_id, value);
	uint32_t at = cs->block[cs->active] + cs->next;
	cs->next += COUNTER_RECORD; /* also after a failure: never program a used slot again */
	int r = write_record(cs, at, counter_id, value);
	if (r)
		return r;
	note(cs, counter_id, value);
	return COUNTER_OK;
}
