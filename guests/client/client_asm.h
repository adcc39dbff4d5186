/* Offsets into struct ws_state shared by client.h and start.S. */
#ifndef CLIENT_ASM_H
#define CLIENT_ASM_H

#define WS_FPSR        512
#define WS_TPIDR_EL0   528
#define WS_TPIDRRO_EL0 544
#define WS_VBAR_EL1    560
#define WS_X19         576
#define WS_SP          656
#define WS_SIZE        672

#endif
