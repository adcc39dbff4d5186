/* tzvisor's SiP service calls (SMCCC OEN 2), answered by the EL3 monitor. */
#ifndef TZVISOR_SIP_H
#define TZVISOR_SIP_H

/* Ends the QEMU run with exit status x1 (semihosting). For tests only. */
#define TZV_SIP_TEST_EXIT      0x82000100u
/* x1 = index: returns x0 = 0 and x1..x3 = name (8 bytes), base, size of measured image. */
#define TZV_SIP_MEASUREMENT    0x82000101u

/*
 * From the hypervisor (NS-EL2) only: prints one console line whole, x1 = its
 * physical address in the hypervisor's RAM, x2 = its length (at most
 * TZV_CONSOLE_LINE_MAX, secure_abi.h). Answers x0 = 0 or SMCCC_INVALID_PARAMETER.
 * The hypervisor never forwards it for a guest.
 */
#define TZV_SIP_CONSOLE_LINE 0x82000102u

#endif
