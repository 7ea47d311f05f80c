// SPDX-License-Identifier: MIT
/*
 * api_get.c - the baseline bench/compare puts beside `seccomp-probe --json`:
 * what an application that only asks libseccomp (Debian's libseccomp-dev,
 * linked dynamically as applications link it) pays per start-up.
 *
 * seccomp_api_get() (libseccomp >= 2.4) returns the API level libseccomp
 * finds the running kernel to support, deduced from a few seccomp(2) calls
 * (SECCOMP_GET_ACTION_AVAIL, flag probes); it installs no filter and
 * exercises no action.
 *
 * Output: the level as one decimal line on stdout. Exit 0; 1 when
 * seccomp_api_get() returns 0 (libseccomp could not tell), with a one-line
 * message on stderr.
 */
#include <seccomp.h>
#include <stdio.h>

int main(void)
{
	unsigned int level = seccomp_api_get();

	if (level == 0) {
		fputs("api_get: seccomp_api_get() returned 0 (no API level)\n", stderr);
		return 1;
	}
	printf("%u\n", level);
	return 0;
}
