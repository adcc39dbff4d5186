/*
 * libFuzzer harness: the OP-TEE SMC ABI and message protocol as the normal
 * world drives them (tee/smc.c, tee/msg.c, tee/shm.c, tee/nwmem.c,
 * tee/thread.c, the built-in TAs), against a fake normal-world RAM of exactly
 * RAM_SIZE bytes: any access outside the VM's RAM that the checks let through
 * is an AddressSanitizer report, not a silent read.
 *
 * The input is a script of normal-world actions: write bytes into RAM, write a
 * page list, write an optee_msg_arg and call it (CALL_WITH_ARG, _RPC_ARG or
 * _REGD_ARG), any SMC with any registers (RETURN_FROM_RPC among them), a
 * foreign interrupt that suspends the next yielding call before it starts (so
 * CANCEL and everything else meet a busy thread), restart the instance. After each
 * call: a4..a7 came back unchanged, a0 is an OP-TEE return code, the session
 * and shared-memory tables stay within their limits.
 */
#include <stdlib.h>
#include <abi/optee_msg.h>
#include <abi/optee_smc.h>
#include <tzvisor/pta_uuid.h>
#include "fuzz_input.h"
#include "tee.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x20000ull /* 32 pages */
#define PAGE 4096ull

static uint8_t *ram;

static const uint32_t fids[] = {
    OPTEE_SMC_CALLS_COUNT,
    OPTEE_SMC_CALLS_UID,
    OPTEE_SMC_CALLS_REVISION,
    OPTEE_SMC_CALL_GET_OS_UUID,
    OPTEE_SMC_CALL_GET_OS_REVISION,
    OPTEE_SMC_CALL_RETURN_FROM_RPC,
    OPTEE_SMC_CALL_WITH_ARG,
    OPTEE_SMC_GET_SHM_CONFIG,
    OPTEE_SMC_EXCHANGE_CAPABILITIES,
    OPTEE_SMC_DISABLE_SHM_CACHE,
    OPTEE_SMC_ENABLE_SHM_CACHE,
    OPTEE_SMC_BOOT_SECONDARY,
    OPTEE_SMC_VM_CREATED,
    OPTEE_SMC_VM_DESTROYED,
    OPTEE_SMC_GET_THREAD_COUNT,
    OPTEE_SMC_ENABLE_ASYNC_NOTIF,
    OPTEE_SMC_GET_ASYNC_NOTIF_VALUE,
    OPTEE_SMC_CALL_WITH_RPC_ARG,
    OPTEE_SMC_CALL_WITH_REGD_ARG,
};

static const uint64_t attrs[] = {
    OPTEE_MSG_ATTR_TYPE_NONE,
    OPTEE_MSG_ATTR_TYPE_VALUE_INPUT,
    OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT,
    OPTEE_MSG_ATTR_TYPE_VALUE_INOUT,
    OPTEE_MSG_ATTR_TYPE_RMEM_INPUT,
    OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT,
    OPTEE_MSG_ATTR_TYPE_RMEM_INOUT,
    OPTEE_MSG_ATTR_TYPE_TMEM_INPUT,
    OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT,
    OPTEE_MSG_ATTR_TYPE_TMEM_INOUT,
    OPTEE_MSG_ATTR_TYPE_TMEM_INPUT | OPTEE_MSG_ATTR_NONCONTIG,
    OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT | OPTEE_MSG_ATTR_NONCONTIG,
    OPTEE_MSG_ATTR_TYPE_TMEM_INOUT | OPTEE_MSG_ATTR_NONCONTIG,
    OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META,
};

static const uint8_t uuids[3][16] = {PTA_HELLO_UUID_OCTETS, PTA_ECHO_UUID_OCTETS,
				     PTA_ATTEST_UUID_OCTETS};

/* A normal-world address: mostly in or just around the VM's RAM, sometimes anything. */
static uint64_t fin_addr(struct fin *in)
{
	uint8_t sel = fin_u8(in);
	if (sel < 0x80)
		return RAM_BASE + fin_u32(in) % (RAM_SIZE + 2 * PAGE);
	if (sel < 0xc0)
		return RAM_BASE + (fin_u8(in) % (RAM_SIZE / PAGE + 2)) * PAGE +
		       (fin_u8(in) & 7) * 8;
	if (sel < 0xe0)
		return RAM_BASE - fin_u16(in);
	return fin_u64(in);
}

static void ram_write(uint64_t off, const void *src, uint64_t len)
{
	if (off >= RAM_SIZE)
		return;
	if (len > RAM_SIZE - off)
		len = RAM_SIZE - off;
	memcpy(ram + off, src, (size_t)len);
}

/*
 * echo's SPIN runs up to 2^30 iterations by design: keep a fuzzed one short
 * (the message is looked up the way smc.c does; a miss changes nothing).
 */
