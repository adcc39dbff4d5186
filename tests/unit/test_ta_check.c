/*
 * The checks of a signed TA file (tee/ta_check.c) on the host, on a small
 * synthetic TA laid out as the dev kit lays one out: every refusal class of
 * the signed header and of the ELF, each leaving no page allocated. The RSA
 * check is stood in for by a signature that must equal the hash repeated
 * (the real one is tested by the system tests with a file signed by another
 * key); the SHA-256 is OpenSSL's (tests/unit/ta_check_host.c, shared with
 * test_ta_check_lib.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <abi/elf64.h>
#include <abi/tee_client.h>
#include <tzvisor/ta_abi.h>
#include "ta_check_host.h"
#include "ta_crypto.h"

/* ---- a synthetic TA ---- */

#define ELF_SIZE 0x2100
#define ENTRY (TZV_TA_LOAD_VA + 0x100)
#define PARAMS_VA (TZV_TA_LOAD_VA + 0x3000)
#define POOL_PAGES 32

static const uint8_t uuid[16] = {0x5a, 0x7e, 0x0c, 0x3d, 0x2b, 0x1f, 0x4c, 0x8e,
				 0x9d, 0x6a, 0x7f, 0x3e, 0x1b, 0x2c, 0x4d, 0x5e};

static struct tzv_ta_head *head(void)
{
	return (struct tzv_ta_head *)(elf + 0x1000);
}

/*
 * RX at 0x200000 (head, code), a guard page, the RW stack, the RW data with the
 * parameter block right above the stack's top.
 */
static void build_elf(void)
{
	memset(elf, 0, sizeof(elf));
	elf_size = ELF_SIZE;
	memcpy(eh()->ident, "\177ELF\2\1\1", 7);
	eh()->type = 2;
	eh()->machine = ELF_EM_AARCH64;
	eh()->version = 1;
	eh()->entry = ENTRY;
	eh()->phoff = 64;
	eh()->ehsize = 64;
	eh()->phentsize = 56;
	eh()->phnum = 3;
	*ph(0) = (struct elf64_phdr){1,      ELF_PF_R | ELF_PF_X, 0x1000, TZV_TA_LOAD_VA, TZV_TA_LOAD_VA,
			       0x1000, 0x1000,	    0x1000};
	const uint64_t stack = TZV_TA_LOAD_VA + 0x2000;
	*ph(1) =
	    (struct elf64_phdr){1, ELF_PF_R | ELF_PF_W, 0x2000, stack, stack, 0, 0x1000, 0x1000};
	*ph(2) = (struct elf64_phdr){
	    1, ELF_PF_R | ELF_PF_W, 0x2000, PARAMS_VA, PARAMS_VA, 0x100, 0x2000, 0x1000};
	struct tzv_ta_head *h = head();
	h->uuid.time_low = 0x5a7e0c3d;
	h->uuid.time_mid = 0x2b1f;
	h->uuid.time_hi_and_version = 0x4c8e;
	memcpy(h->uuid.clock_seq_and_node, uuid + 8, 8);
	h->stack_size = 0x1000;
	h->flags = TZV_TA_FLAG_SINGLE_INSTANCE;
	h->entry = ENTRY;
	h->magic = TZV_TA_HEAD_MAGIC;
	h->abi_version = TZV_TA_ABI_VERSION;
	h->params_va = PARAMS_VA;
	memset(elf + 0x1100, 0xc3, 0x40);  /* "code" */
	memset(elf + 0x2000, 0xd4, 0x100); /* initialised data */
}

static void sign(void)
{
	sign_as(uuid);
}

static uint32_t check(void)
{
	last_log[0] = '\0';
	return uta_verify_and_load(file, file_size, uuid, &img);
}

/* Refused with `want`; no page allocated, nothing in img; the log says `why`. */
static void refused(uint32_t want, const char *why)
{
	expect_refused(check, want, why);
}

