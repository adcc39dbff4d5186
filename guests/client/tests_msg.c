/*
 * OP-TEE messages through CALL_WITH_ARG, built as the Linux driver builds
 * them: shared memory registration, sessions, value and memref parameters,
 * then the negative cases and the isolation between the two VMs' TEEs.
 */
#include <abi/optee_smc.h>
#include <abi/psci.h>
#include <abi/tee_client.h>
#include <lib/print.h>
#include <lib/string.h>
#include <lib/sysreg.h>
#include <tzvisor/platform.h>
#include <tzvisor/pta_uuid.h>
#include "client.h"

static const uint8_t hello_uuid[16] = PTA_HELLO_UUID_OCTETS;
static const uint8_t echo_uuid[16] = PTA_ECHO_UUID_OCTETS;

#define TMEM_IN  OPTEE_MSG_ATTR_TYPE_TMEM_INPUT
#define TMEM_OUT OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT
#define RMEM_IN  OPTEE_MSG_ATTR_TYPE_RMEM_INPUT
#define RMEM_OUT OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT
#define VAL_IN   OPTEE_MSG_ATTR_TYPE_VALUE_INPUT
#define VAL_OUT  OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT
#define VAL_INOUT OPTEE_MSG_ATTR_TYPE_VALUE_INOUT
#define NONCONTIG OPTEE_MSG_ATTR_NONCONTIG

#define LIST_ENTRIES 511 /* page PAs per page-list page; the last slot links on */

/* State shared between the groups (run in order by client_main). */
static uint32_t vm1_hello = 0xffffffffu; /* stays open until the end */
static uint64_t vm1_hello_count;         /* its per-session counter */
static uint32_t vm1_echo = 0xffffffffu;

#define SHM_A_COOKIE 0xffff000012340001ull
#define SHM_B_COOKIE 0xffff000012340002ull

/* ---- buffers made of scattered pages ---------------------------------- */

struct ncbuf {
	uint64_t pages[8];
	unsigned npages;
	uint64_t offset; /* of byte 0 in pages[0] */
	uint64_t size;
	uint64_t list; /* PA of the first page-list page */
};

/* Page list for pages[0..n): list pages are themselves scattered (a gap after each). */
static uint64_t make_pagelist(struct vm *vm, const uint64_t *pages, unsigned n)
{
	uint64_t first = 0;
	uint64_t *cur = NULL;
	for (unsigned i = 0; i < n; i++) {
		if (i % LIST_ENTRIES == 0) {
			uint64_t pa = vm_pages(vm, 1);
			vm_pages(vm, 1);
			if (cur)
				cur[LIST_ENTRIES] = pa;
			else
				first = pa;
			cur = pa_ptr(pa);
		}
		cur[i % LIST_ENTRIES] = pages[i];
	}
	return first;
}

/* n pages, none adjacent to the next, byte 0 at `offset`, `size` bytes. */
static void ncbuf_make(struct vm *vm, struct ncbuf *b, unsigned n, uint64_t offset, uint64_t size)
{
	b->npages = n;
	b->offset = offset;
	b->size = size;
	for (unsigned i = 0; i < n; i++) {
		b->pages[i] = vm_pages(vm, 1);
		vm_pages(vm, 1);
	}
	b->list = make_pagelist(vm, b->pages, n);
}

static uint8_t *ncbuf_at(const struct ncbuf *b, uint64_t off)
{
	uint64_t o = b->offset + off;
	return (uint8_t *)pa_ptr(b->pages[o / PAGE_SIZE] + o % PAGE_SIZE);
}

static struct optee_msg_param ncparam(uint32_t type, const struct ncbuf *b)
{
	struct optee_msg_param p = { .attr = type | NONCONTIG };
	p.u.tmem.buf_ptr = b->list | (b->offset & (PAGE_SIZE - 1));
	p.u.tmem.size = b->size;
	p.u.tmem.shm_ref = b->list;
	return p;
}

static uint8_t pattern(uint64_t i, unsigned seed)
{
	return (uint8_t)(i * 7u + seed * 13u + (i >> 8));
}

static void fill(uint8_t *p, uint64_t n, unsigned seed)
{
	for (uint64_t i = 0; i < n; i++)
		p[i] = pattern(i, seed);
}

/* Index of the first byte of p[0..n) that is not the pattern, or n. */
static uint64_t check_fill(const uint8_t *p, uint64_t n, unsigned seed)
{
	for (uint64_t i = 0; i < n; i++)
		if (p[i] != pattern(i, seed))
			return i;
	return n;
}

static uint32_t fnv_ncbuf(const struct ncbuf *b)
{
	uint32_t h = PTA_FNV1A32_INIT;
	uint64_t off = 0;
	while (off < b->size) {
		uint64_t in_page = PAGE_SIZE - ((b->offset + off) % PAGE_SIZE);
		uint64_t n = b->size - off < in_page ? b->size - off : in_page;
		h = pta_fnv1a32(ncbuf_at(b, off), n, h);
		off += n;
	}
	return h;
}

/* ---- REGISTER_SHM / UNREGISTER_SHM as the driver sends them ------------- */

static uint32_t register_shm(struct vm *vm, uint64_t cookie, uint64_t list_pa, uint64_t offset,
			     uint64_t size)
{
	struct optee_msg_arg *arg = vm_arg(vm, 1);
	arg->cmd = OPTEE_MSG_CMD_REGISTER_SHM;
	arg->params[0].attr = TMEM_OUT | NONCONTIG;
	arg->params[0].u.tmem.shm_ref = cookie;
	arg->params[0].u.tmem.size = size;
	arg->params[0].u.tmem.buf_ptr = list_pa | (offset & (PAGE_SIZE - 1));
	return msg_call(vm, arg);
}

static uint32_t unregister_shm(struct vm *vm, uint64_t cookie)
{
	struct optee_msg_arg *arg = vm_arg(vm, 1);
	arg->cmd = OPTEE_MSG_CMD_UNREGISTER_SHM;
	arg->params[0].attr = RMEM_IN;
	arg->params[0].u.rmem.shm_ref = cookie;
	return msg_call(vm, arg);
}

static struct optee_msg_param prmem(uint32_t type, uint64_t cookie, uint64_t offs, uint64_t size)
{
	struct optee_msg_param p = { .attr = type };
	p.u.rmem.offs = offs;
	p.u.rmem.size = size;
	p.u.rmem.shm_ref = cookie;
	return p;
}

static uint32_t hello_value(struct vm *vm, uint32_t session, uint32_t cmd, uint64_t *out)
{
	struct optee_msg_param p[1] = { pval(VAL_OUT, 0, 0, 0) };
	uint32_t ret = invoke(vm, session, cmd, p, 1);
	*out = ret == TEEC_SUCCESS ? p[0].u.value.a : 0xdeadull;
	return ret;
}

static void expect_ret(struct test *t, const char *what, uint32_t exp, uint32_t got)
{
	if (exp != got)
		t_fail(t, "%s: expected ret 0x%x got 0x%x", what, exp, got);
}

/* ---- positive message tests (VM 1) ------------------------------------- */

static struct ncbuf shm_a;        /* 3 scattered pages, registered as SHM_A */
static uint64_t shm_b_pages[512]; /* 2 MiB, list of two list pages, SHM_B */
static int shm_a_ok, shm_b_ok;

