/*
 * TA-to-TA sessions: a user TA opens, invokes and closes sessions to another
 * TA of its TEE instance (a user TA, loaded if need be, or a built-in one), as
 * GP's TEE_OpenTASession / TEE_InvokeTACommand / TEE_CloseTASession. The
 * callee runs as a nested entry (tee/uta.c keeps a context per level) and
 * sees the client TEE_LOGIN_TRUSTED_APP with the caller's UUID. A finite
 * cancellationRequestTimeout cancels the callee's operation when it expires.
 *
 * Isolation: the caller's memref buffers are checked against the caller's
 * own memory (its segments and the memrefs of its current entry) and copied
 * through fresh pages; the callee gets only those pages, never a page of the
 * caller, and the caller gets back at most the size it passed. A session
 * number is only good for the TA instance that opened it. Nothing here can
 * name another TEE instance: each VM's instance has its own kernel, tables
 * and pages.
 */
#include <lib/string.h>
#include <lib/sysreg.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "storage.h"
#include "tee.h"
#include "uta_call.h"

#define TEE_LOGIN_TRUSTED_APP 0xf0000000u
#define TEE_TIMEOUT_INFINITE 0xffffffffu
#define UTA_CALL_SESSIONS 16
#define SESSION_ID_BASE 0x80000000u /* callee session ids, apart from the normal world's */

struct call_session {
	struct ta_session s;
	struct uta *owner;
};

static struct call_session sessions[UTA_CALL_SESSIONS];
static uint32_t next_id;

/* GP's TEE_Param as the TA lays it out (16 bytes). */
struct user_param {
	uint64_t a; /* memref: buffer VA; value: a | b << 32 */
	uint64_t b; /* memref: size */
};

struct bounce {
	uint8_t *pages;
	unsigned npages;
	void *user;    /* the caller's buffer (kernel pointer) */
	uint64_t size; /* the size the caller passed */
};

/* TEE_UUID (native-endian fields, as TAs pass it) to RFC 4122 octets, and back. */
void uta_uuid_to_octets(const uint8_t *u, uint8_t o[16])
{
	uint32_t tl;
	uint16_t tm, th;
	memcpy(&tl, u, 4);
	memcpy(&tm, u + 4, 2);
	memcpy(&th, u + 6, 2);
	o[0] = (uint8_t)(tl >> 24);
	o[1] = (uint8_t)(tl >> 16);
	o[2] = (uint8_t)(tl >> 8);
	o[3] = (uint8_t)tl;
	o[4] = (uint8_t)(tm >> 8);
	o[5] = (uint8_t)tm;
	o[6] = (uint8_t)(th >> 8);
	o[7] = (uint8_t)th;
	memcpy(o + 8, u + 8, 8);
}

/*
 * GP's cancellationRequestTimeout: the callee's operation counts as cancelled
 * once it has run that many milliseconds (it sees it where it unmasked
 * cancellation: TEE_Wait, TEE_GetCancellationFlag).
 */
static uint64_t deadline(uint64_t timeout_ms)
{
	if ((uint32_t)timeout_ms == TEE_TIMEOUT_INFINITE)
		return 0;
	uint64_t f = read_sysreg(cntfrq_el0);
	return read_sysreg(cntvct_el0) + (uint32_t)timeout_ms * (f / 1000) + 1;
}

static void free_bounces(struct bounce b[TEE_TA_PARAMS])
{
	for (unsigned i = 0; i < TEE_TA_PARAMS; i++)
		if (b[i].pages)
			pages_free(b[i].pages, b[i].npages);
}

/*
 * The caller's params into kernel params: values as they are, memrefs copied
 * into pages of their own. TEEC_SUCCESS, or OUT_OF_MEMORY (nothing held);
 * a parameter outside the caller's memory ends the caller.
 */
