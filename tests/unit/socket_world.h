/*
 * The world of tee/uta_socket.c on the host (tests/unit/socket_world.c), shared by the unit
 * test test_uta_socket and the fuzz harness fuzz_socket: the VM's RAM (tee/nwmem.c over a
 * heap block), a tee-supplicant that answers SHM_ALLOC/SHM_FREE (tee/rpc_shm.c) and
 * OPTEE_RPC_CMD_SOCKET as sw_answer says, and the running TA's memory: SW_TA_SIZE bytes at
 * SW_TA_VA, a heap block of exactly that size; a bad pointer ends the TA (a longjmp).
 */
#ifndef TESTS_UNIT_SOCKET_WORLD_H
#define TESTS_UNIT_SOCKET_WORLD_H
#include <stdbool.h>
#include <stdint.h>
#include <abi/optee_msg.h>

#define SW_RAM_BASE 0x40000000ull
#define SW_RAM_SIZE 0x40000ull
#define SW_ARG_PA (SW_RAM_BASE + 0x1000)
#define SW_SHM_PA (SW_RAM_BASE + 0x10000)
#define SW_SHM_MAX (SW_RAM_SIZE - 0x10000)
#define SW_TA_VA 0x100000ull
#define SW_TA_SIZE 0x12000ull
#define SW_KEEP UINT64_MAX /* sw_answer.size: the memref's size left as asked */

/* What tee-supplicant answers, until changed. */
struct sw_answer {
	uint32_t ret;	 /* of each SOCKET RPC */
	uint64_t size;	 /* the memref's size in the answer, or SW_KEEP */
	uint64_t handle; /* OPEN: its handle (p[3].a) */
	uint64_t sent;	 /* SEND: the bytes sent (p[2].b) */
	uint8_t fill;	 /* RECV, IOCTL: the bytes it writes into the shared memory */
	bool no_arg;	 /* the RPC argument cannot be had */
	bool no_shm;	 /* SHM_ALLOC answers OUT_OF_MEMORY */
};
extern struct sw_answer sw_answer;

/* The last SOCKET request tee-supplicant saw, and how many it saw. */
struct sw_request {
	uint64_t op, instance, handle; /* p[0].a, .b, .c */
	uint64_t size;		       /* the memref's size (0: none) */
	uint8_t data[64]; /* its first bytes (OPEN: the host name; SEND, IOCTL: data) */
};
extern struct sw_request sw_last;
extern unsigned sw_socket_rpcs;
extern unsigned sw_shm_allocs, sw_shm_frees;

extern uint8_t *sw_ta; /* the TA's memory */
extern const char *sw_killed_why;

/* Everything back to the start: RAM, TA memory (filled with 0xa5), answers, counts. */
void sw_init(void);
/* The SOCKET syscall of owner; *killed when it ended the TA instead. */
uint32_t sw_syscall(const void *owner, uint64_t op, const uint64_t a[5], bool *killed);
/* The TA's VA of its memory at offset off. */
static inline uint64_t sw_va(uint64_t off)
{
	return SW_TA_VA + off;
}

#endif
