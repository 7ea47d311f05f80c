// SPDX-License-Identifier: GPL-2.0-only
/*
 * areas/inherit.c - filters follow the task (3.5): children made by fork,
 * threads made by clone after the filter, and the new image after execve all
 * keep it, with NO_NEW_PRIVS and the mode; a thread that existed before the
 * filter does not get it (without TSYNC). Included by seccomp_selftests.c.
 *
 * The execve tests run this same binary again (/proc/self/exe) with
 * SST_EXEC_HELPER_ARG; main() hands that to inherit_exec_helper().
 */

#define SST_EXEC_HELPER_ARG "--sst-exec-helper"
#define INHERIT_ERRNO EXDEV

/*
 * The re-executed image: report one fact through the exit code.
 * "getppid": the errno getppid fails with (0 when it works);
 * "nnp": PR_GET_NO_NEW_PRIVS; "mode": PR_GET_SECCOMP. 100 on bad use.
 */
static int inherit_exec_helper(int argc, char **argv)
{
	long r;

	if (argc < 3)
		return 100;
	if (strcmp(argv[2], "getppid") == 0) {
		r = sst_getppid(0, 0, 0, 0, 0, 0);
		return r < 0 ? (int)-r : 0;
	}
	if (strcmp(argv[2], "nnp") == 0)
		return (int)prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	if (strcmp(argv[2], "mode") == 0)
		return (int)prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	return 100;
}

FIXTURE(inherit) {
	long *out;
};

FIXTURE_SETUP(inherit)
{
	self->out = sst_shared(4096);
	ASSERT_TRUE(self->out != NULL);
}

FIXTURE_TEARDOWN(inherit)
{
	munmap(self->out, 4096);
}

static int inherit_filter(void)
{
	if (sst_no_new_privs() != 0)
		return -1;
	return sst_install_nr(SYS_getppid, SECCOMP_RET_ERRNO | INHERIT_ERRNO);
}

static int inherit_fork_child(void *arg)
{
	long *out = arg;
	pid_t pid;
	int status = 0;

	if (inherit_filter() != 0)
		return 81;
	pid = fork();
	if (pid < 0)
		return 82;
	if (pid == 0) {
		long r = sst_getppid(0, 0, 0, 0, 0, 0);
		_exit(r < 0 ? (int)-r : 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 83;
	out[0] = WEXITSTATUS(status);
	return 0;
}

TEST_F(inherit, fork_child_keeps_filter)
{
	struct sst_status st;

	SST_REQUIRE(SP_PROBE_ERRNO);
	ASSERT_EQ(0, sst_run_child(inherit_fork_child, self->out, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(INHERIT_ERRNO, self->out[0]);
}

static int inherit_thread_call(void *arg)
{
	long *out = arg;

	out[0] = sst_getppid(0, 0, 0, 0, 0, 0);
	return 0;
}

/* A thread waits on a futex-free flag until the main thread has filtered. */
static volatile int inherit_go;

static int inherit_waiting_thread(void *arg)
{
	long *out = arg;

	while (!inherit_go)
		sst_ms_sleep(1);
	out[1] = sst_getppid(0, 0, 0, 0, 0, 0);
	return 0;
}

static int inherit_thread_child(void *arg)
{
	long *out = arg;
	volatile int before = 0, after = 0;

	if (sst_thread_start(inherit_waiting_thread, out, &before) < 0)
		return 84;
	if (inherit_filter() != 0)
		return 81;
	if (sst_thread_start(inherit_thread_call, out, &after) < 0)
		return 84;
	inherit_go = 1;
	if (sst_thread_wait(&after, 3000) != 0 || sst_thread_wait(&before, 3000) != 0)
		return 85;
	return 0;
}

TEST_F(inherit, new_thread_keeps_filter_old_thread_does_not)
{
	struct sst_status st;

	SST_REQUIRE(SP_PROBE_ERRNO);
	self->out[2] = getpid(); /* the child's parent */
	ASSERT_EQ(0, sst_run_child(inherit_thread_child, self->out, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(-INHERIT_ERRNO, self->out[0]) TH_LOG("thread made after the filter");
	EXPECT_EQ(self->out[2], self->out[1]) TH_LOG("thread made before the filter");
}

static int inherit_exec_child(void *arg)
{
	const char *what = arg;
	char *const args[] = { "seccomp-selftests", SST_EXEC_HELPER_ARG, (char *)what, NULL };
	extern char **environ;

	if (inherit_filter() != 0)
		return 81;
	/* the environment goes along (ASAN_OPTIONS: LSan's exit check needs getppid) */
	execve("/proc/self/exe", args, environ);
	return 86;
}

/* execve keeps the filter, NO_NEW_PRIVS and the mode: table of facts. */
#define INHERIT_EXEC_CASES(X) \
	X(filter, "getppid", INHERIT_ERRNO) \
	X(no_new_privs, "nnp", 1) \
	X(mode, "mode", SECCOMP_MODE_FILTER)

#define INHERIT_EXEC_TEST(name, what, want) \
	TEST_F(inherit, execve_keeps_##name) \
	{ \
		struct sst_status st; \
		SST_REQUIRE(SP_PROBE_ERRNO); \
		ASSERT_EQ(0, sst_run_child(inherit_exec_child, (void *)(what), 5000, &st)); \
		SST_EXPECT_EXIT(st, (want)); \
	}
INHERIT_EXEC_CASES(INHERIT_EXEC_TEST)
