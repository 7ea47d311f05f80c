// SPDX-License-Identifier: GPL-2.0-only
/*
 * areas/strict.c - strict mode (mode 1; prctl since 2.6.23, seccomp(2)
 * SECCOMP_SET_MODE_STRICT since 3.17): read, write, exit and sigreturn are
 * allowed; any other call is answered with SIGKILL, including PR_GET_SECCOMP
 * and every way to reach filter mode. Included by seccomp_selftests.c.
 *
 * A strict child can only talk through pipes and its exit code, so each test
 * forks it here and plays the other end of the pipes.
 */

/*
 * The sigreturn a signal handler's restorer uses must be the one strict mode
 * allows: i386 allows sigreturn (119), the others rt_sigreturn. libc uses the
 * plain restorer for handlers without SA_SIGINFO.
 */
static const struct {
	const char *arch;
	int sa_flags;
} strict_handler_flags[] = {
	{ "x86_64", SA_SIGINFO },
	{ "i386", 0 },
	{ "arm", SA_SIGINFO },
	{ "arm64", SA_SIGINFO },
};

FIXTURE(strict) {
	int to_child[2];   /* parent writes, strict child reads */
	int from_child[2]; /* strict child writes, parent reads */
};

FIXTURE_VARIANT(strict) {
	bool use_syscall;
};

FIXTURE_VARIANT_ADD(strict, prctl) { .use_syscall = false };
FIXTURE_VARIANT_ADD(strict, seccomp) { .use_syscall = true };

FIXTURE_SETUP(strict)
{
	ASSERT_EQ(0, pipe(self->to_child));
	ASSERT_EQ(0, pipe(self->from_child));
}

FIXTURE_TEARDOWN(strict)
{
	close(self->to_child[0]);
	close(self->to_child[1]);
	close(self->from_child[0]);
	close(self->from_child[1]);
}

#define STRICT_REQUIRE(variant) do { \
	SST_REQUIRE(SP_PROBE_STRICT); \
	if ((variant)->use_syscall) \
		SST_REQUIRE(SP_PROBE_SECCOMP_SYSCALL); \
} while (0)

/* Enter strict mode; raw calls only from here on. Exits 90 when refused. */
static void strict_enter(bool use_syscall)
{
	long r;

	if (use_syscall) {
		r = syscall(sp_arch_native()->seccomp_nr, SECCOMP_SET_MODE_STRICT, 0, NULL);
	} else {
		r = syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0);
		if (r != 0 && errno == EINVAL) {
			/* Before 2.6.23: writing "1" to /proc/self/seccomp (2.6.12). */
			int fd = open("/proc/self/seccomp", O_WRONLY);
			r = fd >= 0 && syscall(SYS_write, fd, "1", 1) == 1 ? 0 : -1;
		}
	}
	if (r != 0)
		_exit(90);
}

static void strict_exit(int code)
{
	syscall(SYS_exit, code);
}

static pid_t strict_fork(void)
{
	fflush(stdout);
	fflush(stderr);
	return fork();
}

TEST_F(strict, read_allowed)
{
	struct sst_status st;
	char c = 'r';
	pid_t pid;

	STRICT_REQUIRE(variant);
	ASSERT_EQ(1, write(self->to_child[1], &c, 1));
	pid = strict_fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char got = 0;
		strict_enter(variant->use_syscall);
		long n = syscall(SYS_read, self->to_child[0], &got, 1);
		strict_exit(n == 1 && got == 'r' ? 0 : 2);
	}
	sst_wait_child(pid, 3000, &st);
	SST_EXPECT_EXIT(st, 0);
}

TEST_F(strict, write_allowed)
{
	struct sst_status st;
	char got = 0;
	pid_t pid;

	STRICT_REQUIRE(variant);
	pid = strict_fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		strict_enter(variant->use_syscall);
		long n = syscall(SYS_write, self->from_child[1], "w", 1);
		strict_exit(n == 1 ? 0 : 2);
	}
	sst_wait_child(pid, 3000, &st);
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(1, read(self->from_child[0], &got, 1));
	EXPECT_EQ('w', got);
}

TEST_F(strict, exit_allowed)
{
	struct sst_status st;
	pid_t pid;

	STRICT_REQUIRE(variant);
	pid = strict_fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		strict_enter(variant->use_syscall);
		strict_exit(42);
	}
	sst_wait_child(pid, 3000, &st);
	SST_EXPECT_EXIT(st, 42);
}

static volatile sig_atomic_t strict_handled;

static void strict_on_usr1(int sig)
{
	strict_handled = sig;
}

static void strict_on_usr1_info(int sig, siginfo_t *info, void *uc)
{
	(void)info;
	(void)uc;
	strict_handled = sig;
}

