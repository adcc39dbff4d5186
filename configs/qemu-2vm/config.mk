# Build settings of this configuration (read by the Makefile).
HYP := 1
# image:link-base, one per VM in config.c order; the base is that VM's RAM base.
GUEST_IMAGES ?= client:0x42000000 client:0x4a000000
