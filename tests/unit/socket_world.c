/* The world of tee/uta_socket.c on the host: see socket_world.h. */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <abi/tee_client.h>
#include "socket_world.h"
#include "storage.h"
#include "tee.h"
#include "uta_sys.h"

struct sw_answer sw_answer;
struct sw_request sw_last;
unsigned sw_socket_rpcs, sw_shm_allocs, sw_shm_frees;
uint8_t *sw_ta;
const char *sw_killed_why;

static uint8_t *ram;
static uint64_t shm_size; /* of the shared memory handed out last */
static jmp_buf killed;

uint32_t tee_vm_id = 1;

void tee_log(const char *fmt, ...)
{
	(void)fmt;
}

void *uta_user_ptr(uint64_t va, uint64_t len, bool write)
{
	(void)write;
	if (va < SW_TA_VA || len > SW_TA_SIZE || va - SW_TA_VA > SW_TA_SIZE - len)
		return NULL;
	return sw_ta + (va - SW_TA_VA);
}

void uta_kill_current(const char *why, uint64_t a, uint64_t b)
{
	(void)a, (void)b;
	sw_killed_why = why;
	longjmp(killed, 1);
}

bool rpc_alloc(uint64_t size, struct rpc_shm *out)
{
	if (sw_answer.no_arg)
		return false;
	memset(out, 0, sizeof(*out));
	out->pa = SW_ARG_PA;
	out->cookie = 1;
	out->size = size;
	return true;
}

void rpc_free(const struct rpc_shm *s)
{
	(void)s;
}

static void socket_request(struct optee_msg_param *p, unsigned n)
{
	sw_socket_rpcs++;
	memset(&sw_last, 0, sizeof(sw_last));
	sw_last.op = p[0].u.value.a;
	sw_last.instance = p[0].u.value.b;
	sw_last.handle = p[0].u.value.c;
	unsigned mem = sw_last.op == OPTEE_RPC_SOCKET_OPEN ? 2 : 1;
	if (mem >= n)
		return;
	/* the memref as tee-supplicant finds it: its own shared memory */
	struct optee_msg_param *m = &p[mem];
	uint64_t size = m->u.rmem.size;
	sw_last.size = size;
	uint64_t seen = size < sizeof(sw_last.data) ? size : sizeof(sw_last.data);
	if (seen > shm_size)
		seen = shm_size;
	memcpy(sw_last.data, ram + (SW_SHM_PA - SW_RAM_BASE), (size_t)seen);
	if (sw_last.op == OPTEE_RPC_SOCKET_RECV || sw_last.op == OPTEE_RPC_SOCKET_IOCTL)
		memset(ram + (SW_SHM_PA - SW_RAM_BASE), sw_answer.fill,
		       (size_t)(size < shm_size ? size : shm_size));
	if (sw_answer.size != SW_KEEP)
		m->u.rmem.size = sw_answer.size;
	if (sw_last.op == OPTEE_RPC_SOCKET_OPEN && n > 3)
		p[3].u.value.a = sw_answer.handle;
	if (sw_last.op == OPTEE_RPC_SOCKET_SEND && n > 2)
		p[2].u.value.b = sw_answer.sent;
}

uint32_t rpc_cmd(const struct rpc_shm *arg, uint32_t cmd, struct optee_msg_param *p, unsigned n)
{
	if (arg->pa != SW_ARG_PA || n > TEE_RPC_ARG_PARAMS)
		abort();
	switch (cmd) {
	case OPTEE_RPC_CMD_SHM_ALLOC: {
		if (sw_answer.no_shm)
			return TEEC_ERROR_OUT_OF_MEMORY;
		uint64_t size = p[0].u.value.b;
		if (size > SW_SHM_MAX)
			return TEEC_ERROR_OUT_OF_MEMORY;
		sw_shm_allocs++;
		shm_size = size;
		p[0].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
		p[0].u.tmem.buf_ptr = SW_SHM_PA;
		p[0].u.tmem.size = size;
		p[0].u.tmem.shm_ref = 77;
		return TEEC_SUCCESS;
	}
	case OPTEE_RPC_CMD_SHM_FREE:
		sw_shm_frees++;
		return TEEC_SUCCESS;
	case OPTEE_RPC_CMD_SOCKET:
		socket_request(p, n);
		return sw_answer.ret;
	}
	return TEEC_ERROR_NOT_SUPPORTED;
}

void sw_init(void)
{
	if (!ram) {
		ram = malloc(SW_RAM_SIZE);
		sw_ta = malloc(SW_TA_SIZE);
		if (!ram || !sw_ta)
			abort();
	}
	memset(ram, 0, SW_RAM_SIZE);
	memset(sw_ta, 0xa5, SW_TA_SIZE);
	nw_set_range(SW_RAM_BASE, SW_RAM_SIZE);
	nw_host_bias = (uintptr_t)ram - (uintptr_t)SW_RAM_BASE;
	memset(&sw_answer, 0, sizeof(sw_answer));
	sw_answer.size = SW_KEEP;
	memset(&sw_last, 0, sizeof(sw_last));
	sw_socket_rpcs = sw_shm_allocs = sw_shm_frees = 0;
	sw_killed_why = NULL;
	shm_size = 0;
	uta_socket_reset();
}

uint32_t sw_syscall(const void *owner, uint64_t op, const uint64_t a[5], bool *was_killed)
{
	*was_killed = false;
	if (setjmp(killed)) {
		*was_killed = true;
		return 0;
	}
	return uta_sys_socket(owner, op, a);
}
