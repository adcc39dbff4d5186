global-incdirs-y += include
srcs-y += tzvtest_ta.c