void tests_messages(void)
{
	struct test t;
	struct vm *vm = &vm1;
	uint32_t ret;

	t_begin(&t, "msg_register_shm");
	ncbuf_make(vm, &shm_a, 3, 0x100, 3 * PAGE_SIZE - 0x100 - 0x80);
	ret = register_shm(vm, SHM_A_COOKIE, shm_a.list, shm_a.offset, shm_a.size);
	expect_ret(&t, "REGISTER_SHM of 3 scattered pages", TEEC_SUCCESS, ret);
	shm_a_ok = ret == TEEC_SUCCESS;
	{
		uint64_t base = vm_pages(vm, 512);
		for (unsigned i = 0; i < 512; i++)
			shm_b_pages[i] = base + (uint64_t)i * PAGE_SIZE;
		uint64_t list = make_pagelist(vm, shm_b_pages, 512);
		ret = register_shm(vm, SHM_B_COOKIE, list, 0, 512 * PAGE_SIZE);
		expect_ret(&t, "REGISTER_SHM of 512 pages (two list pages)", TEEC_SUCCESS, ret);
		shm_b_ok = ret == TEEC_SUCCESS;
	}
	ret = register_shm(vm, SHM_A_COOKIE, shm_a.list, shm_a.offset, shm_a.size);
	if (ret == TEEC_SUCCESS)
		t_fail(&t, "REGISTER_SHM with a cookie already registered: expected an error got 0");
	t_end(&t);

	t_begin(&t, "msg_open_session");
	ret = open_session(vm, hello_uuid, &vm1_hello);
	expect_ret(&t, "OPEN_SESSION hello", TEEC_SUCCESS, ret);
	ret = open_session(vm, echo_uuid, &vm1_echo);
	expect_ret(&t, "OPEN_SESSION echo", TEEC_SUCCESS, ret);
	if (vm1_hello == vm1_echo)
		t_fail(&t, "both sessions got id 0x%x", vm1_hello);
	t_end(&t);

	t_begin(&t, "msg_invoke_value");
	uint64_t v = 0;
	ret = hello_value(vm, vm1_hello, PTA_HELLO_CMD_INC, &v);
	expect_ret(&t, "hello INC", TEEC_SUCCESS, ret);
	EXPECT_EQ(&t, "first INC", 1, v);
	ret = hello_value(vm, vm1_hello, PTA_HELLO_CMD_INC, &v);
	EXPECT_EQ(&t, "second INC", 2, v);
	ret = hello_value(vm, vm1_hello, PTA_HELLO_CMD_GET, &v);
	expect_ret(&t, "hello GET", TEEC_SUCCESS, ret);
	EXPECT_EQ(&t, "GET", 2, v);
	vm1_hello_count = v;
	{
		/* INOUT is accepted as output too, and the input is replaced. */
		struct optee_msg_param p[1] = { pval(VAL_INOUT, 0x1111, 0x2222, 0x3333) };
		ret = invoke(vm, vm1_hello, PTA_HELLO_CMD_GET, p, 1);
		expect_ret(&t, "GET with VALUE_INOUT", TEEC_SUCCESS, ret);
		EXPECT_EQ(&t, "GET INOUT .a", 2, p[0].u.value.a);
	}
	t_end(&t);

	t_begin(&t, "msg_invoke_tmem");
	{
		uint64_t src = vm_pages(vm, 1) + 0x10, dst = vm_pages(vm, 1) + 0x20;
		fill(pa_ptr(src), 100, 1);
		memset(pa_ptr(dst), 0xee, 200);
		struct optee_msg_param p[2] = { ptmem(TMEM_IN, src, 100), ptmem(TMEM_OUT, dst, 200) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_COPY, p, 2);
		expect_ret(&t, "echo COPY tmem->tmem", TEEC_SUCCESS, ret);
		EXPECT_EQ(&t, "output size", 100, p[1].u.tmem.size);
		uint64_t bad = check_fill(pa_ptr(dst), 100, 1);
		if (bad != 100)
			t_fail(&t, "copied data differs at byte %lu", bad);
		if (((uint8_t *)pa_ptr(dst))[100] != 0xee)
			t_fail(&t, "byte after the copied 100 was changed");

		/* Too small an output buffer: SHORT_BUFFER and the needed size. */
		struct optee_msg_param q[2] = { ptmem(TMEM_IN, src, 100), ptmem(TMEM_OUT, dst, 50) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_COPY, q, 2);
		expect_ret(&t, "echo COPY into 50 bytes", TEEC_ERROR_SHORT_BUFFER, ret);
		EXPECT_EQ(&t, "size needed", 100, q[1].u.tmem.size);

		/* Checksum across a page boundary, contiguous. */
		uint64_t big = vm_pages(vm, 3) + 0x800;
		fill(pa_ptr(big), 0x2000, 2);
		struct optee_msg_param c[2] = { pval(VAL_OUT, 0, 0, 0), ptmem(TMEM_IN, big, 0x2000) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_CHECKSUM, c, 2);
		expect_ret(&t, "echo CHECKSUM tmem", TEEC_SUCCESS, ret);
		EXPECT_EQ(&t, "checksum", pta_fnv1a32(pa_ptr(big), 0x2000, PTA_FNV1A32_INIT),
			  c[0].u.value.a);
		EXPECT_EQ(&t, "checksum length", 0x2000, c[0].u.value.b);
	}
	t_end(&t);

	t_begin(&t, "msg_invoke_tmem_noncontig");
	{
		struct ncbuf in, out;
		ncbuf_make(vm, &in, 3, 0x234, 3 * PAGE_SIZE - 0x234 - 0x300);
		for (uint64_t i = 0; i < in.size; i++)
			*ncbuf_at(&in, i) = pattern(i, 3);
		struct optee_msg_param c[2] = { pval(VAL_OUT, 0, 0, 0), ncparam(TMEM_IN, &in) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_CHECKSUM, c, 2);
		expect_ret(&t, "CHECKSUM of 3 scattered pages", TEEC_SUCCESS, ret);
		EXPECT_EQ(&t, "checksum", fnv_ncbuf(&in), c[0].u.value.a);
		EXPECT_EQ(&t, "length", in.size, c[0].u.value.b);

		ncbuf_make(vm, &out, 3, 0x10, 3 * PAGE_SIZE - 0x10);
		for (uint64_t i = 0; i < out.size; i++)
			*ncbuf_at(&out, i) = 0xee;
		struct optee_msg_param p[2] = { ncparam(TMEM_IN, &in), ncparam(TMEM_OUT, &out) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_COPY, p, 2);
		expect_ret(&t, "COPY scattered -> scattered", TEEC_SUCCESS, ret);
		EXPECT_EQ(&t, "output size", in.size, p[1].u.tmem.size);
		for (uint64_t i = 0; i < in.size; i++) {
			if (*ncbuf_at(&out, i) != pattern(i, 3)) {
				t_fail(&t, "output differs at byte 0x%lx", i);
				break;
			}
		}
		if (*ncbuf_at(&out, in.size) != 0xee)
			t_fail(&t, "byte after the copied data was changed");
		/* The page just before the first data byte of `out` is untouched. */
		if (*(uint8_t *)pa_ptr(out.pages[0] + 0xf) != 0)
			t_fail(&t, "byte before the buffer offset was changed");
	}
	t_end(&t);

	t_begin(&t, "msg_invoke_rmem");
	if (!shm_a_ok || !shm_b_ok) {
		t_fail(&t, "shared memory not registered");
	} else {
		for (uint64_t i = 0; i < shm_a.size; i++)
			*ncbuf_at(&shm_a, i) = pattern(i, 4);
		/* RMEM in -> contiguous tmem out, crossing shm A's first page boundary. */
		uint64_t dst = vm_pages(vm, 2);
		struct optee_msg_param p[2] = { prmem(RMEM_IN, SHM_A_COOKIE, 0x80, 0x2000),
						ptmem(TMEM_OUT, dst, 0x2000) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_COPY, p, 2);
		expect_ret(&t, "COPY rmem(shm A + 0x80) -> tmem", TEEC_SUCCESS, ret);
		for (uint64_t i = 0; i < 0x2000; i++) {
			if (((uint8_t *)pa_ptr(dst))[i] != pattern(0x80 + i, 4)) {
				t_fail(&t, "data from shm A differs at 0x%lx", i);
				break;
			}
		}
		/* tmem -> RMEM out at offset 0x1000 of shm A. */
		uint64_t src = vm_pages(vm, 1);
		fill(pa_ptr(src), 0x800, 5);
		struct optee_msg_param q[2] = { ptmem(TMEM_IN, src, 0x800),
						prmem(RMEM_OUT, SHM_A_COOKIE, 0x1000, 0x800) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_COPY, q, 2);
		expect_ret(&t, "COPY tmem -> rmem(shm A + 0x1000)", TEEC_SUCCESS, ret);
		for (uint64_t i = 0; i < 0x800; i++) {
			if (*ncbuf_at(&shm_a, 0x1000 + i) != pattern(i, 5)) {
				t_fail(&t, "shm A at 0x%lx differs", 0x1000 + i);
				break;
			}
		}
		if (*ncbuf_at(&shm_a, 0x1800) != pattern(0x1800, 4))
			t_fail(&t, "shm A byte after the written range was changed");
		/* Checksum in shm B past its first list page (page 511 onwards). */
		uint64_t offs = 511 * PAGE_SIZE - 0x40;
		fill(pa_ptr(shm_b_pages[0] + offs), 0x1000, 6);
		struct optee_msg_param c[2] = { pval(VAL_OUT, 0, 0, 0),
						prmem(RMEM_IN, SHM_B_COOKIE, offs, 0x1000) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_CHECKSUM, c, 2);
		expect_ret(&t, "CHECKSUM rmem(shm B, pages 510..511)", TEEC_SUCCESS, ret);
		EXPECT_EQ(&t, "checksum",
			  pta_fnv1a32(pa_ptr(shm_b_pages[0] + offs), 0x1000, PTA_FNV1A32_INIT),
			  c[0].u.value.a);
		/* A range past the end of the registered object is refused. */
		struct optee_msg_param e[2] = { pval(VAL_OUT, 0, 0, 0),
						prmem(RMEM_IN, SHM_A_COOKIE, shm_a.size - 0x10, 0x20) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_CHECKSUM, e, 2);
		expect_ret(&t, "rmem past the end of shm A", TEEC_ERROR_BAD_PARAMETERS, ret);
		struct optee_msg_param u[2] = { pval(VAL_OUT, 0, 0, 0),
						prmem(RMEM_IN, 0x7777, 0, 0x10) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_CHECKSUM, u, 2);
		expect_ret(&t, "rmem of an unknown cookie", TEEC_ERROR_BAD_PARAMETERS, ret);
	}
	t_end(&t);

	t_begin(&t, "msg_close_session");
	{
		uint32_t s = 0xffffffffu;
		ret = open_session(vm, hello_uuid, &s);
		expect_ret(&t, "OPEN_SESSION", TEEC_SUCCESS, ret);
		ret = close_session(vm, s);
		expect_ret(&t, "CLOSE_SESSION", TEEC_SUCCESS, ret);
		ret = close_session(vm, s);
		if (ret == TEEC_SUCCESS)
			t_fail(&t, "second CLOSE_SESSION of 0x%x: expected an error got 0", s);
	}
	t_end(&t);

	t_begin(&t, "msg_unregister_shm");
	if (shm_a_ok) {
		ret = unregister_shm(vm, SHM_A_COOKIE);
		expect_ret(&t, "UNREGISTER_SHM A", TEEC_SUCCESS, ret);
		struct optee_msg_param c[2] = { pval(VAL_OUT, 0, 0, 0),
						prmem(RMEM_IN, SHM_A_COOKIE, 0, 0x10) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_CHECKSUM, c, 2);
		expect_ret(&t, "rmem of unregistered shm A", TEEC_ERROR_BAD_PARAMETERS, ret);
		ret = unregister_shm(vm, SHM_A_COOKIE);
		if (ret == TEEC_SUCCESS)
			t_fail(&t, "second UNREGISTER_SHM A: expected an error got 0");
	} else {
		t_fail(&t, "shm A was not registered");
	}
	if (shm_b_ok) {
		ret = unregister_shm(vm, SHM_B_COOKIE);
		expect_ret(&t, "UNREGISTER_SHM B", TEEC_SUCCESS, ret);
	}
	t_end(&t);
}

