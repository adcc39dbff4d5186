/*
 * Compiled into every TA by the dev kit with the TA's user_ta_header_defines.h:
 * the head the TEE kernel reads (include/tzvisor/ta_abi.h), the property
 * table, the heap (TA_DATA_SIZE), the stack (TA_STACK_SIZE) and the
 * parameter block.
 */
#include <stddef.h>
#include <stdint.h>
#include <tee_internal_api.h>
#include <user_ta_header.h>
#include <user_ta_header_defines.h>

#ifndef TA_VERSION
#define TA_VERSION "0.0"
#endif

void __ta_entry(void);

uint8_t __ta_heap[TA_DATA_SIZE] __attribute__((aligned(16)));
const size_t __ta_heap_size = TA_DATA_SIZE;
uint8_t __ta_stack[TA_STACK_SIZE] __attribute__((section(".ta_stack"), aligned(16)));
struct tzv_ta_params __ta_params __attribute__((aligned(64)));

const struct tzv_ta_head ta_head __attribute__((section(".ta_head"), used)) = {
	.uuid = TA_UUID,
	.stack_size = TA_STACK_SIZE,
	.flags = TA_FLAGS,
	.entry = (uint64_t)(uintptr_t)__ta_entry,
	.magic = TZV_TA_HEAD_MAGIC,
	.abi_version = TZV_TA_ABI_VERSION,
	.data_size = TA_DATA_SIZE,
	.params_va = (uint64_t)(uintptr_t)&__ta_params,
};

const struct user_ta_property ta_props[] = {
	{ "gpd.ta.version", USER_TA_PROP_TYPE_STRING, TA_VERSION },
#ifdef TA_DESCRIPTION
	{ "gpd.ta.description", USER_TA_PROP_TYPE_STRING, TA_DESCRIPTION },
#endif
#ifdef TA_CURRENT_TA_EXT_PROPERTIES
	TA_CURRENT_TA_EXT_PROPERTIES
#endif
};

const size_t ta_num_props = sizeof(ta_props) / sizeof(ta_props[0]);
