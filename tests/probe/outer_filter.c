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
 *   enosys-prctl  prctl fails with ENOSYS (no kernel says that for prctl)
 *   enosys-seccomp  seccomp(2) fails with ENOSYS, as if the kernel lacked it
 *   fake-prctl    prctl(PR_SET_SECCOMP, ...) returns 0 and does nothing
 *                 (RET_ERRNO with data 0)
 *   eperm-get-seccomp  prctl(PR_GET_SECCOMP) fails with EPERM
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

#define ANY_ARG (-1L)        /* a rule for every call of its number */
#define ARG0_LOW 16          /* seccomp_data.args[0], low word (little-endian) */

struct rule {
	long nr;
	long arg0;               /* ANY_ARG, or the first argument that must match */
	uint32_t action;
};

static const struct {
	const char *mode;
	int on_seccomp, on_prctl;   /* which calls get the action */
	uint32_t action;
	long prctl_option;          /* ANY_ARG, or only this prctl option */
} modes[] = {
	{ "eperm", 1, 1, SP_RET_ERRNO | 1 /* EPERM */, ANY_ARG },
	{ "eacces", 1, 1, SP_RET_ERRNO | 13 /* EACCES */, ANY_ARG },
	{ "kill-seccomp", 1, 0, SP_RET_KILL_PROCESS, ANY_ARG },
	{ "trap-seccomp", 1, 0, SP_RET_TRAP, ANY_ARG },
	{ "einval-prctl", 0, 1, SP_RET_ERRNO | 22 /* EINVAL */, ANY_ARG },
	{ "trap-prctl", 0, 1, SP_RET_TRAP, ANY_ARG },
	{ "enosys-prctl", 0, 1, SP_RET_ERRNO | 38 /* ENOSYS */, ANY_ARG },
	{ "enosys-seccomp", 1, 0, SP_RET_ERRNO | 38 /* ENOSYS */, ANY_ARG },
	{ "fake-prctl", 0, 1, SP_RET_ERRNO | 0 /* returns 0 */, SP_PR_SET_SECCOMP },
	{ "eperm-get-seccomp", 0, 1, SP_RET_ERRNO | 1 /* EPERM */, SP_PR_GET_SECCOMP },
};

/*
 * Program: foreign arch -> allow; then each rule: its nr (and, when set, its
 * first argument) -> its action; else allow. A rule is "ld nr; jeq nr" then,
 * with an argument, "ld arg0; jeq arg0", then "ret action"; a mismatch jumps
 * to the next rule's first instruction.
 */
static int build(struct sp_sock_filter *p, uint32_t arch, const struct rule *rules, int n)
{
	int k = 0, body = 0;
	for (int i = 0; i < n; i++)
		body += rules[i].arg0 == ANY_ARG ? 3 : 5;
	p[k++] = (struct sp_sock_filter){ SP_BPF_LD_W_ABS, 0, 0, SP_SECCOMP_DATA_ARCH };
	p[k++] = (struct sp_sock_filter){ SP_BPF_JEQ_K, 0, (uint8_t)body, arch };
	for (int i = 0; i < n; i++) {
		int with_arg = rules[i].arg0 != ANY_ARG;
		p[k++] = (struct sp_sock_filter){ SP_BPF_LD_W_ABS, 0, 0, SP_SECCOMP_DATA_NR };
		p[k++] = (struct sp_sock_filter){ SP_BPF_JEQ_K, 0, (uint8_t)(with_arg ? 3 : 1),
						  (uint32_t)rules[i].nr };
		if (with_arg) {
			p[k++] = (struct sp_sock_filter){ SP_BPF_LD_W_ABS, 0, 0, ARG0_LOW };
			p[k++] = (struct sp_sock_filter){ SP_BPF_JEQ_K, 0, 1, (uint32_t)rules[i].arg0 };
		}
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
		fprintf(stderr, "usage: outer-filter MODE COMMAND [ARG...] (modes: see outer_filter.c)\n");
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
		rules[n++] = (struct rule){ arch->seccomp_nr, ANY_ARG, modes[m].action };
	if (modes[m].on_prctl)
		rules[n++] = (struct rule){ SYS_prctl, modes[m].prctl_option, modes[m].action };
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
