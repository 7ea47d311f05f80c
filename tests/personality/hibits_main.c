// SPDX-License-Identifier: MIT
/*
 * hibits_main.c - personality-hibits: asks seccomp(SECCOMP_GET_ACTION_AVAIL,
 * RET_LOG) with the op in the low 32 bits only and with bit 32 set too (the
 * kernel reads op as unsigned int, so both are the same request). Prints
 * "plain=<errno name> high=<errno name>" (0 for success). Used by
 * check-run-cli: under a personality before 4.14 both must be EINVAL.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define GET_ACTION_AVAIL 2ul
#define RET_LOG 0x7ffc0000u

static const char *result(long r)
{
	if (r == 0)
		return "0";
	return errno == EINVAL ? "EINVAL" : errno == ENOSYS ? "ENOSYS" : errno == EOPNOTSUPP ? "EOPNOTSUPP" : "other";
}

int main(void)
{
#if defined(SYS_seccomp) && (defined(__x86_64__) || defined(__aarch64__))
	uint32_t action = RET_LOG;
	const char *plain = result(syscall(SYS_seccomp, GET_ACTION_AVAIL, 0ul, &action));
	const char *high = result(syscall(SYS_seccomp, GET_ACTION_AVAIL | (1ul << 32), 0ul, &action));
	printf("plain=%s high=%s\n", plain, high);
	return 0;
#else
	puts("skip: needs a 64-bit arch with seccomp(2)");
	return 77;
#endif
}
