// SPDX-License-Identifier: MIT
/*
 * outer_filter.c - run a command under an "outer sandbox" seccomp filter,
 * the way a container runtime or a browser sandbox would wrap the probe.
 *
 * usage: outer-filter MODE COMMAND [ARG...]
 *   eperm         prctl and seccomp(2) fail with EPERM
 *   eacces        prctl and seccomp(2) fail with EACCES
 *   kill-seccomp  seccomp(2) kills the process (SECCOMP_RET_KILL_PROCESS)
 *   trap-seccomp  seccomp(2) raises SIGSYS (RET_TRAP, no handler: death)
 *   einval-prctl  prctl fails with EINVAL, as if the kernel lacked it
 *   trap-prctl    prctl raises SIGSYS (RET_TRAP)
 * Exit 2 on bad usage, 3 when the filter cannot be installed, else exec.
 */
#include "seccomp_probe.h"
#include "sp_abi.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

struct rule {
	long nr;
	uint32_t action;
};

static const struct {
	const char *mode;
	int on_seccomp, on_prctl;   /* which calls get the action */
	uint32_t action;
} modes[] = {
	{ "eperm", 1, 1, SP_RET_ERRNO | 1 /* EPERM */ },
	{ "eacces", 1, 1, SP_RET_ERRNO | 13 /* EACCES */ },
	{ "kill-seccomp", 1, 0, SP_RET_KILL_PROCESS },
	{ "trap-seccomp", 1, 0, SP_RET_TRAP },
	{ "einval-prctl", 0, 1, SP_RET_ERRNO | 22 /* EINVAL */ },
	{ "trap-prctl", 0, 1, SP_RET_TRAP },
};

/* Program: foreign arch -> allow; each rule's nr -> its action; else allow. */
static int build(struct sp_sock_filter *p, uint32_t arch, const struct rule *rules, int n)
{
	int k = 0;
	p[k++] = (struct sp_sock_filter){ SP_BPF_LD_W_ABS, 0, 0, SP_SECCOMP_DATA_ARCH };
	p[k++] = (struct sp_sock_filter){ SP_BPF_JEQ_K, 0, (uint8_t)(2 * n + 1), arch };
	p[k++] = (struct sp_sock_filter){ SP_BPF_LD_W_ABS, 0, 0, SP_SECCOMP_DATA_NR };
	for (int i = 0; i < n; i++) {
		p[k++] = (struct sp_sock_filter){ SP_BPF_JEQ_K, 0, 1, (uint32_t)rules[i].nr };
		p[k++] = (struct sp_sock_filter){ SP_BPF_RET_K, 0, 0, rules[i].action };
	}
	p[k++] = (struct sp_sock_filter){ SP_BPF_RET_K, 0, 0, SP_RET_ALLOW };
	return k;
}

int main(int argc, char **argv)
{
	const struct sp_arch *arch = sp_arch_native();
	struct rule rules[2];
	struct sp_sock_filter prog[16];
	int n = 0, m = -1;

	if (argc < 3) {
		fprintf(stderr, "usage: outer-filter eperm|eacces|kill-seccomp|trap-seccomp|einval-prctl|trap-prctl COMMAND [ARG...]\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(argv[1], modes[i].mode) == 0)
			m = (int)i;
	if (m < 0) {
		fprintf(stderr, "outer-filter: unknown mode '%s'\n", argv[1]);
		return 2;
	}
	if (modes[m].on_seccomp)
		rules[n++] = (struct rule){ arch->seccomp_nr, modes[m].action };
	if (modes[m].on_prctl)
		rules[n++] = (struct rule){ SYS_prctl, modes[m].action };
	int len = build(prog, arch->audit_arch, rules, n);
	struct sp_sock_fprog fp = { (unsigned short)len, prog };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SP_SECCOMP_MODE_FILTER, &fp, 0, 0) != 0) {
		fprintf(stderr, "outer-filter: cannot install the filter: %s\n", strerror(errno));
		return 3;
	}
	execv(argv[2], argv + 2);
	fprintf(stderr, "outer-filter: exec %s: %s\n", argv[2], strerror(errno));
	return 3;
}
