/*
 * The runtime's dispatcher: turns a kernel entry (ta_abi.h) into a call of the
 * TA's GlobalPlatform entry points and keeps each session's context.
 */
#include <tee_internal_api.h>
#include <user_ta_header.h>
#include "utee.h"

struct session {
	uint32_t id;
	void *ctx;
	bool cancel_masked; /* as the TA left it: OP-TEE keeps the mask per session */
	struct session *next;
};

static struct session *sessions;
TEE_Identity tzv_current_client;
bool tzv_cancel_masked = true;

static struct session **find(uint32_t id)
{
	struct session **link = &sessions;
	while (*link && (*link)->id != id)
		link = &(*link)->next;
	return link;
}

void tzv_ta_reset_sessions(void)
{
	while (sessions) {
		struct session *s = sessions;
		sessions = s->next;
		TEE_Free(s);
	}
}

static void params_in(const struct tzv_ta_params *p, TEE_Param out[4])
{
	for (unsigned i = 0; i < 4; i++) {
		switch (TEE_PARAM_TYPE_GET(p->param_types, i)) {
		case TEE_PARAM_TYPE_VALUE_INPUT:
		case TEE_PARAM_TYPE_VALUE_INOUT:
			out[i].value.a = p->params[i].value.a;
			out[i].value.b = p->params[i].value.b;
			break;
		case TEE_PARAM_TYPE_MEMREF_INPUT:
		case TEE_PARAM_TYPE_MEMREF_OUTPUT:
		case TEE_PARAM_TYPE_MEMREF_INOUT:
			out[i].memref.buffer = (void *)(uintptr_t)p->params[i].memref.buffer;
			out[i].memref.size = (size_t)p->params[i].memref.size;
			break;
		default:
			out[i].memref.buffer = NULL;
			out[i].memref.size = 0;
			break;
		}
	}
}

static void params_out(struct tzv_ta_params *p, const TEE_Param in[4])
{
	for (unsigned i = 0; i < 4; i++) {
		switch (TEE_PARAM_TYPE_GET(p->param_types, i)) {
		case TEE_PARAM_TYPE_VALUE_OUTPUT:
		case TEE_PARAM_TYPE_VALUE_INOUT:
			p->params[i].value.a = in[i].value.a;
			p->params[i].value.b = in[i].value.b;
			break;
		case TEE_PARAM_TYPE_MEMREF_OUTPUT:
		case TEE_PARAM_TYPE_MEMREF_INOUT:
			p->params[i].memref.size = in[i].memref.size;
			break;
		default:
			break;
		}
	}
}

static void client_in(const struct tzv_ta_params *p)
{
	tzv_current_client.login = p->login;
	TEE_MemMove(&tzv_current_client.uuid, p->client_uuid, sizeof(tzv_current_client.uuid));
}

TEE_Result tzv_ta_dispatch(uint32_t cmd, uint32_t session, struct tzv_ta_params *p)
{
	TEE_Param params[4];
	struct session **link, *s;
	TEE_Result res;

	/* masked when a session opens; an invoke starts with the mask its session left */
	tzv_cancel_masked = true;
	switch (cmd) {
	case TZV_TA_ENTRY_CREATE:
		tzv_tls_init();
		/* the TA's CFG_TEE_TA_LOG_LEVEL, not libutee's, rules trace_printf and printf */
		trace_set_level(tahead_get_trace_level());
		/* shared libraries (DT_NEEDED), then every constructor, the TA's last */
		res = tzv_dl_start();
		if (res != TEE_SUCCESS)
			return res;
		return TA_CreateEntryPoint();
	case TZV_TA_ENTRY_DESTROY:
		TA_DestroyEntryPoint();
		if (tzv_cxx_fini) /* linked when the TA has C++ code (cxx.c) */
			tzv_cxx_fini();
		return TEE_SUCCESS;
	case TZV_TA_ENTRY_OPEN_SESSION:
		if (!p || !session || *find(session))
			return TEE_ERROR_BAD_PARAMETERS;
		s = TEE_Malloc(sizeof(*s), TEE_MALLOC_FILL_ZERO);
		if (!s)
			return TEE_ERROR_OUT_OF_MEMORY;
		client_in(p);
		params_in(p, params);
		res = TA_OpenSessionEntryPoint(p->param_types, params, &s->ctx);
		params_out(p, params);
		s->cancel_masked = tzv_cancel_masked;
		if (res != TEE_SUCCESS) {
			TEE_Free(s);
			return res;
		}
		s->id = session;
		s->next = sessions;
		sessions = s;
		return TEE_SUCCESS;
	case TZV_TA_ENTRY_INVOKE:
		if (!p || !(s = *find(session)))
			return TEE_ERROR_BAD_PARAMETERS;
		client_in(p);
		params_in(p, params);
		tzv_cancel_masked = s->cancel_masked;
		res = TA_InvokeCommandEntryPoint(s->ctx, p->cmd_id, p->param_types, params);
		params_out(p, params);
		s->cancel_masked = tzv_cancel_masked;
		return res;
	case TZV_TA_ENTRY_CLOSE_SESSION:
		link = find(session);
		if (!(s = *link))
			return TEE_ERROR_BAD_PARAMETERS;
		TA_CloseSessionEntryPoint(s->ctx);
		*link = s->next;
		TEE_Free(s);
		return TEE_SUCCESS;
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
