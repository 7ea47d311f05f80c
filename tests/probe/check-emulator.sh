#!/bin/sh
# SPDX-License-Identifier: MIT
# Under a user-mode emulator the probe must say so: the static armhf and arm64
# probes run under qemu-user (qemu-arm, qemu-aarch64; -static too when
# installed) exit 3, name the emulator (process.emulator, stderr) and give
# every probe `error`, never `unsupported` (qemu-user answers PR_SET_SECCOMP
# with EINVAL itself, which read as "the kernel lacks it"). The host build,
# run natively, names no emulator. Skips (77) without qemu-user or the static
# binaries (`make static`).
set -u
b=${BUILD:-build}
fail=0 ran=0
out=${TMPDIR:-/tmp}/sp-emu.$$
trap 'rm -f "$out" "$out.err"' EXIT
native=$("$b/seccomp-probe" --json --probe strict)
echo "$native" | jq -e '.process.emulator == null' >/dev/null ||
	{ echo "FAIL: the native host build names an emulator: $(echo "$native" | jq -r .process.emulator)"; fail=1; }
for pair in armhf:qemu-arm arm64:qemu-aarch64 armhf:qemu-arm-static arm64:qemu-aarch64-static; do
	arch=${pair%%:*} qemu=${pair#*:}
	bin=$b/static/$arch/seccomp-probe
	command -v "$qemu" >/dev/null || { echo "skip $arch: $qemu not installed"; continue; }
	[ -x "$bin" ] || { echo "skip $arch: $bin not built (make static)"; continue; }
	ran=$((ran + 1))
	"$qemu" "$bin" --json >"$out" 2>"$out.err"; rc=$?
	if [ $rc -ne 3 ]; then
		echo "FAIL: $qemu $bin --json exited $rc, expected 3"; fail=1
	fi
	grep -q "the run failed: it runs under the emulator .*$qemu" "$out.err" ||
		{ echo "FAIL: $qemu: stderr does not name the emulator: $(cat "$out.err")"; fail=1; }
	jq -e --arg q "$qemu" '.process.emulator | endswith("/" + $q)' "$out" >/dev/null ||
		{ echo "FAIL: $qemu: process.emulator is $(jq -c .process.emulator "$out" 2>&1)"; fail=1; }
	bad=$(jq -r --arg q "$qemu" '.probes | to_entries[] | select(.value.verdict != "error" or
		(.value.detail | contains("emulator " + $q) | not)) | "\(.key)=\(.value.verdict): \(.value.detail)"' "$out")
	[ -z "$bad" ] || { echo "FAIL: $qemu: probes not an error naming the emulator:"; echo "$bad"; fail=1; }
	NO_COLOR=1 "$qemu" "$bin" --probe strict 2>/dev/null | grep -q "^emulator: .*$qemu answers" ||
		{ echo "FAIL: $qemu: the table has no emulator line"; fail=1; }
	"$qemu" "$bin" --require strict >/dev/null 2>&1; rc=$?
	[ $rc -eq 3 ] || { echo "FAIL: $qemu --require strict exited $rc, expected 3"; fail=1; }
	[ $fail -eq 0 ] && echo "$qemu: exit 3, every probe an error naming the emulator"
done
[ $ran -gt 0 ] || { echo "skip: no qemu-user and static probe to run"; exit 77; }
exit $fail
