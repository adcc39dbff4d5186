# Included by the Makefile: the host side of attestation (docs/attestation.md).
#  - build/tools/attest-verify, build/tools/attest-key (OpenSSL, libcbor);
#  - build/attest-key.pem and .jwk: the attestation public key of build/device-secret.bin,
#    derived as the monitor derives it, printed when made;
#  - $(B)/reference-values.txt: the SHA-256 of everything the monitor measures in this
#    configuration, from the bytes it embeds or QEMU preloads (tools/attest/refs.sh).
ATTEST_HOST_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -Iinclude
ATTEST_VERIFY := build/tools/attest-verify
ATTEST_KEYGEN := build/tools/attest-key
ATTEST_PUBKEY := build/attest-key.pem

$(ATTEST_VERIFY): tools/attest/attest-verify.c tools/attest/verify.c tools/attest/key.c \
	tools/attest/verify.h tools/attest/key.h include/tzvisor/attest.h | setup
	@mkdir -p $(dir $@)
	$(HOSTCC) $(ATTEST_HOST_CFLAGS) -o $@ $(filter %.c,$^) -lcbor -lcrypto
$(ATTEST_KEYGEN): tools/attest/attest-key.c tools/attest/key.c tools/attest/key.h \
	include/tzvisor/attest.h | setup
	@mkdir -p $(dir $@)
	$(HOSTCC) $(ATTEST_HOST_CFLAGS) -o $@ $(filter %.c,$^) -lcrypto
$(ATTEST_PUBKEY): $(ATTEST_KEYGEN) $(DEVICE_SECRET)
	$(ATTEST_KEYGEN) $(DEVICE_SECRET) $(basename $@)

# The configuration's canonical forms, hashed on the host from the same generated config.c.
$(B)/attest/attest-config: tools/attest/attest-config.c $(CONFIG_SRC) include/tzvisor/attest.h \
	include/tzvisor/config.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(ATTEST_HOST_CFLAGS) -o $@ $(filter %.c,$^) -lcrypto
ATTEST_PRELOAD_FILE := $(if $(PRELOAD),$(CONFIG_DIR)/$(PRELOAD),$(if $(LINUX_BOOT),$(LINUX_BOOT)/preload.S))
$(B)/reference-values.txt: $(B)/attest/attest-config tools/attest/refs.sh $(B)/monitor/monitor.bin \
	$(addprefix $(CONFIG_DIR)/,$(CONFIG_DTBS)) $(CONFIG_FILES) \
	$(if $(LINUX_BOOT),$(LINUX_BOOT)/stamp $(LINUX_IMAGE) $(LINUX_INITRD))
	HYP="$(HYP)" GUEST_IMAGES="$(GUEST_IMAGES)" CONFIG_DTBS="$(CONFIG_DTBS)" \
		QEMU_LOAD="$(QEMU_LOAD)" PRELOAD_FILE="$(ATTEST_PRELOAD_FILE)" \
		bash tools/attest/refs.sh $(B) $(CONFIG_DIR) $(B)/attest/attest-config >$@.tmp
	mv $@.tmp $@

.PHONY: attest-tools
attest-tools: $(ATTEST_VERIFY) $(ATTEST_PUBKEY)
firmware: $(B)/reference-values.txt attest-tools