/* ---- negative cases ------------------------------------------------------ */

/* A valid null invoke of echo, written at pa (which may be anywhere). */
static void put_null_invoke(uint64_t pa, uint32_t session)
{
	struct optee_msg_arg a = { .cmd = OPTEE_MSG_CMD_INVOKE_COMMAND,
				   .func = PTA_ECHO_CMD_NULL,
				   .session = session,
				   .ret = 0xdeadbeefu,
				   .num_params = 0 };
	memcpy(pa_ptr(pa), &a, sizeof(a)); /* byte copy: pa may be unaligned */
}

static uint32_t get_ret(uint64_t pa)
{
	uint32_t r;
	memcpy(&r, pa_ptr(pa + 20), sizeof(r));
	return r;
}

static void still_works(struct test *t, struct vm *vm, uint32_t session, const char *after)
{
	struct optee_msg_arg *arg = vm_arg(vm, 0);
	arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
	arg->func = PTA_ECHO_CMD_NULL;
	arg->session = session;
	uint32_t ret = msg_call(vm, arg);
	if (ret != TEEC_SUCCESS)
		t_fail(t, "null invoke after %s: got 0x%x", after, ret);
}

static void bad_arg_addr(struct test *t, struct vm *vm, uint64_t pa, int writable)
{
	if (writable)
		put_null_invoke(pa, vm1_echo);
	uint64_t a0 = msg_call_pa(vm, pa);
	if (a0 != OPTEE_SMC_RETURN_EBADADDR)
		t_fail(t, "vm %u arg at 0x%lx: expected a0 = EBADADDR (4) got 0x%lx", vm->id, pa, a0);
	if (writable && get_ret(pa) != 0xdeadbeefu)
		t_fail(t, "vm %u arg at 0x%lx: ret field written (0x%x)", vm->id, pa, get_ret(pa));
}

