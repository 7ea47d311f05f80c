# SPDX-License-Identifier: MIT
# scripts/: fetch Debian kernels, boot them under QEMU, the kernel matrix.
#   make kernels   fetch the fourteen Debian kernels into $(KERNEL_CACHE)
#   make matrix    boot every cached kernel (and armmp on vexpress-a9), reports in
#                  $(BUILD)/matrix/matrix.{txt,json,xml}
#   make smoke     boot one x86_64 and one ARM kernel (also part of `make check`)
KERNEL_CACHE ?= $(BUILD)/kernels
RUNNER_ENV = BUILD=$(BUILD) SP_KERNEL_CACHE=$(KERNEL_CACHE)

DEB_PACKAGES += python3 qemu-system-x86 qemu-system-arm debian-archive-keyring
CHECK_SCRIPTS += tests/runner/unit tests/runner/host-validate tests/runner/smoke tests/runner/verdicts-qemu tests/runner/matrix
# The kernels and every guest archive are built before the checks run.
CHECK_DEPS += kernels initramfs initramfs-silent

# The main job on this machine's own kernel: probe, config check and selftests
# run in place, judged as a QEMU boot is (scripts/validate-kernel without --kernel).
.PHONY: run
run: deps
	@$(MAKE) --no-print-directory $(PROBE_CLI) $(SST_HOST)
	$(RUNNER_ENV) scripts/validate-kernel

.PHONY: kernels matrix smoke
kernels:
	$(RUNNER_ENV) scripts/kernels

# The Debian kernels, then the variant kernels built from linux-source-6.1
# (scripts/build-kernel; built on demand, cached), each against its own table.
matrix: kernels initramfs $(PROBE_CLI)
	$(RUNNER_ENV) scripts/matrix
	@$(MAKE) --no-print-directory check-variants

smoke:
	$(RUNNER_ENV) tests/runner/smoke
