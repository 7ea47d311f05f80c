// SPDX-License-Identifier: GPL-2.0-only
/*
 * areas/precedence.c - stacked filters that disagree: the kernel runs them
 * all and keeps the action of highest precedence, KILL_PROCESS > KILL(_THREAD)
 * > TRAP > ERRNO > USER_NOTIF > TRACE > LOG > ALLOW, whatever the order they
 * were installed in (3.5 for the original actions). Between equal actions the
 * newest filter's data wins. Included by seccomp_selftests.c.
 */

FIXTURE(precedence) {
	long *out;
};

FIXTURE_SETUP(precedence)
{
	self->out = sst_shared(4096);
	ASSERT_TRUE(self->out != NULL);
}

FIXTURE_TEARDOWN(precedence)
{
	munmap(self->out, 4096);
}

/* What the caller of the filtered getppid must see. */
enum prec_outcome {
	PREC_PROCESS_KILLED, /* a thread calls; the whole process dies of SIGSYS */
	PREC_THREAD_KILLED,  /* a thread calls; only that thread dies */
	PREC_KILLED,         /* the (single-threaded) caller dies of SIGSYS */
	PREC_TRAPPED,        /* the SIGSYS handler runs */
	PREC_ERRNO,          /* -1 with errno = the winning data */
	PREC_NOTIFIED,       /* the supervisor's answer comes back */
	PREC_ENOSYS,         /* TRACE without tracer */
	PREC_RAN,            /* the call ran */
};

#define PREC_NOTIF_ANSWER 77

static enum sp_probe_id prec_feature(uint32_t action)
{
	switch (action & 0xffff0000U) {
	case SECCOMP_RET_KILL_PROCESS: return SP_PROBE_KILL_PROCESS;
	case SECCOMP_RET_KILL_THREAD: return SP_PROBE_KILL;
	case SECCOMP_RET_TRAP: return SP_PROBE_TRAP;
	case SECCOMP_RET_ERRNO: return SP_PROBE_ERRNO;
	case SECCOMP_RET_USER_NOTIF: return SP_PROBE_USER_NOTIF;
	case SECCOMP_RET_TRACE: return SP_PROBE_TRACE;
	case SECCOMP_RET_LOG: return SP_PROBE_LOG;
	default: return SP_PROBE_FILTER;
	}
}

struct prec_job {
	uint32_t first, second; /* installed in this order */
	bool in_thread;
	long *out;              /* [0] result, [1] real ppid, [2] thread returned, [10] trapped */
};

/* Where the SIGSYS handler records that it ran (set before install). */
static long *prec_out;

static void prec_on_sigsys_record(int sig, siginfo_t *info, void *uc)
{
	(void)info;
	(void)uc;
	prec_out[10] = sig;
}

static int prec_thread_call(void *arg)
{
	long *out = arg;

	out[0] = sst_getppid(0, 0, 0, 0, 0, 0);
	out[2] = 1;
	return 0;
}

/* Install one filter; a USER_NOTIF one through seccomp(2) with a listener. */
static long prec_install(uint32_t action, int *listener)
{
	struct sock_filter b[4];
	struct sock_fprog p;
	long r;

	sst_filter_nr(b, &p, SYS_getppid, action);
	if ((action & 0xffff0000U) != SECCOMP_RET_USER_NOTIF)
		return sst_install(&p, false, 0);
	r = sst_install(&p, true, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	if (r >= 0)
		*listener = (int)r;
	return r < 0 ? r : 0;
}

/* Answer one notification with PREC_NOTIF_ANSWER, then exit. */
static pid_t prec_supervisor(int listener)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	struct sst_notif req;
	struct sst_notif_resp resp;
	memset(&req, 0, sizeof(req));
	if (ioctl(listener, SST_IOCTL_NOTIF_RECV, &req) != 0)
		_exit(1);
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.val = PREC_NOTIF_ANSWER;
	_exit(ioctl(listener, SST_IOCTL_NOTIF_SEND, &resp) == 0 ? 0 : 2);
}

static int prec_child(void *arg)
{
	struct prec_job *job = arg;
	struct sigaction sa;
	volatile int tid = 0;
	int listener = -1;
	pid_t sup = -1;

	prec_out = job->out;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = prec_on_sigsys_record;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSYS, &sa, NULL) != 0 || sst_no_new_privs() != 0)
		return 81;
	if (prec_install(job->first, &listener) != 0 || prec_install(job->second, &listener) != 0)
		return 82;
	if (listener >= 0 && (sup = prec_supervisor(listener)) < 0)
		return 83;
	if (job->in_thread) {
		if (sst_thread_start(prec_thread_call, job->out, &tid) < 0)
			return 84;
		if (sst_thread_wait(&tid, 3000) != 0)
			return 85;
		sst_settle();
	} else {
		job->out[0] = sst_getppid(0, 0, 0, 0, 0, 0);
	}
	if (sup > 0) {
		kill(sup, SIGKILL);
		waitpid(sup, NULL, 0);
	}
	return 0;
}

