# Included by the Makefile. The Linux guest built from Debian's arm64 packages
# (guests/linux/build.sh) and, for a configuration with a configs/<name>/linux.mk,
# Linux booted at NS-EL1 without a hypervisor (docs/linux.md).
LINUX_OUT := build/linux
LINUX_IMAGE := $(LINUX_OUT)/Image
LINUX_INITRD := $(LINUX_OUT)/initramfs.cpio.gz

.PHONY: linux-guest
linux-guest: $(LINUX_OUT)/stamp
$(LINUX_OUT)/stamp: guests/linux/build.sh guests/linux/init guests/linux/tzv-client.c guests/linux/tzv-pkcs11.c \
	guests/linux/tzv-attest.c guests/linux/tzv-bench.c \
	include/tzvisor/pta_uuid.h $(wildcard guests/linux/ta-*.c guests/linux/ta-client.h) \
	$(patsubst ta/examples/%/,build/ta/%/stamp,$(wildcard ta/examples/*/)) | setup
	bash guests/linux/build.sh
	touch $@
$(LINUX_IMAGE) $(LINUX_INITRD): $(LINUX_OUT)/stamp ;

-include configs/$(CONFIG)/linux.mk
ifneq ($(LINUX_KERNEL_ADDR),)
LINUX_BOOT := $(B)/linux
$(LINUX_BOOT)/stamp: $(LINUX_OUT)/stamp $(CONFIG_DIR)/normal.dts guests/linux/gen-boot.sh \
	configs/$(CONFIG)/linux.mk $(LINUX_DTSI)
	bash guests/linux/gen-boot.sh $(LINUX_BOOT) $(CONFIG_DIR) $(LINUX_IMAGE) $(LINUX_KERNEL_ADDR) \
		$(LINUX_INITRD) $(LINUX_INITRD_ADDR) $(LINUX_DTB_ADDR) "$(LINUX_BOOTARGS)" $(LINUX_DTSI)
	touch $@
$(LINUX_BOOT)/preload.S $(LINUX_BOOT)/linux.dtb $(LINUX_BOOT)/linux-test.dtb: $(LINUX_BOOT)/stamp ;
# The monitor gets the table of preloaded images; QEMU loads them.
monitor_CFLAGS += -DPRELOAD_TABLE=\"$(abspath $(LINUX_BOOT))/preload.S\"
$(B)/monitor/monitor/payload.S.o: $(LINUX_BOOT)/preload.S
firmware: $(LINUX_BOOT)/stamp
# LINUX_DTB=linux-test.dtb boots the variant that powers off after the checks.
LINUX_DTB ?= linux.dtb
QEMU_LOAD = -device loader,file=$(LINUX_IMAGE),addr=$(LINUX_KERNEL_ADDR),force-raw=on \
	-device loader,file=$(LINUX_INITRD),addr=$(LINUX_INITRD_ADDR),force-raw=on \
	-device loader,file=$(LINUX_BOOT)/$(LINUX_DTB),addr=$(LINUX_DTB_ADDR),force-raw=on
endif

# What a system test adds to its QEMU command line for this configuration.
.PHONY: linux-qemu-args
linux-qemu-args:
	@echo -cpu max$(QEMU_CPU_FEATURES) $(QEMU_LOAD)
