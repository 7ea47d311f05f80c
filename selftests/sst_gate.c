// SPDX-License-Identifier: GPL-2.0-only
/*
 * sst_gate.c - version awareness for the seccomp selftests: what the kernel
 * shows, what its version promises (the probe's shared table), and the
 * run / SKIP / FAIL decision that follows.
 */
#include "sst.h"
#include "kconfig_parse.h"
#include "kconfig_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <unistd.h>

/*
 * Facts the shared table (probes/features.c) does not carry yet. A row with a
 * status field is present when /proc/self/status has that line; a row
 * without one is a behaviour change only the version can announce (the test
 * itself checks the behaviour).
 */
struct sst_extra_row {
	enum sst_feature id;
	const char *name;
	uint32_t mainline;
	const char *status_field;
	enum sp_probe_id needs;   /* shown only where this shared-table feature is:
				   * its arch bound applies too (arm64: seccomp from 3.19) */
};

static const struct sst_extra_row extra_rows[] = {
	{ SST_STATUS_LINE, "status_seccomp_line", SP_KV(3, 8, 0), "Seccomp", SP_PROBE_STRICT },
	{ SST_STATUS_FILTERS_LINE, "status_filters_line", SP_KV(5, 9, 0), "Seccomp_filters",
	  SP_PROBE_FILTER },
	/* commit 580c57f10768 "seccomp: cap SECCOMP_RET_ERRNO data to MAX_ERRNO" */
	{ SST_ERRNO_CAP, "errno_cap", SP_KV(4, 1, 0), NULL, SP_PROBE_ERRNO },
};

static void feature_facts(int id, const char **name, uint32_t *since);

/* Filter mode as 3.5 shipped it: what "--expect-backport filter" promises. */
static const enum sp_probe_id filter_group[] = {
	SP_PROBE_FILTER, SP_PROBE_NO_NEW_PRIVS, SP_PROBE_TRAP, SP_PROBE_ERRNO,
	SP_PROBE_TRACE, SP_PROBE_KILL,
};

/* Bit per feature promised by --expect-backport; set once in main(). */
static uint64_t expected_backports;

