/*
 * libutee (ta/lib) on the host: heap, memory functions, formatting,
 * properties, the entry dispatcher, time/random/cancellation and the crypto
 * API against known-answer vectors (FIPS 180, RFC 4231, FIPS 197, SP 800-38A,
 * the GCM specification) and round trips for RSA and ECDSA (SM2, Ed25519, SM4:
 * test_utee_sm.c).
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

#include "../../ta/lib/utee.h"
#include "ta_host_stubs.h"
#include "utee_checks.h"

/* ---------------------------------------------------------------- heap */

static void test_heap(void **state)
{
	(void)state;
	static uint8_t area[4096 + 8];
	struct tzv_heap h;
	tzv_heap_init(&h, area + 3, 4096);
	assert_true(((uintptr_t)h.base & 15) == 0);
	void *a = tzv_heap_alloc(&h, 100), *b = tzv_heap_alloc(&h, 1), *c = tzv_heap_alloc(&h, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(((uintptr_t)a & 15) == 0 && ((uintptr_t)b & 15) == 0);
	assert_true(c != a && c != b);
	assert_true(tzv_heap_block_size(&h, a) >= 100);
	assert_null(tzv_heap_alloc(&h, 5000)); /* too big */
	assert_null(tzv_heap_alloc(&h, SIZE_MAX));
	/* Bad frees are refused and change nothing. */
	assert_int_equal(tzv_heap_free(&h, (uint8_t *)a + 16), -1);
	assert_int_equal(tzv_heap_free(&h, area), -1);
	assert_int_equal(tzv_heap_free(&h, a), 0);
	assert_int_equal(tzv_heap_free(&h, a), -1); /* double free */
	/* Realloc keeps the contents. */
	memset(b, 0x5a, 1);
	int bad;
	uint8_t *b2 = tzv_heap_realloc(&h, b, 1000, &bad);
	assert_false(bad);
	assert_non_null(b2);
	assert_int_equal(b2[0], 0x5a);
	assert_null(tzv_heap_realloc(&h, (uint8_t *)b2 + 32, 10, &bad));
	assert_true(bad);
	/* Everything freed: the free blocks merge back into one that fits almost all. */
	assert_int_equal(tzv_heap_free(&h, b2), 0);
	assert_int_equal(tzv_heap_free(&h, c), 0);
	assert_int_equal(h.used, 0);
	assert_true(h.max_used > 1000);
	void *big = tzv_heap_alloc(&h, 4096 - 32);
	assert_non_null(big);
	assert_int_equal(tzv_heap_free(&h, big), 0);
	/* Many small blocks, freed in a shuffled order, merge back too. */
	void *p[64];
	for (int i = 0; i < 64; i++)
		assert_non_null(p[i] = tzv_heap_alloc(&h, 24));
	for (int i = 0; i < 64; i++)
		assert_int_equal(tzv_heap_free(&h, p[(i * 37) % 64]), 0);
	assert_non_null(big = tzv_heap_alloc(&h, 4096 - 32));
}

static void test_tee_malloc(void **state)
{
	(void)state;
	uint8_t *p = TEE_Malloc(64, TEE_MALLOC_NO_FILL);
	memset(p, 0xee, 64);
	TEE_Free(p);
	p = TEE_Malloc(64, TEE_MALLOC_FILL_ZERO);
	for (int i = 0; i < 64; i++)
		assert_int_equal(p[i], 0);
	p = TEE_Realloc(p, 200);
	assert_non_null(p);
	TEE_Free(p);
	TEE_Free(NULL);
	assert_true(PANICS(TEE_Free(p)));           /* double free panics */
	assert_true(PANICS(TEE_Realloc((void *)16, 4)));
	assert_null(TEE_Malloc(1u << 30, 0));
}

static void test_mem(void **state)
{
	(void)state;
	uint8_t b[16] = "0123456789";
	TEE_MemMove(b + 2, b, 8);
	assert_memory_equal(b, "0101234567", 10);
	TEE_MemMove(b, b + 2, 8);
	assert_memory_equal(b, "0123456767", 10);
	assert_int_equal(TEE_MemCompare("abc", "abd", 3), -1);
	assert_int_equal(TEE_MemCompare("abd", "abc", 3), 1);
	assert_int_equal(TEE_MemCompare("abc", "abc", 3), 0);
	TEE_MemFill(b, 0x141, 4);
	assert_memory_equal(b, "AAAA", 4);
	fake.ok_base = fake.ok_area;
	assert_int_equal(TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ, fake.ok_area, 64),
			 TEE_SUCCESS);
	assert_int_equal(TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ, fake.ok_area, 65),
			 TEE_ERROR_ACCESS_DENIED);
	assert_int_equal(TEE_CheckMemoryAccessRights(0x80, fake.ok_area, 1), TEE_ERROR_ACCESS_DENIED);
	assert_int_equal(TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ, (void *)~(uintptr_t)0, 2),
			 TEE_ERROR_ACCESS_DENIED);
	int x = 3;
	TEE_SetInstanceData(&x);
	assert_ptr_equal(TEE_GetInstanceData(), &x);
}

static void test_printf(void **state)
{
	(void)state;
	char b[64];
	assert_int_equal(tzv_snprintf(b, sizeof(b), "%d|%5u|%-4x|%08lx|%s|%c|%%", -42, 7u, 0xabu,
				      0xdeadbeeful, "hi", 'z'),
			 30);
	assert_string_equal(b, "-42|    7|ab  |deadbeef|hi|z|%");
	assert_int_equal(tzv_snprintf(b, 5, "%s", "truncated"), 9);
	assert_string_equal(b, "trun");
	tzv_snprintf(b, sizeof(b), "%.3s|%zu|%lld|%#x|%p", "abcdef", (size_t)12, -5ll, 255u, (void *)0x10);
	assert_string_equal(b, "abc|12|-5|0xff|0x10");
	IMSG("value %d", 17);
	assert_non_null(strstr(fake.log, "value 17"));
	assert_non_null(strstr(fake.log, "test_printf"));
}

/* ---------------------------------------------------------------- properties */

