# tzvisor TA dev kit: builds one trusted application (BINARY=<uuid>) into a signed
# <uuid>.ta, a static TA library (LIBNAME=lib<name>) or a shared one (SHLIBNAME: below),
# with the variables and file layout of OP-TEE's export-ta_arm64, so that TA
# Makefiles written for OP-TEE (optee_examples, optee_test's ta/) work unchanged.
#
#   make CROSS_COMPILE=aarch64-linux-gnu- TA_DEV_KIT_DIR=<dev kit> [O=<out>]
#
# The TA's directory holds sub.mk (srcs-y, global-incdirs-y, incdirs-y, cflags-y,
# cflags-<file>-y, cflags-remove-y, cflags-remove-<file>-y, cppflags-y,
# cppflags-<file>-y, aflags-y, subdirs-y, gensrcs-y with produce-/recipe-/depends-<name>)
# and finds user_ta_header_defines.h on its include path (the TA's directory or one
# of its global-incdirs-y). Variables read: BINARY, LIBNAME, SHLIBNAME, SHLIBUUID, O, LDADD,
# TA_SIGN_KEY, TA_SUBKEY_ARGS, TA_SUBKEY_DEPS (signing with a subkey), CFG_TEE_TA_LOG_LEVEL,
# CFG_TA_OPTEE_CORE_API_COMPAT_1_1 (GP 1.1
# prototypes: -D__OPTEE_CORE_API_COMPAT_1_1=1), CFG_TA_VERSION, every CFG_* (passed
# as -D like OP-TEE does), CROSS_COMPILE / CROSS_COMPILE64 / CROSS_COMPILE_ta_arm64,
# CFLAGS64 / CFLAGS_ta_arm64 / CPPFLAGS_ta_arm64.
#
# Output in O (default: the TA's directory): <uuid>.elf (with symbols), <uuid>.map,
# <uuid>.dmp (disassembly), <uuid>.stripped.elf and <uuid>.ta (signed in OP-TEE's
# format with TA_SIGN_KEY, default: the dev kit's keys/default_ta.pem). LIBNAME gives
# $(O)/<name>.a: TAs link it statically with LDADD = -L<dir> -l<name>. SHLIBNAME with
# SHLIBUUID gives a shared TA library, as OP-TEE's dev kit: $(O)/<name>.so (soname: the
# UUID; position-independent code; its undefined symbols, libutee's included, are bound
# at load time to the TA's and its other libraries'), <name>.stripped.so, <name>.dmp and
# <SHLIBUUID>.ta, signed like a TA for that UUID. A TA linked with LDADD = -L<dir>
# -l<name> loads it at CREATE (DT_NEEDED); one that links -ldl can dlopen("<SHLIBUUID>")
# and is linked with --export-dynamic, so what it contains is visible to what it opens.

ta-dev-kit-dir := $(patsubst %/,%,$(abspath $(dir $(lastword $(MAKEFILE_LIST)))..))
TA_DEV_KIT_DIR ?= $(ta-dev-kit-dir)

.PHONY: all clean
all:

include $(ta-dev-kit-dir)/mk/conf.mk

ifneq (1,$(words $(BINARY) $(LIBNAME) $(SHLIBNAME)))
$(error You must specify exactly one of BINARY, LIBNAME or SHLIBNAME)
endif

CROSS_COMPILE_ta_arm64 ?= $(or $(CROSS_COMPILE64),$(CROSS_COMPILE),aarch64-linux-gnu-)
ta-cc      := $(CROSS_COMPILE_ta_arm64)gcc
ta-ar      := $(CROSS_COMPILE_ta_arm64)ar
ta-objcopy := $(CROSS_COMPILE_ta_arm64)objcopy
ta-objdump := $(CROSS_COMPILE_ta_arm64)objdump

out-dir := $(patsubst %/,%,$(if $(O),$(O),.))
link-out-dir := $(out-dir)
link-out-dir$(sm) := $(out-dir)
TA_SIGN_KEY ?= $(ta-dev-kit-dir)/keys/default_ta.pem
TA_SIGN ?= $(ta-dev-kit-dir)/scripts/tasign
CFG_TEE_TA_LOG_LEVEL ?= 2
ta-version := $(if $(CFG_TA_VERSION),$(CFG_TA_VERSION),0)

ifneq ($(V),1)
q := @
else
q :=
endif

