# SPDX-License-Identifier: MIT
# probes/: libseccomp-probe.a and the seccomp-probe CLI.
PROBE_LIB_SRCS := probes/features.c probes/arch.c probes/child.c probes/spawn.c \
                  probes/raw_syscall.c probes/bpf.c probes/verdict.c probes/probe_modes.c \
                  probes/probe_actions.c \
                  probes/probe_syscall.c probes/probe_notif.c probes/state.c probes/run.c
PROBE_CLI_SRCS := probes/cli_main.c probes/cli_probe.c probes/report_json.c \
                  probes/report_text.c
PROBE_LIB  := $(BUILD)/libseccomp-probe.a
PROBE_CLI  := $(BUILD)/seccomp-probe
PROBE_OBJS  = $(PROBE_LIB_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_OBJS    = $(PROBE_CLI_SRCS:%.c=$(BUILD)/obj/%.o)
# Other areas add their CLI sources (e.g. the kconfig subcommand) and libraries.
CLI_EXTRA_OBJS ?=
CLI_LDLIBS ?=

all: $(PROBE_CLI)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iprobes -MMD -MP -c -o $@ $<

$(PROBE_LIB): $(PROBE_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(PROBE_CLI): $$(CLI_OBJS) $$(CLI_EXTRA_OBJS) $$(PROBE_LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJS) $(CLI_EXTRA_OBJS) $(PROBE_LIB) $(CLI_LDLIBS)

-include $(wildcard $(BUILD)/obj/probes/*.d)
