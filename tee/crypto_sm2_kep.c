/*
 * SM2 key exchange (GM/T 0003.3-2012, GB/T 32918.3-2016) for user TAs:
 * TEE_DeriveKey of a TEE_ALG_SM2_KEP operation whose keys are the TA's static
 * key pair (key1) and its ephemeral key pair (key2), both TEE_TYPE_SM2_KEP_KEYPAIR,
 * on mbedTLS's arithmetic with the curve of part 5 (crypto_sm2.c).
 *
 * The attributes the TA passes, as OP-TEE reads them: TEE_ATTR_SM2_KEP_USER
 * (value a: 0 the initiator A, 1 the responder B), the peer's static point
 * (TEE_ATTR_ECC_PUBLIC_VALUE_X/Y) and ephemeral point
 * (TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X/Y, or OP-TEE's first numbers for them),
 * both users' IDs (TEE_ATTR_SM2_ID_INITIATOR/RESPONDER), and optionally the
 * peer's confirmation value (CONFIRMATION_IN, checked) and a buffer for ours
 * (CONFIRMATION_OUT). With A the initiator, B the responder, (x1, y1) = RA and
 * (x2, y2) = RB, both sides compute the same point U = [tA](PB + [x2~]RB) =
 * [tB](PA + [x1~]RA) = V and:
 *   K  = KDF(xU || yU || ZA || ZB, klen)
 *   SB = S1 = SM3(0x02 || yU || SM3(xU || ZA || ZB || x1 || y1 || x2 || y2))
 *   SA = S2 = SM3(0x03 || yU || SM3(xU || ZA || ZB || x1 || y1 || x2 || y2))
 * The initiator checks SB and hands out SA; the responder hands out SB and
 * checks SA. klen is the derived object's maximum size taken as bytes, as
 * OP-TEE does (xtest 4014 asks for 16 and checks 16 bytes).
 *
 * Answers: TEE_ERROR_BAD_PARAMETERS for a missing, repeated, unknown or
 * wrongly sized attribute, a point off the curve, a key pair whose public
 * point is not its private key's, or U at infinity; TEE_ERROR_BAD_STATE when
 * the peer's confirmation value is not ours (as OP-TEE); libutee's
 * TEE_DeriveKey turns them into a panic, as GP's void prototype has it. What
 * the shared key comes from (U, the KDF's input and its SM3 states, tA) is
 * wiped with mbedtls_platform_zeroize (mbedtls_mpi_free wipes the numbers).
 */
#include <stdlib.h>
#include <lib/string.h>
#include <mbedtls/ecp.h>
#include <mbedtls/platform_util.h>
#include <tee_api_defines.h>
#include "crypto_op.h"

int ossl_sm3_init(void *c);
int ossl_sm3_update(void *c, const void *data, size_t len);
int ossl_sm3_final(unsigned char *md, void *c);

#define SM2_BYTES 32u
#define SM3_BYTES 32u
#define SM2_ID_MAX 8191u /* ENTL, the ID's length in bits, is two bytes */

/* OP-TEE's numbers for the peer's ephemeral point before GP gave it its own */
#define OPTEE_KEP_EPHEMERAL_X 0xD0000946u
#define OPTEE_KEP_EPHEMERAL_Y 0xD0000A46u

enum kep_attr {
	USER,
	PEER_X,
	PEER_Y,
	PEER_EPH_X,
	PEER_EPH_Y,
	ID_A,
	ID_B,
	CONF_IN,
	CONF_OUT,
	NATTR
};

struct kep_params {
	bool initiator;
	const uint8_t *buf[NATTR];
	size_t len[NATTR];
	bool given[NATTR];
};

static int kep_attr_of(uint32_t id)
{
	switch (id) {
	case TEE_ATTR_SM2_KEP_USER:
		return USER;
	case TEE_ATTR_ECC_PUBLIC_VALUE_X:
		return PEER_X;
	case TEE_ATTR_ECC_PUBLIC_VALUE_Y:
		return PEER_Y;
	case TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X:
	case OPTEE_KEP_EPHEMERAL_X:
		return PEER_EPH_X;
	case TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y:
	case OPTEE_KEP_EPHEMERAL_Y:
		return PEER_EPH_Y;
	case TEE_ATTR_SM2_ID_INITIATOR:
		return ID_A;
	case TEE_ATTR_SM2_ID_RESPONDER:
		return ID_B;
	case TEE_ATTR_SM2_KEP_CONFIRMATION_IN:
		return CONF_IN;
	case TEE_ATTR_SM2_KEP_CONFIRMATION_OUT:
		return CONF_OUT;
	default:
		return -1;
	}
}