static uint32_t params_in(uint32_t types, struct user_param *up, struct ta_param tp[TEE_TA_PARAMS],
			  struct bounce b[TEE_TA_PARAMS])
{
	memset(tp, 0, sizeof(struct ta_param) * TEE_TA_PARAMS);
	memset(b, 0, sizeof(struct bounce) * TEE_TA_PARAMS);
	for (unsigned i = 0; i < TEE_TA_PARAMS; i++) {
		uint32_t t = (types >> (4 * i)) & 0xf;
		tp[i].type = t;
		switch (t) {
		case TA_PARAM_NONE:
		case TA_PARAM_VALUE_OUTPUT:
			break;
		case TA_PARAM_VALUE_INPUT:
		case TA_PARAM_VALUE_INOUT:
			tp[i].u.value.a = (uint32_t)up[i].a;
			tp[i].u.value.b = (uint32_t)(up[i].a >> 32);
			break;
		case TA_PARAM_MEMREF_INPUT:
		case TA_PARAM_MEMREF_OUTPUT:
		case TA_PARAM_MEMREF_INOUT: {
			uint64_t va = up[i].a, size = up[i].b;
			tp[i].u.memref.size = size;
			if (!va)
				break; /* a null memref: its size still goes to the callee */
			bool ns;
			void *user = uta_user_ptr_where(va, size, t != TA_PARAM_MEMREF_INPUT, &ns);
			if (!user) {
				free_bounces(b);
				uta_kill_current("TA call: memref outside the caller's memory", va,
						 size);
			}
			if (size > TEE_MEMREF_MAX) {
				free_bounces(b);
				return TEEC_ERROR_OUT_OF_MEMORY;
			}
			b[i].npages = (unsigned)((size + TEE_PAGE - 1) / TEE_PAGE);
			if (!b[i].npages)
				b[i].npages = 1;
			b[i].pages = pages_alloc(b[i].npages); /* zeroed */
			if (!b[i].pages) {
				free_bounces(b);
				return TEEC_ERROR_OUT_OF_MEMORY;
			}
			b[i].user = user;
			b[i].size = size;
			if (t != TA_PARAM_MEMREF_OUTPUT)
				memcpy(b[i].pages, user, (size_t)size);
			tp[i].u.memref.buf = b[i].pages;
			tp[i].u.memref.nonsecure = ns; /* where the memory really is */
			break;
		}
		default:
			uta_kill_current("TA call: bad parameter type", types, i);
		}
	}
	return TEEC_SUCCESS;
}

/* Outputs back to the caller: values, memref sizes, memref data up to the size passed. */
static void params_out(uint32_t r, struct user_param *up, struct ta_param tp[TEE_TA_PARAMS],
		       struct bounce b[TEE_TA_PARAMS])
{
	for (unsigned i = 0; i < TEE_TA_PARAMS; i++) {
		uint32_t t = tp[i].type;
		if (t == TA_PARAM_VALUE_OUTPUT || t == TA_PARAM_VALUE_INOUT) {
			up[i].a =
			    (uint32_t)tp[i].u.value.a | ((uint64_t)(uint32_t)tp[i].u.value.b << 32);
		} else if (t == TA_PARAM_MEMREF_OUTPUT || t == TA_PARAM_MEMREF_INOUT) {
			uint64_t n = tp[i].u.memref.size;
			if (r == TEEC_SUCCESS && b[i].pages && n <= b[i].size)
				memcpy(b[i].user, b[i].pages, (size_t)n);
			up[i].b = n;
		}
	}
	free_bounces(b);
}

static struct user_param *user_params(uint64_t params_va, uint32_t types)
{
	if (!types)
		return NULL;
	struct user_param *up =
	    uta_user_ptr(params_va, sizeof(struct user_param) * TEE_TA_PARAMS, true);
	if (!up)
		uta_kill_current("TA call: bad params pointer", params_va, types);
	return up;
}

static void put_origin(uint64_t origin_va, uint32_t origin)
{
	if (!origin_va)
		return;
	uint32_t *o = uta_user_ptr(origin_va, 4, true);
	if (!o)
		uta_kill_current("TA call: bad origin pointer", origin_va, 4);
	*o = origin;
}

