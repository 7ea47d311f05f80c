# SPDX-License-Identifier: GPL-2.0-only
# selftests/upstream.mk: the kernel's own seccomp suite
# (tools/testing/selftests/seccomp/seccomp_bpf.c of Debian's linux-source-6.1),
# built static with glibc for the guest's optional `upstream` section.
#
# Outputs:
#   $(BUILD)/upstream/<arch>/seccomp_bpf     x86_64 i386 armhf arm64
# Targets:
#   make upstream           all arches (make -k upstream: one failing arch does
#                           not stop the others; each failure is one line naming
#                           the arch and the reason)
#   make upstream-<arch>    one arch
#
# Sources: seccomp_bpf.c and the headers it includes by relative path
# (../kselftest_harness.h, ../kselftest.h, ../clone3/clone3_selftests.h),
# extracted once per build tree into $(BUILD)/upstream/src with their
# selftests/ layout. Never edited and never committed.
#
# Why glibc, not musl: musl's pthread_join never returns for a thread the
# kernel killed (SECCOMP_RET_KILL_THREAD) or that ended with a raw SYS_exit;
# seccomp_bpf built with musl hangs there until the harness timeout (see
# DESIGN.md). Seen here: bookworm's static glibc 2.36 starts on 2.6.29 and 3.0
# as well (its binaries hold no "FATAL: kernel too old" check, which DESIGN.md
# expected below 3.2); the runner still reports that message as absent.
#
# Compilers: host gcc for x86_64, Debian's cross gcc for the others (their
# libc6-dev-<arch>-cross gives the static libc.a and the 6.1 uapi headers under
# /usr/<triplet>/include). libcap: the host's libcap-dev for x86_64;
# libcap-dev:<debarch> fetched and unpacked by scripts/fetch-deb into
# $(BUILD)/upstream/deps/<arch> for the others.
# Flags: upstream's Makefile (-Wl,-no-as-needed -Wall, -lpthread, -lcap) plus
# -static and our -Werror. The 32-bit arches get -Wno-pointer-to-int-cast: the
# harness's EXPECT_* macros cast pointers to intmax_t-sized integers.

DEB_PACKAGES += libcap-dev libc6-dev-i386-cross libc6-dev-armhf-cross \
                libc6-dev-arm64-cross linux-source-6.1 xz-utils

UPSTREAM_DIR     := $(BUILD)/upstream
UPSTREAM_SRC     := $(UPSTREAM_DIR)/src
UPSTREAM_ARCHES  := x86_64 i386 armhf arm64
UPSTREAM_BINS    := $(UPSTREAM_ARCHES:%=$(UPSTREAM_DIR)/%/seccomp_bpf)
UPSTREAM_C       := $(UPSTREAM_SRC)/seccomp/seccomp_bpf.c
UPSTREAM_MEMBERS := seccomp/seccomp_bpf.c kselftest_harness.h kselftest.h \
                    clone3/clone3_selftests.h
UPSTREAM_TARBALL ?= $(KSFT_TARBALL)

# One row per arch: compiler, Debian arch, multiarch triplet, extra flags.
UPSTREAM_CC_x86_64     ?= gcc
UPSTREAM_CC_i386       ?= i686-linux-gnu-gcc
UPSTREAM_CC_armhf      ?= arm-linux-gnueabihf-gcc
UPSTREAM_CC_arm64      ?= aarch64-linux-gnu-gcc
UPSTREAM_DEBARCH_x86_64 := amd64
UPSTREAM_DEBARCH_i386   := i386
UPSTREAM_DEBARCH_armhf  := armhf
UPSTREAM_DEBARCH_arm64  := arm64
UPSTREAM_TRIPLET_i386   := i386-linux-gnu
UPSTREAM_TRIPLET_armhf  := arm-linux-gnueabihf
UPSTREAM_TRIPLET_arm64  := aarch64-linux-gnu
UPSTREAM_XFLAGS_i386    := -Wno-pointer-to-int-cast
UPSTREAM_XFLAGS_armhf   := -Wno-pointer-to-int-cast
# -ffile-prefix-map: the harness prints __FILE__; no build path in the binary (reproducible).
UPSTREAM_CFLAGS  := -Wl,-no-as-needed -Wall -Werror -O2 -g0 -static -s -ffile-prefix-map=$(UPSTREAM_DIR)/src/=
UPSTREAM_LDLIBS  := -lpthread -lcap

