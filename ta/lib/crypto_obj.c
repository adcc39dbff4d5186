/*
 * GlobalPlatform transient objects: keys as lists of attributes (big numbers
 * as big-endian octet strings, as the specification has them), key generation
 * through mbedTLS.
 */
#include <mbedtls/ecp.h>
#include <mbedtls/rsa.h>
#include <tee_internal_api.h>
#include "crypto.h"

struct type_info {
	uint32_t type;
	uint32_t min_bits, max_bits, step;
};

static const struct type_info types[] = {
	{ TEE_TYPE_AES, 128, 256, 64 },
	{ TEE_TYPE_GENERIC_SECRET, 8, 4096, 8 },
	{ TEE_TYPE_HMAC_MD5, 64, 512, 8 },
	{ TEE_TYPE_HMAC_SHA1, 80, 512, 8 },
	{ TEE_TYPE_HMAC_SHA224, 112, 512, 8 },
	{ TEE_TYPE_HMAC_SHA256, 192, 1024, 8 },
	{ TEE_TYPE_HMAC_SHA384, 256, 1024, 8 },
	{ TEE_TYPE_HMAC_SHA512, 256, 1024, 8 },
	{ TEE_TYPE_RSA_PUBLIC_KEY, 256, 4096, 1 },
	{ TEE_TYPE_RSA_KEYPAIR, 256, 4096, 1 },
	{ TEE_TYPE_ECDSA_PUBLIC_KEY, 192, 521, 1 },
	{ TEE_TYPE_ECDSA_KEYPAIR, 192, 521, 1 },
};

static const struct type_info *type_info(uint32_t type)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (types[i].type == type)
			return &types[i];
	}
	return NULL;
}

static bool is_secret_type(uint32_t type)
{
	return type == TEE_TYPE_AES || type == TEE_TYPE_GENERIC_SECRET ||
	       (type >= TEE_TYPE_HMAC_MD5 && type <= TEE_TYPE_HMAC_SHA512);
}

int tzv_mbedtls_rng(void *ctx, unsigned char *buf, size_t len)
{
	(void)ctx;
	TEE_GenerateRandom(buf, len);
	return 0;
}

uint32_t tzv_ecc_curve_bits(uint32_t curve)
{
	switch (curve) {
	case TEE_ECC_CURVE_NIST_P192:
		return 192;
	case TEE_ECC_CURVE_NIST_P224:
		return 224;
	case TEE_ECC_CURVE_NIST_P256:
		return 256;
	case TEE_ECC_CURVE_NIST_P384:
		return 384;
	case TEE_ECC_CURVE_NIST_P521:
		return 521;
	default:
		return 0;
	}
}

int tzv_ecc_curve_id(uint32_t curve)
{
	switch (curve) {
	case TEE_ECC_CURVE_NIST_P192:
		return MBEDTLS_ECP_DP_SECP192R1;
	case TEE_ECC_CURVE_NIST_P224:
		return MBEDTLS_ECP_DP_SECP224R1;
	case TEE_ECC_CURVE_NIST_P256:
		return MBEDTLS_ECP_DP_SECP256R1;
	case TEE_ECC_CURVE_NIST_P384:
		return MBEDTLS_ECP_DP_SECP384R1;
	case TEE_ECC_CURVE_NIST_P521:
		return MBEDTLS_ECP_DP_SECP521R1;
	default:
		return MBEDTLS_ECP_DP_NONE;
	}
}

const struct tzv_attr *tzv_obj_attr(const struct __TEE_ObjectHandle *o, uint32_t id)
{
	for (unsigned i = 0; i < o->nattrs; i++) {
		if (o->attrs[i].id == id)
			return &o->attrs[i];
	}
	return NULL;
}

static void clear_attrs(struct __TEE_ObjectHandle *o)
{
	for (unsigned i = 0; i < o->nattrs; i++) {
		if (o->attrs[i].buf) {
			TEE_MemFill(o->attrs[i].buf, 0, o->attrs[i].len);
			TEE_Free(o->attrs[i].buf);
		}
	}
	TEE_MemFill(o->attrs, 0, sizeof(o->attrs));
	o->nattrs = 0;
}

