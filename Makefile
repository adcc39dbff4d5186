# tzvisor: `make run` boots the default configuration, `make test` runs every test.
CROSS   ?= aarch64-linux-gnu-
# The default: two Debian Linux VMs under the hypervisor, each with its own TEE instance.
CONFIG  ?= qemu-2vm-linux
# The direct configuration builds in build/, every other one in build/<name>/: configs never mix.
# BENCH_PMU=1 (make bench) builds bench images in build/bench/...: only they let the PMU count
# the secure world (monitor/main.c); shipped and test images never do.
BENCH_PMU ?=
B       := build$(if $(BENCH_PMU),/bench)$(if $(filter direct,$(CONFIG)),,/$(CONFIG))
DEPS    := build/deps/root
QEMU    ?= qemu-system-aarch64
CC      := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy

FW_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g -ffreestanding -fno-builtin -nostdlib \
	-mgeneral-regs-only -mstrict-align -fno-pie -fno-stack-protector \
	-fno-omit-frame-pointer -mno-outline-atomics -fno-tree-loop-distribute-patterns -Iinclude -MMD -MP $(EXTRA_CFLAGS)
FW_ASFLAGS := -Iinclude -MMD -MP -D__ASSEMBLY__
FW_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,--no-warn-rwx-segments

LIB_SRCS := $(wildcard lib/*.c)
# The configuration is configs/$(CONFIG)/platform.cfg (docs/configuration.md). tools/configc checks
# it and writes $(B)/config/: config.c (the tables), config.mk (HYP, GUEST_IMAGES, QEMU_SMP, ...),
# and the device trees (vm<N>.dts, or normal.dts without a hypervisor).
HOSTCC  ?= gcc
# tools/optee-suite.sh builds a configuration with another initramfs: PLATFORM_CFG (a copy of
# the configuration with its initrd changed) and B (its own build directory).
PLATFORM_CFG ?= configs/$(CONFIG)/platform.cfg
CONFIGC := build/tools/configc
CONFIG_DIR := $(B)/config
CONFIG_SRC := $(CONFIG_DIR)/config.c
# The guest images the build links (below); a VM's `image` names one of them.
GUEST_IMAGE_NAMES := client hyptest hypattack hypsram hypstall smcfuzz
# Goals that do not build $(CONFIG) (test and bench build the configurations they boot).
NO_CONFIG_GOALS := test bench format clean guest-image-names setup linux-guest $(CONFIGC) \
	tas ta-dev-kit ta-keys fuzz fuzz-smc examples xtest
ifneq ($(MAKECMDGOALS),)
ifeq ($(filter-out $(NO_CONFIG_GOALS),$(MAKECMDGOALS)),)
SKIP_CONFIG := 1
endif
endif
ifndef SKIP_CONFIG
-include $(CONFIG_DIR)/config.mk
endif
# Files a configuration names as `kernel` or `initrd` (e.g. build/linux/Image): configc
# reads their sizes, so config.mk is made after them (guests/linux/linux.mk builds them).
CONFIG_FILES := $(shell sed -nE 's/^[[:space:]]*(kernel|initrd)[[:space:]]*=[[:space:]]*"?([^"\#[:space:]]+).*/\2/p' \
	$(PLATFORM_CFG) 2>/dev/null)

.PHONY: all setup firmware run test unit-tests system-tests bench clean format guest-image-names \
	fuzz fuzz-smc FORCE
all: firmware

# The configuration compiler (host) and what it generates.
$(CONFIGC): $(wildcard tools/configc/*.c tools/configc/*.h) lib/pgtable.c include/lib/pgtable.h \
	include/tzvisor/platform.h include/tzvisor/config.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=c11 -Wall -Wextra -Werror -O2 -Iinclude -o $@ $(filter %.c,$^)
$(CONFIG_DIR)/config.mk: $(PLATFORM_CFG) $(CONFIGC) $(CONFIG_FILES)
	$(CONFIGC) --images "$(GUEST_IMAGE_NAMES)" gen $< $(CONFIG_DIR)
$(CONFIG_SRC): $(CONFIG_DIR)/config.mk ;
$(CONFIG_DIR)/%.dts: $(CONFIG_DIR)/config.mk ;
$(CONFIG_DIR)/%.dtb: $(CONFIG_DIR)/%.dts | setup
	dtc -q -I dts -O dtb -o $@ $<
guest-image-names:
	@echo $(GUEST_IMAGE_NAMES)

setup: build/deps/stamp-arm64
build/deps/stamp-arm64: tools/setup.sh
	bash tools/setup.sh

# image_template(name, dir, extra srcs, extra link args)
define image_template
$(1)_SRCS := $(wildcard $(2)/*.c $(2)/*.S) $(LIB_SRCS) $(3)
$(1)_OBJS := $$(patsubst %,$(B)/$(1)/%.o,$$($(1)_SRCS))
# The flags the objects were built with: a change (e.g. test hooks on or off) rebuilds them.
$(B)/$(1)/cflags: FORCE
	@mkdir -p $$(dir $$@)
	@echo '$(FW_CFLAGS) $$($(1)_CFLAGS)' | cmp -s - $$@ || echo '$(FW_CFLAGS) $$($(1)_CFLAGS)' >$$@
$(B)/$(1)/%.c.o: %.c $(B)/$(1)/cflags | setup
	@mkdir -p $$(dir $$@)
	$(CC) $(FW_CFLAGS) $$($(1)_CFLAGS) -c $$< -o $$@
$(B)/$(1)/%.S.o: %.S $(B)/$(1)/cflags | setup
	@mkdir -p $$(dir $$@)
	$(CC) $(FW_ASFLAGS) $$($(1)_CFLAGS) -c $$< -o $$@
$(B)/$(1)/$(1).elf: $$($(1)_OBJS) $(2)/$(1).ld
	$(CC) $(FW_LDFLAGS) -T $(2)/$(1).ld -o $$@ $$($(1)_OBJS) $(4) -lgcc
$(B)/$(1)/$(1).bin: $(B)/$(1)/$(1).elf
	$(OBJCOPY) -O binary $$< $$@
-include $$($(1)_OBJS:.o=.d)
endef

PAYLOAD_DIR ?= $(B)
monitor_CFLAGS := -I$(DEPS)/usr/include -DTVISOR_BIN=\"$(PAYLOAD_DIR)/tvisor/tvisor.bin\" \
	-DTEE_BIN=\"$(PAYLOAD_DIR)/tee/tee.bin\" -DCLIENT_BIN=\"$(PAYLOAD_DIR)/client/client.bin\" \
	-DNORMAL_DTB=\"$(CONFIG_DIR)/normal.dtb\" $(if $(BENCH_PMU),-DCONFIG_BENCH_SECURE_PMU)
# The TEE kernel checks TA signatures with Debian's mbedTLS against the development key's
# public half (build/keys/ta_pubkey.c, made by tools/tasign: ta/ta.mk). A test image
# (`test_hooks = yes` in platform.cfg: TEST_HOOKS in config.mk) also has the hook commands
# of its built-in TAs and trusts the test-TA key; a shipped image has neither.
tee_CFLAGS := $(if $(TEST_HOOKS),-DCONFIG_TEST_HOOKS) -I$(DEPS)/usr/include
TEE_KEY_SRCS := build/keys/ta_pubkey.c $(if $(TEST_HOOKS),build/keys/ta_test_pubkey.c)
# GP crypto in the kernel (tee/crypto_*.c): GP's constants from the dev kit's headers, and a
# larger mbedTLS heap for the TAs' key objects and operation contexts.
tee_CFLAGS += -Ita/devkit/include -DMBEDTLS_HEAP_SIZE=0x10000u
tvisor_CFLAGS :=
# The client embeds signed TA files (guests/client/ta_images.S, rules after ta/ta.mk).
client_CFLAGS := -Wa,-I,build/client-ta -Wa,-I,build/ta/hello -Wa,-I,build/client-dl
# A bench image's client expects the PMU to count the secure world (pmu_secure_time_not_counted).
client_CFLAGS += $(if $(BENCH_PMU),-DCONFIG_BENCH_SECURE_PMU)

$(eval $(call image_template,tvisor,tvisor,$(CONFIG_SRC),))
$(eval $(call image_template,tee,tee,$(TEE_KEY_SRCS) lib/mbedtls/libc.c,$(DEPS)/usr/lib/aarch64-linux-gnu/libmbedcrypto.a $(DEPS)/usr/lib/aarch64-linux-gnu/libtomcrypt.a $(DEPS)/usr/lib/aarch64-linux-gnu/libcrypto.a))
$(eval $(call image_template,client,guests/client,,))
$(eval $(call image_template,hyptest,guests/hyptest,,))
$(eval $(call image_template,hypattack,guests/hyptest,,))
$(eval $(call image_template,hypsram,guests/hyptest,,))
$(eval $(call image_template,hypstall,guests/hyptest,,))
hypattack_CFLAGS := -DHYPTEST_ATTACK=1
hypsram_CFLAGS := -DHYPTEST_ATTACK=2
hypstall_CFLAGS := -DHYPTEST_STALL
# The SMC fuzzer guest (make fuzz-smc): hyptest's entry code, its seed and call count in
# $(B)/smcfuzz/params.h, rewritten only when SEED or CALLS change.
$(eval $(call image_template,smcfuzz,guests/smcfuzz,guests/hyptest/start.S,))
smcfuzz_CFLAGS := -I$(B)/smcfuzz
SMCFUZZ_PARAMS := $(B)/smcfuzz/params.h
$(SMCFUZZ_PARAMS): FORCE
	@mkdir -p $(dir $@)
	@printf '#define SMCFUZZ_SEED %sull\n#define SMCFUZZ_CALLS %sull\n' $(or $(SEED),1) \
		$(or $(CALLS),10000) >$@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@
$(B)/smcfuzz/guests/smcfuzz/fuzz.c.o: $(SMCFUZZ_PARAMS)

ifeq ($(HYP),1)
$(eval $(call image_template,hyp,hyp,$(CONFIG_SRC),))
# Guest images and their linker scripts (they must honour GUEST_BASE).
client_LD := guests/client/client.ld
hyptest_LD := guests/hyptest/hyptest.ld
hypattack_LD := guests/hyptest/hyptest.ld
hypsram_LD := guests/hyptest/hyptest.ld
hypstall_LD := guests/hyptest/hyptest.ld
smcfuzz_LD := guests/hyptest/hyptest.ld
# guest_template(index, image, link base): the image relinked at its VM's RAM (IPA == PA).
define guest_template
$(B)/guest$(1)/$(2).elf: $$($(2)_OBJS) $$($(2)_LD)
	@mkdir -p $$(dir $$@)
	$(CC) $(FW_LDFLAGS) -Wl,--defsym=GUEST_BASE=$(3) -T $$($(2)_LD) -o $$@ $$($(2)_OBJS) -lgcc
$(B)/guest$(1)/$(2).bin: $(B)/guest$(1)/$(2).elf
	$(OBJCOPY) -O binary $$< $$@
GUEST_BINS += $(B)/guest$(1)/$(2).bin
monitor_CFLAGS += -DGUEST_BIN_$(1)=\"$(B)/guest$(1)/$(2).bin\"
endef
# guest_file(index, path): an image given as a file (a path in platform.cfg), used as it is.
define guest_file
GUEST_BINS += $(2)
monitor_CFLAGS += -DGUEST_BIN_$(1)=\"$(2)\"
endef
# guest_preloaded(index): a Linux kernel QEMU preloads (the monitor's PRELOAD table), no image here.
define guest_preloaded
monitor_CFLAGS += -DGUEST_PRELOADED_$(1)
endef
guest_words = $(subst :, ,$(word $(1),$(GUEST_IMAGES)))
guest_kind = $(if $(filter preloaded,$(word 1,$(call guest_words,$(1)))),guest_preloaded,$\
	$(if $(findstring /,$(word 1,$(call guest_words,$(1)))),guest_file,guest_template))
$(foreach i,$(shell seq 1 $(words $(GUEST_IMAGES))),$(eval $(call $(call guest_kind,$(i)),$(i),$(word 1,$(call guest_words,$(i))),$(word 2,$(call guest_words,$(i))))))
monitor_CFLAGS += -DHYP_BIN=\"$(B)/hyp/hyp.bin\"
# Each VM's device tree (configc's vm<N>.dtb, in VM order): the hypervisor passes it in x0.
VM_DTBS := $(addprefix $(CONFIG_DIR)/,$(CONFIG_DTBS))
$(foreach i,$(shell seq 1 $(words $(VM_DTBS))),$(eval monitor_CFLAGS += -DVM_DTB_$(i)=\"$(word $(i),$(VM_DTBS))\"))
HYP_PAYLOAD := $(B)/hyp/hyp.bin $(GUEST_BINS) $(VM_DTBS)
# Linux guests: configc's table of the images QEMU preloads (QEMU_LOAD in config.mk).
ifneq ($(PRELOAD),)
monitor_CFLAGS += -DPRELOAD_TABLE=\"$(abspath $(CONFIG_DIR))/$(PRELOAD)\"
HYP_PAYLOAD += $(CONFIG_DIR)/$(PRELOAD)
$(CONFIG_DIR)/$(PRELOAD): $(CONFIG_DIR)/config.mk ;
endif
endif

$(eval $(call image_template,monitor,monitor,$(CONFIG_SRC) lib/mbedtls/libc.c,$(DEPS)/usr/lib/aarch64-linux-gnu/libmbedcrypto.a))

# The monitor embeds the images it starts (see monitor/payload.S).
ifeq ($(HYP),1)
$(B)/monitor/monitor/payload.S.o: $(PAYLOAD_DIR)/tvisor/tvisor.bin $(PAYLOAD_DIR)/tee/tee.bin \
	$(HYP_PAYLOAD) $(CONFIG_DIR)/config.mk
else
$(B)/monitor/monitor/payload.S.o: $(PAYLOAD_DIR)/tvisor/tvisor.bin $(PAYLOAD_DIR)/tee/tee.bin \
	$(PAYLOAD_DIR)/client/client.bin $(CONFIG_DIR)/normal.dtb
endif

# The firmware: the monitor starts at address 0 and embeds what it starts.
$(B)/flash.bin: $(B)/monitor/monitor.bin
	cp $< $@

# The device-unique secret, made once and kept across rebuilds like a fused key; only the
# monitor reads it, from the secure-only flash bank 0 that QEMU boots ($(B)/flash.img, given as
# -drive if=pflash,unit=0: QEMU_FLASH). docs/keys.md.
DEVICE_SECRET := build/device-secret.bin
$(DEVICE_SECRET):
	@mkdir -p $(dir $@)
	umask 077 && head -c 32 /dev/urandom >$@.tmp && mv $@.tmp $@
$(B)/flash.img: $(B)/flash.bin $(DEVICE_SECRET) tools/mkflash.sh
	bash tools/mkflash.sh $< $(DEVICE_SECRET) $@
# Writable: the monitor keeps the rollback counters in flash bank 0 (docs/keys.md).
QEMU_FLASH = -drive if=pflash,unit=0,format=raw,file=$(1)

firmware: $(B)/flash.img $(addprefix $(CONFIG_DIR)/,$(CONFIG_DTBS))

# Linux from Debian's packages (make linux-guest); configurations that boot it without a
# hypervisor set QEMU_LOAD (the images QEMU puts into DRAM) and QEMU_CPU_FEATURES.
include guests/linux/linux.mk
# Trusted applications: signer, development key, libutee, TA dev kit, example TAs (make tas).
include ta/ta.mk
# Attestation: host verifier, the attestation public key, reference values (docs/attestation.md).
include tools/attest/attest.mk

# The bare-metal client's test TA (guests/client/ta, built by the dev kit and signed with the
# test-TA key, which only test images trust) and the refusal
# variants it serves as tee-supplicant, its GlobalPlatform instance-flag TAs
# (guests/client/taflags/<variant>, copied to flags_<variant>.ta); with the hello example TA,
# embedded in its image. (TA_DEV_KIT, TASIGN, TA_DEV_KEY: ta/ta.mk)
CLIENT_FLAG_TAS := single keepalive multi
build/client-ta/stamp: $(TA_DEV_KIT)/stamp $(TA_TEST_KEY) $(wildcard guests/client/ta/* guests/client/ta/include/*) \
	$(wildcard guests/client/taflags/* guests/client/taflags/*/*)
	@mkdir -p build/client-ta
	$(MAKE) -C guests/client/ta CROSS_COMPILE=$(CROSS) TA_DEV_KIT_DIR=$(abspath $(TA_DEV_KIT)) \
		TA_SIGN_KEY=$(abspath $(TA_TEST_KEY)) O=$(abspath build/client-ta)
	bash guests/client/ta/variants.sh build/client-ta $(TASIGN) $(TA_TEST_KEY)
	for v in $(CLIENT_FLAG_TAS); do \
		$(MAKE) -C guests/client/taflags/$$v CROSS_COMPILE=$(CROSS) \
			TA_DEV_KIT_DIR=$(abspath $(TA_DEV_KIT)) TA_SIGN_KEY=$(abspath $(TA_TEST_KEY)) \
			O=$(abspath build/client-ta)/flags-$$v && \
		cp build/client-ta/flags-$$v/*.ta build/client-ta/flags_$$v.ta || exit 1; \
	done
	touch $@
# The dl example (TA, library, plugin) and two refusals made from the plugin: a byte of its
# code changed after signing, and its bare ELF unsigned (guests/client/tests_dl.c).
build/client-dl/stamp: build/ta/dl/stamp
	@mkdir -p build/client-dl
	cp build/ta/dl/*.ta build/client-dl/dl.ta
	cp build/ta/dl-lib/*.ta build/client-dl/dl_lib.ta
	cp build/ta/dl-plugin/*.ta build/client-dl/dl_plugin.ta
	cp build/client-dl/dl_plugin.ta build/client-dl/dl_plugin_tampered.ta
	printf '\x5a' | dd of=build/client-dl/dl_plugin_tampered.ta bs=1 seek=$$((328 + 0x1010)) \
		conv=notrunc status=none
	cp build/ta/dl-plugin/libdlplugin.stripped.so build/client-dl/dl_plugin_unsigned.ta
	touch $@
$(B)/client/guests/client/ta_images.S.o: build/client-ta/stamp build/ta/hello/stamp \
	build/client-dl/stamp

QEMU_MACHINE := -M virt,secure=on,virtualization=on,gic-version=3 -cpu max$(QEMU_CPU_FEATURES) -smp $(or $(QEMU_SMP),2) -m $(or $(QEMU_MEM),1G) \
	-nographic -semihosting-config enable=on,target=native
# With standard input from a pipe, tools/run.sh holds it back until the Linux VMs' shells are up.
# `make run` boots $(B)/flash-run.img, made once from flash.img and then kept (the device:
# its rollback counters persist); each run puts the current firmware into it.
run: firmware
	test -f $(B)/flash-run.img || cp $(B)/flash.img $(B)/flash-run.img
	dd if=$(B)/flash.bin of=$(B)/flash-run.img conv=notrunc status=none
	bash tools/run.sh $(or $(LINUX_VMS),0) $(QEMU) $(QEMU_MACHINE) $(call QEMU_FLASH,$(B)/flash-run.img) $(QEMU_LOAD)

# Host unit tests (cmocka) and QEMU system tests; the last line is "N passed, N failed".
# The tests boot the direct configuration from build/flash.img and build the others themselves.
test:
	$(MAKE) CONFIG=direct firmware
	$(MAKE) tas
	$(MAKE) linux-guest
	bash tests/run-all.sh

# Host fuzzing with libFuzzer (docs/fuzzing.md): each harness FUZZ_RUNS executions, or else
# FUZZ_SECONDS seconds (default 60); FUZZ_HARNESSES picks some (default: all).
fuzz:
	bash tools/setup.sh fuzz
	FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh $(FUZZ_HARNESSES)

# SMC fuzzing from a VM (configs/qemu-fuzz, guests/smcfuzz): CALLS calls from SEED in VM 1
# while VM 2 loops over its TEE round (docs/fuzzing.md).
fuzz-smc:
	SEED=$(or $(SEED),1) CALLS=$(or $(CALLS),10000) bash tests/system/fuzz_smc.sh

bench:
	bash tools/setup.sh bench
	$(MAKE) CONFIG=direct BENCH_PMU=1 firmware
	$(MAKE) tas
	$(MAKE) linux-guest
	BENCH_PMU=1 bash tools/bench.sh

# OP-TEE's own programs from a checkout the user gives, unchanged, in both VMs of qemu-2vm-linux
# (tools/optee-suite.sh; docs/optee-suites.md): make examples OPTEE_EXAMPLES=<optee_examples>,
# make xtest OPTEE_TEST=<optee_test> [XTEST_GROUPS="regression_1 regression_4"],
# make pkcs11 OPTEE_OS=<optee_os>.
.PHONY: examples xtest
examples:
	bash tools/optee-suite.sh examples "$(OPTEE_EXAMPLES)"
xtest:
	bash tools/optee-suite.sh xtest "$(OPTEE_TEST)"
# OP-TEE's PKCS#11 TA (ta/pkcs11 of an optee_os checkout), run by tzv-pkcs11 in both VMs.
.PHONY: pkcs11
pkcs11:
	bash tools/optee-suite.sh pkcs11 "$(OPTEE_OS)"

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(CONFIG_DIR) $(B)/monitor $(B)/tvisor $(B)/tee $(B)/client $(B)/flash.bin $(B)/flash.img $(B)/unit \
		$(B)/hyp $(B)/guest[0-9]* $(B)/hyptest $(B)/hypattack $(B)/hypsram $(B)/hypstall $(B)/smcfuzz $(B)/linux
