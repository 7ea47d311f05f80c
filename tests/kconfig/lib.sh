# SPDX-License-Identifier: MIT
# lib.sh - shared by the kconfig check scripts: run the CLI, compare exit code
# and output, count, and print the closing "N passed, N failed" line.
# SP: the binary under test (default build/seccomp-probe).
SP=${SP:-build/seccomp-probe}
FIX=tests/kconfig/fixtures
passed=0 failed=0
out_file=$(mktemp)
trap 'rm -f "$out_file"' EXIT

# Variables of the callers are left alone (locals start with _).
# expect NAME EXIT PATTERN CMD...: CMD must exit EXIT and print (stdout or
# stderr) a line matching the extended regex PATTERN ("" for none).
expect() {
	_name=$1 _want=$2 _pattern=$3
	shift 3
	"$@" >"$out_file" 2>&1
	_got=$?
	if [ "$_got" -ne "$_want" ]; then
		echo "FAIL $_name: exit $_got, want $_want: $*"; sed 's/^/    /' "$out_file" | head -n 30
		failed=$((failed + 1)); return
	fi
	if [ -n "$_pattern" ] && ! grep -Eq -- "$_pattern" "$out_file"; then
		echo "FAIL $_name: no line matches /$_pattern/: $*"; sed 's/^/    /' "$out_file" | head -n 30
		failed=$((failed + 1)); return
	fi
	echo "ok   $_name"
	passed=$((passed + 1))
}

# verdicts FILE ARGS...: "strict=enabled filter=missing+backport..." from --json.
verdicts() {
	"$SP" kconfig --json "$@" 2>/dev/null |
		sed -n 's/.*"name": "\([a-z_]*\)", "verdict": "\([a-z]*\)", "backport": \([a-z]*\).*/\1=\2 \3/p' |
		while read -r nv bp; do [ "$bp" = true ] && printf '%s+backport ' "$nv" || printf '%s ' "$nv"; done
}

finish() {
	echo "kconfig: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
