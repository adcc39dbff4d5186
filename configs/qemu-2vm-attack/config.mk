# qemu-2vm with an attacking VM 2 and the hypervisor's test hooks (never in a product build).
HYP := 1
GUEST_IMAGES ?= hyptest:0x42000000 hypattack:0x4a000000
hyp_CFLAGS += -DCONFIG_HYP_TEST_HOOKS
