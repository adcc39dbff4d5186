/*
 * Writes the seed corpora (tests/fuzz/corpus/<harness>/) that start each
 * harness at the deep end: scripts in each harness's own input format that
 * open sessions, register shared memory and use objects, a TA laid out as the
 * dev kit lays one out, and an attestation token built as the monitor builds
 * it (its encoder, monitor/cbor.c) and signed with the harness's fixed key.
 * Run by tests/fuzz/make_seeds.sh; the output is committed.
 */
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <abi/elf64.h>
#include <tzvisor/attest.h>
#include <tzvisor/ta_abi.h>
#include "../../monitor/cbor.h"
#include "../../tools/attest/key.h"

static uint8_t out[65536];
static size_t len;

static void e_bytes(const void *p, size_t n)
{
	memcpy(out + len, p, n);
	len += n;
}
static void e_u8(uint8_t v)
{
	e_bytes(&v, 1);
}
static void e_u16(uint16_t v)
{
	e_bytes(&v, 2);
}
static void e_u32(uint32_t v)
{
	e_bytes(&v, 4);
}
static void e_u64(uint64_t v)
{
	e_bytes(&v, 8);
}
/* fin_small: the selector byte below 0xe0, then 16 bits */
static void e_small(uint16_t v)
{
	e_u8(0);
	e_u16(v);
}

static void write_seed(const char *dir, const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "tests/fuzz/corpus/%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(out, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
	len = 0;
}

/* ---- msg (tests/fuzz/fuzz_msg.c's script) ---- */
enum {
	P_NONE,
	P_VIN,
	P_VOUT,
	P_VINOUT,
	P_RIN,
	P_ROUT,
	P_RINOUT,
	P_TIN,
	P_TOUT,
	P_TINOUT,
	P_NCIN,
	P_NCOUT,
	P_NCINOUT
};

/* op_message header: offset in RAM, n params, command, func, session */
static void msg_head(uint32_t off, uint8_t n, uint8_t cmd, uint8_t func, uint8_t session)
{
	e_u8(1); /* op: message */
	e_u32(off);
	e_u8(n);
	e_u8(cmd);
	e_u8(0);
	e_u8(func);
	e_u8(0);
	e_u8(session);
	e_u8(0); /* cancel id */
}
static void msg_open_params(uint8_t uuid_index)
{
	e_u8(P_VIN); /* replaced by the harness: meta value */
	e_u8(uuid_index);
	e_u8(P_VIN);
	e_u8(0); /* login public */
}
static void msg_tmem(uint8_t attr, uint32_t off, uint16_t size)
{
	e_u8(attr);
	e_u8(0x20); /* not null */
	e_u8(0);    /* an address in RAM */
	e_u32(off);
	e_small(size);
	e_u8(0);
}
static void msg_call(uint8_t kind, uint8_t cookie)
{
	e_u8(0); /* num_params as laid out */
	e_u8(kind);
	if (kind == 3) {
		e_u8(cookie);
		e_small(0);
	}
	e_u64(0);
}

