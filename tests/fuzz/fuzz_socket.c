/*
 * libFuzzer harness: the SOCKET syscall of user TAs (tee/uta_socket.c) with tee-supplicant
 * shared memory (tee/rpc_shm.c, tee/nwmem.c), against a tee-supplicant that answers
 * anything (tests/unit/socket_world.c): its result, the memref's size (as asked, smaller,
 * larger, past 32 bits), OPEN's handle, SEND's count, the bytes it writes, no shared
 * memory or argument. Two TA instances make any of the five operations with handles they
 * were given, another's, or made-up ones, pointers into their memory or outside it,
 * lengths up to past the data limit; an instance ends or the TEE restarts between calls.
 *
 * Checked: a call never writes the TA's memory outside the buffer it named (its first
 * min(length, TZV_TA_SOCKET_DATA_MAX) bytes), its length word and OPEN's handle word;
 * the length a SEND reports is at most what went, that of a TCP RECV or an IOCTL at most
 * the buffer; a handle that is not the caller's open socket gets BAD_PARAMETERS without
 * an RPC; every shared buffer is given back.
 */
#include <stdlib.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "fuzz_input.h"
#include "socket_world.h"
#include "tee.h"
#include "uta_sys.h"

#define NAME_OFF 0x0
#define HANDLE_OFF 0x200
#define LEN_OFF 0x204
#define BUF_OFF 0x1000
#define MAX_HANDLES 24 /* one per step: every handle an input gets is known */

static struct fin in;
static const int tas[2];
static uint8_t *before;

/* The handles the harness was given, with their owner and protocol. */
struct held {
	uint32_t handle;
	int owner;
	uint8_t proto;
	bool open;
};
static struct held handles[MAX_HANDLES];
static unsigned nhandles;

static void answer(void)
{
	uint8_t how = fin_u8(&in);
	sw_answer.ret = how < 0xc0 ? TEEC_SUCCESS : how < 0xe0 ? 0xf1007005u : fin_u32(&in);
	uint8_t sz = fin_u8(&in);
	sw_answer.size = sz < 0x80   ? SW_KEEP
			 : sz < 0xc0 ? fin_small(&in, 0x11000)
			 : sz < 0xf0 ? (uint64_t)fin_u16(&in)
				     : fin_u64(&in);
	sw_answer.handle = fin_u32(&in);
	sw_answer.sent = fin_u8(&in) < 0xe0 ? fin_small(&in, 0x11000) : fin_u64(&in);
	sw_answer.fill = fin_u8(&in);
	uint8_t fail = fin_u8(&in);
	sw_answer.no_shm = fail == 0xfe;
	sw_answer.no_arg = fail == 0xff;
}

static uint64_t ta_ptr(uint64_t good)
{
	uint8_t sel = fin_u8(&in);
	if (sel < 0xd0)
		return sw_va(good);
	if (sel < 0xe8)
		return SW_TA_VA + SW_TA_SIZE - fin_u8(&in) % 16;
	return fin_u64(&in);
}

/* A handle: one the harness holds (any owner's, open or not), or any number. */
static uint64_t pick_handle(int owner, int *slot)
{
	uint8_t sel = fin_u8(&in);
	*slot = -1;
	if (nhandles && sel < 0xe0) {
		unsigned i = sel % nhandles;
		if (handles[i].open && handles[i].owner == owner)
			*slot = (int)i;
		return handles[i].handle;
	}
	return sel < 0xf0 ? fin_u32(&in) : fin_u64(&in);
}

