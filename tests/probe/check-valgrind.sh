#!/bin/sh
# SPDX-License-Identifier: MIT
# The library's tests and the CLI under valgrind's memcheck: no errors, no
# leaks, in the parent and in every probe child (one log per process).
#
# Valgrind cannot run every probe child to its end: a child that installs a
# seccomp filter puts valgrind's own system calls under it, and valgrind may
# then stop on an internal assertion (seen: m_signals.c "tst->status ==
# VgTs_WaitSys" in the trap child). Such children are counted and named
# here, not called clean; their verdicts under valgrind are not the kernel's
# (valgrind also answers seccomp(2) itself with ENOSYS). The probe sees that
# itself (valgrind answers /proc/self/exe but not /proc/self/task/<tid>/exe),
# so under valgrind the CLI must end in exit 3 naming it as the emulator.
set -u
b=${BUILD:-build}
command -v valgrind >/dev/null || { echo "skip: valgrind not installed"; exit 77; }
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
rc=0
n=0
for t in "$b/tests/test_units" "$b/seccomp-probe --json"; do
	n=$((n + 1))
	mkdir -p "$logs/$n"
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--log-file="$logs/$n/vg.%p" $t >"$logs/$n/stdout" 2>"$logs/$n/stderr"
	st=$?
	# Memcheck errors of any process (the exit code covers only the parent).
	errs=$(grep -lE '^==[0-9]+== +(Invalid|Conditional jump|Use of uninitialised|Syscall param|Mismatched|Source and destination|[0-9,]+ bytes in [0-9,]+ blocks are definitely lost)' "$logs/$n"/vg.* 2>/dev/null | wc -l)
	crashed=$(grep -lE "Assertion .* failed|the 'impossible' happened" "$logs/$n"/vg.* 2>/dev/null | wc -l)
	case $t in
	*seccomp-probe*)
		# valgrind is an emulator to the probe: exit 3, the emulator named, every verdict an error.
		if [ "$st" -ne 3 ] || ! jq -e '(.process.emulator // "" | test("valgrind|memcheck")) and
		    ([.probes[] | .verdict] | all(. == "error"))' "$logs/$n/stdout" >/dev/null 2>&1; then
			echo "FAIL: $t under valgrind exited $st (want 3) and named emulator" \
			     "'$(jq -r '.process.emulator' "$logs/$n/stdout" 2>/dev/null)': $(cat "$logs/$n/stderr")"
			rc=1
		fi ;;
	*) [ "$st" -eq 0 ] || [ "$st" -eq 99 ] || { echo "FAIL: $t exited $st under valgrind"; rc=1; } ;;
	esac
	if [ "$st" -eq 99 ] || [ "$errs" -gt 0 ]; then
		echo "FAIL: memcheck errors in $errs process(es) of $t:"
		grep -hE '^==[0-9]+== ' "$logs/$n"/vg.* | head -n 20
		rc=1
	else
		echo "valgrind clean: $t (memcheck errors in no process)"
	fi
	[ "$crashed" -eq 0 ] ||
		echo "note: $t: valgrind itself stopped in $crashed probe child(ren) that run under a seccomp filter; those children are not checked"
done
exit $rc
