/*
 * Host tests of libutee's GP functions beyond the first set (written from the
 * GP TEE Internal Core API specification): property enumerators, U64 and
 * binary-block properties, TEE_Malloc(0), the cancellation mask kept per
 * session, the GP 1.1 forms that convert lengths, identifiers and prototypes
 * that must be GP's exactly, and OP-TEE's tee_uuid_from_str and cache calls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>
#include <user_ta_header.h>
#include <atomic.h>
#include <memtag.h>
#include <util.h>
#include <utee_defines.h>
#include "../../ta/lib/utee.h"
#include "ta_host_stubs.h"

extern uint8_t __ta_stack[];

static void test_u64_and_binary_block(void **state)
{
	(void)state;
	uint64_t v = 0;
	assert_int_equal(TEE_GetPropertyAsU64(TEE_PROPSET_CURRENT_TA, "org.example.big", &v),
			 TEE_SUCCESS);
	assert_true(v == 0x100000001ull);
	assert_int_equal(TEE_GetPropertyAsU64(TEE_PROPSET_CURRENT_TA, "org.example.bigtext", &v),
			 TEE_SUCCESS);
	assert_true(v == UINT64_MAX);
	assert_int_equal(TEE_GetPropertyAsU64(TEE_PROPSET_CURRENT_TA, "org.example.answer", &v),
			 TEE_SUCCESS);
	assert_true(v == 42);
	assert_int_equal(TEE_GetPropertyAsU64(TEE_PROPSET_CURRENT_TA, "org.example.flag", &v),
			 TEE_ERROR_BAD_FORMAT);
	/* Base64 "SGVs bG8=" is "Hello": the space is skipped, '=' ends it */
	char b[8];
	size_t n = 2;
	assert_int_equal(
	    TEE_GetPropertyAsBinaryBlock(TEE_PROPSET_CURRENT_TA, "org.example.blob", b, &n),
	    TEE_ERROR_SHORT_BUFFER);
	assert_int_equal(n, 5);
	n = sizeof(b);
	assert_int_equal(
	    TEE_GetPropertyAsBinaryBlock(TEE_PROPSET_CURRENT_TA, "org.example.blob", b, &n),
	    TEE_SUCCESS);
	assert_int_equal(n, 5);
	assert_memory_equal(b, "Hello", 5);
	/* a binary block is also its Base64 text as a string */
	char s[32];
	n = sizeof(s);
	assert_int_equal(TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "org.example.blob", s, &n),
			 TEE_SUCCESS);
	assert_string_equal(s, "SGVs bG8=");
	assert_int_equal(
	    TEE_GetPropertyAsBinaryBlock(TEE_PROPSET_CURRENT_TA, "org.example.answer", b, &n),
	    TEE_ERROR_BAD_FORMAT);
}

static void test_enumerator(void **state)
{
	(void)state;
	TEE_PropSetHandle e = TEE_HANDLE_NULL;
	char name[64];
	size_t n;
	unsigned count = 0;
	bool saw_big = false;
	assert_int_equal(TEE_AllocatePropertyEnumerator(&e), TEE_SUCCESS);
	/* not started: nothing to read */
	n = sizeof(name);
	assert_int_equal(TEE_GetPropertyName(e, name, &n), TEE_ERROR_ITEM_NOT_FOUND);
	assert_int_equal(TEE_GetNextProperty(e), TEE_ERROR_ITEM_NOT_FOUND);
	TEE_StartPropertyEnumerator(e, TEE_PROPSET_CURRENT_TA);
	n = 3;
	assert_int_equal(TEE_GetPropertyName(e, name, &n), TEE_ERROR_SHORT_BUFFER);
	assert_int_equal(n, sizeof("gpd.ta.appID"));
	do {
		n = sizeof(name);
		assert_int_equal(TEE_GetPropertyName(e, name, &n), TEE_SUCCESS);
		assert_int_equal(n, strlen(name) + 1);
		if (!strcmp(name, "org.example.big")) {
			uint64_t v = 0;
			saw_big = true;
			/* the enumerator stands for the property: the name is ignored */
			assert_int_equal(TEE_GetPropertyAsU64(e, NULL, &v), TEE_SUCCESS);
			assert_true(v == 0x100000001ull);
		}
		count++;
	} while (TEE_GetNextProperty(e) == TEE_SUCCESS);
	assert_true(saw_big);
	assert_int_equal(count, 7 + ta_num_props);
	/* past the end; reset makes it unstarted again */
	n = sizeof(name);
	assert_int_equal(TEE_GetPropertyName(e, name, &n), TEE_ERROR_ITEM_NOT_FOUND);
	TEE_ResetPropertyEnumerator(e);
	assert_int_equal(TEE_GetNextProperty(e), TEE_ERROR_ITEM_NOT_FOUND);
	TEE_StartPropertyEnumerator(e, TEE_PROPSET_CURRENT_CLIENT);
	n = sizeof(name);
	assert_int_equal(TEE_GetPropertyName(e, name, &n), TEE_SUCCESS);
	assert_string_equal(name, "gpd.client.identity");
	assert_true(PANICS(TEE_StartPropertyEnumerator(e, (TEE_PropSetHandle)0x1234)));
	TEE_FreePropertyEnumerator(e);
	/* a freed handle is no handle */
	assert_true(PANICS(TEE_GetNextProperty(e)));
	TEE_FreePropertyEnumerator(TEE_HANDLE_NULL);
}

