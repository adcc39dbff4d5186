/*
 * The device-unique secret and what is derived from it. On QEMU the secret is
 * 32 random bytes that the build writes once into the last erase block of
 * flash bank 0, which only the secure world can reach (docs/keys.md). The
 * monitor copies it into its own RAM at boot and hands out derived keys only:
 * a TEE instance gets its own storage key, never the secret or another VM's.
 */
#include "device_key.h"
#include "monitor.h"
#include <lib/print.h>
#include <lib/string.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include <tzvisor/platform.h>

struct device_secret_block {
	uint32_t magic;   /* DEVICE_SECRET_MAGIC */
	uint32_t version; /* DEVICE_SECRET_VERSION */
	uint8_t secret[32];
};

#define DEVICE_KEY_SALT "tzvisor-device-key-v1"
#define DEVICE_KEY_INFO_MAX 64

static uint8_t device_secret[32];
static int device_secret_present;
static uint32_t crypto_lock;

void monitor_crypto_lock(void)
{
	while (__atomic_exchange_n(&crypto_lock, 1, __ATOMIC_ACQUIRE))
		;
}

void monitor_crypto_unlock(void)
{
	__atomic_store_n(&crypto_lock, 0, __ATOMIC_RELEASE);
}

void device_secret_load(void)
{
	const volatile struct device_secret_block *block =
		(const volatile struct device_secret_block *)(PLAT_FLASH0_BASE +
							      PLAT_DEVICE_SECRET_BLOCK);
	if (block->magic != DEVICE_SECRET_MAGIC || block->version != DEVICE_SECRET_VERSION) {
		printf("monitor: no device secret in secure flash: storage and attestation keys "
		       "unavailable\n");
		return;
	}
	uint8_t any = 0, all = 0xff;
	for (size_t i = 0; i < sizeof(device_secret); i++) {
		device_secret[i] = block->secret[i];
		any |= device_secret[i];
		all &= device_secret[i];
	}
	/* An erased or zeroed block is no secret at all. */
	if (any == 0 || all == 0xff) {
		memset(device_secret, 0, sizeof(device_secret));
		printf("monitor: device secret block in secure flash is blank: keys unavailable\n");
		return;
	}
	device_secret_present = 1;
	printf("monitor: device secret loaded from secure flash\n");
}

int device_key_derive(const char *label, const void *context, size_t context_len,
		      uint8_t out[32])
{
	memset(out, 0, 32);
	size_t label_len = strlen(label);
	if (!device_secret_present || label_len + 1 + context_len > DEVICE_KEY_INFO_MAX)
		return -1;
	uint8_t info[DEVICE_KEY_INFO_MAX];
	memcpy(info, label, label_len);
	info[label_len] = 0;
	if (context_len)
		memcpy(&info[label_len + 1], context, context_len);
	monitor_crypto_lock();
	int rc = mbedtls_hkdf(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
			      (const uint8_t *)DEVICE_KEY_SALT, sizeof(DEVICE_KEY_SALT) - 1,
			      device_secret, sizeof(device_secret), info, label_len + 1 + context_len,
			      out, 32);
	monitor_crypto_unlock();
	if (rc != 0) {
		memset(out, 0, 32);
		return -1;
	}
	return 0;
}
