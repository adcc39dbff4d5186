/*
 * TZV_TA_SYS_CRYPTO: the running TA's calls into its key objects and
 * operations (include/tzvisor/ta_crypto_abi.h). Every handle is looked up
 * among those of the calling TA instance, every pointer is checked against its
 * memory (uta_user_ptr) before anything changes, and a call GP answers with a
 * panic ends the TA instance after the state it touched is consistent again.
 */
#include <stdlib.h>
#include <lib/string.h>
#include <tee_api_defines.h>
#include <tzvisor/ta_storage_abi.h>
#include "crypto.h"
#include "storage.h"

#define MAX_PARAMS 16 /* attributes in one call */

void crypto_obj_release(const void *owner);
void crypto_obj_reset(void);
void crypto_op_release(const void *owner);
void crypto_op_reset(void);

static uint8_t empty[1]; /* where a zero-length buffer points */

static void dies(const char *why, uint64_t a, uint64_t b) __attribute__((noreturn));
static void dies(const char *why, uint64_t a, uint64_t b)
{
	uta_kill_current(why, a, b);
}

static const uint8_t *in_buf(uint64_t va, uint64_t len)
{
	if (!len)
		return empty;
	const uint8_t *p = uta_user_ptr(va, len, false);
	if (!p)
		dies("CRYPTO: bad input buffer", va, len);
	return p;
}

static uint8_t *out_buf(uint64_t va, uint64_t len)
{
	if (!len)
		return empty;
	uint8_t *p = uta_user_ptr(va, len, true);
	if (!p)
		dies("CRYPTO: bad output buffer", va, len);
	return p;
}

static uint64_t *len_ptr(uint64_t va)
{
	uint64_t *p = uta_user_ptr(va, sizeof(*p), true);
	if (!p || (va & 7))
		dies("CRYPTO: bad length pointer", va, 0);
	return p;
}

static struct cr_obj *obj(const void *owner, uint64_t h)
{
	struct cr_obj *o = cr_obj_get(owner, (uint32_t)h);
	if (!o || h > 0xffffffffu)
		dies("CRYPTO: not an object of this TA", h, 0);
	return o;
}

static struct cr_op *op(const void *owner, uint64_t h)
{
	struct cr_op *p = cr_op_get(owner, (uint32_t)h);
	if (!p || h > 0xffffffffu)
		dies("CRYPTO: not an operation of this TA", h, 0);
	return p;
}

/* GP's attribute array into kernel memory, each reference's buffer checked. */
static void params(uint64_t va, uint64_t count, struct tzv_cr_attr *attrs, const void **bufs)
{
	if (count > MAX_PARAMS)
		dies("CRYPTO: too many attributes", count, 0);
	if (!count)
		return;
	const struct tzv_cr_attr *a =
	    (const struct tzv_cr_attr *)in_buf(va, count * sizeof(struct tzv_cr_attr));
	memcpy(attrs, a, count * sizeof(*a));
	for (uint64_t i = 0; i < count; i++)
		bufs[i] = (attrs[i].id & TEE_ATTR_FLAG_VALUE)
			      ? NULL
			      : in_buf(attrs[i].u.ref.buffer, attrs[i].u.ref.length);
}

/*
 * In-place calls (src overlapping dst) are allowed by GP: the kernel reads a
 * private copy of src then. *copy is freed by the caller.
 */
static const uint8_t *unaliased(const uint8_t *src, uint64_t len, const uint8_t *dst,
				uint64_t dst_len, uint8_t **copy)
{
	*copy = NULL;
	if (!len || !dst_len || src >= dst + dst_len || dst >= src + len)
		return src;
	*copy = calloc(1, len);
	if (*copy)
		memcpy(*copy, src, len);
	return *copy;
}

static uint32_t finish(uint32_t r, const char *what, uint64_t op_no)
{
	if (r == CR_PANIC)
		dies(what, op_no, 0);
	return r;
}

