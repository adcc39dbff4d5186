/*
 * GlobalPlatform's arithmetical API (TEE_BigInt*, GP TEE Internal Core API
 * 1.3.1 section 8) at S-EL0 over Debian's mbedTLS bignum: each call reads its
 * operands into mbedTLS numbers and writes the result back. A TA that calls
 * none of these links none of it (libutee is a static library, TAs are linked
 * with --gc-sections).
 *
 * Representation (GP leaves it to the implementation): TEE_BigIntSizeInU32(n)
 * words, the first two a header (sign, capacity in words, words in use), then
 * the magnitude as 32-bit words, least significant first. A fast-modular-
 * multiplication value (TEE_BigIntFMM) is a TEE_BigInt of the modulus' size,
 * the context holds nothing: ComputeFMM is a multiplication modulo n.
 */
#include <mbedtls/bignum.h>
#include <tee_internal_api.h>

struct bigint_hdr {
	int32_t sign;	 /* 1 or -1 */
	uint16_t alloc;	 /* words of magnitude the number can hold */
	uint16_t nwords; /* words in use */
};
#define HDR_WORDS 2

static struct bigint_hdr *hdr(const TEE_BigInt *b)
{
	if (!b)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return (struct bigint_hdr *)(uintptr_t)b;
}

static int rng(void *ctx, unsigned char *buf, size_t len)
{
	(void)ctx;
	TEE_GenerateRandom(buf, len);
	return 0;
}

static void load(mbedtls_mpi *x, const TEE_BigInt *b)
{
	const struct bigint_hdr *h = hdr(b);
	mbedtls_mpi_init(x);
	if (h->nwords > h->alloc ||
	    mbedtls_mpi_read_binary_le(x, (const uint8_t *)(b + HDR_WORDS), h->nwords * 4u))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	if (h->sign < 0 && mbedtls_mpi_cmp_int(x, 0) != 0)
		x->s = -1;
}

/* x into b; TEE_ERROR_OVERFLOW (b unchanged) when it does not fit. */
static TEE_Result store(TEE_BigInt *b, const mbedtls_mpi *x)
{
	struct bigint_hdr *h = hdr(b);
	size_t words = (mbedtls_mpi_size(x) + 3) / 4;
	if (words > h->alloc)
		return TEE_ERROR_OVERFLOW;
	if (mbedtls_mpi_write_binary_le(x, (uint8_t *)(b + HDR_WORDS), h->alloc * 4u))
		return TEE_ERROR_OVERFLOW;
	h->nwords = (uint16_t)words;
	h->sign = (x->s < 0 && words) ? -1 : 1;
	return TEE_SUCCESS;
}

/* For the functions without a result code: a result that does not fit panics (GP). */
static void put(TEE_BigInt *b, mbedtls_mpi *x)
{
	TEE_Result r = store(b, x);
	mbedtls_mpi_free(x);
	if (r != TEE_SUCCESS)
		TEE_Panic(r);
}

static void ok(int e)
{
	if (e)
		TEE_Panic(e == MBEDTLS_ERR_MPI_ALLOC_FAILED ? TEE_ERROR_OUT_OF_MEMORY
							    : TEE_ERROR_BAD_PARAMETERS);
}

/* ---- sizes and initialization ---- */

size_t TEE_BigIntFMMSizeInU32(size_t modulusSizeInBits)
{
	return TEE_BigIntSizeInU32(modulusSizeInBits);
}

size_t TEE_BigIntFMMContextSizeInU32(size_t modulusSizeInBits)
{
	(void)modulusSizeInBits;
	return 1;
}

void TEE_BigIntInit(TEE_BigInt *bigInt, size_t len)
{
	if (len < HDR_WORDS || len - HDR_WORDS > 0xffff)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_MemFill(bigInt, 0, len * sizeof(TEE_BigInt));
	struct bigint_hdr *h = hdr(bigInt);
	h->sign = 1;
	h->alloc = (uint16_t)(len - HDR_WORDS);
}

TEE_Result TEE_BigIntInitFMMContext1(TEE_BigIntFMMContext *context, size_t len,
				     const TEE_BigInt *modulus)
{
	(void)len;
	hdr(modulus);
	if (!context)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	*context = 0;
	return TEE_SUCCESS;
}

