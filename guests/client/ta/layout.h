/* The test TA's layout and system PTA checks (layout.c). */
#ifndef TZVTEST_LAYOUT_H
#define TZVTEST_LAYOUT_H

#include <tee_internal_api.h>

TEE_Result tzvtest_stack(uint32_t types, TEE_Param p[4]);
TEE_Result tzvtest_derive(uint32_t types, TEE_Param p[4]);

#endif