static uint32_t open_stored(const void *owner, uint64_t storage_handle, uint64_t out_va)
{
	uint32_t *out = (uint32_t *)out_buf(out_va, sizeof(uint32_t));
	uint32_t type, size, max, usage, meta_len, h;
	const uint8_t *meta;
	if (!storage_key_attributes(owner, (uint32_t)storage_handle, &type, &size, &max, &usage,
				    &meta, &meta_len))
		dies("CRYPTO: not a persistent object of this TA", storage_handle, 0);
	/* allocated as a generic object, then given the stored type (DATA included) */
	uint32_t r = cr_obj_alloc(owner, TEE_TYPE_GENERIC_SECRET, 8, &h);
	if (r != TEE_SUCCESS)
		return r;
	struct cr_obj *o = cr_obj_get(owner, h);
	o->type = type;
	o->size = size;
	o->max_size = max;
	o->usage = usage;
	o->flags = TEE_HANDLE_FLAG_PERSISTENT | TEE_HANDLE_FLAG_INITIALIZED;
	r = cr_obj_decode(o, meta, meta_len);
	if (r == TEE_SUCCESS && !cr_obj_complete(o))
		r = TEE_ERROR_CORRUPT_OBJECT;
	if (r != TEE_SUCCESS) {
		cr_obj_free(o);
		return r;
	}
	*out = h;
	return TEE_SUCCESS;
}

bool crypto_key_for_storage(const void *owner, uint32_t handle, uint32_t *type, uint32_t *obj_size,
			    uint32_t *max_size, uint32_t *usage, uint8_t *meta, uint32_t *meta_len)
{
	const struct cr_obj *o = cr_obj_get(owner, handle);
	if (!o || !(o->flags & TEE_HANDLE_FLAG_INITIALIZED))
		return false;
	size_t n = cr_obj_encode(o, NULL, 0);
	if (n > TZV_ST_META_MAX)
		return false;
	cr_obj_encode(o, meta, TZV_ST_META_MAX);
	*type = o->type;
	*obj_size = o->size;
	*max_size = o->max_size;
	*usage = o->usage;
	*meta_len = (uint32_t)n;
	return true;
}