static void tmem_past_end(struct test *t, struct vm *vm, uint32_t session)
{
	uint64_t end = vm->ram_base + vm->ram_size;
	uint64_t src = vm_pages(vm, 1);
	fill(pa_ptr(src), 0x100, 7);
	memset(pa_ptr(end - 0x80), 0x3c, 0x80); /* inside, last bytes of the VM */
	memset(pa_ptr(end), 0xa5, 0x100);       /* canary just past the VM's RAM */
	struct optee_msg_param p[2] = { ptmem(TMEM_IN, src, 0x100), ptmem(TMEM_OUT, end - 0x80, 0x100) };
	uint32_t ret = invoke(vm, session, PTA_ECHO_CMD_COPY, p, 2);
	if (ret != TEEC_ERROR_BAD_PARAMETERS)
		t_fail(t, "vm %u tmem out [0x%lx, +0x100): expected ret 0xffff0006 got 0x%x", vm->id,
		       end - 0x80, ret);
	const uint8_t *c = pa_ptr(end), *in = pa_ptr(end - 0x80);
	for (unsigned i = 0; i < 0x100; i++) {
		if (c[i] != 0xa5) {
			t_fail(t, "vm %u canary at 0x%lx overwritten (0x%x)", vm->id, end + i, c[i]);
			break;
		}
	}
	for (unsigned i = 0; i < 0x80; i++) {
		if (in[i] != 0x3c) {
			t_fail(t, "vm %u last bytes of RAM written at 0x%lx", vm->id, end - 0x80 + i);
			break;
		}
	}
	/* Input side too, and a size that wraps around. */
	struct optee_msg_param q[2] = { pval(VAL_OUT, 0, 0, 0), ptmem(TMEM_IN, end - 0x80, 0x100) };
	ret = invoke(vm, session, PTA_ECHO_CMD_CHECKSUM, q, 2);
	if (ret != TEEC_ERROR_BAD_PARAMETERS)
		t_fail(t, "vm %u tmem in past RAM end: expected 0xffff0006 got 0x%x", vm->id, ret);
	struct optee_msg_param w[2] = { pval(VAL_OUT, 0, 0, 0),
					ptmem(TMEM_IN, src, 0xffffffffffffff00ull) };
	ret = invoke(vm, session, PTA_ECHO_CMD_CHECKSUM, w, 2);
	if (ret != TEEC_ERROR_BAD_PARAMETERS)
		t_fail(t, "vm %u tmem size 0xffffffffffffff00: expected 0xffff0006 got 0x%x", vm->id,
		       ret);
}

static void bad_pagelist(struct test *t, struct vm *vm, uint64_t bad_page, const char *what,
			 int outside)
{
	struct ncbuf b;
	ncbuf_make(vm, &b, 3, 0, 3 * PAGE_SIZE);
	uint64_t *list = pa_ptr(b.list);
	list[1] = bad_page;
	struct optee_msg_param c[2] = { pval(VAL_OUT, 0, 0, 0), ncparam(TMEM_IN, &b) };
	uint32_t ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_CHECKSUM, c, 2);
	if (ret != TEEC_ERROR_BAD_PARAMETERS)
		t_fail(t, "tmem page list entry %s (0x%lx): expected 0xffff0006 got 0x%x", what,
		       bad_page, ret);
	struct optee_msg_param o[2] = { ptmem(TMEM_IN, vm_pages(vm, 1), 0x100), ncparam(TMEM_OUT, &b) };
	ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_COPY, o, 2);
	if (ret != TEEC_ERROR_BAD_PARAMETERS)
		t_fail(t, "output page list entry %s: expected 0xffff0006 got 0x%x", what, ret);
	ret = register_shm(vm, 0xbad0000000000001ull, b.list, 0, b.size);
	if (ret == TEEC_SUCCESS) {
		t_fail(t, "REGISTER_SHM with a page %s: expected an error got 0", what);
		unregister_shm(vm, 0xbad0000000000001ull);
	}
	if (!outside)
		return; /* the rest only makes sense for an address outside the VM */
	/* The list page itself there. */
	struct optee_msg_param l[2] = { pval(VAL_OUT, 0, 0, 0), ncparam(TMEM_IN, &b) };
	l[1].u.tmem.buf_ptr = bad_page;
	ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_CHECKSUM, l, 2);
	if (ret != TEEC_ERROR_BAD_PARAMETERS)
		t_fail(t, "page list page %s: expected 0xffff0006 got 0x%x", what, ret);
	/* A contiguous tmem there. */
	struct optee_msg_param m[2] = { pval(VAL_OUT, 0, 0, 0), ptmem(TMEM_IN, bad_page, 0x100) };
	ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_CHECKSUM, m, 2);
	if (ret != TEEC_ERROR_BAD_PARAMETERS)
		t_fail(t, "contiguous tmem %s: expected 0xffff0006 got 0x%x", what, ret);
}

