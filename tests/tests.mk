# SPDX-License-Identifier: MIT
# tests/: host tests of the probe library and CLI, plain and sanitized.
DEB_PACKAGES += jq python3 bsdutils valgrind
PROBE_TEST_BINS := $(BUILD)/tests/test_units $(BUILD)/tests/test_inprocess $(BUILD)/tests/outer-filter
ASAN_DIR := $(BUILD)/asan
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_TEST_BINS := $(ASAN_DIR)/test_units $(ASAN_DIR)/test_inprocess

$(BUILD)/tests/test_units: tests/probe/test_units.c $(PROBE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iprobes -o $@ $< $(PROBE_LIB)

$(BUILD)/tests/test_inprocess: tests/probe/test_inprocess.c $(PROBE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iprobes -pthread -o $@ $< $(PROBE_LIB)

$(BUILD)/tests/outer-filter: tests/probe/outer_filter.c $(PROBE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iprobes -o $@ $< $(PROBE_LIB)

# Sanitized builds compile the library sources straight in.
$(ASAN_DIR)/test_%: tests/probe/test_%.c $(PROBE_LIB_SRCS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -Iprobes -pthread -o $@ $< $(PROBE_LIB_SRCS)

CHECK_DEPS += $(PROBE_CLI) $(PROBE_TEST_BINS) $(ASAN_TEST_BINS)
# qemu-user: tests/probe/check-emulator.sh runs the static ARM probes under it.
DEB_PACKAGES += qemu-user
CHECK_SCRIPTS += $(BUILD)/tests/test_units $(BUILD)/tests/test_inprocess \
                 tests/probe/check-host.sh tests/probe/check-blocked.sh tests/probe/check-cli.sh \
                 $(ASAN_DIR)/test_units $(ASAN_DIR)/test_inprocess tests/probe/check-valgrind.sh \
                 tests/probe/check-emulator.sh tests/probe/check-kill-process.sh
