// SPDX-License-Identifier: GPL-2.0-only
/*
 * areas/syscall.c - the seccomp(2) system call (3.17) beyond installation:
 * argument checking, every filter flag a kernel knows (TSYNC 3.17, LOG 4.14,
 * SPEC_ALLOW 4.17, NEW_LISTENER 5.0, TSYNC_ESRCH 5.7, WAIT_KILLABLE_RECV
 * 5.19), thread synchronisation, SECCOMP_GET_ACTION_AVAIL and
 * /proc/sys/kernel/seccomp/actions_avail (4.14), SECCOMP_GET_NOTIF_SIZES
 * (5.0). Included by seccomp_selftests.c.
 */

FIXTURE(seccomp_syscall) {
	long *out;
};

FIXTURE_SETUP(seccomp_syscall)
{
	self->out = sst_shared(4096);
	ASSERT_TRUE(self->out != NULL);
}

FIXTURE_TEARDOWN(seccomp_syscall)
{
	munmap(self->out, 4096);
}

static struct sock_filter sys_allow_insns[] = { SST_RET(SECCOMP_RET_ALLOW) };
static struct sock_fprog sys_allow_prog = SST_PROG(sys_allow_insns);

/* Calls that must fail with EINVAL: op, flags, args. Nothing is installed. */
#define SYS_EINVAL_CASES(X) \
	X(strict_with_flags, SECCOMP_SET_MODE_STRICT, 1, NULL) \
	X(strict_with_args, SECCOMP_SET_MODE_STRICT, 0, &sys_allow_prog) \
	X(unknown_operation, 0x7fff, 0, NULL) \
	X(unknown_filter_flag, SECCOMP_SET_MODE_FILTER, 1UL << 30, &sys_allow_prog)

