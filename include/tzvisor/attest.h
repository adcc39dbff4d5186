/*
 * Attestation token (docs/attestation.md): the claim keys, shared by the
 * monitor that builds tokens and the host tools that check them, and the
 * canonical byte forms of the configuration the monitor measures.
 *
 * The token is a CBOR COSE_Sign1 (RFC 9052, tag 18) signed with ES256, whose
 * payload is a PSA attestation token (RFC 9783, profile
 * "tag:psacertified.org,2023:psa#tfm"). Values below are those registries'.
 */
#ifndef TZVISOR_ATTEST_H
#define TZVISOR_ATTEST_H

#include <stddef.h>
#include <stdint.h>
#include <tzvisor/config.h>

/* COSE (RFC 9052/9053) */
#define COSE_TAG_SIGN1 18
#define COSE_HEADER_ALG 1
#define COSE_ALG_ES256 (-7)

/* EAT (RFC 9711) and PSA (RFC 9783) claim keys */
#define EAT_NONCE 10
#define EAT_UEID 256
#define EAT_PROFILE 265
#define PSA_CLIENT_ID 2394
#define PSA_SECURITY_LIFECYCLE 2395
#define PSA_IMPLEMENTATION_ID 2396
#define PSA_SW_COMPONENTS 2399
/* keys of one software component */
#define PSA_SW_MEASUREMENT_TYPE 1
#define PSA_SW_MEASUREMENT_VALUE 2
#define PSA_SW_SIGNER_ID 5
#define PSA_SW_MEASUREMENT_DESC 6

#define PSA_PROFILE_TFM "tag:psacertified.org,2023:psa#tfm"
#define PSA_LIFECYCLE_SECURED 0x3000
#define UEID_TYPE_RAND 0x01
/* The implementation id: SHA-256 of this string (one implementation: this firmware on QEMU virt).
 */
#define TZV_IMPLEMENTATION_NAME "tzvisor EL3 monitor, QEMU virt (secure=on, virtualization=on)"
/* Labels of the device keys the monitor derives (docs/keys.md) */
#define TZV_KEY_LABEL_ATTESTATION "attestation"

/*
 * Canonical forms of the compiled configuration, fed to SHA-256 by the
 * monitor (monitor/measure.c) and by tools/attest-refs (the same generated
 * config.c compiled for the host): integers as 8 bytes little-endian,
 * strings as their length (8 bytes) and bytes, each form starting with its
 * NUL-terminated tag.
 *   "config"       the platform: name, cores, VM count, hypervisor RAM, then
 *                  every VM as in "vm<N>-config" and its TEE memory size.
 *   "vm<N>-config" one VM: id, cores, RAM base and size, entry, console prefix.
 *   "tee<N>-config" its TEE instance: VM id, private memory size, the VM RAM
 *                  it can see.
 */
typedef void (*attest_feed_fn)(void *ctx, const void *data, size_t n);

static inline void attest_feed_u64(attest_feed_fn feed, void *ctx, uint64_t v)
{
	uint8_t b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	feed(ctx, b, 8);
}

static inline void attest_feed_str(attest_feed_fn feed, void *ctx, const char *s)
{
	size_t n = 0;
	while (s && s[n])
		n++;
	attest_feed_u64(feed, ctx, n);
	if (n)
		feed(ctx, s, n);
}

static inline void attest_feed_vm(attest_feed_fn feed, void *ctx, const struct vm_config *vm)
{
	attest_feed_u64(feed, ctx, vm->vm_id);
	attest_feed_u64(feed, ctx, vm->cpu_mask);
	attest_feed_u64(feed, ctx, vm->ram_base);
	attest_feed_u64(feed, ctx, vm->ram_size);
	attest_feed_u64(feed, ctx, vm->entry);
	attest_feed_str(feed, ctx, vm->console_prefix);
}

static inline void attest_config_bytes(attest_feed_fn feed, void *ctx,
				       const struct platform_config *cfg)
{
	feed(ctx, "tzvisor-config-v1", 18);
	attest_feed_str(feed, ctx, cfg->name);
	attest_feed_u64(feed, ctx, cfg->cpu_count);
	attest_feed_u64(feed, ctx, cfg->vm_count);
	attest_feed_u64(feed, ctx, cfg->hyp.ram_base);
	attest_feed_u64(feed, ctx, cfg->hyp.ram_size);
	for (uint32_t i = 0; i < cfg->vm_count && i < CONFIG_MAX_VMS; i++) {
		attest_feed_vm(feed, ctx, &cfg->vms[i]);
		attest_feed_u64(feed, ctx, cfg->vms[i].tee_data_size);
	}
}

static inline void attest_vm_config_bytes(attest_feed_fn feed, void *ctx,
					  const struct vm_config *vm)
{
	feed(ctx, "tzvisor-vm-config-v1", 21);
	attest_feed_vm(feed, ctx, vm);
}

static inline void attest_tee_config_bytes(attest_feed_fn feed, void *ctx,
					   const struct vm_config *vm)
{
	feed(ctx, "tzvisor-tee-config-v1", 22);
	attest_feed_u64(feed, ctx, vm->vm_id);
	attest_feed_u64(feed, ctx, vm->tee_data_size);
	attest_feed_u64(feed, ctx, vm->ram_base);
	attest_feed_u64(feed, ctx, vm->ram_size);
}

#endif
