/*
 * Thread-local variables (__thread) of a TA: one thread per instance, so one TLS
 * block, which the dev kit's mk/ta.ld reserves in the data segment (.ta_tls) and
 * entry.S points TPIDR_EL0 at on every entry. AArch64 TLS variant 1: a TCB of
 * 16 bytes (or the TLS alignment if larger) at TPIDR_EL0, then the variables in
 * the layout of the PT_TLS image (.tdata, then .tbss, zero).
 */
#include <tee_internal_api.h>
#include "utee.h"

/* mk/ta.ld: the block, the TCB size, and the image of the initialised variables */
extern char __ta_tls_tp[], __ta_tls_align[], __ta_tdata_start[], __ta_tdata_size[];

void tzv_tls_init(void)
{
	/* the block is zero (bss); the initialised variables go after the TCB */
	TEE_MemMove(__ta_tls_tp + (uintptr_t)__ta_tls_align, __ta_tdata_start,
		    (uintptr_t)__ta_tdata_size);
}