static void test_props(void **state)
{
	(void)state;
	char s[80];
	size_t n = sizeof(s);
	uint32_t u;
	bool b;
	TEE_UUID id;
	assert_int_equal(TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "gpd.ta.appID", s, &n),
			 TEE_SUCCESS);
	assert_string_equal(s, "9c3f5e1a-7b2d-4e8f-a1c6-3d5b7e9f0a24");
	assert_int_equal(n, 37);
	n = 10;
	assert_int_equal(TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "gpd.ta.appID", s, &n),
			 TEE_ERROR_SHORT_BUFFER);
	assert_int_equal(n, 37);
	assert_int_equal(TEE_GetPropertyAsUUID(TEE_PROPSET_CURRENT_TA, "gpd.ta.appID", &id),
			 TEE_SUCCESS);
	assert_int_equal(id.timeLow, 0x9c3f5e1a);
	assert_int_equal(id.clockSeqAndNode[7], 0x24);
	assert_int_equal(TEE_GetPropertyAsBool(TEE_PROPSET_CURRENT_TA, "gpd.ta.singleInstance", &b),
			 TEE_SUCCESS);
	assert_true(b);
	assert_int_equal(TEE_GetPropertyAsBool(TEE_PROPSET_CURRENT_TA, "gpd.ta.instanceKeepAlive", &b),
			 TEE_SUCCESS);
	assert_false(b);
	assert_int_equal(TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "gpd.ta.dataSize", &u),
			 TEE_SUCCESS);
	assert_int_equal(u, 32768);
	assert_int_equal(TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "gpd.ta.stackSize", &u),
			 TEE_SUCCESS);
	assert_int_equal(u, 2048);
	n = sizeof(s);
	assert_int_equal(TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "gpd.ta.version", s, &n),
			 TEE_SUCCESS);
	assert_string_equal(s, "1.0");
	assert_int_equal(TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "org.example.answer", &u),
			 TEE_SUCCESS);
	assert_int_equal(u, 42);
	assert_int_equal(TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "org.example.number", &u),
			 TEE_SUCCESS);
	assert_int_equal(u, 42);
	n = sizeof(s);
	assert_int_equal(TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "org.example.flag", s, &n),
			 TEE_SUCCESS);
	assert_string_equal(s, "true");
	assert_int_equal(TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "gpd.ta.appID", &u),
			 TEE_ERROR_BAD_FORMAT);
	assert_int_equal(TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "no.such", &u),
			 TEE_ERROR_ITEM_NOT_FOUND);
	/* TEE implementation properties come from the kernel. */
	n = sizeof(s);
	assert_int_equal(TEE_GetPropertyAsString(TEE_PROPSET_TEE_IMPLEMENTATION, "gpd.tee.apiversion",
						 s, &n),
			 TEE_SUCCESS);
	assert_string_equal(s, "1.3.1");
	assert_int_equal(TEE_GetPropertyAsU32(TEE_PROPSET_TEE_IMPLEMENTATION,
					      "gpd.tee.internalCore.version", &u),
			 TEE_SUCCESS);
	assert_int_equal(u, 0x01030100);
	assert_int_equal(TEE_GetPropertyAsU32(TEE_PROPSET_TEE_IMPLEMENTATION, "gpd.tee.nothing", &u),
			 TEE_ERROR_ITEM_NOT_FOUND);
	/* The client of the current entry. */
	TEE_Identity who;
	tzv_current_client.login = TEE_LOGIN_USER;
	assert_int_equal(TEE_GetPropertyAsIdentity(TEE_PROPSET_CURRENT_CLIENT, "gpd.client.identity",
						   &who),
			 TEE_SUCCESS);
	assert_int_equal(who.login, TEE_LOGIN_USER);
	/* A handle that is no allocated enumerator panics. */
	assert_true(PANICS(TEE_GetPropertyAsU32((TEE_PropSetHandle)0x1234, "x", &u)));
}

/* ---------------------------------------------------------------- dispatcher */

static void test_dispatch(void **state)
{
	(void)state;
	struct tzv_ta_params p;
	uint8_t buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	memset(&p, 0, sizeof(p));
	fake.created = fake.opened = fake.closed = fake.destroyed = 0;
	int level = trace_get_level();
	fake.ta_trace_level = TRACE_DEBUG;
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_CREATE, 0, &p), TEE_SUCCESS);
	assert_int_equal(fake.created, 1);
	/* the TA's own log level from CREATE on (tahead_get_trace_level) */
	assert_int_equal(trace_get_level(), TRACE_DEBUG);
	trace_set_level(level);
	p.login = TEE_LOGIN_APPLICATION;
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_OPEN_SESSION, 5, &p), TEE_SUCCESS);
	assert_int_equal(tzv_current_client.login, TEE_LOGIN_APPLICATION);
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_OPEN_SESSION, 5, &p), TEE_ERROR_BAD_PARAMETERS);
	/* An open refused by the TA leaves no session. */
	p.param_types = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, 0, 0, 0);
	p.params[0].value.a = 666;
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_OPEN_SESSION, 6, &p), TEE_ERROR_ACCESS_DENIED);
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_INVOKE, 6, &p), TEE_ERROR_BAD_PARAMETERS);
	/* Invoke: values in and out, memref size written back, the session's context kept. */
	p.cmd_id = 7;
	p.param_types = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_MEMREF_INOUT, 0, 0);
	p.params[0].value.a = 10;
	p.params[1].memref.buffer = (uintptr_t)buf;
	p.params[1].memref.size = sizeof(buf);
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_INVOKE, 5, &p), TEE_SUCCESS);
	assert_int_equal(fake.last_cmd, 7);
	assert_int_equal(p.params[0].value.a, 21);
	assert_int_equal(p.params[1].memref.size, 4);
	assert_int_equal(buf[0], 0xfe);
	p.params[0].value.a = 10;
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_INVOKE, 5, &p), TEE_SUCCESS);
	assert_int_equal(p.params[0].value.a, 22);
	/* Output of a VALUE_INPUT is not written back. */
	p.param_types = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, 0, 0, 0);
	p.params[0].value.a = 10;
	p.cmd_id = 99;
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_INVOKE, 5, &p), TEE_ERROR_NOT_SUPPORTED);
	assert_int_equal(p.params[0].value.a, 10);
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_CLOSE_SESSION, 5, &p), TEE_SUCCESS);
	assert_int_equal(fake.closed, 1);
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_CLOSE_SESSION, 5, &p), TEE_ERROR_BAD_PARAMETERS);
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_INVOKE, 5, &p), TEE_ERROR_BAD_PARAMETERS);
	assert_int_equal(tzv_ta_dispatch(TZV_TA_ENTRY_DESTROY, 0, &p), TEE_SUCCESS);
	assert_int_equal(fake.destroyed, 1);
	assert_int_equal(tzv_ta_dispatch(77, 0, &p), TEE_ERROR_BAD_PARAMETERS);
}

static void test_time_random_cancel(void **state)
{
	(void)state;
	TEE_Time t;
	TEE_GetSystemTime(&t);
	assert_int_equal(t.seconds, 12);
	TEE_GetREETime(&t);
	assert_int_equal(t.seconds, 1700000000u);
	uint8_t r[10000];
	size_t before = fake.random_bytes;
	TEE_GenerateRandom(r, sizeof(r)); /* more than one syscall's worth */
	assert_int_equal(fake.random_bytes - before, sizeof(r));
	fake.cancel = 1;
	TEE_MaskCancellation();
	assert_false(TEE_GetCancellationFlag());
	assert_int_equal(TEE_Wait(5), TEE_SUCCESS);
	assert_int_equal(fake.waited_ms, 5);
	assert_true(TEE_UnmaskCancellation());
	assert_true(TEE_GetCancellationFlag());
	assert_int_equal(TEE_Wait(5), TEE_ERROR_CANCEL);
	fake.cancel = 0;
	TEE_MaskCancellation();
	assert_true(PANICS(TEE_Panic(0x1234)));
	assert_int_equal(fake.panic_code, 0x1234);
}

/* ---------------------------------------------------------------- crypto */

static void digest_kat(uint32_t alg, const char *msg, const char *want)
{
	TEE_OperationHandle op;
	uint8_t out[64], exp[64];
	size_t n = 1, len = unhex(want, exp);
	assert_int_equal(TEE_AllocateOperation(&op, alg, TEE_MODE_DIGEST, 0), TEE_SUCCESS);
	assert_int_equal(TEE_DigestDoFinal(op, msg, strlen(msg), out, &n), TEE_ERROR_SHORT_BUFFER);
	assert_int_equal(n, len);
	TEE_DigestUpdate(op, msg, 1);
	n = sizeof(out);
	assert_int_equal(TEE_DigestDoFinal(op, msg + 1, strlen(msg) - 1, out, &n), TEE_SUCCESS);
	assert_int_equal(n, len);
	assert_memory_equal(out, exp, len);
	/* The operation starts over after DoFinal. */
	n = sizeof(out);
	assert_int_equal(TEE_DigestDoFinal(op, msg, strlen(msg), out, &n), TEE_SUCCESS);
	assert_memory_equal(out, exp, len);
	TEE_OperationInfo info;
	TEE_GetOperationInfo(op, &info);
	assert_int_equal(info.operationClass, TEE_OPERATION_DIGEST);
	assert_int_equal(info.digestLength, len);
	TEE_FreeOperation(op);
}

static void test_digest(void **state)
{
	(void)state;
	digest_kat(TEE_ALG_SHA1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
	digest_kat(TEE_ALG_SHA256, "abc",
		   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	TEE_OperationHandle op;
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_SHA256, TEE_MODE_ENCRYPT, 0),
			 TEE_ERROR_NOT_SUPPORTED);
	assert_int_equal(TEE_AllocateOperation(&op, 0x12345678, TEE_MODE_DIGEST, 0),
			 TEE_ERROR_NOT_SUPPORTED);
}

