/*
 * SM2 key exchange (TEE_ALG_SM2_KEP, tee/crypto_sm2_kep.c) through libutee on the
 * host: GM/T 0003.5-2012 annex B.2's exchange (the data GM/T 0003.3's example
 * uses) from both sides, generated keys both ways, and what must fail: a
 * confirmation value that is not the peer's (TEE_ERROR_BAD_STATE, as OP-TEE), a
 * peer point off the curve, peer points chosen so the shared point is at
 * infinity, wrong attribute sizes and sets (TEE_ERROR_BAD_PARAMETERS), each a
 * panic of TEE_DeriveKey with the derived object left empty. tests/unit/run.sh
 * links this test with --wrap=ossl_sm3_final,mbedtls_platform_zeroize,free, to
 * see that the SM3 states and the freed key buffer are wiped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "wipe_watch.h"
#include <mbedtls/ecp.h>
#include <tee_internal_api.h>

#include "../../ta/lib/utee.h"
#include "crypto.h"
#include "ta_host_stubs.h"
#include "utee_checks.h"

/* GM/T 0003.5-2012 annex B.2: user A (initiator) and B (responder), ID "1234567812345678" */
struct side {
	const char *d, *x, *y;	 /* static key pair */
	const char *r, *rx, *ry; /* ephemeral key pair */
};

static const struct side user_a = {
    "81eb26e941bb5af16df116495f90695272ae2cd63d6c4ae1678418be48230029",
    "160e12897df4edb61dd812feb96748fbd3ccf4ffe26aa6f6db9540af49c94232",
    "4a7dad08bb9a459531694beb20aa489d6649975e1bfcf8c4741b78b4b223007f",
    "d4de15474db74d06491c440d305e012400990f3e390c7e87153c12db2ea60bb3",
    "64ced1bdbc99d590049b434d0fd73428cf608a5db8fe5ce07f15026940bae40e",
    "376629c7ab21e7db260922499ddb118f07ce8eaae3e7720afef6a5cc062070c0",
};
static const struct side user_b = {
    "785129917d45a9ea5437a59356b82338eaadda6ceb199088f14ae10defa229b5",
    "6ae848c57c53c7b1b5fa99eb2286af078ba64c64591b8b566f7357d576f16dfb",
    "ee489d771621a27b36c5c7992062e9cd09a9264386f3fbea54dff69305621c4d",
    "7e07124814b309489125eaed101113164ebf0f3458c5bd88335c1f9d596243d6",
    "acc27688a6f7b706098bc91ff3ad1bff7dc2802cdb14ccccdb0a90471f9bd707",
    "2fedac0494b2ffc4d6853876c79b8f301c6573ad0aa50f39fc87181e1a1b46fe",
};
#define KEP_ID "1234567812345678"
#define KEP_SA "18c7894b3816df16cf07b05c5ec0bef5d655d58f779cc1b400a4f3884644db88"
#define KEP_SB "d3a0fe15dee185ceae907a6b595cc32a266ed7b3367e9983a896dc32fa20f8eb"
#define KEP_K "6c89347354de2484c60b4ab1fde4c6e5"

/* ---- what the exchange leaves behind (the wrappers of run.sh's --wrap) ---- */


/* ---- the exchange through GP's API ---- */

static TEE_ObjectHandle keypair(const char *x, const char *y, const char *d)
{
	uint8_t v[3][32];
	TEE_Attribute a[3];
	TEE_ObjectHandle o;
	TEE_InitRefAttribute(&a[0], TEE_ATTR_ECC_PUBLIC_VALUE_X, v[0], unhex(x, v[0]));
	TEE_InitRefAttribute(&a[1], TEE_ATTR_ECC_PUBLIC_VALUE_Y, v[1], unhex(y, v[1]));
	TEE_InitRefAttribute(&a[2], TEE_ATTR_ECC_PRIVATE_VALUE, v[2], unhex(d, v[2]));
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_SM2_KEP_KEYPAIR, 256, &o),
			 TEE_SUCCESS);
	assert_int_equal(TEE_PopulateTransientObject(o, a, 3), TEE_SUCCESS);
	return o;
}

