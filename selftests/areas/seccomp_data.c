// SPDX-License-Identifier: GPL-2.0-only
/*
 * areas/seccomp_data.c - what a filter sees in struct seccomp_data (3.5):
 * nr, arch (the native AUDIT_ARCH), instruction_pointer (the same address the
 * SIGSYS siginfo gives as si_call_addr) and the six arguments, each read on its
 * low and high 32-bit half (high halves are zero on 32-bit arches). Filters
 * answer through ERRNO data, so the caller sees what the filter saw.
 * Included by seccomp_selftests.c.
 */

FIXTURE(seccomp_data) {
	long *out;
};

FIXTURE_SETUP(seccomp_data)
{
	self->out = sst_shared(4096);
	ASSERT_TRUE(self->out != NULL);
}

FIXTURE_TEARDOWN(seccomp_data)
{
	munmap(self->out, 4096);
}

#define DATA_MATCH 1   /* ERRNO data when the filter's comparison held */
#define DATA_MISS  2   /* ... when it did not */

/* A program and the getppid arguments to call it with; out[0] = result. */
struct data_job {
	struct sock_fprog prog;
	unsigned long args[6];
	long *out;
};

static int data_child(void *arg)
{
	struct data_job *job = arg;
	const unsigned long *a = job->args;

	if (sst_no_new_privs() != 0 || sst_install(&job->prog, false, 0) != 0)
		return 81;
	job->out[0] = sst_getppid(a[0], a[1], a[2], a[3], a[4], a[5]);
	job->out[1] = syscall(SYS_getpid) < 0 ? -errno : 0;
	return 0;
}

