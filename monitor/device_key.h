/*
 * The device-unique secret (read from secure flash at boot) and the keys the
 * monitor derives from it. The secret never leaves the monitor; docs/keys.md.
 */
#ifndef MONITOR_DEVICE_KEY_H
#define MONITOR_DEVICE_KEY_H

#include <stddef.h>
#include <stdint.h>

/* Reads and checks the secret block of flash bank 0 (boot core, once). */
void device_secret_load(void);

/*
 * HKDF-SHA256 (RFC 5869): IKM = device secret, salt = "tzvisor-device-key-v1",
 * info = label || 0x00 || context, 32 bytes out. Returns 0, or -1 when no
 * secret is provisioned (out is then zeroed).
 */
int device_key_derive(const char *label, const void *context, size_t context_len,
		      uint8_t out[32]);

/* Serialises the monitor's use of mbedTLS (several cores may call at once). */
void monitor_crypto_lock(void);
void monitor_crypto_unlock(void);

#endif
