# SPDX-License-Identifier: MIT
# tests/personality/: run the real binaries under emulated historic kernels
# (ptrace harness) and compare the probe's answers with expected.tsv.
PERS_LIB_SRCS := tests/personality/personalities.c tests/personality/abi.c \
                 tests/personality/syscall_table.c tests/personality/tracee.c \
                 tests/personality/rewrite.c tests/personality/tracer.c \
                 tests/personality/json_get.c
PERS_LIB_OBJS = $(PERS_LIB_SRCS:%.c=$(BUILD)/obj/%.o)
PERS_RUN   := $(BUILD)/personality-run
PERS_CHECK := $(BUILD)/personality-check
PERS_UNIT  := $(BUILD)/personality-unit
PERS_HIBITS := $(BUILD)/personality-hibits

$(PERS_RUN): $(BUILD)/obj/tests/personality/run_main.o $$(PERS_LIB_OBJS) $$(PROBE_LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^

$(PERS_CHECK): $(BUILD)/obj/tests/personality/check_main.o $$(PERS_LIB_OBJS) $$(PROBE_LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^

$(PERS_UNIT): $(BUILD)/obj/tests/personality/unit_main.o $$(PERS_LIB_OBJS) $$(PROBE_LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^

$(PERS_HIBITS): $(BUILD)/obj/tests/personality/hibits_main.o
	$(CC) $(ALL_CFLAGS) -o $@ $^

.PHONY: check-personalities
check-personalities: $(PERS_RUN) $(PERS_CHECK) $(PERS_UNIT) $$(PROBE_CLI)
	@BUILD=$(BUILD) tests/check-personalities

CHECK_SCRIPTS += tests/personality/check-run-cli tests/personality/check-run-guest tests/check-personalities
CHECK_DEPS += $(PERS_RUN) $(PERS_CHECK) $(PERS_UNIT) $(PERS_HIBITS) $(PROBE_CLI)

-include $(wildcard $(BUILD)/obj/tests/personality/*.d)

# Guest builds of the harness for arches traced inside a QEMU system guest
# (tests/personality/run-guest): built with the static toolchain of that arch.
PERS_GUEST_SRCS = $(PERS_LIB_SRCS) probes/features.c probes/arch.c
# One compile per binary, no .d files: every header they may include is a prerequisite.
PERS_GUEST_HDRS = $(wildcard tests/personality/*.h probes/*.h)
$(BUILD)/personality/guest-%/personality-run: tests/personality/run_main.c $$(PERS_GUEST_SRCS) $$(PERS_GUEST_HDRS) $(BUILD)/toolchain/%/cc
	@mkdir -p $(dir $@)
	$(BUILD)/toolchain/$*/cc $(ALL_CFLAGS) -Iprobes -o $@ $< $(PERS_GUEST_SRCS)

$(BUILD)/personality/guest-%/personality-check: tests/personality/check_main.c $$(PERS_GUEST_SRCS) $$(PERS_GUEST_HDRS) $(BUILD)/toolchain/%/cc
	@mkdir -p $(dir $@)
	$(BUILD)/toolchain/$*/cc $(ALL_CFLAGS) -Iprobes -o $@ $< $(PERS_GUEST_SRCS)

$(BUILD)/personality/guest-%/init: tests/personality/guest_init.c $$(PERS_GUEST_HDRS) $(BUILD)/toolchain/%/cc
	@mkdir -p $(dir $@)
	$(BUILD)/toolchain/$*/cc $(ALL_CFLAGS) -o $@ $<

.PHONY: check-personalities-arm
check-personalities-arm: $(PERS_RUN) $(PERS_UNIT) static initramfs
	@BUILD=$(BUILD) tests/check-personalities arm

DEB_PACKAGES += cpio qemu-system-arm
