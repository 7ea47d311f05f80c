# SPDX-License-Identifier: MIT
# tests/historic/: the real old kernels (2.6.29, 3.0, 3.4, 3.4 with 3.5's filter
# mode backported, 3.10; x86_64 and ARM vexpress-a9) of $(SP_HISTORIC_KERNELS),
# default ../shared/kernels, booted and compared with tests/historic/expected.tsv.
#   make historic   boot them all; reports in $(BUILD)/historic/historic.{txt,json,xml}
#                   (HISTORIC_ARGS="--jobs 1" or "--only NAME" are passed on)
.PHONY: historic
HISTORIC_ARGS ?=
CHECK_SCRIPTS += tests/historic/check-historic

historic: initramfs $(PROBE_CLI)
	BUILD=$(BUILD) scripts/historic $(HISTORIC_ARGS)