static void seeds_msg(void)
{
	/* open echo, COPY 64 bytes, CHECKSUM, close */
	msg_head(0x1000, 2, 0, 0, 0);
	msg_open_params(1);
	msg_call(0, 0);
	e_u8(0); /* poke input bytes */
	e_u32(0x3000);
	e_u8(16);
	e_bytes("0123456789abcdef", 16);
	msg_head(0x1000, 2, 1, 0, 1);
	msg_tmem(P_TIN, 0x3000, 64);
	msg_tmem(P_TOUT, 0x4000, 64);
	msg_call(0, 0);
	msg_head(0x1000, 2, 1, 1, 1);
	msg_tmem(P_TIN, 0x3000, 100);
	e_u8(P_VOUT);
	e_small(0);
	e_small(0);
	e_small(0);
	msg_call(2, 0);
	msg_head(0x1000, 0, 2, 0, 1);
	msg_call(0, 0);
	write_seed("msg", "open-invoke-close");

	/* a page list (pages 6, 7) registered as shm 3, then a call through it (REGD_ARG) */
	e_u8(3);
	e_u8(5);
	e_u8(2);
	e_u8(0);
	e_u8(6);
	e_u8(0);
	e_u8(7);
	e_u8(0);
	msg_head(0x1000, 1, 4, 0, 0);
	e_u8(P_NCIN);
	e_u8(0x20);
	e_u8(0x80); /* page-aligned address: page 5 */
	e_u8(5);
	e_u8(0);
	e_small(8192);
	e_u8(3);
	msg_call(0, 0);
	msg_head(0x6000, 2, 0, 0, 0);
	msg_open_params(0);
	msg_call(3, 3);
	write_seed("msg", "register-shm-regd-call");

	/* the fast calls */
	for (uint8_t i = 0; i < 19; i++) {
		e_u8(4);
		e_u8(i);
		for (int r = 1; r < 8; r++) {
			e_u8(0x80);
			e_u64(0);
		}
	}
	write_seed("msg", "fast-calls");
}

/* ---- ta_check (tests/fuzz/fuzz_ta_check.c: mode, uuid, ELF or file) ---- */
static const uint8_t ta_uuid[16] = {0x5a, 0x7e, 0x0c, 0x3d, 0x2b, 0x1f, 0x4c, 0x8e,
				    0x9d, 0x6a, 0x7f, 0x3e, 0x1b, 0x2c, 0x4d, 0x5e};

static size_t make_elf(uint8_t *elf)
{
	/* code, a guard page, the stack, the data (with the parameter block) at the stack's top */
	const uint64_t load = TZV_TA_LOAD_VA, params = TZV_TA_LOAD_VA + 0x3000;
	struct elf64_ehdr *eh = (struct elf64_ehdr *)elf;
	struct elf64_phdr *ph = (struct elf64_phdr *)(elf + 64);
	memset(elf, 0, 0x2100);
	memcpy(eh->ident, "\177ELF\2\1\1", 7);
	eh->type = 2;
	eh->machine = ELF_EM_AARCH64;
	eh->version = 1;
	eh->entry = load + 0x100;
	eh->phoff = 64;
	eh->ehsize = 64;
	eh->phentsize = 56;
	eh->phnum = 3;
	ph[0] =
	    (struct elf64_phdr){1, ELF_PF_R | ELF_PF_X, 0x1000, load, load, 0x1000, 0x1000, 0x1000};
	ph[1] = (struct elf64_phdr){
	    1, ELF_PF_R | ELF_PF_W, 0x2000, load + 0x2000, load + 0x2000, 0, 0x1000, 0x1000};
	ph[2] = (struct elf64_phdr){
	    1, ELF_PF_R | ELF_PF_W, 0x2000, params, params, 0x100, 0x2000, 0x1000};
	struct tzv_ta_head *h = (struct tzv_ta_head *)(elf + 0x1000);
	h->uuid.time_low = 0x5a7e0c3d;
	h->uuid.time_mid = 0x2b1f;
	h->uuid.time_hi_and_version = 0x4c8e;
	memcpy(h->uuid.clock_seq_and_node, ta_uuid + 8, 8);
	h->stack_size = 0x1000;
	h->flags = TZV_TA_FLAG_SINGLE_INSTANCE;
	h->entry = load + 0x100;
	h->magic = TZV_TA_HEAD_MAGIC;
	h->abi_version = TZV_TA_ABI_VERSION;
	h->params_va = params;
	memset(elf + 0x1100, 0xc3, 0x40);
	memset(elf + 0x2000, 0xd4, 0x100);
	return 0x2100;
}