/* An operation with a user's static and ephemeral key pairs (the objects go again). */
static TEE_OperationHandle kep_op(TEE_ObjectHandle key, TEE_ObjectHandle eph)
{
	TEE_OperationHandle op;
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_SM2_KEP, TEE_MODE_DERIVE, 512),
			 TEE_SUCCESS);
	assert_int_equal(TEE_SetOperationKey2(op, key, eph), TEE_SUCCESS);
	TEE_FreeTransientObject(key);
	TEE_FreeTransientObject(eph);
	return op;
}

static TEE_OperationHandle annex_op(const struct side *me)
{
	return kep_op(keypair(me->x, me->y, me->d), keypair(me->rx, me->ry, me->r));
}

/* The attributes of one side's TEE_DeriveKey: the peer's points, the IDs, the confirmations. */
struct kep_call {
	TEE_Attribute a[12];
	uint32_t n;
	uint8_t px[32], py[32], rx[32], ry[32], conf_in[32], conf_out[32];
};

static void ref(struct kep_call *c, uint32_t id, void *buf, size_t len)
{
	TEE_InitRefAttribute(&c->a[c->n++], id, buf, len);
}

static void kep_attrs(struct kep_call *c, bool initiator, uint8_t peer[4][32], const char *conf_in)
{
	memset(c, 0, sizeof(*c));
	TEE_InitValueAttribute(&c->a[c->n++], TEE_ATTR_SM2_KEP_USER, initiator ? 0 : 1, 0);
	memcpy(c->px, peer[0], 32);
	memcpy(c->py, peer[1], 32);
	memcpy(c->rx, peer[2], 32);
	memcpy(c->ry, peer[3], 32);
	ref(c, TEE_ATTR_ECC_PUBLIC_VALUE_X, c->px, 32);
	ref(c, TEE_ATTR_ECC_PUBLIC_VALUE_Y, c->py, 32);
	ref(c, TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X, c->rx, 32);
	ref(c, TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y, c->ry, 32);
	ref(c, TEE_ATTR_SM2_ID_INITIATOR, KEP_ID, strlen(KEP_ID));
	ref(c, TEE_ATTR_SM2_ID_RESPONDER, KEP_ID, strlen(KEP_ID));
	if (conf_in) {
		unhex(conf_in, c->conf_in);
		ref(c, TEE_ATTR_SM2_KEP_CONFIRMATION_IN, c->conf_in, 32);
	}
	ref(c, TEE_ATTR_SM2_KEP_CONFIRMATION_OUT, c->conf_out, 32);
}

static void annex_attrs(struct kep_call *c, bool initiator, const char *conf_in)
{
	const struct side *peer = initiator ? &user_b : &user_a;
	uint8_t p[4][32];
	unhex(peer->x, p[0]);
	unhex(peer->y, p[1]);
	unhex(peer->rx, p[2]);
	unhex(peer->ry, p[3]);
	kep_attrs(c, initiator, p, conf_in);
}

/*
 * TEE_DeriveKey into a new 16-"bit" generic secret (16 bytes, as OP-TEE reads it and
 * xtest 4014 asks): 0 and the key, or the code TEE_DeriveKey panicked with (the
 * object then still uninitialized).
 */
static uint32_t derive(TEE_OperationHandle op, struct kep_call *c, uint8_t key[16])
{
	TEE_ObjectHandle k;
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, 16, &k), TEE_SUCCESS);
	uint32_t code = 0;
	if (PANICS(TEE_DeriveKey(op, c->a, c->n, k)))
		code = fake.panic_code;
	TEE_ObjectInfo info;
	assert_int_equal(TEE_GetObjectInfo1(k, &info), TEE_SUCCESS);
	if (code) {
		assert_false(info.handleFlags & TEE_HANDLE_FLAG_INITIALIZED);
	} else {
		assert_true(info.handleFlags & TEE_HANDLE_FLAG_INITIALIZED);
		size_t n = 16;
		assert_int_equal(TEE_GetObjectBufferAttribute(k, TEE_ATTR_SECRET_VALUE, key, &n),
				 TEE_SUCCESS);
		assert_int_equal(n, 16);
	}
	TEE_FreeTransientObject(k);
	return code;
}

