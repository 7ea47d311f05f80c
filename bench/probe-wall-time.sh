#!/bin/sh
# SPDX-License-Identifier: MIT
# Wall time of a full probe run (`seccomp-probe --json`, every probe), over N
# runs (default 50): the library's own elapsed_us (from the JSON) and the
# whole process as a caller sees it (fork, exec, dynamic loading, the probe,
# writing the JSON), each as min / median / max, after the machine's load.
# The whole-process times come from hyperfine (-N: no shell between) when it
# is installed (apt-get install hyperfine), else from the shell's clock
# around each run (then they include the shell's own fork and exec). The JSON
# is parsed after each run, never alongside it: a jq started in the same pipe
# competes with the probe for the CPUs.
# Prints figures; asserts nothing (a benchmark, not a test).
set -eu
cli=${BUILD:-build}/seccomp-probe
n=${1:-50}
case $n in ''|*[!0-9]*|0) echo "probe-wall-time: run count '$n' is not a positive number" >&2; exit 2 ;; esac
[ -x "$cli" ] || { echo "probe-wall-time: $cli not built (make $cli)" >&2; exit 2; }
command -v jq >/dev/null || { echo "probe-wall-time: jq missing (apt-get install jq)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# stats UNIT DIVISOR < numbers: min, median and max of the numbers / DIVISOR.
stats() {
	sort -n | awk -v unit="$1" -v div="$2" '{ v[NR] = $1 / div }
		END { med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "min %.2f  median %.2f  max %.2f %s (%d runs)\n", v[1], med, v[NR], unit, NR }'
}

echo "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs, kernel $(uname -r)"
"$cli" --json >/dev/null   # page cache warm for both series
i=0
while [ $i -lt "$n" ]; do
	"$cli" --json >"$tmp/out.json"
	jq '.elapsed_us' "$tmp/out.json" >>"$tmp/lib"
	i=$((i + 1))
done
printf 'library elapsed_us:         '
stats ms 1000 <"$tmp/lib"

if command -v hyperfine >/dev/null; then
	hyperfine -N --warmup 3 --runs "$n" --export-json "$tmp/hf.json" "$cli --json" >/dev/null 2>&1
	jq -r '.results[0].times[]' "$tmp/hf.json" | awk '{ printf "%d\n", $1 * 1e6 }' >"$tmp/whole"
	how="hyperfine -N"
else
	i=0
	while [ $i -lt "$n" ]; do
		s=$(date +%s%N)
		"$cli" --json >/dev/null
		e=$(date +%s%N)
		echo $(((e - s) / 1000)) >>"$tmp/whole"
		i=$((i + 1))
	done
	how="shell clock, incl. its fork+exec"
fi
printf 'whole process (%s): ' "$how"
stats ms 1000 <"$tmp/whole"