static void test_malloc_zero(void **state)
{
	(void)state;
	void *p = TEE_Malloc(0, 0);
	assert_non_null(p);
	/* it is not heap memory: the page below the stack, never mapped in a TA */
	assert_ptr_equal(p, (void *)((uintptr_t)__ta_stack - TZV_TA_PAGE_SIZE));
	TEE_Free(p); /* accepted */
	void *q = TEE_Realloc(p, 16);
	assert_non_null(q);
	assert_ptr_not_equal(q, p);
	TEE_Free(q);
}

static void test_cancel_mask_per_session(void **state)
{
	(void)state;
	struct tzv_ta_params p;
	memset(&p, 0, sizeof(p));
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_OPEN_SESSION, 40, &p), TEE_SUCCESS);
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_OPEN_SESSION, 41, &p), TEE_SUCCESS);
	p.param_types = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT, 0, 0, 0);
	/* masked when a session opens */
	p.cmd_id = 51;
	tzv_ta_dispatch(TZV_TA_ENTRY_INVOKE, 40, &p);
	assert_int_equal(p.params[0].value.a, 1);
	/* session 40 unmasks: its next invoke starts unmasked (cmd 51 masks it again) ... */
	p.cmd_id = 50;
	tzv_ta_dispatch(TZV_TA_ENTRY_INVOKE, 40, &p);
	p.cmd_id = 51;
	tzv_ta_dispatch(TZV_TA_ENTRY_INVOKE, 40, &p);
	assert_int_equal(p.params[0].value.a, 0);
	/* ... and the other session is not affected */
	tzv_ta_dispatch(TZV_TA_ENTRY_INVOKE, 41, &p);
	assert_int_equal(p.params[0].value.a, 1);
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_CLOSE_SESSION, 40, &p), TEE_SUCCESS);
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_CLOSE_SESSION, 41, &p), TEE_SUCCESS);
}

static void test_gp11_forms(void **state)
{
	(void)state;
	struct {
		uint32_t len;
		uint32_t guard;
	} out = {3, 0xa5a5a5a5};
	char s[16];
	assert_int_equal(
	    __GP11_TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "gpd.ta.version", s, &out.len),
	    TEE_ERROR_SHORT_BUFFER);
	assert_int_equal(out.len, 4);
	assert_int_equal(out.guard, 0xa5a5a5a5);
	out.len = sizeof(s);
	assert_int_equal(
	    __GP11_TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "gpd.ta.version", s, &out.len),
	    TEE_SUCCESS);
	assert_string_equal(s, "1.0");
	uint8_t *m = __GP11_TEE_Malloc(8, 0);
	assert_non_null(m);
	__GP11_TEE_MemFill(m, 0x41, 8);
	assert_int_equal(__GP11_TEE_MemCompare(m, "AAAAAAAA", 8), 0);
	TEE_Free(m);
}

