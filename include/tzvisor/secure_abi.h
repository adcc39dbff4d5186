/*
 * tzvisor's own calls between the secure layers. They use SMCCC fast call
 * IDs of OEN 62 (trusted OS range) and are only accepted from the secure
 * world; a normal-world caller gets OPTEE_SMC_RETURN_UNKNOWN_FUNCTION.
 *
 * TEE kernel (S-EL1) -> TEE-visor (S-EL2): `smc #0`, trapped by HCR_EL2.TSC.
 * TEE-visor (S-EL2)  -> monitor (EL3):    `smc #0`.
 */
#ifndef TZVISOR_SECURE_ABI_H
#define TZVISOR_SECURE_ABI_H

#define TZV_SECURE_FID(n)          (0xbe000000u | (n))
#define TZV_IS_SECURE_FID(fid)     (((fid) & 0xffffff00u) == 0xbe000000u)

/*
 * TEE kernel entry: the TEE-visor starts an instance at its image entry with
 *   x0 = vm_id, x1 = VM RAM base, x2 = VM RAM size, x3 = private data size.
 * The kernel sets itself up, then returns TEE_ENTRY_DONE with x1 = IPA of its
 * call entry. Every later call enters there with x0..x7 = the caller's a0..a7
 * and ends in TEE_CALL_DONE with x1..x7 = the results a0..a6.
 */
#define TZV_TEE_ENTRY_DONE         TZV_SECURE_FID(0x00)
#define TZV_TEE_CALL_DONE          TZV_SECURE_FID(0x01)
#define TZV_TEE_PANIC              TZV_SECURE_FID(0x02) /* x1 = reason code */
#define TZV_TEE_CONSOLE_PUTC       TZV_SECURE_FID(0x03) /* x1 = character */
/*
 * A 32-byte key of the calling instance, derived by the monitor from the
 * device secret (docs/keys.md): x1 = purpose. Answers x0 = 0 and x1..x4 = the
 * key (bytes 0..7 in x1, little-endian), or x0 = TZV_KEY_UNAVAILABLE. The
 * TEE-visor adds the instance's VM id: an instance cannot ask for another's.
 */
#define TZV_TEE_INSTANCE_KEY       TZV_SECURE_FID(0x04)
#define TZV_KEY_PURPOSE_STORAGE    1
#define TZV_KEY_UNAVAILABLE        (~0ul)

/*
 * The calling instance's persistent rollback counter, kept by the monitor in
 * secure flash (docs/keys.md): x1 = TZV_COUNTER_READ, or TZV_COUNTER_ADVANCE
 * with x2 = the new value (never below the stored one). Answers x0 =
 * TZV_COUNTER_OK and x1 = the stored value, or an error in x0 (x1 = the
 * stored value for REFUSED and FAILED). x3 says which counter: the instance's
 * storage counter, or the highest accepted version of the TA whose UUID is in
 * x4 (octets 0-7) and x5 (octets 8-15), as 64-bit little-endian loads of them.
 * The TEE-visor adds the VM id.
 */
#define TZV_TEE_ROLLBACK_COUNTER   TZV_SECURE_FID(0x05)
#define TZV_COUNTER_READ           0
#define TZV_COUNTER_ADVANCE        1
#define TZV_COUNTER_STORAGE        0 /* x3: the instance's storage rollback counter */
#define TZV_COUNTER_TA_VERSION     1 /* x3: a TA's version (TA anti-rollback) */
#define TZV_COUNTER_OK             0
#define TZV_COUNTER_REFUSED        1 /* the new value is below the stored one */
#define TZV_COUNTER_FAILED         2 /* the flash could not be written */
#define TZV_COUNTER_BAD_ARGS       3

/*
 * TEE-visor <-> monitor. The monitor starts the TEE-visor at its image entry
 * on the boot core; it answers BOOT_DONE with x1 = call entry and x2 = per-core
 * init entry (physical addresses). Per-core init ends in CPU_INIT_DONE. A call
 * from the normal world enters the call entry with x0..x7 = the caller's
 * a0..a7 (w7 = VM id) and ends in CALL_DONE with x1..x7 = results a0..a6.
 */
#define TZV_TVISOR_BOOT_DONE       TZV_SECURE_FID(0x10)
#define TZV_TVISOR_CALL_DONE       TZV_SECURE_FID(0x11)
#define TZV_TVISOR_CPU_INIT_DONE   TZV_SECURE_FID(0x12)
#define TZV_TVISOR_BOOT_FAILED     TZV_SECURE_FID(0x13) /* x1 = reason */
/* x1 = VM id, x2 = purpose: answers as TZV_TEE_INSTANCE_KEY. */
#define TZV_TVISOR_INSTANCE_KEY    TZV_SECURE_FID(0x14)
/* x1 = VM id, x2 = operation, x3 = value, x4 = counter, x5/x6 = TA UUID: as TZV_TEE_ROLLBACK_COUNTER. */
#define TZV_TVISOR_ROLLBACK_COUNTER TZV_SECURE_FID(0x15)

/*
 * TEE-visor -> monitor: one console line, x1 = its physical address (in the
 * TEE-visor's memory), x2 = its length (at most TZV_CONSOLE_LINE_MAX). The
 * monitor prints it whole (monitor/console.c); answers x0 = 0.
 */
#define TZV_TVISOR_CONSOLE_LINE    TZV_SECURE_FID(0x18)
#define TZV_CONSOLE_LINE_MAX       576 /* a VM's line (512) behind its prefix */

/* Panic reasons a TEE kernel reports; the TEE-visor marks the instance dead. */
#define TZV_PANIC_EXCEPTION        1 /* unexpected exception at S-EL1 */
#define TZV_PANIC_ASSERT           2 /* internal check failed */
#define TZV_PANIC_TEST             3 /* asked to, by a test hook */

/*
 * Attestation (docs/attestation.md). A TEE kernel asks for a token for its
 * own VM only: it names no VM. Buffers are in the instance's private memory.
 *   TEE kernel -> TEE-visor: TZV_TEE_ATTEST_TOKEN, x1 = IPA of the nonce,
 *     x2 = nonce length (32, 48 or 64), x3 = IPA of the output buffer,
 *     x4 = its size. The TEE-visor checks both lie in the instance's private
 *     data, translates them to physical addresses and passes the
 *     instance's VM id (from its own table) to the monitor.
 *   TEE-visor -> monitor: TZV_TVISOR_ATTEST_TOKEN, x1 = VM id, x2 = PA of the
 *     nonce, x3 = its length, x4 = PA of the output buffer, x5 = its size.
 * Both return x0 = TZV_ATTEST_* and x1 = the token's length (for
 * TZV_ATTEST_SHORT_BUFFER: the size needed). The monitor builds the claims
 * from its own measurement log and signs them with the attestation key,
 * which never leaves EL3.
 */
#define TZV_TEE_ATTEST_TOKEN       TZV_SECURE_FID(0x07)
#define TZV_TVISOR_ATTEST_TOKEN    TZV_SECURE_FID(0x17)
#define TZV_ATTEST_OK              0
#define TZV_ATTEST_SHORT_BUFFER    1 /* x1 = size needed */
#define TZV_ATTEST_BAD_ARGS        2 /* nonce length, or a buffer outside the instance */
#define TZV_ATTEST_NO_KEY          3 /* no device secret provisioned */
#define TZV_ATTEST_FAILED          4 /* internal error (log full, signing failed) */
#define TZV_ATTEST_TOKEN_MAX       4096 /* no token is larger */

#endif