static void test_kep_algorithm(void **state)
{
	(void)state;
	TEE_OperationHandle op;
	assert_int_equal(TEE_IsAlgorithmSupported(TEE_ALG_SM2_KEP, TEE_ECC_CURVE_SM2), TEE_SUCCESS);
	assert_int_equal(TEE_IsAlgorithmSupported(TEE_ALG_SM2_KEP, TEE_ECC_CURVE_NIST_P256),
			 TEE_ERROR_NOT_SUPPORTED);
	/* GP's mode, OP-TEE's size: both 256-bit keys together */
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_SM2_KEP, TEE_MODE_DERIVE, 256),
			 TEE_ERROR_NOT_SUPPORTED);
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_SM2_KEP, TEE_MODE_SIGN, 512),
			 TEE_ERROR_NOT_SUPPORTED);
	assert_int_equal(TEE_AllocateOperation(&op, TEE_ALG_SM2_KEP, TEE_MODE_DERIVE, 512),
			 TEE_SUCCESS);
	TEE_OperationInfo info;
	TEE_GetOperationInfo(op, &info);
	assert_int_equal(info.operationClass, TEE_OPERATION_KEY_DERIVATION);
	assert_int_equal(info.requiredKeyUsage, TEE_USAGE_DERIVE);
	assert_true(info.handleState & TEE_HANDLE_FLAG_EXPECT_TWO_KEYS);
	/* two keys, both SM2 KEP key pairs; one key alone or another type is a panic */
	TEE_ObjectHandle k = keypair(user_a.x, user_a.y, user_a.d);
	TEE_ObjectHandle e = keypair(user_a.rx, user_a.ry, user_a.r);
	assert_true(PANICS(TEE_SetOperationKey(op, k)));
	TEE_ObjectHandle dsa;
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_SM2_DSA_KEYPAIR, 256, &dsa),
			 TEE_SUCCESS);
	assert_int_equal(TEE_GenerateKey(dsa, 256, NULL, 0), TEE_SUCCESS);
	assert_true(PANICS(TEE_SetOperationKey2(op, k, dsa)));
	assert_int_equal(TEE_SetOperationKey2(op, k, e), TEE_SUCCESS);
	TEE_GetOperationInfo(op, &info);
	assert_true(info.handleState & TEE_HANDLE_FLAG_KEY_SET);
	TEE_FreeTransientObject(dsa);
	TEE_FreeTransientObject(k);
	TEE_FreeTransientObject(e);
	TEE_FreeOperation(op);
}

/* A with B's points checks SB and gives SA; B with A's checks SA and gives SB; K both. */
static void test_kep_annex_both_sides(void **state)
{
	(void)state;
	uint8_t key[16], want[16], sa[32], sb[32];
	struct kep_call c;
	unhex(KEP_K, want);
	unhex(KEP_SA, sa);
	unhex(KEP_SB, sb);

	TEE_OperationHandle op = annex_op(&user_a);
	annex_attrs(&c, true, KEP_SB);
	assert_int_equal(derive(op, &c, key), 0);
	assert_memory_equal(key, want, 16);
	assert_memory_equal(c.conf_out, sa, 32);
	TEE_FreeOperation(op);

	op = annex_op(&user_b);
	annex_attrs(&c, false, KEP_SA);
	assert_int_equal(derive(op, &c, key), 0);
	assert_memory_equal(key, want, 16);
	assert_memory_equal(c.conf_out, sb, 32);
	/* without CONFIRMATION_IN (optional): the same key, nothing checked */
	annex_attrs(&c, false, NULL);
	assert_int_equal(derive(op, &c, key), 0);
	assert_memory_equal(key, want, 16);
	TEE_FreeOperation(op);
}

