// SPDX-License-Identifier: MIT
/* report_text.c - the human table. Colour only when asked (tty, no NO_COLOR). */
#include "report.h"

#include <string.h>

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

/* A PR_GET_* answer: its value, "absent" (EINVAL), "blocked (errno text)" or
 * "error (errno text)". */
static void prctl_field(FILE *out, const char *name, int v, int err, bool blocked)
{
	const char *word = sp_prctl_answer(v, err, blocked);
	if (!word)
		fprintf(out, " %s %d", name, v);
	else if (err && strcmp(word, "absent") != 0)
		fprintf(out, " %s %s (%s)", name, word, strerror(err));
	else if (blocked)
		fprintf(out, " %s %s (the call was killed)", name, word);
	else
		fprintf(out, " %s %s", name, word);
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
	prctl_field(out, "PR_GET_SECCOMP", ps->prctl_get_seccomp, ps->prctl_get_seccomp_errno,
		    ps->prctl_get_seccomp_blocked);
	prctl_field(out, "PR_GET_NO_NEW_PRIVS", ps->prctl_get_no_new_privs,
		    ps->prctl_get_no_new_privs_errno, ps->prctl_get_no_new_privs_blocked);
	fprintf(out, "\nactions_avail: %s\n", ps->actions_avail[0] ? ps->actions_avail : "(absent)");
	if (ps->emulator[0])
		fprintf(out, "emulator: %s answers this process's system calls (qemu-user does not pass "
			"seccomp through): no verdict below is the kernel's\n", ps->emulator);
	fputc('\n', out);
	fprintf(out, "%-20s %-12s %-8s %s\n", "PROBE", "VERDICT", "MAINLINE", "DETAIL");
	for (size_t i = 0; i < SP_PROBE_COUNT; i++) {
		const struct sp_result *r = &rep->results[i];
		if (!(shown & (1ull << i)))
			continue;
		const char *word = sp_report_word(r);
		fprintf(out, "%-20s %s%-12s%s %-8s %s%s\n", table[i].name,
			colour ? verdict_colour(r->verdict) : "", word, colour ? "\033[0m" : "",
			sp_release_string(sp_mainline_since((enum sp_probe_id)i, karch), v, sizeof(v)),
			r->backport ? "[backport] " : "", r->detail);
	}
	fprintf(out, "\nprobed in %u.%03u s\n", rep->elapsed_us / 1000000u,
		(rep->elapsed_us / 1000u) % 1000u);
}
