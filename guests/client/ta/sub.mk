global-incdirs-y += include
srcs-y += tzvtest_ta.c
srcs-y += traps.c
# the syscall numbers and storage layout for the raw syscalls of traps.c
global-incdirs-y += ../../../include
srcs-y += layout.c
