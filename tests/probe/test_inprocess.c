// SPDX-License-Identifier: MIT
/*
 * test_inprocess.c - the library called in-process: the caller's seccomp
 * mode, NO_NEW_PRIVS, signal dispositions and mask are unchanged afterwards,
 * no child is left, and the verdicts do not change when the caller ignores
 * or blocks SIGCHLD and SIGSYS, sets SA_NOCLDWAIT, or probes from two
 * threads at once. From 5.16, where probe children share the caller's
 * memory, no signal handler of the caller runs in one.
 */
#include "seccomp_probe.h"
#include "sp_abi.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef __WALL
#define __WALL 0x40000000
#endif

static int failures, checks;

#define CHECK(cond, ...) do { \
	checks++; \
	printf("%s %d - ", (cond) ? "ok" : "not ok", checks); printf(__VA_ARGS__); printf("\n"); \
	if (!(cond)) failures++; \
} while (0)

struct caller_state {
	int seccomp_mode, nnp;
	sigset_t mask;
	struct sigaction act[65];
	int have_act[65];
};

static void snapshot(struct caller_state *s)
{
	memset(s, 0, sizeof(*s));
	s->seccomp_mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	s->nnp = prctl(38 /* PR_GET_NO_NEW_PRIVS */, 0, 0, 0, 0);
	sigprocmask(SIG_BLOCK, NULL, &s->mask);
	for (int sig = 1; sig < 65; sig++)
		s->have_act[sig] = sigaction(sig, NULL, &s->act[sig]) == 0;
}

static int same_state(const struct caller_state *a, const struct caller_state *b, const char **what)
{
	if (a->seccomp_mode != b->seccomp_mode) { *what = "seccomp mode"; return 0; }
	if (a->nnp != b->nnp) { *what = "NO_NEW_PRIVS"; return 0; }
	for (int sig = 1; sig < 65; sig++) {
		if (sigismember(&a->mask, sig) != sigismember(&b->mask, sig)) { *what = "signal mask"; return 0; }
		if (a->have_act[sig] != b->have_act[sig]) { *what = "sigaction availability"; return 0; }
		if (a->have_act[sig] && (a->act[sig].sa_handler != b->act[sig].sa_handler ||
					 a->act[sig].sa_flags != b->act[sig].sa_flags)) {
			*what = "a signal disposition";
			return 0;
		}
	}
	return 1;
}

static int no_child_left(void)
{
	int status;
	return waitpid(-1, &status, WNOHANG | __WALL) == -1 && errno == ECHILD;
}

static int same_verdicts(const struct sp_report *a, const struct sp_report *b, const char **which)
{
	const struct sp_feature *t = sp_feature_table(NULL);
	for (int i = 0; i < SP_PROBE_COUNT; i++)
		if (a->results[i].verdict != b->results[i].verdict) {
			*which = t[i].name;
			return 0;
		}
	return 1;
}

static void run_and_compare(const char *label, const struct sp_report *baseline)
{
	struct caller_state before, after;
	struct sp_report rep;
	const char *what = "";
	snapshot(&before);
	int rc = sp_probe_run(NULL, &rep);
	snapshot(&after);
	CHECK(rc == 0, "%s: sp_probe_run returned %d", label, rc);
	CHECK(same_state(&before, &after, &what), "%s: caller state unchanged (%s)", label, what);
	CHECK(no_child_left(), "%s: no child left", label);
	what = "";
	CHECK(same_verdicts(baseline, &rep, &what), "%s: verdicts as in the baseline (%s differs)",
	      label, what);
}

/* Counts the runs of the caller's SIGSYS handler, in any process: MAP_SHARED. */
static volatile int *sigsys_runs;

static void count_sigsys(int sig)
{
	(void)sig;
	(*sigsys_runs)++;
}

/* In a forked process: an outer filter that traps seccomp(2), a SIGSYS
 * handler, then a run. Exit 0 when seccomp_syscall said blocked (its child
 * died by SIGSYS), 1 otherwise, 3 when the filter could not be installed. */
static int trapped_run(void)
{
	const struct sp_arch *arch = sp_arch_native();
	struct sp_sock_filter prog[] = {
		{ SP_BPF_LD_W_ABS, 0, 0, SP_SECCOMP_DATA_ARCH },
		{ SP_BPF_JEQ_K, 0, 3, arch->audit_arch },
		{ SP_BPF_LD_W_ABS, 0, 0, SP_SECCOMP_DATA_NR },
		{ SP_BPF_JEQ_K, 0, 1, (uint32_t)arch->seccomp_nr },
		{ SP_BPF_RET_K, 0, 0, SP_RET_TRAP },
		{ SP_BPF_RET_K, 0, 0, SP_RET_ALLOW },
	};
	struct sp_sock_fprog fp = { sizeof(prog) / sizeof(prog[0]), prog };
	struct sigaction sa = { .sa_handler = count_sigsys };
	static struct sp_report rep;
	sigaction(SIGSYS, &sa, NULL);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SP_SECCOMP_MODE_FILTER, &fp, 0, 0) != 0)
		return 3;
	if (sp_probe_run(NULL, &rep) != 0)
		return 1;
	return rep.results[SP_PROBE_SECCOMP_SYSCALL].verdict == SP_BLOCKED ? 0 : 1;
}

