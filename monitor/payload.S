/* The images the monitor loads, measures and starts; built before the monitor. */
	.section .payload, "a"
	.balign 16
	.global payload_tvisor, payload_tvisor_end
payload_tvisor:
	.incbin TVISOR_BIN
payload_tvisor_end:
	.balign 16
	.global payload_tee, payload_tee_end
payload_tee:
	.incbin TEE_BIN
payload_tee_end:

	.global payload_client, payload_client_end
	.global payload_normal_dtb, payload_normal_dtb_end
	.global payload_hyp, payload_hyp_end
	.global payload_guests, payload_guest_count
#ifdef HYP_BIN
/* With a hypervisor: its image and one guest image per VM (GUEST_BIN_<n>, up to CONFIG_MAX_VMS). */
	.balign 16
payload_hyp:
	.incbin HYP_BIN
payload_hyp_end:
#define GUEST(n, file)          \
	.balign 16;             \
guest_##n:                      \
	.incbin file;           \
guest_##n##_end:
#ifdef GUEST_BIN_1
GUEST(1, GUEST_BIN_1)
#endif
#ifdef GUEST_BIN_2
GUEST(2, GUEST_BIN_2)
#endif
#ifdef GUEST_BIN_3
GUEST(3, GUEST_BIN_3)
#endif
#ifdef GUEST_BIN_4
GUEST(4, GUEST_BIN_4)
#endif
#ifdef GUEST_BIN_5
GUEST(5, GUEST_BIN_5)
#endif
#ifdef GUEST_BIN_6
GUEST(6, GUEST_BIN_6)
#endif
#ifdef GUEST_BIN_7
GUEST(7, GUEST_BIN_7)
#endif
#ifdef GUEST_BIN_8
GUEST(8, GUEST_BIN_8)
#endif
payload_client:
payload_client_end:
payload_normal_dtb:
payload_normal_dtb_end:
	.balign 8
/* Start and end of each guest image, in VM order; 0, 0 for a VM whose image QEMU preloads. */
payload_guests:
#if defined(GUEST_BIN_1)
	.quad guest_1, guest_1_end
#elif defined(GUEST_PRELOADED_1)
	.quad 0, 0
#endif
#if defined(GUEST_BIN_2)
	.quad guest_2, guest_2_end
#elif defined(GUEST_PRELOADED_2)
	.quad 0, 0
#endif
#if defined(GUEST_BIN_3)
	.quad guest_3, guest_3_end
#elif defined(GUEST_PRELOADED_3)
	.quad 0, 0
#endif
#if defined(GUEST_BIN_4)
	.quad guest_4, guest_4_end
#elif defined(GUEST_PRELOADED_4)
	.quad 0, 0
#endif
#if defined(GUEST_BIN_5)
	.quad guest_5, guest_5_end
#elif defined(GUEST_PRELOADED_5)
	.quad 0, 0
#endif
#if defined(GUEST_BIN_6)
	.quad guest_6, guest_6_end
#elif defined(GUEST_PRELOADED_6)
	.quad 0, 0
#endif
#if defined(GUEST_BIN_7)
	.quad guest_7, guest_7_end
#elif defined(GUEST_PRELOADED_7)
	.quad 0, 0
#endif
#if defined(GUEST_BIN_8)
	.quad guest_8, guest_8_end
#elif defined(GUEST_PRELOADED_8)
	.quad 0, 0
#endif
payload_guest_count:
	.quad (payload_guest_count - payload_guests) / 16
/* Each VM's device tree (VM_DTB_<n>), in VM order; start and end of each. */
	.global payload_dtbs, payload_dtb_count
#define DTB(n, file)            \
	.balign 16;             \
dtb_##n:                        \
	.incbin file;           \
dtb_##n##_end:
#ifdef VM_DTB_1
DTB(1, VM_DTB_1)
#endif
#ifdef VM_DTB_2
DTB(2, VM_DTB_2)
#endif
#ifdef VM_DTB_3
DTB(3, VM_DTB_3)
#endif
#ifdef VM_DTB_4
DTB(4, VM_DTB_4)
#endif
#ifdef VM_DTB_5
DTB(5, VM_DTB_5)
#endif
#ifdef VM_DTB_6
DTB(6, VM_DTB_6)
#endif
#ifdef VM_DTB_7
DTB(7, VM_DTB_7)
#endif
#ifdef VM_DTB_8
DTB(8, VM_DTB_8)
#endif
	.balign 8
payload_dtbs:
#ifdef VM_DTB_1
	.quad dtb_1, dtb_1_end
#endif
#ifdef VM_DTB_2
	.quad dtb_2, dtb_2_end
#endif
#ifdef VM_DTB_3
	.quad dtb_3, dtb_3_end
#endif
#ifdef VM_DTB_4
	.quad dtb_4, dtb_4_end
#endif
#ifdef VM_DTB_5
	.quad dtb_5, dtb_5_end
#endif
#ifdef VM_DTB_6
	.quad dtb_6, dtb_6_end
#endif
#ifdef VM_DTB_7
	.quad dtb_7, dtb_7_end
#endif
#ifdef VM_DTB_8
	.quad dtb_8, dtb_8_end
#endif
payload_dtb_count:
	.quad (payload_dtb_count - payload_dtbs) / 16
#else
	.balign 16
payload_client:
#ifndef PRELOAD_TABLE
/* The bare-metal client, unless QEMU preloads Linux instead (a shipped image: no test client). */
	.incbin CLIENT_BIN
#endif
payload_client_end:
	.balign 16
payload_normal_dtb:
	.incbin NORMAL_DTB
payload_normal_dtb_end:
payload_hyp:
payload_hyp_end:
	.balign 8
payload_guests:
payload_guest_count:
	.global payload_dtbs, payload_dtb_count
payload_dtbs:
payload_dtb_count:
	.quad 0
#endif

/* Images QEMU preloads into DRAM (struct preload_image in monitor.h): a generated table, or none. */
#ifdef PRELOAD_TABLE
#include PRELOAD_TABLE
#else
	.section .rodata
	.balign 8
	.global preload_images, preload_image_count
preload_images:
preload_image_count:
	.quad 0
#endif
