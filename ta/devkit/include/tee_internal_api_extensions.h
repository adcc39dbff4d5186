/* OP-TEE-style extensions of the tzvisor dev kit (heap statistics, raw log). */
#ifndef TEE_INTERNAL_API_EXTENSIONS_H
#define TEE_INTERNAL_API_EXTENSIONS_H

#include <tee_api_types.h>

/* TEE_Malloc hint: leave the memory as it is (same as TEE_MALLOC_NO_FILL). */
#define TEE_USER_MEM_HINT_NO_FILL_ZERO 0x80000000

/* Heap bytes in use, largest ever in use, and the heap size (TA_DATA_SIZE). */
void tzv_heap_stats(size_t *used, size_t *max_used, size_t *size);
/* Writes len bytes to the TEE console as one log line. */
void tzv_log(const char *buf, size_t len);

/* ---- OP-TEE extensions (devkit work) ---- */
/*
 * Calls tee-supplicant's plugin `uuid` (OPTEE_RPC_CMD_SUPP_PLUGIN) with cmd and
 * sub_cmd; buf (len bytes, at most TZV_SUPP_PLUGIN_MAX) goes to the plugin and
 * comes back with what it wrote, *outlen bytes (when outlen is not NULL).
 */
#define TZV_SUPP_PLUGIN_MAX (64 * 1024)
TEE_Result tee_invoke_supp_plugin(const TEE_UUID *uuid, uint32_t cmd, uint32_t sub_cmd, void *buf,
				  size_t len, size_t *outlen);
/* ---- end of the devkit block ---- */

#endif
