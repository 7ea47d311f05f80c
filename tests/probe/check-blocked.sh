#!/bin/sh
# SPDX-License-Identifier: MIT
# Under an outer filter, affected probes must say "blocked", never
# "unsupported" (nor a false "supported").
set -eu
b=${BUILD:-build}
cli=$b/seccomp-probe
wrap=$b/tests/outer-filter
fail=0
verdict() { echo "$1" | jq -r --arg n "$2" '.probes[$n].verdict'; }
expect() { # json mode probe... : each listed probe must have verdict $want
	json=$1 mode=$2 want=$3; shift 3
	for p in "$@"; do
		v=$(verdict "$json" "$p")
		if [ "$v" != "$want" ]; then
			echo "FAIL $mode: $p is $v, expected $want ($(echo "$json" | jq -r --arg n "$p" '.probes[$n].detail'))"
			fail=1
		fi
	done
}
all=$("$cli" --list | awk '{print $1}')
seccomp2="seccomp_syscall tsync flag_log spec_allow new_listener tsync_esrch wait_killable_recv get_action_avail kill_process user_notif"
for mode in eperm eacces; do
	json=$("$wrap" $mode "$cli" --json)
	expect "$json" $mode blocked $all
done
for mode in kill-seccomp trap-seccomp; do
	json=$("$wrap" $mode "$cli" --json)
	expect "$json" $mode blocked strict $seccomp2
	expect "$json" $mode supported filter no_new_privs trap errno trace kill
	# RET_LOG is still proved by install-and-observe through prctl.
	expect "$json" $mode supported log
done
# prctl answering EINVAL while the process already runs in filter mode is an
# outer filter's answer, not absence; so is SIGSYS from installing a filter.
for mode in einval-prctl trap-prctl; do
	json=$("$wrap" $mode "$cli" --json)
	expect "$json" $mode blocked strict filter no_new_privs trap errno trace kill
	for p in $all; do
		[ "$(verdict "$json" "$p")" != unsupported ] || [ $mode = einval-prctl ] ||
			{ echo "FAIL $mode: $p unsupported"; fail=1; }
	done
done
# --require on a blocked probe: not met (1), not an error.
set +e
"$wrap" eperm "$cli" --require filter >/dev/null; rc=$?
set -e
[ $rc -eq 1 ] || { echo "FAIL: --require filter under eperm exited $rc, expected 1"; fail=1; }
[ $fail -eq 0 ] && echo "outer filters: every affected probe said blocked"
exit $fail
