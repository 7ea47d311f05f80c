// SPDX-License-Identifier: GPL-2.0-only
/*
 * areas/install.c - installing filters (3.5; seccomp(2) path 3.17): the
 * NO_NEW_PRIVS / CAP_SYS_ADMIN rule, programs the kernel must reject with
 * EINVAL, the 4096-instruction program and 32768-instruction chain limits,
 * stacking, and filters that cannot be removed. Every test runs for both
 * installation paths (FIXTURE_VARIANT prctl / seccomp). Included by
 * seccomp_selftests.c.
 */
#include <grp.h>

/* Uid the unprivileged tests drop to (nobody). */
#define INSTALL_UNPRIV_UID 65534

FIXTURE(install) {
	long *out; /* shared with the child that installs */
};

FIXTURE_VARIANT(install) {
	bool use_syscall;
};

FIXTURE_VARIANT_ADD(install, prctl) { .use_syscall = false };
FIXTURE_VARIANT_ADD(install, seccomp) { .use_syscall = true };

FIXTURE_SETUP(install)
{
	self->out = sst_shared(4096);
	ASSERT_TRUE(self->out != NULL);
}

FIXTURE_TEARDOWN(install)
{
	munmap(self->out, 4096);
}

/* What one installing child does; results land in out[]. */
struct install_job {
	bool use_syscall;
	bool nnp;                    /* set NO_NEW_PRIVS first */
	uid_t uid;                   /* drop to this uid first when nonzero */
	const struct sock_fprog *prog;
	unsigned repeat;             /* install prog this many times (0 = once) */
	long *out;                   /* [0] last install result, [1] installs that worked,
				        [2] getppid after, [3] getpid after */
};

static int install_job_run(void *arg)
{
	struct install_job *job = arg;
	unsigned times = job->repeat ? job->repeat : 1;

	if (job->uid) {
		if (setgroups(0, NULL) != 0 || setgid(job->uid) != 0 || setuid(job->uid) != 0) {
			job->out[5] = errno;
			return 80;
		}
	}
	if (job->nnp && sst_no_new_privs() != 0)
		return 81;
	job->out[1] = 0;
	for (unsigned i = 0; i < times; i++) {
		job->out[0] = sst_install(job->prog, job->use_syscall, 0);
		if (job->out[0] < 0)
			break;
		job->out[1]++;
	}
	job->out[2] = sst_getppid(0, 0, 0, 0, 0, 0);
	job->out[3] = syscall(SYS_getpid) < 0 ? -errno : 0;
	return 0;
}

static struct sock_filter install_allow_insns[] = { SST_RET(SECCOMP_RET_ALLOW) };
static const struct sock_fprog install_allow_prog = SST_PROG(install_allow_insns);

static void install_run(struct __test_metadata *_metadata, struct install_job *job)
{
	struct sst_status st;

	ASSERT_EQ(0, sst_run_child(install_job_run, job, 10000, &st));
	SST_EXPECT_EXIT(st, 0);
}

/* Run an unprivileged job; SKIP when the kernel has no uids to switch to. */
#define INSTALL_RUN_UNPRIV(job) do { \
	struct sst_status _st; \
	if (geteuid() != 0) \
		SKIP(return, "needs root to switch to uid %d", INSTALL_UNPRIV_UID); \
	ASSERT_EQ(0, sst_run_child(install_job_run, (job), 10000, &_st)); \
	if (_st.exited && _st.code == 80 && (job)->out[5] == ENOSYS) \
		SKIP(return, "setuid: ENOSYS (CONFIG_MULTIUSER=n)"); \
	SST_EXPECT_EXIT(_st, 0); \
} while (0)

TEST_F(install, unprivileged_without_nnp_gets_eacces)
{
	struct install_job job = { variant->use_syscall, false, INSTALL_UNPRIV_UID,
				   &install_allow_prog, 0, self->out };

	SST_REQUIRE_PATH(variant->use_syscall);
	INSTALL_RUN_UNPRIV(&job);
	EXPECT_EQ(-EACCES, self->out[0]);
}

TEST_F(install, unprivileged_with_nnp_installs)
{
	struct install_job job = { variant->use_syscall, true, INSTALL_UNPRIV_UID,
				   &install_allow_prog, 0, self->out };

	SST_REQUIRE_PATH(variant->use_syscall);
	INSTALL_RUN_UNPRIV(&job);
	EXPECT_EQ(0, self->out[0]);
}

TEST_F(install, cap_sys_admin_without_nnp_installs)
{
	struct install_job job = { variant->use_syscall, false, 0, &install_allow_prog, 0,
				   self->out };

	SST_REQUIRE_PATH(variant->use_syscall);
	if (geteuid() != 0)
		SKIP(return, "needs root (CAP_SYS_ADMIN)");
	install_run(_metadata, &job);
	EXPECT_EQ(0, self->out[0]);
}