/* A child sharing the caller's memory must not run the caller's handlers
 * (they would work on the caller's data): under an outer RET_TRAP its
 * SIGSYS takes the default action, and the probe says blocked. */
static void check_no_caller_handler(void)
{
	struct utsname u;
	uint32_t kv = 0;
	if (uname(&u) != 0 || sp_parse_kernel_version(u.release, &kv) != 0 || kv < SP_KV(5, 16, 0) ||
	    sp_arch_native()->seccomp_nr < 0) {
		printf("# skip: caller handlers in children: children share memory only from 5.16\n");
		return;
	}
	sigsys_runs = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sigsys_runs == MAP_FAILED) {
		CHECK(0, "caller handlers in children: mmap failed");
		return;
	}
	*sigsys_runs = 0;
	int status = 0;
	pid_t pid = fork();
	if (pid == 0)
		_exit(trapped_run());
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) != 3,
	      "outer RET_TRAP filter on seccomp(2) installed (status 0x%x)", status);
	CHECK(*sigsys_runs == 0, "the caller's SIGSYS handler ran %d times in probe children",
	      *sigsys_runs);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "under an outer RET_TRAP, seccomp_syscall is blocked (status 0x%x)", status);
	munmap((void *)sigsys_runs, sizeof(int));
}

static void *thread_probe(void *arg)
{
	struct sp_report *rep = arg;
	return (void *)(long)sp_probe_run(NULL, rep);
}

int main(void)
{
	struct sp_report baseline, a, b;
	struct sigaction ign = { .sa_handler = SIG_IGN }, dfl = { .sa_handler = SIG_DFL };
	sigset_t set;

	CHECK(sp_probe_run(NULL, NULL) == -EINVAL, "NULL report -> -EINVAL");
	struct sp_options bad = { 0, 1ull << 63 };
	CHECK(sp_probe_run(&bad, &a) == -EINVAL, "unknown probe bit -> -EINVAL");
	CHECK(sp_probe_run(NULL, &baseline) == 0, "baseline run");
	for (int i = 0; i < SP_PROBE_COUNT; i++)
		CHECK(baseline.results[i].verdict != SP_NOT_RUN && baseline.results[i].detail[0],
		      "baseline: probe %d ran and left a detail", i);

	run_and_compare("default dispositions", &baseline);

	sigaction(SIGCHLD, &ign, NULL);
	sigaction(SIGSYS, &ign, NULL);
	run_and_compare("SIGCHLD and SIGSYS ignored", &baseline);
	sigaction(SIGCHLD, &dfl, NULL);
	sigaction(SIGSYS, &dfl, NULL);

	struct sigaction nocldwait = { .sa_handler = SIG_DFL, .sa_flags = SA_NOCLDWAIT };
	sigaction(SIGCHLD, &nocldwait, NULL);
	run_and_compare("SA_NOCLDWAIT", &baseline);
	sigaction(SIGCHLD, &dfl, NULL);

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGSYS);
	sigprocmask(SIG_BLOCK, &set, NULL);
	run_and_compare("SIGCHLD and SIGSYS blocked", &baseline);
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	pthread_t t1, t2;
	void *r1, *r2;
	const char *which = "";
	pthread_create(&t1, NULL, thread_probe, &a);
	pthread_create(&t2, NULL, thread_probe, &b);
	pthread_join(t1, &r1);
	pthread_join(t2, &r2);
	CHECK(r1 == NULL && r2 == NULL, "two threads probing at once both completed");
	CHECK(same_verdicts(&baseline, &a, &which) && same_verdicts(&baseline, &b, &which),
	      "two threads: verdicts as in the baseline (%s)", which);
	CHECK(no_child_left(), "two threads: no child left");

	struct sp_options one = { 500, 1ull << SP_PROBE_TSYNC };
	CHECK(sp_probe_run(&one, &a) == 0, "single probe run");
	int others = 0;
	for (int i = 0; i < SP_PROBE_COUNT; i++)
		others += i != SP_PROBE_TSYNC && a.results[i].verdict != SP_NOT_RUN;
	CHECK(a.results[SP_PROBE_TSYNC].verdict == baseline.results[SP_PROBE_TSYNC].verdict &&
	      others == 0, "only tsync reported, with its dependency run silently");

	check_no_caller_handler();

	printf("1..%d\n# %d passed, %d failed\n", checks, checks - failures, failures);
	return failures ? 1 : 0;
}