int sst_expect_backport(const char *list, char *bad, size_t badlen)
{
	char name[64];
	const char *p = list;

	while (p && *p) {
		size_t n = strcspn(p, ",");
		if (n == 0 || n >= sizeof(name)) {
			snprintf(bad, badlen, "%.*s", (int)n, p);
			return -EINVAL;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		const struct sp_feature *f = sp_feature_by_name(name);
		if (!f) {
			snprintf(bad, badlen, "%s", name);
			return -EINVAL;
		}
		expected_backports |= 1ULL << f->id;
		if (f->id == SP_PROBE_FILTER)
			for (size_t i = 0; i < SST_ARRAY_LEN(filter_group); i++)
				expected_backports |= 1ULL << filter_group[i];
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

uint32_t sst_kernel_version(void)
{
	struct utsname u;
	uint32_t kv = 0;

	if (uname(&u) != 0 || sp_parse_kernel_version(u.release, &kv) != 0)
		return 0;
	return kv;
}

/* -errno of a failed call, or its non-negative value. */
static long call_result(long r)
{
	return r < 0 ? -errno : r;
}

/* Answer of "is flag F known": EFAULT with a NULL program means yes. */
static int flag_known(unsigned long flag)
{
	long r = sst_seccomp(SECCOMP_SET_MODE_FILTER, flag, NULL);
	if (r == -EFAULT)
		return 1;
	if (r == -EINVAL)
		return 0;
	return r < 0 ? (int)r : -EPROTO;
}

static int action_known(uint32_t action)
{
	long r = sst_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action);
	if (r == 0)
		return 1;
	if (r == -EOPNOTSUPP || r == -EINVAL)
		return 0;
	return (int)r;
}

static int seccomp_syscall_present(void)
{
	long r = sst_seccomp(SECCOMP_SET_MODE_STRICT, 1, NULL);
	if (r == -EINVAL)
		return 1;
	if (r == -ENOSYS)
		return 0;
	return r < 0 ? (int)r : -EPROTO;
}

/* Runs in a child: a nonsense answer must not change the test process. */
static int presence_in_child(void *arg)
{
	int id = *(int *)arg;
	int r, sc;

	switch (id) {
	case SP_PROBE_STRICT:
		r = (int)call_result(prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
		if (r == -EINVAL) {
			/* Before 2.6.23 strict mode is entered through /proc/self/seccomp. */
			int fd = open("/proc/self/seccomp", O_WRONLY);
			if (fd >= 0)
				close(fd);
			return fd >= 0;
		}
		return r >= 0 ? 1 : 100 - r;
	case SP_PROBE_NO_NEW_PRIVS:
		r = (int)call_result(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		return r >= 0 ? 1 : r == -EINVAL ? 0 : 100 - r;
	case SP_PROBE_FILTER: case SP_PROBE_TRAP: case SP_PROBE_ERRNO:
	case SP_PROBE_TRACE: case SP_PROBE_KILL:
		r = (int)call_result(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, 0, 0, 0));
		return r == -EFAULT ? 1 : r == -EINVAL ? 0 : 100 - r;
	default:
		break;
	}
	sc = seccomp_syscall_present();
	if (sc <= 0)
		return sc == 0 ? 0 : 100 - sc;
	switch (id) {
	case SP_PROBE_SECCOMP_SYSCALL: r = 1; break;
	case SP_PROBE_TSYNC: r = flag_known(SECCOMP_FILTER_FLAG_TSYNC); break;
	case SP_PROBE_FLAG_LOG: r = flag_known(SECCOMP_FILTER_FLAG_LOG); break;
	case SP_PROBE_SPEC_ALLOW: r = flag_known(SECCOMP_FILTER_FLAG_SPEC_ALLOW); break;
	case SP_PROBE_NEW_LISTENER: r = flag_known(SECCOMP_FILTER_FLAG_NEW_LISTENER); break;
	case SP_PROBE_TSYNC_ESRCH: r = flag_known(SECCOMP_FILTER_FLAG_TSYNC_ESRCH); break;
	case SP_PROBE_WAIT_KILLABLE_RECV:
		r = flag_known(SECCOMP_FILTER_FLAG_NEW_LISTENER |
			       SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
		break;
	case SP_PROBE_GET_ACTION_AVAIL: r = action_known(SECCOMP_RET_ALLOW); break;
	case SP_PROBE_LOG: r = action_known(SECCOMP_RET_LOG); break;
	case SP_PROBE_KILL_PROCESS: r = action_known(SECCOMP_RET_KILL_PROCESS); break;
	case SP_PROBE_USER_NOTIF:
		r = action_known(SECCOMP_RET_USER_NOTIF);
		if (r == 1)
			r = flag_known(SECCOMP_FILTER_FLAG_NEW_LISTENER);
		break;
	default: r = -EINVAL; break;
	}
	return r >= 0 ? r : 100 - r;
}

/*
 * Presence of the shared-table features, asked once by sst_gate_prepare() in
 * the harness's parent: every test is a fork of it and inherits the answers,
 * so a test no longer forks a child per gate. 0 in present_known: not asked.
 */
static int present_known[SP_PROBE_COUNT];
static int present_answer[SP_PROBE_COUNT];

/* The shared-table feature @id asked in a child (a nonsense answer must not
 * change the caller): 1, 0, or -errno. */
static int ask_in_child(int id)
{
	struct sst_status st;
	int r = sst_run_child(presence_in_child, &id, 2000, &st);

	if (r < 0)
		return r;
	if (!st.exited)
		return -EINTR;
	if (st.code == 0 || st.code == 1)
		return st.code;
	return -(st.code - 100);
}

int sst_feature_present(int id)
{
	for (size_t i = 0; i < SST_ARRAY_LEN(extra_rows); i++) {
		if ((int)extra_rows[i].id != id)
			continue;
		long v;
		if (!extra_rows[i].status_field) {
			const char *name;
			uint32_t since;
			feature_facts(id, &name, &since);
			return sst_kernel_version() >= since;
		}
		int r = sst_status_field(0, extra_rows[i].status_field, &v);
		return r == 0 ? 1 : r == -ENODATA ? 0 : r;
	}
	if (id < 0 || id >= SP_PROBE_COUNT)
		return -EINVAL;
	if (present_known[id])
		return present_answer[id];
	return ask_in_child(id);
}

void sst_gate_prepare(void)
{
	for (int id = 0; id < SP_PROBE_COUNT; id++) {
		present_answer[id] = ask_in_child(id);
		present_known[id] = 1;
	}
}

/* The CONFIG_ option a feature sits behind, for SKIP/FAIL reasons. */
static const char *config_of(int id)
{
	if (id == SP_PROBE_NO_NEW_PRIVS)
		return "no option (always built)";
	/* "Seccomp_filters:" is printed only under CONFIG_SECCOMP_FILTER (5.9). */
	if (id == SP_PROBE_STRICT || id == SST_STATUS_LINE)
		return "CONFIG_SECCOMP";
	return "CONFIG_SECCOMP_FILTER";
}

static void feature_facts(int id, const char **name, uint32_t *since)
{
	for (size_t i = 0; i < SST_ARRAY_LEN(extra_rows); i++) {
		if ((int)extra_rows[i].id == id) {
			uint32_t needs_since = sp_mainline_since(extra_rows[i].needs, NULL);
			*name = extra_rows[i].name;
			*since = extra_rows[i].mainline > needs_since ? extra_rows[i].mainline : needs_since;
			return;
		}
	}
	*name = sp_feature_table(NULL)[id].name;
	*since = sp_mainline_since((enum sp_probe_id)id, NULL);
}

#define KV_ARGS(kv) SP_KV_MAJOR(kv), SP_KV_MINOR(kv), SP_KV_PATCH(kv)

/*
 * configured_out - does the running kernel's own config (/proc/config.gz,
 * CONFIG_IKCONFIG_PROC) say the option behind @id is off? Then its absence is
 * a build choice, not a broken kernel. Returns 1 off, 0 on or no config.
 */
static int configured_out(int id)
{
	const char *option = config_of(id) + strlen("CONFIG_");
	struct sp_kc_text text = { 0 };
	struct sp_kc_config *cfg = NULL;
	char why[SP_KC_WHY_LEN];
	int off = 0;

	if (strncmp(config_of(id), "CONFIG_", 7) != 0)
		return 0;
	if (sp_kc_read_config("/proc/config.gz", &text, why) == 0 &&
	    sp_kc_parse(text.data, text.len, &cfg) == 0 && sp_kc_damage_count(cfg) == 0) {
		enum sp_kc_kind k = sp_kc_lookup(cfg, option).kind;
		off = k == SP_KC_NOT_SET || k == SP_KC_NO || k == SP_KC_ABSENT;
	}
	sp_kc_free(cfg);
	sp_kc_text_free(&text);
	return off;
}

enum sst_verdict sst_gate(int id, char *why, size_t len)
{
	const char *name;
	uint32_t since, kv = sst_kernel_version();
	int present;

	if (id < 0 || id >= SST_FEATURE_END) {
		snprintf(why, len, "feature %d is not in the table", id);
		return SST_FAIL;
	}
	feature_facts(id, &name, &since);
	present = sst_feature_present(id);
	if (present == 1) {
		snprintf(why, len, "%s present", name);
		return SST_RUN;
	}
	if (present < 0) {
		snprintf(why, len, "%s: the kernel's answer is neither presence nor absence: %s",
			 name, strerror(-present));
		return SST_FAIL;
	}
	if (id < SP_PROBE_COUNT && (expected_backports >> id) & 1) {
		snprintf(why, len, "%s missing although --expect-backport promised it (%s)",
			 name, config_of(id));
		return SST_FAIL;
	}
	if (kv == 0) {
		snprintf(why, len, "%s missing and the kernel release does not parse", name);
		return SST_FAIL;
	}
	if (kv >= since && configured_out(id)) {
		snprintf(why, len, "%s: configured out (%s not set in /proc/config.gz)", name,
			 config_of(id));
		return SST_SKIP;
	}
	if (kv >= since) {
		snprintf(why, len, "%s missing: mainline has it since %u.%u.%u, kernel is %u.%u.%u (%s?)",
			 name, KV_ARGS(since), KV_ARGS(kv), config_of(id));
		return SST_FAIL;
	}
	snprintf(why, len, "%s: not in kernel %u.%u.%u (mainline since %u.%u.%u, %s)",
		 name, KV_ARGS(kv), KV_ARGS(since), config_of(id));
	return SST_SKIP;
}
