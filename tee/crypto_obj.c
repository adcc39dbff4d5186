/*
 * Key objects of user TAs, kept by the TEE kernel: GlobalPlatform's attribute
 * lists (big numbers as big-endian octet strings, as the specification has
 * them), their checks, key generation with Debian's mbedTLS, and the blob a
 * persistent object stores them in. The TA sees only a handle.
 */
#include <stdlib.h>
#include <lib/string.h>
#include <mbedtls/dhm.h>
#include <mbedtls/ecp.h>
#include <mbedtls/rsa.h>
#include <tee_api_defines.h>
#include <tzvisor/ta_storage_abi.h>
#include "crypto.h"

struct type_info {
	uint32_t type;
	uint32_t min_bits, max_bits, step;
};

/* Sizes in bits GP allows (and OP-TEE answers) for each object type. */
static const struct type_info types[] = {
    {TEE_TYPE_AES, 128, 256, 64},
    {TEE_TYPE_DES, 64, 64, 64},
    {TEE_TYPE_SM4, 128, 128, 128},
    {TEE_TYPE_DES3, 128, 192, 64},
    {TEE_TYPE_GENERIC_SECRET, 8, 4096, 8},
    {TEE_TYPE_HKDF_IKM, 8, 4096, 8},
    {TEE_TYPE_PBKDF2_PASSWORD, 8, 4096, 8},
    {TEE_TYPE_CONCAT_KDF_Z, 8, 4096, 8},
    {TEE_TYPE_HMAC_MD5, 64, 512, 8},
    {TEE_TYPE_HMAC_SHA1, 80, 512, 8},
    {TEE_TYPE_HMAC_SHA224, 112, 512, 8},
    {TEE_TYPE_HMAC_SHA256, 192, 1024, 8},
    {TEE_TYPE_HMAC_SHA384, 256, 1024, 8},
    {TEE_TYPE_HMAC_SHA512, 256, 1024, 8},
    {TEE_TYPE_HMAC_SM3, 80, 1024, 8},
    {TEE_TYPE_HMAC_SHA3_224, 192, 1024, 8},
    {TEE_TYPE_HMAC_SHA3_256, 256, 1024, 8},
    {TEE_TYPE_HMAC_SHA3_384, 256, 1024, 8},
    {TEE_TYPE_HMAC_SHA3_512, 256, 1024, 8},
    {TEE_TYPE_RSA_PUBLIC_KEY, 256, 4096, 1},
    {TEE_TYPE_RSA_KEYPAIR, 256, 4096, 1},
    {TEE_TYPE_DH_KEYPAIR, 256, 2048, 1},
    {TEE_TYPE_DSA_PUBLIC_KEY, 512, 3072, 64},
    {TEE_TYPE_DSA_KEYPAIR, 512, 3072, 64},
    {TEE_TYPE_ECDSA_PUBLIC_KEY, 192, 521, 1},
    {TEE_TYPE_ECDSA_KEYPAIR, 192, 521, 1},
    {TEE_TYPE_ECDH_PUBLIC_KEY, 192, 521, 1},
    {TEE_TYPE_ECDH_KEYPAIR, 192, 521, 1},
    {TEE_TYPE_X25519_KEYPAIR, 256, 256, 1},
    {TEE_TYPE_SM2_DSA_PUBLIC_KEY, 256, 256, 1},
    {TEE_TYPE_SM2_DSA_KEYPAIR, 256, 256, 1},
    {TEE_TYPE_SM2_PKE_PUBLIC_KEY, 256, 256, 1},
    {TEE_TYPE_SM2_PKE_KEYPAIR, 256, 256, 1},
    {TEE_TYPE_SM2_KEP_PUBLIC_KEY, 256, 256, 1},
    {TEE_TYPE_SM2_KEP_KEYPAIR, 256, 256, 1},
    {TEE_TYPE_ED25519_PUBLIC_KEY, 256, 256, 1},
    {TEE_TYPE_ED25519_KEYPAIR, 256, 256, 1},
};

/* the objects themselves come from the heap: an idle instance pays only for this table */
static struct cr_obj *objs[CR_MAX_OBJECTS];
static uint16_t serial;

static const struct type_info *type_info(uint32_t type)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == type)
			return &types[i];
	return NULL;
}

bool cr_secret_type(uint32_t type)
{
	return type == TEE_TYPE_AES || type == TEE_TYPE_DES || type == TEE_TYPE_DES3 ||
	       type == TEE_TYPE_SM4 || type == TEE_TYPE_GENERIC_SECRET ||
	       type == TEE_TYPE_HKDF_IKM || type == TEE_TYPE_PBKDF2_PASSWORD ||
	       type == TEE_TYPE_CONCAT_KDF_Z ||
	       (type >= TEE_TYPE_HMAC_MD5 && type <= TEE_TYPE_HMAC_SHA3_512);
}

