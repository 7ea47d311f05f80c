#!/bin/sh
# SPDX-License-Identifier: MIT
# The CLI's interface: exit codes, usage errors, --probe, --list, NO_COLOR,
# and a write error on stdout reported as a failed run (exit 3).
set -u
cli=${BUILD:-build}/seccomp-probe
fail=0
expect_rc() { # want cmd...
	want=$1; shift
	"$@" >/dev/null 2>&1; rc=$?
	[ $rc -eq "$want" ] || { echo "FAIL: '$*' exited $rc, expected $want"; fail=1; }
}
expect_rc 0 "$cli" --version
expect_rc 0 "$cli" --help
expect_rc 0 "$cli" --list
expect_rc 2 "$cli" --bogus
expect_rc 2 "$cli" --probe nosuchprobe
expect_rc 2 "$cli" --require ""
expect_rc 2 "$cli" --require ,
expect_rc 2 "$cli" --probe ,,,
expect_rc 2 "$cli" --timeout 0
expect_rc 2 "$cli" --timeout abc
expect_rc 2 "$cli" extra-argument
expect_rc 0 "$cli" --probe strict,filter
expect_rc 0 "$cli" probe --json --probe trap
# --require: 0 when supported (strict works on every Linux with CONFIG_SECCOMP).
strict=$("$cli" --json --probe strict | jq -r '.probes.strict.verdict')
if [ "$strict" = supported ]; then expect_rc 0 "$cli" --require strict; else expect_rc 1 "$cli" --require strict; fi
# --probe shows only what was asked.
n=$("$cli" --json --probe trap,errno | jq '.probes | length')
[ "$n" = 2 ] || { echo "FAIL: --probe trap,errno gave $n probes"; fail=1; }
# No colour when not a tty; none with NO_COLOR even on a tty (script gives a tty).
"$cli" | grep -q "$(printf '\033')" && { echo "FAIL: colour on a pipe"; fail=1; }
if command -v script >/dev/null; then
	NO_COLOR=1 script -qc "$cli --probe strict" /dev/null | grep -q "$(printf '\033\\[3')" &&
		{ echo "FAIL: colour despite NO_COLOR"; fail=1; }
	script -qc "$cli --probe strict" /dev/null | grep -q "$(printf '\033\\[3')" ||
		{ echo "FAIL: no colour on a tty"; fail=1; }
fi
# A full device: the error is reported and the run fails (3).
if [ -w /dev/full ]; then
	"$cli" --json >/dev/full 2>"${TMPDIR:-/tmp}/sp-err.$$"; rc=$?
	[ $rc -eq 3 ] && grep -q "writing the report" "${TMPDIR:-/tmp}/sp-err.$$" ||
		{ echo "FAIL: /dev/full gave exit $rc: $(cat "${TMPDIR:-/tmp}/sp-err.$$")"; fail=1; }
	rm -f "${TMPDIR:-/tmp}/sp-err.$$"
fi
# A tiny timeout still ends with a verdict for every probe (error or other), never a hang.
out=$("$cli" --json --timeout 0.001) || { echo "FAIL: --timeout 0.001 exit $?"; fail=1; }
echo "$out" | jq -e '[.probes[] | .verdict] | all(. != "not-run")' >/dev/null || { echo "FAIL: tiny timeout left probes unrun"; fail=1; }
[ $fail -eq 0 ] && echo "cli: all interface checks held"
exit $fail
