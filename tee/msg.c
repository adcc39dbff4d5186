/*
 * OP-TEE message protocol: one struct optee_msg_arg per yielding call.
 *
 * The argument is copied into private memory before it is parsed (the
 * normal world may change it concurrently), every parameter is resolved and
 * checked before any buffer is read, memrefs are bounced through private
 * memory, and only ret/ret_origin/session and the output fields of the
 * parameters are written back.
 */
#include <lib/string.h>
#include <abi/optee_msg.h>
#include <abi/optee_smc.h>
#include <abi/tee_client.h>
#include "tee.h"

#define ATTR_KNOWN                                                                         \
	(OPTEE_MSG_ATTR_TYPE_MASK | OPTEE_MSG_ATTR_META | OPTEE_MSG_ATTR_NONCONTIG |       \
	 ((uint64_t)OPTEE_MSG_ATTR_CACHE_MASK << OPTEE_MSG_ATTR_CACHE_SHIFT))

/* Per-call state, private; one call runs at a time in an instance. */
struct memref {
	bool used;         /* this param is a memref */
	bool is_null;      /* NULL memref (buf_ptr 0) */
	bool copy_in, copy_out;
	struct nwbuf buf;  /* where it lives in the normal world */
	uint64_t size;     /* size the normal world passed */
	uint8_t *bounce;
};

static struct {
	struct optee_msg_arg hdr;
	struct optee_msg_param params[TEE_MAX_MSG_PARAMS];
	struct ta_param tp[TEE_TA_PARAMS];
	struct memref mr[TEE_TA_PARAMS];
	uint64_t tmem_pages[TEE_TA_PARAMS][TEE_TMEM_MAX_PAGES];
	uint64_t bounce_used;
	bool page_align; /* a user TA's call: each memref on pages of its own (mapped at EL0) */
} call;

static uint8_t bounce_pool[TEE_BOUNCE_SIZE] __attribute__((aligned(4096)));

/*
 * The open or invoke the thread is running (or has suspended), for CANCEL:
 * its session and the cancel_id of its message.
 */
static struct {
	struct ta_session *s;
	bool open;
	uint32_t cancel_id;
} op;

static void op_begin(struct ta_session *s, bool open)
{
	op.s = s;
	op.open = open;
	op.cancel_id = call.hdr.cancel_id;
	/* a cancellation that came before for another operation is not this one's */
	if (s->cancel && s->cancel_id != op.cancel_id)
		s->cancel = false;
}

/* As OP-TEE: the flag belongs to one operation, the next one starts without it. */
static void op_end(struct ta_session *s)
{
	s->cancel = false;
	op.s = NULL;
}

