# SPDX-License-Identifier: MIT
# bench/: benchmarks print figures; they are not tests and never run in CI.
.PHONY: bench bench-probe
bench: bench-probe
bench-probe: $(PROBE_CLI)
	bench/probe-wall-time.sh 50