bool cr_des_legacy_size(uint32_t type, uint32_t bits)
{
	return (type == TEE_TYPE_DES && bits == 56) ||
	       (type == TEE_TYPE_DES3 && (bits == 112 || bits == 168));
}

static bool size_ok(const struct type_info *t, uint32_t bits)
{
	if (cr_des_legacy_size(t->type, bits))
		bits += bits / 7; /* the parity bits GP 1.0 left out */
	if (bits < t->min_bits || bits > t->max_bits || bits % t->step)
		return false;
	return t->type != TEE_TYPE_AES || bits == 128 || bits == 192 || bits == 256;
}

int cr_rng(void *ctx, unsigned char *buf, size_t len)
{
	(void)ctx;
	tee_random_bytes(buf, len);
	return 0;
}

uint32_t cr_ecc_curve_bits(uint32_t curve)
{
	static const uint16_t bits[] = {0, 192, 224, 256, 384, 521};
	if (curve == TEE_ECC_CURVE_25519)
		return 256;
	return curve < 6 ? bits[curve] : 0;
}

int cr_ecc_group(uint32_t curve)
{
	static const int8_t ids[] = {MBEDTLS_ECP_DP_NONE,      MBEDTLS_ECP_DP_SECP192R1,
				     MBEDTLS_ECP_DP_SECP224R1, MBEDTLS_ECP_DP_SECP256R1,
				     MBEDTLS_ECP_DP_SECP384R1, MBEDTLS_ECP_DP_SECP521R1};
	if (curve == TEE_ECC_CURVE_25519)
		return MBEDTLS_ECP_DP_CURVE25519;
	return curve < 6 ? ids[curve] : MBEDTLS_ECP_DP_NONE;
}

/* ---- the table ---- */

struct cr_obj *cr_obj_get(const void *owner, uint32_t handle)
{
	uint32_t slot = (handle & 0xffff) - 1;
	if (!handle || slot >= CR_MAX_OBJECTS || !objs[slot] || objs[slot]->handle != handle ||
	    objs[slot]->owner != owner)
		return NULL;
	return objs[slot];
}

uint32_t cr_obj_alloc(const void *owner, uint32_t type, uint32_t max_size, uint32_t *handle)
{
	const struct type_info *t = type_info(type);
	if (!t || !size_ok(t, max_size))
		return TEE_ERROR_NOT_SUPPORTED;
	int slot = -1;
	unsigned mine = 0;
	for (int i = 0; i < CR_MAX_OBJECTS; i++) {
		if (!objs[i] && slot < 0)
			slot = i;
		mine += objs[i] && objs[i]->owner == owner;
	}
	if (slot < 0 || mine >= TZV_CR_OBJECTS_PER_TA)
		return TEE_ERROR_OUT_OF_MEMORY;
	struct cr_obj *o = calloc(1, sizeof(*o));
	if (!o)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (++serial == 0)
		serial = 1;
	o->handle = ((uint32_t)serial << 16) | (uint32_t)(slot + 1);
	o->owner = owner;
	o->type = type;
	o->max_size = max_size;
	o->usage = 0xffffffffu;
	objs[slot] = o;
	*handle = o->handle;
	return TEE_SUCCESS;
}

void cr_obj_clear(struct cr_obj *o)
{
	for (unsigned i = 0; i < o->nattrs; i++)
		free(o->attrs[i].buf); /* the heap wipes what it frees */
	memset(o->attrs, 0, sizeof(o->attrs));
	o->nattrs = 0;
}

void cr_obj_free(struct cr_obj *o)
{
	cr_obj_clear(o);
	uint32_t slot = (o->handle & 0xffff) - 1;
	if (slot < CR_MAX_OBJECTS && objs[slot] == o)
		objs[slot] = NULL;
	free(o);
}

void crypto_obj_release(const void *owner);
void crypto_obj_release(const void *owner)
{
	for (unsigned i = 0; i < CR_MAX_OBJECTS; i++)
		if (objs[i] && objs[i]->owner == owner)
			cr_obj_free(objs[i]);
}

void crypto_obj_reset(void);
void crypto_obj_reset(void)
{
	memset(objs, 0, sizeof(objs));
}

/* ---- attributes ---- */

const struct cr_attr *cr_obj_attr(const struct cr_obj *o, uint32_t id)
{
	for (unsigned i = 0; i < o->nattrs; i++)
		if (o->attrs[i].id == id)
			return &o->attrs[i];
	return NULL;
}

