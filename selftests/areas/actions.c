// SPDX-License-Identifier: GPL-2.0-only
/*
 * areas/actions.c - what each filter return action does (3.5 unless said):
 * ALLOW, KILL (thread), KILL_PROCESS (4.14), TRAP and its SIGSYS siginfo,
 * ERRNO with its data and the 4095 cap, TRACE without a tracer (ENOSYS) and
 * with one (PTRACE_O_TRACESECCOMP, event message = data), LOG (4.14), and an
 * unknown action (kills). Both installation paths via FIXTURE_VARIANT.
 * Included by seccomp_selftests.c.
 */
#include <sys/ptrace.h>
#include <ucontext.h>

FIXTURE(action) {
	long *out; /* shared with the filtered child */
};

FIXTURE_VARIANT(action) {
	bool use_syscall;
};

FIXTURE_VARIANT_ADD(action, prctl) { .use_syscall = false };
FIXTURE_VARIANT_ADD(action, seccomp) { .use_syscall = true };

FIXTURE_SETUP(action)
{
	self->out = sst_shared(4096);
	ASSERT_TRUE(self->out != NULL);
}

FIXTURE_TEARDOWN(action)
{
	munmap(self->out, 4096);
}

/* One filtered child: filter getppid with @action, then do @what. */
enum action_what {
	ACTION_CALL,          /* call getppid once; out[0] = result; out[1] = real ppid, set by the test */
	ACTION_CALL_IN_THREAD,/* a raw thread calls it; main waits for the thread */
	ACTION_TRAP,          /* SIGSYS handler records siginfo into out[] */
	ACTION_TRAP_BLOCKED,  /* SIGSYS blocked, then call */
};

struct action_job {
	bool use_syscall;
	uint32_t action;
	enum action_what what;
	long *out;
};

static int action_install(const struct action_job *job)
{
	struct sock_filter b[4];
	struct sock_fprog p;

	if (sst_no_new_privs() != 0)
		return -1;
	sst_filter_nr(b, &p, SYS_getppid, job->action);
	return sst_install(&p, job->use_syscall, 0) == 0 ? 0 : -1;
}

static int action_thread_call(void *arg)
{
	long *out = arg;

	out[0] = sst_getppid(0, 0, 0, 0, 0, 0);
	out[2] = 1; /* reached only when the call returned */
	return 0;
}

/* The siginfo layout of a seccomp SIGSYS (3.5), whatever libc calls the fields. */
struct action_siginfo_sys {
	int32_t signo, err, code;
	union {
		struct {
			void *call_addr;
			int32_t syscall;
			uint32_t arch;
		} sys;
		long align;
	} u;
};

/* Program counter in a signal's ucontext, one line per arch. */
static uintptr_t action_uc_pc(const ucontext_t *uc)
{
#if defined(__x86_64__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__i386__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
#elif defined(__aarch64__)
	return (uintptr_t)uc->uc_mcontext.pc;
#elif defined(__arm__)
	return (uintptr_t)uc->uc_mcontext.arm_pc;
#else
#error "add this arch's ucontext program counter to action_uc_pc()"
#endif
}

static long *action_trap_out;

static void action_on_sigsys(int sig, siginfo_t *info, void *uc)
{
	const struct action_siginfo_sys *si = (const void *)info;
	long *out = action_trap_out;

	out[10] = sig;
	out[11] = si->signo;
	out[12] = si->code;
	out[13] = si->err;
	out[14] = si->u.sys.syscall;
	out[15] = (long)si->u.sys.arch;
	out[16] = (long)(uintptr_t)si->u.sys.call_addr;
	out[17] = (long)action_uc_pc(uc);
}

static int action_child(void *arg)
{
	struct action_job *job = arg;
	volatile int tid = 0;

	if (job->what == ACTION_TRAP) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = action_on_sigsys;
		sa.sa_flags = SA_SIGINFO;
		action_trap_out = job->out;
		if (sigaction(SIGSYS, &sa, NULL) != 0)
			return 82;
	}
	if (job->what == ACTION_TRAP_BLOCKED) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGSYS);
		if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
			return 82;
	}
	if (action_install(job) != 0)
		return 81;
	if (job->what == ACTION_CALL_IN_THREAD) {
		if (sst_thread_start(action_thread_call, job->out, &tid) < 0)
			return 83;
		/* KILL_PROCESS ends us here; KILL_THREAD only ends the thread. */
		if (sst_thread_wait(&tid, 3000) != 0)
			return 84;
		sst_settle();
		return 0;
	}
	job->out[0] = sst_getppid(0, 0, 0, 0, 0, 0);
	return 0;
}