/* SHA-3 and SHAKE (libtomcrypt in the kernel): FIPS 202's examples. */
static void test_sha3(void **state)
{
	(void)state;
	digest_kat(TEE_ALG_SHA3_224, "abc",
		   "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf");
	digest_kat(TEE_ALG_SHA3_256, "abc",
		   "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
	digest_kat(
	    TEE_ALG_SHA3_384, "abc",
	    "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f5"
	    "39f1edf228376d25");
	digest_kat(
	    TEE_ALG_SHA3_512, "abc",
	    "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c9"
	    "1a7ec57647e3934057340b4cf408d5a56592f8274eec53f0");
	/* SHAKE: DoFinal gives as many bytes as asked (GP: digestLength 0) */
	uint8_t want[40], out[40];
	unhex("5881092dd818bf5cf8a3ddb793fbcba74097d5c526a6d35f97b83351940f2cc844c50af32acd3f2c",
	      want);
	TEE_OperationHandle op;
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_SHAKE128, TEE_MODE_DIGEST, 0),
			 TEE_SUCCESS);
	TEE_OperationInfo info;
	TEE_GetOperationInfo(op, &info);
	assert_int_equal(info.digestLength, 0);
	TEE_DigestUpdate(op, "a", 1);
	size_t n = 40;
	assert_int_equal(TEE_DigestDoFinal(op, "bc", 2, out, &n), TEE_SUCCESS);
	assert_int_equal(n, 40);
	assert_memory_equal(out, want, 40);
	/* ... and TEE_DigestExtract squeezes it out in pieces */
	TEE_DigestUpdate(op, "abc", 3);
	n = 7;
	assert_int_equal(TEE_DigestExtract(op, out, &n), TEE_SUCCESS);
	assert_int_equal(n, 7);
	n = 33;
	assert_int_equal(TEE_DigestExtract(op, out + 7, &n), TEE_SUCCESS);
	assert_memory_equal(out, want, 40);
	TEE_FreeOperation(op);
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_SHAKE256, TEE_MODE_DIGEST, 0),
			 TEE_SUCCESS);
	unhex("46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f", want);
	n = 32;
	assert_int_equal(TEE_DigestDoFinal(op, NULL, 0, out, &n), TEE_SUCCESS);
	assert_memory_equal(out, want, 32);
	TEE_FreeOperation(op);
}

/* GP 1.3.1 TEE_DigestExtract on a fixed-size digest, and its misuses. */
static void test_digest_extract(void **state)
{
	(void)state;
	uint8_t want[32], out[32];
	unhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want);
	TEE_OperationHandle op, copy;
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0),
			 TEE_SUCCESS);
	assert_int_equal(TEE_AllocateOperation(&copy, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0),
			 TEE_SUCCESS);
	TEE_DigestUpdate(op, "abc", 3);
	size_t n = 5;
	assert_int_equal(TEE_DigestExtract(op, out, &n), TEE_SUCCESS);
	assert_int_equal(n, 5);
	assert_memory_equal(out, want, 5);
	TEE_OperationInfoMultiple m[2];
	size_t sz = sizeof(m);
	assert_int_equal(TEE_GetOperationInfoMultiple(op, m, &sz), TEE_SUCCESS);
	assert_int_equal(m[0].operationState, TEE_OPERATION_STATE_EXTRACTING);
	assert_true(m[0].handleState & TEE_HANDLE_FLAG_EXTRACTING);
	/* a copy goes on from the same place */
	TEE_CopyOperation(copy, op);
	n = 4;
	assert_int_equal(TEE_DigestExtract(op, out + 5, &n), TEE_SUCCESS);
	assert_memory_equal(out + 5, want + 5, 4);
	/* DoFinal gives what is left, at most the whole digest */
	n = sizeof(out);
	assert_int_equal(TEE_DigestDoFinal(op, NULL, 0, out, &n), TEE_SUCCESS);
	assert_int_equal(n, 32 - 9);
	assert_memory_equal(out, want + 9, n);
	n = sizeof(out);
	assert_int_equal(TEE_DigestExtract(copy, out, &n), TEE_SUCCESS);
	assert_int_equal(n, 32 - 5);
	assert_memory_equal(out, want + 5, n);
	/* the operation started over after DoFinal */
	n = sizeof(out);
	assert_int_equal(TEE_DigestDoFinal(op, "abc", 3, out, &n), TEE_SUCCESS);
	assert_memory_equal(out, want, 32);
	/* no more input once extraction began: a panic */
	assert_true(PANICS(TEE_DigestUpdate(copy, "x", 1)));
	n = sizeof(out);
	assert_true(PANICS(TEE_DigestDoFinal(copy, "x", 1, out, &n)));
	TEE_FreeOperation(op);
	TEE_FreeOperation(copy);
}

static TEE_ObjectHandle secret_key(uint32_t type, const uint8_t *k, size_t len)
{
	TEE_ObjectHandle o;
	TEE_Attribute a;
	assert_int_equal(TEE_AllocateTransientObject(type, (uint32_t)len * 8, &o), TEE_SUCCESS);
	TEE_InitRefAttribute(&a, TEE_ATTR_SECRET_VALUE, k, len);
	assert_int_equal(TEE_PopulateTransientObject(o, &a, 1), TEE_SUCCESS);
	return o;
}

static void test_hmac(void **state)
{
	(void)state;
	/* RFC 4231 test case 2 */
	const char *msg = "what do ya want for nothing?";
	uint8_t exp[32], mac[32];
	unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", exp);
	TEE_ObjectHandle k = secret_key(TEE_TYPE_GENERIC_SECRET, (const uint8_t *)"Jefe", 4);
	TEE_OperationHandle op;
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_HMAC_SHA256, TEE_MODE_MAC, 256),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(op, k), TEE_SUCCESS);
	TEE_FreeTransientObject(k); /* the operation holds its own copy */
	TEE_MACInit(op, NULL, 0);
	TEE_MACUpdate(op, msg, 10);
	size_t n = sizeof(mac);
	assert_int_equal(TEE_MACComputeFinal(op, msg + 10, strlen(msg) - 10, mac, &n), TEE_SUCCESS);
	assert_int_equal(n, 32);
	assert_memory_equal(mac, exp, 32);
	TEE_MACInit(op, NULL, 0);
	assert_int_equal(TEE_MACCompareFinal(op, msg, strlen(msg), exp, 32), TEE_SUCCESS);
	exp[31] ^= 1;
	TEE_MACInit(op, NULL, 0);
	assert_int_equal(TEE_MACCompareFinal(op, msg, strlen(msg), exp, 32), TEE_ERROR_MAC_INVALID);
	/* Without MACInit: a panic. */
	assert_true(PANICS(TEE_MACUpdate(op, msg, 1)));
	TEE_FreeOperation(op);
}

static void hmac_kat(uint32_t alg, uint32_t type, const uint8_t *key, size_t key_len,
		     const char *want)
{
	const char *msg = "what do ya want for nothing?";
	uint8_t exp[64], mac[64];
	size_t len = unhex(want, exp), n = sizeof(mac);
	TEE_ObjectHandle k = secret_key(type, key, key_len);
	TEE_OperationHandle op, copy;
	assert_int_equal(TEE_AllocateOperation(&op, alg, TEE_MODE_MAC, (uint32_t)key_len * 8),
			 TEE_SUCCESS);
	assert_int_equal(TEE_AllocateOperation(&copy, alg, TEE_MODE_MAC, (uint32_t)key_len * 8),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(op, k), TEE_SUCCESS);
	TEE_FreeTransientObject(k);
	TEE_MACInit(op, NULL, 0);
	TEE_MACUpdate(op, msg, 9);
	TEE_CopyOperation(copy, op);
	assert_int_equal(TEE_MACComputeFinal(op, msg + 9, strlen(msg) - 9, mac, &n), TEE_SUCCESS);
	assert_int_equal(n, len);
	assert_memory_equal(mac, exp, len);
	assert_int_equal(TEE_MACCompareFinal(copy, msg + 9, strlen(msg) - 9, exp, len),
			 TEE_SUCCESS);
	/* again from MACInit: the key is still there */
	TEE_MACInit(op, NULL, 0);
	assert_int_equal(TEE_MACCompareFinal(op, msg, strlen(msg), exp, len), TEE_SUCCESS);
	TEE_FreeOperation(op);
	TEE_FreeOperation(copy);
}

