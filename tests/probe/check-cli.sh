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
# A run in which not one probe child could start has failed: exit 3 with or
# without --json or --require, the report still written (every probe an error).
# RLIMIT_NPROC 0 binds only a non-root uid: as root, run as nobody.
if command -v prlimit >/dev/null && { [ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null; }; then
	as_limited() { # cmd...: with no process to spare
		if [ "$(id -u)" -eq 0 ]; then
			setpriv --reuid=65534 --regid=65534 --clear-groups prlimit --nproc=0 "$@"
		else
			prlimit --nproc=0 "$@"
		fi
	}
	err=${TMPDIR:-/tmp}/sp-nproc.$$
	for args in "" "--json" "--require strict" "--probe tsync" "--json --probe trap"; do
		# shellcheck disable=SC2086 # $args is a list of words
		out=$(as_limited "$cli" $args 2>"$err"); rc=$?
		if [ $rc -ne 3 ] || ! grep -q "the run failed: not one probe child could be started" "$err"; then
			echo "FAIL: no probe child could start, '$args' exited $rc (want 3): $(cat "$err")"; fail=1
		fi
		[ -n "$out" ] || { echo "FAIL: no probe child could start, '$args' wrote no report"; fail=1; }
		case $args in --json*)
			echo "$out" | jq -e '[.probes[] | .verdict] | length > 0 and all(. == "error")' >/dev/null ||
				{ echo "FAIL: no probe child could start, '$args': not every probe an error"; fail=1; } ;;
		esac
	done
	rm -f "$err"
else
	echo "note: prlimit/setpriv missing: the no-child run is not checked"
fi
# Versions: a mainline release is spelt as it is named ("3.5", "2.6.12"), in
# --list, the table and the JSON (schema 2), exactly as the kconfig JSON spells
# the same capability's mainline; the kernel's own version keeps three numbers.
json=$("$cli" --json)
echo "$json" | jq -e '.schema == 2' >/dev/null || { echo "FAIL: probe JSON schema is not 2"; fail=1; }
bad=$(echo "$json" | jq -r '.probes | to_entries[] | select(.value.mainline | test("^[0-9]+\\.[0-9]+(\\.[1-9][0-9]*)?$") | not) | "\(.key)=\(.value.mainline)"')
[ -z "$bad" ] || { echo "FAIL: mainline not spelt like 3.5: $bad"; fail=1; }
[ "$(echo "$json" | jq -r '.probes.filter.mainline')" = "$("$cli" --list | awk '$1 == "filter" {print $2}')" ] ||
	{ echo "FAIL: --list and the JSON spell filter's mainline differently"; fail=1; }
"$cli" --list | awk '$2 ~ /^[0-9]+\.[0-9]+\.0$/ {bad = 1} END {exit bad}' || { echo "FAIL: --list writes a release as a.b.0"; fail=1; }
NO_COLOR=1 "$cli" --probe filter | grep -Eq '^filter +[a-z?]+ +3\.[0-9]+ ' || { echo "FAIL: the table's MAINLINE column is not like 3.5"; fail=1; }
echo "$json" | jq -e '.kernel.version | test("^[0-9]+\\.[0-9]+\\.[0-9]+$")' >/dev/null ||
	{ echo "FAIL: kernel.version is not three numbers"; fail=1; }
arch=$(echo "$json" | jq -r '.kernel.arch')
fixture=""
case $arch in x86_64) fixture=tests/kconfig/fixtures/debian-6.1-amd64-trimmed.config ;;
	arm) fixture=tests/kconfig/fixtures/debian-6.1-armmp-trimmed.config ;; esac
if [ -n "$fixture" ] && [ -f "$fixture" ]; then
	kc=$("$cli" kconfig --json "$fixture" 2>/dev/null)
	for cap in strict filter trap; do
		want=$(echo "$kc" | jq -r --arg c $cap '.capabilities[] | select(.name == $c) | .mainline')
		got=$(echo "$json" | jq -r --arg c $cap '.probes[$c].mainline')
		[ "$want" = "$got" ] || { echo "FAIL: $cap mainline: probe JSON '$got', kconfig JSON '$want'"; fail=1; }
	done
fi
[ $fail -eq 0 ] && echo "cli: all interface checks held"
exit $fail