uint32_t cr_obj_add_ref(struct cr_obj *o, uint32_t id, const void *buf, size_t len)
{
	if (o->nattrs >= TZV_CR_ATTRS_PER_OBJECT || len > TZV_CR_ATTR_MAX_BYTES)
		return TEE_ERROR_BAD_PARAMETERS;
	struct cr_attr *a = &o->attrs[o->nattrs];
	a->buf = calloc(1, len ? len : 1);
	if (!a->buf)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (len)
		memcpy(a->buf, buf, len);
	a->len = (uint32_t)len;
	a->id = id;
	o->nattrs++;
	return TEE_SUCCESS;
}

uint32_t cr_obj_add_value(struct cr_obj *o, uint32_t id, uint32_t va, uint32_t vb)
{
	if (o->nattrs >= TZV_CR_ATTRS_PER_OBJECT)
		return TEE_ERROR_BAD_PARAMETERS;
	struct cr_attr *a = &o->attrs[o->nattrs++];
	a->id = id;
	a->a = va;
	a->b = vb;
	return TEE_SUCCESS;
}

/* Bits of a big-endian octet string without its leading zeros. */
static uint32_t be_bits(const uint8_t *p, size_t len)
{
	size_t i = 0;
	while (i < len && !p[i])
		i++;
	if (i == len)
		return 0;
	uint32_t bits = (uint32_t)(len - i) * 8;
	for (uint8_t top = p[i]; !(top & 0x80); top <<= 1)
		bits--;
	return bits;
}

static int find_param(const struct tzv_cr_attr *attrs, uint32_t n, uint32_t id)
{
	for (uint32_t i = 0; i < n; i++)
		if (attrs[i].id == id)
			return (int)i;
	return -1;
}

/* The attributes each type needs (the first `required` of its list) and accepts. */
static const uint32_t rsa_attrs[] = {TEE_ATTR_RSA_MODULUS,	    TEE_ATTR_RSA_PUBLIC_EXPONENT,
				     TEE_ATTR_RSA_PRIVATE_EXPONENT, TEE_ATTR_RSA_PRIME1,
				     TEE_ATTR_RSA_PRIME2,	    TEE_ATTR_RSA_EXPONENT1,
				     TEE_ATTR_RSA_EXPONENT2,	    TEE_ATTR_RSA_COEFFICIENT};
static const uint32_t ecc_attrs[] = {TEE_ATTR_ECC_CURVE, TEE_ATTR_ECC_PUBLIC_VALUE_X,
				     TEE_ATTR_ECC_PUBLIC_VALUE_Y, TEE_ATTR_ECC_PRIVATE_VALUE};
/* SM2's keys have no curve attribute in OP-TEE: the type says it */
static const uint32_t sm2_attrs[] = {TEE_ATTR_ECC_PUBLIC_VALUE_X, TEE_ATTR_ECC_PUBLIC_VALUE_Y,
				     TEE_ATTR_ECC_PRIVATE_VALUE};
static const uint32_t dh_attrs[] = {TEE_ATTR_DH_PRIME,	      TEE_ATTR_DH_BASE,
				    TEE_ATTR_DH_PUBLIC_VALUE, TEE_ATTR_DH_PRIVATE_VALUE,
				    TEE_ATTR_DH_SUBPRIME,     TEE_ATTR_DH_X_BITS};
static const uint32_t dsa_attrs[] = {TEE_ATTR_DSA_PRIME, TEE_ATTR_DSA_SUBPRIME, TEE_ATTR_DSA_BASE,
				     TEE_ATTR_DSA_PUBLIC_VALUE, TEE_ATTR_DSA_PRIVATE_VALUE};
static const uint32_t x25519_attrs[] = {TEE_ATTR_X25519_PUBLIC_VALUE,
					TEE_ATTR_X25519_PRIVATE_VALUE};
static const uint32_t ed25519_attrs[] = {TEE_ATTR_ED25519_PUBLIC_VALUE,
					 TEE_ATTR_ED25519_PRIVATE_VALUE};
static const uint32_t secret_attrs[] = {TEE_ATTR_SECRET_VALUE};
static const uint32_t hkdf_attrs[] = {TEE_ATTR_HKDF_IKM};
static const uint32_t pbkdf2_attrs[] = {TEE_ATTR_PBKDF2_PASSWORD};
static const uint32_t concat_kdf_attrs[] = {TEE_ATTR_CONCAT_KDF_Z};

