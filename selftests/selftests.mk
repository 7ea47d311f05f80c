# SPDX-License-Identifier: GPL-2.0-only
# selftests/: the seccomp ABI conformance suite on the kernel's kselftest
# harness. kselftest_harness.h and kselftest.h come from Debian's
# linux-source-6.1 at build time (extracted once into the build tree, never
# committed). The suite links the probe library sources (PROBE_LIB_SRCS) for
# the shared version and arch tables.
#
# Outputs:
#   $(BUILD)/seccomp-selftests                  host build (make check runs it)
#   $(BUILD)/seccomp-selftests-asan             host build with ASan + UBSan (second check)
#   $(BUILD)/static/<arch>/seccomp-selftests    static musl builds, part of `make static`
# Static compilers: SST_CC_<arch>, default the static helper's
# $(BUILD)/toolchain/<arch>/cc (made by `make toolchain-<arch>` when missing).

DEB_PACKAGES += linux-source-6.1 xz-utils

KSFT_TARBALL   ?= /usr/src/linux-source-6.1.tar.xz
KSFT_DIR       := $(BUILD)/kselftest
KSFT_HEADERS   := $(KSFT_DIR)/kselftest_harness.h $(KSFT_DIR)/kselftest.h
KSFT_MEMBERS   := linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
                  linux-source-6.1/tools/testing/selftests/kselftest.h

SST_MAIN       := selftests/seccomp_selftests.c
SST_AREAS      := $(wildcard selftests/areas/*.c)
SST_LIB_SRCS   := selftests/sst_gate.c selftests/sst_proc.c
# The config reader (probes/, MIT) tells a configured-out feature from a missing one.
SST_KCONFIG_SRCS := kconfig/kconfig_read.c kconfig/kconfig_gzip.c kconfig/kconfig_parse.c
SST_LDLIBS     := -lz
SST_HDRS       := selftests/sst.h probes/seccomp_probe.h
SST_SRCS        = $(SST_MAIN) $(SST_LIB_SRCS) $(SST_KCONFIG_SRCS) $(PROBE_LIB_SRCS)
SST_INCLUDES    = -Iselftests -Iprobes -I$(KSFT_DIR)

SST_HOST       := $(BUILD)/seccomp-selftests
SST_ASAN       := $(BUILD)/seccomp-selftests-asan
SST_ARCHES     := x86_64 i386 armhf arm64
SST_STATIC     := $(SST_ARCHES:%=$(BUILD)/static/%/seccomp-selftests)
SST_ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                  -fno-omit-frame-pointer

SST_CC_x86_64 ?= $(BUILD)/toolchain/x86_64/cc
SST_CC_i386   ?= $(BUILD)/toolchain/i386/cc
SST_CC_armhf  ?= $(BUILD)/toolchain/armhf/cc
SST_CC_arm64  ?= $(BUILD)/toolchain/arm64/cc

.PHONY: selftests selftests-static selftests-asan
all: $(SST_HOST)
selftests: $(SST_HOST)
selftests-asan: $(SST_ASAN)
selftests-static: $(SST_STATIC)
static: selftests-static
$(SST_ARCHES:%=selftests-static-%): selftests-static-%: $(BUILD)/static/%/seccomp-selftests

CHECK_SCRIPTS += selftests/run-host-suite selftests/run-asan-suite
CHECK_DEPS    += $(SST_HOST) $(SST_ASAN)

# The harness headers: only these two members, once per build tree (~7 s).
$(KSFT_DIR)/.extracted:
	@if [ ! -r $(KSFT_TARBALL) ]; then \
	  echo "selftests: $(KSFT_TARBALL) missing; as root: apt-get install linux-source-6.1" >&2; \
	  scripts/ensure-deps linux-source-6.1 xz-utils || exit 2; \
	fi
	@mkdir -p $(KSFT_DIR)
	tar -xJf $(KSFT_TARBALL) -C $(KSFT_DIR) --strip-components=4 $(KSFT_MEMBERS)
	@touch $@
$(KSFT_HEADERS): $(KSFT_DIR)/.extracted

SST_MAIN_DEPS = $(SST_MAIN) $(SST_AREAS) $(SST_HDRS) $(KSFT_HEADERS)

$(BUILD)/obj/selftests/seccomp_selftests.o: $(SST_MAIN_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SST_INCLUDES) -c -o $@ $<

SST_HOST_OBJS = $(BUILD)/obj/selftests/seccomp_selftests.o \
                $(SST_LIB_SRCS:%.c=$(BUILD)/obj/%.o) $(SST_KCONFIG_SRCS:%.c=$(BUILD)/obj/%.o)

$(SST_LIB_SRCS:%.c=$(BUILD)/obj/%.o): $(SST_HDRS)

$(SST_HOST): $$(SST_HOST_OBJS) $$(PROBE_LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $(SST_HOST_OBJS) $(PROBE_LIB) $(SST_LDLIBS)

# Sanitizer build: everything recompiled in one go with the sanitizers.
$(SST_ASAN): $$(SST_SRCS) $(SST_MAIN_DEPS)
	$(CC) $(ALL_CFLAGS) $(SST_ASAN_FLAGS) $(SST_INCLUDES) -o $@ $(SST_SRCS) $(SST_LDLIBS)

# Static builds, one compiler per arch; built from sources in one go.
$(BUILD)/static/%/seccomp-selftests: $$(SST_SRCS) $(SST_MAIN_DEPS)
	@cc='$(SST_CC_$*)'; if [ -z "$$cc" ]; then echo "selftests: no SST_CC_$*" >&2; exit 2; fi; \
	if [ "$$cc" = '$(BUILD)/toolchain/$*/cc' ] && [ ! -x "$$cc" ]; then \
	  $(MAKE) --no-print-directory toolchain-$* || exit 2; fi
	@mkdir -p $(dir $@)
	$(SST_CC_$*) $(ALL_CFLAGS) -Os -g0 -static -s $(SST_CFLAGS_$*) $(SST_INCLUDES) -o $@ $(SST_SRCS) $(SST_LDLIBS)

-include $(wildcard $(BUILD)/obj/selftests/*.d)
