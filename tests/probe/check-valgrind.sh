#!/bin/sh
# SPDX-License-Identifier: MIT
# The library's tests and the CLI under valgrind's memcheck: no errors, no leaks.
set -eu
b=${BUILD:-build}
command -v valgrind >/dev/null || { echo "skip: valgrind not installed"; exit 77; }
for t in "$b/tests/test_units" "$b/seccomp-probe --json"; do
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		$t >/dev/null
	echo "valgrind clean: $t"
done