/* HMAC over SHA-3 (libtomcrypt in the kernel); expected values from OpenSSL (Python's hmac). */
static void test_hmac_sha3(void **state)
{
	(void)state;
	uint8_t key[200];
	for (int i = 0; i < 200; i++)
		key[i] = (uint8_t)i;
	hmac_kat(TEE_ALG_HMAC_SHA3_256, TEE_TYPE_GENERIC_SECRET, (const uint8_t *)"Jefe", 4,
		 "c7d4072e788877ae3596bbb0da73b887c9171f93095b294ae857fbe2645e1ba5");
	/* a key longer than the block (144 bytes) is hashed first */
	hmac_kat(TEE_ALG_HMAC_SHA3_224, TEE_TYPE_GENERIC_SECRET, key, 200,
		 "1faadd4578f51114ec35e6d10e5b9a6fc8e5554ed7c914e7dfab0141");
	hmac_kat(TEE_ALG_HMAC_SHA3_512, TEE_TYPE_HMAC_SHA3_512, key, 32,
		 "97966cc49785e7422e1cb894e66af10ecbfe74e4cb4f15e75983f0ee3655e34198933f75ec9412d7"
		 "19b9fcf98687218a1ae0f180a0cf3c0ef1eb6709b9ac1440");
	/* GP's sizes of the HMAC-SHA3-256 key type: 256..1024 bits */
	TEE_ObjectHandle o;
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_HMAC_SHA3_256, 128, &o),
			 TEE_ERROR_NOT_SUPPORTED);
	/* GP: a secret value too big for the object's maximum size is a panic */
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_HMAC_SHA3_256, 256, &o), TEE_SUCCESS);
	TEE_Attribute a;
	TEE_InitRefAttribute(&a, TEE_ATTR_SECRET_VALUE, key, 33);
	assert_true(PANICS(TEE_PopulateTransientObject(o, &a, 1)));
	TEE_FreeTransientObject(o);
}

/* SM3 (OpenSSL's, in the kernel): GB/T 32905-2016's example 1; HMAC-SM3 from OpenSSL. */
static void test_sm3(void **state)
{
	(void)state;
	digest_kat(TEE_ALG_SM3, "abc",
		   "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
	uint8_t key[16];
	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	hmac_kat(TEE_ALG_HMAC_SM3, TEE_TYPE_HMAC_SM3, key, 16,
		 "1007747e010ae99479660ae6899553d44747dc9485c21bc7ba93df0582763e3a");
}

static void cipher_kat(uint32_t alg, uint32_t mode, const char *key, const char *iv,
		       const char *in, const char *out)
{
	uint8_t k[32], v[16], i[64], o[64], r[64];
	size_t kl = unhex(key, k), vl = iv ? unhex(iv, v) : 0, il = unhex(in, i);
	unhex(out, o);
	TEE_ObjectHandle key_obj = secret_key(TEE_TYPE_AES, k, kl);
	TEE_OperationHandle op;
	assert_int_equal(TEE_AllocateOperation(&op, alg, mode, (uint32_t)kl * 8), TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(op, key_obj), TEE_SUCCESS);
	TEE_CipherInit(op, iv ? v : NULL, vl);
	/* 5 bytes, then the rest: block modes hold back the partial block. */
	size_t n1 = sizeof(r), n2;
	assert_int_equal(TEE_CipherUpdate(op, i, 5, r, &n1), TEE_SUCCESS);
	assert_int_equal(n1, alg == TEE_ALG_AES_CTR ? 5 : 0);
	n2 = 1;
	if (il - 5 + (alg == TEE_ALG_AES_CTR ? 0 : 5) > 1)
		assert_int_equal(TEE_CipherDoFinal(op, i + 5, il - 5, r + n1, &n2),
				 TEE_ERROR_SHORT_BUFFER);
	n2 = sizeof(r) - n1;
	assert_int_equal(TEE_CipherDoFinal(op, i + 5, il - 5, r + n1, &n2), TEE_SUCCESS);
	assert_int_equal(n1 + n2, il);
	assert_memory_equal(r, o, il);
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(key_obj);
}

static void test_aes(void **state)
{
	(void)state;
	/* FIPS-197 C.1 */
	cipher_kat(TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, "000102030405060708090a0b0c0d0e0f", NULL,
		   "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a");
	cipher_kat(TEE_ALG_AES_ECB_NOPAD, TEE_MODE_DECRYPT, "000102030405060708090a0b0c0d0e0f", NULL,
		   "69c4e0d86a7b0430d8cdb78070b4c55a", "00112233445566778899aabbccddeeff");
	/* SP 800-38A F.2.1/F.2.2 (two blocks) */
	const char *k = "2b7e151628aed2a6abf7158809cf4f3c";
	const char *pt = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51";
	cipher_kat(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, k, "000102030405060708090a0b0c0d0e0f",
		   pt, "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2");
	cipher_kat(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_DECRYPT, k, "000102030405060708090a0b0c0d0e0f",
		   "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2", pt);
	/* SP 800-38A F.5.1/F.5.2 */
	cipher_kat(TEE_ALG_AES_CTR, TEE_MODE_ENCRYPT, k, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", pt,
		   "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff");
	cipher_kat(TEE_ALG_AES_CTR, TEE_MODE_DECRYPT, k, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
		   "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff", pt);
	/* CBC without padding: a partial last block is refused. */
	uint8_t key[16] = { 0 }, iv[16] = { 0 }, buf[32];
	TEE_ObjectHandle o = secret_key(TEE_TYPE_AES, key, 16);
	TEE_OperationHandle op;
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, 128),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(op, o), TEE_SUCCESS);
	TEE_CipherInit(op, iv, 16);
	size_t n = sizeof(buf);
	assert_int_equal(TEE_CipherDoFinal(op, buf, 17, buf, &n), TEE_ERROR_BAD_PARAMETERS);
	TEE_FreeOperation(op);
	/* Key sizes: 100-bit AES does not exist; a key larger than the operation's max panics. */
	TEE_ObjectHandle bad;
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_AES, 100, &bad), TEE_ERROR_NOT_SUPPORTED);
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_AES_CTR, TEE_MODE_ENCRYPT, 100),
			 TEE_ERROR_NOT_SUPPORTED);
	TEE_FreeTransientObject(o);
}

