/*
 * Compiled into every TA by the dev kit with the TA's user_ta_header_defines.h:
 * the head the TEE kernel reads (include/tzvisor/ta_abi.h), the property
 * table, the heap (TA_DATA_SIZE), the stack (TA_STACK_SIZE) and the
 * parameter block.
 */
#include <stddef.h>
#include <stdint.h>
/* what OP-TEE's user_ta_header.c offers the defines: IS_ENABLED, TO_STR, ... */
#include <config.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>
#include <user_ta_header.h>
#include <util.h>
#include <user_ta_header_defines.h>

/* OP-TEE's defaults: every TA has both properties */
#ifndef TA_VERSION
#define TA_VERSION "Undefined version"
#endif
#ifndef TA_DESCRIPTION
#define TA_DESCRIPTION "Undefined description"
#endif

void __ta_entry(void);

uint8_t __ta_heap[TA_DATA_SIZE] __attribute__((aligned(16)));
const size_t __ta_heap_size = TA_DATA_SIZE;
/* whole pages: the stack's top is the data segment's first byte (mk/ta.ld) */
uint8_t __ta_stack[(TA_STACK_SIZE + TZV_TA_PAGE_SIZE - 1) & ~(TZV_TA_PAGE_SIZE - 1)]
    __attribute__((section(".ta_stack"), aligned(16)));
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
	{ "gpd.ta.description", USER_TA_PROP_TYPE_STRING, TA_DESCRIPTION },
#ifdef TA_CURRENT_TA_EXT_PROPERTIES
	TA_CURRENT_TA_EXT_PROPERTIES
#endif
};

const size_t ta_num_props = sizeof(ta_props) / sizeof(ta_props[0]);

/* This TA's CFG_TEE_TA_LOG_LEVEL: libutee's run-time trace level from CREATE on */
int tahead_get_trace_level(void)
{
	return TRACE_LEVEL;
}

#if defined(__OPTEE_CORE_API_COMPAT_1_1) && __OPTEE_CORE_API_COMPAT_1_1
/*
 * A TA built in GP 1.1 mode defines the 1.1 entry points (tee_api_compat.h);
 * the runtime calls the 1.3 ones. The parameter layouts agree on AArch64
 * (a memref's 32-bit size is the low word of the 64-bit one, the kernel passes
 * sizes below 4 GiB), so the parameters pass as they are.
 */
#undef TA_OpenSessionEntryPoint
#undef TA_InvokeCommandEntryPoint
#undef TEE_Param
TEE_Result TA_OpenSessionEntryPoint(uint32_t paramTypes, TEE_Param params[TEE_NUM_PARAMS],
				    void **sessionContext);
TEE_Result TA_InvokeCommandEntryPoint(void *sessionContext, uint32_t commandID, uint32_t paramTypes,
				      TEE_Param params[TEE_NUM_PARAMS]);

TEE_Result TA_OpenSessionEntryPoint(uint32_t paramTypes, TEE_Param params[TEE_NUM_PARAMS],
				    void **sessionContext)
{
	return __GP11_TA_OpenSessionEntryPoint(paramTypes, (__GP11_TEE_Param *)(void *)params,
					       sessionContext);
}

TEE_Result TA_InvokeCommandEntryPoint(void *sessionContext, uint32_t commandID, uint32_t paramTypes,
				      TEE_Param params[TEE_NUM_PARAMS])
{
	return __GP11_TA_InvokeCommandEntryPoint(sessionContext, commandID, paramTypes,
						 (__GP11_TEE_Param *)(void *)params);
}
#endif
