global-incdirs-y += ../ta/include
srcs-y += dl_lib.c