uint32_t uta_call_open(struct uta *caller, uint64_t uuid_va, uint64_t timeout, uint64_t types,
		       uint64_t params_va, uint64_t sess_va, uint64_t origin_va)
{
	const uint8_t *uu = uta_user_ptr(uuid_va, 16, false);
	uint32_t *sess_out = uta_user_ptr(sess_va, 4, true);
	if (!uu || !sess_out)
		uta_kill_current("TA call: bad pointer", uuid_va, sess_va);
	struct user_param none[TEE_TA_PARAMS];
	memset(none, 0, sizeof(none));
	struct user_param *up = user_params(params_va, (uint32_t)types);
	if (!up)
		up = none;
	*sess_out = 0;

	struct call_session *cs = NULL;
	for (unsigned i = 0; i < UTA_CALL_SESSIONS && !cs; i++)
		if (!sessions[i].owner)
			cs = &sessions[i];
	if (!cs) {
		put_origin(origin_va, TEEC_ORIGIN_TEE);
		return TEEC_ERROR_BUSY;
	}
	struct ta_param tp[TEE_TA_PARAMS];
	struct bounce b[TEE_TA_PARAMS];
	uint32_t r = params_in((uint32_t)types, up, tp, b);
	if (r != TEEC_SUCCESS) {
		put_origin(origin_va, TEEC_ORIGIN_TEE);
		return r;
	}
	uint8_t octets[16];
	uta_uuid_to_octets(uu, octets);
	memset(cs, 0, sizeof(*cs));
	cs->owner = caller; /* taken: a nested open cannot take it too */
	cs->s.used = true;
	do {
		cs->s.id = SESSION_ID_BASE | (next_id++ & 0x7fffffffu);
	} while (cs->s.id == SESSION_ID_BASE);
	cs->s.login = TEE_LOGIN_TRUSTED_APP;
	tee_octets_to_uuid(uta_uuid(caller), cs->s.client_uuid);
	uint32_t origin = TEEC_ORIGIN_TRUSTED_APP;
	const struct ta_ops *ta = ta_find(octets);
	cs->s.cancel_at = deadline(timeout);
	if (ta) {
		cs->s.ta = ta;
		r = ta->open ? ta->open(&cs->s, tp) : TEEC_SUCCESS;
	} else {
		r = uta_open(octets, &cs->s, tp, &origin);
	}
	cs->s.cancel_at = 0;
	params_out(r, up, tp, b);
	if (r == TEEC_SUCCESS)
		*sess_out = (uint32_t)(cs - sessions) + 1;
	else
		memset(cs, 0, sizeof(*cs));
	put_origin(origin_va, origin);
	return r;
}

struct uta *uta_call_caller(const struct ta_session *s)
{
	for (unsigned i = 0; i < UTA_CALL_SESSIONS; i++)
		if (s == &sessions[i].s && sessions[i].owner)
			return sessions[i].owner;
	return NULL;
}

static struct call_session *session_of(struct uta *caller, uint64_t sess)
{
	if (sess == 0 || sess > UTA_CALL_SESSIONS || sessions[sess - 1].owner != caller)
		uta_kill_current("TA call: not a session of this TA", sess, 0); /* GP: panic */
	return &sessions[sess - 1];
}

uint32_t uta_call_invoke(struct uta *caller, uint64_t sess, uint64_t timeout, uint64_t cmd,
			 uint64_t types, uint64_t params_va, uint64_t origin_va)
{
	struct call_session *cs = session_of(caller, sess);
	struct user_param none[TEE_TA_PARAMS];
	memset(none, 0, sizeof(none));
	struct user_param *up = user_params(params_va, (uint32_t)types);
	if (!up)
		up = none;
	struct ta_param tp[TEE_TA_PARAMS];
	struct bounce b[TEE_TA_PARAMS];
	uint32_t r = params_in((uint32_t)types, up, tp, b);
	if (r != TEEC_SUCCESS) {
		put_origin(origin_va, TEEC_ORIGIN_TEE);
		return r;
	}
	uint32_t origin = TEEC_ORIGIN_TRUSTED_APP;
	cs->s.cancel_at = deadline(timeout);
	if (cs->s.ta)
		r = cs->s.ta->invoke(&cs->s, (uint32_t)cmd, tp);
	else
		r = uta_invoke(&cs->s, (uint32_t)cmd, tp, &origin);
	cs->s.cancel_at = 0;
	params_out(r, up, tp, b);
	put_origin(origin_va, origin);
	return r;
}

static void close_one(struct call_session *cs)
{
	if (cs->s.ta) {
		if (cs->s.ta->close)
			cs->s.ta->close(&cs->s);
	} else {
		uta_close(&cs->s);
	}
	memset(cs, 0, sizeof(*cs));
}

uint32_t uta_call_close(struct uta *caller, uint64_t sess)
{
	close_one(session_of(caller, sess));
	return TEEC_SUCCESS;
}

void uta_call_release(struct uta *u)
{
	for (unsigned i = 0; i < UTA_CALL_SESSIONS; i++)
		if (sessions[i].owner == u)
			close_one(&sessions[i]);
}

void uta_call_reset(void)
{
	memset(sessions, 0, sizeof(sessions));
	next_id = 1;
}
