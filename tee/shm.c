/* Shared memory registered by the normal world (OPTEE_MSG_CMD_REGISTER_SHM). */
#include <lib/string.h>
#include <abi/tee_client.h>
#include "tee.h"

static struct tee_shm shm_table[TEE_MAX_SHM];

void shm_reset(void)
{
	memset(shm_table, 0, sizeof(shm_table));
}

/* The last one found: the driver's argument page, named by every call. */
static struct tee_shm *shm_last;

struct tee_shm *shm_find(uint64_t cookie)
{
	if (shm_last && shm_last->used && shm_last->cookie == cookie)
		return shm_last;
	for (unsigned i = 0; i < TEE_MAX_SHM; i++)
		if (shm_table[i].used && shm_table[i].cookie == cookie)
			return shm_last = &shm_table[i];
	return NULL;
}

unsigned shm_count(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < TEE_MAX_SHM; i++)
		n += shm_table[i].used;
	return n;
}

uint32_t shm_register(uint64_t cookie, uint64_t buf_ptr, uint64_t size)
{
	struct tee_shm *s = NULL;

	if (shm_find(cookie)) {
		tee_log("register shm: cookie 0x%llx already registered",
			(unsigned long long)cookie);
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	for (unsigned i = 0; i < TEE_MAX_SHM && !s; i++)
		if (!shm_table[i].used)
			s = &shm_table[i];
	if (!s) {
		tee_log("register shm: table full (%u objects)", TEE_MAX_SHM);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	uint32_t r = nw_pagelist_load(buf_ptr, size, s->pages, TEE_SHM_MAX_PAGES, &s->buf);
	if (r != TEEC_SUCCESS) {
		if (r == TEEC_ERROR_OUT_OF_MEMORY)
			tee_log("register shm: %llu bytes, over %u pages", (unsigned long long)size,
				TEE_SHM_MAX_PAGES);
		else
			tee_log("register shm: bad page list at 0x%llx", (unsigned long long)buf_ptr);
		memset(s, 0, sizeof(*s));
		return r;
	}
	s->cookie = cookie;
	s->used = true;
	return TEEC_SUCCESS;
}

uint32_t shm_unregister(uint64_t cookie)
{
	struct tee_shm *s = shm_find(cookie);
	if (!s)
		return TEEC_ERROR_BAD_PARAMETERS;
	memset(s, 0, sizeof(*s));
	return TEEC_SUCCESS;
}