static uint32_t obj_call(const void *owner, uint64_t no, const uint64_t *a)
{
	struct tzv_cr_attr attrs[MAX_PARAMS];
	const void *bufs[MAX_PARAMS];
	switch (no) {
	case TZV_CR_OBJ_ALLOC: {
		uint32_t *out = (uint32_t *)out_buf(a[2], sizeof(uint32_t));
		return cr_obj_alloc(owner, (uint32_t)a[0], (uint32_t)a[1], out);
	}
	case TZV_CR_OBJ_FREE:
		cr_obj_free(obj(owner, a[0]));
		return TEE_SUCCESS;
	case TZV_CR_OBJ_RESET: {
		struct cr_obj *o = obj(owner, a[0]);
		if (o->flags & TEE_HANDLE_FLAG_PERSISTENT)
			return CR_PANIC;
		cr_obj_clear(o);
		o->size = 0;
		o->usage = 0xffffffffu;
		o->flags &= ~(uint32_t)TEE_HANDLE_FLAG_INITIALIZED;
		return TEE_SUCCESS;
	}
	case TZV_CR_OBJ_INFO: {
		struct cr_obj *o = obj(owner, a[0]);
		struct tzv_cr_obj_info *i =
		    (struct tzv_cr_obj_info *)out_buf(a[1], sizeof(struct tzv_cr_obj_info));
		if (a[1] & 3)
			return CR_PANIC;
		memset(i, 0, sizeof(*i));
		i->type = o->type;
		i->obj_size = o->size;
		i->max_size = o->max_size;
		i->usage = o->usage;
		i->handle_flags = o->flags;
		return TEE_SUCCESS;
	}
	case TZV_CR_OBJ_RESTRICT:
		obj(owner, a[0])->usage &= (uint32_t)a[1];
		return TEE_SUCCESS;
	case TZV_CR_OBJ_POPULATE: {
		struct cr_obj *o = obj(owner, a[0]);
		params(a[1], a[2], attrs, bufs);
		return cr_obj_populate(o, attrs, bufs, (uint32_t)a[2]);
	}
	case TZV_CR_OBJ_GENERATE: {
		struct cr_obj *o = obj(owner, a[0]);
		params(a[2], a[3], attrs, bufs);
		return cr_obj_generate(o, (uint32_t)a[1], attrs, bufs, (uint32_t)a[3]);
	}
	case TZV_CR_OBJ_GET_ATTR: {
		struct cr_obj *o = obj(owner, a[0]);
		uint32_t id = (uint32_t)a[1];
		if (!(o->flags & TEE_HANDLE_FLAG_INITIALIZED))
			return CR_PANIC;
		/* secret parts leave only when the object is extractable */
		if (!(id & TEE_ATTR_FLAG_PUBLIC) && !(o->usage & TEE_USAGE_EXTRACTABLE))
			return CR_PANIC;
		const struct cr_attr *at = cr_obj_attr(o, id);
		if (id & TEE_ATTR_FLAG_VALUE) {
			uint32_t *ab = (uint32_t *)out_buf(a[4], 8);
			if (!at)
				return TEE_ERROR_ITEM_NOT_FOUND;
			ab[0] = at->a;
			ab[1] = at->b;
			return TEE_SUCCESS;
		}
		uint64_t *len = len_ptr(a[3]);
		uint8_t *buf = out_buf(a[2], *len);
		if (!at)
			return TEE_ERROR_ITEM_NOT_FOUND;
		if (*len < at->len) {
			*len = at->len;
			return TEE_ERROR_SHORT_BUFFER;
		}
		memcpy(buf, at->buf, at->len);
		*len = at->len;
		return TEE_SUCCESS;
	}
	case TZV_CR_OBJ_COPY: {
		struct cr_obj *d = obj(owner, a[0]), *s = obj(owner, a[1]);
		/* GP: an uninitialized transient destination, an initialized source of a
		 * compatible type */
		if (d == s ||
		    (d->flags & (TEE_HANDLE_FLAG_INITIALIZED | TEE_HANDLE_FLAG_PERSISTENT)) ||
		    !(s->flags & TEE_HANDLE_FLAG_INITIALIZED) || s->size > d->max_size)
			return CR_PANIC;
		bool same = d->type == s->type;
		bool pub =
		    (d->type == TEE_TYPE_RSA_PUBLIC_KEY && s->type == TEE_TYPE_RSA_KEYPAIR) ||
		    (d->type == TEE_TYPE_ECDSA_PUBLIC_KEY && s->type == TEE_TYPE_ECDSA_KEYPAIR) ||
		    (d->type == TEE_TYPE_ECDH_PUBLIC_KEY && s->type == TEE_TYPE_ECDH_KEYPAIR) ||
		    (d->type == TEE_TYPE_ED25519_PUBLIC_KEY &&
		     s->type == TEE_TYPE_ED25519_KEYPAIR) ||
		    (d->type == TEE_TYPE_SM2_DSA_PUBLIC_KEY &&
		     s->type == TEE_TYPE_SM2_DSA_KEYPAIR) ||
		    (d->type == TEE_TYPE_SM2_PKE_PUBLIC_KEY &&
		     s->type == TEE_TYPE_SM2_PKE_KEYPAIR) ||
		    (d->type == TEE_TYPE_SM2_KEP_PUBLIC_KEY && s->type == TEE_TYPE_SM2_KEP_KEYPAIR);
		if (!same && !pub)
			return CR_PANIC;
		uint32_t r = cr_obj_copy_attrs(d, s);
		if (r == TEE_SUCCESS && pub) {
			/* only the public part goes over */
			struct cr_obj tmp = *d;
			memset(d->attrs, 0, sizeof(d->attrs));
			d->nattrs = 0;
			for (unsigned i = 0; i < tmp.nattrs && r == TEE_SUCCESS; i++) {
				if ((tmp.attrs[i].id & TEE_ATTR_FLAG_PUBLIC))
					r = tmp.attrs[i].buf
						? cr_obj_add_ref(d, tmp.attrs[i].id,
								 tmp.attrs[i].buf, tmp.attrs[i].len)
						: cr_obj_add_value(d, tmp.attrs[i].id,
								   tmp.attrs[i].a, tmp.attrs[i].b);
			}
			cr_obj_clear(&tmp);
		}
		if (r != TEE_SUCCESS) {
			cr_obj_clear(d);
			return r;
		}
		d->usage &= s->usage;
		d->flags |= TEE_HANDLE_FLAG_INITIALIZED;
		return TEE_SUCCESS;
	}
	case TZV_CR_OBJ_OPEN_STORED:
		return open_stored(owner, a[0], a[1]);
	default:
		dies("CRYPTO: unknown call", no, 0);
	}
}

