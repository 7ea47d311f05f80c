#!/bin/sh
# SPDX-License-Identifier: MIT
# RET_KILL_PROCESS is exercised, not assumed: a second thread's filtered call
# must kill the whole process. On this host (4.14+) that is `supported`; with
# seccomp(2) blocked (no SECCOMP_GET_ACTION_AVAIL to ask) it is still proved
# through prctl; under the ptrace personality of a kernel before 4.14 (which
# reads 0x80000000 as RET_KILL, as those kernels do) only the calling thread
# dies: `unsupported`, saying so. The personality part skips when
# build/personality-run is not built (make check-personalities builds it).
set -u
b=${BUILD:-build}
cli=$b/seccomp-probe
fail=0
kp() { jq -r '.probes.kill_process | "\(.verdict)|\(.detail)"'; }
expect() { # label want-verdict detail-pattern got
	case $4 in
	"$2|"*$3*) echo "ok   $1: $4" ;;
	*) echo "FAIL $1: kill_process is '$4', want $2 with '$3'"; fail=1 ;;
	esac
}
got=$("$cli" --json --probe kill_process | kp)
mode=$("$cli" --json --probe strict | jq -r '.process.seccomp // 0')
if [ "$mode" = 0 ]; then
	expect host supported "killed the whole process by SIGSYS" "$got"
	got=$("$b/tests/outer-filter" enosys-seccomp "$cli" --json --probe kill_process | kp)
	expect "seccomp(2) blocked" supported "no SECCOMP_GET_ACTION_AVAIL; the second thread" "$got"
else
	echo "note: already in seccomp mode $mode: the host rows are for an unsandboxed host"
fi
if [ -x "$b/personality-run" ]; then
	for p in 3.10 4.9; do
		got=$("$b/personality-run" -p "$p" -- "$cli" --json --probe kill_process 2>/dev/null | kp)
		expect "personality $p" unsupported "ended only the calling thread" "$got"
	done
else
	echo "note: $b/personality-run not built: the pre-4.14 rows are not checked"
fi
exit $fail