void tests_negative(void)
{
	struct test t;
	uint32_t ret;
	struct vm *vm = &vm1;

	if (vm1_echo == 0xffffffffu)
		open_session(vm, echo_uuid, &vm1_echo);

	t_begin(&t, "neg_arg_in_secure_sram");
	bad_arg_addr(&t, vm, SRAM_BASE, 0);
	bad_arg_addr(&t, vm, TEE_INSTANCES_BASE, 0);
	bad_arg_addr(&t, &vm2, SRAM_BASE + SRAM_SIZE - PAGE_SIZE, 0);
	still_works(&t, vm, vm1_echo, "secure SRAM args");
	t_end(&t);

	t_begin(&t, "neg_arg_other_vm");
	bad_arg_addr(&t, vm, vm_pages(&vm2, 1), 1);
	/* header straddling the end of VM 1's RAM */
	bad_arg_addr(&t, vm, vm->ram_base + vm->ram_size - 16, 1);
	still_works(&t, vm, vm1_echo, "other-VM args");
	t_end(&t);

	t_begin(&t, "neg_arg_outside_ram");
	bad_arg_addr(&t, vm, 0x80000000ull, 0);
	bad_arg_addr(&t, vm, 0x50000000ull, 1); /* DRAM that belongs to no VM */
	bad_arg_addr(&t, vm, 0x0ull, 0);
	bad_arg_addr(&t, vm, 0x09000000ull, 0); /* the UART */
	bad_arg_addr(&t, vm, 0xfffffffffffff000ull, 0);
	still_works(&t, vm, vm1_echo, "out-of-RAM args");
	t_end(&t);

	t_begin(&t, "neg_arg_unaligned");
	{
		uint64_t pa = vm_pages(vm, 1);
		bad_arg_addr(&t, vm, pa + 1, 1);
		bad_arg_addr(&t, vm, pa + 0x803, 1);
		still_works(&t, vm, vm1_echo, "unaligned args");
	}
	t_end(&t);

	t_begin(&t, "neg_bad_param_types");
	{
		struct optee_msg_param p[2] = { pval(VAL_IN, 1, 2, 3), pval(VAL_OUT, 0, 0, 0) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_COPY, p, 2);
		expect_ret(&t, "echo COPY with values", TEEC_ERROR_BAD_PARAMETERS, ret);
		struct optee_msg_param q[1] = { pval(VAL_IN, 1, 0, 0) };
		ret = invoke(vm, vm1_hello, PTA_HELLO_CMD_INC, q, 1);
		expect_ret(&t, "hello INC with VALUE_INPUT", TEEC_ERROR_BAD_PARAMETERS, ret);
		uint64_t buf = vm_pages(vm, 1);
		struct optee_msg_param r[2] = { ptmem(TMEM_OUT, buf, 16), pval(VAL_OUT, 0, 0, 0) };
		ret = invoke(vm, vm1_hello, PTA_HELLO_CMD_GET, r, 2);
		expect_ret(&t, "hello GET with a memref", TEEC_ERROR_BAD_PARAMETERS, ret);
		struct optee_msg_param s[1] = { { .attr = 0x4 } }; /* reserved type */
		ret = invoke(vm, vm1_hello, PTA_HELLO_CMD_GET, s, 1);
		expect_ret(&t, "attribute type 4", TEEC_ERROR_BAD_PARAMETERS, ret);
		/* the counter did not move */
		uint64_t v;
		hello_value(vm, vm1_hello, PTA_HELLO_CMD_GET, &v);
		EXPECT_EQ(&t, "session counter after refused calls", vm1_hello_count, v);
	}
	t_end(&t);

	t_begin(&t, "neg_unknown_uuid");
	{
		static const uint8_t nope[16] = { 0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3,
						  4, 5, 6, 7, 8, 9, 10, 11 };
		uint32_t s;
		ret = open_session(vm, nope, &s);
		expect_ret(&t, "OPEN_SESSION unknown UUID", TEEC_ERROR_ITEM_NOT_FOUND, ret);
		/* The UUID with value.a/value.b swapped is not hello either. */
		uint8_t swapped[16];
		memcpy(swapped, hello_uuid + 8, 8);
		memcpy(swapped + 8, hello_uuid, 8);
		ret = open_session(vm, swapped, &s);
		expect_ret(&t, "OPEN_SESSION hello UUID halves swapped", TEEC_ERROR_ITEM_NOT_FOUND, ret);
	}
	t_end(&t);

	t_begin(&t, "neg_closed_session");
	{
		uint32_t s = 0xffffffffu;
		open_session(vm, hello_uuid, &s);
		close_session(vm, s);
		uint64_t v;
		ret = hello_value(vm, s, PTA_HELLO_CMD_INC, &v);
		expect_ret(&t, "INC on closed session", TEEC_ERROR_BAD_PARAMETERS, ret);
		ret = hello_value(vm, 0x7fff1234, PTA_HELLO_CMD_INC, &v);
		expect_ret(&t, "INC on never-opened session", TEEC_ERROR_BAD_PARAMETERS, ret);
		/* VM 2 cannot use VM 1's session id. */
		ret = hello_value(&vm2, vm1_hello, PTA_HELLO_CMD_GET, &v);
		if (ret == TEEC_SUCCESS && v == vm1_hello_count)
			t_fail(&t, "VM 2 read VM 1's session 0x%x counter", vm1_hello);
	}
	t_end(&t);

	t_begin(&t, "neg_tmem_past_ram_end");
	tmem_past_end(&t, &vm1, vm1_echo);
	{
		uint32_t s2 = 0xffffffffu;
		ret = open_session(&vm2, echo_uuid, &s2);
		expect_ret(&t, "VM 2 OPEN_SESSION echo", TEEC_SUCCESS, ret);
		if (ret == TEEC_SUCCESS) {
			tmem_past_end(&t, &vm2, s2);
			close_session(&vm2, s2);
		}
	}
	t_end(&t);

	t_begin(&t, "neg_tmem_other_vm");
	{
		uint64_t src = vm_pages(vm, 1), other = vm_pages(&vm2, 1);
		memset(pa_ptr(other), 0xa5, 0x100);
		struct optee_msg_param p[2] = { ptmem(TMEM_IN, src, 0x100), ptmem(TMEM_OUT, other, 0x100) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_COPY, p, 2);
		expect_ret(&t, "COPY into VM 2's RAM", TEEC_ERROR_BAD_PARAMETERS, ret);
		for (unsigned i = 0; i < 0x100; i++)
			if (((uint8_t *)pa_ptr(other))[i] != 0xa5) {
				t_fail(&t, "VM 2's page written at +0x%x", i);
				break;
			}
		struct optee_msg_param q[2] = { ptmem(TMEM_IN, src, 0x100),
						ptmem(TMEM_OUT, TEE_CODE_BASE, 0x100) };
		ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_COPY, q, 2);
		expect_ret(&t, "COPY into secure SRAM", TEEC_ERROR_BAD_PARAMETERS, ret);
	}
	t_end(&t);

	t_begin(&t, "neg_pagelist_secure");
	bad_pagelist(&t, vm, SRAM_BASE, "in secure SRAM", 1);
	bad_pagelist(&t, vm, TEE_INSTANCES_BASE + 0x1000, "in TEE instance memory", 1);
	t_end(&t);

	t_begin(&t, "neg_pagelist_other_vm");
	bad_pagelist(&t, vm, vm_pages(&vm2, 1), "in VM 2's RAM", 1);
	bad_pagelist(&t, vm, vm1.ram_base + 0x10000 + 0x123, "unaligned", 0);
	t_end(&t);

	t_begin(&t, "neg_bad_client_id");
	{
		static const uint64_t ids[] = { 0, 3, 8, 0xffffffffull };
		for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			struct vm fake = vm1;
			fake.id = (uint32_t)ids[i];
			uint64_t pa = vm_pages(&vm1, 1);
			put_null_invoke(pa, vm1_echo);
			uint64_t a0 = msg_call_pa(&fake, pa);
			if (a0 == OPTEE_SMC_RETURN_OK)
				t_fail(&t, "CALL_WITH_ARG tagged VM %lu: expected an error got a0 0", ids[i]);
			if (get_ret(pa) != 0xdeadbeefu)
				t_fail(&t, "CALL_WITH_ARG tagged VM %lu: message processed (ret 0x%x)", ids[i],
				       get_ret(pa));
		}
		/* A guest cannot reset its TEE instance: lifecycle calls need client id 0. */
		struct smc_res r = smc8(OPTEE_SMC_VM_DESTROYED, 1, 0, 0, 0, 0, 0, 1);
		if (r.a0 == OPTEE_SMC_RETURN_OK)
			t_fail(&t, "VM_DESTROYED(1) from client id 1: expected an error got 0");
		r = smc8(OPTEE_SMC_VM_CREATED, 2, 0, 0, 0, 0, 0, 1);
		if (r.a0 == OPTEE_SMC_RETURN_OK)
			t_fail(&t, "VM_CREATED(2) from client id 1: expected an error got 0");
		uint64_t v;
		uint32_t ret = hello_value(vm, vm1_hello, PTA_HELLO_CMD_GET, &v);
		expect_ret(&t, "VM 1 session after refused lifecycle calls", TEEC_SUCCESS, ret);
		EXPECT_EQ(&t, "VM 1 session counter kept", vm1_hello_count, v);
		still_works(&t, vm, vm1_echo, "bad client ids");
	}
	t_end(&t);

	t_begin(&t, "neg_num_params_huge");
	{
		static const uint32_t counts[] = { 0xffffffffu, 0x10000u, 0x80000001u, 7 };
		for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
			struct optee_msg_arg *arg = vm_arg(vm, 2);
			arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
			arg->func = PTA_ECHO_CMD_NULL;
			arg->session = vm1_echo;
			arg->num_params = counts[i];
			ret = msg_call(vm, arg);
			if (ret == TEEC_SUCCESS)
				t_fail(&t, "num_params 0x%x: expected an error got 0", counts[i]);
		}
		struct optee_msg_arg *arg = vm_arg(vm, 0);
		arg->cmd = 0x7777;
		ret = msg_call(vm, arg);
		if (ret == TEEC_SUCCESS)
			t_fail(&t, "cmd 0x7777: expected an error got 0");
		still_works(&t, vm, vm1_echo, "huge num_params");
	}
	t_end(&t);
}