static void cap_spin(const uint64_t r[8])
{
	uint32_t fid = (uint32_t)r[0];
	uint64_t pa = ((r[1] & 0xffffffffull) << 32) | (r[2] & 0xffffffffull);
	struct nwbuf b = {0};
	if (fid == OPTEE_SMC_CALL_WITH_ARG || fid == OPTEE_SMC_CALL_WITH_RPC_ARG) {
		if (!nw_range_ok(pa, RAM_SIZE / 2))
			b.size = nw_range_ok(pa, 0) ? RAM_BASE + RAM_SIZE - pa : 0;
		else
			b.size = RAM_SIZE / 2;
		b.pa = pa;
	} else if (fid == OPTEE_SMC_CALL_WITH_REGD_ARG) {
		struct tee_shm *shm = shm_find(pa);
		uint64_t offs = r[3] & 0xffffffffull;
		if (!shm || !nwbuf_span_ok(&shm->buf, offs, 0))
			return;
		nwbuf_sub(&shm->buf, offs, shm->buf.size - offs, &b);
	} else {
		return;
	}
	struct optee_msg_arg h;
	struct optee_msg_param p;
	if (nwbuf_read(&b, 0, &h, sizeof(h)) || h.cmd != OPTEE_MSG_CMD_INVOKE_COMMAND ||
	    h.func != PTA_ECHO_CMD_SPIN || nwbuf_read(&b, sizeof(h), &p, sizeof(p)))
		return;
	p.u.value.a &= 0xfff;
	nwbuf_write(&b, sizeof(h), &p, sizeof(p));
}

/* The next yielding call is interrupted before it starts (op 6); its "context". */
static bool interrupt_next;
static uint64_t fake_frame[40];

/* One SMC as tee/platform.c routes it (no RPCs on the host: a started call runs to its end). */
static void smc(uint64_t r[8])
{
	uint64_t keep[4] = {r[4], r[5], r[6], r[7]};
	uint32_t fid0 = (uint32_t)r[0];
	cap_spin(r);
	switch (thread_route(r)) {
	case THREAD_ROUTE_HANDLE:
		tee_handle_smc(r);
		break;
	case THREAD_ROUTE_DONE:
		break;
	case THREAD_ROUTE_START:
		if (interrupt_next) {
			/* a foreign interrupt before the kernel's work: suspended, resumable */
			uint64_t out[8];
			interrupt_next = false;
			thread_suspend(fake_frame, out);
			for (int i = 0; i < 4; i++)
				r[i] = out[i];
			FUZZ_ASSERT(out[0] == OPTEE_SMC_RETURN_RPC_FOREIGN_INTR);
			break;
		}
		/* fall through */
	case THREAD_ROUTE_RESUME:
		tee_handle_smc(tee_thread.regs);
		thread_finish();
		for (int i = 0; i < 4; i++)
			r[i] = tee_thread.regs[i];
		break;
	}
	for (int i = 0; i < 4; i++)
		FUZZ_ASSERT(r[4 + i] == keep[i]);
	FUZZ_LOG("smc 0x%08x -> a0 0x%llx, %u sessions, %u shm\n", fid0, (unsigned long long)r[0],
		 session_count(), shm_count());
	uint64_t a0 = r[0];
	FUZZ_ASSERT(a0 <= OPTEE_SMC_RETURN_ENOTAVAIL || a0 == OPTEE_SMC_RETURN_UNKNOWN_FUNCTION ||
		    a0 == OPTEE_SMC_RETURN_RPC_FOREIGN_INTR ||
		    a0 < 64 /* CALLS_COUNT, revisions */ || (uint32_t)r[0] == OPTEE_MSG_UID_0 ||
		    (uint32_t)r[0] == OPTEE_MSG_OS_OPTEE_UUID_0);
	FUZZ_ASSERT(session_count() <= TEE_MAX_SESSIONS);
	FUZZ_ASSERT(shm_count() <= TEE_MAX_SHM);
}