static void test_gcm(void **state)
{
	(void)state;
	/* The GCM specification's test case 2: zero key, zero IV, one zero block. */
	uint8_t key[16] = { 0 }, nonce[12] = { 0 }, pt[16] = { 0 }, ct[16], tag[16], exp[16], t[16];
	TEE_ObjectHandle o = secret_key(TEE_TYPE_AES, key, 16);
	TEE_OperationHandle enc, dec;
	assert_int_equal(TEE_AllocateOperation(&enc, TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, 128),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(enc, o), TEE_SUCCESS);
	assert_int_equal(TEE_AEInit(enc, nonce, 12, 128, 0, 16), TEE_SUCCESS);
	size_t n = sizeof(ct), tl = sizeof(tag);
	assert_int_equal(TEE_AEEncryptFinal(enc, pt, 16, ct, &n, tag, &tl), TEE_SUCCESS);
	assert_int_equal(n, 16);
	assert_int_equal(tl, 16);
	unhex("0388dace60b6a392f328c2b971b2fe78", exp);
	assert_memory_equal(ct, exp, 16);
	unhex("ab6e47d42cec13bdf53a67b21257bddf", exp);
	assert_memory_equal(tag, exp, 16);

	/* A round trip with AAD in two parts and data in odd pieces, then tampering. */
	uint8_t msg[45], c2[45], p2[45], aad[20];
	for (int i = 0; i < 45; i++)
		msg[i] = (uint8_t)(i * 3);
	memset(aad, 0x61, sizeof(aad));
	assert_int_equal(TEE_AEInit(enc, nonce, 12, 96, sizeof(aad), sizeof(msg)), TEE_SUCCESS);
	TEE_AEUpdateAAD(enc, aad, 7);
	TEE_AEUpdateAAD(enc, aad + 7, 13);
	size_t n1 = sizeof(c2), n2;
	assert_int_equal(TEE_AEUpdate(enc, msg, 20, c2, &n1), TEE_SUCCESS);
	assert_int_equal(n1, 20); /* GCM is a stream: all 20 bytes come out at once */
	n2 = sizeof(c2) - n1;
	tl = sizeof(t);
	assert_int_equal(TEE_AEEncryptFinal(enc, msg + 20, 25, c2 + n1, &n2, t, &tl), TEE_SUCCESS);
	assert_int_equal(n1 + n2, 45);
	assert_int_equal(tl, 12);
	assert_int_equal(TEE_AllocateOperation(&dec, TEE_ALG_AES_GCM, TEE_MODE_DECRYPT, 128),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(dec, o), TEE_SUCCESS);
	for (int round = 0; round < 3; round++) {
		assert_int_equal(TEE_AEInit(dec, nonce, 12, 96, sizeof(aad), sizeof(msg)), TEE_SUCCESS);
		if (round == 1)
			aad[0] ^= 1;
		TEE_AEUpdateAAD(dec, aad, sizeof(aad));
		if (round == 1)
			aad[0] ^= 1;
		if (round == 2)
			c2[44] ^= 1;
		n = sizeof(p2);
		TEE_Result r = TEE_AEDecryptFinal(dec, c2, 45, p2, &n, t, tl);
		if (round == 0) {
			assert_int_equal(r, TEE_SUCCESS);
			assert_memory_equal(p2, msg, 45);
		} else {
			assert_int_equal(r, TEE_ERROR_MAC_INVALID);
		}
	}
	TEE_FreeOperation(enc);
	TEE_FreeOperation(dec);
	TEE_FreeTransientObject(o);
}

static void test_rsa(void **state)
{
	(void)state;
	TEE_ObjectHandle kp, pub;
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_RSA_KEYPAIR, 2048, &kp), TEE_SUCCESS);
	assert_int_equal(TEE_GenerateKey(kp, 2048, NULL, 0), TEE_SUCCESS);
	TEE_ObjectInfo info;
	TEE_GetObjectInfo1(kp, &info);
	assert_int_equal(info.objectSize, 2048);
	assert_true(info.handleFlags & TEE_HANDLE_FLAG_INITIALIZED);
	sign_round_trip(kp, TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, 2048);
	sign_round_trip(kp, TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, 2048);

	/* The public half, as a client would hand it over, verifies and encrypts. */
	uint8_t n[256], e[4];
	size_t nl = sizeof(n), el = sizeof(e);
	assert_int_equal(TEE_GetObjectBufferAttribute(kp, TEE_ATTR_RSA_MODULUS, n, &nl), TEE_SUCCESS);
	assert_int_equal(TEE_GetObjectBufferAttribute(kp, TEE_ATTR_RSA_PUBLIC_EXPONENT, e, &el),
			 TEE_SUCCESS);
	assert_int_equal(nl, 256);
	TEE_Attribute a[2];
	TEE_InitRefAttribute(&a[0], TEE_ATTR_RSA_MODULUS, n, nl);
	TEE_InitRefAttribute(&a[1], TEE_ATTR_RSA_PUBLIC_EXPONENT, e, el);
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_RSA_PUBLIC_KEY, 2048, &pub), TEE_SUCCESS);
	assert_int_equal(TEE_PopulateTransientObject(pub, a, 2), TEE_SUCCESS);

	uint32_t algs[] = { TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA256, TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA1,
			    TEE_ALG_RSAES_PKCS1_V1_5 };
	for (int i = 0; i < 3; i++) {
		TEE_OperationHandle enc, dec;
		uint8_t ct[256], pt[256];
		size_t cl = sizeof(ct), pl = sizeof(pt);
		assert_int_equal(TEE_AllocateOperation(&enc, algs[i], TEE_MODE_ENCRYPT, 2048),
				 TEE_SUCCESS);
		assert_int_equal(TEE_AllocateOperation(&dec, algs[i], TEE_MODE_DECRYPT, 2048),
				 TEE_SUCCESS);
		assert_int_equal(TEE_SetOperationKey(enc, pub), TEE_SUCCESS);
		assert_int_equal(TEE_SetOperationKey(dec, kp), TEE_SUCCESS);
		assert_int_equal(TEE_AsymmetricEncrypt(enc, NULL, 0, "secret", 6, ct, &cl), TEE_SUCCESS);
		assert_int_equal(cl, 256);
		pl = 2;
		assert_int_equal(TEE_AsymmetricDecrypt(dec, NULL, 0, ct, cl, pt, &pl),
				 TEE_ERROR_SHORT_BUFFER);
		assert_int_equal(pl, 6);
		assert_int_equal(TEE_AsymmetricDecrypt(dec, NULL, 0, ct, cl, pt, &pl), TEE_SUCCESS);
		assert_memory_equal(pt, "secret", 6);
		ct[10] ^= 1;
		pl = sizeof(pt);
		assert_int_equal(TEE_AsymmetricDecrypt(dec, NULL, 0, ct, cl, pt, &pl),
				 TEE_ERROR_BAD_PARAMETERS);
		TEE_FreeOperation(enc);
		TEE_FreeOperation(dec);
	}
	/* A public key cannot sign. */
	TEE_OperationHandle s;
	assert_int_equal(TEE_AllocateOperation(&s, TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, TEE_MODE_SIGN,
					       2048),
			 TEE_SUCCESS);
	assert_true(PANICS(TEE_SetOperationKey(s, pub)));
	TEE_FreeOperation(s);
	TEE_FreeTransientObject(pub);
	TEE_FreeTransientObject(kp);
}

static void test_ecdsa(void **state)
{
	(void)state;
	TEE_ObjectHandle kp;
	TEE_Attribute curve;
	TEE_InitValueAttribute(&curve, TEE_ATTR_ECC_CURVE, TEE_ECC_CURVE_NIST_P256, 0);
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_ECDSA_KEYPAIR, 256, &kp), TEE_SUCCESS);
	assert_int_equal(TEE_GenerateKey(kp, 256, &curve, 1), TEE_SUCCESS);
	uint32_t a, b;
	assert_int_equal(TEE_GetObjectValueAttribute(kp, TEE_ATTR_ECC_CURVE, &a, &b), TEE_SUCCESS);
	assert_int_equal(a, TEE_ECC_CURVE_NIST_P256);
	sign_round_trip(kp, TEE_ALG_ECDSA_SHA256, 256);
	TEE_FreeTransientObject(kp);
}

/* DSA (FIPS 186-4) with 1024-bit p, 160-bit q: a key and a signature made by OpenSSL. */
#define DSA_P                                                                                      \
	"fa0329698bdd9a072faf97985f7cbff36ee7188b0b79cc8b24db81400618f355304b0e4fb8c23ac380d77752" \
	"0f2714227f2a5c4a205703afae150179680922e563a4e964528cb6b40930b05cc1402bceb4b885d1eafcc5f6" \
	"24099b9d631b6b82a9fd12ad4fb9eb3165e2127acda34c94ca92c46e52b64a868fae9654eeed8dc9"