/* ---- under the hypervisor: buffers outside this VM ------------------------ */

/* Other VMs' RAM (qemu-2vm: VM 1, VM 2), the hypervisor's RAM and staging area, secure SRAM. */
static const uint64_t outside_vm[] = { 0x42000000ull, 0x4a000000ull, 0x40000000ull,
				       0x40800000ull, SRAM_BASE, TEE_INSTANCES_BASE };

/* echo COPY from `in` into a canary page of this VM: refused, and nothing read into it. */
static void copy_from_refused(struct test *t, struct vm *vm, struct optee_msg_param in,
			      const char *what, uint64_t addr)
{
	uint64_t out = vm_pages(vm, 1);
	memset(pa_ptr(out), 0xa5, 0x100);
	struct optee_msg_param p[2] = { in, ptmem(TMEM_OUT, out, 0x100) };
	uint32_t ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_COPY, p, 2);
	if (ret != TEEC_ERROR_BAD_PARAMETERS)
		t_fail(t, "COPY from %s 0x%lx: expected 0xffff0006 got 0x%x", what, addr, ret);
	const uint8_t *c = pa_ptr(out);
	for (unsigned i = 0; i < 0x100; i++) {
		if (c[i] != 0xa5) {
			t_fail(t, "COPY from %s 0x%lx: output written at +0x%x", what, addr, i);
			break;
		}
	}
}

/*
 * The client as one VM under the hypervisor: tmem buffers and page-list entries
 * in another VM's RAM, the hypervisor's RAM or secure SRAM are refused with
 * TEEC_ERROR_BAD_PARAMETERS and nothing is read from them (canary).
 */
void tests_negative_hypervised(void)
{
	struct test t;
	struct vm *vm = &vm1;
	if (vm1_echo == 0xffffffffu)
		open_session(vm, echo_uuid, &vm1_echo);

	t_begin(&t, "hyp_neg_tmem_outside_vm");
	for (unsigned i = 0; i < sizeof(outside_vm) / sizeof(outside_vm[0]); i++) {
		uint64_t a = outside_vm[i];
		if (a >= vm->ram_base && a - vm->ram_base < vm->ram_size)
			continue;
		copy_from_refused(&t, vm, ptmem(TMEM_IN, a, 0x100), "tmem", a);
		uint64_t src = vm_pages(vm, 1);
		fill(pa_ptr(src), 0x100, 3);
		struct optee_msg_param q[2] = { ptmem(TMEM_IN, src, 0x100), ptmem(TMEM_OUT, a, 0x100) };
		uint32_t ret = invoke(vm, vm1_echo, PTA_ECHO_CMD_COPY, q, 2);
		if (ret != TEEC_ERROR_BAD_PARAMETERS)
			t_fail(&t, "COPY into tmem 0x%lx: expected 0xffff0006 got 0x%x", a, ret);
	}
	still_works(&t, vm, vm1_echo, "tmem outside the VM");
	t_end(&t);

	t_begin(&t, "hyp_neg_pagelist_outside_vm");
	for (unsigned i = 0; i < sizeof(outside_vm) / sizeof(outside_vm[0]); i++) {
		uint64_t a = outside_vm[i];
		if (a >= vm->ram_base && a - vm->ram_base < vm->ram_size)
			continue;
		struct ncbuf b;
		ncbuf_make(vm, &b, 1, 0, 0x100);
		((uint64_t *)pa_ptr(b.list))[0] = a;
		copy_from_refused(&t, vm, ncparam(TMEM_IN, &b), "page-list entry", a);
		bad_pagelist(&t, vm, a, "outside the VM", 1);
	}
	still_works(&t, vm, vm1_echo, "page lists outside the VM");
	t_end(&t);
}

/* ---- isolation between the two TEE instances ---------------------------- */

void tests_isolation(void)
{
	struct test t;
	uint32_t ret;
	uint64_t v;

	t_begin(&t, "iso_global_counter");
	for (uint64_t i = 1; i <= 3; i++) {
		ret = hello_value(&vm1, vm1_hello, PTA_HELLO_CMD_INC_GLOBAL, &v);
		expect_ret(&t, "VM 1 INC_GLOBAL", TEEC_SUCCESS, ret);
		EXPECT_EQ(&t, "VM 1 INC_GLOBAL value", i, v);
	}
	{
		uint32_t s2 = 0xffffffffu;
		ret = open_session(&vm2, hello_uuid, &s2);
		expect_ret(&t, "VM 2 OPEN_SESSION hello", TEEC_SUCCESS, ret);
		ret = hello_value(&vm2, s2, PTA_HELLO_CMD_INC_GLOBAL, &v);
		expect_ret(&t, "VM 2 INC_GLOBAL", TEEC_SUCCESS, ret);
		EXPECT_EQ(&t, "VM 2 INC_GLOBAL value (own instance)", 1, v);
		close_session(&vm2, s2);
	}
	ret = hello_value(&vm1, vm1_hello, PTA_HELLO_CMD_INC_GLOBAL, &v);
	EXPECT_EQ(&t, "VM 1 INC_GLOBAL after VM 2's", 4, v);
	t_end(&t);

	t_begin(&t, "iso_session_counter");
	{
		uint32_t a = 0xffffffffu, b = 0xffffffffu, c = 0xffffffffu;
		open_session(&vm1, hello_uuid, &a);
		open_session(&vm1, hello_uuid, &b);
		ret = open_session(&vm2, hello_uuid, &c);
		expect_ret(&t, "VM 2 OPEN_SESSION", TEEC_SUCCESS, ret);
		hello_value(&vm1, a, PTA_HELLO_CMD_INC, &v);
		hello_value(&vm1, a, PTA_HELLO_CMD_INC, &v);
		hello_value(&vm1, b, PTA_HELLO_CMD_INC, &v);
		hello_value(&vm2, c, PTA_HELLO_CMD_INC, &v);
		hello_value(&vm2, c, PTA_HELLO_CMD_INC, &v);
		hello_value(&vm2, c, PTA_HELLO_CMD_INC, &v);
		ret = hello_value(&vm1, a, PTA_HELLO_CMD_GET, &v);
		EXPECT_EQ(&t, "VM 1 session a", 2, v);
		ret = hello_value(&vm1, b, PTA_HELLO_CMD_GET, &v);
		EXPECT_EQ(&t, "VM 1 session b", 1, v);
		ret = hello_value(&vm2, c, PTA_HELLO_CMD_GET, &v);
		EXPECT_EQ(&t, "VM 2 session c", 3, v);
		ret = hello_value(&vm1, vm1_hello, PTA_HELLO_CMD_GET, &v);
		EXPECT_EQ(&t, "VM 1 first session", vm1_hello_count, v);
		close_session(&vm1, a);
		close_session(&vm1, b);
		close_session(&vm2, c);
	}
	t_end(&t);
}

