/*
 * The SOCKET syscall of user TAs: GP TEE Sockets (TCP, UDP) served by the
 * normal world's tee-supplicant through OPTEE_RPC_CMD_SOCKET, with the
 * parameters tee-supplicant's tee_socket.c reads (its instance id, handle,
 * timeout in ms or 0xffffffff for blocking).
 *
 * The TA never sees tee-supplicant's handles: it gets the kernel's (slot and
 * generation), each bound to the TA instance that opened it, so another
 * instance's handle, a closed one or a made-up number gets BAD_PARAMETERS
 * without any RPC. Each TA instance also has its own tee-supplicant instance
 * id, so a normal world that mixes up handles can only mix up its own sockets;
 * every socket of an instance is closed (CLOSE_ALL) when it ends.
 *
 * Data goes through tee-supplicant shared memory: copied from the TA's
 * checked buffer before the RPC, and back after it, never more than the TA
 * asked for, whatever size the normal world answers.
 */
#include <lib/string.h>
#include <abi/optee_msg.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "storage.h"
#include "tee.h"
#include "uta_sys.h"

#define PROTO_TCP 0x65 /* TEE_ISOCKET_PROTOCOLID_TCP */
#define PROTO_UDP 0x66
#define IP_VERSION_MAX 2 /* TEE_IP_VERSION_DC, _4, _6 */
#define TEE_ISOCKET_ERROR_HOSTNAME 0xf1007007u
#define DATA_PAGES (TZV_TA_SOCKET_DATA_MAX / TEE_PAGE + 1)

struct sock {
	const void *owner; /* the TA instance; NULL: free slot */
	uint32_t instance; /* its tee-supplicant instance id */
	uint32_t supp;	   /* tee-supplicant's handle */
	uint16_t gen;
	uint8_t proto;
};

struct sock_owner {
	const void *owner;
	uint32_t instance;
};

static struct sock socks[TZV_TA_SOCKETS];
static struct sock_owner owners[UTA_MAX];
static uint32_t next_instance;

static uint32_t handle_of(const struct sock *s)
{
	return ((uint32_t)s->gen << 16) | (uint32_t)(s - socks + 1);
}

static struct sock *lookup(const void *owner, uint64_t handle)
{
	uint64_t i = (handle & 0xffff) - 1;
	if (handle > UINT32_MAX || i >= TZV_TA_SOCKETS)
		return NULL;
	struct sock *s = &socks[i];
	return s->owner == owner && s->gen == (uint16_t)(handle >> 16) ? s : NULL;
}

/* The tee-supplicant instance id of owner, made on its first socket (0: no room). */
static uint32_t instance_of(const void *owner)
{
	struct sock_owner *free_slot = NULL;
	for (unsigned i = 0; i < UTA_MAX; i++) {
		if (owners[i].owner == owner)
			return owners[i].instance;
		if (!owners[i].owner && !free_slot)
			free_slot = &owners[i];
	}
	if (!free_slot)
		return 0;
	free_slot->owner = owner;
	free_slot->instance = ++next_instance ? next_instance : ++next_instance;
	return free_slot->instance;
}

static void value_param(struct optee_msg_param *p, uint64_t attr, uint64_t a, uint64_t b,
			uint64_t c)
{
	memset(p, 0, sizeof(*p));
	p->attr = attr;
	p->u.value.a = a;
	p->u.value.b = b;
	p->u.value.c = c;
}

/*
 * One OPTEE_RPC_CMD_SOCKET with n parameters; p[mem] (mem < n) becomes a memref of `attr`
 * over `len` bytes of shared memory, filled from `in` first when given. After the RPC,
 * *answered is the memref's size in tee-supplicant's answer (0 when the RPC was not sent)
 * and, when it succeeded, min(*answered, len) bytes go to `out` when given.
 */
