/*
 * Loading a user TA: <uuid>.ta comes from the normal world's tee-supplicant
 * (OPTEE_RPC_CMD_LOAD_TA, first as a size query, then into shared memory from
 * OPTEE_RPC_CMD_SHM_ALLOC), is copied into private pages first, and only that
 * copy is checked: OP-TEE's signed header, SHA-256 over header | bootstrap
 * header | ELF, the RSA signature against the key built into this image
 * (build/keys/ta_pubkey.c), the UUID, then the ELF (tee/ta_check.c), then its
 * signed ta_version against the highest this VM's instance ever accepted for the
 * UUID (a counter the monitor keeps in secure flash; tee/ta_version.c). Nothing of a refused image
 * is mapped or run. A TA installed in the instance's trusted storage
 * (tee/pta_secstor_ta_mgmt.c) is taken before tee-supplicant's and checked alike.
 */
#include <lib/string.h>
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <tzvisor/secure_abi.h>
#include <tzvisor/ta_abi.h>
#include "tee.h"

/* ---- fetching ---- */

static uint64_t load_pages[TEE_SHM_MAX_PAGES];

static uint32_t load_ta_rpc(const struct rpc_shm *arg, const uint8_t uuid[16],
			    struct optee_msg_param *mem, uint64_t *size)
{
	struct optee_msg_param p[2];
	memset(p, 0, sizeof(p));
	p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
	memcpy(&p[0].u.value, uuid, 16); /* octets, as OPEN_SESSION carries them */
	p[1] = *mem;
	uint32_t r = rpc_cmd(arg, OPTEE_RPC_CMD_LOAD_TA, p, 2);
	/* the size is in the same place for TMEM and RMEM */
	*size = (p[1].attr & OPTEE_MSG_ATTR_TYPE_MASK) >= OPTEE_MSG_ATTR_TYPE_RMEM_INPUT
			? p[1].u.rmem.size
			: p[1].u.tmem.size;
	return r;
}

uint32_t uta_fetch(const uint8_t uuid[16], uint8_t **file, uint64_t *size, unsigned *npages)
{
	struct rpc_shm arg;
	uint32_t r;
	uint64_t want = 0, got = 0;

	*file = NULL;
	*npages = 0;
	if (!rpc_alloc(OPTEE_MSG_GET_ARG_SIZE(TEE_RPC_ARG_PARAMS), &arg)) {
		tee_log("load TA: no RPC argument memory from the normal world");
		return TEEC_ERROR_OUT_OF_MEMORY;
	}

	/* 1. the size (a null memref) */
	struct optee_msg_param mem;
	memset(&mem, 0, sizeof(mem));
	mem.attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
	r = load_ta_rpc(&arg, uuid, &mem, &want);
	if (r != TEEC_SUCCESS) {
		if (r != TEEC_ERROR_ITEM_NOT_FOUND)
			tee_log("load TA: supplicant answered 0x%x", r);
		goto out_arg;
	}
	if (want < TZV_SHDR_SIZE || want > UTA_IMAGE_MAX ||
	    (want + TEE_PAGE - 1) / TEE_PAGE > pages_free_count()) {
		tee_log("load TA: %llu bytes: too small or too large (limit %lu, %u pages free)",
			(unsigned long long)want, UTA_IMAGE_MAX, pages_free_count());
		r = want < TZV_SHDR_SIZE ? TEEC_ERROR_BAD_FORMAT : TEEC_ERROR_OUT_OF_MEMORY;
		goto out_arg;
	}

	/* 2. shared memory from tee-supplicant */
	struct nwbuf buf;
	uint64_t cookie;
	bool allocated;
	r = rpc_shm_alloc(&arg, want, load_pages, TEE_SHM_MAX_PAGES, &cookie, &buf, &allocated);
	if (r != TEEC_SUCCESS) {
		tee_log("load TA: no usable shared memory of %llu bytes from tee-supplicant (0x%x)",
			(unsigned long long)want, r);
		if (allocated)
			goto out_shm;
		goto out_arg;
	}

	/* 3. the file into it */
	memset(&mem, 0, sizeof(mem));
	mem.attr = OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT;
	mem.u.rmem.shm_ref = cookie;
	mem.u.rmem.offs = 0;
	mem.u.rmem.size = want;
	r = load_ta_rpc(&arg, uuid, &mem, &got);
	if (r != TEEC_SUCCESS || got != want) {
		tee_log("load TA: second LOAD_TA answered 0x%x, %llu of %llu bytes", r,
			(unsigned long long)got, (unsigned long long)want);
		if (r == TEEC_SUCCESS)
			r = TEEC_ERROR_BAD_FORMAT;
		goto out_shm;
	}

	/* 4. into private memory, before anything looks at it */
	unsigned n = (unsigned)((want + TEE_PAGE - 1) / TEE_PAGE);
	uint8_t *priv = pages_alloc(n);
	if (!priv) {
		r = TEEC_ERROR_OUT_OF_MEMORY;
		goto out_shm;
	}
	if (nwbuf_read(&buf, 0, priv, want)) {
		pages_free(priv, n);
		r = TEEC_ERROR_BAD_PARAMETERS;
		goto out_shm;
	}
	*file = priv;
	*size = want;
	*npages = n;
	r = TEEC_SUCCESS;

out_shm:
	rpc_shm_free(&arg, cookie);
out_arg:
	rpc_free(&arg);
	return r;
}

/*
 * A TA installed in this instance's trusted storage first (OP-TEE's order of TA stores),
 * then tee-supplicant's file; the caller checks either alike. A storage that is
 * unavailable, or whose copy fails its checks, only means nothing installed is used.
 */
uint32_t uta_find_file(const uint8_t uuid[16], uint8_t **file, uint64_t *size, unsigned *npages)
{
	uint32_t r = tadb_fetch(uuid, file, size, npages);
	if (r == TEEC_SUCCESS)
		tee_log("TA %02x%02x%02x%02x: the copy installed in secure storage", uuid[0],
			uuid[1], uuid[2], uuid[3]);
	if (r == TEEC_SUCCESS || r == TEEC_ERROR_OUT_OF_MEMORY)
		return r;
	return uta_fetch(uuid, file, size, npages);
}
