# Included by the Makefile: the TA signing tool, the development key, libutee,
# the TA dev kit (installed into build/ta_dev_kit like OP-TEE's TA_DEV_KIT_DIR)
# and the example TAs (build/ta/<name>/<uuid>.ta). `make tas` builds them all.
TASIGN      := build/tools/tasign
TA_KEY_DIR  := build/keys
TA_DEV_KEY  := $(TA_KEY_DIR)/ta_dev_key.pem
TA_DEV_KIT  := build/ta_dev_kit
TA_EXAMPLES := hello random digest aes rsa storage storage2 kat ta2ta dl cxx socket

.PHONY: tas ta-dev-kit ta-keys
tas: $(foreach t,$(TA_EXAMPLES),build/ta/$(t)/stamp)
ta-dev-kit: $(TA_DEV_KIT)/stamp
ta-keys: $(TA_DEV_KEY) $(TA_KEY_DIR)/ta_pubkey.c $(TA_KEY_DIR)/ta_pubkey.pem

$(TASIGN): tools/tasign/main.c tools/tasign/tasign.c tools/tasign/subkey.c tools/tasign/tasign.h \
	include/tzvisor/ta_abi.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=c11 -Wall -Wextra -Werror -O2 -Iinclude -o $@ tools/tasign/main.c \
		tools/tasign/tasign.c tools/tasign/subkey.c -lcrypto

# The development key: made once per build tree, never committed (build/ is ignored).
$(TA_DEV_KEY): | $(TASIGN)
	@mkdir -p $(dir $@)
	$(TASIGN) keygen --out $@
# Its public half for the TEE image: C arrays (modulus, exponent) and PEM.
$(TA_KEY_DIR)/ta_pubkey.c: $(TA_DEV_KEY) $(TASIGN)
	$(TASIGN) export --key $< --out $@
# The test-TA key: test TAs (commands that read or run their own data) are signed with it,
# and only test images (CONFIG_TEST_HOOKS) trust it, as ta_test_pubkey_*.
TA_TEST_KEY := $(TA_KEY_DIR)/ta_test_key.pem
$(TA_TEST_KEY): | $(TASIGN)
	@mkdir -p $(dir $@)
	$(TASIGN) keygen --out $@
$(TA_KEY_DIR)/ta_test_pubkey.c: $(TA_TEST_KEY) $(TASIGN)
	$(TASIGN) export --key $< --out $@.tmp
	sed 's/\bta_pubkey_/ta_test_pubkey_/g' $@.tmp >$@ && rm -f $@.tmp
$(TA_KEY_DIR)/ta_pubkey.pem: $(TA_DEV_KEY) $(TASIGN)
	$(TASIGN) pubkey --key $< --out $@

