# Build settings of this configuration (read by the Makefile). Boot with QEMU -smp 4.
HYP := 1
# image:link-base, one per VM in config.c order; the base is that VM's RAM base.
GUEST_IMAGES ?= hyptest:0x42000000 hyptest:0x4a000000 hyptest:0x54000000 hyptest:0x5c000000
# QEMU needs as many cores as the VMs own (make run).
QEMU_SMP := 4