static void attr_list(uint32_t type, const uint32_t **list, size_t *n, size_t *required)
{
	*list = secret_attrs;
	*n = *required = 1;
	switch (type) {
	case TEE_TYPE_HKDF_IKM:
		*list = hkdf_attrs;
		break;
	case TEE_TYPE_PBKDF2_PASSWORD:
		*list = pbkdf2_attrs;
		break;
	case TEE_TYPE_CONCAT_KDF_Z:
		*list = concat_kdf_attrs;
		break;
	case TEE_TYPE_RSA_PUBLIC_KEY:
		*list = rsa_attrs;
		*n = *required = 2;
		break;
	case TEE_TYPE_RSA_KEYPAIR:
		*list = rsa_attrs;
		*n = 8;
		*required = 3;
		break;
	case TEE_TYPE_SM2_DSA_PUBLIC_KEY:
	case TEE_TYPE_SM2_PKE_PUBLIC_KEY:
	case TEE_TYPE_SM2_KEP_PUBLIC_KEY:
		*list = sm2_attrs;
		*n = *required = 2;
		break;
	case TEE_TYPE_SM2_DSA_KEYPAIR:
	case TEE_TYPE_SM2_PKE_KEYPAIR:
	case TEE_TYPE_SM2_KEP_KEYPAIR:
		*list = sm2_attrs;
		*n = *required = 3;
		break;
	case TEE_TYPE_ECDSA_PUBLIC_KEY:
	case TEE_TYPE_ECDH_PUBLIC_KEY:
		*list = ecc_attrs;
		*n = *required = 3;
		break;
	case TEE_TYPE_ECDSA_KEYPAIR:
	case TEE_TYPE_ECDH_KEYPAIR:
		*list = ecc_attrs;
		*n = *required = 4;
		break;
	case TEE_TYPE_DH_KEYPAIR:
		*list = dh_attrs;
		*n = 6;
		*required = 4;
		break;
	case TEE_TYPE_X25519_KEYPAIR:
		*list = x25519_attrs;
		*n = *required = 2;
		break;
	case TEE_TYPE_ED25519_PUBLIC_KEY:
		*list = ed25519_attrs;
		break;
	case TEE_TYPE_ED25519_KEYPAIR:
		*list = ed25519_attrs;
		*n = *required = 2;
		break;
	case TEE_TYPE_DSA_PUBLIC_KEY:
		*list = dsa_attrs;
		*n = *required = 4;
		break;
	case TEE_TYPE_DSA_KEYPAIR:
		*list = dsa_attrs;
		*n = *required = 5;
		break;
	default:
		break;
	}
}

static uint32_t add_params(struct cr_obj *o, const struct tzv_cr_attr *attrs,
			   const void *const *bufs, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		uint32_t r =
		    (attrs[i].id & TEE_ATTR_FLAG_VALUE)
			? cr_obj_add_value(o, attrs[i].id, attrs[i].u.value.a, attrs[i].u.value.b)
			: cr_obj_add_ref(o, attrs[i].id, bufs[i], (size_t)attrs[i].u.ref.length);
		if (r != TEE_SUCCESS) {
			cr_obj_clear(o);
			return r;
		}
	}
	return TEE_SUCCESS;
}

