/*
 * Shared memory from the normal world's tee-supplicant for one RPC exchange
 * (OPTEE_RPC_CMD_SHM_ALLOC / SHM_FREE of type APPL), as the TA loader and
 * trusted storage use it. Separate from tee/rpc.c so that it builds on the
 * host with a fake rpc_cmd (tests/unit/test_storage.c).
 */
#include <lib/string.h>
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include "tee.h"

static void shm_param(struct optee_msg_param *p, uint64_t b)
{
	memset(p, 0, sizeof(*p));
	p->attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
	p->u.value.a = OPTEE_RPC_SHM_TYPE_APPL;
	p->u.value.b = b;
}

uint32_t rpc_shm_alloc(const struct rpc_shm *arg, uint64_t size, uint64_t *pages,
		       uint32_t max_pages, uint64_t *cookie, struct nwbuf *buf, bool *allocated)
{
	struct optee_msg_param p;
	shm_param(&p, size);
	uint32_t r = rpc_cmd(arg, OPTEE_RPC_CMD_SHM_ALLOC, &p, 1);
	*cookie = 0;
	memset(buf, 0, sizeof(*buf));
	*allocated = r == TEEC_SUCCESS &&
		     (p.attr & OPTEE_MSG_ATTR_TYPE_MASK) == OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
	if (!*allocated)
		return TEEC_ERROR_OUT_OF_MEMORY;
	*cookie = p.u.tmem.shm_ref;
	if (p.u.tmem.size < size)
		return TEEC_ERROR_OUT_OF_MEMORY;
	if (p.attr & OPTEE_MSG_ATTR_NONCONTIG)
		return nw_pagelist_load(p.u.tmem.buf_ptr, size, pages, max_pages, buf);
	buf->pa = p.u.tmem.buf_ptr;
	buf->size = size;
	return nw_range_ok(buf->pa, size) ? TEEC_SUCCESS : TEEC_ERROR_BAD_PARAMETERS;
}

void rpc_shm_free(const struct rpc_shm *arg, uint64_t cookie)
{
	struct optee_msg_param p;
	shm_param(&p, cookie);
	rpc_cmd(arg, OPTEE_RPC_CMD_SHM_FREE, &p, 1);
}
