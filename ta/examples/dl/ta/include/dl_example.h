/*
 * The dl example (ta/examples/dl): a TA linked against a shared TA library
 * (lib/, DT_NEEDED) that dlopens another one (plugin/). Command ids, UUIDs and
 * the values its checks expect.
 */
#ifndef DL_EXAMPLE_H
#define DL_EXAMPLE_H

#define TA_DL_UUID                                                                                 \
	{                                                                                          \
		0x4f0c2d8e, 0x6a1b, 0x4c3d,                                                        \
		{                                                                                  \
			0x9e, 0x5f, 0x7a, 0x8b, 0x9c, 0x0d, 0x1e, 0x2f                             \
		}                                                                                  \
	}
#define DL_LIB_UUID_STR "2c6e8a1f-3b5d-4e7a-8c9d-0f1e2a3b4c5d"
#define DL_PLUGIN_UUID_STR "8e2a4c6f-1d3b-4a5c-9e7f-2b4d6f8a0c1e"

/* out: a = the shared global after the constructors (lib then TA: 21), b = the lib's TLS (7) */
#define DL_CMD_INIT_ORDER 0
/* in: a, b; out: a = the link-time library's sum, b = its call back into the TA (a * b) */
#define DL_CMD_CALL_LIB 1
/* dlopen the plugin: out a = plugin_mul(6, 7) through dlsym (42), b = the global (213) */
#define DL_CMD_DLOPEN 2
/* out: a = objects dl_iterate_phdr reports, b = checks passed (DL_PHDR_*) */
#define DL_CMD_PHDR 3
/* memref input: a library name for dlopen; SUCCESS or TEE_ERROR_ITEM_NOT_FOUND */
#define DL_CMD_DLOPEN_NAME 4
/* the plugin's function that panics: the TA instance ends */
#define DL_CMD_PLUGIN_PANIC 5
/* memref input nonce, memref output: OP-TEE's attestation PTA's HASH_TA_MEMORY of this TA */
#define DL_CMD_HASH_TA 6

#define DL_PHDR_TA 1u	  /* the TA's code is in its object's executable PT_LOAD */
#define DL_PHDR_LIB 2u	  /* the library's code is in the object named by its UUID */
#define DL_PHDR_PLUGIN 4u /* the plugin's too (after DL_CMD_DLOPEN) */
#define DL_PHDR_RESULT 8u /* dl_iterate_phdr returned the last callback's value */

#endif
