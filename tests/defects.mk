# SPDX-License-Identifier: MIT
# tests/defects/: the defect zoo. Each tests/defects/<name>.patch plants ONE
# seccomp defect into linux-source-6.1; tests/defects/check-defects builds it
# (scripts/build-kernel --patch, incremental), validates it and checks that it
# FAILs with its defect named (tests/defects/expected.tsv), the control PASSes.
#   make check            x86_64 (tests/defects/check-defects-x86_64)
#   make check-defects    every arch of DEFECT_ARCHES (results in $(BUILD)/defects/ARCH/)
DEFECT_ARCHES ?= x86_64 armhf
CHECK_SCRIPTS += tests/defects/check-defects-x86_64 tests/defects/test_defects.py
CHECK_DEPS += initramfs-x86_64
DEB_PACKAGES += patch

.PHONY: check-defects
check-defects: $(PROBE_CLI) $(addprefix initramfs-,$(DEFECT_ARCHES))
	@rc=0; for a in $(DEFECT_ARCHES); do tests/defects/check-defects --arch $$a || rc=1; done; exit $$rc