uint32_t cr_obj_populate(struct cr_obj *o, const struct tzv_cr_attr *attrs, const void *const *bufs,
			 uint32_t count)
{
	if (o->flags & (TEE_HANDLE_FLAG_INITIALIZED | TEE_HANDLE_FLAG_PERSISTENT))
		return CR_PANIC;
	const uint32_t *list;
	size_t n, required;
	attr_list(o->type, &list, &n, &required);
	/* Every attribute given must be one of the type's, once; every required one there. */
	for (uint32_t i = 0; i < count; i++) {
		bool known = false;
		for (size_t k = 0; k < n; k++)
			known |= attrs[i].id == list[k];
		if (!known || find_param(attrs, count, attrs[i].id) != (int)i)
			return CR_PANIC;
		/* GP: a secret value too big for the object's maximum size is a panic */
		uint64_t len_bits = attrs[i].u.ref.length * 8;
		if (cr_des_legacy_size(o->type, o->max_size))
			len_bits -= len_bits / 8;
		if (cr_secret_type(o->type) && len_bits > o->max_size)
			return CR_PANIC;
		if (!(attrs[i].id & TEE_ATTR_FLAG_VALUE) &&
		    attrs[i].u.ref.length > TZV_CR_ATTR_MAX_BYTES)
			return TEE_ERROR_NOT_SUPPORTED;
	}
	for (size_t k = 0; k < required; k++)
		if (find_param(attrs, count, list[k]) < 0)
			return CR_PANIC;
	if (o->type == TEE_TYPE_RSA_KEYPAIR) { /* CRT parameters: all or none */
		unsigned crt = 0;
		for (size_t k = 3; k < 8; k++)
			crt += find_param(attrs, count, list[k]) >= 0;
		if (crt != 0 && crt != 5)
			return CR_PANIC;
	}

	uint32_t bits;
	const struct tzv_cr_attr *key = &attrs[find_param(attrs, count, list[0])];
	if (cr_secret_type(o->type)) {
		bits = (uint32_t)key->u.ref.length * 8;
		if (cr_des_legacy_size(o->type, o->max_size))
			bits -= bits / 8; /* counted without parity, as the object was made */
		const struct type_info *t = type_info(o->type);
		if ((o->type == TEE_TYPE_AES || o->type == TEE_TYPE_DES ||
		     o->type == TEE_TYPE_DES3 || o->type == TEE_TYPE_SM4) &&
		    !size_ok(t, bits))
			return TEE_ERROR_BAD_PARAMETERS;
	} else if (o->type == TEE_TYPE_RSA_PUBLIC_KEY || o->type == TEE_TYPE_RSA_KEYPAIR ||
		   o->type == TEE_TYPE_DH_KEYPAIR || o->type == TEE_TYPE_DSA_PUBLIC_KEY ||
		   o->type == TEE_TYPE_DSA_KEYPAIR) {
		bits = be_bits(bufs[key - attrs], (size_t)key->u.ref.length);
	} else if (o->type == TEE_TYPE_X25519_KEYPAIR || o->type == TEE_TYPE_ED25519_KEYPAIR ||
		   o->type == TEE_TYPE_ED25519_PUBLIC_KEY) {
		for (uint32_t i = 0; i < count; i++) /* 32-byte strings, both of them */
			if (attrs[i].u.ref.length != 32)
				return TEE_ERROR_BAD_PARAMETERS;
		bits = 256;
	} else if (cr_sm2_type(o->type)) {
		for (uint32_t i = 0; i < count; i++) /* numbers of the 256-bit curve */
			if (attrs[i].u.ref.length > 32)
				return TEE_ERROR_BAD_PARAMETERS;
		bits = 256;
	} else {
		bits = cr_ecc_curve_bits(key->u.value.a);
		if (!bits || key->u.value.a == TEE_ECC_CURVE_25519)
			return TEE_ERROR_NOT_SUPPORTED;
	}
	if (bits > o->max_size) /* GP (and OP-TEE): a key bigger than the object is a panic */
		return CR_PANIC;
	uint32_t r = add_params(o, attrs, bufs, count);
	if (r != TEE_SUCCESS)
		return r;
	o->size = bits;
	o->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

uint32_t cr_obj_copy_attrs(struct cr_obj *dst, const struct cr_obj *src)
{
	cr_obj_clear(dst);
	for (unsigned i = 0; i < src->nattrs; i++) {
		const struct cr_attr *a = &src->attrs[i];
		uint32_t r = a->buf ? cr_obj_add_ref(dst, a->id, a->buf, a->len)
				    : cr_obj_add_value(dst, a->id, a->a, a->b);
		if (r != TEE_SUCCESS) {
			cr_obj_clear(dst);
			return r;
		}
	}
	dst->size = src->size;
	return TEE_SUCCESS;
}

/* ---- the stored form ---- */

size_t cr_obj_encode(const struct cr_obj *o, uint8_t *buf, size_t cap)
{
	size_t n = 0;
	for (unsigned i = 0; i < o->nattrs; i++) {
		const struct cr_attr *a = &o->attrs[i];
		uint32_t w[3] = {a->id, a->buf ? a->len : a->a, a->buf ? 0 : a->b};
		size_t body = a->buf ? ((size_t)a->len + 3) & ~(size_t)3 : 0;
		if (buf && n + sizeof(w) + body <= cap) {
			memcpy(buf + n, w, sizeof(w));
			if (a->buf) {
				memset(buf + n + sizeof(w), 0, body);
				memcpy(buf + n + sizeof(w), a->buf, a->len);
			}
		}
		n += sizeof(w) + body;
	}
	return n;
}

uint32_t cr_obj_decode(struct cr_obj *o, const uint8_t *buf, size_t len)
{
	size_t n = 0;
	while (n < len) {
		uint32_t w[3];
		if (len - n < sizeof(w))
			goto bad;
		memcpy(w, buf + n, sizeof(w));
		n += sizeof(w);
		uint32_t r;
		if (w[0] & TEE_ATTR_FLAG_VALUE) {
			r = cr_obj_add_value(o, w[0], w[1], w[2]);
		} else {
			size_t body = ((size_t)w[1] + 3) & ~(size_t)3;
			if (body > len - n || body < w[1])
				goto bad;
			r = cr_obj_add_ref(o, w[0], buf + n, w[1]);
			n += body;
		}
		if (r != TEE_SUCCESS) {
			cr_obj_clear(o);
			return r;
		}
	}
	return TEE_SUCCESS;
bad:
	cr_obj_clear(o);
	return TEE_ERROR_CORRUPT_OBJECT;
}

/* ---- key generation ---- */

/* Adds mpi x as a big-endian attribute of len bytes (0: its own length). */
static uint32_t add_mpi(struct cr_obj *o, uint32_t id, const mbedtls_mpi *x, size_t len)
{
	if (!len)
		len = mbedtls_mpi_size(x);
	uint8_t *tmp = calloc(1, len ? len : 1);
	if (!tmp)
		return TEE_ERROR_OUT_OF_MEMORY;
	uint32_t r = TEE_ERROR_GENERIC;
	if (mbedtls_mpi_write_binary(x, tmp, len) == 0)
		r = cr_obj_add_ref(o, id, tmp, len);
	free(tmp);
	return r;
}

static uint32_t gen_rsa(struct cr_obj *o, uint32_t bits, const struct tzv_cr_attr *params,
			const void *const *bufs, uint32_t n)
{
	int e = 65537;
	int i = find_param(params, n, TEE_ATTR_RSA_PUBLIC_EXPONENT);
	if (i >= 0) {
		const uint8_t *p = bufs[i];
		uint64_t v = 0;
		for (size_t k = 0; k < params[i].u.ref.length; k++) {
			v = v << 8 | p[k];
			if (v > 0x7fffffff)
				return TEE_ERROR_BAD_PARAMETERS;
		}
		e = (int)v;
	}
	mbedtls_rsa_context *rsa = calloc(1, sizeof(*rsa));
	if (!rsa)
		return TEE_ERROR_OUT_OF_MEMORY;
	mbedtls_rsa_init(rsa, MBEDTLS_RSA_PKCS_V15, 0);
	uint32_t r = TEE_ERROR_BAD_PARAMETERS;
	if (mbedtls_rsa_gen_key(rsa, cr_rng, NULL, bits, e) == 0) {
		const mbedtls_mpi *v[8] = {&rsa->N, &rsa->E,  &rsa->D,	&rsa->P,
					   &rsa->Q, &rsa->DP, &rsa->DQ, &rsa->QP};
		r = TEE_SUCCESS;
		for (unsigned k = 0; k < 8 && r == TEE_SUCCESS; k++)
			r = add_mpi(o, rsa_attrs[k], v[k], k == 0 ? (bits + 7) / 8 : 0);
	}
	mbedtls_rsa_free(rsa);
	free(rsa);
	return r;
}

static uint32_t gen_ecc(struct cr_obj *o, uint32_t bits, const struct tzv_cr_attr *params,
			uint32_t n)
{
	int i = find_param(params, n, TEE_ATTR_ECC_CURVE);
	bool sm2 = cr_sm2_type(o->type);
	if (i < 0 && !sm2)
		return CR_PANIC;
	uint32_t curve = i < 0 ? TEE_ECC_CURVE_SM2 : params[i].u.value.a;
	if (sm2 ? curve != TEE_ECC_CURVE_SM2
		: curve == TEE_ECC_CURVE_25519 || !cr_ecc_curve_bits(curve))
		return TEE_ERROR_NOT_SUPPORTED;
	if ((sm2 ? 256 : cr_ecc_curve_bits(curve)) != bits)
		return TEE_ERROR_BAD_PARAMETERS;
	mbedtls_ecp_keypair *kp = calloc(1, sizeof(*kp));
	if (!kp)
		return TEE_ERROR_OUT_OF_MEMORY;
	mbedtls_ecp_keypair_init(kp);
	uint32_t r = TEE_ERROR_BAD_PARAMETERS;
	size_t len = (bits + 7) / 8;
	int e = sm2 ? cr_sm2_group(&kp->grp)
		    : mbedtls_ecp_group_load(&kp->grp, (mbedtls_ecp_group_id)cr_ecc_group(curve));
	if (!e)
		e = mbedtls_ecp_gen_keypair(&kp->grp, &kp->d, &kp->Q, cr_rng, NULL);
	if (e == 0) {
		r = sm2 ? TEE_SUCCESS : cr_obj_add_value(o, TEE_ATTR_ECC_CURVE, curve, 0);
		if (!r)
			r = add_mpi(o, TEE_ATTR_ECC_PUBLIC_VALUE_X, &kp->Q.X, len);
		if (!r)
			r = add_mpi(o, TEE_ATTR_ECC_PUBLIC_VALUE_Y, &kp->Q.Y, len);
		if (!r)
			r = add_mpi(o, TEE_ATTR_ECC_PRIVATE_VALUE, &kp->d, len);
	}
	mbedtls_ecp_keypair_free(kp);
	free(kp);
	return r;
}

/* X25519 (RFC 7748): keys as 32 little-endian bytes, as GP and OP-TEE have them. */
static void le_bytes(const mbedtls_mpi *x, uint8_t out[32])
{
	uint8_t be[32];
	mbedtls_mpi_write_binary(x, be, 32);
	for (int k = 0; k < 32; k++)
		out[k] = be[31 - k];
}

static uint32_t gen_x25519(struct cr_obj *o)
{
	mbedtls_ecp_keypair *kp = calloc(1, sizeof(*kp));
	if (!kp)
		return TEE_ERROR_OUT_OF_MEMORY;
	mbedtls_ecp_keypair_init(kp);
	uint32_t r = TEE_ERROR_GENERIC;
	if (mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_CURVE25519, kp, cr_rng, NULL) == 0) {
		uint8_t pub[32], priv[32];
		le_bytes(&kp->Q.X, pub);
		le_bytes(&kp->d, priv);
		r = cr_obj_add_ref(o, TEE_ATTR_X25519_PUBLIC_VALUE, pub, 32);
		if (!r)
			r = cr_obj_add_ref(o, TEE_ATTR_X25519_PRIVATE_VALUE, priv, 32);
		memset(priv, 0, sizeof(priv));
	}
	mbedtls_ecp_keypair_free(kp);
	free(kp);
	return r;
}

