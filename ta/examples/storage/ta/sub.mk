global-incdirs-y += include
srcs-y += storage_ta.c
# tzvisor/ta_simd_check.h for the self-test's check of the V registers
global-incdirs-y += ../../../../include
