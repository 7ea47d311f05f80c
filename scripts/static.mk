# SPDX-License-Identifier: MIT
# scripts/static.mk: fully static musl binaries for every guest arch.
#
# Toolchains
#   make toolchain-ARCH   -> $(BUILD)/toolchain/ARCH/cc (scripts/musl-toolchain):
#   a compiler driver for static musl 1.2.3 programs with the kernel uapi
#   headers (linux/, asm/, asm-generic/) visible and glibc's headers not.
#   Debian's zlib for ARCH comes with it: zlib.h, and libz.a with -lz. Use
#   zlib's stream API (inflateInit2(&zs, 16 + MAX_WBITS) reads gzip); the gz*
#   file functions (gzopen, gzread...) do not link: Debian builds them with
#   _FORTIFY_SOURCE and they need glibc's __snprintf_chk/__vsnprintf_chk.
#   ARCH is one of STATIC_ARCHES. $(call static_cc,ARCH) names the driver.
#
# Adding a static program P (from any area; include order does not matter,
# because the rules below read these variables only when a target is built):
#   STATIC_PROGRAMS   += P
#   STATIC_SRCS_P      = a.c b.c      sources, compiled and linked in one step
#   STATIC_CFLAGS_P    = -Idir        optional extra compiler flags
#   STATIC_LDLIBS_P    = -lz          optional libraries (after the sources)
# Then $(BUILD)/static/ARCH/P exists for every ARCH in STATIC_ARCHES, and
# `make static` builds P for all of them (stripped, -Os, the project's
# warnings as errors). A rule that needs one: depend on $(BUILD)/static/ARCH/P.
# P is rebuilt when its sources, any .h beside them or the driver change.
#
# A custom rule can use the same command in its recipe (recipes are expanded
# when they run, so this also works from .mk files included before this one):
#   $(call static_program,ARCH,OUTPUT,SOURCES,EXTRA_CFLAGS,LDLIBS)
# and should depend on $(call static_cc,ARCH).
#
# The probe CLI is registered here as P = seccomp-probe from PROBE_LIB_SRCS and
# PROBE_CLI_SRCS (probes/probes.mk); other areas add to it through
# STATIC_CLI_EXTRA_SRCS, STATIC_CLI_EXTRA_CFLAGS and
# STATIC_CLI_LDLIBS (e.g. the kconfig subcommand).

STATIC_ARCHES := x86_64 i386 armhf arm64
STATIC_CLI_EXTRA_SRCS ?=
STATIC_CLI_LDLIBS ?=
STATIC_CLI_EXTRA_CFLAGS ?=
STATIC_PROGRAMS += seccomp-probe
STATIC_SRCS_seccomp-probe = $(PROBE_LIB_SRCS) $(PROBE_CLI_SRCS) $(STATIC_CLI_EXTRA_SRCS)
STATIC_CFLAGS_seccomp-probe = -Iprobes $(STATIC_CLI_EXTRA_CFLAGS)
STATIC_LDLIBS_seccomp-probe = $(STATIC_CLI_LDLIBS)

# Flags of every static program: the project's warnings, small code, unused
# sections dropped, symbols stripped at link time.
STATIC_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARNINGS) -Ikconfig -Os -ffunction-sections \
                 -fdata-sections
STATIC_LDFLAGS := -Wl,--gc-sections -s

DEB_PACKAGES += musl-tools musl-dev gcc-i686-linux-gnu gcc-arm-linux-gnueabihf \
                gcc-aarch64-linux-gnu linux-libc-dev linux-libc-dev-i386-cross \
                linux-libc-dev-armhf-cross linux-libc-dev-arm64-cross binutils \
                file qemu-user python3 zlib1g-dev gzip

static_cc = $(BUILD)/toolchain/$(1)/cc
# static_program ARCH,OUTPUT,SOURCES,EXTRA_CFLAGS,LDLIBS: recipe lines.
define static_program
@mkdir -p $(dir $(2))
$(call static_cc,$(1)) $(STATIC_CFLAGS) $(4) $(STATIC_LDFLAGS) -o $(2) $(3) $(5)
endef
# The headers beside a program's sources (its rebuild dependencies).
static_headers = $(wildcard $(addsuffix *.h,$(sort $(dir $(1)))))
STATIC_ALL = $(foreach a,$(STATIC_ARCHES),$(addprefix $(BUILD)/static/$(a)/,$(STATIC_PROGRAMS)))

.PHONY: static $(addprefix toolchain-,$(STATIC_ARCHES))
static: $$(STATIC_ALL)

$(addprefix toolchain-,$(STATIC_ARCHES)): toolchain-%: $(BUILD)/toolchain/%/cc

# The script is idempotent and keyed on its own contents; touch keeps make's
# timestamps in step when it had nothing to do.
$(BUILD)/toolchain/%/cc: scripts/musl-toolchain
	scripts/musl-toolchain $* $(@D)
	@touch $@

# One pattern rule per arch; the stem is the program's name.
define static_arch_rule
$(BUILD)/static/$(1)/%: $$$$(STATIC_SRCS_$$$$*) $$$$(call static_headers,$$$$(STATIC_SRCS_$$$$*)) \
		$(call static_cc,$(1))
	$$(if $$(strip $$(STATIC_SRCS_$$*)),,$$(error static: no STATIC_SRCS_$$* for $$@; \
		add $$* to STATIC_PROGRAMS with its sources))
	$$(call static_program,$(1),$$@,$$(STATIC_SRCS_$$*),$$(STATIC_CFLAGS_$$*),$$(STATIC_LDLIBS_$$*))
endef
$(foreach a,$(STATIC_ARCHES),$(eval $(call static_arch_rule,$(a))))

# Checks: toolchains, ELF facts of every static binary, native runs (x86_64,
# i386) and qemu-user runs (armhf, arm64). They read $(BUILD) from the
# environment (default build).
CHECK_SCRIPTS += tests/static/check-toolchain tests/static/check-static-elf \
                 tests/static/check-static-native tests/static/check-static-qemu-user
CHECK_DEPS += static $(PROBE_CLI)