# libutee: the GlobalPlatform TEE Internal Core API and the TA runtime (S-EL0).
UTEE_SRCS := $(wildcard ta/lib/*.c ta/lib/*.S)
UTEE_OBJS := $(patsubst %,build/ta/lib/%.o,$(notdir $(UTEE_SRCS)))
UTEE_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g -fno-pie -fno-stack-protector -fno-common \
	-mno-outline-atomics -ffunction-sections -fdata-sections -fno-builtin \
	-fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables -U_FORTIFY_SOURCE \
	-mbranch-protection=pac-ret -Ita/devkit/include -Iinclude -I$(DEPS)/usr/include -MMD -MP
build/ta/lib/%.c.o: ta/lib/%.c | setup
	@mkdir -p $(dir $@)
	$(CC) $(UTEE_CFLAGS) -c $< -o $@
build/ta/lib/%.S.o: ta/lib/%.S | setup
	@mkdir -p $(dir $@)
	$(CC) -Iinclude -D__ASSEMBLY__ -MMD -MP -c $< -o $@
-include $(UTEE_OBJS:.o=.d)
build/ta/lib/libutee.a: $(UTEE_OBJS)
	rm -f $@
	$(CROSS)ar rcs $@ $^

# The dev kit tree, laid out like OP-TEE's export-ta_arm64: include/ (GlobalPlatform, OP-TEE
# extensions, trace, mbedTLS, ta_abi.h), lib/ (libutee, and libutils/libdl, empty: their
# functions are in libutee), mk/ (ta_dev_kit.mk, conf.mk, ta.ld), src/ (user_ta_header.c),
# scripts/tasign (the signer), keys/default_ta.pem (the development key) and host_include/
# (what a normal-world build such as xtest's reads: the API headers, conf.h, conf.mk).
$(TA_DEV_KIT)/stamp: build/ta/lib/libutee.a $(TASIGN) $(TA_DEV_KEY) $(wildcard ta/devkit/*/* ta/devkit/*/*/*) \
	include/tzvisor/ta_abi.h
	rm -rf $(TA_DEV_KIT)
	mkdir -p $(TA_DEV_KIT)/include/tzvisor $(TA_DEV_KIT)/lib $(TA_DEV_KIT)/scripts \
		$(TA_DEV_KIT)/keys $(TA_DEV_KIT)/host_include/tzvisor
	cp -r ta/devkit/include/. $(TA_DEV_KIT)/include/
	cp include/tzvisor/ta_abi.h $(TA_DEV_KIT)/include/tzvisor/
	cp -r ta/devkit/include/. $(TA_DEV_KIT)/host_include/
	# not the TA side's wrappers of C library headers (OP-TEE's libutils additions): a
	# normal-world build gets its C library's own
	rm -rf $(TA_DEV_KIT)/host_include/stdint.h $(TA_DEV_KIT)/host_include/assert.h \
		$(TA_DEV_KIT)/host_include/sys
	cp include/tzvisor/ta_abi.h $(TA_DEV_KIT)/host_include/tzvisor/
	cp ta/devkit/host/conf.h ta/devkit/host/conf.mk $(TA_DEV_KIT)/host_include/
	cp -r $(DEPS)/usr/include/mbedtls $(DEPS)/usr/include/psa $(TA_DEV_KIT)/include/
	cp -r ta/devkit/mk ta/devkit/src $(TA_DEV_KIT)/
	cp build/ta/lib/libutee.a $(DEPS)/usr/lib/aarch64-linux-gnu/libmbedcrypto.a $(TA_DEV_KIT)/lib/
	# libmbedtls.a as OP-TEE exports it for CFG_TA_MBEDTLS: one archive with mbedTLS's
	# crypto, X.509 and TLS objects (Debian's three archives; no object name is in two).
	rm -rf $(TA_DEV_KIT)/lib/mbedtls-objs && mkdir -p $(TA_DEV_KIT)/lib/mbedtls-objs
	set -e; for a in mbedcrypto mbedx509 mbedtls; do \
		(cd $(TA_DEV_KIT)/lib/mbedtls-objs && \
		 $(CROSS)ar x $(abspath $(DEPS))/usr/lib/aarch64-linux-gnu/lib$$a.a); done
	$(CROSS)ar rcs $(TA_DEV_KIT)/lib/libmbedtls.a $(TA_DEV_KIT)/lib/mbedtls-objs/*.o
	rm -rf $(TA_DEV_KIT)/lib/mbedtls-objs
	$(CROSS)ar rcs $(TA_DEV_KIT)/lib/libutils.a
	$(CROSS)ar rcs $(TA_DEV_KIT)/lib/libdl.a
	cp $(TASIGN) $(TA_DEV_KIT)/scripts/
	cp $(TA_DEV_KEY) $(TA_DEV_KIT)/keys/default_ta.pem
	touch $@

# Each example TA is built by the dev kit exactly as an out-of-tree TA would be.
define ta_example
build/ta/$(1)/stamp: $(TA_DEV_KIT)/stamp $(wildcard ta/examples/$(1)/ta/* ta/examples/$(1)/ta/include/*)
	@mkdir -p build/ta/$(1)
	$$(MAKE) -C ta/examples/$(1)/ta CROSS_COMPILE=$(CROSS) TA_DEV_KIT_DIR=$$(abspath $(TA_DEV_KIT)) \
		O=$$(abspath build/ta/$(1))
	touch $$@
endef
$(foreach t,$(TA_EXAMPLES),$(eval $(call ta_example,$(t))))
# The dl example: its two shared libraries first (build/ta/dl-lib, build/ta/dl-plugin:
# <uuid>.ta each, which the Linux guest installs beside the TAs), then the TA linked
# against dl-lib.
build/ta/dl/stamp: build/ta/dl-libs.stamp
build/ta/dl-libs.stamp: $(TA_DEV_KIT)/stamp $(wildcard ta/examples/dl/lib/* ta/examples/dl/plugin/* \
	ta/examples/dl/ta/include/*)
	@mkdir -p build/ta/dl-lib build/ta/dl-plugin
	$(MAKE) -C ta/examples/dl/lib CROSS_COMPILE=$(CROSS) TA_DEV_KIT_DIR=$(abspath $(TA_DEV_KIT)) \
		O=$(abspath build/ta/dl-lib)
	$(MAKE) -C ta/examples/dl/plugin CROSS_COMPILE=$(CROSS) TA_DEV_KIT_DIR=$(abspath $(TA_DEV_KIT)) \
		O=$(abspath build/ta/dl-plugin)
	touch $@
# storage2 builds the storage example's code under another UUID.
build/ta/storage2/stamp: $(wildcard ta/examples/storage/ta/*.c ta/examples/storage/ta/include/*)