static uint32_t read_params(const struct tzv_cr_attr *params, const void *const *bufs,
			    uint32_t count, struct kep_params *p)
{
	memset(p, 0, sizeof(*p));
	for (uint32_t i = 0; i < count; i++) {
		int k = kep_attr_of(params[i].id);
		if (k < 0 || p->given[k])
			return TEE_ERROR_BAD_PARAMETERS;
		p->given[k] = true;
		if (k == USER) {
			if (params[i].u.value.a > 1)
				return TEE_ERROR_BAD_PARAMETERS;
			p->initiator = params[i].u.value.a == 0;
			continue;
		}
		p->buf[k] = bufs[i];
		p->len[k] = (size_t)params[i].u.ref.length;
	}
	for (int k = USER; k <= ID_B; k++)
		if (!p->given[k])
			return TEE_ERROR_BAD_PARAMETERS;
	for (int k = PEER_X; k <= PEER_EPH_Y; k++)
		if (p->len[k] > SM2_BYTES)
			return TEE_ERROR_BAD_PARAMETERS;
	if (p->len[ID_A] > SM2_ID_MAX || p->len[ID_B] > SM2_ID_MAX ||
	    (p->given[CONF_IN] && p->len[CONF_IN] != SM3_BYTES) ||
	    (p->given[CONF_OUT] && p->len[CONF_OUT] < SM3_BYTES))
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

/* A point of the curve from its coordinates: 0 when it is one (not infinity: Z = 1). */
static int read_point(const mbedtls_ecp_group *grp, mbedtls_ecp_point *pt, const uint8_t *x,
		      size_t xlen, const uint8_t *y, size_t ylen)
{
	int e = mbedtls_mpi_read_binary(&pt->X, x, xlen);
	if (!e)
		e = mbedtls_mpi_read_binary(&pt->Y, y, ylen);
	if (!e)
		e = mbedtls_mpi_lset(&pt->Z, 1);
	if (!e)
		e = mbedtls_ecp_check_pubkey(grp, pt);
	return e;
}

/*
 * A key pair of the operation: its point on the curve, its scalar in [1, n-1] and
 * the point [d]G (a TA's mistake would otherwise give a key nobody else derives).
 */
static int read_keypair(const mbedtls_ecp_group *grp, const struct cr_obj *k, mbedtls_ecp_point *q,
			mbedtls_mpi *d)
{
	const struct cr_attr *x = cr_obj_attr(k, TEE_ATTR_ECC_PUBLIC_VALUE_X);
	const struct cr_attr *y = cr_obj_attr(k, TEE_ATTR_ECC_PUBLIC_VALUE_Y);
	const struct cr_attr *s = cr_obj_attr(k, TEE_ATTR_ECC_PRIVATE_VALUE);
	if (!x || !y || !s)
		return -1;
	mbedtls_ecp_point dg;
	mbedtls_ecp_point_init(&dg);
	int e = read_point(grp, q, x->buf, x->len, y->buf, y->len);
	if (!e)
		e = mbedtls_mpi_read_binary(d, s->buf, s->len);
	if (!e)
		e = mbedtls_ecp_check_privkey(grp, d);
	if (!e)
		e = mbedtls_ecp_mul((mbedtls_ecp_group *)grp, &dg, d, &grp->G, cr_rng, NULL);
	if (!e && mbedtls_ecp_point_cmp(&dg, q))
		e = -1;
	mbedtls_ecp_point_free(&dg);
	return e;
}

/* x~ = 2^w + (x mod 2^w), w = ceil(ceil(log2 n) / 2) - 1 = 127 for the 256-bit n */
static int x_bar(mbedtls_mpi *out, const mbedtls_mpi *x)
{
	int e = mbedtls_mpi_copy(out, x);
	for (size_t bit = 128; !e && bit < mbedtls_mpi_bitlen(x); bit++)
		e = mbedtls_mpi_set_bit(out, bit, 0);
	if (!e)
		e = mbedtls_mpi_set_bit(out, 127, 1);
	return e;
}

struct piece {
	const void *p;
	size_t n;
};

static void sm3_of(uint8_t out[SM3_BYTES], const struct piece *pieces, unsigned count)
{
	uint32_t ctx[32]; /* OpenSSL's SM3_CTX */
	ossl_sm3_init(ctx);
	for (unsigned i = 0; i < count; i++)
		ossl_sm3_update(ctx, pieces[i].p, pieces[i].n);
	ossl_sm3_final(out, ctx);
	mbedtls_platform_zeroize(ctx, sizeof(ctx));
}

/* Z = SM3(ENTL || ID || a || b || xG || yG || x || y) of a user (part 3, 5.5) */
static int user_hash(const mbedtls_ecp_group *grp, const uint8_t *id, size_t id_len,
		     const mbedtls_ecp_point *pk, uint8_t z[SM3_BYTES])
{
	uint8_t curve[6][SM2_BYTES];
	uint8_t entl[2] = {(uint8_t)((id_len * 8) >> 8), (uint8_t)(id_len * 8)};
	mbedtls_mpi a;
	mbedtls_mpi_init(&a);
	int e = mbedtls_mpi_sub_int(&a, &grp->P, 3); /* mbedTLS leaves A unset for a = -3 */
	if (!e)
		e = mbedtls_mpi_write_binary(&a, curve[0], SM2_BYTES);
	if (!e)
		e = mbedtls_mpi_write_binary(&grp->B, curve[1], SM2_BYTES);
	if (!e)
		e = mbedtls_mpi_write_binary(&grp->G.X, curve[2], SM2_BYTES);
	if (!e)
		e = mbedtls_mpi_write_binary(&grp->G.Y, curve[3], SM2_BYTES);
	if (!e)
		e = mbedtls_mpi_write_binary(&pk->X, curve[4], SM2_BYTES);
	if (!e)
		e = mbedtls_mpi_write_binary(&pk->Y, curve[5], SM2_BYTES);
	if (!e) {
		const struct piece in[] = {
		    {entl, sizeof(entl)}, {id, id_len}, {curve, sizeof(curve)}};
		sm3_of(z, in, 3);
	}
	mbedtls_mpi_free(&a);
	return e;
}

/* What both sides compute from the keys: the shared point and the two users' hashes. */
struct kep_state {
	mbedtls_ecp_point mine, my_eph, peer, peer_eph, u;
	mbedtls_mpi d, r, t, xbar;
	uint8_t kdf_in[2 * SM2_BYTES + 2 * SM3_BYTES]; /* xU || yU || ZA || ZB */
	uint8_t ra[2 * SM2_BYTES], rb[2 * SM2_BYTES];  /* x1 || y1, x2 || y2 */
};

static void kep_init(struct kep_state *s)
{
	mbedtls_ecp_point_init(&s->mine);
	mbedtls_ecp_point_init(&s->my_eph);
	mbedtls_ecp_point_init(&s->peer);
	mbedtls_ecp_point_init(&s->peer_eph);
	mbedtls_ecp_point_init(&s->u);
	mbedtls_mpi_init(&s->d);
	mbedtls_mpi_init(&s->r);
	mbedtls_mpi_init(&s->t);
	mbedtls_mpi_init(&s->xbar);
}

static void kep_free(struct kep_state *s)
{
	mbedtls_ecp_point_free(&s->mine);
	mbedtls_ecp_point_free(&s->my_eph);
	mbedtls_ecp_point_free(&s->peer);
	mbedtls_ecp_point_free(&s->peer_eph);
	mbedtls_ecp_point_free(&s->u);
	mbedtls_mpi_free(&s->d);
	mbedtls_mpi_free(&s->r);
	mbedtls_mpi_free(&s->t);
	mbedtls_mpi_free(&s->xbar);
	mbedtls_platform_zeroize(s->kdf_in, sizeof(s->kdf_in));
}

/*
 * Steps A4-A7 (B3-B5 for the responder, the same with the roles swapped):
 * t = (d + x~ r) mod n from our keys, then U = [h t](P' + [x'~]R') from the peer's
 * (h = 1). P' + [x'~]R' is all public, so the scalar multiplication by the secret t
 * is mbedTLS's blinded, constant-time one (t itself comes from its bignum
 * arithmetic, which is not constant-time, as the signature's r d in crypto_sm2.c).
 */
static uint32_t shared_point(const mbedtls_ecp_group *grp, struct kep_state *s)
{
	mbedtls_mpi one;
	mbedtls_ecp_point sum;
	mbedtls_mpi_init(&one);
	mbedtls_ecp_point_init(&sum);
	int e = x_bar(&s->xbar, &s->my_eph.X);
	if (!e)
		e = mbedtls_mpi_mul_mpi(&s->t, &s->xbar, &s->r);
	if (!e)
		e = mbedtls_mpi_add_mpi(&s->t, &s->t, &s->d);
	if (!e)
		e = mbedtls_mpi_mod_mpi(&s->t, &s->t, &grp->N);
	if (!e)
		e = x_bar(&s->xbar, &s->peer_eph.X);
	if (!e)
		e = mbedtls_mpi_lset(&one, 1);
	if (!e)
		e = mbedtls_ecp_muladd((mbedtls_ecp_group *)grp, &sum, &one, &s->peer, &s->xbar,
				       &s->peer_eph);
	/* a zero t or sum (the peer's points chosen to cancel) fails the checks in ecp_mul */
	if (!e)
		e = mbedtls_ecp_mul((mbedtls_ecp_group *)grp, &s->u, &s->t, &sum, cr_rng, NULL);
	if (!e && mbedtls_ecp_is_zero(&s->u))
		e = -1;
	if (!e)
		e = mbedtls_mpi_write_binary(&s->u.X, s->kdf_in, SM2_BYTES);
	if (!e)
		e = mbedtls_mpi_write_binary(&s->u.Y, s->kdf_in + SM2_BYTES, SM2_BYTES);
	mbedtls_mpi_free(&one);
	mbedtls_ecp_point_free(&sum);
	return e ? TEE_ERROR_BAD_PARAMETERS : TEE_SUCCESS;
}

/* S = SM3(flag || yU || SM3(xU || ZA || ZB || x1 || y1 || x2 || y2)) */
static void confirmation(const struct kep_state *s, uint8_t flag, uint8_t out[SM3_BYTES])
{
	uint8_t inner[SM3_BYTES];
	const struct piece in[] = {{s->kdf_in, SM2_BYTES},
				   {s->kdf_in + 2 * SM2_BYTES, 2 * SM3_BYTES},
				   {s->ra, sizeof(s->ra)},
				   {s->rb, sizeof(s->rb)}};
	sm3_of(inner, in, 4);
	const struct piece outer[] = {
	    {&flag, 1}, {s->kdf_in + SM2_BYTES, SM2_BYTES}, {inner, SM3_BYTES}};
	sm3_of(out, outer, 3);
	mbedtls_platform_zeroize(inner, sizeof(inner));
}

static int write_xy(const mbedtls_ecp_point *pt, uint8_t xy[2 * SM2_BYTES])
{
	int e = mbedtls_mpi_write_binary(&pt->X, xy, SM2_BYTES);
	return e ? e : mbedtls_mpi_write_binary(&pt->Y, xy + SM2_BYTES, SM2_BYTES);
}

uint32_t cr_sm2_kep(struct cr_op *op, const struct tzv_cr_attr *params, const void *const *bufs,
		    uint32_t count, uint8_t *key, size_t klen)
{
	struct kep_params p;
	uint32_t r = read_params(params, bufs, count, &p);
	if (r != TEE_SUCCESS)
		return r;
	const mbedtls_ecp_group *grp = &op->ec.grp;
	struct kep_state *s = calloc(1, sizeof(*s));
	if (!s)
		return TEE_ERROR_OUT_OF_MEMORY;
	kep_init(s);
	uint8_t want[SM3_BYTES], diff = 0;
	/* our keys (key1 was checked on the curve when set), then the peer's points */
	r = TEE_ERROR_BAD_PARAMETERS;
	if (read_keypair(grp, &op->key, &s->mine, &s->d) ||
	    read_keypair(grp, &op->key2, &s->my_eph, &s->r) ||
	    read_point(grp, &s->peer, p.buf[PEER_X], p.len[PEER_X], p.buf[PEER_Y], p.len[PEER_Y]) ||
	    read_point(grp, &s->peer_eph, p.buf[PEER_EPH_X], p.len[PEER_EPH_X], p.buf[PEER_EPH_Y],
		       p.len[PEER_EPH_Y]))
		goto out;
	const mbedtls_ecp_point *pa = p.initiator ? &s->mine : &s->peer;
	const mbedtls_ecp_point *pb = p.initiator ? &s->peer : &s->mine;
	if (write_xy(p.initiator ? &s->my_eph : &s->peer_eph, s->ra) ||
	    write_xy(p.initiator ? &s->peer_eph : &s->my_eph, s->rb) ||
	    user_hash(grp, p.buf[ID_A], p.len[ID_A], pa, s->kdf_in + 2 * SM2_BYTES) ||
	    user_hash(grp, p.buf[ID_B], p.len[ID_B], pb, s->kdf_in + 2 * SM2_BYTES + SM3_BYTES))
		goto out;
	r = shared_point(grp, s);
	if (r != TEE_SUCCESS)
		goto out;
	/* A9 / B10: the peer's value, SB (0x02) from the responder, SA (0x03) from the initiator */
	if (p.given[CONF_IN]) {
		confirmation(s, p.initiator ? 0x02 : 0x03, want);
		for (size_t i = 0; i < SM3_BYTES; i++)
			diff |= want[i] ^ p.buf[CONF_IN][i];
		if (diff) {
			r = TEE_ERROR_BAD_STATE;
			goto out;
		}
	}
	/* A10 / B7: ours; a buffer the TA cannot write (crypto_sys.c gives NULL) gets nothing */
	if (p.given[CONF_OUT] && p.buf[CONF_OUT]) {
		confirmation(s, p.initiator ? 0x03 : 0x02, want);
		memcpy((uint8_t *)(uintptr_t)p.buf[CONF_OUT], want, SM3_BYTES);
	}
	/* A8 / B6 */
	cr_sm2_kdf(s->kdf_in, sizeof(s->kdf_in), key, klen);
	r = TEE_SUCCESS;
out:
	mbedtls_platform_zeroize(want, sizeof(want));
	kep_free(s);
	free(s);
	return r;
}
