# SPDX-License-Identifier: MIT
# bench/compare (make bench-compare, part of make bench): seccomp-probe beside
# libseccomp's seccomp_api_get(), moby's check-config.sh and a bare boot.
# BENCH_COMPARE_ARGS passes options, e.g. --runs 20 --boot-runs 3 --only probe,kconfig.
# Its smoke check (tests/bench/check-compare) runs in make check; the
# benchmark itself does not.
DEB_PACKAGES += libseccomp-dev
BENCH_COMPARE_ARGS ?=
# The archives of the boot rows (x86_64 for 6.1-amd64, armhf for 6.1-armmp).
BENCH_COMPARE_ARCHIVES := initramfs-x86_64 initramfs-armhf initramfs-silent-x86_64 \
                          initramfs-silent-armhf
CHECK_SCRIPTS += tests/bench/check-compare
CHECK_DEPS += $(PROBE_CLI)

.PHONY: bench-compare
bench: bench-compare
# Under `make -j bench` the two benchmarks must not share the cores.
ifneq ($(filter bench,$(MAKECMDGOALS)),)
bench-compare: | bench-probe
endif
# An archive that does not build is not fatal: its boot rows print "skipped:".
bench-compare: $(PROBE_CLI)
	@mkdir -p $(BUILD)/bench
	@$(MAKE) --no-print-directory $(BENCH_COMPARE_ARCHIVES) >$(BUILD)/bench/archives.log 2>&1 || \
		echo "bench-compare: an archive did not build (see $(BUILD)/bench/archives.log)"
	bench/compare $(BENCH_COMPARE_ARGS)
