/* OP-TEE message protocol (struct optee_msg_arg in normal-world shared memory). */
#ifndef ABI_OPTEE_MSG_H
#define ABI_OPTEE_MSG_H

#include <stdint.h>

#define OPTEE_MSG_ATTR_TYPE_NONE         0x0
#define OPTEE_MSG_ATTR_TYPE_VALUE_INPUT  0x1
#define OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT 0x2
#define OPTEE_MSG_ATTR_TYPE_VALUE_INOUT  0x3
#define OPTEE_MSG_ATTR_TYPE_RMEM_INPUT   0x5
#define OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT  0x6
#define OPTEE_MSG_ATTR_TYPE_RMEM_INOUT   0x7
#define OPTEE_MSG_ATTR_TYPE_FMEM_INPUT   OPTEE_MSG_ATTR_TYPE_RMEM_INPUT
#define OPTEE_MSG_ATTR_TYPE_FMEM_OUTPUT  OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT
#define OPTEE_MSG_ATTR_TYPE_FMEM_INOUT   OPTEE_MSG_ATTR_TYPE_RMEM_INOUT
#define OPTEE_MSG_ATTR_TYPE_TMEM_INPUT   0x9
#define OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT  0xa
#define OPTEE_MSG_ATTR_TYPE_TMEM_INOUT   0xb
#define OPTEE_MSG_ATTR_TYPE_MASK         0xffu

#define OPTEE_MSG_ATTR_META              (1u << 8)
#define OPTEE_MSG_ATTR_NONCONTIG         (1u << 9)
#define OPTEE_MSG_ATTR_CACHE_SHIFT       16
#define OPTEE_MSG_ATTR_CACHE_MASK        0x7u
#define OPTEE_MSG_ATTR_CACHE_PREDEFINED  0

#define OPTEE_MSG_LOGIN_PUBLIC            0x0
#define OPTEE_MSG_LOGIN_USER              0x1
#define OPTEE_MSG_LOGIN_GROUP             0x2
#define OPTEE_MSG_LOGIN_APPLICATION       0x4
#define OPTEE_MSG_LOGIN_APPLICATION_USER  0x5
#define OPTEE_MSG_LOGIN_APPLICATION_GROUP 0x6
#define OPTEE_MSG_LOGIN_REE_KERNEL        0x80000000u

/* Page lists of non-contiguous buffers are built from 4 KiB pages. */
#define OPTEE_MSG_NONCONTIG_PAGE_SIZE 4096

#define OPTEE_MSG_CMD_OPEN_SESSION    0
#define OPTEE_MSG_CMD_INVOKE_COMMAND  1
#define OPTEE_MSG_CMD_CLOSE_SESSION   2
#define OPTEE_MSG_CMD_CANCEL          3
#define OPTEE_MSG_CMD_REGISTER_SHM    4
#define OPTEE_MSG_CMD_UNREGISTER_SHM  5
#define OPTEE_MSG_CMD_DO_BOTTOM_HALF  6
#define OPTEE_MSG_CMD_STOP_ASYNC_NOTIF 7

struct optee_msg_param_tmem {
	uint64_t buf_ptr;
	uint64_t size;
	uint64_t shm_ref;
};

struct optee_msg_param_rmem {
	uint64_t offs;
	uint64_t size;
	uint64_t shm_ref;
};

struct optee_msg_param_value {
	uint64_t a;
	uint64_t b;
	uint64_t c;
};

struct optee_msg_param {
	uint64_t attr;
	union {
		struct optee_msg_param_tmem tmem;
		struct optee_msg_param_rmem rmem;
		struct optee_msg_param_value value;
		uint8_t octets[24];
	} u;
};

struct optee_msg_arg {
	uint32_t cmd;
	uint32_t func;
	uint32_t session;
	uint32_t cancel_id;
	uint32_t pad;
	uint32_t ret;
	uint32_t ret_origin;
	uint32_t num_params;
	struct optee_msg_param params[];
};

#define OPTEE_MSG_GET_ARG_SIZE(num_params)                                     \
	(sizeof(struct optee_msg_arg) + sizeof(struct optee_msg_param) * (num_params))

_Static_assert(sizeof(struct optee_msg_param) == 32, "optee_msg_param is 32 bytes");
_Static_assert(sizeof(struct optee_msg_arg) == 32, "optee_msg_arg header is 32 bytes");

/* RPC commands carried in struct optee_msg_arg.cmd of an RPC_CMD return. */
#define OPTEE_RPC_CMD_LOAD_TA    0
#define OPTEE_RPC_CMD_RPMB       1
#define OPTEE_RPC_CMD_FS         2
#define OPTEE_RPC_CMD_GET_TIME   3
#define OPTEE_RPC_CMD_WAIT_QUEUE 4
#define OPTEE_RPC_CMD_SUSPEND    5
#define OPTEE_RPC_CMD_SHM_ALLOC  6
#define OPTEE_RPC_CMD_SHM_FREE   7
#define OPTEE_RPC_CMD_SOCKET 10

/* value[0].a of OPTEE_RPC_CMD_SOCKET (tee-supplicant's tee_socket.c; tee/uta_socket.c). */
#define OPTEE_RPC_SOCKET_OPEN 0
#define OPTEE_RPC_SOCKET_CLOSE 1
#define OPTEE_RPC_SOCKET_CLOSE_ALL 2
#define OPTEE_RPC_SOCKET_SEND 3
#define OPTEE_RPC_SOCKET_RECV 4
#define OPTEE_RPC_SOCKET_IOCTL 5
#define OPTEE_RPC_SOCKET_TIMEOUT_BLOCKING 0xffffffffu

/* value.a of SHM_ALLOC / SHM_FREE: memory tee-supplicant (user space) serves. */
#define OPTEE_RPC_SHM_TYPE_APPL  0

#endif