static uint32_t socket_rpc(struct optee_msg_param *p, unsigned n, unsigned mem, uint64_t attr,
			   const void *in, void *out, uint64_t len, uint64_t *answered)
{
	struct rpc_shm arg;
	if (!rpc_alloc(OPTEE_MSG_GET_ARG_SIZE(TEE_RPC_ARG_PARAMS), &arg))
		return TEEC_ERROR_OUT_OF_MEMORY;
	uint64_t pages[DATA_PAGES], cookie = 0;
	struct nwbuf nb;
	bool allocated = false;
	uint32_t r = TEEC_SUCCESS;
	if (mem < n) {
		r = rpc_shm_alloc(&arg, len ? len : 1, pages, DATA_PAGES, &cookie, &nb, &allocated);
		if (r == TEEC_SUCCESS && in && len && nwbuf_write(&nb, 0, in, len))
			r = TEEC_ERROR_BAD_PARAMETERS;
		memset(&p[mem], 0, sizeof(p[mem]));
		p[mem].attr = attr;
		p[mem].u.rmem.size = len;
		p[mem].u.rmem.shm_ref = cookie;
	}
	bool sent = r == TEEC_SUCCESS;
	if (sent)
		r = rpc_cmd(&arg, OPTEE_RPC_CMD_SOCKET, p, n);
	if (mem < n) {
		*answered = sent ? p[mem].u.rmem.size : 0;
		uint64_t back = *answered < len ? *answered : len;
		if (out && back && r == TEEC_SUCCESS && nwbuf_read(&nb, 0, out, back))
			r = TEEC_ERROR_COMMUNICATION;
	}
	if (allocated)
		rpc_shm_free(&arg, cookie);
	rpc_free(&arg);
	return r;
}

static uint32_t sock_open(const void *owner, uint64_t what, uint64_t addr_va, uint64_t addr_len,
			  uint64_t handle_va)
{
	uint32_t *handle_out = user_obj(handle_va, uint32_t, true);
	if (!handle_out)
		uta_kill_current("SOCKET open: bad handle pointer", handle_va, 4);
	if (addr_len > TZV_TA_SOCKET_ADDR_MAX)
		return TEE_ISOCKET_ERROR_HOSTNAME;
	const char *addr = addr_len ? uta_user_ptr(addr_va, addr_len, false) : NULL;
	if (addr_len && !addr)
		uta_kill_current("SOCKET open: bad address", addr_va, addr_len);
	char name[TZV_TA_SOCKET_ADDR_MAX];
	if (addr_len)
		memcpy(name, addr, addr_len); /* the TA may not change it under the RPC */
	if (!addr_len || name[addr_len - 1] != '\0')
		return TEE_ISOCKET_ERROR_HOSTNAME;
	uint32_t proto = what & 0xff, ip = (what >> 8) & 0xff, port = (what >> 16) & 0xffff;
	if ((proto != PROTO_TCP && proto != PROTO_UDP) || ip > IP_VERSION_MAX || what >> 32)
		return TEEC_ERROR_BAD_PARAMETERS;

	struct sock *s = NULL;
	for (unsigned i = 0; i < TZV_TA_SOCKETS && !s; i++)
		if (!socks[i].owner)
			s = &socks[i];
	uint32_t instance = s ? instance_of(owner) : 0;
	if (!instance)
		return TEEC_ERROR_OUT_OF_MEMORY;

	struct optee_msg_param p[4];
	uint64_t answered;
	value_param(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, OPTEE_RPC_SOCKET_OPEN, instance, 0);
	value_param(&p[1], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, port, proto, ip);
	value_param(&p[3], OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0);
	uint32_t r =
	    socket_rpc(p, 4, 2, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, name, NULL, addr_len, &answered);
	if (r != TEEC_SUCCESS)
		return r;
	s->owner = owner;
	s->instance = instance;
	s->supp = (uint32_t)p[3].u.value.a;
	s->proto = (uint8_t)proto;
	s->gen++;
	*handle_out = handle_of(s);
	return TEEC_SUCCESS;
}

static uint32_t sock_close(struct sock *s)
{
	struct optee_msg_param p;
	value_param(&p, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, OPTEE_RPC_SOCKET_CLOSE, s->instance,
		    s->supp);
	/* the slot is free whatever the answer: the TA's handle is gone either way */
	s->owner = NULL;
	return socket_rpc(&p, 1, 1, 0, NULL, NULL, 0, NULL);
}

static uint32_t sock_send(struct sock *s, uint64_t buf_va, uint32_t *len, uint64_t timeout)
{
	uint64_t n = *len < TZV_TA_SOCKET_DATA_MAX ? *len : TZV_TA_SOCKET_DATA_MAX;
	const void *buf = n ? uta_user_ptr(buf_va, n, false) : NULL;
	if (n && !buf)
		uta_kill_current("SOCKET send: bad buffer", buf_va, n);
	struct optee_msg_param p[3];
	uint64_t answered;
	value_param(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, OPTEE_RPC_SOCKET_SEND, s->instance,
		    s->supp);
	value_param(&p[2], OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, (uint32_t)timeout, 0, 0);
	uint32_t r = socket_rpc(p, 3, 1, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, buf, NULL, n, &answered);
	uint64_t sent = p[2].u.value.b;
	if (sent > n) {
		tee_log("SOCKET send: the normal world says %llu of %llu bytes went",
			(unsigned long long)sent, (unsigned long long)n);
		sent = 0;
		r = TEEC_ERROR_COMMUNICATION;
	}
	*len = r == TEEC_SUCCESS ? (uint32_t)sent : 0;
	return r;
}