static int setup(void **state)
{
	(void)state;
	pool_init(POOL_PAGES);
	build_elf();
	sign();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pool_free();
	return 0;
}

static void test_good(void **state)
{
	(void)state;
	assert_int_equal(check(), TEEC_SUCCESS);
	assert_int_equal(img.nsegs, 3);
	assert_memory_equal(img.uuid, uuid, 16);
	assert_int_equal(img.flags, TZV_TA_FLAG_SINGLE_INSTANCE);
	assert_int_equal(img.entry, ENTRY);
	assert_int_equal(img.params_va, PARAMS_VA);
	assert_int_equal(img.stack_top, PARAMS_VA); /* the data segment starts at the stack's top */
	assert_true(img.seg[0].exec && !img.seg[0].write);
	assert_true(img.seg[1].write && !img.seg[1].exec);
	assert_int_equal(img.seg[1].va, TZV_TA_LOAD_VA + 0x2000);
	assert_int_equal(img.seg[1].size, 0x1000);
	assert_true(img.seg[2].write && !img.seg[2].exec);
	assert_int_equal(img.seg[2].size, 0x2000);
	/* contents copied, memsz beyond filesz zero */
	assert_memory_equal(img.seg[0].mem, elf + 0x1000, 0x1000);
	assert_memory_equal(img.seg[2].mem, elf + 0x2000, 0x100);
	for (unsigned i = 0x100; i < 0x2000; i++)
		assert_int_equal(img.seg[2].mem[i], 0);
	for (unsigned i = 0; i < 0x1000; i++)
		assert_int_equal(img.seg[1].mem[i], 0);
	assert_int_equal(pages_free_count(), POOL_PAGES - 4);
	/* stack and data in one run of pages: a range past the stack's top reads the data */
	assert_ptr_equal(img.seg[2].mem, img.seg[1].mem + 0x1000);
	const uint8_t *p = uta_va_ptr(&img, NULL, PARAMS_VA - 0x110, 1025, true, NULL);
	assert_ptr_equal(p, img.seg[1].mem + 0x1000 - 0x110);
	assert_int_equal(p[0x110], 0xd4);
	assert_non_null(uta_va_ptr(&img, NULL, img.seg[1].va, 0x3000, true, NULL));
	assert_null(uta_va_ptr(&img, NULL, img.seg[1].va, 0x3001, false, NULL)); /* past the data */
	/* the code does not run on into the guard page, nor the guard page into the stack */
	assert_null(uta_va_ptr(&img, NULL, TZV_TA_LOAD_VA + 0xff0, 0x20, false, NULL));
	assert_null(uta_va_ptr(&img, NULL, TZV_TA_LOAD_VA + 0x1ff0, 0x20, false, NULL));
	assert_non_null(uta_va_ptr(&img, NULL, TZV_TA_LOAD_VA + 0xff0, 0x10, false, NULL));
}