/* Ed25519 (RFC 8032): a random 32-byte private key and the public key derived from it. */
static uint32_t gen_ed25519(struct cr_obj *o)
{
	uint8_t pub[32], priv[32];
	tee_random_bytes(priv, sizeof(priv));
	uint32_t r = cr_ed25519_public(priv, pub);
	if (!r)
		r = cr_obj_add_ref(o, TEE_ATTR_ED25519_PUBLIC_VALUE, pub, 32);
	if (!r)
		r = cr_obj_add_ref(o, TEE_ATTR_ED25519_PRIVATE_VALUE, priv, 32);
	memset(priv, 0, sizeof(priv));
	return r;
}

/* DH (PKCS #3): prime and base from the parameters, a fresh private value of X_BITS (or |p|) bits.
 */
static uint32_t gen_dh(struct cr_obj *o, uint32_t bits, const struct tzv_cr_attr *params,
		       const void *const *bufs, uint32_t n)
{
	int ip = find_param(params, n, TEE_ATTR_DH_PRIME);
	int ig = find_param(params, n, TEE_ATTR_DH_BASE);
	int ix = find_param(params, n, TEE_ATTR_DH_X_BITS);
	int iq = find_param(params, n, TEE_ATTR_DH_SUBPRIME);
	if (ip < 0 || ig < 0)
		return CR_PANIC;
	if (be_bits(bufs[ip], (size_t)params[ip].u.ref.length) != bits)
		return TEE_ERROR_BAD_PARAMETERS;
	uint32_t xbits = ix >= 0 ? params[ix].u.value.a : 0;
	mbedtls_mpi P, G, X, GX;
	mbedtls_mpi_init(&P);
	mbedtls_mpi_init(&G);
	mbedtls_mpi_init(&X);
	mbedtls_mpi_init(&GX);
	uint32_t r = TEE_ERROR_BAD_PARAMETERS;
	size_t plen = (size_t)params[ip].u.ref.length;
	if (mbedtls_mpi_read_binary(&P, bufs[ip], plen) || mbedtls_mpi_cmp_int(&P, 3) < 0 ||
	    mbedtls_mpi_read_binary(&G, bufs[ig], (size_t)params[ig].u.ref.length) ||
	    (xbits && xbits > bits))
		goto out;
	/* x in [2, p-2] with at most xbits bits: draw, reduce, retry */
	for (int tries = 0; tries < 30; tries++) {
		size_t xbytes = xbits ? (xbits + 7) / 8 : plen;
		if (mbedtls_mpi_fill_random(&X, xbytes, cr_rng, NULL))
			goto out;
		if (xbits && (xbits % 8))
			mbedtls_mpi_shift_r(&X, 8 - xbits % 8);
		if (!xbits)
			mbedtls_mpi_shift_r(&X, 1); /* below p */
		if (mbedtls_mpi_cmp_int(&X, 1) > 0)
			break;
	}
	if (mbedtls_mpi_exp_mod(&GX, &G, &X, &P, NULL))
		goto out;
	r = cr_obj_add_ref(o, TEE_ATTR_DH_PRIME, bufs[ip], plen);
	if (!r)
		r = cr_obj_add_ref(o, TEE_ATTR_DH_BASE, bufs[ig], (size_t)params[ig].u.ref.length);
	if (!r && iq >= 0)
		r = cr_obj_add_ref(o, TEE_ATTR_DH_SUBPRIME, bufs[iq],
				   (size_t)params[iq].u.ref.length);
	if (!r && ix >= 0)
		r = cr_obj_add_value(o, TEE_ATTR_DH_X_BITS, xbits, 0);
	if (!r)
		r = add_mpi(o, TEE_ATTR_DH_PUBLIC_VALUE, &GX, 0);
	if (!r)
		r = add_mpi(o, TEE_ATTR_DH_PRIVATE_VALUE, &X, 0);
out:
	mbedtls_mpi_free(&P);
	mbedtls_mpi_free(&G);
	mbedtls_mpi_free(&X);
	mbedtls_mpi_free(&GX);
	return r;
}