static void action_run(struct __test_metadata *_metadata, bool use_syscall, uint32_t action,
		       enum action_what what, long *out, struct sst_status *st)
{
	struct action_job job = { use_syscall, action, what, out };

	out[1] = getpid(); /* the child's parent: what an unfiltered getppid answers */
	ASSERT_EQ(0, sst_run_child(action_child, &job, 5000, st));
}

TEST_F(action, allow_runs_the_call)
{
	struct sst_status st;

	SST_REQUIRE_PATH(variant->use_syscall);
	action_run(_metadata, variant->use_syscall, SECCOMP_RET_ALLOW, ACTION_CALL, self->out, &st);
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(self->out[1], self->out[0]);
}

TEST_F(action, kill_thread_kills_single_threaded_process)
{
	struct sst_status st;

	SST_REQUIRE_PATH(variant->use_syscall);
	SST_REQUIRE(SP_PROBE_KILL);
	action_run(_metadata, variant->use_syscall, SECCOMP_RET_KILL_THREAD, ACTION_CALL,
		   self->out, &st);
	SST_EXPECT_SIGNAL(st, SIGSYS);
}

TEST_F(action, kill_thread_spares_other_threads)
{
	struct sst_status st;

	SST_REQUIRE_PATH(variant->use_syscall);
	SST_REQUIRE(SP_PROBE_KILL);
	action_run(_metadata, variant->use_syscall, SECCOMP_RET_KILL_THREAD, ACTION_CALL_IN_THREAD,
		   self->out, &st);
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(0, self->out[2]) TH_LOG("the killed thread's call returned");
}

TEST_F(action, kill_process_kills_every_thread)
{
	struct sst_status st;

	SST_REQUIRE_PATH(variant->use_syscall);
	SST_REQUIRE(SP_PROBE_KILL_PROCESS);
	action_run(_metadata, variant->use_syscall, SECCOMP_RET_KILL_PROCESS,
		   ACTION_CALL_IN_THREAD, self->out, &st);
	SST_EXPECT_SIGNAL(st, SIGSYS);
}

/* Undefined action values kill (3.5: as KILL; 4.14+: as KILL_PROCESS). */
TEST_F(action, unknown_action_kills)
{
	struct sst_status st;

	SST_REQUIRE_PATH(variant->use_syscall);
	action_run(_metadata, variant->use_syscall, 0x00010000U, ACTION_CALL, self->out, &st);
	SST_EXPECT_SIGNAL(st, SIGSYS);
}

TEST_F(action, trap_delivers_sigsys_siginfo)
{
	const uint32_t data = 0x2a5;
	struct sst_status st;
	long *o = self->out;

	SST_REQUIRE_PATH(variant->use_syscall);
	SST_REQUIRE(SP_PROBE_TRAP);
	action_run(_metadata, variant->use_syscall, SECCOMP_RET_TRAP | data, ACTION_TRAP, o, &st);
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(SIGSYS, o[10]) TH_LOG("handler did not run");
	EXPECT_EQ(SIGSYS, o[11]);
	EXPECT_EQ(SST_SYS_SECCOMP, o[12]);
	EXPECT_EQ((long)data, o[13]);
	EXPECT_EQ(SYS_getppid, o[14]);
	EXPECT_EQ((long)sp_arch_native()->audit_arch, o[15]);
	EXPECT_NE(0, o[16]);
	EXPECT_EQ(o[17], o[16]) TH_LOG("si_call_addr is not the pc after the call");
}

/* force_sig: a blocked SIGSYS is not held back, it kills. */
TEST_F(action, trap_with_sigsys_blocked_kills)
{
	struct sst_status st;

	SST_REQUIRE_PATH(variant->use_syscall);
	SST_REQUIRE(SP_PROBE_TRAP);
	action_run(_metadata, variant->use_syscall, SECCOMP_RET_TRAP, ACTION_TRAP_BLOCKED,
		   self->out, &st);
	SST_EXPECT_SIGNAL(st, SIGSYS);
}

/*
 * ERRNO data and what the caller sees: 0 means "return 0" (3.5); data above
 * 4095 is capped to 4095 since 4.1 (before, the caller got -data back as a
 * plain return value).
 */