uint32_t msg_cancel(const struct optee_msg_arg *hdr)
{
	struct ta_session *s = NULL;

	if (hdr->num_params != 0)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (hdr->session)
		s = session_find(hdr->session);
	else if (op.s && op.open && op.cancel_id == hdr->cancel_id)
		s = op.s; /* an open in progress: the caller does not know its session id yet */
	if (!s) {
		tee_log("cancel: no session %u (cancel id %u)", hdr->session, hdr->cancel_id);
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	if (op.s == s && op.cancel_id != hdr->cancel_id) {
		tee_log("cancel: session %u runs cancel id %u, not %u", hdr->session, op.cancel_id,
			hdr->cancel_id);
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	s->cancel = true;
	s->cancel_id = hdr->cancel_id;
	return TEEC_SUCCESS;
}

/*
 * Foreign interrupts are unmasked only while a TA's own code runs. The kernel
 * parts of a call (copy-in of the argument and memrefs, the session and shm
 * tables, write-back) are short and bounded and run masked; a TA may run for
 * as long as its command takes. An interrupt suspends the thread where it
 * stands and nothing else enters it until RETURN_FROM_RPC (the FIQ handler
 * only saves the context and leaves, a second yielding call gets
 * ETHREAD_LIMIT, fast calls touch none of these tables), so a wider window
 * would also be safe; the narrow one keeps every table update atomic with
 * respect to the normal world by construction, not by argument.
 */
static uint32_t ta_open(const struct ta_ops *ta, struct ta_session *s)
{
	if (!ta->open)
		return TEEC_SUCCESS;
	tee_foreign_intr_unmask();
	uint32_t r = ta->open(s, call.tp);
	tee_foreign_intr_mask();
	return r;
}

static uint32_t ta_invoke(struct ta_session *s, uint32_t cmd)
{
	tee_foreign_intr_unmask();
	uint32_t r = s->ta->invoke(s, cmd, call.tp);
	tee_foreign_intr_mask();
	return r;
}

static void ta_close(struct ta_session *s)
{
	if (!s->ta->close)
		return;
	tee_foreign_intr_unmask();
	s->ta->close(s);
	tee_foreign_intr_mask();
}

static uint8_t *bounce_alloc(uint64_t size)
{
	uint64_t align = call.page_align ? 4096 : 16;
	uint64_t need = (size + align - 1) & ~(align - 1);
	if (size > TEE_MEMREF_MAX || need > TEE_BOUNCE_SIZE - call.bounce_used)
		return NULL;
	uint8_t *p = bounce_pool + call.bounce_used;
	call.bounce_used += need;
	/* a user TA sees whole pages: nothing of an earlier call may be in them */
	if (call.page_align)
		memset(p, 0, (size_t)need);
	return p;
}

/*
 * Resolves msg param `mp` into TA param `tp` / memref `mr` (both zeroed by
 * prepare_params) without touching any buffer contents. Returns a TEEC code
 * (origin TEE on failure).
 */
static uint32_t resolve_param(const struct optee_msg_param *mp, struct ta_param *tp,
			      struct memref *mr, uint64_t *pages)
{
	uint64_t attr = mp->attr;
	uint32_t type = attr & OPTEE_MSG_ATTR_TYPE_MASK;
	bool noncontig = attr & OPTEE_MSG_ATTR_NONCONTIG;

	if ((attr & ~ATTR_KNOWN) || (attr & OPTEE_MSG_ATTR_META))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (noncontig && (type < OPTEE_MSG_ATTR_TYPE_TMEM_INPUT ||
			  type > OPTEE_MSG_ATTR_TYPE_TMEM_INOUT))
		return TEEC_ERROR_BAD_PARAMETERS;

	switch (type) {
	case OPTEE_MSG_ATTR_TYPE_NONE:
		tp->type = TA_PARAM_NONE;
		return TEEC_SUCCESS;
	case OPTEE_MSG_ATTR_TYPE_VALUE_INPUT:
	case OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT:
	case OPTEE_MSG_ATTR_TYPE_VALUE_INOUT:
		tp->type = type; /* same numbering as TA_PARAM_VALUE_* */
		if (type != OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT) {
			tp->u.value.a = mp->u.value.a;
			tp->u.value.b = mp->u.value.b;
			tp->u.value.c = mp->u.value.c;
		}
		return TEEC_SUCCESS;
	case OPTEE_MSG_ATTR_TYPE_TMEM_INPUT:
	case OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT:
	case OPTEE_MSG_ATTR_TYPE_TMEM_INOUT: {
		uint64_t ptr = mp->u.tmem.buf_ptr, size = mp->u.tmem.size;
		tp->type = type - OPTEE_MSG_ATTR_TYPE_TMEM_INPUT + TA_PARAM_MEMREF_INPUT;
		mr->size = size;
		if (ptr == 0) {
			mr->is_null = true;
		} else if (noncontig) {
			if (size > TEE_MEMREF_MAX)
				return nw_range_ok(nw_ram_base, size) ? TEEC_ERROR_OUT_OF_MEMORY
								      : TEEC_ERROR_BAD_PARAMETERS;
			uint32_t r = nw_pagelist_load(ptr, size, pages, TEE_TMEM_MAX_PAGES, &mr->buf);
			if (r != TEEC_SUCCESS)
				return r;
		} else {
			if (!nw_range_ok(ptr, size))
				return TEEC_ERROR_BAD_PARAMETERS;
			mr->buf.pa = ptr;
			mr->buf.size = size;
		}
		break;
	}
	case OPTEE_MSG_ATTR_TYPE_RMEM_INPUT:
	case OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT:
	case OPTEE_MSG_ATTR_TYPE_RMEM_INOUT: {
		struct tee_shm *shm = shm_find(mp->u.rmem.shm_ref);
		uint64_t offs = mp->u.rmem.offs, size = mp->u.rmem.size;
		tp->type = type - OPTEE_MSG_ATTR_TYPE_RMEM_INPUT + TA_PARAM_MEMREF_INPUT;
		if (!shm || !nwbuf_span_ok(&shm->buf, offs, size))
			return TEEC_ERROR_BAD_PARAMETERS;
		mr->size = size;
		nwbuf_sub(&shm->buf, offs, size, &mr->buf);
		break;
	}
	default:
		return TEEC_ERROR_BAD_PARAMETERS;
	}

	/* a memref */
	mr->used = true;
	mr->copy_in = tp->type != TA_PARAM_MEMREF_OUTPUT;
	mr->copy_out = tp->type != TA_PARAM_MEMREF_INPUT;
	tp->u.memref.size = mr->size;
	tp->u.memref.nonsecure = true; /* the client's memory: the normal world's */
	if (mr->is_null)
		return TEEC_SUCCESS;
	mr->bounce = bounce_alloc(mr->size);
	if (!mr->bounce) {
		tee_log("memref of %llu bytes: over the bounce limit (%lu per param, %lu per call)",
			(unsigned long long)mr->size, TEE_MEMREF_MAX, TEE_BOUNCE_SIZE);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	tp->u.memref.buf = mr->bounce;
	return TEEC_SUCCESS;
}

/* Resolves msg params [first, first+count) into call.tp[0..3], then copies in. */
static uint32_t prepare_params(unsigned first, unsigned count, bool page_align)
{
	unsigned i;

	call.bounce_used = 0;
	call.page_align = page_align;
	memset(call.tp, 0, sizeof(call.tp));
	memset(call.mr, 0, sizeof(call.mr));
	for (i = 0; i < count; i++) {
		const struct optee_msg_param *mp = &call.params[first + i];
		if (i >= TEE_TA_PARAMS) {
			/* more than a TA can take: only NONE is acceptable */
			if (mp->attr != OPTEE_MSG_ATTR_TYPE_NONE)
				return TEEC_ERROR_BAD_PARAMETERS;
			continue;
		}
		uint32_t r = resolve_param(mp, &call.tp[i], &call.mr[i], call.tmem_pages[i]);
		if (r != TEEC_SUCCESS)
			return r;
	}
	/* all checked: now read the inputs */
	for (i = 0; i < TEE_TA_PARAMS; i++) {
		struct memref *mr = &call.mr[i];
		if (!mr->used || mr->is_null)
			continue;
		if (mr->copy_in) {
			if (nwbuf_read(&mr->buf, 0, mr->bounce, mr->size))
				return TEEC_ERROR_BAD_PARAMETERS;
		} else {
			memset(mr->bounce, 0, (size_t)mr->size);
		}
	}
	return TEEC_SUCCESS;
}

/* Write-back helpers: offsets inside the normal-world optee_msg_arg. */
#define HDR_OFF(f)        offsetof(struct optee_msg_arg, f)
#define PARAM_OFF(i)      (sizeof(struct optee_msg_arg) + (uint64_t)(i) * sizeof(struct optee_msg_param))
#define PARAM_U_OFF(i)    (PARAM_OFF(i) + offsetof(struct optee_msg_param, u))
#define PARAM_SIZE_OFF(i) (PARAM_U_OFF(i) + offsetof(struct optee_msg_param_tmem, size))

/* After the TA ran: copy outputs back into the normal world. */
static void finish_params(const struct nwbuf *argbuf, unsigned first, unsigned count,
			  uint32_t ta_ret)
{
	for (unsigned i = 0; i < count && i < TEE_TA_PARAMS; i++) {
		struct ta_param *tp = &call.tp[i];
		struct memref *mr = &call.mr[i];
		unsigned mi = first + i;

		if (tp->type == TA_PARAM_VALUE_OUTPUT || tp->type == TA_PARAM_VALUE_INOUT) {
			struct optee_msg_param_value v = { tp->u.value.a, tp->u.value.b,
							   tp->u.value.c };
			nwbuf_write(argbuf, PARAM_U_OFF(mi), &v, sizeof(v));
		} else if (mr->used && mr->copy_out) {
			uint64_t n = tp->u.memref.size;
			if (ta_ret == TEEC_SUCCESS && !mr->is_null && n <= mr->size &&
			    nwbuf_write(&mr->buf, 0, mr->bounce, n))
				tee_log("memref %u: copy-out failed", i);
			nwbuf_write(argbuf, PARAM_SIZE_OFF(mi), &n, sizeof(n));
		}
	}
}

static void set_ret(const struct nwbuf *argbuf, uint32_t ret, uint32_t origin)
{
	nwbuf_write(argbuf, HDR_OFF(ret), &ret, sizeof(ret));
	nwbuf_write(argbuf, HDR_OFF(ret_origin), &origin, sizeof(origin));
}

static bool meta_value_in(const struct optee_msg_param *p)
{
	return (p->attr & (OPTEE_MSG_ATTR_TYPE_MASK | OPTEE_MSG_ATTR_META | OPTEE_MSG_ATTR_NONCONTIG)) ==
	       (OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META);
}

static void do_open(const struct nwbuf *argbuf, unsigned n)
{
	uint8_t uuid[16];

	if (n < 2 || !meta_value_in(&call.params[0]) || !meta_value_in(&call.params[1]))
		{
		set_ret(argbuf, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_TEE);
		return;
	}
	memcpy(uuid, &call.params[0].u.value.a, 8);
	memcpy(uuid + 8, &call.params[0].u.value.b, 8);
	/*
	 * The client's identity as the normal world's driver gives it: a login method of
	 * OPTEE_MSG_LOGIN_* and, for the user/group/application ones, the UUID the driver
	 * derived (Linux: a UUIDv5 of uid=/gid=/...). Any other login, TEE_LOGIN_TRUSTED_APP
	 * above all, is refused: only the kernel says a client is a TA.
	 */
	uint32_t login = (uint32_t)call.params[1].u.value.c;
	uint8_t client[16];
	memset(client, 0, sizeof(client));
	switch (login) {
	case OPTEE_MSG_LOGIN_PUBLIC:
	case OPTEE_MSG_LOGIN_REE_KERNEL:
		break;
	case OPTEE_MSG_LOGIN_USER:
	case OPTEE_MSG_LOGIN_GROUP:
	case OPTEE_MSG_LOGIN_APPLICATION:
	case OPTEE_MSG_LOGIN_APPLICATION_USER:
	case OPTEE_MSG_LOGIN_APPLICATION_GROUP: {
		uint8_t octets[16];
		memcpy(octets, &call.params[1].u.value.a, 8);
		memcpy(octets + 8, &call.params[1].u.value.b, 8);
		tee_octets_to_uuid(octets, client);
		break;
	}
	default:
		tee_log("open session: login 0x%x refused", login);
		set_ret(argbuf, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_TEE);
		return;
	}
	const struct ta_ops *ta = ta_find(uuid);
	uint32_t r = prepare_params(2, n - 2, !ta);
	if (r != TEEC_SUCCESS)
		{
		set_ret(argbuf, r, TEEC_ORIGIN_TEE);
		return;
	}
	struct ta_session *s = session_alloc();
	if (!s) {
		tee_log("open session: all %u sessions in use", TEE_MAX_SESSIONS);
		{
		set_ret(argbuf, TEEC_ERROR_BUSY, TEEC_ORIGIN_TEE);
		return;
	}
	}
	s->ta = ta;
	s->login = login;
	memcpy(s->client_uuid, client, sizeof(client));
	uint32_t origin = TEEC_ORIGIN_TRUSTED_APP;
	op_begin(s, true);
	if (ta)
		r = ta_open(ta, s);
	else
		r = uta_open(uuid, s, call.tp, &origin); /* a user TA: loaded if need be */
	op_end(s);
	finish_params(argbuf, 2, n - 2, r);
	if (r == TEEC_SUCCESS)
		nwbuf_write(argbuf, HDR_OFF(session), &s->id, sizeof(s->id));
	else
		session_free(s);
	set_ret(argbuf, r, origin);
}

static void do_invoke(const struct nwbuf *argbuf, unsigned n)
{
	struct ta_session *s = session_find(call.hdr.session);
	if (!s)
		{
		set_ret(argbuf, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_TEE);
		return;
	}
	uint32_t r = prepare_params(0, n, !s->ta);
	if (r != TEEC_SUCCESS)
		{
		set_ret(argbuf, r, TEEC_ORIGIN_TEE);
		return;
	}
	uint32_t origin = TEEC_ORIGIN_TRUSTED_APP;
	op_begin(s, false);
	if (s->ta)
		r = ta_invoke(s, call.hdr.func);
	else
		r = uta_invoke(s, call.hdr.func, call.tp, &origin);
	op_end(s);
	finish_params(argbuf, 0, n, r);
	set_ret(argbuf, r, origin);
}

static void do_close(const struct nwbuf *argbuf)
{
	struct ta_session *s = session_find(call.hdr.session);
	if (!s)
		{
		set_ret(argbuf, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_TEE);
		return;
	}
	if (s->ta)
		ta_close(s);
	else
		uta_close(s);
	session_free(s);
	set_ret(argbuf, TEEC_SUCCESS, TEEC_ORIGIN_TEE);
}

static void do_register_shm(const struct nwbuf *argbuf, unsigned n)
{
	const struct optee_msg_param *p = &call.params[0];
	uint32_t type = p->attr & OPTEE_MSG_ATTR_TYPE_MASK;

	if (n != 1 || !(p->attr & OPTEE_MSG_ATTR_NONCONTIG) || (p->attr & OPTEE_MSG_ATTR_META) ||
	    (p->attr & ~ATTR_KNOWN) || type < OPTEE_MSG_ATTR_TYPE_TMEM_INPUT ||
	    type > OPTEE_MSG_ATTR_TYPE_TMEM_INOUT)
		{
		set_ret(argbuf, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_TEE);
		return;
	}
	uint32_t r = shm_register(p->u.tmem.shm_ref, p->u.tmem.buf_ptr, p->u.tmem.size);
	set_ret(argbuf, r, TEEC_ORIGIN_TEE);
}

static void do_unregister_shm(const struct nwbuf *argbuf, unsigned n)
{
	const struct optee_msg_param *p = &call.params[0];

	if (n != 1 || (p->attr & OPTEE_MSG_ATTR_TYPE_MASK) != OPTEE_MSG_ATTR_TYPE_RMEM_INPUT)
		{
		set_ret(argbuf, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_TEE);
		return;
	}
	set_ret(argbuf, shm_unregister(p->u.rmem.shm_ref), TEEC_ORIGIN_TEE);
}

uint32_t msg_process(const struct nwbuf *argbuf)
{
	/* header first, then exactly the params it announces */
	if (nwbuf_read(argbuf, 0, &call.hdr, sizeof(call.hdr)))
		return OPTEE_SMC_RETURN_EBADADDR;
	uint32_t n = call.hdr.num_params;
	if (n > TEE_MAX_MSG_PARAMS || !nwbuf_span_ok(argbuf, 0, OPTEE_MSG_GET_ARG_SIZE(n)))
		return OPTEE_SMC_RETURN_EBADADDR;
	if (nwbuf_read(argbuf, sizeof(call.hdr), call.params, n * sizeof(call.params[0])))
		return OPTEE_SMC_RETURN_EBADADDR;

	switch (call.hdr.cmd) {
	case OPTEE_MSG_CMD_OPEN_SESSION:
		do_open(argbuf, n);
		break;
	case OPTEE_MSG_CMD_INVOKE_COMMAND:
		do_invoke(argbuf, n);
		break;
	case OPTEE_MSG_CMD_CLOSE_SESSION:
		do_close(argbuf);
		break;
	case OPTEE_MSG_CMD_CANCEL:
		set_ret(argbuf, msg_cancel(&call.hdr), TEEC_ORIGIN_TEE);
		break;
	case OPTEE_MSG_CMD_REGISTER_SHM:
		do_register_shm(argbuf, n);
		break;
	case OPTEE_MSG_CMD_UNREGISTER_SHM:
		do_unregister_shm(argbuf, n);
		break;
	default:
		return OPTEE_SMC_RETURN_EBADCMD;
	}
	return OPTEE_SMC_RETURN_OK;
}