static uint32_t data_call(struct cr_op *p, uint64_t no, const uint64_t *a, bool final)
{
	uint64_t *dst_len = len_ptr(a[4]);
	uint8_t *dst = out_buf(a[3], *dst_len);
	const uint8_t *src = in_buf(a[1], a[2]);
	uint8_t *copy;
	src = unaliased(src, a[2], dst, *dst_len, &copy);
	if (!src)
		return TEE_ERROR_OUT_OF_MEMORY;
	uint32_t r;
	if (no == TZV_CR_DIGEST_FINAL)
		r = cr_digest_final(p, src, a[2], dst, dst_len);
	else if (no == TZV_CR_MAC_FINAL)
		r = cr_mac_final(p, src, a[2], dst, dst_len);
	else if (no == TZV_CR_AE_UPDATE)
		r = cr_ae_update(p, src, a[2], dst, dst_len);
	else
		r = cr_cipher_update(p, src, a[2], dst, dst_len, final);
	free(copy);
	return r;
}

static uint32_t op_call(const void *owner, uint64_t no, const uint64_t *a)
{
	struct tzv_cr_attr attrs[MAX_PARAMS];
	const void *bufs[MAX_PARAMS];
	if (no == TZV_CR_ALG_SUPPORTED)
		return cr_alg_supported((uint32_t)a[0], (uint32_t)a[1]);
	if (no == TZV_CR_OP_ALLOC) {
		uint32_t *out = (uint32_t *)out_buf(a[3], sizeof(uint32_t));
		return cr_op_alloc(owner, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2], out);
	}
	struct cr_op *p = op(owner, a[0]);
	switch (no) {
	case TZV_CR_OP_FREE:
		cr_op_free(p);
		return TEE_SUCCESS;
	case TZV_CR_OP_INFO:
		return cr_op_info(p, out_buf(a[1], 32));
	case TZV_CR_OP_INFO_MULTIPLE: {
		uint64_t *size = len_ptr(a[2]);
		return cr_op_info_multiple(p, out_buf(a[1], *size), size);
	}
	case TZV_CR_OP_RESET:
		return cr_op_reset(p);
	case TZV_CR_OP_SET_KEY:
		return cr_op_set_key(p, a[1] ? obj(owner, a[1]) : NULL,
				     a[2] ? obj(owner, a[2]) : NULL);
	case TZV_CR_OP_COPY:
		return cr_op_copy(p, op(owner, a[1]));
	case TZV_CR_DIGEST_UPDATE:
		return cr_digest_update(p, in_buf(a[1], a[2]), a[2]);
	case TZV_CR_DIGEST_EXTRACT: {
		uint64_t *dst_len = len_ptr(a[2]);
		return cr_digest_extract(p, out_buf(a[1], *dst_len), dst_len);
	}
	case TZV_CR_DIGEST_FINAL:
	case TZV_CR_MAC_FINAL:
	case TZV_CR_CIPHER_UPDATE:
	case TZV_CR_AE_UPDATE:
		return data_call(p, no, a, false);
	case TZV_CR_CIPHER_FINAL:
		return data_call(p, no, a, true);
	case TZV_CR_CIPHER_INIT:
		return cr_cipher_init(p, in_buf(a[1], a[2]), a[2]);
	case TZV_CR_MAC_INIT:
		return cr_mac_init(p, in_buf(a[1], a[2]), a[2]);
	case TZV_CR_MAC_UPDATE:
		return cr_mac_update(p, in_buf(a[1], a[2]), a[2]);
	case TZV_CR_AE_INIT:
		return cr_ae_init(p, in_buf(a[1], a[2]), a[2], (uint32_t)a[3], a[4], a[5]);
	case TZV_CR_AE_UPDATE_AAD:
		return cr_ae_update_aad(p, in_buf(a[1], a[2]), a[2]);
	case TZV_CR_AE_ENCRYPT_FINAL:
	case TZV_CR_AE_DECRYPT_FINAL: {
		uint64_t *dst_len = len_ptr(a[4]);
		uint8_t *dst = out_buf(a[3], *dst_len);
		const uint8_t *src = in_buf(a[1], a[2]);
		uint32_t r;
		uint8_t *copy;
		if (no == TZV_CR_AE_ENCRYPT_FINAL) {
			uint64_t *tag_len = len_ptr(a[6]);
			uint8_t *tag = out_buf(a[5], *tag_len);
			if (!(src = unaliased(src, a[2], dst, *dst_len, &copy)))
				return TEE_ERROR_OUT_OF_MEMORY;
			r = cr_ae_encrypt_final(p, src, a[2], dst, dst_len, tag, tag_len);
		} else {
			const uint8_t *tag = in_buf(a[5], a[6]);
			if (!(src = unaliased(src, a[2], dst, *dst_len, &copy)))
				return TEE_ERROR_OUT_OF_MEMORY;
			r = cr_ae_decrypt_final(p, src, a[2], dst, dst_len, tag, a[6]);
		}
		free(copy);
		return r;
	}
	case TZV_CR_ASYMMETRIC: {
		struct tzv_cr_asym *x = (struct tzv_cr_asym *)out_buf(a[2], sizeof(*x));
		if (a[2] & 7)
			return CR_PANIC;
		struct tzv_cr_asym c = *x;
		params(c.params, c.param_count, attrs, bufs);
		const uint8_t *src = in_buf(c.src, c.src_len);
		bool verify = a[1] == TZV_CR_ASYM_VERIFY;
		uint8_t *dst =
		    verify ? (uint8_t *)in_buf(c.dst, c.dst_len) : out_buf(c.dst, c.dst_len);
		uint8_t *copy;
		if (!(src = unaliased(src, c.src_len, dst, verify ? 0 : c.dst_len, &copy)))
			return TEE_ERROR_OUT_OF_MEMORY;
		uint64_t dl = c.dst_len;
		uint32_t r = cr_asymmetric(p, (uint32_t)a[1], attrs, bufs, c.param_count, src,
					   c.src_len, dst, &dl);
		free(copy);
		x->dst_len = dl;
		return r;
	}
	case TZV_CR_DERIVE_KEY: {
		params(a[1], a[2], attrs, bufs);
		/*
		 * SM2 KEP's CONFIRMATION_OUT is the one attribute the kernel writes: into the
		 * TA's buffer if the TA may write it, else nowhere (xtest's lies in its input
		 * parameter, read-only here; OP-TEE 4.1.0 writes it back in no case).
		 */
		for (uint64_t i = 0; i < a[2]; i++)
			if (attrs[i].id == TEE_ATTR_SM2_KEP_CONFIRMATION_OUT &&
			    attrs[i].u.ref.length)
				bufs[i] = uta_user_ptr(attrs[i].u.ref.buffer, attrs[i].u.ref.length,
						       true);
		return cr_derive(p, attrs, bufs, (uint32_t)a[2], obj(owner, a[3]));
	}
	default:
		dies("CRYPTO: unknown call", no, 0);
	}
}

uint32_t crypto_syscall(const void *owner, uint64_t no, const uint64_t a[7])
{
	uint32_t r = no < TZV_CR_OP_ALLOC ? obj_call(owner, no, a) : op_call(owner, no, a);
	return finish(r, "CRYPTO: GlobalPlatform panic", no);
}

void crypto_release(const void *owner)
{
	crypto_op_release(owner);
	crypto_obj_release(owner);
}

void crypto_reset(void)
{
	crypto_op_reset();
	crypto_obj_reset();
}
