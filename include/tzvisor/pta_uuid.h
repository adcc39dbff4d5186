/*
 * Built-in ("pseudo") trusted applications of the tzvisor TEE kernel:
 * UUIDs and command numbers, shared by the TEE kernel and test clients.
 *
 * A UUID travels in OPEN_SESSION as 16 octets in RFC 4122 order (time_low
 * big-endian first, ...), stored in params[0].u.value.a/b as they lie in
 * memory: value.a holds octets 0..7, value.b octets 8..15, so on a
 * little-endian machine octet 0 is the low byte of value.a. This is what
 * libteec's uuid_to_octets + the Linux driver's memcpy produce.
 */
#ifndef TZVISOR_PTA_UUID_H
#define TZVISOR_PTA_UUID_H

#include <stdint.h>

/* hello: 55964c1a-448f-4d82-938c-5504d288a855 (TEEC_UUID initializer) */
#define PTA_HELLO_UUID                                                                 \
	{                                                                              \
		0x55964c1a, 0x448f, 0x4d82, { 0x93, 0x8c, 0x55, 0x04, 0xd2, 0x88, 0xa8, 0x55 } \
	}
#define PTA_HELLO_UUID_OCTETS                                                          \
	{                                                                              \
		0x55, 0x96, 0x4c, 0x1a, 0x44, 0x8f, 0x4d, 0x82,                        \
		0x93, 0x8c, 0x55, 0x04, 0xd2, 0x88, 0xa8, 0x55                         \
	}

/* params[0] VALUE_OUTPUT/INOUT: session counter += 1, new value in .a */
#define PTA_HELLO_CMD_INC        0
/* params[0] VALUE_OUTPUT/INOUT: session counter in .a */
#define PTA_HELLO_CMD_GET        1
/* params[0] VALUE_OUTPUT/INOUT: instance-wide counter += 1, new value in .a */
#define PTA_HELLO_CMD_INC_GLOBAL 2
/* Test hooks (built with CONFIG_TEST_HOOKS only): */
/* params[0] VALUE_INPUT .a = address: read 64 bits there (may kill the instance);
 * if params[1] is VALUE_OUTPUT/INOUT the word read is returned in its .a (low 32) and .b (high 32) */
#define PTA_HELLO_CMD_TOUCH      0x7e01
/* no params: the instance panics (TZV_PANIC_TEST) */
#define PTA_HELLO_CMD_PANIC      0x7e02
/* test hook: params[0] VALUE_INPUT .a = a live user TA's time_low (first 4 UUID octets,
 * big-endian); params[1] VALUE_OUTPUT .a/.b = low/high half of the physical address of its
 * first writable segment (0 if none) */
#define PTA_HELLO_CMD_UTA_PA     0x7e03

/* echo: 04aa590d-1075-45e1-b888-d4223fdd1ce2 */
#define PTA_ECHO_UUID                                                                  \
	{                                                                              \
		0x04aa590d, 0x1075, 0x45e1, { 0xb8, 0x88, 0xd4, 0x22, 0x3f, 0xdd, 0x1c, 0xe2 } \
	}
#define PTA_ECHO_UUID_OCTETS                                                           \
	{                                                                              \
		0x04, 0xaa, 0x59, 0x0d, 0x10, 0x75, 0x45, 0xe1,                        \
		0xb8, 0x88, 0xd4, 0x22, 0x3f, 0xdd, 0x1c, 0xe2                         \
	}

/* params[0] MEMREF_INPUT/INOUT, params[1] MEMREF_OUTPUT/INOUT: copy 0 -> 1.
 * TEEC_ERROR_SHORT_BUFFER with params[1] size = required size if too small. */
#define PTA_ECHO_CMD_COPY     0
/* params[1] MEMREF_INPUT/INOUT, params[0] VALUE_OUTPUT/INOUT: .a = FNV-1a 32-bit
 * hash of the buffer, .b = its length (low 32 bits) */
#define PTA_ECHO_CMD_CHECKSUM 1
/* any params, ignored: returns TEEC_SUCCESS at once */
#define PTA_ECHO_CMD_NULL     2
/*
 * Long-running on purpose, so tests can see normal-world interrupts suspend
 * a call (OPTEE_SMC_RETURN_RPC_FOREIGN_INTR) and the call resume.
 * params[0] VALUE_INPUT/INOUT: .a = iterations (at most PTA_ECHO_SPIN_MAX),
 * .b = seed; params[1] NONE or VALUE_OUTPUT/INOUT: .a/.b = low/high 32 bits
 * of pta_lcg_jump(seed, iterations), .c = iterations run.
 */
#define PTA_ECHO_CMD_SPIN     3
#define PTA_ECHO_SPIN_MAX     0x40000000ull