/* ---- a TEE instance that dies ------------------------------------------- */

void tests_dead_instance(void)
{
	struct test t;
	uint32_t ret, s2 = 0xffffffffu;
	uint64_t v;

	t_begin(&t, "dead_touch_own_ram");
	ret = open_session(&vm2, hello_uuid, &s2);
	expect_ret(&t, "VM 2 OPEN_SESSION hello", TEEC_SUCCESS, ret);
	{
		uint64_t word = vm_pages(&vm2, 1);
		*(volatile uint64_t *)pa_ptr(word) = 0x1122334455667788ull;
		struct optee_msg_param p[2] = { pval(VAL_IN, word, 0, 0), pval(VAL_OUT, 0, 0, 0) };
		ret = invoke(&vm2, s2, PTA_HELLO_CMD_TOUCH, p, 2);
		expect_ret(&t, "TOUCH of VM 2's own RAM (test hooks built?)", TEEC_SUCCESS, ret);
		if (ret == TEEC_SUCCESS) {
			EXPECT_EQ(&t, "word read, low", 0x55667788, p[1].u.value.a);
			EXPECT_EQ(&t, "word read, high", 0x11223344, p[1].u.value.b);
		}
	}
	t_end(&t);

	t_begin(&t, "dead_instance_touch");
	{
		struct optee_msg_param p[1] = { pval(VAL_IN, vm1.ram_base, 0, 0) };
		ret = invoke(&vm2, s2, PTA_HELLO_CMD_TOUCH, p, 1);
		expect_ret(&t, "VM 2 TOUCH of VM 1's RAM", TEEC_ERROR_TARGET_DEAD, ret);
	}
	t_end(&t);

	t_begin(&t, "dead_instance_open");
	{
		uint32_t s;
		ret = open_session(&vm2, hello_uuid, &s);
		expect_ret(&t, "VM 2 OPEN_SESSION after the fault", TEEC_ERROR_TARGET_DEAD, ret);
		ret = hello_value(&vm2, s2, PTA_HELLO_CMD_GET, &v);
		expect_ret(&t, "VM 2 invoke on its old session", TEEC_ERROR_TARGET_DEAD, ret);
	}
	t_end(&t);

	t_begin(&t, "dead_instance_vm1_alive");
	ret = hello_value(&vm1, vm1_hello, PTA_HELLO_CMD_INC, &v);
	expect_ret(&t, "VM 1 INC on its earlier session", TEEC_SUCCESS, ret);
	EXPECT_EQ(&t, "VM 1 counter continues", vm1_hello_count + 1, v);
	{
		uint32_t s = 0xffffffffu;
		ret = open_session(&vm1, echo_uuid, &s);
		expect_ret(&t, "VM 1 OPEN_SESSION after VM 2's death", TEEC_SUCCESS, ret);
		close_session(&vm1, s);
	}
	t_end(&t);
}

/* ---- benchmark --------------------------------------------------------- */

#define BENCH_N 100
#define BENCH_REPEATS 20

/*
 * Instructions per call of r (under -icount shift=0 the cycle counter counts
 * instructions): the loop without the SMC subtracted, the least of several
 * repeats, since the counter is the machine's virtual time and another VM's
 * core may run in the middle of one repeat. Without icount (make bench's wall
 * clock) the counter follows the host's clock, and the least repeat is one the
 * host did not preempt: 20 of them find one on a host busy with other work.
 */
static uint64_t per_call(const struct smc_regs *r)
{
	uint64_t best = ~0ull;
	smc_loop_cycles(r, 4, 1); /* warm up */
	for (int i = 0; i < BENCH_REPEATS; i++) {
		uint64_t with = smc_loop_cycles(r, BENCH_N, 1);
		uint64_t without = smc_loop_cycles(r, BENCH_N, 0);
		uint64_t n = with > without ? (with - without) / BENCH_N : 0;
		if (n < best)
			best = n;
	}
	return best;
}

/* Counter (CNTPCT) at the first successful INVOKE_COMMAND, 0 until then (see invoke). */
uint64_t first_invoke_ticks;

void bench_run(void)
{
	int usable = pmu_usable();
	uint64_t fast = 0, null_inv = 0, psci = 0;

	if (usable) {
		pmu_start();
		struct smc_regs r = { { OPTEE_SMC_CALLS_UID, 0, 0, 0, 0, 0, 0, 1 } };
		fast = per_call(&r);
		struct smc_regs v = { { PSCI_VERSION } };
		psci = per_call(&v);

		uint32_t s = 0xffffffffu;
		if (open_session(&vm1, echo_uuid, &s) == TEEC_SUCCESS) {
			struct optee_msg_arg *arg = vm_arg(&vm1, 0);
			arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
			arg->func = PTA_ECHO_CMD_NULL;
			arg->session = s;
			uint64_t pa = ptr_pa(arg);
			struct smc_regs n = { { OPTEE_SMC_CALL_WITH_ARG, pa >> 32, pa & 0xffffffffu, 0, 0,
						0, 0, 1 } };
			uint64_t per = per_call(&n);
			if (arg->ret == TEEC_SUCCESS)
				null_inv = per;
			else
				printf("client: bench null invoke failed: ret 0x%x\n", arg->ret);
			close_session(&vm1, s);
		}
	} else {
		printf("client: PMU cycle counter not implemented\n");
	}
	printf("bench: fast_call_round_trip: %lu instructions\n", fast);
	printf("bench: null_invoke_round_trip: %lu instructions\n", null_inv);
	/* Answered by the monitor without a hypervisor, by the hypervisor under one. */
	printf("bench: psci_version_round_trip: %lu instructions\n", psci);
	/* Virtual time since power-on (the counter starts at 0 with the machine). */
	uint64_t freq = read_sysreg(cntfrq_el0);
	if (first_invoke_ticks && freq)
		printf("bench: boot_to_first_invoke: %lu us\n",
		       first_invoke_ticks / (freq / 1000000 ? freq / 1000000 : 1));
}

/* ---- two cores in the secure world ---------------------------------------- */

static struct core1_job job;

