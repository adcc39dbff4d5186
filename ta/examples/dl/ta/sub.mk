global-incdirs-y += include
srcs-y += dl_ta.c