static void seeds_ta_check(void)
{
	static uint8_t elf[0x2100];
	size_t n = make_elf(elf);
	e_u8(0);
	e_bytes(ta_uuid, 16);
	e_bytes(elf, n);
	write_seed("ta_check", "elf-pkcs1");
	e_u8(2);
	e_bytes(ta_uuid, 16);
	e_bytes(elf, n);
	write_seed("ta_check", "elf-pss");

	/* the whole signed file as the harness would sign it (mode 1: header checks) */
	struct tzv_shdr sh = {TZV_SHDR_MAGIC,
			      TZV_SHDR_BOOTSTRAP_TA,
			      (uint32_t)n,
			      TZV_SHDR_ALGO_RSA_PSS_SHA256,
			      32,
			      256};
	struct tzv_shdr_bootstrap_ta bs = {{0}, 0};
	memcpy(bs.uuid, ta_uuid, 16);
	uint8_t hash[32];
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned hl;
	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	EVP_DigestUpdate(c, &sh, sizeof(sh));
	EVP_DigestUpdate(c, &bs, sizeof(bs));
	EVP_DigestUpdate(c, elf, n);
	EVP_DigestFinal_ex(c, hash, &hl);
	EVP_MD_CTX_free(c);
	e_u8(1);
	e_bytes(ta_uuid, 16);
	e_bytes(&sh, sizeof(sh));
	e_bytes(hash, 32);
	for (int i = 0; i < 8; i++)
		e_bytes(hash, 32);
	e_bytes(&bs, sizeof(bs));
	e_bytes(elf, n);
	write_seed("ta_check", "signed-file");
}

/* ---- storage (tests/fuzz/fuzz_storage.c's script) ---- */
static void st_create_sized(uint8_t id, uint16_t data)
{
	e_u8(1);
	e_u8(0);       /* storage id 1 */
	e_u8(0);       /* flags 0x7 */
	e_u8(id);      /* id 'a' + id */
	e_u8(0);       /* id pointer good */
	e_small(data); /* data */
	e_u8(1);      /* fill */
	e_bytes("some object data, sixty-four bytes long, written by the seed..", 64);
	e_u8(0); /* data pointer good */
	e_u8(0); /* no meta (a TA names none: the attributes come from a key object) */
	e_u8(0); /* no meta pointer */
	e_u8(0); /* type */
	e_u8(0);
	e_u8(0);
	e_u32(0);
	e_u8(1); /* want a handle */
	e_u8(0); /* a data object (no key object) */
	e_u8(0); /* argument pointer good */
}
static void st_create(uint8_t id)
{
	st_create_sized(id, 100);
}
static void st_open(uint8_t id)
{
	e_u8(0);
	e_u8(0);
	e_u8(0);
	e_u8(id);
	e_u8(0);
	e_u8(0);
}

static void seeds_storage(void)
{
	e_u8(0); /* counter 0 */
	e_u8(0); /* an honest supplicant */
	st_create(0);
	e_u8(4); /* WRITE handle 1, 50 bytes */
	e_u8(1);
	e_small(50);
	e_u8(0);
	e_u8(0);
	e_u8(6); /* SEEK 0 */
	e_u8(1);
	e_u8(0);
	e_u16(0);
	e_u8(0);
	e_u8(3); /* READ 100 */
	e_u8(1);
	e_small(100);
	e_u8(0);
	e_u8(0);
	e_u8(0);
	e_u8(2); /* CLOSE */
	e_u8(1);
	e_u64(0);
	e_u8(11); /* ENUM_ALLOC, START, NEXT */
	e_u8(0);
	e_u8(14);
	e_u8(1);
	e_u8(0);
	e_u8(15);
	e_u8(1);
	e_u8(0);
	e_u8(0);
	e_u8(0);
	e_u8(0xe8); /* restart */
	st_open(0);
	write_seed("storage", "create-write-read-enum-restart-open");

	e_u8(0);
	e_u8(0);
	st_create(1);
	e_u8(2);
	e_u8(1);
	e_u64(0);
	e_u8(0xc0); /* tamper: keep a copy of file 0 (the object) */
	e_u8(0);
	e_u8(3);
	e_u8(0);
	st_open(1); /* change it */
	e_u8(4);
	e_u8(1);
	e_small(10);
	e_u8(0);
	e_u8(0);
	e_u8(2);
	e_u8(1);
	e_u64(0);
	e_u8(0xc0); /* put the old copy back */
	e_u8(0);
	e_u8(4);
	e_u8(0);
	st_open(1);
	e_u8(0xe8);
	st_open(1);
	write_seed("storage", "rollback");

	/* an object larger than the first shared buffer: created, then loaded after a restart */
	e_u8(0);
	e_u8(0);
	st_create_sized(2, 0x5000);
	e_u8(2); /* CLOSE */
	e_u8(1);
	e_u64(0);
	e_u8(0xe8); /* restart */
	st_open(2);
	e_u8(3); /* READ 0x5000 */
	e_u8(1);
	e_small(0x5000);
	e_u8(0);
	e_u8(0);
	e_u8(0);
	write_seed("storage", "large-object-restart-open");
}

