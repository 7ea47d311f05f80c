// SPDX-License-Identifier: MIT
/*
 * personalities.c - the emulated kernels, one row each, and the few version
 * facts the probe's table (probes/features.c) does not hold. Which seccomp
 * features a personality has is derived from that table, never restated.
 */
#include "pt.h"

#include <string.h>

/* Releases are real last point releases of each series (2.6.29.4, 3.0.8,
 * 3.4.113 and 3.10.105 are the ones DESIGN.md records booted here). */
static struct pt_personality personalities[] = {
	{ "2.6.22", "2.6.22.19", false, 0 },
	{ "2.6.29", "2.6.29.4", false, 0 },
	{ "2.6.29+backport", "2.6.29.4", true, 0 },
	{ "3.0", "3.0.8", false, 0 },
	{ "3.0+backport", "3.0.8", true, 0 },
	{ "3.4", "3.4.113", false, 0 },
	{ "3.4+backport", "3.4.113", true, 0 },
	{ "3.10", "3.10.105", false, 0 },
	/* Android's arm64 3.10 kernels carried this backport (arm64 has filter mode
	 * only from 3.19); on x86 and ARM 3.10 already has everything it brings. */
	{ "3.10+backport", "3.10.105", true, 0 },
	{ "3.16", "3.16.85", false, 0 },
	{ "4.9", "4.9.337", false, 0 },
};

#define N_PERSONALITIES (sizeof(personalities) / sizeof(personalities[0]))

static void fill_versions(void)
{
	for (size_t i = 0; i < N_PERSONALITIES; i++)
		if (!personalities[i].kv &&
		    sp_parse_kernel_version(personalities[i].release, &personalities[i].kv) != 0)
			personalities[i].kv = 0;
}

const struct pt_personality *pt_personality_at(size_t i)
{
	fill_versions();
	return i < N_PERSONALITIES ? &personalities[i] : NULL;
}

const struct pt_personality *pt_personality_find(const char *name)
{
	fill_versions();
	for (size_t i = 0; name && i < N_PERSONALITIES; i++)
		if (strcmp(personalities[i].name, name) == 0)
			return &personalities[i];
	return NULL;
}

/* The backport vendors carried: everything mainline 3.5 brought (filter mode,
 * NO_NEW_PRIVS, RET_KILL/TRAP/ERRNO/TRACE/ALLOW), nothing later. */
#define BACKPORT_LEVEL SP_KV(3, 5, 0)

bool pt_has(const struct pt_personality *p, enum sp_probe_id id, const struct pt_abi *abi)
{
	const struct sp_feature *table = sp_feature_table(NULL);
	if ((unsigned)id >= SP_PROBE_COUNT)
		return false;
	if (p->kv >= sp_mainline_since(id, abi ? abi->sp : NULL))
		return true;
	return p->backport && table[id].mainline <= BACKPORT_LEVEL;
}

#define NO_FEATURE SP_PROBE_COUNT

/* /proc/<pid>/status lines, the release that added each, and the feature
 * (CONFIG_SECCOMP, CONFIG_SECCOMP_FILTER) without which it is not shown. */
static const struct {
	const char *key;
	uint32_t since;
	enum sp_probe_id needs;
} status_lines[] = {
	{ "Seccomp", SP_KV(3, 8, 0), SP_PROBE_STRICT },
	{ "NoNewPrivs", SP_KV(4, 10, 0), NO_FEATURE },          /* commit af884cd4a5ae */
	{ "Seccomp_filters", SP_KV(5, 9, 0), SP_PROBE_FILTER }, /* commit c818c03b661c */
	{ "CapAmb", SP_KV(4, 3, 0), NO_FEATURE },
	{ "Umask", SP_KV(4, 7, 0), NO_FEATURE },
	{ "Speculation_Store_Bypass", SP_KV(4, 17, 0), NO_FEATURE },
};

bool pt_status_line_shown(const struct pt_personality *p, const struct pt_abi *abi, const char *key,
			  size_t keylen)
{
	for (size_t i = 0; i < sizeof(status_lines) / sizeof(status_lines[0]); i++)
		if (strlen(status_lines[i].key) == keylen && memcmp(status_lines[i].key, key, keylen) == 0)
			return p->kv >= status_lines[i].since &&
			       (status_lines[i].needs == NO_FEATURE || pt_has(p, status_lines[i].needs, abi));
	return true;
}

bool pt_has_prctl_seccomp(const struct pt_personality *p, const struct pt_abi *abi)
{
	/* Commit 1d9d02feeee8 (2.6.23) moved strict mode to prctl; a kernel without
	 * seccomp on its arch (arm64 before 3.19) answers both prctls EINVAL. */
	return p->kv >= SP_KV(2, 6, 23) && pt_has(p, SP_PROBE_STRICT, abi);
}

bool pt_has_seccomp_sysctl(const struct pt_personality *p)
{
	/* The sysctl directory came with actions_avail, as GET_ACTION_AVAIL did (4.14). */
	return p->kv >= sp_feature_table(NULL)[SP_PROBE_GET_ACTION_AVAIL].mainline;
}
