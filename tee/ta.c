/* Registry of the built-in TAs. */
#include <lib/string.h>
#include "tee.h"

static const struct ta_ops *const ta_list[] = {
    &pta_hello,		  &pta_echo,	     &pta_attest, &pta_system, &pta_optee_attest,
    &pta_secstor_ta_mgmt, &pta_invoke_tests, &pta_device, &pta_rng};

const struct ta_ops *ta_builtin(unsigned i)
{
	return i < sizeof(ta_list) / sizeof(ta_list[0]) ? ta_list[i] : NULL;
}

const struct ta_ops *ta_find(const uint8_t uuid[16])
{
	for (unsigned i = 0; i < sizeof(ta_list) / sizeof(ta_list[0]); i++)
		if (!memcmp(ta_list[i]->uuid, uuid, 16))
			return ta_list[i];
	return NULL;
}

bool ta_check_types(const struct ta_param p[TEE_TA_PARAMS], const uint32_t allowed[TEE_TA_PARAMS])
{
	for (unsigned i = 0; i < TEE_TA_PARAMS; i++)
		if (!(allowed[i] & TA_T(p[i].type)))
			return false;
	return true;
}
