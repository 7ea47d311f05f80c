# SPDX-License-Identifier: MIT
# Top-level build. Each area keeps its own rules in <area>/<area>.mk and adds
# to the shared variables below; this file only wires them together.
BUILD    ?= build
export BUILD
CC       ?= cc
CFLAGS   ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror -Werror=missing-prototypes -Werror=shadow \
            -Werror=strict-prototypes
# -Ikconfig: the config checker's headers (kconfig/), used by the CLI, the selftests and tests.
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARNINGS) -Ikconfig $(CFLAGS)

# Debian packages the build and tests need; `make deps` installs the missing
# ones when run as root, otherwise prints the exact apt-get line.
DEB_PACKAGES := gcc make libc6-dev
# Executables run by `make check` (exit 0 pass, 77 skip, anything else fail).
CHECK_SCRIPTS :=
# Targets that must be built before the checks run.
CHECK_DEPS :=

.PHONY: all check deps clean static run
all:

# Every area's rules: <dir>/*.mk, in name order. Prerequisites that use
# variables other areas add to are written with $$ (second expansion).
.SECONDEXPANSION:
include $(sort $(wildcard */*.mk))

deps:
	@scripts/ensure-deps $(sort $(DEB_PACKAGES))

check: deps
	@$(MAKE) --no-print-directory $(CHECK_DEPS)
	@tests/run-checks $(CHECK_SCRIPTS)

clean:
	rm -rf $(BUILD)