/* Return types as the specification (and OP-TEE) declare them: MemFill none, MemMove dest */
_Static_assert(__builtin_types_compatible_p(__typeof__(TEE_MemFill),
					    void(void *, uint32_t, size_t)),
	       "TEE_MemFill returns void");
_Static_assert(__builtin_types_compatible_p(__typeof__(TEE_MemMove),
					    void *(void *, const void *, size_t)),
	       "TEE_MemMove returns its destination");

static void test_gp_identifiers(void **state)
{
	(void)state;
	/* TEE_PARAM_TYPE_SET puts a 4-bit type at parameter i; GET reads it back */
	uint32_t t = TEE_PARAM_TYPE_SET(TEE_PARAM_TYPE_MEMREF_INOUT, 3) |
		     TEE_PARAM_TYPE_SET(TEE_PARAM_TYPE_VALUE_INPUT, 0);
	assert_int_equal(t, TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_NONE,
					    TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_MEMREF_INOUT));
	assert_int_equal(t, 0x7001);
	assert_int_equal(TEE_PARAM_TYPE_GET(t, 3), TEE_PARAM_TYPE_MEMREF_INOUT);
	assert_int_equal(TEE_PARAM_TYPE_SET(0x1F, 1), 0xF0); /* only 4 bits of the type */
	/* panic function ids: class in the high byte, function in the low one */
	assert_int_equal(TEE_PANIC_ID_TA_CLOSESESSIONENTRYPOINT, 0x101);
	assert_int_equal(TEE_PANIC_ID_TEE_MEMFILL, 0x606);
	assert_int_equal(TEE_PANIC_ID_TEE_MEMMOVE, 0x607);
	assert_int_equal(TEE_PANIC_ID_TEE_DERIVEKEY, 0x1201);
	assert_int_equal(TEE_PANIC_ID_TEE_WAIT, 0x1405);
	assert_int_equal(TEE_PANIC_ID_TEE_BIGINTADD, 0x1901);
	/* algorithm ids: class, hash (SHA3-256 is 9) and main algorithm bytes */
	assert_int_equal(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_256, 0x70919930);
	assert_int_equal(TEE_ALG_ECDSA_SHA3_256, 0x70007042);
	assert_int_equal(TEE_TYPE_X448_KEYPAIR, 0xA1000049);
	assert_int_equal(TEE_SE_READER_NAME_MAX, 20);
	/* OP-TEE's trace levels: CFG_TEE_TA_LOG_LEVEL=0 (TRACE_MIN) prints nothing, 1 errors */
	assert_int_equal(TRACE_MIN, 0);
	assert_int_equal(TRACE_ERROR, 1);
	assert_int_equal(TRACE_INFO, 2);
	assert_int_equal(TRACE_MAX, 4);
	assert_int_equal(sizeof(TEE_SEAID), sizeof(void *) + sizeof(size_t));
	/* not implemented here: TEE_IsAlgorithmSupported says so */
	assert_int_equal(TEE_IsAlgorithmSupported(TEE_ALG_ED448, TEE_CRYPTO_ELEMENT_NONE),
			 TEE_ERROR_NOT_SUPPORTED);
	assert_int_equal(
	    TEE_IsAlgorithmSupported(TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_256, TEE_CRYPTO_ELEMENT_NONE),
	    TEE_ERROR_NOT_SUPPORTED);
}

/* OP-TEE's trace_printf: level_ok false prints at any run-time level, true up to it */
static void test_trace_level_ok(void **state)
{
	(void)state;
	int saved = trace_get_level();
	trace_set_level(TRACE_ERROR);
	fake.log[0] = '\0';
	trace_printf("f", 7, TRACE_INFO, true, "hidden %d", 1);
	assert_string_equal(fake.log, "");
	trace_printf("f", 7, TRACE_ERROR, true, "shown %d", 2);
	assert_non_null(strstr(fake.log, "f:7 shown 2"));
	trace_printf("g", 8, TRACE_FLOW, false, "always %d", 3);
	assert_non_null(strstr(fake.log, "g:8 always 3"));
	/* dhex_dump: the level applies; 16 bytes a line */
	static const uint8_t bytes[17] = {0xde, 0xad, [16] = 0x7f};
	fake.log[0] = '\0';
	dhex_dump("h", 9, TRACE_INFO, bytes, sizeof(bytes));
	assert_string_equal(fake.log, "");
	dhex_dump("h", 9, TRACE_ERROR, bytes, sizeof(bytes));
	assert_non_null(strstr(fake.log, "h:9 0010: 7f")); /* the last line */
	trace_ext_puts("raw line");
	assert_string_equal(fake.log, "raw line");
	assert_int_equal(trace_ext_get_thread_id(), -1);
	trace_set_level(saved);
}

