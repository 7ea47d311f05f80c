// SPDX-License-Identifier: MIT
/* report_json.c - the --json document (schema 2, see SP_JSON_SCHEMA). Fields
 * are only ever added; 2 changed the spelling of "mainline" ("3.5"). */
#include "report.h"

#include <errno.h>
#include <string.h>

const char *sp_kv_string(uint32_t kv, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u", SP_KV_MAJOR(kv), SP_KV_MINOR(kv), SP_KV_PATCH(kv));
	return buf;
}

const char *sp_release_string(uint32_t kv, char *buf, size_t len)
{
	if (SP_KV_PATCH(kv))
		return sp_kv_string(kv, buf, len);
	snprintf(buf, len, "%u.%u", SP_KV_MAJOR(kv), SP_KV_MINOR(kv));
	return buf;
}

const char *sp_report_word(const struct sp_result *r)
{
	return r->verdict == SP_UNSUPPORTED && r->maybe_blocked ? "unsupported?" :
	       sp_verdict_name(r->verdict);
}

const char *sp_prctl_answer(int value, int err, bool blocked)
{
	if (value >= 0)
		return NULL;
	if (blocked)
		return "blocked";
	return err && err != EINVAL ? "error" : "absent";
}

void sp_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static void json_int_or_null(FILE *out, const char *key, int v, const char *sep)
{
	if (v < 0)
		fprintf(out, "\"%s\": null%s", key, sep);
	else
		fprintf(out, "\"%s\": %d%s", key, v, sep);
}

static void write_actions_avail(FILE *out, const char *avail)
{
	if (!avail[0]) {
		fputs("null", out);
		return;
	}
	fputc('[', out);
	char word[32];
	const char *p = avail;
	int first = 1;
	while (*p) {
		size_t n = strcspn(p, " \t");
		if (n && n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = '\0';
			fputs(first ? "" : ", ", out);
			sp_json_string(out, word);
			first = 0;
		}
		p += n;
		p += strspn(p, " \t");
	}
	fputc(']', out);
}

void sp_report_write_json(FILE *out, const struct sp_report *rep, uint64_t shown)
{
	char v[24];
	const struct sp_feature *table = sp_feature_table(NULL);
	const struct sp_arch *karch = sp_arch_by_machine(rep->kernel.machine);
	const struct sp_trap_fields *t = &rep->trap;

	fprintf(out, "{\n  \"schema\": %d,\n  \"tool\": \"seccomp-probe\",\n  \"version\": \"%s\",\n",
		SP_JSON_SCHEMA, SP_VERSION_STRING);
	fputs("  \"kernel\": {\"release\": ", out);
	sp_json_string(out, rep->kernel.release);
	fputs(", \"machine\": ", out);
	sp_json_string(out, rep->kernel.machine);
	if (rep->kernel.version)
		fprintf(out, ", \"version\": \"%s\"", sp_kv_string(rep->kernel.version, v, sizeof(v)));
	else
		fputs(", \"version\": null", out);
	fprintf(out, ", \"arch\": \"%s\", \"audit_arch\": \"0x%08x\"},\n", rep->kernel.arch,
		rep->kernel.audit_arch);

	const struct sp_process_state *ps = &rep->process;
	fputs("  \"process\": {", out);
	json_int_or_null(out, "seccomp", ps->status_seccomp, ", ");
	json_int_or_null(out, "seccomp_filters", ps->status_filters, ", ");
	json_int_or_null(out, "no_new_privs", ps->status_no_new_privs, ", ");
	json_int_or_null(out, "prctl_get_seccomp", ps->prctl_get_seccomp, ", ");
	json_int_or_null(out, "prctl_get_no_new_privs", ps->prctl_get_no_new_privs, ", ");
	fprintf(out, "\"prctl_get_seccomp_blocked\": %s, \"prctl_get_seccomp_errno\": %d, "
		"\"prctl_get_no_new_privs_blocked\": %s, \"prctl_get_no_new_privs_errno\": %d, ",
		ps->prctl_get_seccomp_blocked ? "true" : "false", ps->prctl_get_seccomp_errno,
		ps->prctl_get_no_new_privs_blocked ? "true" : "false", ps->prctl_get_no_new_privs_errno);
	fputs("\"emulator\": ", out);
	if (ps->emulator[0])
		sp_json_string(out, ps->emulator);
	else
		fputs("null", out);
	fputs(", \"actions_avail\": ", out);
	write_actions_avail(out, ps->actions_avail);
	fputs("},\n  \"probes\": {", out);

	int first = 1;
	for (size_t i = 0; i < SP_PROBE_COUNT; i++) {
		const struct sp_result *r = &rep->results[i];
		if (!(shown & (1ull << i)))
			continue;
		fprintf(out, "%s\n    \"%s\": {\"verdict\": \"%s\", \"maybe_blocked\": %s, "
			"\"errno\": %d, \"signal\": %d, \"backport\": %s, \"mainline\": \"%s\", "
			"\"elapsed_us\": %u, \"detail\": ",
			first ? "" : ",", table[i].name, sp_verdict_name(r->verdict),
			r->maybe_blocked ? "true" : "false", r->err, r->sig,
			r->backport ? "true" : "false",
			sp_release_string(sp_mainline_since((enum sp_probe_id)i, karch), v, sizeof(v)),
			r->elapsed_us);
		sp_json_string(out, r->detail);
		fputc('}', out);
		first = 0;
	}
	fputs("\n  },\n", out);
	if (shown & (1ull << SP_PROBE_TRAP))
		fprintf(out, "  \"trap\": {\"delivered\": %s, \"si_signo\": %s, \"si_code\": %s, "
			"\"si_syscall\": %s, \"si_arch\": %s, \"si_errno\": %s, \"seen\": {\"si_code\": %d, "
			"\"si_syscall\": %d, \"si_arch\": \"0x%08x\", \"si_errno\": %d}},\n",
			t->delivered ? "true" : "false", t->signo_ok ? "true" : "false",
			t->code_ok ? "true" : "false", t->syscall_ok ? "true" : "false",
			t->arch_ok ? "true" : "false", t->errno_ok ? "true" : "false", t->seen_code,
			t->seen_syscall, t->seen_arch, t->seen_errno);
	fprintf(out, "  \"elapsed_us\": %u\n}\n", rep->elapsed_us);
}