/* ---- attest (tests/fuzz/fuzz_attest.c's key, nonce and references) ---- */
static void seeds_attest(void)
{
	static const uint8_t secret[32] = "tzvisor fuzzing device secret..";
	static const char *names[] = {"monitor", "config", "tvisor", "tee", "vm1-kernel"};
	EVP_PKEY *key = attest_key_from_secret(secret);
	uint8_t nonce[32], point[65], ueid[33], impl[32], zero[32] = {0};
	static uint8_t payload[2048], tbs[4096];
	for (int i = 0; i < 32; i++)
		nonce[i] = (uint8_t)(0xa0 + i);
	attest_key_public_point(key, point);
	ueid[0] = UEID_TYPE_RAND;
	SHA256(point, sizeof(point), ueid + 1);
	SHA256((const uint8_t *)TZV_IMPLEMENTATION_NAME, strlen(TZV_IMPLEMENTATION_NAME), impl);

	struct cbor_out c;
	cbor_init(&c, payload, sizeof(payload));
	cbor_head(&c, CBOR_MAJOR_MAP, 7);
	cbor_int(&c, EAT_NONCE);
	cbor_bytes(&c, nonce, 32);
	cbor_int(&c, EAT_UEID);
	cbor_bytes(&c, ueid, sizeof(ueid));
	cbor_int(&c, EAT_PROFILE);
	cbor_text(&c, PSA_PROFILE_TFM);
	cbor_int(&c, PSA_CLIENT_ID);
	cbor_int(&c, -1);
	cbor_int(&c, PSA_SECURITY_LIFECYCLE);
	cbor_int(&c, PSA_LIFECYCLE_SECURED);
	cbor_int(&c, PSA_IMPLEMENTATION_ID);
	cbor_bytes(&c, impl, sizeof(impl));
	cbor_int(&c, PSA_SW_COMPONENTS);
	cbor_head(&c, CBOR_MAJOR_ARRAY, 5);
	for (int i = 0; i < 5; i++) {
		uint8_t v[32];
		memset(v, i + 1, 32);
		cbor_head(&c, CBOR_MAJOR_MAP, 4);
		cbor_int(&c, PSA_SW_MEASUREMENT_TYPE);
		cbor_text(&c, names[i]);
		cbor_int(&c, PSA_SW_MEASUREMENT_VALUE);
		cbor_bytes(&c, v, 32);
		cbor_int(&c, PSA_SW_SIGNER_ID);
		cbor_bytes(&c, zero, 32);
		cbor_int(&c, PSA_SW_MEASUREMENT_DESC);
		cbor_text(&c, "sha-256");
	}
	size_t payload_len = c.len;
	static const uint8_t prot[] = {0xa1, 0x01, 0x26};
	cbor_init(&c, tbs, sizeof(tbs));
	cbor_head(&c, CBOR_MAJOR_ARRAY, 4);
	cbor_text(&c, "Signature1");
	cbor_bytes(&c, prot, sizeof(prot));
	cbor_bytes(&c, NULL, 0);
	cbor_bytes(&c, payload, payload_len);
	uint8_t der[80], sig[64];
	size_t der_len = sizeof(der);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(md, der, &der_len, tbs, c.len) != 1) {
		fprintf(stderr, "seeds: signing failed\n");
		exit(1);
	}
	EVP_MD_CTX_free(md);
	const uint8_t *p = der;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	BN_bn2binpad(ECDSA_SIG_get0_r(es), sig, 32);
	BN_bn2binpad(ECDSA_SIG_get0_s(es), sig + 32, 32);
	ECDSA_SIG_free(es);
	EVP_PKEY_free(key);

	cbor_init(&c, out, sizeof(out));
	cbor_head(&c, CBOR_MAJOR_TAG, COSE_TAG_SIGN1);
	cbor_head(&c, CBOR_MAJOR_ARRAY, 4);
	cbor_bytes(&c, prot, sizeof(prot));
	cbor_head(&c, CBOR_MAJOR_MAP, 0);
	cbor_bytes(&c, payload, payload_len);
	cbor_bytes(&c, sig, sizeof(sig));
	len = c.len;
	write_seed("attest", "token-vm1");
}