/* OP-TEE's libutils helpers TAs use (util.h, utee_defines.h, atomic.h, memtag.h) */
static void test_optee_helpers(void **state)
{
	(void)state;
	uint32_t u32 = 0;
	size_t sz = 0;
	assert_false(ADD_OVERFLOW(1u, 2u, &u32));
	assert_int_equal(u32, 3);
	assert_true(ADD_OVERFLOW(UINT32_MAX, 1u, &u32));
	assert_true(SUB_OVERFLOW(0u, 1u, &u32));
	assert_true(MUL_OVERFLOW((size_t)1 << 40, (size_t)1 << 30, &sz));
	assert_false(ROUNDUP_OVERFLOW(5u, 4u, &u32));
	assert_int_equal(u32, 8);
	assert_true(ROUNDUP_OVERFLOW(UINT32_MAX - 1, 4u, &u32));
	assert_int_equal(ROUNDUP_DIV(UINT32_MAX, 4096u), 0x100000);
	assert_int_equal(DIV_ROUND_UP(10, 4), 3);
	assert_int_equal(UDIV_ROUND_NEAREST(10u, 4u), 3);
	assert_int_equal(UDIV_ROUND_NEAREST(9u, 4u), 2);
	assert_int_equal(GENMASK_32(31, 0), 0xffffffffu);
	assert_int_equal(GENMASK_32(7, 4), 0xf0);
	assert_true(GENMASK_64(63, 62) == 0xc000000000000000ull);
	assert_false(IS_POWER_OF_TWO(0u));
	assert_true(IS_POWER_OF_TWO(64u));
	assert_false(IS_POWER_OF_TWO(96u));
	assert_int_equal(CMP_TRILEAN(1, 2), -1);
	assert_int_equal(CMP_TRILEAN(2, 2), 0);
	assert_int_equal(CMP_TRILEAN(3u, 2u), 1);
	assert_int_equal(SIZE_4K, 4096);
	assert_string_equal(TO_STR(CONCAT(TA_, FLAGS_MASK)), "0x7ffu");
	assert_int_equal(get_field_u32(0xabcd, 0xf0), 0xc);
	assert_int_equal(set_field_u32(0xabcd, 0xf0, 0x3), 0xab3d);
	assert_true(reg_pair_to_64(1, 2) == 0x100000002ull);
	uint32_t hi, lo;
	reg_pair_from_64(0x1122334455667788ull, &hi, &lo);
	assert_int_equal(hi, 0x11223344);
	assert_int_equal(lo, 0x55667788);
	assert_int_equal(TEE_U32_TO_BIG_ENDIAN(0x11223344), 0x44332211);
	assert_int_equal(TEE_U16_FROM_BIG_ENDIAN(0x1122), 0x2211);
	assert_int_equal(TEE_U32_TO_LITTLE_ENDIAN(0x11223344), 0x11223344);
	TEE_Time a = {1, 999}, b = {0, 2}, c;
	TEE_TIME_ADD(a, b, c);
	assert_int_equal(c.seconds, 2);
	assert_int_equal(c.millis, 1);
	TEE_TIME_SUB(c, b, a);
	assert_int_equal(a.seconds, 1);
	assert_int_equal(a.millis, 999);
	assert_true(TEE_TIME_LT(b, a));
	assert_false(TEE_TIME_LT(a, a));
	assert_true(TEE_TIME_LE(a, a));
	assert_int_equal(TEE_ALG_GET_DIGEST_SIZE(TEE_ALG_HMAC_SHA256), 32);
	assert_int_equal(TEE_ALG_GET_DIGEST_SIZE(TEE_ALG_AES_CMAC), 16);
	assert_int_equal(TEE_ALG_GET_DIGEST_SIZE(TEE_ALG_SHA3_512), 64);
	assert_int_equal(TEE_ALG_GET_DIGEST_SIZE(TEE_ALG_AES_CBC_NOPAD), 0);
	unsigned int ui = 5;
	assert_false(atomic_cas_uint(&ui, &(unsigned int){4}, 9));
	assert_true(atomic_cas_uint(&ui, &(unsigned int){5}, 9));
	assert_int_equal(atomic_load_uint(&ui), 9);
	short sh = 0;
	atomic_store_short(&sh, -3);
	assert_int_equal(atomic_load_short(&sh), -3);
	uint8_t m[4] = {1, 2, 3, 4};
	memtag_clear_mem(m, sizeof(m));
	assert_int_equal(m[3], 0);
	assert_int_equal(MEMTAG_IS_ENABLED, 0);
}

