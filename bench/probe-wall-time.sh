#!/bin/sh
# SPDX-License-Identifier: MIT
# Wall time of a full probe run, as the library measures it (elapsed_us in
# the JSON) and as the shell sees the whole process, over N runs (default 50).
# Prints figures; asserts nothing (a benchmark, not a test).
set -eu
cli=${BUILD:-build}/seccomp-probe
n=${1:-50}
i=0 lib="" start=$(date +%s%N)
while [ $i -lt "$n" ]; do
	lib="$lib $("$cli" --json | jq '.elapsed_us')"
	i=$((i + 1))
done
end=$(date +%s%N)
echo "$lib" | tr ' ' '\n' | grep . | sort -n | awk -v n="$n" -v total_ns=$((end - start)) '
	{ v[NR] = $1; s += $1 }
	END {
		printf "probe runs: %d\n", n
		printf "library elapsed (us): min %d  median %d  mean %.0f  max %d\n", v[1], v[int((NR + 1) / 2)], s / NR, v[NR]
		printf "whole process incl. JSON and jq (ms/run): %.1f\n", total_ns / n / 1e6
	}'