#define DSA_Q "efdf52e72db23b3344b0e38993b9310f3534f281"
#define DSA_G                                                                                      \
	"772cda144a159944b2fe5d54d2837ecf9f30e0a727860bca834da4cf1530846288d6bae0f164795c134bd5a6" \
	"dce77d33e997a9fc3408d052ed3bf363b31f3e82d0cae0d85c04112aa1cf2f1a342ac54c22d688ceb6ce8244" \
	"940e92abeb3f9472ec004314f0c74fea893a240b7539ff2ed1dd0ade1581e4bbcdfceae58dc3df56"
#define DSA_Y                                                                                      \
	"94dc16be6565a98868d04269a7ebe8d04e6f7e4f4ec55a5bb4c6a76af2a08814e634ac8d0fe0b8b9f8ec3ed9" \
	"183770649548857c4b85c3c99a208abedc735cd53a8096d689393805a9fc564fff0c8c475e634d714a207db9" \
	"f1a26dbfc18a80e9e411139eda903ec4851704c2146674f3d1a704cfbb135d9f95fbd93edf392e31"
#define DSA_X "1cdf56aa67a28917bea4bcc525e4f8dd0c6f2096"

static uint8_t dsa_buf[5][128];

static size_t dsa_attrs(TEE_Attribute *a, bool private)
{
	static const char *const hex[5] = {DSA_P, DSA_Q, DSA_G, DSA_Y, DSA_X};
	static const uint32_t ids[5] = {TEE_ATTR_DSA_PRIME, TEE_ATTR_DSA_SUBPRIME,
					TEE_ATTR_DSA_BASE, TEE_ATTR_DSA_PUBLIC_VALUE,
					TEE_ATTR_DSA_PRIVATE_VALUE};
	size_t n = private ? 5 : 4;
	for (size_t i = 0; i < n; i++)
		TEE_InitRefAttribute(&a[i], ids[i], dsa_buf[i], unhex(hex[i], dsa_buf[i]));
	return n;
}

static void dsa_sign_verify(TEE_ObjectHandle kp, TEE_ObjectHandle pub)
{
	uint8_t digest[20], sig[64];
	TEE_OperationHandle s, v;
	unhex("2e4ced72f3a786b904fccb4388c017ac15a0986c", digest);
	assert_int_equal(TEE_AllocateOperation(&s, TEE_ALG_DSA_SHA1, TEE_MODE_SIGN, 1024),
			 TEE_SUCCESS);
	assert_int_equal(TEE_AllocateOperation(&v, TEE_ALG_DSA_SHA1, TEE_MODE_VERIFY, 1024),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(s, kp), TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(v, pub), TEE_SUCCESS);
	size_t n = 39;
	assert_int_equal(TEE_AsymmetricSignDigest(s, NULL, 0, digest, 20, sig, &n),
			 TEE_ERROR_SHORT_BUFFER);
	assert_int_equal(n, 40); /* r || s, each as long as q */
	assert_int_equal(TEE_AsymmetricSignDigest(s, NULL, 0, digest, 20, sig, &n), TEE_SUCCESS);
	assert_int_equal(TEE_AsymmetricVerifyDigest(v, NULL, 0, digest, 20, sig, n), TEE_SUCCESS);
	digest[3] ^= 1;
	assert_int_equal(TEE_AsymmetricVerifyDigest(v, NULL, 0, digest, 20, sig, n),
			 TEE_ERROR_SIGNATURE_INVALID);
	TEE_FreeOperation(s);
	TEE_FreeOperation(v);
}

static void test_dsa(void **state)
{
	(void)state;
	TEE_Attribute a[5];
	TEE_ObjectHandle kp, pub, gen;
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_DSA_KEYPAIR, 1024, &kp), TEE_SUCCESS);
	assert_int_equal(TEE_PopulateTransientObject(kp, a, dsa_attrs(a, true)), TEE_SUCCESS);
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_DSA_PUBLIC_KEY, 1024, &pub),
			 TEE_SUCCESS);
	assert_int_equal(TEE_PopulateTransientObject(pub, a, dsa_attrs(a, false)), TEE_SUCCESS);
	/* OpenSSL's signature of SHA-1("tzvisor known answers") verifies, a changed one not */
	uint8_t digest[20], sig[40];
	unhex("2e4ced72f3a786b904fccb4388c017ac15a0986c", digest);
	unhex("e28ee3854f0f9004ad5ac4d430622e854c0d7a13e4ee882be6b85a20f5e885a194e7c7885505322f",
	      sig);
	TEE_OperationHandle v;
	assert_int_equal(TEE_AllocateOperation(&v, TEE_ALG_DSA_SHA1, TEE_MODE_VERIFY, 1024),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(v, pub), TEE_SUCCESS);
	assert_int_equal(TEE_AsymmetricVerifyDigest(v, NULL, 0, digest, 20, sig, 40), TEE_SUCCESS);
	assert_int_equal(TEE_AsymmetricVerifyDigest(v, NULL, 0, digest, 20, sig, 39),
			 TEE_ERROR_SIGNATURE_INVALID);
	sig[39] ^= 0x80;
	assert_int_equal(TEE_AsymmetricVerifyDigest(v, NULL, 0, digest, 20, sig, 40),
			 TEE_ERROR_SIGNATURE_INVALID);
	TEE_FreeOperation(v);
	dsa_sign_verify(kp, pub);
	/* a public key cannot sign (GP: a panic at TEE_SetOperationKey) */
	TEE_OperationHandle s;
	assert_int_equal(TEE_AllocateOperation(&s, TEE_ALG_DSA_SHA1, TEE_MODE_SIGN, 1024),
			 TEE_SUCCESS);
	assert_true(PANICS(TEE_SetOperationKey(s, pub)));
	TEE_FreeOperation(s);
	/* a fresh key pair in the same domain: y = g^x mod p with x < q */
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_DSA_KEYPAIR, 1024, &gen),
			 TEE_SUCCESS);
	assert_true(PANICS(TEE_GenerateKey(gen, 1024, a, 2))); /* no base: a panic */
	assert_int_equal(TEE_GenerateKey(gen, 1024, a, 3), TEE_SUCCESS);
	uint8_t x[32];
	size_t xl = sizeof(x);
	assert_int_equal(TEE_GetObjectBufferAttribute(gen, TEE_ATTR_DSA_PRIVATE_VALUE, x, &xl),
			 TEE_SUCCESS);
	assert_true(xl <= 20);
	dsa_sign_verify(gen, gen);
	/* FIPS 186's (L, N) per hash, as OP-TEE allows them */
	assert_int_equal(TEE_AllocateOperation(&s, TEE_ALG_DSA_SHA1, TEE_MODE_SIGN, 2048),
			 TEE_ERROR_NOT_SUPPORTED);
	assert_int_equal(TEE_AllocateOperation(&s, TEE_ALG_DSA_SHA224, TEE_MODE_SIGN, 1024),
			 TEE_ERROR_NOT_SUPPORTED);
	assert_int_equal(TEE_AllocateOperation(&s, TEE_ALG_DSA_SHA256, TEE_MODE_SIGN, 3072),
			 TEE_SUCCESS);
	TEE_FreeOperation(s);
	TEE_FreeTransientObject(kp);
	TEE_FreeTransientObject(pub);
	TEE_FreeTransientObject(gen);
}

/*
 * A domain in which every nonce gives r = 0 (q = 2, so k = 1, and g even): the kernel
 * must not hand back 0 || s as a signature (FIPS 186-4 4.6: r and s are never 0; an s
 * of 0 would give x away). The sign operation fails and writes nothing.
 */
