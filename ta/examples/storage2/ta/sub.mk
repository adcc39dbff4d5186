# The storage example's code under another UUID: a second TA with objects of its own.
global-incdirs-y += ../../storage/ta/include
srcs-y += storage2_ta.c
global-incdirs-y += ../../../../include
