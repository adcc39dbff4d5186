/* Open sessions of this instance (all TAs share one table). */
#include <lib/string.h>
#include "tee.h"

static struct ta_session sessions[TEE_MAX_SESSIONS];
static uint32_t next_id = 1;

void session_reset(void)
{
	memset(sessions, 0, sizeof(sessions));
	next_id = 1;
}

struct ta_session *session_find(uint32_t id)
{
	if (id == 0)
		return NULL;
	for (unsigned i = 0; i < TEE_MAX_SESSIONS; i++)
		if (sessions[i].used && sessions[i].id == id)
			return &sessions[i];
	return NULL;
}

struct ta_session *session_alloc(void)
{
	struct ta_session *s = NULL;
	for (unsigned i = 0; i < TEE_MAX_SESSIONS && !s; i++)
		if (!sessions[i].used)
			s = &sessions[i];
	if (!s)
		return NULL;
	/* ids are never 0 and never reused while still open */
	do {
		s->id = next_id++;
	} while (s->id == 0 || session_find(s->id));
	s->used = true;
	s->ta = NULL;
	s->login = 0;
	memset(s->priv, 0, sizeof(s->priv));
	memset(s->client_uuid, 0, sizeof(s->client_uuid));
	s->cancel = false;
	s->cancel_id = 0;
	return s;
}

void session_free(struct ta_session *s)
{
	memset(s, 0, sizeof(*s));
}

unsigned session_count(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < TEE_MAX_SESSIONS; i++)
		n += sessions[i].used;
	return n;
}

/* RFC 4122 octets (as OPEN_SESSION carries UUIDs) to a TEE_UUID: native-endian fields. */
void tee_octets_to_uuid(const uint8_t o[16], uint8_t *u)
{
	uint32_t tl =
	    ((uint32_t)o[0] << 24) | ((uint32_t)o[1] << 16) | ((uint32_t)o[2] << 8) | o[3];
	uint16_t tm = (uint16_t)((o[4] << 8) | o[5]);
	uint16_t th = (uint16_t)((o[6] << 8) | o[7]);
	memcpy(u, &tl, 4);
	memcpy(u + 4, &tm, 2);
	memcpy(u + 6, &th, 2);
	memcpy(u + 8, o + 8, 8);
}