static void test_dsa_degenerate_domain_no_signature(void **state)
{
	(void)state;
	TEE_Attribute a[5];
	TEE_ObjectHandle kp;
	TEE_OperationHandle s;
	static uint8_t two[1] = {2}, four[1] = {4}, one[1] = {1};
	uint8_t digest[20], sig[64];
	size_t n = sizeof(sig);
	memset(digest, 0x11, sizeof(digest));
	dsa_attrs(a, true);
	TEE_InitRefAttribute(&a[1], TEE_ATTR_DSA_SUBPRIME, two, 1);
	TEE_InitRefAttribute(&a[2], TEE_ATTR_DSA_BASE, two, 1);
	TEE_InitRefAttribute(&a[3], TEE_ATTR_DSA_PUBLIC_VALUE, four, 1);
	TEE_InitRefAttribute(&a[4], TEE_ATTR_DSA_PRIVATE_VALUE, one, 1);
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_DSA_KEYPAIR, 1024, &kp), TEE_SUCCESS);
	assert_int_equal(TEE_PopulateTransientObject(kp, a, 5), TEE_SUCCESS);
	assert_int_equal(TEE_AllocateOperation(&s, TEE_ALG_DSA_SHA1, TEE_MODE_SIGN, 1024),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(s, kp), TEE_SUCCESS);
	memset(sig, 0xee, sizeof(sig));
	assert_int_equal(TEE_AsymmetricSignDigest(s, NULL, 0, digest, 20, sig, &n),
			 TEE_ERROR_GENERIC);
	assert_int_equal(sig[0], 0xee); /* nothing written */
	TEE_FreeOperation(s);
	TEE_FreeTransientObject(kp);
}

/* X25519 with RFC 7748 section 6.1's keys: unclamped scalars are clamped (section 5). */
static void test_x25519_rfc7748(void **state)
{
	(void)state;
	uint8_t priv[32], pub[32], peer[32], want[32], got[64];
	unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", priv);
	unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", pub);
	unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", peer);
	unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", want);
	TEE_ObjectHandle kp, secret;
	TEE_Attribute a[2];
	TEE_InitRefAttribute(&a[0], TEE_ATTR_X25519_PRIVATE_VALUE, priv, 32);
	TEE_InitRefAttribute(&a[1], TEE_ATTR_X25519_PUBLIC_VALUE, pub, 32);
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_X25519_KEYPAIR, 256, &kp), TEE_SUCCESS);
	assert_int_equal(TEE_PopulateTransientObject(kp, a, 2), TEE_SUCCESS);
	TEE_OperationHandle op;
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_X25519, TEE_MODE_DERIVE, 256),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(op, kp), TEE_SUCCESS);
	/* the secret object's maximum size does not limit it (OP-TEE: up to 4096 bits) */
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, 32, &secret),
			 TEE_SUCCESS);
	TEE_InitRefAttribute(&a[0], TEE_ATTR_X25519_PUBLIC_VALUE, peer, 32);
	TEE_DeriveKey(op, a, 1, secret);
	size_t n = sizeof(got);
	assert_int_equal(TEE_GetObjectBufferAttribute(secret, TEE_ATTR_SECRET_VALUE, got, &n),
			 TEE_SUCCESS);
	assert_int_equal(n, 32);
	assert_memory_equal(got, want, 32);
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(kp);
	TEE_FreeTransientObject(secret);
}

/* GP 1.0's DES key sizes without parity (56, 168): FIPS 81's "Now is t" example. */
static void test_des_legacy_sizes(void **state)
{
	(void)state;
	uint8_t key[8], pt[8], ct[8], want[8];
	unhex("0123456789abcdef", key);
	unhex("4e6f772069732074", pt);
	unhex("3fa40e8a984d4815", want);
	TEE_ObjectHandle k;
	TEE_Attribute a;
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_DES, 56, &k), TEE_SUCCESS);
	TEE_InitRefAttribute(&a, TEE_ATTR_SECRET_VALUE, key, 8);
	assert_int_equal(TEE_PopulateTransientObject(k, &a, 1), TEE_SUCCESS);
	TEE_ObjectInfo info;
	assert_int_equal(TEE_GetObjectInfo1(k, &info), TEE_SUCCESS);
	assert_int_equal(info.objectSize, 56);
	TEE_OperationHandle op;
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_DES_ECB_NOPAD, TEE_MODE_ENCRYPT, 56),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(op, k), TEE_SUCCESS);
	TEE_CipherInit(op, NULL, 0);
	size_t n = sizeof(ct);
	assert_int_equal(TEE_CipherDoFinal(op, pt, 8, ct, &n), TEE_SUCCESS);
	assert_memory_equal(ct, want, 8);
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(k);
	/* a generated 168-bit DES3 key has its 24 bytes */
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_DES3, 168, &k), TEE_SUCCESS);
	assert_int_equal(TEE_GenerateKey(k, 168, NULL, 0), TEE_SUCCESS);
	uint8_t buf[32];
	n = sizeof(buf);
	assert_int_equal(TEE_GetObjectBufferAttribute(k, TEE_ATTR_SECRET_VALUE, buf, &n),
			 TEE_SUCCESS);
	assert_int_equal(n, 24);
	TEE_FreeTransientObject(k);
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_DES, 48, &k), TEE_ERROR_NOT_SUPPORTED);
}

/* OP-TEE's DES3-CMAC: SP 800-38B appendix D.4 (three-key TDEA), examples 9 and 10. */
static void test_des3_cmac(void **state)
{
	(void)state;
	uint8_t key[24], msg[8], mac[8], want[8];
	unhex("8aa83bf8cbda10620bc1bf19fbb6cd58bc313d4a371ca8b5", key);
	unhex("6bc1bee22e409f96", msg);
	TEE_ObjectHandle k = secret_key(TEE_TYPE_DES3, key, 24);
	TEE_OperationHandle op;
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_DES3_CMAC, TEE_MODE_MAC, 192),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(op, k), TEE_SUCCESS);
	TEE_MACInit(op, NULL, 0);
	size_t n = sizeof(mac);
	assert_int_equal(TEE_MACComputeFinal(op, NULL, 0, mac, &n), TEE_SUCCESS);
	unhex("b7a688e122ffaf95", want);
	assert_int_equal(n, 8);
	assert_memory_equal(mac, want, 8);
	TEE_MACInit(op, NULL, 0);
	TEE_MACUpdate(op, msg, 3);
	n = sizeof(mac);
	assert_int_equal(TEE_MACComputeFinal(op, msg + 3, 5, mac, &n), TEE_SUCCESS);
	unhex("8e8f293136283797", want);
	assert_memory_equal(mac, want, 8);
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(k);
}

/*
 * AES-256-XTS with the operation's maximum as both keys together (512, as OP-TEE takes
 * it); expected value from OpenSSL (Python's cryptography): keys 00..1f and 20..3f.
 */
static void test_xts_two_key_size(void **state)
{
	(void)state;
	uint8_t key[64], tweak[16], pt[48], ct[48], want[48];
	for (int i = 0; i < 64; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 48; i++)
		pt[i] = (uint8_t)(100 + i);
	unhex("f0e0d0c0b0a090807060504030201000", tweak);
	unhex("aa413c23c3f908e5765be9957deb73221ef5f7fa2fa0a9a89a247764b36a91a45bb5f0533d133267"
	      "b941d97b855ed69f",
	      want);
	TEE_ObjectHandle k1 = secret_key(TEE_TYPE_AES, key, 32),
			 k2 = secret_key(TEE_TYPE_AES, key + 32, 32);
	TEE_OperationHandle op;
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_AES_XTS, TEE_MODE_ENCRYPT, 512),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey2(op, k1, k2), TEE_SUCCESS);
	TEE_CipherInit(op, tweak, 16);
	size_t n = sizeof(ct);
	assert_int_equal(TEE_CipherDoFinal(op, pt, 48, ct, &n), TEE_SUCCESS);
	assert_int_equal(n, 48);
	assert_memory_equal(ct, want, 48);
	TEE_FreeOperation(op);
	/* with 384 each key may have 192 bits, not 256: a panic */
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_AES_XTS, TEE_MODE_ENCRYPT, 384),
			 TEE_SUCCESS);
	assert_true(PANICS(TEE_SetOperationKey2(op, k1, k2)));
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(k1);
	TEE_FreeTransientObject(k2);
}

