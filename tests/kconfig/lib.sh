# SPDX-License-Identifier: MIT
# lib.sh - shared by the kconfig check scripts: run the CLI, compare exit code
# and output, count, and print the closing "N passed, N failed" line.
# SP: the binary under test (default build/seccomp-probe).
SP=${SP:-build/seccomp-probe}
FIX=tests/kconfig/fixtures
passed=0 failed=0
out_file=$(mktemp)
trap 'rm -f "$out_file"' EXIT

# expect NAME EXIT PATTERN CMD...: CMD must exit EXIT and print (stdout or
# stderr) a line matching the extended regex PATTERN ("" for none).
expect() {
	name=$1 want=$2 pattern=$3
	shift 3
	"$@" >"$out_file" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL $name: exit $got, want $want: $*"; sed 's/^/    /' "$out_file" | head -n 30
		failed=$((failed + 1)); return
	fi
	if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$out_file"; then
		echo "FAIL $name: no line matches /$pattern/: $*"; sed 's/^/    /' "$out_file" | head -n 30
		failed=$((failed + 1)); return
	fi
	echo "ok   $name"
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