static void test_signed_header_refusals(void **state)
{
	(void)state;
	struct tzv_shdr *sh = (struct tzv_shdr *)file;
	uint64_t good = file_size;

	file_size = sizeof(struct tzv_shdr) - 1;
	refused(TEEC_ERROR_SECURITY, "no signed header");
	file_size = good;
	memcpy(file, elf, 64); /* a bare ELF: unsigned */
	refused(TEEC_ERROR_SECURITY, "unsigned");
	sign();
	sh->magic ^= 1;
	refused(TEEC_ERROR_BAD_FORMAT, "no OP-TEE signed header");
	sign();
	sh->img_type = TZV_SHDR_TA;
	refused(TEEC_ERROR_BAD_FORMAT, "not supported");
	sh->img_type = TZV_SHDR_ENCRYPTED_TA;
	refused(TEEC_ERROR_BAD_FORMAT, "not supported");
	sign();
	sh->algo = 0x70005830; /* RSASSA PKCS#1 v1.5 with SHA-384 */
	refused(TEEC_ERROR_BAD_FORMAT, "not supported");
	sign();
	sh->hash_size = 20;
	refused(TEEC_ERROR_BAD_FORMAT, "not supported");
	sign();
	sh->sig_size = 128;
	refused(TEEC_ERROR_BAD_FORMAT, "not supported");
	/* sizes: truncated, padded, an img_size that would run far past the file */
	sign();
	file_size = good - 1;
	refused(TEEC_ERROR_SECURITY, "truncated or padded");
	file_size = good + 1;
	refused(TEEC_ERROR_SECURITY, "truncated or padded");
	file_size = good;
	sh->img_size = 0xffffffffu;
	refused(TEEC_ERROR_SECURITY, "truncated or padded");
	/* integrity: a byte of the ELF, of the hash, of the signature, of the bootstrap header */
	sign();
	file[good - 1] ^= 0x40;
	refused(TEEC_ERROR_SECURITY, "SHA-256");
	sign();
	file[sizeof(*sh) + 3] ^= 1;
	refused(TEEC_ERROR_SECURITY, "SHA-256");
	sign();
	file[sizeof(*sh) + 32 + 100] ^= 1;
	refused(TEEC_ERROR_SECURITY, "signature does not verify");
	sign();
	file[sizeof(*sh) + 32 + SIG_SIZE + 16] ^= 1; /* ta_version: covered by the hash */
	refused(TEEC_ERROR_SECURITY, "SHA-256");
	/* correctly signed, but for another UUID */
	uint8_t other[16];
	memcpy(other, uuid, 16);
	other[15] ^= 0xff;
	sign_as(other);
	refused(TEEC_ERROR_SECURITY, "another UUID");
}

/* Each ELF defect, re-signed so only the ELF check can refuse it. */
static void elf_refused(const char *why)
{
	sign();
	refused(TEEC_ERROR_BAD_FORMAT, why);
	build_elf();
}

static void test_elf_header_refusals(void **state)
{
	(void)state;
	elf[0] = 0;
	elf_refused("not an AArch64 ELF64");
	elf[4] = 1; /* ELFCLASS32 */
	elf_refused("not an AArch64 ELF64");
	elf[5] = 2; /* big-endian */
	elf_refused("not an AArch64 ELF64");
	eh()->type = 3; /* ET_DYN */
	elf_refused("a shared TA library (ET_DYN), not a TA");
	eh()->machine = 62; /* x86-64 */
	elf_refused("not an AArch64 ELF64");
	eh()->phentsize = 32;
	elf_refused("not an AArch64 ELF64");
	eh()->phoff = ELF_SIZE + 8;
	elf_refused("program headers outside the file");
	eh()->phnum = 0xffff; /* phoff + phnum * 56 far past the end */
	elf_refused("program headers outside the file");
	eh()->phoff = 0xfffffffffffffff0ull;
	elf_refused("program headers outside the file");
	elf_size = 40; /* shorter than an ELF header */
	elf_refused("shorter than its header");
}

static void test_segment_refusals(void **state)
{
	(void)state;
	ph(1)->type = ELF_PT_DYNAMIC;
	elf_refused("dynamic");
	ph(1)->type = ELF_PT_INTERP;
	elf_refused("dynamic");
	eh()->phnum = 4;
	*ph(3) = *ph(2);
	ph(3)->vaddr += 0x2000;
	elf_refused("too many PT_LOAD");
	ph(2)->vaddr += 8;
	elf_refused("not page aligned");
	ph(2)->offset += 8;
	elf_refused("not page aligned");
	ph(2)->filesz = ph(2)->memsz + 1;
	elf_refused("outside the TA's address range");
	ph(1)->memsz = 0;
	elf_refused("outside the TA's address range");
	ph(1)->vaddr = TZV_TA_LOAD_VA - 0x1000;
	elf_refused("outside the TA's address range");
	ph(1)->vaddr = TZV_TA_VA_LIMIT;
	elf_refused("outside the TA's address range");
	ph(1)->vaddr = TZV_TA_VA_LIMIT - 0x1000;
	ph(1)->memsz = 0x2000; /* ends past the limit */
	elf_refused("outside the TA's address range");
	ph(1)->memsz = 0xfffffffffffff000ull; /* vaddr + memsz wraps */
	elf_refused("outside the TA's address range");
	ph(2)->offset = 0x3000; /* past the file */
	elf_refused("outside the file");
	ph(2)->filesz = ELF_SIZE; /* offset + filesz past the end */
	ph(2)->memsz = 0x4000;
	elf_refused("outside the file");
	ph(2)->filesz = 0xfffffffffffff000ull; /* offset + filesz wraps */
	ph(2)->memsz = 0xfffffffffffff000ull;
	elf_refused("outside");
	ph(2)->flags = ELF_PF_R | ELF_PF_W | ELF_PF_X;
	elf_refused("both writable and executable");
	ph(1)->vaddr = 0x0e000000; /* the kernel's window */
	elf_refused("kernel's window");
	ph(1)->vaddr = 0x0dfff000;
	ph(1)->memsz = 0x2000; /* reaches into it */
	elf_refused("kernel's window");
	ph(1)->vaddr = PARAMS_VA + 0x1000; /* inside the data segment */
	elf_refused("overlapping");
	ph(1)->vaddr = TZV_TA_LOAD_VA; /* on top of the code */
	ph(1)->memsz = 0x1000;
	elf_refused("overlapping");
}

/* The layout of include/tzvisor/ta_abi.h: code, guard page, stack, data right above it. */
static void test_layout_refusals(void **state)
{
	(void)state;
	/* version 1's layout: data, then the stack above it */
	*ph(1) = *ph(2);
	ph(1)->vaddr = ph(1)->paddr = TZV_TA_LOAD_VA + 0x1000;
	head()->params_va = TZV_TA_LOAD_VA + 0x1000;
	ph(2)->vaddr = ph(2)->paddr = TZV_TA_LOAD_VA + 0x4000;
	ph(2)->filesz = 0;
	ph(2)->memsz = 0x1000;
	elf_refused("second PT_LOAD is not the stack");
	/* the right segments, listed out of address order */
	struct elf64_phdr t = *ph(1);
	*ph(1) = *ph(2);
	*ph(2) = t;
	elf_refused("not in address order");
	/* the stack right above the code: no guard page */
	ph(1)->vaddr = ph(1)->paddr = TZV_TA_LOAD_VA + 0x1000;
	ph(1)->memsz = 0x2000;
	elf_refused("no unmapped guard page below the stack");
	/* a hole above the stack's top: a read past it would fault, not stay in the TA */
	ph(2)->vaddr = ph(2)->paddr = PARAMS_VA + 0x1000;
	head()->params_va = PARAMS_VA + 0x1000;
	elf_refused("the stack's top is not the start of the writable data segment");
	/* a read-only data segment (the parameter block in the stack, so that passes) */
	ph(1)->memsz = 0x2000;
	ph(1)->vaddr = ph(1)->paddr = TZV_TA_LOAD_VA + 0x2000;
	head()->params_va = TZV_TA_LOAD_VA + 0x2000; /* in the stack */
	ph(2)->vaddr = ph(2)->paddr = PARAMS_VA + 0x1000;
	ph(2)->flags = ELF_PF_R;
	elf_refused("the stack's top is not the start of the writable data segment");
	/* no data segment at all */
	*ph(1) = *ph(2);
	ph(1)->filesz = 0;
	eh()->phnum = 2;
	head()->params_va = PARAMS_VA;
	ph(1)->vaddr = ph(1)->paddr = PARAMS_VA;
	elf_refused("not three PT_LOAD segments");
	/* a stack of less than a page: its page-rounded top still meets the data (accepted) */
	ph(1)->memsz = 0x800;
	sign();
	assert_int_equal(check(), TEEC_SUCCESS);
	assert_int_equal(img.stack_top, PARAMS_VA);
}