/* attest: 4475cf92-f96a-4051-9bf6-d591bb8de6d1 (docs/attestation.md) */
#define PTA_ATTEST_UUID                                                                \
	{                                                                              \
		0x4475cf92, 0xf96a, 0x4051, { 0x9b, 0xf6, 0xd5, 0x91, 0xbb, 0x8d, 0xe6, 0xd1 } \
	}
#define PTA_ATTEST_UUID_OCTETS                                                         \
	{                                                                              \
		0x44, 0x75, 0xcf, 0x92, 0xf9, 0x6a, 0x40, 0x51,                        \
		0x9b, 0xf6, 0xd5, 0x91, 0xbb, 0x8d, 0xe6, 0xd1                         \
	}
/*
 * params[0] MEMREF_INPUT: the nonce (32, 48 or 64 bytes); params[1]
 * MEMREF_OUTPUT: the token (a COSE_Sign1 EAT). Too small an output buffer:
 * TEEC_ERROR_SHORT_BUFFER with params[1] size = the size needed.
 */
#define PTA_ATTEST_CMD_GET_TOKEN 0
/*
 * Test hooks (CONFIG_TEST_HOOKS), attacks a compromised TEE kernel could try:
 * params[0] VALUE_INPUT .a = VM id: call the monitor's attestation entry
 * (TZV_TVISOR_ATTEST_TOKEN) directly for that VM; params[1] VALUE_OUTPUT .a =
 * x0 the TEE kernel got back.
 */
#define PTA_ATTEST_CMD_FORGE_VM  0x7e01
/* params[0] VALUE_OUTPUT .a = x0 of TZV_TEE_ATTEST_TOKEN with the output buffer in the VM's RAM */
#define PTA_ATTEST_CMD_OUT_NW    0x7e02

/*
 * OP-TEE's attestation PTA (tee/pta_optee_attest.c; OP-TEE 4.1.0's
 * pta_attestation.h): 39800861-182a-4720-9b67-2bcd622bc0b5
 */
#define PTA_OPTEE_ATTEST_UUID                                                                      \
	{                                                                                          \
		0x39800861, 0x182a, 0x4720,                                                        \
		{                                                                                  \
			0x9b, 0x67, 0x2b, 0xcd, 0x62, 0x2b, 0xc0, 0xb5                             \
		}                                                                                  \
	}
#define PTA_OPTEE_ATTEST_UUID_OCTETS                                                               \
	{                                                                                          \
		0x39, 0x80, 0x08, 0x61, 0x18, 0x2a, 0x47, 0x20, 0x9b, 0x67, 0x2b, 0xcd, 0x62,      \
		    0x2b, 0xc0, 0xb5                                                               \
	}
/* The signing key's size: each signed answer is 32 + PTA_OPTEE_ATTEST_KEY_BITS / 8 bytes. */
#define PTA_OPTEE_ATTEST_KEY_BITS 2048
/*
 * params[0] MEMREF_OUTPUT: the public exponent, big-endian; params[1]
 * MEMREF_OUTPUT: the modulus, big-endian; params[2] VALUE_OUTPUT .a =
 * TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256 (0x70414930). Either buffer too small:
 * TEEC_ERROR_SHORT_BUFFER with both sizes set to the sizes needed.
 */
#define PTA_OPTEE_ATTEST_CMD_GET_PUBKEY 0
/*
 * params[0] MEMREF_INPUT: a TA's TEE_UUID (16 bytes, native-endian fields);
 * params[1] MEMREF_INPUT: the nonce (any non-empty size); params[2]
 * MEMREF_OUTPUT: the digest in the TA file's signed header (32 bytes), then
 * the RSASSA-PSS signature (SHA-256, MGF1-SHA-256, salt 32) over
 * SHA-256(nonce | digest). The commands below answer in the same form;
 * too small an output: TEEC_ERROR_SHORT_BUFFER with the size needed.
 */
#define PTA_OPTEE_ATTEST_CMD_GET_TA_SHDR_DIGEST 1
/* params[0] nonce, params[1] output: the calling TA's code and read-only data (TAs only) */
#define PTA_OPTEE_ATTEST_CMD_HASH_TA_MEMORY 2
/* params[0] nonce, params[1] output: the TEE kernel's code and read-only data */
#define PTA_OPTEE_ATTEST_CMD_HASH_TEE_MEMORY 3

