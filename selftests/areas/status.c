// SPDX-License-Identifier: GPL-2.0-only
/*
 * areas/status.c - how a process sees its own seccomp state:
 * PR_GET_SECCOMP (2.6.23; 0 unconfined, 2 in filter mode, inherited), the
 * "Seccomp:" line of /proc/<pid>/status (3.8) and "Seccomp_filters:" (5.9,
 * the number of filters, inherited across fork). Strict mode's value 1 is
 * checked in areas/strict.c. Included by seccomp_selftests.c.
 */

FIXTURE(status) {
	long *out;
};

FIXTURE_SETUP(status)
{
	self->out = sst_shared(4096);
	ASSERT_TRUE(self->out != NULL);
}

FIXTURE_TEARDOWN(status)
{
	munmap(self->out, 4096);
}

/* One reading of the state, stored at out[base..base+2]. */
static void status_read(long *out, int base)
{
	long v;

	out[base] = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	out[base + 1] = sst_status_field(0, "Seccomp", &v) == 0 ? v : -1;
	out[base + 2] = sst_status_field(0, "Seccomp_filters", &v) == 0 ? v : -1;
}

/* Unfiltered, after 1 filter, after 3 filters, then in a forked child. */
static int status_child(void *arg)
{
	long *out = arg;
	pid_t pid;
	int status;

	status_read(out, 0);
	if (sst_no_new_privs() != 0 || sst_install_nr(SYS_getppid, SECCOMP_RET_ERRNO | 1) != 0)
		return 81;
	status_read(out, 3);
	if (sst_install_nr(SYS_getppid, SECCOMP_RET_ERRNO | 2) != 0 ||
	    sst_install_nr(SYS_getppid, SECCOMP_RET_ERRNO | 3) != 0)
		return 82;
	status_read(out, 6);
	pid = fork();
	if (pid == 0) {
		status_read(out, 9);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 83;
	return 0;
}

static void status_collect(struct __test_metadata *_metadata, long *out)
{
	struct sst_status st;

	ASSERT_EQ(0, sst_run_child(status_child, out, 5000, &st));
	SST_EXPECT_EXIT(st, 0);
}

TEST_F(status, prctl_get_seccomp_reports_mode)
{
	SST_REQUIRE(SP_PROBE_STRICT);
	SST_REQUIRE(SP_PROBE_FILTER);
	status_collect(_metadata, self->out);
	EXPECT_EQ(0, self->out[0]);
	EXPECT_EQ(SECCOMP_MODE_FILTER, self->out[3]);
	EXPECT_EQ(SECCOMP_MODE_FILTER, self->out[6]);
	EXPECT_EQ(SECCOMP_MODE_FILTER, self->out[9]) TH_LOG("forked child");
}

TEST_F(status, seccomp_line_reports_mode)
{
	SST_REQUIRE(SST_STATUS_LINE);
	SST_REQUIRE(SP_PROBE_FILTER);
	status_collect(_metadata, self->out);
	EXPECT_EQ(0, self->out[1]);
	EXPECT_EQ(SECCOMP_MODE_FILTER, self->out[4]);
	EXPECT_EQ(SECCOMP_MODE_FILTER, self->out[10]) TH_LOG("forked child");
}

TEST_F(status, seccomp_filters_line_counts_filters)
{
	SST_REQUIRE(SST_STATUS_FILTERS_LINE);
	SST_REQUIRE(SP_PROBE_FILTER);
	status_collect(_metadata, self->out);
	EXPECT_EQ(0, self->out[2]);
	EXPECT_EQ(1, self->out[5]);
	EXPECT_EQ(3, self->out[8]);
	EXPECT_EQ(3, self->out[11]) TH_LOG("forked child");
}

/* Without CONFIG_SECCOMP_FILTER the mode stays 0 and PR_GET_SECCOMP works. */
TEST_F(status, unconfined_process_reads_zero)
{
	long v = -1;

	SST_REQUIRE(SP_PROBE_STRICT);
	errno = 0;
	long mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	if (mode == -1 && errno == EINVAL && sst_kernel_version() < SP_KV(2, 6, 23))
		SKIP(return, "PR_GET_SECCOMP: mainline 2.6.23, this kernel is older");
	EXPECT_EQ(0, mode);
	if (sst_feature_present(SST_STATUS_LINE) == 1) {
		EXPECT_EQ(0, sst_status_field(0, "Seccomp", &v));
		EXPECT_EQ(0, v);
	}
}
