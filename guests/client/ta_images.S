/*
 * Signed TA files the client serves as tee-supplicant would (tests_ta.c):
 * the test TA (guests/client/ta), its refusal and subkey variants (ta/variants.sh), the
 * instance-flag TAs (guests/client/taflags) and the hello example TA
 * (ta/examples/hello), the dl example's TA and libraries (build/client-dl). The Makefile gives the
 * assembler their directories (-Wa,-I).
 */
.macro	ta_file name, path
	.section .rodata.ta, "a"
	.balign	16
	.global	\name
\name:
	.incbin	"\path"
	.global	\name\()_end
\name\()_end:
.endm

	ta_file	ta_good, good.ta
	ta_file	ta_tampered, tampered.ta
	ta_file	ta_truncated, truncated.ta
	ta_file	ta_zerosig, zerosig.ta
	ta_file	ta_unsigned, unsigned.ta
	ta_file	ta_otherkey, otherkey.ta
	ta_file	ta_badelf, badelf.ta
	ta_file	ta_badhdr, badhdr.ta
	ta_file	ta_subkey_v1, subkey_v1.ta
	ta_file	ta_subkey_v2, subkey_v2.ta
	ta_file	ta_subkey_forged, subkey_forged.ta
	ta_file	ta_subkey_outside, subkey_outside.ta
	ta_file	ta_hello, 9c3f5e1a-7b2d-4e8f-a1c6-3d5b7e9f0a24.ta
	ta_file	ta_flags_single, flags_single.ta
	ta_file	ta_flags_keepalive, flags_keepalive.ta
	ta_file	ta_flags_multi, flags_multi.ta
	ta_file	ta_dl, dl.ta
	ta_file	ta_dl_lib, dl_lib.ta
	ta_file	ta_dl_plugin, dl_plugin.ta
	ta_file	ta_dl_plugin_tampered, dl_plugin_tampered.ta
	ta_file	ta_dl_plugin_unsigned, dl_plugin_unsigned.ta