/* ---- pagelist (tests/fuzz/fuzz_pagelist.c) ---- */
static void seeds_pagelist(void)
{
	/* RAM at 0x40000000; its first 64 bytes (half of the rest) a list of pages 2, 3, 4 */
	uint8_t ram[64] = {0};
	for (uint64_t i = 0; i < 3; i++) {
		uint64_t pa = 0x40000000ull + (2 + i) * 4096;
		memcpy(ram + i * 8, &pa, 8);
	}
	e_u8(0);
	e_bytes(ram, sizeof(ram));
	for (int i = 0; i < 63; i++)
		e_u8(0);
	write_seed("pagelist", "three-pages");
}

/* ---- optee_attest (tests/fuzz/fuzz_optee_attest.c's script) ---- */
#define OA_ANSWER 0x00 /* a memref of 32 + 256 bytes */
#define OA_16 0x40     /* a memref of 16 bytes */

static void oa_head(uint8_t cmd, uint8_t delivered, uint8_t caller, uint8_t nsegs)
{
	e_u8(cmd);
	e_u8(delivered ? 0 : 0xff);
	e_u8(caller);
	e_u8(nsegs);
	for (uint8_t i = 0; i < nsegs; i++) {
		e_u8(i);	       /* 1 + i pages */
		e_u8(i == nsegs - 1); /* the last one writable */
		e_u8((uint8_t)(0x30 + i));
	}
}

static void oa_memref(uint8_t type, uint8_t how, size_t n, uint8_t fill)
{
	e_u8(type);
	e_u8(how);
	for (size_t i = 0; i < n; i++)
		e_u8((uint8_t)(fill + i));
}

static void oa_none(void)
{
	e_u8(0);
	e_u32(0);
	e_u32(0);
}

static void seeds_optee_attest(void)
{
	/* GET_PUBKEY: e and n into two outputs, the algorithm into a value */
	oa_head(0, 0, 0, 0);
	oa_memref(6, OA_ANSWER, 288, 0);
	oa_memref(6, OA_ANSWER, 288, 0);
	e_u8(2);
	e_u32(0);
	e_u32(0);
	oa_none();
	write_seed("optee_attest", "get-pubkey");
	/* GET_TA_SHDR_DIGEST: UUID, nonce, answer; tee-supplicant delivers a file that passes */
	oa_head(1, 1, 0, 0);
	oa_memref(5, OA_16, 16, 0x10);
	oa_memref(5, OA_16 + 2, 16, 0x80);
	oa_memref(6, OA_ANSWER, 288, 0);
	oa_none();
	e_small(64);
	for (int i = 0; i < 64; i++)
		e_u8((uint8_t)(2 * i + 1));
	write_seed("optee_attest", "shdr-digest");
	/* HASH_TA_MEMORY from a TA of three segments (code, rodata, data) */
	oa_head(2, 0, 1, 3);
	oa_memref(5, OA_16, 16, 0x20);
	oa_memref(7, OA_ANSWER, 288, 0);
	oa_none();
	oa_none();
	write_seed("optee_attest", "hash-ta-memory");
	/* HASH_TEE_MEMORY with an answer buffer one byte short */
	oa_head(3, 0, 0, 0);
	oa_memref(7, OA_16, 16, 0x40);
	oa_memref(6, 0x60, 0, 0);
	e_small(287);
	for (int i = 0; i < 287; i++)
		e_u8(0);
	oa_none();
	oa_none();
	write_seed("optee_attest", "hash-tee-memory-short");
}

