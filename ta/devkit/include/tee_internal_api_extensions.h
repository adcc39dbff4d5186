/* OP-TEE-style extensions of the tzvisor dev kit (heap statistics, raw log). */
#ifndef TEE_INTERNAL_API_EXTENSIONS_H
#define TEE_INTERNAL_API_EXTENSIONS_H

/* OP-TEE's includes <stdio.h>: TAs call snprintf through it */
#include <stdio.h>
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

/*
 * OP-TEE's data cache maintenance on a TA's memref parameters, with its rules:
 * TEE_ERROR_NOT_SUPPORTED for a TA without TA_FLAG_CACHE_MAINTENANCE,
 * TEE_ERROR_ACCESS_DENIED for memory that is not all one readable memref
 * (the TA's own memory included), else TEE_SUCCESS. Nothing else is needed:
 * a memref is coherent for every observer it has here.
 */
TEE_Result TEE_CacheClean(char *buf, size_t len);
TEE_Result TEE_CacheFlush(char *buf, size_t len);
TEE_Result TEE_CacheInvalidate(char *buf, size_t len);

/*
 * Parses a UUID written as 36 characters "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
 * (hex digits of either case) into *uuid; anything else leaves *uuid as it is
 * and answers TEE_ERROR_BAD_FORMAT.
 */
TEE_Result tee_uuid_from_str(TEE_UUID *uuid, const char *s);

#endif