static void test_head_refusals(void **state)
{
	(void)state;
	/* the first PT_LOAD must be the RX segment at TZV_TA_LOAD_VA holding the head */
	struct elf64_phdr t = *ph(0);
	*ph(0) = *ph(1);
	*ph(1) = t;
	elf_refused("first PT_LOAD");
	ph(0)->flags = ELF_PF_R;
	elf_refused("first PT_LOAD");
	ph(0)->filesz = sizeof(struct tzv_ta_head) - 1;
	elf_refused("first PT_LOAD");
	head()->magic ^= 1;
	elf_refused("magic or ABI version");
	head()->abi_version = 1; /* the stack above the data */
	elf_refused("magic or ABI version");
	/* the entry point: the head's, inside the RX segment, aligned */
	head()->entry = ENTRY + 4;
	elf_refused("entry point");
	eh()->entry = head()->entry = PARAMS_VA;
	elf_refused("entry point");
	eh()->entry = head()->entry = TZV_TA_LOAD_VA - 4;
	elf_refused("entry point");
	eh()->entry = head()->entry = ENTRY + 2;
	elf_refused("entry point");
	head()->uuid.time_low ^= 1;
	elf_refused("UUID");
	/* the parameter block inside a writable segment */
	head()->params_va = TZV_TA_LOAD_VA + 0x200; /* in the code */
	elf_refused("parameter block");
	head()->params_va = PARAMS_VA + 4;
	elf_refused("parameter block");
	head()->params_va = PARAMS_VA + 0x2000 - 8; /* straddles the end */
	elf_refused("parameter block");
	head()->params_va = 0x30000000;
	elf_refused("parameter block");
}

/* ---- subkey chains (include/tzvisor/ta_abi.h) ---- */

#define ROOT 0 /* the stand-in built-in key: signature = the hash repeated */

struct link {
	uint8_t uuid[16];
	uint32_t name_size, version, max_depth;
	uint8_t key;	      /* first byte of its modulus: names the key */
	uint32_t modulus_len; /* 256: RSA-2048 */
	const char *name;     /* after it, padded to name_size */
};

static uint8_t chain[0x1000];
static size_t chain_len;

/* "Signs" with key k (ROOT or a subkey's first modulus byte) n bytes of signature. */
static void stand_in_sign(uint8_t *sig, const uint8_t hash[32], uint8_t k, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		sig[i] = hash[i % 32] ^ k;
}

/* Appends a link signed with key `by` to the chain. */
static void add_link(const struct link *l, uint8_t by)
{
	uint8_t body[TZV_SUBKEY_HDR_SIZE + 2 * TZV_SUBKEY_ATTR_SIZE + 512 + 3];
	uint32_t attrs = TZV_SUBKEY_HDR_SIZE + 2 * TZV_SUBKEY_ATTR_SIZE;
	struct tzv_shdr_subkey sk = {
	    {0}, l->name_size, l->version, l->max_depth, TZV_SHDR_ALGO_RSA_PSS_SHA256, 2};
	memcpy(sk.uuid, l->uuid, 16);
	struct tzv_shdr_subkey_attr a[2] = {
	    {TZV_SUBKEY_ATTR_RSA_MODULUS, attrs, l->modulus_len + 1},
	    {TZV_SUBKEY_ATTR_RSA_PUB_EXP, attrs + l->modulus_len + 1, 3}};
	memcpy(body, &sk, sizeof(sk));
	memcpy(body + TZV_SUBKEY_HDR_SIZE, a, sizeof(a));
	/* the modulus with a leading zero byte, as OP-TEE's signer writes it */
	body[attrs] = 0;
	body[attrs + 1] = l->key;
	memset(body + attrs + 2, 0x11, l->modulus_len - 1);
	memcpy(body + attrs + 1 + l->modulus_len, "\x01\x00\x01", 3);
	uint32_t body_len = attrs + l->modulus_len + 1 + 3;
	struct tzv_shdr sh = {
	    TZV_SHDR_MAGIC, TZV_SHDR_SUBKEY, body_len, TZV_SHDR_ALGO_RSA_PSS_SHA256, 32, SIG_SIZE};
	uint8_t *p = chain + chain_len;
	memcpy(p, &sh, sizeof(sh));
	memcpy(p + sizeof(sh) + 32 + SIG_SIZE, body, body_len);
	assert_int_equal(ta_crypto_hash(p, sizeof(sh), body, body_len, p + sizeof(sh)), 0);
	stand_in_sign(p + sizeof(sh) + 32, p + sizeof(sh), by, SIG_SIZE);
	chain_len += sizeof(sh) + 32 + SIG_SIZE + body_len;
	memset(chain + chain_len, 0, l->name_size);
	if (l->name)
		memcpy(chain + chain_len, l->name, strlen(l->name));
	chain_len += l->name_size;
}

