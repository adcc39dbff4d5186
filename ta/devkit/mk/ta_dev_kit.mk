# tzvisor TA dev kit: builds one trusted application into a signed <uuid>.ta.
#
# A TA's Makefile sets BINARY=<uuid> and includes this file; its directory holds
# sub.mk (srcs-y, global-incdirs-y, cflags-y, cflags-<file>-y, subdirs-y) and
# user_ta_header_defines.h (TA_UUID, TA_FLAGS, TA_STACK_SIZE, TA_DATA_SIZE, and
# optionally TA_VERSION, TA_DESCRIPTION, TA_CURRENT_TA_EXT_PROPERTIES).
#
#   make CROSS_COMPILE=aarch64-linux-gnu- TA_DEV_KIT_DIR=<dev kit>
#
# Output in O (default: the TA's directory): <uuid>.elf (with symbols),
# <uuid>.stripped.elf, <uuid>.map and <uuid>.ta, the stripped ELF signed with
# TA_SIGN_KEY (default: the dev kit's development key) in OP-TEE's format.

ifeq ($(BINARY),)
$(error BINARY (the TA's UUID) is not set)
endif
ifeq ($(TA_DEV_KIT_DIR),)
$(error TA_DEV_KIT_DIR is not set)
endif

CROSS_COMPILE ?= aarch64-linux-gnu-
ta-cc      := $(CROSS_COMPILE)gcc
ta-objcopy := $(CROSS_COMPILE)objcopy
O ?= .
ta-out := $(patsubst %/,%,$(O))
ta-obj := $(ta-out)/obj
TA_SIGN_KEY ?= $(TA_DEV_KIT_DIR)/keys/default_ta.pem
TA_SIGN ?= $(TA_DEV_KIT_DIR)/bin/tasign
TA_VERSION_NUMBER ?= 0
CFG_TEE_TA_LOG_LEVEL ?= 2

# sub.mk, then each subdirs-y entry's sub.mk (paths relative to its directory).
srcs :=
incdirs :=
ta-cflags :=
define ta-read-submk
srcs-y :=
global-incdirs-y :=
incdirs-y :=
cflags-y :=
subdirs-y :=
include $(1)/sub.mk
srcs += $$(patsubst ./%,%,$$(addprefix $(1)/,$$(srcs-y)))
incdirs += $$(patsubst ./%,%,$$(addprefix $(1)/,$$(global-incdirs-y) $$(incdirs-y)))
ta-cflags += $$(cflags-y)
$$(foreach s,$$(srcs-y),$$(eval ta-cflags-$$(patsubst ./%,%,$(1)/$$(s)) := $$(cflags-$$(s)-y)))
$$(foreach d,$$(subdirs-y),$$(eval $$(call ta-read-submk,$(1)/$$(d))))
endef
$(eval $(call ta-read-submk,.))

ta-cppflags := -I. $(addprefix -I,$(incdirs)) -I$(TA_DEV_KIT_DIR)/include \
	-DTRACE_LEVEL=$(CFG_TEE_TA_LOG_LEVEL) -U_FORTIFY_SOURCE
ta-base-cflags := -std=gnu11 -O2 -g -Wall -fno-pie -fno-stack-protector -fno-common \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -mno-outline-atomics \
	-ffunction-sections -fdata-sections -MMD -MP
ta-ldflags := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=4096 \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,--gc-sections -T $(TA_DEV_KIT_DIR)/mk/ta.ld

ta-objs := $(patsubst %.c,$(ta-obj)/%.o,$(filter %.c,$(srcs))) \
	$(patsubst %.S,$(ta-obj)/%.o,$(filter %.S,$(srcs))) \
	$(ta-obj)/user_ta_header.o

.PHONY: all clean
all: $(ta-out)/$(BINARY).ta

$(ta-obj)/%.o: %.c
	@mkdir -p $(dir $@)
	$(ta-cc) $(ta-base-cflags) $(ta-cppflags) $(ta-cflags) $(ta-cflags-$<) $(CFLAGS_EXTRA) -c $< -o $@

$(ta-obj)/%.o: %.S
	@mkdir -p $(dir $@)
	$(ta-cc) $(ta-base-cflags) $(ta-cppflags) -D__ASSEMBLY__ -c $< -o $@

# The head, heap, stack and property table, built with this TA's user_ta_header_defines.h.
$(ta-obj)/user_ta_header.o: $(TA_DEV_KIT_DIR)/src/user_ta_header.c user_ta_header_defines.h
	@mkdir -p $(dir $@)
	$(ta-cc) $(ta-base-cflags) $(ta-cppflags) -c $< -o $@

$(ta-out)/$(BINARY).elf: $(ta-objs) $(TA_DEV_KIT_DIR)/lib/libutee.a $(TA_DEV_KIT_DIR)/mk/ta.ld
	$(ta-cc) $(ta-ldflags) -Wl,-Map=$(ta-out)/$(BINARY).map -o $@ $(ta-objs) \
		-L$(TA_DEV_KIT_DIR)/lib -Wl,--start-group -lutee -lmbedcrypto -Wl,--end-group -lgcc

$(ta-out)/$(BINARY).stripped.elf: $(ta-out)/$(BINARY).elf
	$(ta-objcopy) --strip-unneeded $< $@

$(ta-out)/$(BINARY).ta: $(ta-out)/$(BINARY).stripped.elf $(TA_SIGN_KEY)
	$(TA_SIGN) sign --key $(TA_SIGN_KEY) --uuid $(BINARY) --ta-version $(TA_VERSION_NUMBER) \
		--in $< --out $@

clean:
	rm -rf $(ta-obj) $(ta-out)/$(BINARY).elf $(ta-out)/$(BINARY).stripped.elf \
		$(ta-out)/$(BINARY).map $(ta-out)/$(BINARY).ta

-include $(ta-objs:.o=.d)