/* ---- socket (tests/fuzz/fuzz_socket.c's script) ---- */

/* tee-supplicant's answer: its result, the memref's size (0: as asked), handle, sent, fill */
static void so_answer(uint32_t ret, uint16_t size, uint32_t handle, uint16_t sent, uint8_t fill)
{
	if (ret) {
		e_u8(0xf0);
		e_u32(ret);
	} else {
		e_u8(0);
	}
	if (size) {
		e_u8(0x80);
		e_small(size);
	} else {
		e_u8(0);
	}
	e_u32(handle);
	e_u8(0);
	e_small(sent);
	e_u8(fill);
	e_u8(0); /* shared memory and argument to spare */
}

static void so_open(uint8_t ta, uint8_t proto, uint32_t handle)
{
	e_u8((uint8_t)(ta << 7 | TZV_SOCK_OPEN));
	e_u8(0); /* the buffer's offset */
	so_answer(0, 0, handle, 0, 0);
	e_u8(proto == 0x65); /* TCP when odd */
	e_u8(0);
	e_u8(1); /* IPv4 */
	e_u16(7);
	e_small(12);
	e_bytes("tee.example", 12);
	e_u8(0);
	e_u8(0); /* good pointers */
	e_u8(0);
}

/* SEND, RECV or IOCTL (cmd 0x65000001) of len bytes with the harness's index-th handle */
static void so_data(uint8_t ta, uint8_t op, uint8_t index, uint32_t len, uint32_t ret,
		    uint16_t size, uint16_t sent)
{
	e_u8((uint8_t)(ta << 7 | op));
	e_u8(0);
	so_answer(ret, size, 0, sent, 0x42);
	e_u8(index);
	if (len > 0xffff) {
		e_u8(0xf0);
		e_u32(len);
	} else {
		e_u8(0);
		e_small((uint16_t)len);
	}
	if (op == TZV_SOCK_IOCTL)
		e_u32(0x65000001);
	e_u8(0);
	e_u8(0);
	if (op != TZV_SOCK_IOCTL)
		e_u32(100); /* timeout */
}

static void seeds_socket(void)
{
	so_open(0, 0x65, 0x1234);
	so_data(0, TZV_SOCK_SEND, 0, 10, 0, 0, 10);
	so_data(0, TZV_SOCK_RECV, 0, 16, 0, 8, 0);
	so_data(0, TZV_SOCK_IOCTL, 0, 4, 0, 0, 0);
	so_data(0, TZV_SOCK_CLOSE, 0, 0, 0, 0, 0);
	write_seed("socket", "tcp-open-send-recv-ioctl-close");
	so_open(0, 0x66, 9);
	so_data(0, TZV_SOCK_RECV, 0, 16, 0, 100, 0);
	so_data(0, TZV_SOCK_RECV, 0, 16, 0xf1007005u, 0, 0); /* a timeout */
	write_seed("socket", "udp-long-datagram-timeout");
	so_open(0, 0x65, 1);
	so_open(1, 0x65, 1);
	so_data(1, TZV_SOCK_RECV, 0, 16, 0, 8, 0);	      /* the other TA's handle */
	e_u8(0x70);					      /* TA 0 ends */
	so_data(1, TZV_SOCK_SEND, 1, 70 * 1024, 0, 0, 65535); /* past the data limit */
	write_seed("socket", "two-tas-release");
}

int main(void)
{
	seeds_msg();
	seeds_ta_check();
	seeds_storage();
	seeds_attest();
	seeds_pagelist();
	seeds_optee_attest();
	seeds_socket();
	return 0;
}