/* FNV-1a 32-bit, as used by PTA_ECHO_CMD_CHECKSUM (clients can share it). */
static inline uint32_t pta_fnv1a32(const void *buf, uint64_t len, uint32_t h)
{
	const uint8_t *p = buf;
	for (uint64_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}
#define PTA_FNV1A32_INIT 2166136261u

/* The 64-bit LCG PTA_ECHO_CMD_SPIN steps (Knuth's MMIX constants). */
#define PTA_LCG_MUL 6364136223846793005ull
#define PTA_LCG_INC 1442695040888963407ull
static inline uint64_t pta_lcg_step(uint64_t x)
{
	return x * PTA_LCG_MUL + PTA_LCG_INC;
}

/* The LCG state after n steps from x, in O(log n) (what a client checks SPIN against). */
static inline uint64_t pta_lcg_jump(uint64_t x, uint64_t n)
{
	uint64_t acc_mul = 1, acc_inc = 0, mul = PTA_LCG_MUL, inc = PTA_LCG_INC;
	while (n) {
		if (n & 1) {
			acc_mul *= mul;
			acc_inc = acc_inc * mul + inc;
		}
		inc = (mul + 1) * inc;
		mul *= mul;
		n >>= 1;
	}
	return acc_mul * x + acc_inc;
}

/*
 * value.a/.b of params[0] for OPEN_SESSION from 16 UUID octets, for clients
 * that build optee_msg_arg by hand (what a little-endian load gives).
 */
static inline uint64_t pta_octets_to_u64(const uint8_t *o)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | o[i];
	return v;
}

/*
 * OP-TEE's "invoke tests" PTA (tee/pta_invoke_tests.c): UUID and command ids of
 * OP-TEE's pta_invoke_tests.h, d96a5b40-c3e5-21e3-8794-1002a5d5c61b.
 */
#define PTA_INVOKE_TESTS_UUID_OCTETS                                                   \
	{                                                                              \
		0xd9, 0x6a, 0x5b, 0x40, 0xc3, 0xe5, 0x21, 0xe3,                        \
		0x87, 0x94, 0x10, 0x02, 0xa5, 0xd5, 0xc6, 0x1b                         \
	}
#define PTA_INVOKE_TESTS_CMD_TRACE            0
#define PTA_INVOKE_TESTS_CMD_PARAMS           1
#define PTA_INVOKE_TESTS_CMD_SELF_TESTS       2
#define PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC 3
#define PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC  4
#define PTA_INVOKE_TESTS_CMD_COPY_SEC_TO_NSEC 5
#define PTA_INVOKE_TESTS_CMD_FS_HTREE         6
#define PTA_INVOKE_TESTS_CMD_MUTEX            7
#define PTA_INVOKE_TESTS_CMD_LOCKDEP          8
#define PTA_INVOKE_TESTS_CMD_AES_PERF         9
#define PTA_INVOKE_TESTS_CMD_MEMREF_NULL      10
#define PTA_INVOKE_TESTS_CMD_DT_DRIVER_TESTS  11

/*
 * OP-TEE's device-enumeration PTA (tee/pta_device.c): UUID and command ids of
 * OP-TEE's pta_device.h, 7011a688-ddde-4053-a5a9-7b3c4ddf13b8. Each command takes
 * one MEMREF_OUTPUT and fills it with the 16-octet (RFC 4122 order) UUIDs of the
 * TEE bus devices of its list; too small (or NULL with size 0): SHORT_BUFFER and
 * the size needed.
 */
#define PTA_DEVICE_UUID_OCTETS                                                         \
	{                                                                              \
		0x70, 0x11, 0xa6, 0x88, 0xdd, 0xde, 0x40, 0x53,                        \
		0xa5, 0xa9, 0x7b, 0x3c, 0x4d, 0xdf, 0x13, 0xb8                         \
	}
#define PTA_DEVICE_CMD_GET_DEVICES      0 /* needed before tee-supplicant runs */
#define PTA_DEVICE_CMD_GET_DEVICES_SUPP 1 /* that need tee-supplicant */

/*
 * OP-TEE's RNG PTA (tee/pta_rng.c): UUID and command ids of OP-TEE's pta_rng.h,
 * ab7a617c-b8e7-4d8f-8301-d09b61036b64, the TEE bus device Linux's optee-rng binds.
 */
#define PTA_RNG_UUID_OCTETS                                                            \
	{                                                                              \
		0xab, 0x7a, 0x61, 0x7c, 0xb8, 0xe7, 0x4d, 0x8f,                        \
		0x83, 0x01, 0xd0, 0x9b, 0x61, 0x03, 0x6b, 0x64                         \
	}
/* params[0] MEMREF_INOUT: filled with random bytes, all of its size */
#define PTA_RNG_CMD_GET_ENTROPY  0
/* params[0] VALUE_OUTPUT: .a = rate in bytes per second (0: none to wait for),
 * .b = entropy per 1024 bits of output */
#define PTA_RNG_CMD_GET_RNG_INFO 1

#endif
