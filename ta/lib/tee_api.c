/*
 * GlobalPlatform TEE Internal Core API: memory, panic, cancellation, time,
 * random numbers and the trace output of trace.h.
 */
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>
#include "utee.h"

static struct tzv_heap heap;
static bool heap_ready;
static const void *instance_data;
static int trace_level = TRACE_LEVEL;

struct tzv_heap *tzv_ta_heap(void)
{
	if (!heap_ready) {
		tzv_heap_init(&heap, __ta_heap, __ta_heap_size);
		heap_ready = true;
	}
	return &heap;
}

void TEE_Panic(TEE_Result panicCode)
{
	EMSG("panic 0x%08x", (unsigned)panicCode);
	tzv_sys_panic(panicCode);
}

/*
 * TEE_Malloc(0): GP wants a pointer that is not NULL, that TEE_Free and
 * TEE_Realloc accept and that must not be dereferenced: the stack's guard
 * page, which is never mapped (ta/devkit/mk/ta.ld), so any access ends the TA.
 */
extern uint8_t __ta_stack[];
#define ZERO_SIZE_PTR ((void *)((uintptr_t)__ta_stack - TZV_TA_PAGE_SIZE))

void *TEE_Malloc(size_t size, uint32_t hint)
{
	if (!size)
		return ZERO_SIZE_PTR;
	void *p = tzv_heap_alloc(tzv_ta_heap(), size);
	if (p && !(hint & (TEE_MALLOC_NO_FILL | TEE_USER_MEM_HINT_NO_FILL_ZERO)))
		TEE_MemFill(p, 0, size);
	return p;
}

void *TEE_Realloc(void *buffer, size_t newSize)
{
	int bad;
	if (buffer == ZERO_SIZE_PTR)
		buffer = NULL;
	void *p = tzv_heap_realloc(tzv_ta_heap(), buffer, newSize, &bad);
	if (bad)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return p;
}

void TEE_Free(void *buffer)
{
	if (buffer && buffer != ZERO_SIZE_PTR && tzv_heap_free(tzv_ta_heap(), buffer) != 0)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

void tzv_heap_stats(size_t *used, size_t *max_used, size_t *size)
{
	struct tzv_heap *h = tzv_ta_heap();
	if (used)
		*used = h->used;
	if (max_used)
		*max_used = h->max_used;
	if (size)
		*size = h->size;
}

void *TEE_MemMove(void *dest, const void *src, size_t size)
{
	uint8_t *d = dest;
	const uint8_t *s = src;
	if (d == s || !size)
		return dest;
	if (d < s || d >= s + size) {
		for (size_t i = 0; i < size; i++)
			d[i] = s[i];
	} else {
		for (size_t i = size; i-- > 0;)
			d[i] = s[i];
	}
	return dest;
}

int32_t TEE_MemCompare(const void *buffer1, const void *buffer2, size_t size)
{
	/* Every byte is looked at, whatever the contents: the time depends on size only. */
	const uint8_t *a = buffer1, *b = buffer2;
	int32_t res = 0;
	for (size_t i = 0; i < size; i++) {
		int32_t d = (int32_t)a[i] - (int32_t)b[i];
		res = res ? res : d;
	}
	return res < 0 ? -1 : res > 0 ? 1 : 0;
}

void TEE_MemFill(void *buff, uint32_t x, size_t size)
{
	uint8_t *d = buff;
	for (size_t i = 0; i < size; i++)
		d[i] = (uint8_t)x;
}

TEE_Result TEE_CheckMemoryAccessRights(uint32_t accessFlags, void *buffer, size_t size)
{
	if (accessFlags & ~(uint32_t)(TEE_MEMORY_ACCESS_READ | TEE_MEMORY_ACCESS_WRITE |
				      TEE_MEMORY_ACCESS_ANY_OWNER | TEE_MEMORY_ACCESS_NONSECURE |
				      TEE_MEMORY_ACCESS_SECURE))
		return TEE_ERROR_ACCESS_DENIED;
	if (!size)
		return TEE_SUCCESS;
	if ((uintptr_t)buffer + size < (uintptr_t)buffer)
		return TEE_ERROR_ACCESS_DENIED;
	return tzv_sys_check_access(accessFlags, buffer, size) == TEE_SUCCESS
		       ? TEE_SUCCESS
		       : TEE_ERROR_ACCESS_DENIED;
}

void TEE_SetInstanceData(const void *instanceData)
{
	instance_data = instanceData;
}

const void *TEE_GetInstanceData(void)
{
	return instance_data;
}

bool TEE_GetCancellationFlag(void)
{
	return !tzv_cancel_masked && tzv_sys_get_cancel() != 0;
}

bool TEE_UnmaskCancellation(void)
{
	bool was = tzv_cancel_masked;
	tzv_cancel_masked = false;
	return was;
}

bool TEE_MaskCancellation(void)
{
	bool was = tzv_cancel_masked;
	tzv_cancel_masked = true;
	return was;
}

void TEE_GetSystemTime(TEE_Time *time)
{
	if (tzv_sys_get_time(TZV_TA_TIME_SYSTEM, time) != TEE_SUCCESS)
		TEE_Panic(TEE_ERROR_GENERIC);
}

void TEE_GetREETime(TEE_Time *time)
{
	if (tzv_sys_get_time(TZV_TA_TIME_REE, time) != TEE_SUCCESS)
		TEE_Panic(TEE_ERROR_GENERIC);
}

TEE_Result TEE_Wait(uint32_t timeout)
{
	TEE_Result res = tzv_sys_wait(timeout, !tzv_cancel_masked);
	if (res != TEE_SUCCESS && res != TEE_ERROR_CANCEL)
		TEE_Panic(res);
	return res;
}

void TEE_GenerateRandom(void *randomBuffer, size_t randomBufferLen)
{
	uint8_t *p = randomBuffer;
	while (randomBufferLen) {
		size_t n = randomBufferLen < TZV_TA_RANDOM_MAX ? randomBufferLen : TZV_TA_RANDOM_MAX;
		if (tzv_sys_random(p, n) != TEE_SUCCESS)
			TEE_Panic(TEE_ERROR_GENERIC);
		p += n;
		randomBufferLen -= n;
	}
}

/* ---------------------------------------------------------------- trace */

void tzv_log(const char *buf, size_t len)
{
	tzv_sys_log(buf, len);
}

void trace_set_level(int level)
{
	trace_level = level;
}

int trace_get_level(void)
{
	return trace_level;
}

static int fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = tzv_vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}