/* The handler returns through sigreturn; the child must survive it. */
TEST_F(strict, sigreturn_allowed)
{
	struct sigaction sa;
	struct sst_status st;
	char c = 0;
	int flags = -1;
	pid_t pid;

	STRICT_REQUIRE(variant);
	for (size_t i = 0; i < SST_ARRAY_LEN(strict_handler_flags); i++)
		if (strcmp(strict_handler_flags[i].arch, sp_arch_native()->name) == 0)
			flags = strict_handler_flags[i].sa_flags;
	ASSERT_NE(-1, flags) TH_LOG("no strict_handler_flags row for %s", sp_arch_native()->name);
	memset(&sa, 0, sizeof(sa));
	sa.sa_flags = flags;
	if (flags & SA_SIGINFO)
		sa.sa_sigaction = strict_on_usr1_info;
	else
		sa.sa_handler = strict_on_usr1;
	pid = strict_fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char go = 0;
		long n;
		if (sigaction(SIGUSR1, &sa, NULL) != 0)
			_exit(91);
		strict_enter(variant->use_syscall);
		syscall(SYS_write, self->from_child[1], "s", 1);
		do
			n = syscall(SYS_read, self->to_child[0], &go, 1);
		while (n != 1);
		strict_exit(strict_handled == SIGUSR1 ? 0 : 3);
	}
	ASSERT_EQ(1, read(self->from_child[0], &c, 1));
	/* kill() leaves SIGUSR1 pending: the handler runs before the child's read returns to it. */
	EXPECT_EQ(0, kill(pid, SIGUSR1));
	EXPECT_EQ(1, write(self->to_child[1], "g", 1));
	sst_wait_child(pid, 3000, &st);
	SST_EXPECT_EXIT(st, 0);
}

/* While the child sits in strict mode its status says "Seccomp: 1" (3.8). */
TEST_F(strict, status_line_shows_strict)
{
	struct sst_status st;
	long mode = -1;
	char c = 0;
	pid_t pid;

	STRICT_REQUIRE(variant);
	SST_REQUIRE(SST_STATUS_LINE);
	pid = strict_fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char go;
		strict_enter(variant->use_syscall);
		syscall(SYS_write, self->from_child[1], "s", 1);
		syscall(SYS_read, self->to_child[0], &go, 1);
		strict_exit(0);
	}
	ASSERT_EQ(1, read(self->from_child[0], &c, 1));
	EXPECT_EQ(0, sst_status_field(pid, "Seccomp", &mode));
	EXPECT_EQ(SECCOMP_MODE_STRICT, mode);
	EXPECT_EQ(1, write(self->to_child[1], "g", 1));
	sst_wait_child(pid, 3000, &st);
	SST_EXPECT_EXIT(st, 0);
}

/* Filter the strict child would try to reach filter mode with. */
static struct sock_filter strict_allow_insns[] = { SST_RET(SECCOMP_RET_ALLOW) };
static struct sock_fprog strict_allow_prog = SST_PROG(strict_allow_insns);

/*
 * Calls strict mode must answer with SIGKILL: name, number, three arguments.
 * The number is evaluated in the test (seccomp(2)'s comes from the arch table).
 */
#define STRICT_KILLED_CALLS(X) \
	X(getpid, SYS_getpid, 0, 0, 0) \
	X(exit_group, SYS_exit_group, 0, 0, 0) \
	X(prctl_get_seccomp, SYS_prctl, PR_GET_SECCOMP, 0, 0) \
	X(prctl_to_filter_mode, SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, \
	  (long)&strict_allow_prog) \
	X(seccomp_to_filter_mode, sp_arch_native()->seccomp_nr, SECCOMP_SET_MODE_FILTER, 0, \
	  (long)&strict_allow_prog) \
	X(unknown_syscall_number, 4000, 0, 0, 0)

static void strict_expect_killed(struct __test_metadata *_metadata, bool use_syscall,
				 long nr, long a0, long a1, long a2)
{
	struct sst_status st;
	pid_t pid = strict_fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		strict_enter(use_syscall);
		syscall(nr, a0, a1, a2);
		strict_exit(0);
	}
	sst_wait_child(pid, 3000, &st);
	SST_EXPECT_SIGNAL(st, SIGKILL);
}

#define STRICT_KILLED_TEST(name, nr, a0, a1, a2) \
	TEST_F(strict, kills_##name) \
	{ \
		STRICT_REQUIRE(variant); \
		strict_expect_killed(_metadata, variant->use_syscall, (nr), (a0), (a1), (a2)); \
	}
STRICT_KILLED_CALLS(STRICT_KILLED_TEST)