/* Fresh key pairs (TEE_GenerateKey) and other IDs: both sides agree, each accepts the other's. */
static void test_kep_generated_keys(void **state)
{
	(void)state;
	TEE_ObjectHandle k[4];
	uint8_t pub[4][2][32];
	for (int i = 0; i < 4; i++) {
		assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_SM2_KEP_KEYPAIR, 256, &k[i]),
				 TEE_SUCCESS);
		assert_int_equal(TEE_GenerateKey(k[i], 256, NULL, 0), TEE_SUCCESS);
		for (int j = 0; j < 2; j++) {
			size_t n = 32;
			assert_int_equal(
			    TEE_GetObjectBufferAttribute(
				k[i], j ? TEE_ATTR_ECC_PUBLIC_VALUE_Y : TEE_ATTR_ECC_PUBLIC_VALUE_X,
				pub[i][j], &n),
			    TEE_SUCCESS);
			assert_int_equal(n, 32);
		}
	}
	uint8_t peer_of_a[4][32], peer_of_b[4][32]; /* B's static, B's ephemeral; A's */
	for (int i = 0; i < 4; i++) {
		memcpy(peer_of_a[i], pub[2 + i / 2][i % 2], 32);
		memcpy(peer_of_b[i], pub[i / 2][i % 2], 32);
	}
	TEE_OperationHandle a = kep_op(k[0], k[1]), b = kep_op(k[2], k[3]);
	struct kep_call ca, cb;
	uint8_t ka[16], kb[16], sb[32];
	/* B answers first (B7: SB), A checks SB and gives SA, B checks SA */
	kep_attrs(&cb, false, peer_of_b, NULL);
	cb.a[5].content.ref.buffer = "alice@tzvisor";
	cb.a[5].content.ref.length = 13;
	cb.a[6].content.ref.buffer = "bob";
	cb.a[6].content.ref.length = 3;
	assert_int_equal(derive(b, &cb, kb), 0);
	memcpy(sb, cb.conf_out, 32);
	kep_attrs(&ca, true, peer_of_a, NULL);
	ca.a[5] = cb.a[5];
	ca.a[6] = cb.a[6];
	memcpy(ca.conf_in, sb, 32);
	ref(&ca, TEE_ATTR_SM2_KEP_CONFIRMATION_IN, ca.conf_in, 32);
	assert_int_equal(derive(a, &ca, ka), 0);
	assert_memory_equal(ka, kb, 16);
	kep_attrs(&cb, false, peer_of_b, NULL);
	cb.a[5] = ca.a[5];
	cb.a[6] = ca.a[6];
	memcpy(cb.conf_in, ca.conf_out, 32);
	ref(&cb, TEE_ATTR_SM2_KEP_CONFIRMATION_IN, cb.conf_in, 32);
	assert_int_equal(derive(b, &cb, kb), 0);
	assert_memory_equal(ka, kb, 16);
	/* the IDs are in the key: B with the IDs swapped derives another one */
	kep_attrs(&cb, false, peer_of_b, NULL);
	cb.a[5].content.ref.buffer = "bob";
	cb.a[5].content.ref.length = 3;
	cb.a[6].content.ref.buffer = "alice@tzvisor";
	cb.a[6].content.ref.length = 13;
	assert_int_equal(derive(b, &cb, kb), 0);
	assert_memory_not_equal(ka, kb, 16);
	TEE_FreeOperation(a);
	TEE_FreeOperation(b);
}

/* The peer's confirmation value one bit off: GP's DeriveKey panics (OP-TEE: BAD_STATE). */
static void test_kep_confirmation_mismatch(void **state)
{
	(void)state;
	uint8_t key[16];
	struct kep_call c;
	TEE_OperationHandle op = annex_op(&user_a);
	annex_attrs(&c, true, KEP_SB);
	c.conf_in[31] ^= 1;
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_STATE);
	assert_true(fake.panics > 0);
	/* SA where SB belongs (the initiator's own value sent back) */
	annex_attrs(&c, true, KEP_SA);
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_STATE);
	/* nothing given out either: CONFIRMATION_OUT stays as it was */
	uint8_t zero[32] = {0};
	assert_memory_equal(c.conf_out, zero, 32);
	TEE_FreeOperation(op);
	op = annex_op(&user_b);
	annex_attrs(&c, false, KEP_SB);
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_STATE);
	TEE_FreeOperation(op);
}