void trace_vprintf(const char *func, int line, int level, bool level_ok, const char *f, va_list ap)
{
	static const char tag[] = "?EIDF";
	char buf[256];
	size_t n = 0;
	if (level_ok && level > trace_level)
		return;
	if (level < 1 || level > 4)
		level = 0;
	int k = fmt(buf, sizeof(buf), "%c %s:%d ", tag[level], func ? func : "?", line);
	if (k > 0)
		n = (size_t)k < sizeof(buf) ? (size_t)k : sizeof(buf) - 1;
	k = tzv_vsnprintf(buf + n, sizeof(buf) - n, f, ap);
	if (k > 0)
		n += (size_t)k < sizeof(buf) - n ? (size_t)k : sizeof(buf) - n - 1;
	tzv_sys_log(buf, n);
}

void trace_printf(const char *func, int line, int level, bool level_ok, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	trace_vprintf(func, line, level, level_ok, f, ap);
	va_end(ap);
}

void tzv_trace_hexdump(const char *func, int line, int level, const void *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *b = buf;
	for (size_t off = 0; off < len; off += 16) {
		char text[16 * 3 + 1];
		size_t n = 0;
		for (size_t i = off; i < len && i < off + 16; i++) {
			text[n++] = hex[b[i] >> 4];
			text[n++] = hex[b[i] & 15];
			text[n++] = ' ';
		}
		text[n ? n - 1 : 0] = '\0';
		trace_printf(func, line, level, true, "%04zx: %s", off, text);
	}
}

void dhex_dump(const char *function, int line, int level, const void *buf, int len)
{
	if (len > 0)
		tzv_trace_hexdump(function, line, level, buf, (size_t)len);
}

void trace_ext_puts(const char *str)
{
	size_t n = 0;
	while (str[n])
		n++;
	tzv_sys_log(str, n);
}

int trace_ext_get_thread_id(void)
{
	return -1; /* as OP-TEE's libutee: no thread ids in a TA's trace */
}
