global-incdirs-y += include
srcs-y += socket_ta.c