TEST_F(install, null_program_gets_efault)
{
	struct install_job job = { variant->use_syscall, true, 0, NULL, 0, self->out };

	SST_REQUIRE_PATH(variant->use_syscall);
	install_run(_metadata, &job);
	EXPECT_EQ(-EFAULT, self->out[0]);
}

/* Programs the kernel must refuse with EINVAL; "fill" makes a longer one. */
struct install_bad_prog {
	unsigned short len;         /* program length to pass */
	struct sock_filter insns[3];/* first instructions; the rest is filled */
};

#define BAD_LD_NR   SST_LD(SST_OFF_NR)
#define BAD_ALLOW   SST_RET(SECCOMP_RET_ALLOW)
#define INSTALL_BAD_PROGS(X) \
	X(empty, 0, { BAD_ALLOW }) \
	X(longer_than_4096, SST_MAX_INSNS + 1, { BAD_LD_NR }) \
	X(unknown_opcode, 2, { { 0xff, 0, 0, 0 }, BAD_ALLOW }) \
	X(load_past_seccomp_data, 2, { SST_LD(sizeof(struct sst_seccomp_data)), BAD_ALLOW }) \
	X(load_misaligned, 2, { SST_LD(1), BAD_ALLOW }) \
	X(load_byte_size, 2, { BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), BAD_ALLOW }) \
	X(load_indirect, 2, { BPF_STMT(BPF_LD | BPF_W | BPF_IND, 0), BAD_ALLOW }) \
	X(jump_past_end, 3, { BAD_LD_NR, SST_JEQ(0, 5, 0), BAD_ALLOW }) \
	X(no_return, 1, { BAD_LD_NR }) \
	X(divide_by_constant_zero, 2, { BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), BAD_ALLOW }) \
	X(scratch_slot_out_of_range, 2, { BPF_STMT(BPF_ST, 16), BAD_ALLOW })

static void install_expect_einval(struct __test_metadata *_metadata, bool use_syscall,
				  const struct install_bad_prog *bad, long *out)
{
	static struct sock_filter big[SST_MAX_INSNS + 1];
	struct sock_fprog prog = { .len = bad->len, .filter = big };
	struct install_job job = { use_syscall, true, 0, &prog, 0, out };

	for (size_t i = 0; i < SST_ARRAY_LEN(big); i++)
		big[i] = (struct sock_filter)BAD_LD_NR;
	memcpy(big, bad->insns, sizeof(bad->insns));
	if (bad->len > SST_ARRAY_LEN(bad->insns))
		big[bad->len - 1] = (struct sock_filter)BAD_ALLOW;
	install_run(_metadata, &job);
	EXPECT_EQ(-EINVAL, out[0]);
}