void TEE_BigIntInitFMMContext(TEE_BigIntFMMContext *context, size_t len, const TEE_BigInt *modulus)
{
	TEE_BigIntInitFMMContext1(context, len, modulus);
}

void TEE_BigIntInitFMM(TEE_BigIntFMM *bigIntFMM, size_t len)
{
	TEE_BigIntInit(bigIntFMM, len);
}

/* ---- conversions ---- */

TEE_Result TEE_BigIntConvertFromOctetString(TEE_BigInt *dest, const uint8_t *buffer,
					    size_t bufferLen, int32_t sign)
{
	mbedtls_mpi x;
	mbedtls_mpi_init(&x);
	if (bufferLen && !buffer)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	ok(mbedtls_mpi_read_binary(&x, buffer, bufferLen));
	if (sign < 0 && mbedtls_mpi_cmp_int(&x, 0))
		x.s = -1;
	TEE_Result r = store(dest, &x);
	mbedtls_mpi_free(&x);
	return r;
}

TEE_Result TEE_BigIntConvertToOctetString(uint8_t *buffer, size_t *bufferLen,
					  const TEE_BigInt *bigInt)
{
	mbedtls_mpi x;
	load(&x, bigInt);
	if (!bufferLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	size_t n = mbedtls_mpi_size(&x);
	TEE_Result r = TEE_SUCCESS;
	if (*bufferLen < n || (n && !buffer))
		r = TEE_ERROR_SHORT_BUFFER;
	else if (n)
		ok(mbedtls_mpi_write_binary(&x, buffer, n));
	*bufferLen = n;
	mbedtls_mpi_free(&x);
	return r;
}

void TEE_BigIntConvertFromS32(TEE_BigInt *dest, int32_t shortVal)
{
	mbedtls_mpi x;
	mbedtls_mpi_init(&x);
	ok(mbedtls_mpi_lset(&x, shortVal));
	put(dest, &x);
}

TEE_Result TEE_BigIntConvertToS32(int32_t *dest, const TEE_BigInt *src)
{
	mbedtls_mpi x;
	load(&x, src);
	TEE_Result r = TEE_ERROR_OVERFLOW;
	if (mbedtls_mpi_bitlen(&x) <= 31) {
		uint8_t b[4];
		ok(mbedtls_mpi_write_binary(&x, b, 4));
		int32_t v = (int32_t)((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
				      (uint32_t)b[2] << 8 | b[3]);
		*dest = x.s < 0 ? -v : v;
		r = TEE_SUCCESS;
	} else if (x.s < 0 && mbedtls_mpi_bitlen(&x) == 32 && mbedtls_mpi_lsb(&x) == 31) {
		*dest = INT32_MIN;
		r = TEE_SUCCESS;
	}
	mbedtls_mpi_free(&x);
	return r;
}

/* ---- logical operations ---- */

int32_t TEE_BigIntCmp(const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	mbedtls_mpi a, b;
	load(&a, op1);
	load(&b, op2);
	int32_t c = mbedtls_mpi_cmp_mpi(&a, &b);
	mbedtls_mpi_free(&a);
	mbedtls_mpi_free(&b);
	return c;
}

int32_t TEE_BigIntCmpS32(const TEE_BigInt *op, int32_t shortVal)
{
	mbedtls_mpi a;
	load(&a, op);
	int32_t c = mbedtls_mpi_cmp_int(&a, shortVal);
	mbedtls_mpi_free(&a);
	return c;
}

void TEE_BigIntShiftRight(TEE_BigInt *dest, const TEE_BigInt *op, size_t bits)
{
	mbedtls_mpi a;
	load(&a, op);
	ok(mbedtls_mpi_shift_r(&a, bits));
	put(dest, &a);
}

bool TEE_BigIntGetBit(const TEE_BigInt *src, uint32_t bitIndex)
{
	mbedtls_mpi a;
	load(&a, src);
	bool v = mbedtls_mpi_get_bit(&a, bitIndex) == 1;
	mbedtls_mpi_free(&a);
	return v;
}

uint32_t TEE_BigIntGetBitCount(const TEE_BigInt *src)
{
	mbedtls_mpi a;
	load(&a, src);
	uint32_t n = (uint32_t)mbedtls_mpi_bitlen(&a);
	mbedtls_mpi_free(&a);
	return n;
}

TEE_Result TEE_BigIntSetBit(TEE_BigInt *op, uint32_t bitIndex, bool value)
{
	if (bitIndex >= (uint32_t)hdr(op)->alloc * 32)
		return TEE_ERROR_OVERFLOW;
	mbedtls_mpi a;
	load(&a, op);
	ok(mbedtls_mpi_set_bit(&a, bitIndex, value));
	TEE_Result r = store(op, &a);
	mbedtls_mpi_free(&a);
	return r;
}

TEE_Result TEE_BigIntAssign(TEE_BigInt *dest, const TEE_BigInt *src)
{
	mbedtls_mpi a;
	if (dest == src)
		return TEE_SUCCESS;
	load(&a, src);
	TEE_Result r = store(dest, &a);
	mbedtls_mpi_free(&a);
	return r;
}

TEE_Result TEE_BigIntAbs(TEE_BigInt *dest, const TEE_BigInt *src)
{
	mbedtls_mpi a;
	load(&a, src);
	a.s = 1;
	TEE_Result r = store(dest, &a);
	mbedtls_mpi_free(&a);
	return r;
}

/* ---- basic arithmetic ---- */

typedef int (*binop)(mbedtls_mpi *, const mbedtls_mpi *, const mbedtls_mpi *);

static void binary(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2, binop f)
{
	mbedtls_mpi a, b, x;
	load(&a, op1);
	load(&b, op2);
	mbedtls_mpi_init(&x);
	ok(f(&x, &a, &b));
	mbedtls_mpi_free(&a);
	mbedtls_mpi_free(&b);
	put(dest, &x);
}

void TEE_BigIntAdd(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	binary(dest, op1, op2, mbedtls_mpi_add_mpi);
}

void TEE_BigIntSub(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	binary(dest, op1, op2, mbedtls_mpi_sub_mpi);
}

void TEE_BigIntNeg(TEE_BigInt *dest, const TEE_BigInt *op)
{
	mbedtls_mpi a;
	load(&a, op);
	if (mbedtls_mpi_cmp_int(&a, 0))
		a.s = -a.s;
	put(dest, &a);
}

void TEE_BigIntMul(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	binary(dest, op1, op2, mbedtls_mpi_mul_mpi);
}

void TEE_BigIntSquare(TEE_BigInt *dest, const TEE_BigInt *op)
{
	binary(dest, op, op, mbedtls_mpi_mul_mpi);
}

void TEE_BigIntDiv(TEE_BigInt *dest_q, TEE_BigInt *dest_r, const TEE_BigInt *op1,
		   const TEE_BigInt *op2)
{
	mbedtls_mpi a, b, q, r;
	load(&a, op1);
	load(&b, op2);
	if (!mbedtls_mpi_cmp_int(&b, 0))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	mbedtls_mpi_init(&q);
	mbedtls_mpi_init(&r);
	/* truncated towards zero; the remainder has the dividend's sign (GP and mbedTLS) */
	ok(mbedtls_mpi_div_mpi(&q, &r, &a, &b));
	mbedtls_mpi_free(&a);
	mbedtls_mpi_free(&b);
	if (dest_q)
		put(dest_q, &q);
	else
		mbedtls_mpi_free(&q);
	if (dest_r)
		put(dest_r, &r);
	else
		mbedtls_mpi_free(&r);
}

/* ---- modular arithmetic ---- */

/* n, which GP wants > 1 (else the TA panics). */
static void modulus(mbedtls_mpi *m, const TEE_BigInt *n)
{
	load(m, n);
	if (mbedtls_mpi_cmp_int(m, 2) < 0)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

static void reduce_into(TEE_BigInt *dest, mbedtls_mpi *x, mbedtls_mpi *m)
{
	mbedtls_mpi r;
	mbedtls_mpi_init(&r);
	ok(mbedtls_mpi_mod_mpi(&r, x, m));
	mbedtls_mpi_free(x);
	mbedtls_mpi_free(m);
	put(dest, &r);
}

static void modular(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2,
		    const TEE_BigInt *n, binop f)
{
	mbedtls_mpi a, b, m, x;
	modulus(&m, n);
	load(&a, op1);
	load(&b, op2);
	mbedtls_mpi_init(&x);
	ok(f(&x, &a, &b));
	mbedtls_mpi_free(&a);
	mbedtls_mpi_free(&b);
	reduce_into(dest, &x, &m);
}

void TEE_BigIntMod(TEE_BigInt *dest, const TEE_BigInt *op, const TEE_BigInt *n)
{
	mbedtls_mpi a, m;
	modulus(&m, n);
	load(&a, op);
	reduce_into(dest, &a, &m);
}

void TEE_BigIntAddMod(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2,
		      const TEE_BigInt *n)
{
	modular(dest, op1, op2, n, mbedtls_mpi_add_mpi);
}

void TEE_BigIntSubMod(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2,
		      const TEE_BigInt *n)
{
	modular(dest, op1, op2, n, mbedtls_mpi_sub_mpi);
}

void TEE_BigIntMulMod(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2,
		      const TEE_BigInt *n)
{
	modular(dest, op1, op2, n, mbedtls_mpi_mul_mpi);
}

void TEE_BigIntSquareMod(TEE_BigInt *dest, const TEE_BigInt *op, const TEE_BigInt *n)
{
	modular(dest, op, op, n, mbedtls_mpi_mul_mpi);
}

void TEE_BigIntInvMod(TEE_BigInt *dest, const TEE_BigInt *op, const TEE_BigInt *n)
{
	mbedtls_mpi a, m, x;
	modulus(&m, n);
	load(&a, op);
	mbedtls_mpi_init(&x);
	/* no inverse (op = 0 or not coprime to n): GP panics */
	ok(mbedtls_mpi_inv_mod(&x, &a, &m));
	mbedtls_mpi_free(&a);
	mbedtls_mpi_free(&m);
	put(dest, &x);
}

TEE_Result TEE_BigIntExpMod(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2,
			    const TEE_BigInt *n, const TEE_BigIntFMMContext *context)
{
	(void)context;
	mbedtls_mpi a, e, m, x, r;
	modulus(&m, n);
	if (!mbedtls_mpi_get_bit(&m, 0)) { /* mbedTLS's Montgomery needs an odd modulus */
		mbedtls_mpi_free(&m);
		return TEE_ERROR_NOT_SUPPORTED;
	}
	load(&a, op1);
	load(&e, op2);
	if (mbedtls_mpi_cmp_int(&e, 0) < 0)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	mbedtls_mpi_init(&x);
	mbedtls_mpi_init(&r);
	ok(mbedtls_mpi_mod_mpi(&r, &a, &m));
	ok(mbedtls_mpi_exp_mod(&x, &r, &e, &m, NULL));
	mbedtls_mpi_free(&a);
	mbedtls_mpi_free(&e);
	mbedtls_mpi_free(&m);
	mbedtls_mpi_free(&r);
	put(dest, &x);
	return TEE_SUCCESS;
}

/* ---- other arithmetic ---- */

bool TEE_BigIntRelativePrime(const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	mbedtls_mpi a, b, g;
	load(&a, op1);
	load(&b, op2);
	mbedtls_mpi_init(&g);
	a.s = b.s = 1;
	ok(mbedtls_mpi_gcd(&g, &a, &b));
	bool r = mbedtls_mpi_cmp_int(&g, 1) == 0;
	mbedtls_mpi_free(&a);
	mbedtls_mpi_free(&b);
	mbedtls_mpi_free(&g);
	return r;
}

/*
 * gcd = u * op1 + v * op2 (extended Euclid on the magnitudes, the signs of u
 * and v then follow those of op1 and op2). u and v may be NULL.
 */
void TEE_BigIntComputeExtendedGcd(TEE_BigInt *gcd, TEE_BigInt *u, TEE_BigInt *v,
				  const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	mbedtls_mpi a, b, r0, r1, s0, s1, t0, t1, q, tmp, tmp2;
	load(&a, op1);
	load(&b, op2);
	int sa = a.s, sb = b.s;
	a.s = b.s = 1;
	mbedtls_mpi *all[] = {&r0, &r1, &s0, &s1, &t0, &t1, &q, &tmp, &tmp2};
	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		mbedtls_mpi_init(all[i]);
	ok(mbedtls_mpi_copy(&r0, &a));
	ok(mbedtls_mpi_copy(&r1, &b));
	ok(mbedtls_mpi_lset(&s0, 1));
	ok(mbedtls_mpi_lset(&s1, 0));
	ok(mbedtls_mpi_lset(&t0, 0));
	ok(mbedtls_mpi_lset(&t1, 1));
	while (mbedtls_mpi_cmp_int(&r1, 0) != 0) {
		ok(mbedtls_mpi_div_mpi(&q, &tmp, &r0, &r1)); /* tmp = r0 mod r1 */
		ok(mbedtls_mpi_copy(&r0, &r1));
		ok(mbedtls_mpi_copy(&r1, &tmp));
		ok(mbedtls_mpi_mul_mpi(&tmp, &q, &s1)); /* s0, s1 = s1, s0 - q * s1 */
		ok(mbedtls_mpi_sub_mpi(&tmp2, &s0, &tmp));
		ok(mbedtls_mpi_copy(&s0, &s1));
		ok(mbedtls_mpi_copy(&s1, &tmp2));
		ok(mbedtls_mpi_mul_mpi(&tmp, &q, &t1)); /* t0, t1 = t1, t0 - q * t1 */
		ok(mbedtls_mpi_sub_mpi(&tmp2, &t0, &tmp));
		ok(mbedtls_mpi_copy(&t0, &t1));
		ok(mbedtls_mpi_copy(&t1, &tmp2));
	}
	if (sa < 0 && mbedtls_mpi_cmp_int(&s0, 0))
		s0.s = -s0.s;
	if (sb < 0 && mbedtls_mpi_cmp_int(&t0, 0))
		t0.s = -t0.s;
	mbedtls_mpi_free(&a);
	mbedtls_mpi_free(&b);
	put(gcd, &r0);
	if (u)
		put(u, &s0);
	if (v)
		put(v, &t0);
	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		mbedtls_mpi_free(all[i]);
}

int32_t TEE_BigIntIsProbablePrime(const TEE_BigInt *op, uint32_t confidenceLevel)
{
	mbedtls_mpi a;
	load(&a, op);
	int32_t r = 0;
	if (mbedtls_mpi_cmp_int(&a, 2) >= 0) {
		/* Miller-Rabin: each round at most 1/4 wrong; GP's level is 2^-level, at least 80
		 */
		int rounds = (int)((confidenceLevel < 80 ? 80 : confidenceLevel) + 1) / 2;
		r = mbedtls_mpi_is_prime_ext(&a, rounds, rng, NULL) == 0 ? 1 : 0;
	}
	mbedtls_mpi_free(&a);
	return r;
}

/* ---- fast modular multiplication: plain numbers modulo n here ---- */

void TEE_BigIntConvertToFMM(TEE_BigIntFMM *dest, const TEE_BigInt *src, const TEE_BigInt *n,
			    const TEE_BigIntFMMContext *context)
{
	(void)context;
	TEE_BigIntMod(dest, src, n);
}

void TEE_BigIntConvertFromFMM(TEE_BigInt *dest, const TEE_BigIntFMM *src, const TEE_BigInt *n,
			      const TEE_BigIntFMMContext *context)
{
	(void)context;
	TEE_BigIntMod(dest, src, n);
}

void TEE_BigIntFMMConvertToBigInt(TEE_BigInt *dest, const TEE_BigIntFMM *src, const TEE_BigInt *n,
				  const TEE_BigIntFMMContext *context)
{
	TEE_BigIntConvertFromFMM(dest, src, n, context);
}

void TEE_BigIntComputeFMM(TEE_BigIntFMM *dest, const TEE_BigIntFMM *op1, const TEE_BigIntFMM *op2,
			  const TEE_BigInt *n, const TEE_BigIntFMMContext *context)
{
	(void)context;
	TEE_BigIntMulMod(dest, op1, op2, n);
}