static void syscall_step(int owner, uint8_t op)
{
	uint64_t a[5] = {0};
	uint32_t requested = 0;
	uint64_t buf_off = BUF_OFF + fin_u8(&in) % 64, n = 0;
	int slot = -1;
	unsigned rpcs = sw_socket_rpcs;
	answer();
	if (op == TZV_SOCK_OPEN) {
		uint8_t proto = fin_u8(&in) & 1 ? 0x65 : 0x66;
		uint64_t what = fin_u8(&in) < 0xf0
				    ? proto | (fin_u8(&in) % 3u) << 8 | (uint64_t)fin_u16(&in) << 16
				    : fin_u64(&in);
		uint64_t len = fin_small(&in, TZV_TA_SOCKET_ADDR_MAX + 8);
		fin_bytes(&in, sw_ta + NAME_OFF, (size_t)(len < 0x200 ? len : 0x200));
		if (len && len <= 0x200 && fin_u8(&in) < 0xe0)
			sw_ta[NAME_OFF + len - 1] = 0;
		a[0] = what, a[1] = ta_ptr(NAME_OFF), a[2] = len, a[3] = ta_ptr(HANDLE_OFF);
	} else {
		a[0] = pick_handle(owner, &slot);
		uint32_t len =
		    fin_u8(&in) < 0xf0 ? (uint32_t)fin_small(&in, 0x11000) : fin_u32(&in);
		requested = len;
		if (op == TZV_SOCK_IOCTL)
			a[1] = fin_u32(&in), a[2] = ta_ptr(buf_off), a[3] = ta_ptr(LEN_OFF);
		else
			a[1] = ta_ptr(buf_off), a[2] = ta_ptr(LEN_OFF), a[3] = fin_u32(&in);
		/* the length where the call reads it (a pointer outside ends the TA) */
		uint64_t len_va = op == TZV_SOCK_IOCTL ? a[3] : a[2];
		if (len_va >= SW_TA_VA && len_va - SW_TA_VA <= SW_TA_SIZE - 4)
			memcpy(sw_ta + (len_va - SW_TA_VA), &len, 4);
		n = len < TZV_TA_SOCKET_DATA_MAX ? len : TZV_TA_SOCKET_DATA_MAX;
	}
	memcpy(before, sw_ta, SW_TA_SIZE);
	bool killed;
	uint32_t r = sw_syscall(&tas[owner], op, a, &killed);
	FUZZ_LOG("ta %d op %u handle 0x%llx: 0x%x%s\n", owner, op, (unsigned long long)a[0], r,
		 killed ? " (killed)" : "");

	/* what the call may have written: the buffer it named, its length or OPEN's handle */
	uint64_t buf_va = op == TZV_SOCK_IOCTL ? a[2] : a[1];
	uint64_t word_va = op == TZV_SOCK_OPEN || op == TZV_SOCK_IOCTL ? a[3] : a[2];
	uint64_t lo = UINT64_MAX, hi = 0, wlo = UINT64_MAX;
	if ((op == TZV_SOCK_RECV || op == TZV_SOCK_IOCTL) && buf_va >= SW_TA_VA &&
	    buf_va - SW_TA_VA < SW_TA_SIZE)
		lo = buf_va - SW_TA_VA, hi = lo + n;
	if (op != TZV_SOCK_CLOSE && word_va >= SW_TA_VA && word_va - SW_TA_VA < SW_TA_SIZE)
		wlo = word_va - SW_TA_VA;
	if (hi > SW_TA_SIZE)
		hi = SW_TA_SIZE;
	if (lo < hi)
		memcpy(before + lo, sw_ta + lo, hi - lo);
	if (wlo < SW_TA_SIZE)
		memcpy(before + wlo, sw_ta + wlo, wlo + 4 <= SW_TA_SIZE ? 4 : SW_TA_SIZE - wlo);
	for (uint64_t i = 0; i < SW_TA_SIZE && fuzz_debug(); i++)
		if (before[i] != sw_ta[i])
			FUZZ_LOG("TA byte 0x%llx written (buffer 0x%llx+0x%llx, word 0x%llx)\n",
				 (unsigned long long)i, (unsigned long long)lo,
				 (unsigned long long)(hi - lo), (unsigned long long)wlo);
	FUZZ_ASSERT(!memcmp(before, sw_ta, SW_TA_SIZE)); /* nothing else written */
	FUZZ_ASSERT(sw_shm_allocs == sw_shm_frees);
	if (killed)
		return;
	uint32_t len = 0;
	if (op >= TZV_SOCK_SEND && op <= TZV_SOCK_IOCTL && wlo <= SW_TA_SIZE - 4)
		memcpy(&len, sw_ta + wlo, 4);
	if (op == TZV_SOCK_OPEN) {
		if (r == TEEC_SUCCESS && nhandles < MAX_HANDLES) {
			/* where the call wrote it: a good pointer (else the TA ended) */
			uint32_t h;
			memcpy(&h, sw_ta + (a[3] - SW_TA_VA), 4);
			for (unsigned i = 0; i < nhandles; i++)
				FUZZ_ASSERT(!handles[i].open || handles[i].handle != h);
			handles[nhandles++] = (struct held){h, owner, (uint8_t)(a[0] & 0xff), true};
		}
		return;
	}
	if (slot < 0 && op <= TZV_SOCK_IOCTL) {
		/* not its open socket (as far as the harness knows: made-up numbers may hit) */
		bool hit = false;
		for (unsigned i = 0; i < nhandles; i++)
			hit |= handles[i].open && handles[i].owner == owner &&
			       handles[i].handle == (uint32_t)a[0] && a[0] <= UINT32_MAX;
		if (!hit) {
			FUZZ_ASSERT(r == TEEC_ERROR_BAD_PARAMETERS);
			FUZZ_ASSERT(sw_socket_rpcs == rpcs);
			return;
		}
		for (unsigned i = 0; i < nhandles; i++)
			if (handles[i].open && handles[i].owner == owner &&
			    handles[i].handle == (uint32_t)a[0])
				slot = (int)i;
	}
	if (op == TZV_SOCK_CLOSE) {
		handles[slot].open = false;
		return;
	}
	if (op == TZV_SOCK_SEND)
		FUZZ_ASSERT(len <= n);
	if (op == TZV_SOCK_RECV && handles[slot].proto == 0x65)
		FUZZ_ASSERT(len <= n);
	if (op == TZV_SOCK_IOCTL && r != TEEC_ERROR_BAD_PARAMETERS)
		FUZZ_ASSERT(len <= requested);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!before)
		before = malloc(SW_TA_SIZE);
	in = (struct fin){data, size};
	sw_init();
	nhandles = 0;
	for (unsigned step = 0; step < 24 && in.n; step++) {
		uint8_t op = fin_u8(&in);
		int owner = op >> 7;
		if ((op & 0x7f) < 0x70) {
			syscall_step(owner, (op & 0x7f) % 6); /* 5: no such operation */
		} else if ((op & 0x7f) < 0x7c) {
			uta_socket_release(&tas[owner]);
			for (unsigned i = 0; i < nhandles; i++)
				if (handles[i].owner == owner)
					handles[i].open = false;
			FUZZ_ASSERT(sw_shm_allocs == sw_shm_frees);
		} else {
			uta_socket_reset();
			for (unsigned i = 0; i < nhandles; i++)
				handles[i].open = false;
		}
	}
	return 0;
}