#define SYS_EINVAL_TEST(name, op, flags, args) \
	TEST_F(seccomp_syscall, einval_##name) \
	{ \
		SST_REQUIRE(SP_PROBE_SECCOMP_SYSCALL); \
		EXPECT_EQ(-EINVAL, sst_seccomp((op), (flags), (args))); \
	}
SYS_EINVAL_CASES(SYS_EINVAL_TEST)

struct sys_flag_job {
	unsigned long flags;
	long *out;
};

static int sys_flag_child(void *arg)
{
	struct sys_flag_job *job = arg;

	if (sst_no_new_privs() != 0)
		return 81;
	job->out[0] = sst_install(&sys_allow_prog, true, job->flags);
	job->out[1] = sst_getppid(0, 0, 0, 0, 0, 0);
	return 0;
}

/* Each known flag installs a working filter (a listener fd for NEW_LISTENER). */
#define SYS_FLAG_CASES(X) \
	X(tsync, SP_PROBE_TSYNC, SECCOMP_FILTER_FLAG_TSYNC) \
	X(log, SP_PROBE_FLAG_LOG, SECCOMP_FILTER_FLAG_LOG) \
	X(spec_allow, SP_PROBE_SPEC_ALLOW, SECCOMP_FILTER_FLAG_SPEC_ALLOW) \
	X(new_listener, SP_PROBE_NEW_LISTENER, SECCOMP_FILTER_FLAG_NEW_LISTENER) \
	X(tsync_esrch, SP_PROBE_TSYNC_ESRCH, SECCOMP_FILTER_FLAG_TSYNC | \
	  SECCOMP_FILTER_FLAG_TSYNC_ESRCH) \
	X(wait_killable_recv, SP_PROBE_WAIT_KILLABLE_RECV, \
	  SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)

#define SYS_FLAG_TEST(name, feature, flags) \
	TEST_F(seccomp_syscall, flag_##name##_installs) \
	{ \
		struct sys_flag_job job = { (flags), self->out }; \
		struct sst_status st; \
		SST_REQUIRE(feature); \
		ASSERT_EQ(0, sst_run_child(sys_flag_child, &job, 5000, &st)); \
		SST_EXPECT_EXIT(st, 0); \
		if ((flags) & SECCOMP_FILTER_FLAG_NEW_LISTENER) { \
			EXPECT_LE(0, self->out[0]); \
		} else { \
			EXPECT_EQ(0, self->out[0]); \
		} \
		EXPECT_LT(0, self->out[1]); \
	}
SYS_FLAG_CASES(SYS_FLAG_TEST)

TEST_F(seccomp_syscall, wait_killable_recv_needs_new_listener)
{
	struct sys_flag_job job = { SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, self->out };
	struct sst_status st;

	SST_REQUIRE(SP_PROBE_WAIT_KILLABLE_RECV);
	ASSERT_EQ(0, sst_run_child(sys_flag_child, &job, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(-EINVAL, self->out[0]);
}

/*
 * TSYNC: out[0] install result, out[1] what the other thread's getppid gave,
 * out[2] real ppid, out[3] the other thread's tid.
 */
struct sys_tsync_job {
	unsigned long flags;
	bool diverge;          /* the other thread installs its own filter first */
	long *out;
};

static volatile int sys_tsync_stage;

static int sys_tsync_thread(void *arg)
{
	struct sys_tsync_job *job = arg;

	if (job->diverge)
		job->out[4] = sst_install_nr(SYS_getpid, SECCOMP_RET_ERRNO | 1);
	sys_tsync_stage = 1;
	while (sys_tsync_stage != 2)
		sst_ms_sleep(1);
	job->out[1] = sst_getppid(0, 0, 0, 0, 0, 0);
	return 0;
}

static int sys_tsync_child(void *arg)
{
	struct sys_tsync_job *job = arg;
	struct sock_filter b[4];
	struct sock_fprog p;
	volatile int tid = 0;

	if (sst_no_new_privs() != 0)
		return 81;
	job->out[3] = sst_thread_start(sys_tsync_thread, job, &tid);
	if (job->out[3] < 0)
		return 84;
	while (sys_tsync_stage != 1)
		sst_ms_sleep(1);
	sst_filter_nr(b, &p, SYS_getppid, SECCOMP_RET_ERRNO | EXDEV);
	job->out[0] = sst_install(&p, true, job->flags);
	sys_tsync_stage = 2;
	return sst_thread_wait(&tid, 3000) == 0 ? 0 : 85;
}

static void sys_tsync(struct __test_metadata *_metadata, struct sys_tsync_job *job)
{
	struct sst_status st;

	job->out[2] = getpid(); /* the child's parent */
	ASSERT_EQ(0, sst_run_child(sys_tsync_child, job, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
}

TEST_F(seccomp_syscall, tsync_filters_every_thread)
{
	struct sys_tsync_job job = { SECCOMP_FILTER_FLAG_TSYNC, false, self->out };

	SST_REQUIRE(SP_PROBE_TSYNC);
	sys_tsync(_metadata, &job);
	EXPECT_EQ(0, self->out[0]);
	EXPECT_EQ(-EXDEV, self->out[1]);
}

TEST_F(seccomp_syscall, without_tsync_other_thread_unfiltered)
{
	struct sys_tsync_job job = { 0, false, self->out };

	SST_REQUIRE(SP_PROBE_SECCOMP_SYSCALL);
	SST_REQUIRE(SP_PROBE_FILTER);   /* it installs a filter */
	sys_tsync(_metadata, &job);
	EXPECT_EQ(0, self->out[0]);
	EXPECT_EQ(self->out[2], self->out[1]);
}

TEST_F(seccomp_syscall, tsync_diverged_thread_returns_its_tid)
{
	struct sys_tsync_job job = { SECCOMP_FILTER_FLAG_TSYNC, true, self->out };

	SST_REQUIRE(SP_PROBE_TSYNC);
	sys_tsync(_metadata, &job);
	EXPECT_EQ(0, self->out[4]);
	EXPECT_EQ(self->out[3], self->out[0]);
	EXPECT_EQ(self->out[2], self->out[1]) TH_LOG("nothing installed: thread unfiltered");
}

TEST_F(seccomp_syscall, tsync_esrch_diverged_thread_esrch)
{
	struct sys_tsync_job job = { SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
				     true, self->out };

	SST_REQUIRE(SP_PROBE_TSYNC_ESRCH);
	sys_tsync(_metadata, &job);
	EXPECT_EQ(0, self->out[4]);
	EXPECT_EQ(-ESRCH, self->out[0]);
}

/* GET_ACTION_AVAIL answers 0 for each action the kernel has, by table. */
#define SYS_ACTION_CASES(X) \
	X(kill_process, SP_PROBE_KILL_PROCESS, SECCOMP_RET_KILL_PROCESS) \
	X(kill_thread, SP_PROBE_KILL, SECCOMP_RET_KILL_THREAD) \
	X(trap, SP_PROBE_TRAP, SECCOMP_RET_TRAP) \
	X(errno, SP_PROBE_ERRNO, SECCOMP_RET_ERRNO) \
	X(user_notif, SP_PROBE_USER_NOTIF, SECCOMP_RET_USER_NOTIF) \
	X(trace, SP_PROBE_TRACE, SECCOMP_RET_TRACE) \
	X(log, SP_PROBE_LOG, SECCOMP_RET_LOG) \
	X(allow, SP_PROBE_FILTER, SECCOMP_RET_ALLOW)

#define SYS_ACTION_TEST(name, feature, action) \
	TEST_F(seccomp_syscall, action_avail_##name) \
	{ \
		uint32_t a = (action); \
		SST_REQUIRE(SP_PROBE_GET_ACTION_AVAIL); \
		SST_REQUIRE(feature); \
		EXPECT_EQ(0, sst_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &a)); \
	}
SYS_ACTION_CASES(SYS_ACTION_TEST)

TEST_F(seccomp_syscall, action_avail_unknown_eopnotsupp)
{
	uint32_t a = 0x00010000U;

	SST_REQUIRE(SP_PROBE_GET_ACTION_AVAIL);
	EXPECT_EQ(-EOPNOTSUPP, sst_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &a));
	EXPECT_EQ(-EINVAL, sst_seccomp(SECCOMP_GET_ACTION_AVAIL, 1, &a)) TH_LOG("flags must be 0");
}

/* actions_avail lists exactly the actions GET_ACTION_AVAIL accepts. */
TEST_F(seccomp_syscall, actions_avail_sysctl_matches)
{
	static const struct { const char *name; uint32_t action; } names[] = {
		{ "kill_process", SECCOMP_RET_KILL_PROCESS }, { "kill_thread", SECCOMP_RET_KILL_THREAD },
		{ "trap", SECCOMP_RET_TRAP }, { "errno", SECCOMP_RET_ERRNO },
		{ "user_notif", SECCOMP_RET_USER_NOTIF }, { "trace", SECCOMP_RET_TRACE },
		{ "log", SECCOMP_RET_LOG }, { "allow", SECCOMP_RET_ALLOW },
	};
	char buf[256] = "";
	ssize_t n;
	int fd;

	SST_REQUIRE(SP_PROBE_GET_ACTION_AVAIL);
	fd = open("/proc/sys/kernel/seccomp/actions_avail", O_RDONLY);
	ASSERT_LE(0, fd) TH_LOG("actions_avail: %s", strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_LT(0, n);
	buf[n] = '\0';
	for (size_t i = 0; i < SST_ARRAY_LEN(names); i++) {
		uint32_t a = names[i].action;
		bool avail = sst_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &a) == 0;
		size_t len = strlen(names[i].name);
		bool listed = false;
		for (char *p = strstr(buf, names[i].name); p; p = strstr(p + 1, names[i].name))
			if ((p == buf || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\n' || !p[len]))
				listed = true;
		EXPECT_EQ(avail, listed) TH_LOG("%s in \"%s\"", names[i].name, buf);
	}
}

TEST_F(seccomp_syscall, notif_sizes_cover_the_abi)
{
	struct sst_notif_sizes sizes = { 0, 0, 0 };

	SST_REQUIRE(SP_PROBE_USER_NOTIF);
	ASSERT_EQ(0, sst_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes));
	EXPECT_EQ(sizeof(struct sst_seccomp_data), sizes.data);
	EXPECT_LE(sizeof(struct sst_notif), sizes.notif);
	EXPECT_LE(sizeof(struct sst_notif_resp), sizes.notif_resp);
}
