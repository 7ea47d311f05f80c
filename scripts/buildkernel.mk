# SPDX-License-Identifier: MIT
# scripts/buildkernel.mk: variant kernels from linux-source-6.1 (scripts/build-kernel).
#
#   make variant-kernels          build (or reuse) every ARCH-VARIANT below into
#                                 $(BUILD)/kernels/variants/ARCH-VARIANT/
#   make variant-kernel-ARCH-VARIANT   one of them
#   make check-variants           build, boot and compare every variant with
#                                 tests/build-kernel/expected-verdicts.tsv
#   make check                    runs tests/build-kernel/check-variants on
#                                 VARIANT_CHECK only (the CI set)
# Variants: full (kconfig/fragments/seccomp.config), strict-only (kconfig/fragments/variant-strict-only.config:
# CONFIG_NET=n) and seccomp-off (kconfig/fragments/variant-seccomp-off.config). Builds are cached
# in $(BUILD)/kernel-cache by build-kernel; a rebuild happens only when the
# source, a fragment or the compiler changes.
LINUX_SOURCE_TARBALL ?= /usr/src/linux-source-6.1.tar.xz
VARIANT_ARCHES ?= x86_64 armhf
VARIANT_KINDS := full strict-only seccomp-off
VARIANT_NAMES := $(foreach a,$(VARIANT_ARCHES),$(addprefix $(a)-,$(VARIANT_KINDS)))
# What `make check` (and so CI) builds and boots: one x86_64 strict-only
# kernel. Measured here on 2 cores shared with other jobs, one variant took
# 2m46s-15m16s (4-6.5 CPU-minutes each), so six do not fit in ~20 minutes of
# CI. Run all of them with `make check-variants`, or pick some with
# `VARIANT_CHECK="x86_64-full armhf-seccomp-off" make check`.
VARIANT_CHECK ?= x86_64-strict-only
export VARIANT_CHECK LINUX_SOURCE_TARBALL

VARIANT_FRAGMENT_full := kconfig/fragments/seccomp.config
VARIANT_FRAGMENT_strict-only := kconfig/fragments/variant-strict-only.config
VARIANT_FRAGMENT_seccomp-off := kconfig/fragments/variant-seccomp-off.config

DEB_PACKAGES += bc bison flex libssl-dev libelf-dev make gcc gcc-arm-linux-gnueabihf \
                binutils-arm-linux-gnueabihf linux-source-6.1 util-linux xz-utils python3 jq \
                qemu-system-x86 qemu-system-arm
CHECK_SCRIPTS += tests/build-kernel/check-verdict-table tests/build-kernel/check-bad-input \
                 tests/build-kernel/check-cache-key \
                 tests/build-kernel/check-variants
CHECK_DEPS += $(PROBE_CLI) $(foreach n,$(VARIANT_CHECK),initramfs-$(firstword $(subst -, ,$(n))))

.PHONY: variant-kernels check-variants $(addprefix variant-kernel-,$(VARIANT_NAMES))
variant-kernels: $(addprefix variant-kernel-,$(VARIANT_NAMES))

# build-kernel is its own cache: always asked, it returns at once when cached.
$(addprefix variant-kernel-,$(VARIANT_NAMES)): variant-kernel-%: $(PROBE_CLI)
	scripts/build-kernel --src $(LINUX_SOURCE_TARBALL) --arch $(firstword $(subst -, ,$*)) \
		--fragment $(VARIANT_FRAGMENT_$(patsubst $(firstword $(subst -, ,$*))-%,%,$*)) \
		--out $(BUILD)/kernels/variants/$*

check-variants: $(PROBE_CLI) $(addprefix initramfs-,$(VARIANT_ARCHES))
	tests/build-kernel/check-variants $(VARIANT_NAMES)
