/*
 * SHA-256 compression with the Armv8 Cryptographic Extension (FEAT_SHA256:
 * SHA256H, SHA256H2, SHA256SU0, SHA256SU1), for the monitor's measurement of
 * large images (monitor/measure.c). Only the block function: mbedTLS keeps the
 * context, the padding and the length, and measure.c checks this against
 * mbedTLS's own block function before using it.
 *
 * void sha256_ce_blocks(uint32_t state[8], const uint8_t *data, uint64_t blocks)
 *   state: a..h as mbedtls_sha256_context.state holds them; data: blocks * 64
 *   bytes, any alignment. Uses v0-v7 and v16-v31 (nothing else of the caller's
 *   runs at EL3 while it does: the worlds' FP/SIMD registers are saved apart).
 */
	.arch	armv8-a+crypto
	.text
	.global sha256_ce_blocks
	.type	sha256_ce_blocks, %function
sha256_ce_blocks:
	cbz	x2, 2f
	adr	x3, sha256_k
	ld1	{v16.4s-v19.4s}, [x3], #64
	ld1	{v20.4s-v23.4s}, [x3], #64
	ld1	{v24.4s-v27.4s}, [x3], #64
	ld1	{v28.4s-v31.4s}, [x3]
	ld1	{v0.4s, v1.4s}, [x0]		/* v0 = a b c d, v1 = e f g h */
1:	ld1	{v4.16b-v7.16b}, [x1], #64	/* W0..W15, big-endian words */
	rev32	v4.16b, v4.16b
	rev32	v5.16b, v5.16b
	rev32	v6.16b, v6.16b
	rev32	v7.16b, v7.16b
	mov	v2.16b, v0.16b			/* the state before this block */
	mov	v3.16b, v1.16b

/*
 * Four rounds with the words in \w and the constants in \k; \sched: then
 * extend \w by four words of the schedule from the next three groups.
 */
.macro rounds4 w, k, n1, n2, n3, sched
	add	v8.4s, \w\().4s, \k\().4s
	mov	v9.16b, v0.16b
	sha256h	q0, q1, v8.4s
	sha256h2 q1, q9, v8.4s
	.if \sched
	sha256su0 \w\().4s, \n1\().4s
	sha256su1 \w\().4s, \n2\().4s, \n3\().4s
	.endif
.endm
	rounds4	v4, v16, v5, v6, v7, 1
	rounds4	v5, v17, v6, v7, v4, 1
	rounds4	v6, v18, v7, v4, v5, 1
	rounds4	v7, v19, v4, v5, v6, 1
	rounds4	v4, v20, v5, v6, v7, 1
	rounds4	v5, v21, v6, v7, v4, 1
	rounds4	v6, v22, v7, v4, v5, 1
	rounds4	v7, v23, v4, v5, v6, 1
	rounds4	v4, v24, v5, v6, v7, 1
	rounds4	v5, v25, v6, v7, v4, 1
	rounds4	v6, v26, v7, v4, v5, 1
	rounds4	v7, v27, v4, v5, v6, 1
	rounds4	v4, v28, v5, v6, v7, 0
	rounds4	v5, v29, v6, v7, v4, 0
	rounds4	v6, v30, v7, v4, v5, 0
	rounds4	v7, v31, v4, v5, v6, 0

	add	v0.4s, v0.4s, v2.4s
	add	v1.4s, v1.4s, v3.4s
	subs	x2, x2, #1
	b.ne	1b
	st1	{v0.4s, v1.4s}, [x0]
2:	ret
	.size	sha256_ce_blocks, . - sha256_ce_blocks

	.section .rodata
	.balign	16
/* The 64 round constants of FIPS 180-4, section 4.2.2. */
sha256_k:
	.word	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5
	.word	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5
	.word	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3
	.word	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174
	.word	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc
	.word	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da
	.word	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7
	.word	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967
	.word	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13
	.word	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85
	.word	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3
	.word	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070
	.word	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5
	.word	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3
	.word	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208
	.word	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