/* The arithmetical API; expected values from Python's exact integers. */
static void bn_hex(TEE_BigInt *b, const char *hex, int32_t sign)
{
	uint8_t buf[64];
	size_t n = strlen(hex) / 2;
	for (size_t i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &buf[i]);
	assert_int_equal(TEE_BigIntConvertFromOctetString(b, buf, n, sign), TEE_SUCCESS);
}

static void assert_bn(const TEE_BigInt *b, const char *hex, int32_t sign)
{
	TEE_BigInt want[TEE_BigIntSizeInU32(512)];
	TEE_BigIntInit(want, TEE_BigIntSizeInU32(512));
	bn_hex(want, hex, sign);
	assert_int_equal(TEE_BigIntCmp(b, want), 0);
}

static void test_bigint(void **state)
{
	(void)state;
#define BN(x)                                                                                      \
	TEE_BigInt x[TEE_BigIntSizeInU32(512)];                                                    \
	TEE_BigIntInit(x, TEE_BigIntSizeInU32(512))
	BN(a);
	BN(b);
	BN(n);
	BN(x);
	BN(y);
	BN(g);
	assert_int_equal(TEE_BigIntSizeInU32(256), 10);
	bn_hex(a, "0123456789abcdef0fedcba987654321", 1);
	TEE_BigIntConvertFromS32(b, -0x1234567);
	bn_hex(n, "7fffffffffffffffffffffffffffffff", 1); /* 2^127 - 1, a prime */
	TEE_BigIntAdd(x, a, b);
	assert_bn(x, "0123456789abcdef0fedcba98641fdba", 1);
	TEE_BigIntMul(x, a, b);
	assert_bn(x, "014b66db97530ec96065c902468acf1358e747", -1);
	TEE_BigIntDiv(x, y, a, b); /* truncated: the remainder has the dividend's sign */
	assert_bn(x, "01000000790000384e001a9cde", -1);
	assert_bn(y, "0e4fcf", 1);
	TEE_BigIntMod(x, b, n);
	assert_bn(x, "7ffffffffffffffffffffffffedcba98", 1);
	TEE_BigIntInvMod(x, a, n);
	assert_bn(x, "2cfefe6eb41053969967bd711c5169fc", 1);
	TEE_BigIntConvertFromS32(y, 65537);
	assert_int_equal(TEE_BigIntExpMod(x, a, y, n, NULL), TEE_SUCCESS);
	assert_bn(x, "43e1179cee16d903910e02388a333b3c", 1);
	assert_int_equal(TEE_BigIntIsProbablePrime(n, 80), 1);
	assert_int_equal(TEE_BigIntIsProbablePrime(a, 80), 0);
	TEE_BigIntConvertFromS32(a, 240);
	TEE_BigIntConvertFromS32(b, 46);
	TEE_BigIntComputeExtendedGcd(g, x, y, a, b); /* 2 = -9 * 240 + 47 * 46 */
	int32_t v;
	assert_int_equal(TEE_BigIntConvertToS32(&v, g), TEE_SUCCESS);
	assert_int_equal(v, 2);
	assert_int_equal(TEE_BigIntConvertToS32(&v, x), TEE_SUCCESS);
	assert_int_equal(v, -9);
	assert_int_equal(TEE_BigIntConvertToS32(&v, y), TEE_SUCCESS);
	assert_int_equal(v, 47);
	assert_false(TEE_BigIntRelativePrime(a, b));
	assert_int_equal(TEE_BigIntConvertToS32(&v, n), TEE_ERROR_OVERFLOW);
	uint8_t out[16];
	size_t len = 4;
	assert_int_equal(TEE_BigIntConvertToOctetString(out, &len, n), TEE_ERROR_SHORT_BUFFER);
	assert_int_equal(len, 16);
	/* a 64-bit number does not hold 2^127 - 1 */
	TEE_BigInt small[TEE_BigIntSizeInU32(64)];
	TEE_BigIntInit(small, TEE_BigIntSizeInU32(64));
	assert_int_equal(TEE_BigIntAssign(small, n), TEE_ERROR_OVERFLOW);
	assert_true(PANICS(TEE_BigIntAdd(small, n, n)));
	TEE_BigIntConvertFromS32(b, 0);
	assert_true(PANICS(TEE_BigIntDiv(x, y, a, b)));
	assert_int_equal(TEE_BigIntGetBitCount(n), 127);
	assert_true(TEE_BigIntGetBit(n, 126));
	assert_int_equal(TEE_BigIntCmpS32(n, 5), 1);
#undef BN
}

/* GP 1.1 mode's entry points (ta/lib/crypto_gp11.c, declared by tee_api_compat.h). */
static void test_gp11_mode(void **state)
{
	(void)state;
	static const char key[] = "tzvisor-hmac-key-24bytes";
	__GP11_TEE_Attribute a = { .content.ref.length = 0xdeadbeef }; /* no size_t high half */
	TEE_ObjectHandle k;
	TEE_OperationHandle op;
	uint8_t mac[32];
	uint32_t n = 8;
	__GP11_TEE_InitRefAttribute(&a, TEE_ATTR_SECRET_VALUE, key, 24);
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_HMAC_SHA256, 192, &k), TEE_SUCCESS);
	assert_int_equal(__GP11_TEE_PopulateTransientObject(k, &a, 1), TEE_SUCCESS);
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_HMAC_SHA256, TEE_MODE_MAC, 192),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey(op, k), TEE_SUCCESS);
	TEE_MACInit(op, NULL, 0);
	assert_int_equal(__GP11_TEE_MACComputeFinal(op, "abc", 3, mac, &n), TEE_ERROR_SHORT_BUFFER);
	assert_int_equal(n, 32);
	assert_int_equal(__GP11_TEE_MACComputeFinal(op, "abc", 3, mac, &n), TEE_SUCCESS);
	TEE_MACInit(op, NULL, 0);
	assert_int_equal(TEE_MACCompareFinal(op, "abc", 3, mac, 32), TEE_SUCCESS);
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(k);
}

static void test_heap_clean(void **state)
{
	(void)state;
	/* Every test above freed what it allocated. */
	size_t used = tzv_ta_heap()->used;
	assert_int_equal(used, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_heap),
	    cmocka_unit_test(test_tee_malloc),
	    cmocka_unit_test(test_mem),
	    cmocka_unit_test(test_printf),
	    cmocka_unit_test(test_props),
	    cmocka_unit_test(test_dispatch),
	    cmocka_unit_test(test_time_random_cancel),
	    cmocka_unit_test(test_digest),
	    cmocka_unit_test(test_hmac),
	    cmocka_unit_test(test_sha3),
	    cmocka_unit_test(test_digest_extract),
	    cmocka_unit_test(test_hmac_sha3),
	    cmocka_unit_test(test_sm3),
	    cmocka_unit_test(test_aes),
	    cmocka_unit_test(test_gcm),
	    cmocka_unit_test(test_rsa),
	    cmocka_unit_test(test_ecdsa),
	    cmocka_unit_test(test_dsa),
	    cmocka_unit_test(test_dsa_degenerate_domain_no_signature),
	    cmocka_unit_test(test_x25519_rfc7748),
	    cmocka_unit_test(test_des_legacy_sizes),
	    cmocka_unit_test(test_des3_cmac),
	    cmocka_unit_test(test_xts_two_key_size),
	    cmocka_unit_test(test_bigint),
	    cmocka_unit_test(test_gp11_mode),
	    cmocka_unit_test(test_heap_clean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
