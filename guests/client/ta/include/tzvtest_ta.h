/* The client's test TA (guests/client/tests_ta.c): UUID and commands. */
#ifndef TA_TZVTEST_H
#define TA_TZVTEST_H

/* 5a7e0c3d-2b1f-4c8e-9d6a-7f3e1b2c4d5e */
#define TA_TZVTEST_UUID \
	{ 0x5a7e0c3d, 0x2b1f, 0x4c8e, { 0x9d, 0x6a, 0x7f, 0x3e, 0x1b, 0x2c, 0x4d, 0x5e } }
#define TA_TZVTEST_UUID_OCTETS \
	{ 0x5a, 0x7e, 0x0c, 0x3d, 0x2b, 0x1f, 0x4c, 0x8e, 0x9d, 0x6a, 0x7f, 0x3e, 0x1b, 0x2c, 0x4d, 0x5e }

#define TZVTEST_CMD_INC        0 /* p0 VALUE_OUTPUT: .a = ++session counter */
#define TZVTEST_CMD_INST_INC   1 /* p0 VALUE_OUTPUT: .a = ++instance counter */
#define TZVTEST_CMD_READ       2 /* p0 VALUE_INPUT address .a low/.b high; p1 VALUE_OUTPUT the 64 bits */
#define TZVTEST_CMD_WRITE_CODE 3 /* writes its own code: dies */
#define TZVTEST_CMD_PANIC      4 /* TEE_Panic(0x7e57) */
#define TZVTEST_CMD_BAD_SVC    5 /* syscall 99: dies */
#define TZVTEST_CMD_MEMREF     6 /* p0 MEMREF_INOUT: each byte + 1; p1 VALUE_OUTPUT .a = sum of the input, .b = its VA */
#define TZVTEST_CMD_EXEC_DATA  7 /* jumps into its data: dies */
#define TZVTEST_CMD_BAD_LOG    8 /* LOG syscall with a pointer into kernel memory: dies */
#define TZVTEST_CMD_SERVICES   9 /* p0 VALUE_OUTPUT .a = apiversion ok, .b = random nonzero; p1 .a = time ok */
/*
 * p0 VALUE_INPUT .a = rounds (of 1000 LCG steps); cancellation unmasked, the flag polled
 * after every round; p1 VALUE_OUTPUT .a = rounds done, .b = 1 if the flag ended it.
 * Returns TEE_ERROR_CANCEL when cancelled, else TEE_SUCCESS.
 */
#define TZVTEST_CMD_CANCEL_POLL 10
/*
 * p0 VALUE_INPUT .a = ms for TEE_Wait, .b = 1: unmask cancellation first;
 * p1 VALUE_OUTPUT .a = TEE_Wait's result, .b = TEE_GetCancellationFlag() after it;
 * p2 VALUE_OUTPUT .a = TEE_UnmaskCancellation() (was masked), .b = the flag then;
 * p3 VALUE_OUTPUT .a/.b = TEE_GetREETime seconds/millis. Returns TEE_SUCCESS.
 */
#define TZVTEST_CMD_WAIT        11
/*
 * p0 VALUE_INPUT .a = TZVTEST_TRAP_*: executes one instruction of that class at
 * S-EL0. PAC: p1 VALUE_OUTPUT .a bit 0 = 1 if PACGA gave a nonzero code, bit 1
 * = the TEE property org.trustedfirmware.optee.cpu.feat_pauth_implemented, .b =
 * 1 if a pointer signed with PACIA differs from it and AUTIA gives it back;
 * returns TEE_SUCCESS. Every other class either works (returns TEE_SUCCESS) or ends
 * the TA alone (TEE_ERROR_TARGET_DEAD).
 */
#define TZVTEST_CMD_TRAP 12
#define TZVTEST_TRAP_PAC 0 /* PACGA, PACIA/AUTIA: work */
#define TZVTEST_TRAP_UDF 1 /* UDF #0: undefined */
#define TZVTEST_TRAP_SVE 2 /* RDVL: SVE not enabled for TAs */
#define TZVTEST_TRAP_BRK 3 /* BRK #0 */
#define TZVTEST_TRAP_MTE 4 /* IRG: works where the CPU has MTE, else undefined */
#define TZVTEST_TRAP_PMU 5 /* MRS PMCCNTR_EL0: TAs may not read the PMU */
#define TZVTEST_TRAP_SME 6 /* SMSTART: SME not enabled for TAs */
#define TZVTEST_TRAP_BTI 7 /* BTI c, and PACIASP/AUTIASP: hints, work */
#define TZVTEST_TRAP_PAC_FORGED 8 /* a load through a pointer whose PAC was altered: dies */
#define TZVTEST_TRAP_VTIMER 9 /* MSR CNTV_CTL_EL0: the VM's virtual timer is not the TA's */
#define TZVTEST_TRAP_PTIMER 10 /* MSR CNTP_CVAL_EL0: nor the physical one */
/*
 * p0 VALUE_INPUT .a = a seed: fills V0-V31 with a pattern from it, makes the
 * storage syscall CREATE (the kernel derives keys and seals with mbedTLS,
 * which uses SIMD, where trusted storage is served) and RANDOM, reading every
 * V register back after each;
 * p1 VALUE_OUTPUT .a = how many of the 32 differ, .b = CREATE's result.
 */
