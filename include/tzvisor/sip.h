/* tzvisor's SiP service calls (SMCCC OEN 2), answered by the EL3 monitor. */
#ifndef TZVISOR_SIP_H
#define TZVISOR_SIP_H

/* Ends the QEMU run with exit status x1 (semihosting). For tests only. */
#define TZV_SIP_TEST_EXIT      0x82000100u
/* x1 = index: returns x0 = 0 and x1..x3 = name (8 bytes), base, size of measured image. */
#define TZV_SIP_MEASUREMENT    0x82000101u

#endif
