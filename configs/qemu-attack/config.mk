# Attack tests (QEMU -smp 4): attacking guests and the hypervisor's test hooks (never in a product build).
HYP := 1
GUEST_IMAGES ?= hyptest:0x42000000 hypattack:0x4a000000 hypsram:0x54000000 hyptest:0x5c000000
hyp_CFLAGS += -DCONFIG_HYP_TEST_HOOKS
# QEMU needs as many cores as the VMs own (make run).
QEMU_SMP := 4