static TEE_Result add_ref(struct __TEE_ObjectHandle *o, uint32_t id, const void *buf, size_t len)
{
	if (o->nattrs >= TZV_OBJ_MAX_ATTRS)
		return TEE_ERROR_BAD_PARAMETERS;
	struct tzv_attr *a = &o->attrs[o->nattrs];
	a->buf = TEE_Malloc(len ? len : 1, TEE_MALLOC_NO_FILL);
	if (!a->buf)
		return TEE_ERROR_OUT_OF_MEMORY;
	TEE_MemMove(a->buf, buf, len);
	a->len = len;
	a->id = id;
	o->nattrs++;
	return TEE_SUCCESS;
}

static TEE_Result add_value(struct __TEE_ObjectHandle *o, uint32_t id, uint32_t va, uint32_t vb)
{
	if (o->nattrs >= TZV_OBJ_MAX_ATTRS)
		return TEE_ERROR_BAD_PARAMETERS;
	struct tzv_attr *a = &o->attrs[o->nattrs++];
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

TEE_Result TEE_AllocateTransientObject(TEE_ObjectType objectType, uint32_t maxObjectSize,
				       TEE_ObjectHandle *object)
{
	if (!object)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	*object = TEE_HANDLE_NULL;
	const struct type_info *t = type_info(objectType);
	if (!t || maxObjectSize < t->min_bits || maxObjectSize > t->max_bits ||
	    (objectType == TEE_TYPE_AES && maxObjectSize != 128 && maxObjectSize != 192 &&
	     maxObjectSize != 256) ||
	    (t->step == 8 && maxObjectSize % 8))
		return TEE_ERROR_NOT_SUPPORTED;
	struct __TEE_ObjectHandle *o = TEE_Malloc(sizeof(*o), TEE_MALLOC_FILL_ZERO);
	if (!o)
		return TEE_ERROR_OUT_OF_MEMORY;
	o->type = objectType;
	o->max_size = maxObjectSize;
	o->usage = 0xFFFFFFFF;
	o->magic = TZV_OBJ_MAGIC;
	*object = o;
	return TEE_SUCCESS;
}

static struct __TEE_ObjectHandle *check_obj(TEE_ObjectHandle o)
{
	if (!o || o->magic != TZV_OBJ_MAGIC)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return o;
}

static void free_obj(TEE_ObjectHandle object)
{
	clear_attrs(object);
	object->magic = 0;
	TEE_Free(object);
}

void TEE_FreeTransientObject(TEE_ObjectHandle object)
{
	if (object == TEE_HANDLE_NULL)
		return;
	check_obj(object);
	if (object->flags & TEE_HANDLE_FLAG_PERSISTENT)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	free_obj(object);
}

void TEE_CloseObject(TEE_ObjectHandle object)
{
	if (object == TEE_HANDLE_NULL)
		return;
	check_obj(object);
	if (object->flags & TEE_HANDLE_FLAG_PERSISTENT)
		tzv_storage_close(object);
	free_obj(object);
}

size_t tzv_obj_attrs_encode(const struct __TEE_ObjectHandle *o, uint8_t *buf, size_t cap)
{
	size_t n = 0;
	for (unsigned i = 0; i < o->nattrs; i++) {
		const struct tzv_attr *a = &o->attrs[i];
		uint32_t w[3] = { a->id, a->buf ? (uint32_t)a->len : a->a, a->buf ? 0 : a->b };
		size_t body = a->buf ? (a->len + 3) & ~(size_t)3 : 0;
		if (n + sizeof(w) + body <= cap) {
			TEE_MemMove(buf + n, w, sizeof(w));
			if (a->buf) {
				TEE_MemFill(buf + n + sizeof(w), 0, body);
				TEE_MemMove(buf + n + sizeof(w), a->buf, a->len);
			}
		}
		n += sizeof(w) + body;
	}
	return n;
}

int tzv_obj_attrs_decode(struct __TEE_ObjectHandle *o, const uint8_t *buf, size_t len)
{
	size_t n = 0;
	while (n < len) {
		uint32_t w[3];
		if (len - n < sizeof(w))
			goto bad;
		TEE_MemMove(w, buf + n, sizeof(w));
		n += sizeof(w);
		TEE_Result r;
		if (w[0] & TEE_ATTR_FLAG_VALUE) {
			r = add_value(o, w[0], w[1], w[2]);
		} else {
			size_t body = ((size_t)w[1] + 3) & ~(size_t)3;
			if (body > len - n || body < w[1])
				goto bad;
			r = add_ref(o, w[0], buf + n, w[1]);
			n += body;
		}
		if (r != TEE_SUCCESS)
			goto bad;
	}
	return 0;
bad:
	clear_attrs(o);
	return -1;
}

void TEE_ResetTransientObject(TEE_ObjectHandle object)
{
	if (object == TEE_HANDLE_NULL)
		return;
	check_obj(object);
	if (object->flags & TEE_HANDLE_FLAG_PERSISTENT)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	clear_attrs(object);
	object->size = 0;
	object->flags &= ~(uint32_t)TEE_HANDLE_FLAG_INITIALIZED;
}

TEE_Result TEE_GetObjectInfo1(TEE_ObjectHandle object, TEE_ObjectInfo *objectInfo)
{
	check_obj(object);
	if (!objectInfo)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_MemFill(objectInfo, 0, sizeof(*objectInfo));
	if (object->flags & TEE_HANDLE_FLAG_PERSISTENT)
		return tzv_storage_info(object, objectInfo);
	objectInfo->objectType = object->type;
	objectInfo->objectSize = object->size;
	objectInfo->maxObjectSize = object->max_size;
	objectInfo->objectUsage = object->usage;
	objectInfo->handleFlags = object->flags;
	return TEE_SUCCESS;
}

void TEE_InitRefAttribute(TEE_Attribute *attr, uint32_t attributeID, const void *buffer,
			  size_t length)
{
	if (!attr || (attributeID & TEE_ATTR_FLAG_VALUE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	attr->attributeID = attributeID;
	attr->content.ref.buffer = (void *)(uintptr_t)buffer;
	attr->content.ref.length = length;
}

void TEE_InitValueAttribute(TEE_Attribute *attr, uint32_t attributeID, uint32_t a, uint32_t b)
{
	if (!attr || !(attributeID & TEE_ATTR_FLAG_VALUE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	attr->attributeID = attributeID;
	attr->content.value.a = a;
	attr->content.value.b = b;
}

static const TEE_Attribute *find_param(const TEE_Attribute *attrs, uint32_t n, uint32_t id)
{
	for (uint32_t i = 0; i < n; i++) {
		if (attrs[i].attributeID == id)
			return &attrs[i];
	}
	return NULL;
}

/* The attributes each type needs (first `required` of the list) and accepts. */
static const uint32_t rsa_attrs[] = { TEE_ATTR_RSA_MODULUS,  TEE_ATTR_RSA_PUBLIC_EXPONENT,
				      TEE_ATTR_RSA_PRIVATE_EXPONENT, TEE_ATTR_RSA_PRIME1,
				      TEE_ATTR_RSA_PRIME2,   TEE_ATTR_RSA_EXPONENT1,
				      TEE_ATTR_RSA_EXPONENT2, TEE_ATTR_RSA_COEFFICIENT };
static const uint32_t ecc_attrs[] = { TEE_ATTR_ECC_CURVE, TEE_ATTR_ECC_PUBLIC_VALUE_X,
				      TEE_ATTR_ECC_PUBLIC_VALUE_Y, TEE_ATTR_ECC_PRIVATE_VALUE };
static const uint32_t secret_attrs[] = { TEE_ATTR_SECRET_VALUE };

static void attr_list(uint32_t type, const uint32_t **list, size_t *n, size_t *required)
{
	if (is_secret_type(type)) {
		*list = secret_attrs;
		*n = *required = 1;
	} else if (type == TEE_TYPE_RSA_PUBLIC_KEY) {
		*list = rsa_attrs;
		*n = *required = 2;
	} else if (type == TEE_TYPE_RSA_KEYPAIR) {
		*list = rsa_attrs;
		*n = 8;
		*required = 3;
	} else if (type == TEE_TYPE_ECDSA_PUBLIC_KEY) {
		*list = ecc_attrs;
		*n = *required = 3;
	} else {
		*list = ecc_attrs;
		*n = *required = 4;
	}
}

TEE_Result TEE_PopulateTransientObject(TEE_ObjectHandle object, const TEE_Attribute *attrs,
				       uint32_t attrCount)
{
	check_obj(object);
	if (object->flags & TEE_HANDLE_FLAG_INITIALIZED || (attrCount && !attrs))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	const uint32_t *list;
	size_t n, required;
	attr_list(object->type, &list, &n, &required);
	/* Every attribute given must be one of the type's, every required one must be there. */
	for (uint32_t i = 0; i < attrCount; i++) {
		bool known = false;
		for (size_t k = 0; k < n; k++)
			known |= attrs[i].attributeID == list[k];
		if (!known)
			TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	for (size_t k = 0; k < required; k++) {
		if (!find_param(attrs, attrCount, list[k]))
			TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	/* RSA keypairs take CRT parameters all or none. */
	if (object->type == TEE_TYPE_RSA_KEYPAIR) {
		unsigned crt = 0;
		for (size_t k = 3; k < 8; k++)
			crt += find_param(attrs, attrCount, list[k]) != NULL;
		if (crt != 0 && crt != 5)
			TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}

	uint32_t bits;
	if (is_secret_type(object->type)) {
		const TEE_Attribute *s = find_param(attrs, attrCount, TEE_ATTR_SECRET_VALUE);
		bits = (uint32_t)s->content.ref.length * 8;
		if (object->type == TEE_TYPE_AES && bits != 128 && bits != 192 && bits != 256)
			return TEE_ERROR_BAD_PARAMETERS;
	} else if (object->type == TEE_TYPE_RSA_PUBLIC_KEY || object->type == TEE_TYPE_RSA_KEYPAIR) {
		const TEE_Attribute *m = find_param(attrs, attrCount, TEE_ATTR_RSA_MODULUS);
		bits = be_bits(m->content.ref.buffer, m->content.ref.length);
	} else {
		const TEE_Attribute *c = find_param(attrs, attrCount, TEE_ATTR_ECC_CURVE);
		bits = tzv_ecc_curve_bits(c->content.value.a);
		if (!bits)
			return TEE_ERROR_NOT_SUPPORTED;
	}
	if (bits > object->max_size)
		return TEE_ERROR_BAD_PARAMETERS;

	for (uint32_t i = 0; i < attrCount; i++) {
		TEE_Result res;
		if (attrs[i].attributeID & TEE_ATTR_FLAG_VALUE)
			res = add_value(object, attrs[i].attributeID, attrs[i].content.value.a,
					attrs[i].content.value.b);
		else
			res = add_ref(object, attrs[i].attributeID, attrs[i].content.ref.buffer,
				      attrs[i].content.ref.length);
		if (res != TEE_SUCCESS) {
			clear_attrs(object);
			return res;
		}
	}
	object->size = bits;
	object->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

TEE_Result tzv_obj_copy(struct __TEE_ObjectHandle **dst, const struct __TEE_ObjectHandle *src)
{
	struct __TEE_ObjectHandle *o = TEE_Malloc(sizeof(*o), TEE_MALLOC_FILL_ZERO);
	if (!o)
		return TEE_ERROR_OUT_OF_MEMORY;
	o->type = src->type;
	o->max_size = src->max_size;
	o->size = src->size;
	o->usage = src->usage;
	/* a transient copy, also of a persistent object: no storage handle, no data flags */
	o->flags = src->flags & ~(uint32_t)(TEE_HANDLE_FLAG_PERSISTENT | 0xffff);
	o->magic = TZV_OBJ_MAGIC;
	for (unsigned i = 0; i < src->nattrs; i++) {
		const struct tzv_attr *a = &src->attrs[i];
		TEE_Result res = a->buf ? add_ref(o, a->id, a->buf, a->len)
					: add_value(o, a->id, a->a, a->b);
		if (res != TEE_SUCCESS) {
			TEE_FreeTransientObject(o);
			return res;
		}
	}
	*dst = o;
	return TEE_SUCCESS;
}

TEE_Result TEE_GetObjectBufferAttribute(TEE_ObjectHandle object, uint32_t attributeID,
					void *buffer, size_t *size)
{
	check_obj(object);
	if (!size || (attributeID & TEE_ATTR_FLAG_VALUE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	if (!(object->flags & TEE_HANDLE_FLAG_INITIALIZED))
		TEE_Panic(TEE_ERROR_BAD_STATE);
	/* Secret parts leave only when the object is extractable. */
	if (!(attributeID & TEE_ATTR_FLAG_PUBLIC) && !(object->usage & TEE_USAGE_EXTRACTABLE))
		TEE_Panic(TEE_ERROR_ACCESS_DENIED);
	const struct tzv_attr *a = tzv_obj_attr(object, attributeID);
	if (!a || !a->buf)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (!buffer || *size < a->len) {
		*size = a->len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_MemMove(buffer, a->buf, a->len);
	*size = a->len;
	return TEE_SUCCESS;
}

TEE_Result TEE_GetObjectValueAttribute(TEE_ObjectHandle object, uint32_t attributeID,
				       uint32_t *a, uint32_t *b)
{
	check_obj(object);
	if (!(attributeID & TEE_ATTR_FLAG_VALUE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	if (!(object->flags & TEE_HANDLE_FLAG_INITIALIZED))
		TEE_Panic(TEE_ERROR_BAD_STATE);
	const struct tzv_attr *at = tzv_obj_attr(object, attributeID);
	if (!at || at->buf)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (a)
		*a = at->a;
	if (b)
		*b = at->b;
	return TEE_SUCCESS;
}

/* Adds the value of mpi x as a big-endian attribute of len bytes (0: its own length). */
static TEE_Result add_mpi(struct __TEE_ObjectHandle *o, uint32_t id, const mbedtls_mpi *x,
			  size_t len)
{
	if (!len)
		len = mbedtls_mpi_size(x);
	uint8_t *tmp = TEE_Malloc(len ? len : 1, TEE_MALLOC_FILL_ZERO);
	if (!tmp)
		return TEE_ERROR_OUT_OF_MEMORY;
	TEE_Result res = TEE_ERROR_GENERIC;
	if (mbedtls_mpi_write_binary(x, tmp, len) == 0)
		res = add_ref(o, id, tmp, len);
	TEE_MemFill(tmp, 0, len);
	TEE_Free(tmp);
	return res;
}

static TEE_Result gen_rsa(struct __TEE_ObjectHandle *o, uint32_t bits, const TEE_Attribute *params,
			  uint32_t n)
{
	int e = 65537;
	const TEE_Attribute *pe = find_param(params, n, TEE_ATTR_RSA_PUBLIC_EXPONENT);
	if (pe) {
		const uint8_t *p = pe->content.ref.buffer;
		uint64_t v = 0;
		for (size_t i = 0; i < pe->content.ref.length; i++) {
			v = v << 8 | p[i];
			if (v > 0x7fffffff)
				return TEE_ERROR_BAD_PARAMETERS;
		}
		e = (int)v;
	}
	mbedtls_rsa_context *rsa = TEE_Malloc(sizeof(*rsa), TEE_MALLOC_FILL_ZERO);
	if (!rsa)
		return TEE_ERROR_OUT_OF_MEMORY;
	mbedtls_rsa_init(rsa, MBEDTLS_RSA_PKCS_V15, 0);
	TEE_Result res = TEE_ERROR_BAD_PARAMETERS;
	if (mbedtls_rsa_gen_key(rsa, tzv_mbedtls_rng, NULL, bits, e) == 0) {
		res = add_mpi(o, TEE_ATTR_RSA_MODULUS, &rsa->N, 0);
		if (!res)
			res = add_mpi(o, TEE_ATTR_RSA_PUBLIC_EXPONENT, &rsa->E, 0);
		if (!res)
			res = add_mpi(o, TEE_ATTR_RSA_PRIVATE_EXPONENT, &rsa->D, 0);
		if (!res)
			res = add_mpi(o, TEE_ATTR_RSA_PRIME1, &rsa->P, 0);
		if (!res)
			res = add_mpi(o, TEE_ATTR_RSA_PRIME2, &rsa->Q, 0);
		if (!res)
			res = add_mpi(o, TEE_ATTR_RSA_EXPONENT1, &rsa->DP, 0);
		if (!res)
			res = add_mpi(o, TEE_ATTR_RSA_EXPONENT2, &rsa->DQ, 0);
		if (!res)
			res = add_mpi(o, TEE_ATTR_RSA_COEFFICIENT, &rsa->QP, 0);
	}
	mbedtls_rsa_free(rsa);
	TEE_Free(rsa);
	return res;
}

static TEE_Result gen_ecc(struct __TEE_ObjectHandle *o, uint32_t bits, const TEE_Attribute *params,
			  uint32_t n)
{
	const TEE_Attribute *c = find_param(params, n, TEE_ATTR_ECC_CURVE);
	if (!c)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	uint32_t curve = c->content.value.a;
	if (tzv_ecc_curve_bits(curve) != bits)
		return TEE_ERROR_BAD_PARAMETERS;
	mbedtls_ecp_keypair *kp = TEE_Malloc(sizeof(*kp), TEE_MALLOC_FILL_ZERO);
	if (!kp)
		return TEE_ERROR_OUT_OF_MEMORY;
	mbedtls_ecp_keypair_init(kp);
	TEE_Result res = TEE_ERROR_BAD_PARAMETERS;
	size_t len = (bits + 7) / 8;
	if (mbedtls_ecp_gen_key((mbedtls_ecp_group_id)tzv_ecc_curve_id(curve), kp, tzv_mbedtls_rng,
				NULL) == 0) {
		res = add_value(o, TEE_ATTR_ECC_CURVE, curve, 0);
		if (!res)
			res = add_mpi(o, TEE_ATTR_ECC_PUBLIC_VALUE_X, &kp->Q.X, len);
		if (!res)
			res = add_mpi(o, TEE_ATTR_ECC_PUBLIC_VALUE_Y, &kp->Q.Y, len);
		if (!res)
			res = add_mpi(o, TEE_ATTR_ECC_PRIVATE_VALUE, &kp->d, len);
	}
	mbedtls_ecp_keypair_free(kp);
	TEE_Free(kp);
	return res;
}

TEE_Result TEE_GenerateKey(TEE_ObjectHandle object, uint32_t keySize, const TEE_Attribute *params,
			   uint32_t paramCount)
{
	check_obj(object);
	if (object->flags & TEE_HANDLE_FLAG_INITIALIZED || keySize > object->max_size ||
	    (paramCount && !params))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	const struct type_info *t = type_info(object->type);
	if (keySize < t->min_bits || (t->step == 8 && keySize % 8) ||
	    (object->type == TEE_TYPE_AES && keySize != 128 && keySize != 192 && keySize != 256))
		return TEE_ERROR_NOT_SUPPORTED;
	TEE_Result res;
	if (is_secret_type(object->type)) {
		uint8_t key[512];
		TEE_GenerateRandom(key, keySize / 8);
		res = add_ref(object, TEE_ATTR_SECRET_VALUE, key, keySize / 8);
		TEE_MemFill(key, 0, sizeof(key));
	} else if (object->type == TEE_TYPE_RSA_KEYPAIR) {
		res = gen_rsa(object, keySize, params, paramCount);
	} else if (object->type == TEE_TYPE_ECDSA_KEYPAIR) {
		res = gen_ecc(object, keySize, params, paramCount);
	} else {
		/* Public keys cannot be generated. */
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	if (res != TEE_SUCCESS) {
		clear_attrs(object);
		return res;
	}
	object->size = keySize;
	object->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}
