/*
 * The signed TA header in OP-TEE's names (host_include: xtest corrupts its
 * fields to check the loader's refusals). The same layout as struct tzv_shdr
 * of include/tzvisor/ta_abi.h. tzvisor dev kit.
 */
#ifndef SIGNED_HDR_H
#define SIGNED_HDR_H

#include <stdint.h>

enum shdr_img_type {
	SHDR_TA = 0,
	SHDR_BOOTSTRAP_TA = 1,
	SHDR_ENCRYPTED_TA = 2,
	SHDR_SUBKEY = 3,
};

#define SHDR_MAGIC 0x4f545348

struct shdr {
	uint32_t magic;
	uint32_t img_type;
	uint32_t img_size;
	uint32_t algo;
	uint16_t hash_size;
	uint16_t sig_size;
	/* then hash[hash_size] and sig[sig_size] */
};

struct shdr_bootstrap_ta {
	uint8_t uuid[16];
	uint32_t ta_version;
};

#endif
