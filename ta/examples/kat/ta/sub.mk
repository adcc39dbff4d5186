global-incdirs-y += include
srcs-y += kat_ta.c