/* The file: the chain, then the TA signed with key k as the TA of UUID signed_uuid. */
static void sign_with_chain(uint8_t k, const uint8_t signed_uuid[16])
{
	sign_as(signed_uuid);
	uint8_t *hash = file + sizeof(struct tzv_shdr);
	stand_in_sign(hash + 32, hash, k, SIG_SIZE);
	memmove(file + chain_len, file, file_size);
	memcpy(file, chain, chain_len);
	file_size += chain_len;
}

/* The TA's head says UUID u (octets). */
static void set_head_uuid(const uint8_t u[16])
{
	head()->uuid.time_low =
	    (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
	head()->uuid.time_mid = (uint16_t)(u[4] << 8 | u[5]);
	head()->uuid.time_hi_and_version = (uint16_t)(u[6] << 8 | u[7]);
	memcpy(head()->uuid.clock_seq_and_node, u + 8, 8);
}

static int setup_chain(void **state)
{
	chain_len = 0;
	return setup(state);
}

/* An identity subkey (no name: it signs its own UUID) signed by the built-in key. */
static void test_subkey_identity(void **state)
{
	(void)state;
	struct link s = {{0}, 0, 3, 0, 0x5a, 256, NULL};
	memcpy(s.uuid, uuid, 16);
	add_link(&s, ROOT);
	sign_with_chain(0x5a, uuid);
	assert_int_equal(check(), TEEC_SUCCESS);
	assert_int_equal(img.nsegs, 3);
	assert_int_equal(img.nsubkeys, 1);
	assert_memory_equal(img.subkey[0].uuid, uuid, 16);
	assert_int_equal(img.subkey[0].version, 3);
	/* the TA signed with the built-in key instead of the subkey */
	sign_with_chain(ROOT, uuid);
	refused(TEEC_ERROR_SECURITY, "does not verify with its subkey");
}

/*
 * Two links: the TA's UUID is the name-based UUID of the lower subkey's namespace. The UUID
 * below was computed apart from the code under test (Python's hashlib): the first 16 bytes
 * of SHA-512(7a7a0000-1111-4222-8333-444455556666 | "tzvisor-subkey-test"), version 5,
 * variant 10.
 */
static void test_subkey_namespace(void **state)
{
	(void)state;
	static const uint8_t ns[16] = {0x7a, 0x7a, 0x00, 0x00, 0x11, 0x11, 0x42, 0x22,
				       0x83, 0x33, 0x44, 0x44, 0x55, 0x55, 0x66, 0x66};
	static const uint8_t ta_uuid[16] = {0x70, 0xe5, 0x1f, 0x00, 0xc2, 0xc5, 0x57, 0x86,
					    0x93, 0x5e, 0x14, 0xde, 0x67, 0xa4, 0x5a, 0xf3};
	struct link top = {{0}, 0, 1, 1, 0x61, 256, NULL};
	struct link low = {{0}, 64, 2, 0, 0x62, 256, "tzvisor-subkey-test"};
	/* top: identity under the root, for ns; low: in it (no name), names the TA */
	memcpy(top.uuid, ns, 16);
	memcpy(low.uuid, ns, 16);
	add_link(&top, ROOT);
	add_link(&low, 0x61);
	set_head_uuid(ta_uuid);
	sign_with_chain(0x62, ta_uuid);
	last_log[0] = '\0';
	assert_int_equal(uta_verify_and_load(file, file_size, ta_uuid, &img), TEEC_SUCCESS);
	assert_int_equal(img.nsubkeys, 2);
	assert_int_equal(img.subkey[1].version, 2);
	/* the same chain for a TA whose UUID is not the one of the name: refused */
	build_elf();
	sign_with_chain(0x62, uuid);
	refused(TEEC_ERROR_SECURITY, "outside the namespace of its subkey");
}

/* A subkey whose first link the built-in key did not sign: the attack of a forged chain. */
static void test_subkey_not_from_root(void **state)
{
	(void)state;
	struct link s = {{0}, 0, 0, 0, 0x5a, 256, NULL};
	memcpy(s.uuid, uuid, 16);
	add_link(&s, 0x5a); /* self-signed */
	sign_with_chain(0x5a, uuid);
	refused(TEEC_ERROR_SECURITY, "subkey 0: signature does not verify with the built-in key");
}

/* What an authentic subkey says is held to: depth, namespace of the next link, its key. */
static void test_subkey_refusals(void **state)
{
	(void)state;
	struct link a = {{0}, 0, 0, 0, 0x41, 256, NULL}, b = {{0}, 0, 0, 0, 0x42, 256, NULL};
	memcpy(a.uuid, uuid, 16);
	memcpy(b.uuid, uuid, 16);
	/* below a subkey of max_depth 0 only TAs */
	add_link(&a, ROOT);
	add_link(&b, 0x41);
	sign_with_chain(0x42, uuid);
	refused(TEEC_ERROR_SECURITY, "subkey 1: max_depth 0");
	/* a second link outside the first one's namespace (its own UUID, no name) */
	chain_len = 0;
	a.max_depth = 1;
	b.uuid[15] ^= 1;
	add_link(&a, ROOT);
	add_link(&b, 0x41);
	sign_with_chain(0x42, uuid);
	refused(TEEC_ERROR_SECURITY, "subkey 1: UUID outside the namespace");
	/* a link signed by a key other than the one above it */
	chain_len = 0;
	b.uuid[15] ^= 1;
	add_link(&a, ROOT);
	add_link(&b, 0x77);
	sign_with_chain(0x42, uuid);
	refused(TEEC_ERROR_SECURITY, "subkey 1: signature does not verify with the subkey above");
	/* an RSA-1024 subkey */
	chain_len = 0;
	a.modulus_len = 128;
	add_link(&a, ROOT);
	sign_with_chain(0x41, uuid);
	refused(TEEC_ERROR_SECURITY, "no usable RSA key");
	/* a link changed after signing (its version) */
	chain_len = 0;
	a.modulus_len = 256;
	add_link(&a, ROOT);
	sign_with_chain(0x41, uuid);
	file[sizeof(struct tzv_shdr) + 32 + SIG_SIZE + 20] ^= 1;
	refused(TEEC_ERROR_SECURITY, "SHA-256 does not match its header");
	/* the chain cut inside its first link */
	sign_with_chain(0x41, uuid);
	file_size = 200;
	refused(TEEC_ERROR_SECURITY, "subkey 0: truncated");
}

static void test_out_of_pages(void **state)
{
	(void)state;
	/* room for the code and the data segment, not the stack: nothing stays allocated */
	expect_out_of_pages(check, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_good, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_signed_header_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_header_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_segment_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_layout_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_head_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_out_of_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_subkey_identity, setup_chain, teardown),
	    cmocka_unit_test_setup_teardown(test_subkey_namespace, setup_chain, teardown),
	    cmocka_unit_test_setup_teardown(test_subkey_not_from_root, setup_chain, teardown),
	    cmocka_unit_test_setup_teardown(test_subkey_refusals, setup_chain, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
