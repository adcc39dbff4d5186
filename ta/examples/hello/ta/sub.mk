global-incdirs-y += include
srcs-y += hello_ta.c

# A flag for one file only, the way OP-TEE's sub.mk allows it:
cflags-hello_ta.c-y += -Wno-unused-parameter
