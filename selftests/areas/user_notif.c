// SPDX-License-Identifier: GPL-2.0-only
/*
 * areas/user_notif.c - SECCOMP_RET_USER_NOTIF with a listener from
 * SECCOMP_FILTER_FLAG_NEW_LISTENER (5.0): the supervisor receives the call
 * (id, pid, nr, arch, args), can check the id is live, answers a value or an
 * error; one listener per filter chain (EBUSY); no listener left means ENOSYS.
 * Included by seccomp_selftests.c.
 */

FIXTURE(user_notif) {
	long *out;
};

FIXTURE_SETUP(user_notif)
{
	self->out = sst_shared(4096);
	ASSERT_TRUE(self->out != NULL);
}

FIXTURE_TEARDOWN(user_notif)
{
	munmap(self->out, 4096);
}

#define NOTIF_ARG(i) (0x1000UL + (unsigned long)(i))

/*
 * What the supervisor answers and what everyone saw:
 * out[0] caller's result, out[1] caller pid, out[2] supervisor status,
 * out[3] nr, out[4] arch, out[5] pid, out[6..11] args,
 * out[12] ID_VALID before the answer, out[13] ID_VALID after.
 */
struct notif_job {
	int64_t val;
	int32_t error;
	long *out;
};

static int notif_supervise(int listener, const struct notif_job *job)
{
	struct sst_notif req;
	struct sst_notif_resp resp;
	long *out = job->out;

	memset(&req, 0, sizeof(req));
	if (ioctl(listener, SST_IOCTL_NOTIF_RECV, &req) != 0)
		return 1;
	out[3] = req.data.nr;
	out[4] = (long)req.data.arch;
	out[5] = (long)req.pid;
	for (int i = 0; i < 6; i++)
		out[6 + i] = (long)req.data.args[i];
	out[12] = ioctl(listener, SST_IOCTL_NOTIF_ID_VALID, &req.id) == 0 ? 0 : -errno;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.val = job->val;
	resp.error = job->error;
	if (ioctl(listener, SST_IOCTL_NOTIF_SEND, &resp) != 0)
		return 2;
	/* the caller has its answer once it reports back; then the id is stale */
	while (!out[14])
		sst_ms_sleep(1);
	out[13] = ioctl(listener, SST_IOCTL_NOTIF_ID_VALID, &req.id) == 0 ? 0 : -errno;
	return 0;
}

static int notif_child(void *arg)
{
	struct notif_job *job = arg;
	struct sock_filter b[4];
	struct sock_fprog p;
	int status = 0;
	long listener;
	pid_t sup;

	if (sst_no_new_privs() != 0)
		return 81;
	sst_filter_nr(b, &p, SYS_getppid, SECCOMP_RET_USER_NOTIF);
	listener = sst_install(&p, true, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	if (listener < 0)
		return 82;
	fflush(stdout);
	sup = fork();
	if (sup < 0)
		return 83;
	if (sup == 0)
		_exit(notif_supervise((int)listener, job));
	close((int)listener);
	job->out[1] = getpid();
	job->out[0] = sst_getppid(NOTIF_ARG(0), NOTIF_ARG(1), NOTIF_ARG(2), NOTIF_ARG(3),
				  NOTIF_ARG(4), NOTIF_ARG(5));
	job->out[14] = 1;
	if (waitpid(sup, &status, 0) != sup)
		return 84;
	job->out[2] = WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
	return 0;
}

static void notif_run(struct __test_metadata *_metadata, struct notif_job *job)
{
	struct sst_status st;

	ASSERT_EQ(0, sst_run_child(notif_child, job, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
	EXPECT_EQ(0, job->out[2]) TH_LOG("supervisor failed");
}

TEST_F(user_notif, supervisor_sees_the_call)
{
	struct notif_job job = { 0, 0, self->out };

	SST_REQUIRE(SP_PROBE_USER_NOTIF);
	notif_run(_metadata, &job);
	EXPECT_EQ(SYS_getppid, self->out[3]);
	EXPECT_EQ((long)sp_arch_native()->audit_arch, self->out[4]);
	EXPECT_EQ(self->out[1], self->out[5]);
	for (int i = 0; i < 6; i++) {
		EXPECT_EQ((long)NOTIF_ARG(i), self->out[6 + i]) TH_LOG("args[%d]", i);
	}
}

TEST_F(user_notif, id_valid_until_answered)
{
	struct notif_job job = { 0, 0, self->out };

	SST_REQUIRE(SP_PROBE_USER_NOTIF);
	notif_run(_metadata, &job);
	EXPECT_EQ(0, self->out[12]);
	EXPECT_EQ(-ENOENT, self->out[13]);
}

/* Answers: value, or error (the value is then ignored). */
#define NOTIF_ANSWER_CASES(X) \
	X(value, 4242, 0, 4242) \
	X(error, 99, -EACCES, -EACCES)

#define NOTIF_ANSWER_TEST(name, val, error, want) \
	TEST_F(user_notif, answer_##name##_reaches_caller) \
	{ \
		struct notif_job job = { (val), (error), self->out }; \
		SST_REQUIRE(SP_PROBE_USER_NOTIF); \
		notif_run(_metadata, &job); \
		EXPECT_EQ((long)(want), self->out[0]); \
	}
NOTIF_ANSWER_CASES(NOTIF_ANSWER_TEST)

static int notif_twice_child(void *arg)
{
	long *out = arg;
	struct sock_filter b[4];
	struct sock_fprog p;

	if (sst_no_new_privs() != 0)
		return 81;
	sst_filter_nr(b, &p, SYS_getppid, SECCOMP_RET_USER_NOTIF);
	out[0] = sst_install(&p, true, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	out[1] = sst_install(&p, true, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	if (out[0] >= 0)
		close((int)out[0]);
	/* no listener left open: the notifying call fails with ENOSYS */
	out[2] = sst_getppid(0, 0, 0, 0, 0, 0);
	return 0;
}

TEST_F(user_notif, second_listener_ebusy_closed_listener_enosys)
{
	struct sst_status st;

	SST_REQUIRE(SP_PROBE_USER_NOTIF);
	ASSERT_EQ(0, sst_run_child(notif_twice_child, self->out, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
	EXPECT_LE(0, self->out[0]);
	EXPECT_EQ(-EBUSY, self->out[1]);
	EXPECT_EQ(-ENOSYS, self->out[2]);
}
