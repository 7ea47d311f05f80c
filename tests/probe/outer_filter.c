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
 *   enosys-clone3 clone3 fails with ENOSYS (a kernel before 5.3, or a
 *                 container runtime's profile)
 *   fake-clone3   clone3 returns 0 and makes no task (RET_ERRNO, data 0)
 *   fake-clone    clone3 and clone return 0 and make no task
 * usage: outer-filter MODE (no command: these run the probes in this process,
 * under a SIGSYS handler of their own, which exec would drop)
 *   trap-clone3-handler  clone3 raises SIGSYS (RET_TRAP); the handler leaves
 *                 the result as the kernel rolled it back (the system call
 *                 number on x86, the first argument on arm)
 *   trap-clone-decoy  clone3 and clone raise SIGSYS; the handler answers the
 *                 pid of a child of this process (the decoy), which the
 *                 library must neither wait for nor kill
 *   They print "run RC" (sp_probe_run's return), then "NAME VERDICT" per
 *   probe; exit 1 when the run touched what is the caller's: its errno, the
 *   decoy (reaped or killed), or when the handler never ran.
 * Exit 2 on bad usage, 3 when the filter cannot be installed, 4 when the
 * mode cannot run on this arch, else exec (or the in-process run's status).
 */
#include "seccomp_probe.h"
#include "sp_abi.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#define ANY_ARG (-1L)        /* a rule for every call of its number */
#define ARG0_LOW 16          /* seccomp_data.args[0], low word (little-endian) */
#define NR_CLONE3 435        /* on every arch of arch.c */
#define FAKE_SUCCESS (SP_RET_ERRNO | 0)   /* the call returns 0, having done nothing */

/* What the SIGSYS handler of the in-process modes does. */
enum handler { NO_HANDLER, HANDLER_KEEP, HANDLER_DECOY };

struct rule {
	long nr;
	long arg0;               /* ANY_ARG, or the first argument that must match */
	uint32_t action;
};

static const struct {
	const char *mode;
	int on_seccomp, on_prctl, on_clone3, on_clone;   /* which calls get the action */
	uint32_t action;
	long prctl_option;          /* ANY_ARG, or only this prctl option */
	enum handler handler;       /* not NO_HANDLER: run the probes in this process */
} modes[] = {
	{ "eperm", 1, 1, 0, 0, SP_RET_ERRNO | 1 /* EPERM */, ANY_ARG, NO_HANDLER },
	{ "eacces", 1, 1, 0, 0, SP_RET_ERRNO | 13 /* EACCES */, ANY_ARG, NO_HANDLER },
	{ "kill-seccomp", 1, 0, 0, 0, SP_RET_KILL_PROCESS, ANY_ARG, NO_HANDLER },
	{ "trap-seccomp", 1, 0, 0, 0, SP_RET_TRAP, ANY_ARG, NO_HANDLER },
	{ "einval-prctl", 0, 1, 0, 0, SP_RET_ERRNO | 22 /* EINVAL */, ANY_ARG, NO_HANDLER },
	{ "trap-prctl", 0, 1, 0, 0, SP_RET_TRAP, ANY_ARG, NO_HANDLER },
	{ "enosys-prctl", 0, 1, 0, 0, SP_RET_ERRNO | 38 /* ENOSYS */, ANY_ARG, NO_HANDLER },
	{ "enosys-seccomp", 1, 0, 0, 0, SP_RET_ERRNO | 38 /* ENOSYS */, ANY_ARG, NO_HANDLER },
	{ "fake-prctl", 0, 1, 0, 0, FAKE_SUCCESS, SP_PR_SET_SECCOMP, NO_HANDLER },
	{ "eperm-get-seccomp", 0, 1, 0, 0, SP_RET_ERRNO | 1 /* EPERM */, SP_PR_GET_SECCOMP, NO_HANDLER },
	{ "enosys-clone3", 0, 0, 1, 0, SP_RET_ERRNO | 38 /* ENOSYS */, ANY_ARG, NO_HANDLER },
	{ "fake-clone3", 0, 0, 1, 0, FAKE_SUCCESS, ANY_ARG, NO_HANDLER },
	{ "fake-clone", 0, 0, 1, 1, FAKE_SUCCESS, ANY_ARG, NO_HANDLER },
	{ "trap-clone3-handler", 0, 0, 1, 0, SP_RET_TRAP, ANY_ARG, HANDLER_KEEP },
	{ "trap-clone-decoy", 0, 0, 1, 1, SP_RET_TRAP, ANY_ARG, HANDLER_DECOY },
};

static volatile sig_atomic_t handler_runs;
static pid_t decoy;

/* The result register of the system call a signal interrupted. */
#if defined(__x86_64__)
#define RESULT(uc) ((uc)->uc_mcontext.gregs[REG_RAX])
#elif defined(__i386__)
#define RESULT(uc) ((uc)->uc_mcontext.gregs[REG_EAX])
#elif defined(__arm__)
#define RESULT(uc) ((uc)->uc_mcontext.arm_r0)
#elif defined(__aarch64__)
#define RESULT(uc) ((uc)->uc_mcontext.regs[0])
#endif

static void on_sigsys(int sig, siginfo_t *si, void *uctx)
{
	(void)sig, (void)si, (void)uctx;
	handler_runs++;
#ifdef RESULT
	if (decoy > 0)
		RESULT((ucontext_t *)uctx) = decoy;
#endif
}

/*
 * The in-process modes (filter installed): run every probe, print what it
 * said, and check that what belongs to this process was left alone.
 * Returns the exit status.
 */
static int run_in_process(const char *mode)
{
	struct sp_report rep;
	errno = 4321;
	int rc = sp_probe_run(NULL, &rep);
	int err = errno, bad = 0;
	printf("run %d\n", rc);
	size_t n;
	const struct sp_feature *ft = sp_feature_table(&n);
	for (size_t i = 0; i < n; i++)
		printf("%s %s\n", ft[i].name, sp_verdict_name(rep.results[ft[i].id].verdict));
	if (err != 4321) {
		fprintf(stderr, "outer-filter %s: the run changed the caller's errno (4321 -> %d)\n",
			mode, err);
		bad = 1;
	}
	if (handler_runs == 0) {
		fprintf(stderr, "outer-filter %s: the SIGSYS handler never ran\n", mode);
		bad = 1;
	}
	if (decoy > 0) {
		int st;
		pid_t w = waitpid(decoy, &st, WNOHANG);
		if (w != 0) {
			fprintf(stderr, "outer-filter %s: the decoy %d was %s\n", mode, (int)decoy,
				w < 0 ? "reaped by the library" : "killed");
			bad = 1;
		}
		kill(decoy, SIGKILL);
		waitpid(decoy, &st, 0);
	}
	return bad;
}


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
	struct rule rules[4];
	struct sp_sock_filter prog[24];
	int n = 0, m = -1;

	for (size_t i = 0; argc > 1 && i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(argv[1], modes[i].mode) == 0)
			m = (int)i;
	if (argc > 1 && m < 0) {
		fprintf(stderr, "outer-filter: unknown mode '%s'\n", argv[1]);
		return 2;
	}
	if (m < 0 || (modes[m].handler ? argc != 2 : argc < 3)) {
		fprintf(stderr, "usage: outer-filter MODE COMMAND [ARG...], or outer-filter MODE for "
			"a mode with a handler (modes: see outer_filter.c)\n");
		return 2;
	}
	if (modes[m].handler) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_sigsys;
		sa.sa_flags = SA_SIGINFO;
#ifndef RESULT
		fprintf(stderr, "outer-filter %s: no result register known on this arch\n", argv[1]);
		return 4;
#endif
		if (modes[m].handler == HANDLER_DECOY) {
			decoy = fork();
			if (decoy == 0) {
				prctl(PR_SET_PDEATHSIG, SIGKILL);
				pause();
				_exit(0);
			}
			if (decoy < 0) {
				fprintf(stderr, "outer-filter: fork: %s\n", strerror(errno));
				return 3;
			}
		}
		sigaction(SIGSYS, &sa, NULL);
	}
	if (modes[m].on_seccomp)
		rules[n++] = (struct rule){ arch->seccomp_nr, ANY_ARG, modes[m].action };
	if (modes[m].on_prctl)
		rules[n++] = (struct rule){ SYS_prctl, modes[m].prctl_option, modes[m].action };
	if (modes[m].on_clone3)
		rules[n++] = (struct rule){ NR_CLONE3, ANY_ARG, modes[m].action };
	if (modes[m].on_clone)
		rules[n++] = (struct rule){ SYS_clone, ANY_ARG, modes[m].action };
	int len = build(prog, arch->audit_arch, rules, n);
	struct sp_sock_fprog fp = { (unsigned short)len, prog };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SP_SECCOMP_MODE_FILTER, &fp, 0, 0) != 0) {
		fprintf(stderr, "outer-filter: cannot install the filter: %s\n", strerror(errno));
		if (decoy > 0)
			kill(decoy, SIGKILL);
		return 3;
	}
	if (modes[m].handler)
		return run_in_process(argv[1]);
	execv(argv[2], argv + 2);
	fprintf(stderr, "outer-filter: exec %s: %s\n", argv[2], strerror(errno));
	return 3;
}