# ---- sub.mk files: the TA's, then each subdirs-y entry's (paths relative to it) ----
srcs :=
incdirs := .
define ta-read-submk
srcs-y :=
global-incdirs-y :=
incdirs-y :=
cflags-y :=
cflags-remove-y :=
cxxflags-y :=
cxxflags-remove-y :=
cppflags-y :=
aflags-y :=
subdirs-y :=
gensrcs-y :=
sub-dir := $(1)
sub-dir-out := $(out-dir)/$(1)
include $(1)/sub.mk
ta-dir-srcs := $$(patsubst ./%,%,$$(addprefix $(1)/,$$(srcs-y)))
srcs += $$(ta-dir-srcs)
incdirs += $$(patsubst ./%,%,$$(addprefix $(1)/,$$(global-incdirs-y)))
ta-dir-incs := $$(patsubst ./%,%,$$(addprefix -I$(1)/,$$(incdirs-y)))
$$(foreach s,$$(srcs-y),$$(eval $$(call ta-file-flags,$$(patsubst ./%,%,$(1)/$$(s)),$$(s))))
$$(foreach g,$$(gensrcs-y),$$(eval $$(call ta-gensrc,$(1),$$(g))))
$$(foreach d,$$(subdirs-y),$$(eval $$(call ta-read-submk,$$(patsubst ./%,%,$(1)/$$(d)))))
endef
# ta-file-flags(path, name in its sub.mk): the flags of one source file.
define ta-file-flags
ta-cflags-$(1) := $$(filter-out $$(cflags-remove-y) $$(cflags-remove-$(2)-y), \
	$$(cflags-y) $$(cflags-$(2)-y))
ta-cxxflags-$(1) := $$(filter-out $$(cxxflags-remove-y) $$(cxxflags-remove-$(2)-y), \
	$$(cxxflags-y) $$(cxxflags-$(2)-y))
ta-cppflags-$(1) := $$(ta-dir-incs) $$(cppflags-y) $$(cppflags-$(2)-y)
ta-aflags-$(1) := $$(aflags-y) $$(aflags-$(2)-y)
endef
# ta-gensrc(dir, name): a generated source (OP-TEE's gensrcs-y), compiled like the others.
define ta-gensrc
ta-gen-$(2) := $$(sub-dir-out)/$$(produce-$(2))
ta-gen-srcs += $$(ta-gen-$(2))
$$(ta-gen-$(2)): $$(depends-$(2))
	@mkdir -p $$(dir $$@)
	$$(q)$$(recipe-$(2))
endef
ta-gen-srcs :=
$(eval $(call ta-read-submk,.))

# ---- flags ----
# Every CFG_* variable as a macro, as OP-TEE's dev kit passes them (y -> 1, n/empty -> none).
ta-cfg-cppflags := $(strip $(foreach v,$(filter CFG_%,$(.VARIABLES)), \
	$(if $(filter y,$($(v))),-D$(v)=1,$(if $(filter xn x,x$($(v))),,-D$(v)='$($(v))'))))
ta-cppflags := $(addprefix -I,$(incdirs)) -I$(ta-dev-kit-dir)/include -DARM64=1 -D__LP64__=1 \
	-DTRACE_LEVEL=$(CFG_TEE_TA_LOG_LEVEL) -U_FORTIFY_SOURCE $(ta-cfg-cppflags) \
	$(if $(filter y,$(CFG_TA_OPTEE_CORE_API_COMPAT_1_1)),-D__OPTEE_CORE_API_COMPAT_1_1=1) \
	$(CPPFLAGS_ta_arm64)
# C++ sources (.cpp, with Debian's g++): the C files of the same TA or library get unwind
# tables too, so that an exception crosses their frames (OP-TEE's C is built with them).
ta-has-cxx := $(filter %.cpp,$(srcs))
ta-unwind-cflags := $(if $(ta-has-cxx),-funwind-tables,-fno-asynchronous-unwind-tables \
	-fno-unwind-tables)
ta-common-cflags := -O2 -g $(if $(SHLIBNAME),-fPIC,-fno-pie) -fno-stack-protector -fno-common \
	-mno-outline-atomics -ffunction-sections -fdata-sections -MMD -MP -Wall \
	$(if $(filter y,$(CFG_TA_PAUTH)),-mbranch-protection=pac-ret)
ta-base-cflags := -std=gnu11 $(ta-common-cflags) $(ta-unwind-cflags) \
	$(or $(CFLAGS_ta_arm64),$(CFLAGS64))
# C++ as OP-TEE's dev kit compiles it (g++'s default standard, exceptions and RTTI on),
# except in a shared library: no exceptions there, as OP-TEE's.
ta-base-cxxflags := $(ta-common-cflags) $(if $(SHLIBNAME),-fno-exceptions) \
	$(or $(CXXFLAGS_ta_arm64),$(CXXFLAGS64))
