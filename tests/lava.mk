# SPDX-License-Identifier: MIT
# tests/lava/: LAVA jobs (scripts/lava-jobs, scripts/sprunner/lava*.py).
#   make lava-jobs   write them: $(BUILD)/lava/{qemu,board,devices}/*.yaml, index.tsv
# check-lava-jobs: the job writer's unit tests (no QEMU); check-lava: Debian's
# lava-run on one x86_64 and one armhf job records the same test cases as
# qemu-run on the same kernel, and a silent guest is an error. Both install
# what they need from Debian themselves (exit 77 when they cannot).
# python3-yaml: the job writer (sprunner/lava_yaml.py) emits YAML with PyYAML.
DEB_PACKAGES += python3-yaml
.PHONY: lava-jobs
CHECK_SCRIPTS += tests/lava/check-lava-jobs tests/lava/check-lava
CHECK_DEPS += initramfs-x86_64 initramfs-armhf initramfs-silent-x86_64 $(PROBE_CLI) $(SST_HOST)

lava-jobs: initramfs
	BUILD=$(BUILD) scripts/lava-jobs --kernels $(KERNEL_CACHE)