uint32_t cr_obj_generate(struct cr_obj *o, uint32_t bits, const struct tzv_cr_attr *params,
			 const void *const *bufs, uint32_t count)
{
	if (o->flags & (TEE_HANDLE_FLAG_INITIALIZED | TEE_HANDLE_FLAG_PERSISTENT) ||
	    bits > o->max_size)
		return CR_PANIC;
	const struct type_info *t = type_info(o->type);
	if (!size_ok(t, bits))
		return TEE_ERROR_NOT_SUPPORTED;
	uint32_t r;
	if (cr_secret_type(o->type)) {
		uint8_t key[512];
		size_t bytes = (cr_des_legacy_size(o->type, bits) ? bits + bits / 7 : bits) / 8;
		tee_random_bytes(key, bytes);
		const uint32_t *list;
		size_t n, req;
		attr_list(o->type, &list, &n, &req);
		r = cr_obj_add_ref(o, list[0], key, bytes);
		memset(key, 0, sizeof(key));
	} else if (o->type == TEE_TYPE_RSA_KEYPAIR) {
		r = gen_rsa(o, bits, params, bufs, count);
	} else if (o->type == TEE_TYPE_ECDSA_KEYPAIR || o->type == TEE_TYPE_ECDH_KEYPAIR ||
		   o->type == TEE_TYPE_SM2_DSA_KEYPAIR || o->type == TEE_TYPE_SM2_PKE_KEYPAIR ||
		   o->type == TEE_TYPE_SM2_KEP_KEYPAIR) {
		r = gen_ecc(o, bits, params, count);
	} else if (o->type == TEE_TYPE_DH_KEYPAIR) {
		r = gen_dh(o, bits, params, bufs, count);
	} else if (o->type == TEE_TYPE_X25519_KEYPAIR) {
		r = gen_x25519(o);
	} else if (o->type == TEE_TYPE_ED25519_KEYPAIR) {
		r = gen_ed25519(o);
	} else if (o->type == TEE_TYPE_DSA_KEYPAIR) {
		r = cr_dsa_generate(o, bits, params, bufs, count);
	} else {
		return CR_PANIC; /* public keys are not generated */
	}
	if (r != TEE_SUCCESS) {
		cr_obj_clear(o);
		return r;
	}
	o->size = bits;
	o->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

bool cr_obj_complete(const struct cr_obj *o)
{
	if (o->type == TZV_ST_TYPE_DATA)
		return o->nattrs == 0;
	if (!type_info(o->type))
		return false;
	const uint32_t *list;
	size_t n, required;
	attr_list(o->type, &list, &n, &required);
	for (unsigned i = 0; i < o->nattrs; i++) {
		bool known = false;
		for (size_t k = 0; k < n; k++)
			known |= o->attrs[i].id == list[k];
		if (!known || !(o->attrs[i].id & TEE_ATTR_FLAG_VALUE) != !!o->attrs[i].buf)
			return false;
	}
	for (size_t k = 0; k < required; k++)
		if (!cr_obj_attr(o, list[k]))
			return false;
	if (o->type == TEE_TYPE_RSA_KEYPAIR) {
		unsigned crt = 0;
		for (size_t k = 3; k < 8; k++)
			crt += cr_obj_attr(o, list[k]) != NULL;
		if (crt != 0 && crt != 5)
			return false;
	}
	if ((o->type & 0xff) == 0x41 || (o->type & 0xff) == 0x42) {
		uint32_t c = cr_obj_attr(o, TEE_ATTR_ECC_CURVE)->a;
		if (!cr_ecc_curve_bits(c) || c == TEE_ECC_CURVE_25519)
			return false;
	}
	return true;
}