# The shared TA libraries LDADD links (lib<x>.so in one of its -L directories, or a .so
# named as it is): libutee's
# loader (ta/lib/dl_load.c) is linked in only then, or when the TA calls dlopen.
comma := ,
ta-shlibs = $(filter %.so,$(LDADD)) $(foreach l,$(patsubst -l%,%,$(filter -l%,$(LDADD))), \
	$(foreach d,$(patsubst -L%,%,$(filter -L%,$(LDADD))),$(wildcard $(d)/lib$(l).so)))
# Not -static: a TA may link shared TA libraries (SHLIBNAME); without one the image is
# the same static executable. SysV hash tables, which libutee's loader reads (ta/lib/dl*.c).
ta-ldflags := -nostdlib -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=4096 \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,--gc-sections \
	-Wl,--hash-style=sysv -Wl,-z,norelro -T $(ta-dev-kit-dir)/mk/ta.ld \
	-L$(ta-dev-kit-dir)/mk/unwind-$(if $(ta-has-cxx),cxx -Wl$(comma)--eh-frame-hdr,none) \
	$(if $(filter -ldl,$(LDADD)),-rdynamic) $(if $(strip $(ta-shlibs)),-Wl$(comma)-u$(comma)dl_link_ta)
# LDADD is written for ld (OP-TEE links with it): -L/-l as they are, the rest through -Wl.
ta-ldadd := $(foreach a,$(LDADD),$(if $(filter -L% -l%,$(a)),$(a),-Wl,$(a)))
# The dev kit's libraries. mbedTLS (crypto, X.509, TLS) in libmbedtls.a with CFG_TA_MBEDTLS
# (conf.mk), as OP-TEE links it; its crypto part alone otherwise.
ta-libs := -lutee -lutils -ldl $(if $(filter y,$(CFG_TA_MBEDTLS)),-lmbedtls, \
	$(if $(wildcard $(ta-dev-kit-dir)/lib/libmbedcrypto.a),-lmbedcrypto))
# A TA with C++ sources: Debian's libstdc++ (libsupc++ included) and the unwinder, static,
# in the group with libutee and libgcc (whose outline atomics ask libutee's __getauxval).
ta-cxx := $(CROSS_COMPILE_ta_arm64)g++
ifneq ($(ta-has-cxx),)
ifneq ($(BINARY),)
ta-libs += $(shell $(ta-cxx) -print-file-name=libstdc++.a) \
	$(shell $(ta-cxx) -print-file-name=libgcc_eh.a) -lgcc
endif
endif

ta-obj-of = $(out-dir)/$(subst ../,__/,$(basename $(patsubst $(out-dir)/%,%,$(1)))).o
ta-srcs := $(srcs) $(ta-gen-srcs)
ta-objs := $(foreach s,$(filter %.c %.S %.cpp,$(ta-srcs)),$(call ta-obj-of,$(s)))

define ta-compile-c
$(call ta-obj-of,$(1)): $(1)
	@mkdir -p $$(dir $$@)
	@echo '  CC      $$<'
	$$(q)$(ta-cc) $(ta-base-cflags) $$(ta-cflags-$(1)) $(ta-cppflags) $$(ta-cppflags-$(1)) \
		-c $$< -o $$@
endef
define ta-compile-cxx
$(call ta-obj-of,$(1)): $(1)
	@mkdir -p $$(dir $$@)
	@echo '  CXX     $$<'
	$$(q)$(ta-cxx) $(ta-base-cxxflags) $$(ta-cxxflags-$(1)) $(ta-cppflags) \
		$$(ta-cppflags-$(1)) -c $$< -o $$@
endef
define ta-compile-S
$(call ta-obj-of,$(1)): $(1)
	@mkdir -p $$(dir $$@)
	@echo '  AS      $$<'
	$$(q)$(ta-cc) $(ta-base-cflags) $(ta-cppflags) $$(ta-cppflags-$(1)) $$(ta-aflags-$(1)) \
		-D__ASSEMBLY__ -c $$< -o $$@
endef
$(foreach s,$(filter %.c,$(ta-srcs)),$(eval $(call ta-compile-c,$(s))))
$(foreach s,$(filter %.S,$(ta-srcs)),$(eval $(call ta-compile-S,$(s))))
$(foreach s,$(filter %.cpp,$(ta-srcs)),$(eval $(call ta-compile-cxx,$(s))))
ifneq ($(filter-out %.c %.S %.cpp,$(srcs)),)
$(error the tzvisor dev kit compiles C, C++ (.cpp) and assembly, not $(filter-out %.c %.S %.cpp,$(srcs)))
endif

ifneq ($(BINARY),)
# ---- a TA ----
ta-elf := $(out-dir)/$(BINARY).elf
# The head, heap, stack and property table, with this TA's user_ta_header_defines.h.
ta-header-obj := $(out-dir)/user_ta_header.o
$(ta-header-obj): $(ta-dev-kit-dir)/src/user_ta_header.c
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	$(q)$(ta-cc) $(ta-base-cflags) $(ta-cppflags) -c $< -o $@