#define TZVTEST_CMD_SIMD_KEPT 13
/* GET_TIME syscall with a misaligned output pointer inside its own data: dies */
#define TZVTEST_CMD_MISALIGNED_TIME 14
/*
 * The client as TEE_GetPropertyAsIdentity(TEE_PROPSET_CURRENT_CLIENT, "gpd.client.identity")
 * gives it: p0 VALUE_OUTPUT .a = login, .b = uuid.timeLow; p1 VALUE_OUTPUT .a = timeMid,
 * .b = timeHiAndVersion; p2 VALUE_OUTPUT .a/.b = clockSeqAndNode[0..3]/[4..7] (big-endian).
 */
#define TZVTEST_CMD_CLIENT 15
/*
 * Thread-local variables (__thread): p0 VALUE_OUTPUT .a = one without initialiser, .b =
 * one initialised to TZVTEST_TLS_INIT, as they were before this call; both then + 1.
 */
#define TZVTEST_CMD_TLS 16
#define TZVTEST_TLS_INIT 0x7e57
/*
 * Its own code and read-only data, measured and signed by OP-TEE's attestation PTA
 * (PTA_ATTESTATION_HASH_TA_MEMORY): p0 MEMREF_INPUT nonce, p1 MEMREF_OUTPUT the answer;
 * the PTA's result as it came.
 */
#define TZVTEST_CMD_ATTEST_MEMORY 17
/*
 * The stack (include/tzvisor/ta_abi.h): p0 VALUE_INPUT .a = TZVTEST_STACK_*.
 * OVERFLOW: recurses until it dies in the guard page below the stack (it logs
 * "guard page 0x..." first). PAST_TOP: reads every byte from its stack's top up
 * to a marker in its data: p1 VALUE_OUTPUT .a = the marker's offset from the
 * top, .b = the marker read that way (TZVTEST_DATA_MARKER); then passes a
 * 14-byte stack buffer with size 1025 to the system PTA's DERIVE_TA_UNIQUE_KEY:
 * p2 VALUE_OUTPUT .a = its answer, .b = the buffer's distance below the top.
 */
#define TZVTEST_CMD_STACK 18
#define TZVTEST_STACK_OVERFLOW 0
#define TZVTEST_STACK_PAST_TOP 1
#define TZVTEST_DATA_MARKER 0xda7a5eedu
/*
 * The system PTA's DERIVE_TA_UNIQUE_KEY from this TA: p0 VALUE_INPUT .a =
 * TZVTEST_DERIVE_*, p1 MEMREF_INOUT the client's buffer, p2 VALUE_OUTPUT .a =
 * the PTA's answer, .b = its origin (| 0x100: OWN's key is not all zeros).
 * INTO_CLIENT passes p1's buffer (normal-world memory) as the key's output.
 */
#define TZVTEST_CMD_DERIVE 19
#define TZVTEST_DERIVE_OWN 0
#define TZVTEST_DERIVE_INTO_CLIENT 1
/*
 * OP-TEE's cache maintenance (the TA has TA_FLAG_CACHE_MAINTENANCE): p0 MEMREF_INOUT;
 * p1 VALUE_OUTPUT .a = TEE_CacheClean(p0), .b = TEE_CacheFlush(p0);
 * p2 VALUE_OUTPUT .a = TEE_CacheInvalidate(p0), .b = TEE_CacheFlush(the TA's own data);
 * p3 VALUE_OUTPUT .a = TEE_CacheFlush(p0 and one page beyond it), .b = TEE_CacheFlush(an
 * unmapped address).
 */
#define TZVTEST_CMD_CACHE 20
/*
 * GP sockets against the client's hostile tee-supplicant (TCP to "hostile", port 7):
 * p0 VALUE_OUTPUT .a = open, .b = send of 16 bytes; p1 .a = recv into 16 bytes,
 * .b = 1 when the 16 bytes after that buffer are untouched; p2 .a = ioctl
 * TEE_TCP_SET_RECVBUF, .b = close; p3 .a = send's length out, .b = recv's length out.
 */
#define TZVTEST_CMD_SOCKET 21

#endif
