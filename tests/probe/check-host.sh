#!/bin/sh
# SPDX-License-Identifier: MIT
# On a kernel with everything (5.19+, not already sandboxed) the probe must
# report every probe supported and every trap siginfo field as held; the
# JSON must parse and hold every probe named by --list.
set -eu
cli=${BUILD:-build}/seccomp-probe
json=$("$cli" --json)
echo "$json" | python3 -m json.tool >/dev/null
echo "$json" | jq -e '.schema == 2' >/dev/null
for name in $("$cli" --list | awk '{print $1}'); do
	echo "$json" | jq -e --arg n "$name" '.probes[$n].verdict' >/dev/null ||
		{ echo "probe $name missing from JSON"; exit 1; }
done
mode=$(echo "$json" | jq -r '.process.seccomp // 0')
ver=$(echo "$json" | jq -r '.kernel.version')
major=${ver%%.*}; rest=${ver#*.}; minor=${rest%%.*}
if [ "$mode" != 0 ] || [ "$major" -lt 5 ] || { [ "$major" -eq 5 ] && [ "$minor" -lt 19 ]; }; then
	echo "skip: kernel $ver / seccomp mode $mode: the all-supported expectation is for an unsandboxed 5.19+ host"
	exit 77
fi
bad=$(echo "$json" | jq -r '.probes | to_entries[] | select(.value.verdict != "supported") | "\(.key)=\(.value.verdict): \(.value.detail)"')
[ -z "$bad" ] || { echo "not supported on this host:"; echo "$bad"; exit 1; }
echo "$json" | jq -e '.trap | .delivered and .si_signo and .si_code and .si_syscall and .si_arch and .si_errno' >/dev/null ||
	{ echo "trap fields did not all hold"; echo "$json" | jq .trap; exit 1; }
echo "$json" | jq -e '[.probes[] | select(.backport)] | length == 0' >/dev/null ||
	{ echo "backport marked on a kernel newer than every feature"; exit 1; }
# The table shows the same verdicts as the JSON.
NO_COLOR=1 "$cli" > "${TMPDIR:-/tmp}/sp-table.$$"
for name in $("$cli" --list | awk '{print $1}'); do
	grep -Eq "^$name +supported " "${TMPDIR:-/tmp}/sp-table.$$" || { echo "table lacks $name"; exit 1; }
done
rm -f "${TMPDIR:-/tmp}/sp-table.$$"
echo "all $(echo "$json" | jq '.probes | length') probes supported; trap fields held"
