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

#endif