void tests_smp(void)
{
	struct test t;
	uint32_t ret;
	uint64_t v;

	t_begin(&t, "world_switch_transparency_std_call");
	{
		/* A yielding call that runs the TEE kernel and a TA. */
		struct optee_msg_arg *arg = vm_arg(&vm1, 0);
		arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
		arg->func = PTA_ECHO_CMD_NULL;
		arg->session = vm1_echo;
		arg->ret = 0xdeadbeefu;
		uint64_t pa = ptr_pa(arg);
		struct smc_regs r = { { OPTEE_SMC_CALL_WITH_ARG, pa >> 32, pa & 0xffffffffu, 0, 0x4444,
					0x5555, 0x6666, 1 } };
		ws_check(&t, &r);
		EXPECT_EQ(&t, "a0", OPTEE_SMC_RETURN_OK, r.x[0]);
		EXPECT_EQ(&t, "arg->ret", TEEC_SUCCESS, arg->ret);
	}
	t_end(&t);

	t_begin(&t, "smp_call_from_core1");
	{
		struct optee_msg_arg *arg = vm_arg(&vm1, 0);
		arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
		arg->func = PTA_ECHO_CMD_NULL;
		arg->session = vm1_echo;
		job.vm_id = 1;
		job.arg_pa = ptr_pa(arg);
		job.count = 1;
		int64_t on = core1_start_job(&job);
		EXPECT_EQ(&t, "CPU_ON(1)", 0, on);
		if (on == 0 && !core1_wait_job(&job))
			t_fail(&t, "core 1 did not finish (done %lu ok %lu)", job.done, job.ok);
		if (job.errors)
			t_fail(&t, "core 1 null invoke: a0 0x%lx ret 0x%lx", job.first_a0, job.first_ret);
		EXPECT_EQ(&t, "calls that succeeded on core 1", 1, job.ok);
	}
	t_end(&t);

	t_begin(&t, "smp_concurrent_calls");
	{
		/* Core 1 runs null invokes of VM 1 while core 0 counts in another session. */
		enum { N = 300 };
		uint32_t s = 0xffffffffu;
		ret = open_session(&vm1, hello_uuid, &s);
		expect_ret(&t, "OPEN_SESSION hello", TEEC_SUCCESS, ret);
		struct optee_msg_arg *arg = vm_arg(&vm1, 0);
		arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
		arg->func = PTA_ECHO_CMD_NULL;
		arg->session = vm1_echo;
		job.vm_id = 1;
		job.arg_pa = ptr_pa(arg);
		job.count = N;
		int64_t on = core1_start_job(&job);
		EXPECT_EQ(&t, "CPU_ON(1)", 0, on);
		unsigned errors = 0;
		uint32_t first = 0;
		for (unsigned i = 0; i < N; i++) {
			ret = hello_value(&vm1, s, PTA_HELLO_CMD_INC, &v);
			if (ret != TEEC_SUCCESS && !errors++)
				first = ret;
		}
		if (errors)
			t_fail(&t, "%u of %u INC on core 0 failed, first ret 0x%x", errors, N, first);
		if (on == 0 && !core1_wait_job(&job))
			t_fail(&t, "core 1 did not finish (ok %lu of %u)", job.ok, N);
		if (job.errors)
			t_fail(&t, "%lu null invokes on core 1 failed, first a0 0x%lx ret 0x%lx",
			       job.errors, job.first_a0, job.first_ret);
		ret = hello_value(&vm1, s, PTA_HELLO_CMD_GET, &v);
		EXPECT_EQ(&t, "counter after concurrent calls", N, v);
		printf("client: concurrent calls: core 1 saw busy %lu times\n", job.busy);
		close_session(&vm1, s);
	}
	t_end(&t);

	/*
	 * A CANCEL from core 1 while core 0 is inside the instance with the call
	 * it names (a SPIN of tens of milliseconds, timer off: one entry). It must
	 * reach the TEE kernel, not be refused with ETHREAD_LIMIT: Linux's driver
	 * would send it again only once the call it cancels has completed.
	 */
	t_begin(&t, "smp_cancel_while_call_runs_on_other_core");
	{
		enum { SPIN_N = 20000000 };
		struct optee_msg_arg *spin = vm_arg(&vm1, 2);
		spin->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
		spin->func = PTA_ECHO_CMD_SPIN;
		spin->session = vm1_echo;
		spin->params[0] = pval(OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, SPIN_N, 1, 0);
		spin->params[1] = pval(OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0);
		struct optee_msg_arg *cancel = vm_arg(&vm1, 0);
		cancel->cmd = OPTEE_MSG_CMD_CANCEL;
		cancel->session = vm1_echo;
		cancel->ret = 0xdeadbeefu;
		job = (struct core1_job){.vm_id = 1,
					 .arg_pa = ptr_pa(cancel),
					 .count = 1,
					 .once = 1,
					 .wait_ticks = read_sysreg(cntfrq_el0) / 200}; /* 5 ms */
		int64_t on = core1_start_job(&job);
		EXPECT_EQ(&t, "CPU_ON(1)", 0, on);
		job.go = 1;
		dsb(sy);
		uint64_t pa = ptr_pa(spin), t0 = read_sysreg(cntpct_el0);
		struct smc_res r =
		    smc8(OPTEE_SMC_CALL_WITH_ARG, pa >> 32, pa & 0xffffffffu, 0, 0, 0, 0, vm1.id);
		uint64_t spin_us =
		    (read_sysreg(cntpct_el0) - t0) / (read_sysreg(cntfrq_el0) / 1000000);
		if (on == 0 && !core1_wait_job(&job))
			t_fail(&t, "core 1 did not finish");
		EXPECT_EQ(&t, "SPIN a0", OPTEE_SMC_RETURN_OK, r.a0);
		EXPECT_EQ(&t, "SPIN ret", TEEC_SUCCESS, spin->ret);
		EXPECT_EQ(&t, "SPIN iterations", SPIN_N, spin->params[1].u.value.c);
		EXPECT_EQ(&t, "CANCEL a0 on core 1 (not ETHREAD_LIMIT)", OPTEE_SMC_RETURN_OK,
			  job.last_a0);
		EXPECT_EQ(&t, "CANCEL ret", TEEC_SUCCESS, cancel->ret);
		printf(
		    "client: CANCEL from core 1 5 ms into a SPIN of %lu us on core 0: a0 0x%lx\n",
		    spin_us, job.last_a0);
	}
	t_end(&t);
}

/* ---- the hypervisor's VM lifecycle calls ----------------------------------- */

void tests_lifecycle(void)
{
	struct test t;
	uint32_t ret, s = 0xffffffffu;
	uint64_t v;

	t_begin(&t, "hyp_vm_recreated_after_death");
	struct smc_res r = smc8(OPTEE_SMC_VM_DESTROYED, 2, 0, 0, 0, 0, 0, 0);
	EXPECT_EQ(&t, "VM_DESTROYED(2) from client id 0", OPTEE_SMC_RETURN_OK, r.a0);
	r = smc8(OPTEE_SMC_VM_CREATED, 2, 0, 0, 0, 0, 0, 0);
	EXPECT_EQ(&t, "VM_CREATED(2) from client id 0", OPTEE_SMC_RETURN_OK, r.a0);
	ret = open_session(&vm2, hello_uuid, &s);
	expect_ret(&t, "VM 2 OPEN_SESSION on the new instance", TEEC_SUCCESS, ret);
	if (ret == TEEC_SUCCESS) {
		ret = hello_value(&vm2, s, PTA_HELLO_CMD_INC_GLOBAL, &v);
		expect_ret(&t, "VM 2 INC_GLOBAL", TEEC_SUCCESS, ret);
		EXPECT_EQ(&t, "VM 2 INC_GLOBAL starts again", 1, v);
		close_session(&vm2, s);
	}
	ret = hello_value(&vm1, vm1_hello, PTA_HELLO_CMD_GET, &v);
	expect_ret(&t, "VM 1 session", TEEC_SUCCESS, ret);
	EXPECT_EQ(&t, "VM 1 counter untouched", vm1_hello_count + 1, v);
	t_end(&t);
}