static void test_uuid_from_str(void **state)
{
	(void)state;
	TEE_UUID u;
	assert_int_equal(tee_uuid_from_str(&u, "8aaaf200-2450-11e4-abe2-0002a5d5c51b"),
			 TEE_SUCCESS);
	assert_int_equal(u.timeLow, 0x8aaaf200);
	assert_int_equal(u.timeMid, 0x2450);
	assert_int_equal(u.timeHiAndVersion, 0x11e4);
	static const uint8_t node[8] = {0xab, 0xe2, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b};
	assert_memory_equal(u.clockSeqAndNode, node, 8);
	/* upper case is the same UUID */
	TEE_UUID v;
	assert_int_equal(tee_uuid_from_str(&v, "8AAAF200-2450-11E4-ABE2-0002A5D5C51B"),
			 TEE_SUCCESS);
	assert_memory_equal(&u, &v, sizeof(u));
	/* malformed: *uuid is left alone */
	static const char *const bad[] = {
	    "8aaaf200-2450-11e4-abe2-0002a5d5c51",   /* 35 characters */
	    "8aaaf200-2450-11e4-abe2-0002a5d5c51b0", /* 37 */
	    "8aaaf200-2450-11e4-abe20-002a5d5c51b",  /* dash in the wrong place */
	    "8aaaf200-2450-11e4-abe2-0002a5d5c5g1",  /* not a hex digit */
	    "8aaaf200+2450-11e4-abe2-0002a5d5c51b",  /* not a dash */
	    " aaaf200-2450-11e4-abe2-0002a5d5c51b",  /* space */
	    "",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = u;
		v.timeLow = 0x12345678;
		assert_int_equal(tee_uuid_from_str(&v, bad[i]), TEE_ERROR_BAD_FORMAT);
		assert_int_equal(v.timeLow, 0x12345678);
	}
	assert_int_equal(tee_uuid_from_str(&v, NULL), TEE_ERROR_BAD_FORMAT);
}

static void test_cache_maintenance_needs_flag(void **state)
{
	(void)state;
	char buf[64];
	/* this TA's head has no TA_FLAG_CACHE_MAINTENANCE (the rest: guests/client tests_ta.c) */
	assert_int_equal(ta_head.flags & TA_FLAG_CACHE_MAINTENANCE, 0);
	assert_int_equal(TEE_CacheClean(buf, sizeof(buf)), TEE_ERROR_NOT_SUPPORTED);
	assert_int_equal(TEE_CacheFlush(buf, sizeof(buf)), TEE_ERROR_NOT_SUPPORTED);
	assert_int_equal(TEE_CacheInvalidate(buf, sizeof(buf)), TEE_ERROR_NOT_SUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_u64_and_binary_block),
	    cmocka_unit_test(test_enumerator),
	    cmocka_unit_test(test_malloc_zero),
	    cmocka_unit_test(test_cancel_mask_per_session),
	    cmocka_unit_test(test_gp11_forms),
	    cmocka_unit_test(test_gp_identifiers),
	    cmocka_unit_test(test_trace_level_ok),
	    cmocka_unit_test(test_optee_helpers),
	    cmocka_unit_test(test_uuid_from_str),
	    cmocka_unit_test(test_cache_maintenance_needs_flag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
