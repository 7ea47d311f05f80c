# SPDX-License-Identifier: MIT
# kconfig/: the `seccomp-probe kconfig` checker (sources in probes/kconfig_*.c),
# its requirements data compiled into the binary, its tests, fuzzing, bench.
DEB_PACKAGES += zlib1g-dev liblzma-dev liblz4-dev libzstd-dev \
                gzip xz-utils lz4 zstd xxd clang libclang-rt-dev util-linux

KCONFIG_SRCS := probes/kconfig_parse.c probes/kconfig_read.c probes/kconfig_gzip.c \
                probes/kconfig_image.c probes/kconfig_rules.c probes/kconfig_eval.c \
                probes/kconfig_report.c probes/kconfig_cli.c
# Image decompressors besides gzip: a compile-time choice (see kconfig_read.h).
KCONFIG_CODEC_SRCS := probes/kconfig_codecs.c
KCONFIG_CODEC_NONE_SRCS := probes/kconfig_codecs_none.c
KCONFIG_RULES_TXT := kconfig/requirements.txt
KCONFIG_RULES_C = $(BUILD)/gen/kconfig_rules_data.c
KCONFIG_RULES_O = $(BUILD)/obj/gen/kconfig_rules_data.o
KCONFIG_OBJS = $(KCONFIG_SRCS:%.c=$(BUILD)/obj/%.o) $(KCONFIG_RULES_O)
KCONFIG_LIBS := -lz -llzma -llz4 -lzstd

CLI_EXTRA_OBJS += $(KCONFIG_OBJS) $(KCONFIG_CODEC_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_LDLIBS += $(KCONFIG_LIBS)
# For the static musl guest build (`make static`): only zlib, no image codecs.
STATIC_CLI_EXTRA_SRCS = $(KCONFIG_SRCS) $(KCONFIG_CODEC_NONE_SRCS) $(KCONFIG_RULES_C)
STATIC_CLI_LDLIBS += -lz

# The requirements text as a C string, so a guest needs no data file.
$(KCONFIG_RULES_C): $(KCONFIG_RULES_TXT) kconfig/kconfig.mk
	@mkdir -p $(dir $@)
	{ echo '/* generated from $(KCONFIG_RULES_TXT) by kconfig/kconfig.mk: do not edit */'; \
	  echo '#include <stddef.h>'; \
	  echo 'extern const char sp_kc_builtin_rules[];'; \
	  echo 'extern const size_t sp_kc_builtin_rules_len;'; \
	  echo 'const char sp_kc_builtin_rules[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; \
	  echo 'const size_t sp_kc_builtin_rules_len = sizeof(sp_kc_builtin_rules) - 1;'; } >$@.tmp
	mv $@.tmp $@

$(KCONFIG_RULES_O): $(KCONFIG_RULES_C)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# ---- tests -------------------------------------------------------------------
KCONFIG_TEST_BIN = $(BUILD)/tests/kconfig/test-kconfig
KCONFIG_TEST_OBJS = $(KCONFIG_OBJS) $(BUILD)/obj/probes/kconfig_codecs.o

$(KCONFIG_TEST_BIN): tests/kconfig/test_kconfig.c $$(KCONFIG_TEST_OBJS) $$(PROBE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iprobes -o $@ $< $(KCONFIG_TEST_OBJS) $(PROBE_LIB) $(KCONFIG_LIBS)

kconfig-test: $(KCONFIG_TEST_BIN) $(BUILD)/seccomp-probe
CHECK_DEPS += kconfig-test
CHECK_SCRIPTS += tests/kconfig/check-unit tests/kconfig/check-cli tests/kconfig/check-old-kernels \
                 tests/kconfig/check-host tests/kconfig/check-debian tests/kconfig/check-asan

# ASan/UBSan build of the CLI and the unit tests, in its own build dir.
KCONFIG_ASAN_BUILD ?= $(BUILD)/asan
kconfig-asan:
	$(MAKE) --no-print-directory BUILD=$(KCONFIG_ASAN_BUILD) CC=clang \
	  CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	  $(KCONFIG_ASAN_BUILD)/seccomp-probe $(KCONFIG_ASAN_BUILD)/tests/kconfig/test-kconfig

# libFuzzer on the config reader and parser: `make fuzz FUZZ_SECONDS=60`.
FUZZ_SECONDS ?= 60
KCONFIG_FUZZ_BIN = $(BUILD)/fuzz/fuzz-kconfig
KCONFIG_FUZZ_SRCS = tests/kconfig/fuzz_kconfig.c $(KCONFIG_SRCS) $(KCONFIG_CODEC_SRCS) \
                    $(KCONFIG_RULES_C) probes/features.c probes/arch.c
$(KCONFIG_FUZZ_BIN): $$(KCONFIG_FUZZ_SRCS)
	@mkdir -p $(dir $@)
	clang $(ALL_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -Iprobes -o $@ \
	  $(filter %.c,$^) $(KCONFIG_LIBS)
fuzz: $(KCONFIG_FUZZ_BIN)
	@mkdir -p $(BUILD)/fuzz/corpus $(BUILD)/fuzz/findings
	cp tests/kconfig/fixtures/*.config $(BUILD)/fuzz/corpus/
	$(KCONFIG_FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	  -artifact_prefix=$(BUILD)/fuzz/findings/ -print_final_stats=1 $(BUILD)/fuzz/corpus

# Benchmark (not a test): the checker against moby's zgrep way.
bench-kconfig: $(BUILD)/seccomp-probe
	bench/kconfig-bench $(BUILD)/seccomp-probe

.PHONY: kconfig-test kconfig-asan fuzz bench-kconfig
