/* The random example TA: UUID and commands, shared with its client. */
#ifndef TA_RANDOM_H
#define TA_RANDOM_H

/* 3e8d2c71-5a4f-4b9e-8c2d-6f1a0b7e4d93 */
#define TA_RANDOM_UUID \
	{ 0x3e8d2c71, 0x5a4f, 0x4b9e, { 0x8c, 0x2d, 0x6f, 0x1a, 0x0b, 0x7e, 0x4d, 0x93 } }

/* params[0] MEMREF_OUTPUT: filled with random bytes (TEE_GenerateRandom) */
#define TA_RANDOM_CMD_GENERATE 0
/* params[0] VALUE_OUTPUT: .a = seconds, .b = milliseconds of TEE_GetSystemTime;
 * params[1] VALUE_OUTPUT: the same for TEE_GetREETime */
#define TA_RANDOM_CMD_TIME     1
/* params[0] VALUE_INPUT .a = milliseconds to TEE_Wait; params[1] VALUE_OUTPUT .a = TEE_Wait's result */
#define TA_RANDOM_CMD_WAIT     2
/* params[0] MEMREF_OUTPUT: "gpd.ta.appID=<uuid> gpd.tee.apiversion=<...> ..." property dump */
#define TA_RANDOM_CMD_PROPS    3

#endif