static void op_message(struct fin *in)
{
	uint8_t buf[sizeof(struct optee_msg_arg) + 8 * sizeof(struct optee_msg_param)];
	struct optee_msg_arg *a = (struct optee_msg_arg *)buf;
	uint64_t off = (fin_u32(in) % RAM_SIZE) & ~7ull;
	unsigned n = fin_u8(in) % 8;

	memset(buf, 0, sizeof(buf));
	a->cmd = fin_u8(in) % 9;
	a->func = fin_u8(in) < 0xf0 ? fin_u8(in) % 5 : fin_u32(in);
	a->session = fin_u8(in) < 0xf0 ? fin_u8(in) % 20 : fin_u32(in);
	a->cancel_id = fin_u8(in) % 4;
	a->num_params = n;
	for (unsigned i = 0; i < n; i++) {
		struct optee_msg_param *p = &a->params[i];
		uint8_t sel = fin_u8(in);
		p->attr =
		    sel < 0xf0 ? attrs[sel % (sizeof(attrs) / sizeof(attrs[0]))] : fin_u64(in);
		if (a->cmd == OPTEE_MSG_CMD_OPEN_SESSION && i < 2) {
			p->attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | OPTEE_MSG_ATTR_META;
			if (i == 0) {
				uint8_t u = fin_u8(in);
				if (u < 0xf0)
					memcpy(&p->u.value, uuids[u % 3], 16);
				else
					fin_bytes(in, &p->u.value, 16);
			} else {
				p->u.value.c = fin_u8(in) % 8;
			}
			continue;
		}
		uint32_t type = p->attr & OPTEE_MSG_ATTR_TYPE_MASK;
		if (type >= OPTEE_MSG_ATTR_TYPE_TMEM_INPUT &&
		    type <= OPTEE_MSG_ATTR_TYPE_TMEM_INOUT) {
			p->u.tmem.buf_ptr = fin_u8(in) < 0x10 ? 0 : fin_addr(in);
			p->u.tmem.size = fin_small(in, 0x12000);
			p->u.tmem.shm_ref = fin_u8(in) % 6;
		} else if (type >= OPTEE_MSG_ATTR_TYPE_RMEM_INPUT &&
			   type <= OPTEE_MSG_ATTR_TYPE_RMEM_INOUT) {
			p->u.rmem.offs = fin_small(in, 0x12000);
			p->u.rmem.size = fin_small(in, 0x12000);
			p->u.rmem.shm_ref = fin_u8(in) % 6;
		} else {
			p->u.value.a = fin_small(in, 0);
			p->u.value.b = fin_small(in, 0);
			p->u.value.c = fin_small(in, 0);
		}
	}
	/* num_params may be changed after the parameters were laid out (the kernel must not care)
	 */
	if (fin_u8(in) == 0xff)
		a->num_params = fin_u32(in);
	ram_write(off, buf, OPTEE_MSG_GET_ARG_SIZE(n));

	uint64_t r[8] = {0}, pa = RAM_BASE + off;
	switch (fin_u8(in) % 4) {
	case 0:
	case 1:
		r[0] = OPTEE_SMC_CALL_WITH_ARG;
		r[1] = pa >> 32;
		r[2] = pa & 0xffffffffull;
		break;
	case 2:
		r[0] = OPTEE_SMC_CALL_WITH_RPC_ARG;
		r[1] = pa >> 32;
		r[2] = pa & 0xffffffffull;
		break;
	case 3: /* in a registered buffer: cookie and offset, the message is wherever that lands */
		r[0] = OPTEE_SMC_CALL_WITH_REGD_ARG;
		r[1] = 0;
		r[2] = fin_u8(in) % 6;
		r[3] = fin_small(in, 0x10000) & ~7ull;
		break;
	}
	r[4] = fin_u64(in);
	smc(r);
	FUZZ_LOG("  message cmd %u: ret 0x%x origin %u session %u\n", a->cmd,
		 ((struct optee_msg_arg *)(ram + off))->ret,
		 ((struct optee_msg_arg *)(ram + off))->ret_origin,
		 ((struct optee_msg_arg *)(ram + off))->session);
}

/* A page list at a page of RAM: entries mostly page addresses in or just past the RAM. */
static void op_pagelist(struct fin *in)
{
	uint64_t page = fin_u8(in) % (RAM_SIZE / PAGE);
	unsigned count = fin_u8(in) % 24;
	for (unsigned i = 0; i < count; i++) {
		uint64_t e = fin_u8(in) < 0xf0
				 ? RAM_BASE + (fin_u8(in) % (RAM_SIZE / PAGE + 2)) * PAGE
				 : fin_addr(in);
		ram_write(page * PAGE + i * 8, &e, 8);
	}
	if (fin_u8(in) & 1) { /* the next-list pointer in slot 511 */
		uint64_t e = RAM_BASE + (fin_u8(in) % (RAM_SIZE / PAGE + 2)) * PAGE;
		ram_write(page * PAGE + 511 * 8, &e, 8);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fin in = {data, size};

	if (!ram)
		ram = malloc(RAM_SIZE); /* exactly the VM's RAM: ASan guards both ends */
	memset(ram, 0, RAM_SIZE);
	nw_set_range(RAM_BASE, RAM_SIZE);
	nw_host_bias = (uintptr_t)ram - (uintptr_t)RAM_BASE;
	tee_state_reset();
	interrupt_next = false;

	for (unsigned step = 0; step < 48 && in.n; step++) {
		switch (fin_u8(&in) % 7) {
		case 0: { /* the normal world writes bytes */
			uint64_t off = fin_u32(&in) % RAM_SIZE;
			uint8_t len = fin_u8(&in), bytes[256];
			fin_bytes(&in, bytes, len);
			ram_write(off, bytes, len);
			break;
		}
		case 1:
		case 2:
			op_message(&in);
			break;
		case 3:
			op_pagelist(&in);
			break;
		case 4: { /* any SMC */
			uint64_t r[8];
			uint8_t sel = fin_u8(&in);
			r[0] = sel < 0xe0 ? fids[sel % (sizeof(fids) / sizeof(fids[0]))]
					  : fin_u32(&in);
			for (int i = 1; i < 8; i++)
				r[i] = fin_u8(&in) < 0x80 ? fin_addr(&in) >> (i == 1 ? 32 : 0)
							  : fin_u64(&in);
			smc(r);
			break;
		}
		case 6: /* a normal-world interrupt will suspend the next yielding call */
			interrupt_next = true;
			break;
		case 5: /* the VM restarts: the TEE-visor resets its instance */
			tee_state_reset();
			break;
		}
	}
	return 0;
}
