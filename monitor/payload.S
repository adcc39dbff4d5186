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
	.balign 16
	.global payload_client, payload_client_end
payload_client:
	.incbin CLIENT_BIN
payload_client_end:
	.balign 16
	.global payload_normal_dtb, payload_normal_dtb_end
payload_normal_dtb:
	.incbin NORMAL_DTB
payload_normal_dtb_end:
