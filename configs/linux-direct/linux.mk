# Linux without a hypervisor (read by guests/linux/linux.mk). QEMU loads these
# into VM 1's RAM (-device loader) and the monitor measures them in place, then
# enters the kernel at NS-EL1 with x0 = the device tree. The kernel Image needs
# a 2 MiB aligned address (text_offset 0) with room for its image_size (~33 MiB
# with .bss) before the initramfs; the device tree is configc's normal.dts plus
# a chosen node with these bootargs and the initramfs range.
LINUX_KERNEL_ADDR := 0x40200000
LINUX_INITRD_ADDR := 0x48000000
LINUX_DTB_ADDR    := 0x7fe00000
LINUX_BOOTARGS    := console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init
# QEMU's virtio-mmio transports: the storage test's disk (tests/system/storage.sh).
LINUX_DTSI        := configs/linux-direct/virtio-mmio.dtsi
# The monitor does not save SVE/SME state (CPTR_EL3 traps both): hide them from Linux.
QEMU_CPU_FEATURES := ,sve=off,sme=off