.PHONY: upstream $(UPSTREAM_ARCHES:%=upstream-%)
upstream: $(UPSTREAM_BINS)
$(UPSTREAM_ARCHES:%=upstream-%): upstream-%: $(UPSTREAM_DIR)/%/seccomp_bpf

# Only the needed members, once per build tree (xz reads the whole stream).
$(UPSTREAM_SRC)/.extracted:
	@if [ ! -r $(UPSTREAM_TARBALL) ]; then \
	  echo "upstream: $(UPSTREAM_TARBALL) missing; as root: apt-get install linux-source-6.1" >&2; \
	  scripts/ensure-deps linux-source-6.1 xz-utils || exit 2; \
	fi
	@rm -rf $(UPSTREAM_SRC) && mkdir -p $(UPSTREAM_SRC)
	tar -xJf $(UPSTREAM_TARBALL) -C $(UPSTREAM_SRC) --strip-components=4 \
	  $(UPSTREAM_MEMBERS:%=linux-source-6.1/tools/testing/selftests/%)
	@touch $@
$(UPSTREAM_C): $(UPSTREAM_SRC)/.extracted

# libcap-dev for a foreign arch: unpacked, never installed.
$(UPSTREAM_DIR)/deps/%/.stamp: scripts/fetch-deb
	@scripts/fetch-deb $(UPSTREAM_DEBARCH_$*) $(@D) libcap-dev || \
	  { echo "upstream-$*: cannot fetch libcap-dev:$(UPSTREAM_DEBARCH_$*) (scripts/fetch-deb failed, see $(@D)/apt/*.log)" >&2; exit 2; }
	@touch $@

.PRECIOUS: $(UPSTREAM_DIR)/deps/%/.stamp
upstream_deps = $(if $(filter x86_64,$(1)),,$(UPSTREAM_DIR)/deps/$(1)/.stamp)
upstream_incs = $(if $(filter x86_64,$(1)),,-idirafter $(UPSTREAM_DIR)/deps/$(1)/root/usr/include \
                -L$(UPSTREAM_DIR)/deps/$(1)/root/usr/lib/$(UPSTREAM_TRIPLET_$(1)))

# The x86_64 build needs the host's libcap-dev; the others their cross libc.
$(UPSTREAM_DIR)/%/seccomp_bpf: $(UPSTREAM_SRC)/.extracted $$(call upstream_deps,$$*)
	@cc='$(UPSTREAM_CC_$*)'; \
	if [ -z "$$cc" ]; then echo "upstream-$*: unknown arch (want one of $(UPSTREAM_ARCHES))" >&2; exit 2; fi; \
	command -v "$$cc" >/dev/null 2>&1 || \
	  { echo "upstream-$*: compiler $$cc not found (apt-get install gcc-$(UPSTREAM_TRIPLET_$*))" >&2; exit 2; }; \
	libc=$$($$cc -print-file-name=libc.a); [ -f "$$libc" ] || \
	  { echo "upstream-$*: no static glibc for $$cc (apt-get install libc6-dev$(if $(filter x86_64,$*),,-$(UPSTREAM_DEBARCH_$*)-cross))" >&2; exit 2; }; \
	if [ $* = x86_64 ] && [ ! -f "$$($$cc -print-file-name=libcap.a)" ]; then \
	  echo "upstream-x86_64: no libcap.a (apt-get install libcap-dev)" >&2; \
	  scripts/ensure-deps libcap-dev || exit 2; fi
	@mkdir -p $(@D)
	@$(UPSTREAM_CC_$*) $(UPSTREAM_CFLAGS) $(UPSTREAM_XFLAGS_$*) $(call upstream_incs,$*) \
	  -o $@.tmp $(UPSTREAM_C) $(UPSTREAM_LDLIBS) >$(@D)/build.log 2>&1 || \
	  { echo "upstream-$*: $(UPSTREAM_CC_$*) failed: $$(grep -m1 -E 'error|undefined' $(@D)/build.log) (full log: $(@D)/build.log)" >&2; exit 1; }
	@mv $@.tmp $@
	@echo "upstream-$*: $@ ($$(wc -c <$@) bytes)"
