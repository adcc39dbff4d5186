global-incdirs-y += ../include
srcs-y += dl_lib.c