/* Peer points off the curve, or at (0, 0): BAD_PARAMETERS, whichever of the two. */
static void test_kep_off_curve(void **state)
{
	(void)state;
	uint8_t key[16];
	struct kep_call c;
	TEE_OperationHandle op = annex_op(&user_a);
	for (int which = 0; which < 4; which++) {
		annex_attrs(&c, true, NULL);
		uint8_t *coord[] = {c.px, c.py, c.rx, c.ry};
		coord[which][31] ^= 1;
		assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	}
	annex_attrs(&c, true, NULL);
	memset(c.rx, 0, 32);
	memset(c.ry, 0, 32);
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	/* a coordinate of p or more */
	annex_attrs(&c, true, NULL);
	memset(c.px, 0xff, 32);
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	TEE_FreeOperation(op);
}

/*
 * A peer that picks its static point PB = -[x2~]RB makes PB + [x2~]RB the point at
 * infinity, and U with it whatever tA is: the exchange must refuse, not hand out a key
 * every attacker knows.
 */
static void test_kep_shared_point_at_infinity(void **state)
{
	(void)state;
	mbedtls_ecp_group g;
	mbedtls_ecp_point rb, pb;
	mbedtls_mpi xbar, m;
	mbedtls_ecp_group_init(&g);
	mbedtls_ecp_point_init(&rb);
	mbedtls_ecp_point_init(&pb);
	mbedtls_mpi_init(&xbar);
	mbedtls_mpi_init(&m);
	assert_int_equal(cr_sm2_group(&g), 0);
	uint8_t x[32], y[32], peer[4][32];
	unhex(user_b.rx, x);
	unhex(user_b.ry, y);
	assert_int_equal(mbedtls_mpi_read_binary(&rb.X, x, 32), 0);
	assert_int_equal(mbedtls_mpi_read_binary(&rb.Y, y, 32), 0);
	assert_int_equal(mbedtls_mpi_lset(&rb.Z, 1), 0);
	/* x2~ = 2^127 + (x2 mod 2^127); PB = [n - x2~]RB */
	assert_int_equal(mbedtls_mpi_read_binary(&xbar, x + 16, 16), 0);
	assert_int_equal(mbedtls_mpi_set_bit(&xbar, 127, 1), 0);
	assert_int_equal(mbedtls_mpi_sub_mpi(&m, &g.N, &xbar), 0);
	assert_int_equal(mbedtls_ecp_mul(&g, &pb, &m, &rb, NULL, NULL), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&pb.X, peer[0], 32), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&pb.Y, peer[1], 32), 0);
	memcpy(peer[2], x, 32);
	memcpy(peer[3], y, 32);
	struct kep_call c;
	uint8_t key[16];
	TEE_OperationHandle op = annex_op(&user_a);
	kep_attrs(&c, true, peer, NULL);
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	TEE_FreeOperation(op);
	mbedtls_ecp_group_free(&g);
	mbedtls_ecp_point_free(&rb);
	mbedtls_ecp_point_free(&pb);
	mbedtls_mpi_free(&xbar);
	mbedtls_mpi_free(&m);
}

/* Attributes of the wrong size, missing, repeated or unknown; an unknown role. */
static void test_kep_bad_attributes(void **state)
{
	(void)state;
	uint8_t key[16], big[33] = {0};
	struct kep_call c;
	TEE_OperationHandle op = annex_op(&user_a);
	/* a 33-byte coordinate, even one whose value fits */
	annex_attrs(&c, true, NULL);
	memcpy(big + 1, c.px, 32);
	c.a[1].content.ref.buffer = big;
	c.a[1].content.ref.length = 33;
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	/* a confirmation value of 31 bytes, a confirmation buffer of 31 */
	annex_attrs(&c, true, KEP_SB);
	c.a[7].content.ref.length = 31;
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	annex_attrs(&c, true, KEP_SB);
	c.a[8].content.ref.length = 31;
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	/* each mandatory attribute left out (the last one moved into its place) */
	for (uint32_t i = 0; i < 7; i++) {
		annex_attrs(&c, true, NULL);
		c.a[i] = c.a[--c.n];
		assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	}
	/* the peer's X twice; an attribute SM2 KEP does not take; role 2 */
	annex_attrs(&c, true, NULL);
	c.a[c.n++] = c.a[1];
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	annex_attrs(&c, true, NULL);
	TEE_InitRefAttribute(&c.a[c.n++], TEE_ATTR_ECC_PRIVATE_VALUE, c.px, 32);
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	annex_attrs(&c, true, NULL);
	c.a[0].content.value.a = 2;
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	/* and the operation still works */
	annex_attrs(&c, true, KEP_SB);
	assert_int_equal(derive(op, &c, key), 0);
	TEE_FreeOperation(op);
}

