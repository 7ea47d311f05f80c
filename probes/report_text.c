// SPDX-License-Identifier: MIT
/* report_text.c - the human table. Colour only when asked (tty, no NO_COLOR). */
#include "report.h"

static const char *verdict_colour(enum sp_verdict v)
{
	switch (v) {
	case SP_SUPPORTED: return "\033[32m";
	case SP_UNSUPPORTED: return "\033[33m";
	case SP_BLOCKED: return "\033[35m";
	case SP_ERROR: return "\033[31m";
	default: return "";
	}
}

static void field(FILE *out, const char *name, int v)
{
	if (v < 0)
		fprintf(out, " %s absent", name);
	else
		fprintf(out, " %s %d", name, v);
}

void sp_report_write_text(FILE *out, const struct sp_report *rep, uint64_t shown, int colour)
{
	char v[24];
	const struct sp_feature *table = sp_feature_table(NULL);
	const struct sp_arch *karch = sp_arch_by_machine(rep->kernel.machine);
	const struct sp_process_state *ps = &rep->process;

	fprintf(out, "kernel:  Linux %s %s (binary arch %s, AUDIT_ARCH 0x%08x)\n",
		rep->kernel.release, rep->kernel.machine, rep->kernel.arch, rep->kernel.audit_arch);
	fputs("process:", out);
	field(out, "Seccomp", ps->status_seccomp);
	field(out, "Seccomp_filters", ps->status_filters);
	field(out, "NoNewPrivs", ps->status_no_new_privs);
	field(out, "PR_GET_SECCOMP", ps->prctl_get_seccomp);
	field(out, "PR_GET_NO_NEW_PRIVS", ps->prctl_get_no_new_privs);
	fprintf(out, "\nactions_avail: %s\n\n", ps->actions_avail[0] ? ps->actions_avail : "(absent)");
	fprintf(out, "%-20s %-12s %-8s %s\n", "PROBE", "VERDICT", "MAINLINE", "DETAIL");
	for (size_t i = 0; i < SP_PROBE_COUNT; i++) {
		const struct sp_result *r = &rep->results[i];
		if (!(shown & (1ull << i)))
			continue;
		const char *word = sp_verdict_name(r->verdict);
		fprintf(out, "%-20s %s%-12s%s %-8s %s%s\n", table[i].name,
			colour ? verdict_colour(r->verdict) : "", word, colour ? "\033[0m" : "",
			sp_kv_string(sp_mainline_since((enum sp_probe_id)i, karch), v, sizeof(v)),
			r->backport ? "[backport] " : "", r->detail);
	}
	fprintf(out, "\nprobed in %u.%03u s\n", rep->elapsed_us / 1000000u,
		(rep->elapsed_us / 1000u) % 1000u);
}
