global-incdirs-y += ../include
srcs-y += ../flags_ta.c
