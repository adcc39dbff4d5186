/*
 * Comparison of two large byte ranges with Advanced SIMD, for the measurement
 * of an image that may be the same as one already measured (monitor/measure.c):
 * about 14 instructions per 64 bytes where SHA-256 takes about 100.
 *
 * int bytes_equal_blocks(const void *a, const void *b, uint64_t blocks)
 *   1 if the blocks * 64 bytes at a and at b are the same, else 0; any
 *   alignment. Uses v0-v7 (at EL3 during boot: no world's FP/SIMD state yet).
 */
	.text
	.global bytes_equal_blocks
	.type	bytes_equal_blocks, %function
bytes_equal_blocks:
	cbz	x2, 2f
1:	ld1	{v0.16b-v3.16b}, [x0], #64
	ld1	{v4.16b-v7.16b}, [x1], #64
	eor	v0.16b, v0.16b, v4.16b
	eor	v1.16b, v1.16b, v5.16b
	eor	v2.16b, v2.16b, v6.16b
	eor	v3.16b, v3.16b, v7.16b
	orr	v0.16b, v0.16b, v1.16b
	orr	v2.16b, v2.16b, v3.16b
	orr	v0.16b, v0.16b, v2.16b
	umaxv	s0, v0.4s
	fmov	w3, s0
	cbnz	w3, 3f
	subs	x2, x2, #1
	b.ne	1b
2:	mov	w0, #1
	ret
3:	mov	w0, #0
	ret
	.size	bytes_equal_blocks, . - bytes_equal_blocks