static void data_run(struct __test_metadata *_metadata, struct data_job *job)
{
	struct sst_status st;

	ASSERT_EQ(0, sst_run_child(data_child, job, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
}

/* "if nr != getppid allow; A = field; if A == want: MATCH else MISS" */
#define DATA_PROG(off, want) { \
	SST_LD(SST_OFF_NR), \
	SST_JEQ(SYS_getppid, 1, 0), \
	SST_RET(SECCOMP_RET_ALLOW), \
	SST_LD(off), \
	SST_JEQ((want), 0, 1), \
	SST_RET(SECCOMP_RET_ERRNO | DATA_MATCH), \
	SST_RET(SECCOMP_RET_ERRNO | DATA_MISS), \
}

TEST_F(seccomp_data, nr_selects_only_that_call)
{
	struct sock_filter f[] = DATA_PROG(SST_OFF_NR, SYS_getppid);
	struct data_job job = { SST_PROG(f), { 0 }, self->out };

	SST_REQUIRE(SP_PROBE_ERRNO);
	data_run(_metadata, &job);
	EXPECT_EQ(-DATA_MATCH, self->out[0]);
	EXPECT_EQ(0, self->out[1]) TH_LOG("getpid must not be filtered");
}

/* The filter returns A (RET_A) built from nr with an ALU OR. */
TEST_F(seccomp_data, nr_echoed_through_ret_a)
{
	struct sock_filter f[] = {
		SST_LD(SST_OFF_NR),
		SST_JEQ(SYS_getppid, 1, 0),
		SST_RET(SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct data_job job = { SST_PROG(f), { 0 }, self->out };

	SST_REQUIRE(SP_PROBE_ERRNO);
	data_run(_metadata, &job);
	EXPECT_EQ(-(long)SYS_getppid, self->out[0]);
}

TEST_F(seccomp_data, arch_is_native_audit_arch)
{
	struct sock_filter f[] = DATA_PROG(SST_OFF_ARCH, sp_arch_native()->audit_arch);
	struct data_job job = { SST_PROG(f), { 0 }, self->out };

	SST_REQUIRE(SP_PROBE_ERRNO);
	data_run(_metadata, &job);
	EXPECT_EQ(-DATA_MATCH, self->out[0]);
}

/* Arguments: the tested one carries a marked value, the others junk. */
#if ULONG_MAX > 0xffffffffUL
#define DATA_ARG_VALUE(i) (0x1122334455667700UL | (unsigned long)(i))
#define DATA_JUNK 0xdeadbeefcafef00dUL
#else
#define DATA_ARG_VALUE(i) (0x55667700UL | (unsigned long)(i))
#define DATA_JUNK 0xcafef00dUL
#endif

static void data_arg_check(struct __test_metadata *_metadata, long *out, int i, bool high)
{
	uint64_t v = DATA_ARG_VALUE(i);
	uint32_t want = high ? (uint32_t)(v >> 32) : (uint32_t)v;
	struct sock_filter f[] = DATA_PROG(SST_OFF_ARG(i) + (high ? SST_HI : SST_LO), want);
	struct data_job job = { SST_PROG(f), { 0 }, out };

	for (int k = 0; k < 6; k++)
		job.args[k] = k == i ? DATA_ARG_VALUE(i) : DATA_JUNK;
	data_run(_metadata, &job);
	EXPECT_EQ(-DATA_MATCH, out[0]) TH_LOG("args[%d] %s half: want 0x%08x", i,
					      high ? "high" : "low", want);
}

#define DATA_ARG_CASES(X) \
	X(0) X(1) X(2) X(3) X(4) X(5)

#define DATA_ARG_TEST(i) \
	TEST_F(seccomp_data, arg##i##_low_half) \
	{ \
		SST_REQUIRE(SP_PROBE_ERRNO); \
		data_arg_check(_metadata, self->out, (i), false); \
	} \
	TEST_F(seccomp_data, arg##i##_high_half) \
	{ \
		SST_REQUIRE(SP_PROBE_ERRNO); \
		data_arg_check(_metadata, self->out, (i), true); \
	}
DATA_ARG_CASES(DATA_ARG_TEST)

/*
 * instruction_pointer: trap once (args[0] = 1) to learn si_call_addr, then a
 * second filter compares both halves of instruction_pointer with it for a
 * call from the same place (args[0] = 2).
 */
static long *data_ip_out;

static void data_ip_on_sigsys(int sig, siginfo_t *info, void *uc)
{
	const struct action_siginfo_sys *si = (const void *)info;

	(void)sig;
	(void)uc;
	data_ip_out[2] = (long)(uintptr_t)si->u.sys.call_addr;
}

static int data_ip_child(void *arg)
{
	long *out = arg;
	struct sigaction sa;
	struct sock_filter trap[] = {
		SST_LD(SST_OFF_NR),
		SST_JEQ(SYS_getppid, 0, 3),
		SST_LD(SST_OFF_ARG(0) + SST_LO),
		SST_JEQ(1, 0, 1),
		SST_RET(SECCOMP_RET_TRAP),
		SST_RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog trap_prog = SST_PROG(trap);

	data_ip_out = out;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = data_ip_on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSYS, &sa, NULL) != 0 || sst_no_new_privs() != 0 ||
	    sst_install(&trap_prog, false, 0) != 0)
		return 81;
	sst_getppid(1, 0, 0, 0, 0, 0);
	if (!out[2])
		return 82;
	uint64_t ip = (uint64_t)(uintptr_t)out[2];
	struct sock_filter cmp[] = {
		/* 0 */ SST_LD(SST_OFF_NR),
		/* 1 */ SST_JEQ(SYS_getppid, 0, 8),            /* else 10: allow */
		/* 2 */ SST_LD(SST_OFF_ARG(0) + SST_LO),
		/* 3 */ SST_JEQ(2, 0, 6),                      /* else 10: allow */
		/* 4 */ SST_LD(SST_OFF_IP + SST_LO),
		/* 5 */ SST_JEQ((uint32_t)ip, 0, 2),            /* else 8: miss */
		/* 6 */ SST_LD(SST_OFF_IP + SST_HI),
		/* 7 */ SST_JEQ((uint32_t)(ip >> 32), 1, 0),    /* 9: match, 8: miss */
		/* 8 */ SST_RET(SECCOMP_RET_ERRNO | DATA_MISS),
		/* 9 */ SST_RET(SECCOMP_RET_ERRNO | DATA_MATCH),
		/* 10 */ SST_RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog cmp_prog = SST_PROG(cmp);

	if (sst_install(&cmp_prog, false, 0) != 0)
		return 83;
	out[0] = sst_getppid(2, 0, 0, 0, 0, 0);
	return 0;
}

TEST_F(seccomp_data, instruction_pointer_is_call_address)
{
	struct sst_status st;

	SST_REQUIRE(SP_PROBE_TRAP);
	ASSERT_EQ(0, sst_run_child(data_ip_child, self->out, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
	EXPECT_NE(0, self->out[2]);
	EXPECT_EQ(-DATA_MATCH, self->out[0]) TH_LOG("si_call_addr 0x%lx", self->out[2]);
}