static uint32_t sock_recv(struct sock *s, uint64_t buf_va, uint32_t *len, uint64_t timeout)
{
	uint64_t n = *len < TZV_TA_SOCKET_DATA_MAX ? *len : TZV_TA_SOCKET_DATA_MAX;
	void *buf = n ? uta_user_ptr(buf_va, n, true) : NULL;
	if (n && !buf)
		uta_kill_current("SOCKET recv: bad buffer", buf_va, n);
	struct optee_msg_param p[3];
	uint64_t answered = 0;
	value_param(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, OPTEE_RPC_SOCKET_RECV, s->instance,
		    s->supp);
	value_param(&p[2], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, (uint32_t)timeout, 0, 0);
	uint32_t r = socket_rpc(p, 3, 1, OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, NULL, buf, n, &answered);
	/*
	 * A datagram longer than the buffer comes back cut, with its length (GP); a TCP
	 * stream has no such thing, and no length may pass 32 bits.
	 */
	if (answered > UINT32_MAX || (answered > n && s->proto == PROTO_TCP)) {
		tee_log("SOCKET recv: the normal world answers %llu bytes for %llu",
			(unsigned long long)answered, (unsigned long long)n);
		*len = 0;
		return TEEC_ERROR_COMMUNICATION;
	}
	*len = (uint32_t)answered;
	return r;
}

static uint32_t sock_ioctl(struct sock *s, uint64_t cmd, uint64_t buf_va, uint32_t *len)
{
	uint64_t n = *len;
	if (n > TZV_TA_SOCKET_DATA_MAX)
		return TEEC_ERROR_BAD_PARAMETERS;
	void *buf = n ? uta_user_ptr(buf_va, n, true) : NULL;
	if (n && !buf)
		uta_kill_current("SOCKET ioctl: bad buffer", buf_va, n);
	struct optee_msg_param p[3];
	uint64_t answered = 0;
	value_param(&p[0], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, OPTEE_RPC_SOCKET_IOCTL, s->instance,
		    s->supp);
	value_param(&p[2], OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, (uint32_t)cmd, 0, 0);
	uint32_t r = socket_rpc(p, 3, 1, OPTEE_MSG_ATTR_TYPE_RMEM_INOUT, buf, buf, n, &answered);
	if (answered > n) {
		tee_log("SOCKET ioctl: the normal world answers %llu bytes for %llu",
			(unsigned long long)answered, (unsigned long long)n);
		*len = 0;
		return TEEC_ERROR_COMMUNICATION;
	}
	*len = (uint32_t)answered;
	return r;
}

uint32_t uta_sys_socket(const void *owner, uint64_t op, const uint64_t a[5])
{
	if (op == TZV_SOCK_OPEN)
		return sock_open(owner, a[0], a[1], a[2], a[3]);
	struct sock *s = lookup(owner, a[0]);
	if (op > TZV_SOCK_IOCTL)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (!s)
		return TEEC_ERROR_BAD_PARAMETERS; /* not this instance's socket */
	if (op == TZV_SOCK_CLOSE)
		return sock_close(s);
	uint64_t len_va = op == TZV_SOCK_IOCTL ? a[3] : a[2];
	uint32_t *lenp = user_obj(len_va, uint32_t, true);
	if (!lenp)
		uta_kill_current("SOCKET: bad length pointer", len_va, 4);
	uint32_t len = *lenp, r; /* read once: the TA cannot change it under the call */
	if (op == TZV_SOCK_SEND)
		r = sock_send(s, a[1], &len, a[3]);
	else if (op == TZV_SOCK_RECV)
		r = sock_recv(s, a[1], &len, a[3]);
	else
		r = sock_ioctl(s, a[1], a[2], &len);
	*lenp = len;
	return r;
}

void uta_socket_release(const void *owner)
{
	for (unsigned i = 0; i < TZV_TA_SOCKETS; i++)
		if (socks[i].owner == owner)
			socks[i].owner = NULL;
	for (unsigned i = 0; i < UTA_MAX; i++) {
		if (owners[i].owner != owner)
			continue;
		struct optee_msg_param p;
		value_param(&p, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, OPTEE_RPC_SOCKET_CLOSE_ALL,
			    owners[i].instance, 0);
		socket_rpc(&p, 1, 1, 0, NULL, NULL, 0, NULL);
		owners[i].owner = NULL;
	}
}

void uta_socket_reset(void)
{
	memset(socks, 0, sizeof(socks));
	memset(owners, 0, sizeof(owners));
}
