// SPDX-License-Identifier: MIT
/*
 * features.c - the version table: which mainline release brought each probed
 * seccomp feature. Shared by the probe (backport marks) and the selftests
 * (expected feature set). One row per feature, indexed by enum sp_probe_id.
 */
#include "seccomp_probe.h"

#include <errno.h>
#include <string.h>

static const struct sp_feature feature_table[SP_PROBE_COUNT] = {
	[SP_PROBE_STRICT] = { SP_PROBE_STRICT, "strict", SP_KV(2, 6, 12), SP_BOUND_SECCOMP,
		"strict mode: /proc/<pid>/seccomp in 2.6.12, prctl(PR_SET_SECCOMP, 1) from 2.6.23" },
	[SP_PROBE_FILTER] = { SP_PROBE_FILTER, "filter", SP_KV(3, 5, 0), SP_BOUND_FILTER,
		"filter mode, prctl(PR_SET_SECCOMP, 2) (3.5, commit e2cfabdfd075)" },
	[SP_PROBE_NO_NEW_PRIVS] = { SP_PROBE_NO_NEW_PRIVS, "no_new_privs", SP_KV(3, 5, 0), SP_BOUND_NONE,
		"PR_SET_NO_NEW_PRIVS (3.5, commit 259e5e6c75a9)" },
	[SP_PROBE_TRAP] = { SP_PROBE_TRAP, "trap", SP_KV(3, 5, 0), SP_BOUND_FILTER,
		"SECCOMP_RET_TRAP: SIGSYS with si_code SYS_SECCOMP (3.5)" },
	[SP_PROBE_ERRNO] = { SP_PROBE_ERRNO, "errno", SP_KV(3, 5, 0), SP_BOUND_FILTER,
		"SECCOMP_RET_ERRNO with data (3.5)" },
	[SP_PROBE_TRACE] = { SP_PROBE_TRACE, "trace", SP_KV(3, 5, 0), SP_BOUND_FILTER,
		"SECCOMP_RET_TRACE, ENOSYS without a tracer (3.5)" },
	[SP_PROBE_KILL] = { SP_PROBE_KILL, "kill", SP_KV(3, 5, 0), SP_BOUND_FILTER,
		"SECCOMP_RET_KILL (thread), death by SIGSYS (3.5)" },
	[SP_PROBE_SECCOMP_SYSCALL] = { SP_PROBE_SECCOMP_SYSCALL, "seccomp_syscall", SP_KV(3, 17, 0), SP_BOUND_FILTER,
		"the seccomp(2) system call (3.17, commit 48dc92b9fc39)" },
	[SP_PROBE_TSYNC] = { SP_PROBE_TSYNC, "tsync", SP_KV(3, 17, 0), SP_BOUND_FILTER,
		"SECCOMP_FILTER_FLAG_TSYNC (3.17, commit c2e1f2e30daa)" },
	[SP_PROBE_FLAG_LOG] = { SP_PROBE_FLAG_LOG, "flag_log", SP_KV(4, 14, 0), SP_BOUND_FILTER,
		"SECCOMP_FILTER_FLAG_LOG (4.14, commit e66a39977985)" },
	[SP_PROBE_SPEC_ALLOW] = { SP_PROBE_SPEC_ALLOW, "spec_allow", SP_KV(4, 17, 0), SP_BOUND_FILTER,
		"SECCOMP_FILTER_FLAG_SPEC_ALLOW (4.17, commit 00a02d0c502a)" },
	[SP_PROBE_NEW_LISTENER] = { SP_PROBE_NEW_LISTENER, "new_listener", SP_KV(5, 0, 0), SP_BOUND_FILTER,
		"SECCOMP_FILTER_FLAG_NEW_LISTENER (5.0, commit 6a21cc50f0c7)" },
	[SP_PROBE_TSYNC_ESRCH] = { SP_PROBE_TSYNC_ESRCH, "tsync_esrch", SP_KV(5, 7, 0), SP_BOUND_FILTER,
		"SECCOMP_FILTER_FLAG_TSYNC_ESRCH (5.7, commit 51891498f2da)" },
	[SP_PROBE_WAIT_KILLABLE_RECV] = { SP_PROBE_WAIT_KILLABLE_RECV, "wait_killable_recv", SP_KV(5, 19, 0), SP_BOUND_FILTER,
		"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, only with NEW_LISTENER (5.19, commit c2aa2dfef243)" },
	[SP_PROBE_GET_ACTION_AVAIL] = { SP_PROBE_GET_ACTION_AVAIL, "get_action_avail", SP_KV(4, 14, 0), SP_BOUND_FILTER,
		"seccomp(SECCOMP_GET_ACTION_AVAIL) (4.14)" },
	[SP_PROBE_LOG] = { SP_PROBE_LOG, "log", SP_KV(4, 14, 0), SP_BOUND_FILTER,
		"SECCOMP_RET_LOG (4.14, commit 59f5cf44a384)" },
	[SP_PROBE_KILL_PROCESS] = { SP_PROBE_KILL_PROCESS, "kill_process", SP_KV(4, 14, 0), SP_BOUND_FILTER,
		"SECCOMP_RET_KILL_PROCESS (4.14, commit 4d3b0b05aae9)" },
	[SP_PROBE_USER_NOTIF] = { SP_PROBE_USER_NOTIF, "user_notif", SP_KV(5, 0, 0), SP_BOUND_FILTER,
		"SECCOMP_RET_USER_NOTIF, answered through the listener fd (5.0, commit 6a21cc50f0c7)" },
};

const struct sp_feature *sp_feature_table(size_t *count)
{
	if (count)
		*count = SP_PROBE_COUNT;
	return feature_table;
}

const struct sp_feature *sp_feature_by_name(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < SP_PROBE_COUNT; i++)
		if (strcmp(feature_table[i].name, name) == 0)
			return &feature_table[i];
	return NULL;
}

uint32_t sp_mainline_since(enum sp_probe_id id, const struct sp_arch *arch)
{
	if ((unsigned)id >= SP_PROBE_COUNT)
		return 0;
	const struct sp_feature *f = &feature_table[id];
	if (!arch)
		arch = sp_arch_native();
	uint32_t arch_since = !arch ? 0 : f->bound == SP_BOUND_FILTER ? arch->filter_since :
			      f->bound == SP_BOUND_SECCOMP ? arch->strict_since : 0;
	return arch_since > f->mainline ? arch_since : f->mainline;
}

int sp_parse_kernel_version(const char *release, uint32_t *kv)
{
	unsigned part[3] = { 0, 0, 0 };
	const char *p = release;
	int n = 0;

	if (!release || !kv)
		return -EINVAL;
	while (n < 3) {
		if (*p < '0' || *p > '9')
			break;
		unsigned v = 0;
		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (unsigned)(*p - '0');
			if (v > 99999999)
				return -EINVAL;
			p++;
		}
		part[n++] = v;
		if (*p != '.')
			break;
		p++;
	}
	if (n < 2 || part[0] > 255 || part[1] > 255)
		return -EINVAL;
	*kv = SP_KV(part[0], part[1], part[2]);
	return 0;
}