#define INSTALL_BAD_TEST(name, len, ...) \
	TEST_F(install, rejects_##name) \
	{ \
		static const struct install_bad_prog bad = { (len), __VA_ARGS__ }; \
		SST_REQUIRE_PATH(variant->use_syscall); \
		install_expect_einval(_metadata, variant->use_syscall, &bad, self->out); \
	}
INSTALL_BAD_PROGS(INSTALL_BAD_TEST)

/* A filter of @len instructions: loads of nr, then return @action. */
static struct sock_fprog install_long_prog(unsigned short len, uint32_t action)
{
	static struct sock_filter insns[SST_MAX_INSNS];
	struct sock_fprog prog = { .len = len, .filter = insns };

	for (unsigned i = 0; i + 1 < len; i++)
		insns[i] = (struct sock_filter)SST_LD(SST_OFF_NR);
	insns[len - 1] = (struct sock_filter)SST_RET(action);
	return prog;
}

TEST_F(install, accepts_4096_instructions)
{
	struct sock_fprog prog = install_long_prog(SST_MAX_INSNS, SECCOMP_RET_ALLOW);
	struct install_job job = { variant->use_syscall, true, 0, &prog, 0, self->out };

	SST_REQUIRE_PATH(variant->use_syscall);
	install_run(_metadata, &job);
	EXPECT_EQ(0, self->out[0]);
	EXPECT_LT(0, self->out[2]);
}

/*
 * A chain may hold 32768 instructions, each filter counting its length plus
 * 4: seven filters of 4096 fit (7 * 4100 - 4 <= 32768), the eighth is refused
 * with ENOMEM and the seven stay in force.
 */
TEST_F(install, chain_limit_enomem)
{
	struct sock_fprog prog = install_long_prog(SST_MAX_INSNS, SECCOMP_RET_ALLOW);
	struct install_job job = { variant->use_syscall, true, 0, &prog, 8, self->out };

	SST_REQUIRE_PATH(variant->use_syscall);
	install_run(_metadata, &job);
	EXPECT_EQ(-ENOMEM, self->out[0]);
	EXPECT_EQ(7, self->out[1]);
	EXPECT_LT(0, self->out[2]);
}

/* Two filters on different calls: both answer. */
static int install_two_filters(void *arg)
{
	struct install_job *job = arg;
	struct sock_filter b1[4], b2[4];
	struct sock_fprog p1, p2;

	if (sst_no_new_privs() != 0)
		return 81;
	sst_filter_nr(b1, &p1, SYS_getppid, SECCOMP_RET_ERRNO | E2BIG);
	sst_filter_nr(b2, &p2, SYS_getpid, SECCOMP_RET_ERRNO | ENOTTY);
	job->out[0] = sst_install(&p1, job->use_syscall, 0);
	job->out[1] = sst_install(&p2, job->use_syscall, 0);
	job->out[2] = sst_getppid(0, 0, 0, 0, 0, 0);
	job->out[3] = syscall(SYS_getpid) < 0 ? -errno : 0;
	return 0;
}

TEST_F(install, filters_stack)
{
	struct install_job job = { variant->use_syscall, true, 0, NULL, 0, self->out };
	struct sst_status st;

	SST_REQUIRE_PATH(variant->use_syscall);
	ASSERT_EQ(0, sst_run_child(install_two_filters, &job, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(0, self->out[0]);
	EXPECT_EQ(0, self->out[1]);
	EXPECT_EQ(-E2BIG, self->out[2]);
	EXPECT_EQ(-ENOTTY, self->out[3]);
}

/* An allow-everything filter on top does not lift an earlier ERRNO. */
static int install_then_allow(void *arg)
{
	struct install_job *job = arg;
	struct sock_filter b[4];
	struct sock_fprog p;

	if (sst_no_new_privs() != 0)
		return 81;
	sst_filter_nr(b, &p, SYS_getppid, SECCOMP_RET_ERRNO | EXDEV);
	job->out[0] = sst_install(&p, job->use_syscall, 0);
	job->out[1] = sst_install(&install_allow_prog, job->use_syscall, 0);
	job->out[2] = sst_getppid(0, 0, 0, 0, 0, 0);
	return 0;
}

TEST_F(install, filters_cannot_be_removed)
{
	struct install_job job = { variant->use_syscall, true, 0, NULL, 0, self->out };
	struct sst_status st;

	SST_REQUIRE_PATH(variant->use_syscall);
	ASSERT_EQ(0, sst_run_child(install_then_allow, &job, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(0, self->out[0]);
	EXPECT_EQ(0, self->out[1]);
	EXPECT_EQ(-EXDEV, self->out[2]);
}

/* Once in filter mode, strict mode is refused with EINVAL (no mode change). */
static int install_then_strict(void *arg)
{
	struct install_job *job = arg;
	long r;

	if (sst_no_new_privs() != 0)
		return 81;
	job->out[0] = sst_install(&install_allow_prog, job->use_syscall, 0);
	if (job->use_syscall)
		r = sst_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL);
	else
		r = prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) < 0 ? -errno : 0;
	job->out[1] = r;
	job->out[2] = syscall(SYS_getpid) < 0 ? -errno : 0; /* alive: not in strict mode */
	return 0;
}

TEST_F(install, filter_mode_cannot_switch_to_strict)
{
	struct install_job job = { variant->use_syscall, true, 0, NULL, 0, self->out };
	struct sst_status st;

	SST_REQUIRE_PATH(variant->use_syscall);
	ASSERT_EQ(0, sst_run_child(install_then_strict, &job, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(0, self->out[0]);
	EXPECT_EQ(-EINVAL, self->out[1]);
	EXPECT_EQ(0, self->out[2]);
}

/* PR_SET_NO_NEW_PRIVS (3.5): set, read back, never cleared. */
static int install_nnp_child(void *arg)
{
	long *out = arg;

	out[0] = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	out[1] = sst_no_new_privs();
	out[2] = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	out[3] = prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0) < 0 ? -errno : 0;
	out[4] = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	return 0;
}

TEST(no_new_privs_set_and_never_cleared)
{
	long *out = sst_shared(4096);
	struct sst_status st;

	SST_REQUIRE(SP_PROBE_NO_NEW_PRIVS);
	ASSERT_TRUE(out != NULL);
	ASSERT_EQ(0, sst_run_child(install_nnp_child, out, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(0, out[0]);
	EXPECT_EQ(0, out[1]);
	EXPECT_EQ(1, out[2]);
	EXPECT_EQ(-EINVAL, out[3]);
	EXPECT_EQ(1, out[4]);
}