#define ACTION_ERRNO_CASES(X) \
	X(eperm, 1, -1, SP_PROBE_ERRNO) \
	X(e2big, E2BIG, -E2BIG, SP_PROBE_ERRNO) \
	X(max_4095, 4095, -4095, SP_PROBE_ERRNO) \
	X(capped_4096, 4096, -4095, SST_ERRNO_CAP) \
	X(capped_0xffff, 0xffff, -4095, SST_ERRNO_CAP) \
	X(zero_returns_zero, 0, 0, SP_PROBE_ERRNO)

#define ACTION_ERRNO_TEST(name, data, want, feature) \
	TEST_F(action, errno_##name) \
	{ \
		struct sst_status st; \
		SST_REQUIRE_PATH(variant->use_syscall); \
		SST_REQUIRE(SP_PROBE_ERRNO); \
		SST_REQUIRE(feature); \
		action_run(_metadata, variant->use_syscall, SECCOMP_RET_ERRNO | (data), \
			   ACTION_CALL, self->out, &st); \
		SST_EXPECT_EXIT(st, 0); \
		EXPECT_EQ((long)(want), self->out[0]); \
	}
ACTION_ERRNO_CASES(ACTION_ERRNO_TEST)

TEST_F(action, trace_without_tracer_enosys)
{
	struct sst_status st;

	SST_REQUIRE_PATH(variant->use_syscall);
	SST_REQUIRE(SP_PROBE_TRACE);
	action_run(_metadata, variant->use_syscall, SECCOMP_RET_TRACE | 7, ACTION_CALL,
		   self->out, &st);
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(-ENOSYS, self->out[0]);
}

TEST_F(action, log_runs_the_call)
{
	struct sst_status st;

	SST_REQUIRE_PATH(variant->use_syscall);
	SST_REQUIRE(SP_PROBE_LOG);
	action_run(_metadata, variant->use_syscall, SECCOMP_RET_LOG, ACTION_CALL, self->out, &st);
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(self->out[1], self->out[0]);
}

/*
 * RET_TRACE under a ptrace tracer: with PTRACE_O_TRACESECCOMP the tracer gets
 * a PTRACE_EVENT_SECCOMP stop whose event message is the filter's data, and
 * the call runs when the tracer continues; without the option: ENOSYS.
 */
static void action_traced(struct __test_metadata *_metadata, bool use_syscall,
			  bool with_option, long *out)
{
	const uint32_t data = 0x1234;
	struct action_job job = { use_syscall, SECCOMP_RET_TRACE | data, ACTION_CALL, out };
	unsigned long msg = 0;
	int status = 0, events = 0;
	pid_t pid;

	out[1] = getpid();
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0)
			_exit(85);
		kill(getpid(), SIGSTOP);
		_exit(action_child(&job));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSTOPPED(status));
	if (with_option)
		ASSERT_EQ(0, ptrace(PTRACE_SETOPTIONS, pid, NULL,
				    (void *)(long)SST_PTRACE_O_TRACESECCOMP));
	ASSERT_EQ(0, ptrace(PTRACE_CONT, pid, NULL, NULL));
	for (;;) {
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		if (!WIFSTOPPED(status))
			break;
		if (status >> 8 == (SIGTRAP | (SST_PTRACE_EVENT_SECCOMP << 8))) {
			events++;
			EXPECT_EQ(0, ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg));
			EXPECT_EQ(data, msg);
			ASSERT_EQ(0, ptrace(PTRACE_CONT, pid, NULL, NULL));
		} else {
			ASSERT_EQ(0, ptrace(PTRACE_CONT, pid, NULL,
					    (void *)(long)WSTOPSIG(status)));
		}
	}
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	if (with_option) {
		EXPECT_EQ(1, events);
		EXPECT_EQ(out[1], out[0]) TH_LOG("the traced call should run after PTRACE_CONT");
	} else {
		EXPECT_EQ(0, events);
		EXPECT_EQ(-ENOSYS, out[0]);
	}
}

TEST_F(action, trace_tracer_gets_event_and_data)
{
	SST_REQUIRE_PATH(variant->use_syscall);
	SST_REQUIRE(SP_PROBE_TRACE);
	action_traced(_metadata, variant->use_syscall, true, self->out);
}

TEST_F(action, trace_tracer_without_option_enosys)
{
	SST_REQUIRE_PATH(variant->use_syscall);
	SST_REQUIRE(SP_PROBE_TRACE);
	action_traced(_metadata, variant->use_syscall, false, self->out);
}