static void prec_check(struct __test_metadata *_metadata, long *out, uint32_t first,
		       uint32_t second, enum prec_outcome want, long want_errno)
{
	struct prec_job job = { first, second,
				want == PREC_PROCESS_KILLED || want == PREC_THREAD_KILLED, out };
	struct sst_status st;

	out[1] = getpid(); /* the child's parent */
	ASSERT_EQ(0, sst_run_child(prec_child, &job, 5000, &st));
	switch (want) {
	case PREC_PROCESS_KILLED:
	case PREC_KILLED:
		SST_EXPECT_SIGNAL(st, SIGSYS);
		return;
	case PREC_THREAD_KILLED:
		SST_EXPECT_EXIT(st, 0);
		EXPECT_EQ(0, out[2]);
		return;
	default:
		break;
	}
	SST_EXPECT_EXIT(st, 0);
	if (want == PREC_TRAPPED) {
		EXPECT_EQ(SIGSYS, out[10]);
		return;
	}
	EXPECT_EQ(0, out[10]) TH_LOG("trapped, but another action should win");
	if (want == PREC_ERRNO) {
		EXPECT_EQ(-want_errno, out[0]);
	} else if (want == PREC_NOTIFIED) {
		EXPECT_EQ(PREC_NOTIF_ANSWER, out[0]);
	} else if (want == PREC_ENOSYS) {
		EXPECT_EQ(-ENOSYS, out[0]);
	} else {
		EXPECT_EQ(out[1], out[0]);
	}
}

#define P_KILLP  SECCOMP_RET_KILL_PROCESS
#define P_KILL   SECCOMP_RET_KILL_THREAD
#define P_TRAP   SECCOMP_RET_TRAP
#define P_ERRNO  (SECCOMP_RET_ERRNO | E2BIG)
#define P_NOTIF  SECCOMP_RET_USER_NOTIF
#define P_TRACE  SECCOMP_RET_TRACE
#define P_LOG    SECCOMP_RET_LOG
#define P_ALLOW  SECCOMP_RET_ALLOW

/* name, first filter, second filter, outcome, errno when PREC_ERRNO */
#define PREC_CASES(X) \
	X(kill_process_over_kill_thread, P_KILL, P_KILLP, PREC_PROCESS_KILLED, 0) \
	X(kill_process_over_kill_thread_reversed, P_KILLP, P_KILL, PREC_PROCESS_KILLED, 0) \
	X(kill_thread_over_allow_in_thread, P_ALLOW, P_KILL, PREC_THREAD_KILLED, 0) \
	X(kill_over_trap, P_TRAP, P_KILL, PREC_KILLED, 0) \
	X(kill_over_trap_reversed, P_KILL, P_TRAP, PREC_KILLED, 0) \
	X(trap_over_errno, P_ERRNO, P_TRAP, PREC_TRAPPED, 0) \
	X(trap_over_errno_reversed, P_TRAP, P_ERRNO, PREC_TRAPPED, 0) \
	X(errno_over_user_notif, P_NOTIF, P_ERRNO, PREC_ERRNO, E2BIG) \
	X(errno_over_user_notif_reversed, P_ERRNO, P_NOTIF, PREC_ERRNO, E2BIG) \
	X(user_notif_over_trace, P_TRACE, P_NOTIF, PREC_NOTIFIED, 0) \
	X(user_notif_over_trace_reversed, P_NOTIF, P_TRACE, PREC_NOTIFIED, 0) \
	X(errno_over_trace, P_TRACE, P_ERRNO, PREC_ERRNO, E2BIG) \
	X(errno_over_trace_reversed, P_ERRNO, P_TRACE, PREC_ERRNO, E2BIG) \
	X(trace_over_log, P_LOG, P_TRACE, PREC_ENOSYS, 0) \
	X(trace_over_log_reversed, P_TRACE, P_LOG, PREC_ENOSYS, 0) \
	X(trace_over_allow, P_ALLOW, P_TRACE, PREC_ENOSYS, 0) \
	X(errno_equal_actions_newest_data_wins, SECCOMP_RET_ERRNO | ENOTTY, \
	  SECCOMP_RET_ERRNO | EXDEV, PREC_ERRNO, EXDEV)

#define PREC_TEST(name, first, second, want, want_errno) \
	TEST_F(precedence, name) \
	{ \
		SST_REQUIRE(SP_PROBE_FILTER); \
		SST_REQUIRE(prec_feature(first)); \
		SST_REQUIRE(prec_feature(second)); \
		prec_check(_metadata, self->out, (first), (second), (want), (want_errno)); \
	}
PREC_CASES(PREC_TEST)