/* A key pair whose public point is not its private key's is refused, not used. */
static void test_kep_inconsistent_keypair(void **state)
{
	(void)state;
	uint8_t key[16];
	struct kep_call c;
	/* A's ephemeral pair with B's ephemeral point */
	TEE_OperationHandle op =
	    kep_op(keypair(user_a.x, user_a.y, user_a.d), keypair(user_b.rx, user_b.ry, user_a.r));
	annex_attrs(&c, true, NULL);
	assert_int_equal(derive(op, &c, key), TEE_ERROR_BAD_PARAMETERS);
	TEE_FreeOperation(op);
}

/*
 * A CONFIRMATION_OUT buffer the TA may not write (xtest 4014's, in its read-only input
 * parameter): the key is derived, the buffer left alone.
 */
static void test_kep_read_only_confirmation_out(void **state)
{
	(void)state;
	uint8_t key[16], want[16], zero[32] = {0};
	struct kep_call c;
	TEE_OperationHandle op = annex_op(&user_a);
	annex_attrs(&c, true, KEP_SB);
	fake.ro_base = c.conf_out;
	fake.ro_len = sizeof(c.conf_out);
	assert_int_equal(derive(op, &c, key), 0);
	fake.ro_base = NULL;
	fake.ro_len = 0;
	unhex(KEP_K, want);
	assert_memory_equal(key, want, 16);
	assert_memory_equal(c.conf_out, zero, 32);
	TEE_FreeOperation(op);
}

/* Every SM3 state (KDF, Z, S) wiped; no freed block holds the key. */
static void test_kep_wipes(void **state)
{
	(void)state;
	uint8_t key[16], want[16];
	struct kep_call c;
	unhex(KEP_K, want);
	TEE_OperationHandle op = annex_op(&user_b);
	annex_attrs(&c, false, KEP_SA);
	TEE_ObjectHandle k;
	assert_int_equal(TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, 16, &k), TEE_SUCCESS);
	watch_start();
	TEE_DeriveKey(op, c.a, c.n, k);
	watch_stop();
	assert_true(watch_nfinals >= 6); /* ZA, ZB, KDF, the inner hash and S, twice */
	for (unsigned i = 0; i < watch_nfinals; i++)
		if (!watch_finals[i].wiped)
			fail_msg("SM3 state %u (of %u) left on the stack", i, watch_nfinals);
	assert_false(watch_freed_holds(want, 16));
	size_t n = 16;
	assert_int_equal(TEE_GetObjectBufferAttribute(k, TEE_ATTR_SECRET_VALUE, key, &n),
			 TEE_SUCCESS);
	assert_memory_equal(key, want, 16);
	TEE_FreeTransientObject(k);
	TEE_FreeOperation(op);
}

static void test_heap_clean(void **state)
{
	(void)state;
	assert_int_equal(tzv_ta_heap()->used, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kep_algorithm),
	    cmocka_unit_test(test_kep_annex_both_sides),
	    cmocka_unit_test(test_kep_generated_keys),
	    cmocka_unit_test(test_kep_confirmation_mismatch),
	    cmocka_unit_test(test_kep_off_curve),
	    cmocka_unit_test(test_kep_shared_point_at_infinity),
	    cmocka_unit_test(test_kep_bad_attributes),
	    cmocka_unit_test(test_kep_inconsistent_keypair),
	    cmocka_unit_test(test_kep_read_only_confirmation_out),
	    cmocka_unit_test(test_kep_wipes),
	    cmocka_unit_test(test_heap_clean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