all: $(out-dir)/$(BINARY).ta $(out-dir)/$(BINARY).dmp
$(ta-elf): $(ta-objs) $(ta-header-obj) $(wildcard $(ta-dev-kit-dir)/lib/*.a) $(ta-dev-kit-dir)/mk/ta.ld
	@echo '  LD      $@'
	$(q)$(ta-cc) $(ta-ldflags) -Wl,-Map=$(out-dir)/$(BINARY).map -o $@ $(ta-objs) \
		$(ta-header-obj) $(ta-ldadd) -L$(ta-dev-kit-dir)/lib -Wl,--start-group $(ta-libs) \
		-Wl,--end-group -lgcc
$(out-dir)/$(BINARY).dmp: $(ta-elf)
	$(q)$(ta-objdump) -l -x -d $< >$@
$(out-dir)/$(BINARY).stripped.elf: $(ta-elf)
	$(q)$(ta-objcopy) --strip-unneeded $< $@
# Signed with a subkey (OP-TEE's variables): TA_SIGN_KEY is the subkey's private key,
# TA_SUBKEY_ARGS = --subkey <chain.bin> [--name <name in its namespace>], TA_SUBKEY_DEPS the chain.
$(out-dir)/$(BINARY).ta: $(out-dir)/$(BINARY).stripped.elf $(TA_SIGN_KEY) $(TA_SUBKEY_DEPS)
	@echo '  SIGN    $@'
	$(q)$(TA_SIGN) sign --key $(TA_SIGN_KEY) $(TA_SUBKEY_ARGS) --uuid $(BINARY) \
		--ta-version $(ta-version) --in $< --out $@
clean-files := $(ta-elf) $(out-dir)/$(BINARY).map $(out-dir)/$(BINARY).dmp \
	$(out-dir)/$(BINARY).stripped.elf $(out-dir)/$(BINARY).ta $(ta-header-obj)
else ifneq ($(SHLIBNAME),)
# ---- a shared TA library ----
ifeq ($(SHLIBUUID),)
$(error SHLIBUUID not set: a shared TA library is named by its UUID)
endif
ta-so := $(out-dir)/$(SHLIBNAME).so
# Code in pages of its own (separate-code: the kernel maps no page both writable and
# executable, and no two segments share a page); the first PT_LOAD holds the ELF and
# program headers (dl_iterate_phdr).
ta-so-ldflags := -nostdlib -shared -Wl,--soname=$(SHLIBUUID) -Wl,--build-id=none \
	-Wl,-z,max-page-size=4096 -Wl,-z,separate-code -Wl,-z,noexecstack \
	-Wl,-z,norelro -Wl,--hash-style=sysv -Wl,--as-needed
all: $(ta-so) $(out-dir)/$(SHLIBNAME).dmp $(out-dir)/$(SHLIBUUID).ta
$(ta-so): $(ta-objs)
	@echo '  LD      $@'
	$(q)$(ta-cc) $(ta-so-ldflags) -o $@ $(ta-objs) $(ta-ldadd)
$(out-dir)/$(SHLIBNAME).dmp: $(ta-so)
	$(q)$(ta-objdump) -l -x -d $< >$@
$(out-dir)/$(SHLIBNAME).stripped.so: $(ta-so)
	$(q)$(ta-objcopy) --strip-unneeded $< $@
$(out-dir)/$(SHLIBUUID).ta: $(out-dir)/$(SHLIBNAME).stripped.so $(TA_SIGN_KEY) $(TA_SUBKEY_DEPS)
	@echo '  SIGN    $@'
	$(q)$(TA_SIGN) sign --key $(TA_SIGN_KEY) $(TA_SUBKEY_ARGS) --uuid $(SHLIBUUID) \
		--ta-version $(ta-version) --in $< --out $@
clean-files := $(ta-so) $(out-dir)/$(SHLIBNAME).dmp $(out-dir)/$(SHLIBNAME).stripped.so \
	$(out-dir)/$(SHLIBUUID).ta
else
# ---- a static TA library ----
ta-lib := $(out-dir)/$(LIBNAME).a
all: $(ta-lib)
$(ta-lib): $(ta-objs)
	@echo '  AR      $@'
	$(q)rm -f $@ && $(ta-ar) rcs $@ $^
clean-files := $(ta-lib)
endif

clean:
	rm -f $(ta-objs) $(ta-objs:.o=.d) $(ta-gen-srcs) $(clean-files)

-include $(ta-objs:.o=.d) $(ta-header-obj:.o=.d)
