// SPDX-License-Identifier: MIT
/* kconfig_report.c - the kconfig verdicts as text (people) and JSON (tools). */
#include "kconfig_changes.h"

#include <string.h>

#define PREFIX "seccomp-probe kconfig: "

static const char *outcome_name(enum sp_kc_outcome o)
{
	return o == SP_KC_MET ? "met" : o == SP_KC_NOT_MET ? "not-met" : "unknown";
}

static const char *kind_name(const struct sp_kc_eval *ev)
{
	return ev->kind == SP_KC_DEFCONFIG ? "defconfig" : "full";
}

static const char *status_name(const struct sp_kc_source *src, const struct sp_kc_eval *ev)
{
	if (!src->path)
		return "not-found";
	if (!ev->have_config)
		return "unreadable";
	return ev->damaged ? "damaged" : "ok";
}

/* "CONFIG_X=y", "# CONFIG_X is not set", "CONFIG_X absent". */
static void found_text(char *buf, size_t len, const char *symbol, struct sp_kc_value v)
{
	if (v.kind == SP_KC_ABSENT)
		snprintf(buf, len, "CONFIG_%s absent", symbol);
	else if (v.kind == SP_KC_NOT_SET)
		snprintf(buf, len, "CONFIG_%s is not set", symbol);
	else
		snprintf(buf, len, "CONFIG_%s=%.60s", symbol, v.text);
}

void sp_kc_report_problems(FILE *err, const struct sp_kc_source *src, const struct sp_kc_eval *ev)
{
	const char *path = src->path ? src->path : "(no config)";
	if (ev && ev->have_config && !ev->damaged && ev->kind == SP_KC_DEFCONFIG)
		fprintf(err, PREFIX "%s: unknown: %s\n", path, sp_kc_defconfig_note);
	if (src->error)
		fprintf(err, PREFIX "%s: %s\n", path, src->error);
	if (!src->cfg)
		return;
	for (int warn = 1; warn >= 0; warn--) {
		const struct sp_kc_problem *p;
		unsigned i = 0;
		for (; (p = sp_kc_problem(src->cfg, warn, i)); i++) {
			if (p->line)
				fprintf(err, PREFIX "%s:%u: %s%s\n", path, p->line, warn ? "warning: " : "", p->msg);
			else
				fprintf(err, PREFIX "%s: %s%s\n", path, warn ? "warning: " : "", p->msg);
		}
		unsigned total = warn ? sp_kc_warning_count(src->cfg) : sp_kc_damage_count(src->cfg);
		if (total > i)
			fprintf(err, PREFIX "%s: %u more %s\n", path, total - i,
				warn ? "warnings" : "malformed lines");
	}
	if (sp_kc_damage_count(src->cfg))
		fprintf(err, PREFIX "%s: the config is damaged (%u malformed lines): verdicts unknown\n",
			path, sp_kc_damage_count(src->cfg));
}

/* The words after a check that contradicts the symbol implying it (depends). */
static void text_implied(FILE *out, const struct sp_kc_check *c)
{
	const char *sym = c->need->symbol, *by = c->implied_by;
	fprintf(out, " (inconsistent: CONFIG_%s=y needs it and kconfig never writes one without the "
		"other: the config looks hand-edited; ", by);
	switch (c->resolution) {
	case SP_KC_RES_SELECTED:
		fprintf(out, "kconfig recomputes CONFIG_%s from the tree's selects: give --src TREE)", sym);
		break;
	case SP_KC_RES_DEFAULT:
		fprintf(out, "kconfig gives an absent CONFIG_%s the tree's default: give --src TREE)", sym);
		break;
	case SP_KC_RES_ABSENT_N:
		fprintf(out, "kconfig gives an absent CONFIG_%s n (it has no default) and drops CONFIG_%s)", sym, by);
		break;
	default:
		fprintf(out, "kconfig keeps CONFIG_%s off and drops CONFIG_%s)", sym, by);
		break;
	}
}

static void text_cap(FILE *out, const struct sp_kc_eval *ev, const struct sp_kc_cap_result *r)
{
	fprintf(out, "%s: %s%s%s", r->cap->name, sp_kc_verdict_name(r->verdict), r->backport ? " (backport)" : "",
		r->inconsistent ? " (inconsistent)" : "");
	fprintf(out, "  [%s]\n", r->cap->what);
	for (unsigned i = 0; i < r->nchecks; i++) {
		const struct sp_kc_check *c = &r->checks[i];
		if (ev->kind == SP_KC_DEFCONFIG) {
			/* Only what the defconfig lists: the rest is at its default. */
			char found[160];
			if (c->found.kind == SP_KC_ABSENT)
				continue;
			found_text(found, sizeof(found), c->need->symbol, c->found);
			fprintf(out, "    %-8s %-40s want %s (listed; the rest is at the tree's defaults)\n",
				"listed", found, sp_kc_want_name(c->need->want));
			continue;
		}
		if (!c->applies && (strcmp(c->skipped, "other arch") == 0 || strcmp(c->skipped, "older kernel") == 0 ||
				    strcmp(c->skipped, "newer kernel") == 0))
			continue;
		char found[160];
		found_text(found, sizeof(found), c->need->symbol, c->found);
		fprintf(out, "    %-8s %-40s want %s",
			c->applies ? (c->ok ? "ok" : c->unresolved ? "unknown" : "MISSING") : "skipped",
			found, sp_kc_want_name(c->need->want));
		if (c->skipped == sp_kc_skip_resolved && c->contradicts)
			fprintf(out, " (not checked: %s: CONFIG_%s=y; but this value contradicts it: "
				"kconfig of this version would not select it, so the config looks "
				"hand-edited)", c->skipped, c->need->restates);
		else if (c->skipped == sp_kc_skip_resolved)
			fprintf(out, " (not checked: %s: CONFIG_%s=y)", c->skipped, c->need->restates);
		else if (!c->applies)
			fprintf(out, " (not checked: %s)", c->skipped);
		else if (!c->ok && c->implied_by)
			text_implied(out, c);
		else if (!c->ok && c->need->why[0])
			fprintf(out, " (%s)", c->need->why);
		fputc('\n', out);
	}
	for (unsigned i = 0; i < r->cap->nrequires; i++) {
		const struct sp_kc_cap_result *o = &ev->caps[r->cap->requires[i]];
		fprintf(out, "    %-8s needs %s: %s\n",
			o->verdict == SP_KC_ENABLED ? "ok" : o->verdict == SP_KC_MISSING ? "MISSING" : "unknown",
			o->cap->name, sp_kc_verdict_name(o->verdict));
	}
	if (r->note[0] && ev->kind != SP_KC_DEFCONFIG)   /* the kind: line says it once */
		fprintf(out, "    note: %s\n", r->note);
}

static void required_list(FILE *out, const struct sp_kc_eval *ev, unsigned required, bool json)
{
	bool first = true;
	for (unsigned i = 0; i < ev->ncaps; i++)
		if (required & (1u << i)) {
			fprintf(out, json ? "%s\"%s\"" : "%s%s", first ? "" : json ? ", " : ",", ev->caps[i].cap->name);
			first = false;
		}
}

/* Is @symbol one the rules check (a seccomp option)? */
static bool checked_symbol(const struct sp_kc_eval *ev, const char *symbol)
{
	for (unsigned i = 0; i < ev->ncaps; i++)
		for (unsigned k = 0; k < ev->caps[i].nchecks; k++)
			if (strcmp(ev->caps[i].checks[k].need->symbol, symbol) == 0)
				return true;
	return false;
}

/* Text lines of the requested options kconfig dropped or changed, at most this many. */
#define TEXT_CHANGES_MAX 40

static void text_requested(FILE *out, const struct sp_kc_eval *ev, const struct sp_kc_requested *rq)
{
	fprintf(out, "requested: %u options from %u input%s; kconfig kept %u, dropped %u, changed %u\n",
		rq->requested, rq->ninputs, rq->ninputs == 1 ? "" : "s", rq->requested - rq->nchanges, rq->ndropped,
		rq->nchanges - rq->ndropped);
	for (unsigned i = 0; i < rq->nchanges && i < TEXT_CHANGES_MAX; i++) {
		const struct sp_kc_change *c = &rq->changes[i];
		fprintf(out, "    %-8s CONFIG_%s=%s -> %s  (%s:%u)%s\n", c->dropped ? "dropped" : "changed", c->symbol,
			c->requested, c->resolved, rq->names[c->input], c->line,
			checked_symbol(ev, c->symbol) ? "  [checked below]" : "");
	}
	if (rq->nchanges > TEXT_CHANGES_MAX)
		fprintf(out, "    ... %u more (--json lists them all)\n", rq->nchanges - TEXT_CHANGES_MAX);
}

static void caps_list(FILE *out, const struct sp_kc_eval *ev, unsigned bits, bool json)
{
	bool first = true;
	for (unsigned i = 0; i < ev->ncaps; i++)
		if (bits & (1u << i)) {
			fprintf(out, json ? "%s\"%s\"" : "%s%s", first ? "" : ", ", ev->caps[i].cap->name);
			first = false;
		}
}

static void text_fixes(FILE *out, const struct sp_kc_eval *ev, const struct sp_kc_fixes *f)
{
	for (unsigned i = 0; i < f->nfix; i++) {
		char line[96];
		sp_kc_fix_line(&f->fix[i], line, sizeof(line));
		fprintf(out, "fix: %s%s (for ", line, f->fix[i].settable ? "" : ": selected by the arch, not settable");
		caps_list(out, ev, f->fix[i].caps, false);
		fprintf(out, ")\n");
	}
	if (f->unfixable) {
		fprintf(out, "fix: none for ");
		caps_list(out, ev, f->unfixable, false);
		fprintf(out, ": the kernel version predates it (a backport is needed)\n");
	}
	if (f->open) {
		fprintf(out, "fix: unknown for ");
		caps_list(out, ev, f->open, false);
		fprintf(out, ": resolve the config first (--src TREE)\n");
	}
}

void sp_kc_report_text(FILE *out, FILE *err, const struct sp_kc_source *src,
		       const struct sp_kc_eval *ev, unsigned required)
{
	sp_kc_report_problems(err, src, ev);
	const struct sp_kc_target *t = &ev->target;
	if (src->path)
		fprintf(out, "config: %s (%s", src->path, src->how && *src->how ? src->how : "unread");
	else
		fprintf(out, "config: none found (searched %s", src->searched ? src->searched : "nothing");
	if (src->cfg)
		fprintf(out, ", %u lines", sp_kc_line_count(src->cfg));
	fprintf(out, ")\nkernel: %s (%s), arch: %s (%s)\n", t->kver ? t->kver_text : "unknown", t->kver_from,
		t->arch[0] ? t->arch : "unknown", t->arch_from);
	if (ev->have_config && ev->kind == SP_KC_DEFCONFIG)
		fprintf(out, "kind: defconfig or fragment (no generated header, none of the symbols every "
			"full .config holds): %s\n", sp_kc_defconfig_note);
	if (src->resolved_by)
		fprintf(out, "resolved: %s\n", src->resolved_by);
	if (src->requested)
		text_requested(out, ev, src->requested);
	for (unsigned i = 0; i < ev->ncaps; i++)
		text_cap(out, ev, &ev->caps[i]);
	fprintf(out, "required ");
	required_list(out, ev, required, false);
	fprintf(out, ": %s\n", outcome_name(sp_kc_outcome(ev, required)));
	if (src->fixes)
		text_fixes(out, ev, src->fixes);
}

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_problems(FILE *out, const struct sp_kc_config *cfg, bool warning)
{
	const struct sp_kc_problem *p;
	fputc('[', out);
	for (unsigned i = 0; cfg && (p = sp_kc_problem(cfg, warning, i)); i++) {
		fprintf(out, "%s{\"line\": %u, \"message\": ", i ? ", " : "", p->line);
		json_str(out, p->msg);
		fputc('}', out);
	}
	fputc(']', out);
}

static void json_cap(FILE *out, const struct sp_kc_eval *ev, const struct sp_kc_cap_result *r)
{
	char mv[16];
	fprintf(out, "    {\"name\": \"%s\", \"verdict\": \"%s\", \"backport\": %s, \"mainline\": \"%s\", "
		"\"inconsistent\": %s, \"note\": ",
		r->cap->name, sp_kc_verdict_name(r->verdict), r->backport ? "true" : "false",
		r->mainline ? sp_kc_kv_text(r->mainline, mv) : "", r->inconsistent ? "true" : "false");
	json_str(out, r->note);
	fprintf(out, ",\n     \"options\": [");
	for (unsigned i = 0; i < r->nchecks; i++) {
		const struct sp_kc_check *c = &r->checks[i];
		fprintf(out, "%s\n       {\"symbol\": \"CONFIG_%s\", \"want\": \"%s\", \"found\": \"%s\", \"value\": ",
			i ? "," : "", c->need->symbol, sp_kc_want_name(c->need->want),
			sp_kc_kind_name(c->found.kind));
		json_str(out, c->found.text);
		fprintf(out, ", \"line\": %u, \"applies\": %s, \"ok\": %s, \"skipped\": ", c->found.line,
			c->applies ? "true" : "false", c->ok ? "true" : "false");
		json_str(out, c->skipped ? c->skipped : "");
		if (c->need->restates[0])
			fprintf(out, ", \"restates\": \"CONFIG_%s\"", c->need->restates);
		if (c->need->restates[0] || c->implied_by)
			fprintf(out, ", \"contradicts\": %s", c->contradicts ? "true" : "false");
		if (c->implied_by)
			fprintf(out, ", \"implied_by\": \"CONFIG_%s\", \"unresolved\": %s", c->implied_by,
				c->unresolved ? "true" : "false");
		fprintf(out, ", \"why\": ");
		json_str(out, c->need->why);
		fputc('}', out);
	}
	fprintf(out, "],\n     \"requires\": [");
	for (unsigned i = 0; i < r->cap->nrequires; i++) {
		const struct sp_kc_cap_result *o = &ev->caps[r->cap->requires[i]];
		fprintf(out, "%s{\"capability\": \"%s\", \"verdict\": \"%s\"}", i ? ", " : "", o->cap->name,
			sp_kc_verdict_name(o->verdict));
	}
	fprintf(out, "]}");
}

static void json_requested(FILE *out, const struct sp_kc_source *src)
{
	const struct sp_kc_requested *rq = src->requested;
	fprintf(out, "  \"resolve\": {\"by\": ");
	json_str(out, src->resolved_by ? src->resolved_by : "");
	fprintf(out, ", \"inputs\": [");
	for (unsigned i = 0; i < rq->ninputs; i++) {
		fprintf(out, i ? ", " : "");
		json_str(out, rq->names[i]);
	}
	fprintf(out, "], \"requested\": %u, \"kept\": %u, \"dropped\": %u, \"changed\": %u,\n    \"options\": [",
		rq->requested, rq->requested - rq->nchanges, rq->ndropped, rq->nchanges - rq->ndropped);
	for (unsigned i = 0; i < rq->nchanges; i++) {
		const struct sp_kc_change *c = &rq->changes[i];
		fprintf(out, "%s\n      {\"symbol\": \"CONFIG_%s\", \"how\": \"%s\", \"requested\": ", i ? "," : "",
			c->symbol, c->dropped ? "dropped" : "changed");
		json_str(out, c->requested);
		fprintf(out, ", \"resolved\": ");
		json_str(out, c->resolved);
		fprintf(out, ", \"input\": ");
		json_str(out, rq->names[c->input]);
		fprintf(out, ", \"line\": %u}", c->line);
	}
	fprintf(out, "]},\n");
}

static void json_fixes(FILE *out, const struct sp_kc_eval *ev, const struct sp_kc_fixes *f)
{
	fprintf(out, "  \"fix\": {\"options\": [");
	for (unsigned i = 0; i < f->nfix; i++) {
		char line[96];
		sp_kc_fix_line(&f->fix[i], line, sizeof(line));
		fprintf(out, "%s{\"symbol\": \"CONFIG_%s\", \"line\": ", i ? ", " : "", f->fix[i].symbol);
		json_str(out, line);
		fprintf(out, ", \"settable\": %s, \"for\": [", f->fix[i].settable ? "true" : "false");
		caps_list(out, ev, f->fix[i].caps, true);
		fprintf(out, "]}");
	}
	fprintf(out, "], \"unfixable\": [");
	caps_list(out, ev, f->unfixable, true);
	fprintf(out, "], \"unknown\": [");
	caps_list(out, ev, f->open, true);
	fprintf(out, "]},\n");
}

void sp_kc_report_json(FILE *out, const struct sp_kc_source *src, const struct sp_kc_eval *ev,
		       unsigned required)
{
	const struct sp_kc_target *t = &ev->target;
	fprintf(out, "{\n  \"schema\": %d,\n  \"tool\": \"seccomp-probe kconfig\",\n  \"version\": \"%s\",\n",
		SP_KC_JSON_SCHEMA, SP_VERSION_STRING);
	fprintf(out, "  \"source\": {\"path\": ");
	json_str(out, src->path ? src->path : "");
	fprintf(out, ", \"found_by\": \"%s\", \"how\": ", src->found_by);
	json_str(out, src->how ? src->how : "");
	fprintf(out, ", \"searched\": ");
	json_str(out, src->searched ? src->searched : "");
	fprintf(out, ", \"lines\": %u},\n", src->cfg ? sp_kc_line_count(src->cfg) : 0);
	fprintf(out, "  \"status\": \"%s\",\n  \"config_kind\": \"%s\",\n  \"error\": ", status_name(src, ev),
		kind_name(ev));
	json_str(out, src->error ? src->error : "");
	fprintf(out, ",\n  \"problems\": ");
	json_problems(out, src->cfg, false);
	fprintf(out, ",\n  \"problem_count\": %u,\n  \"warnings\": ", src->cfg ? sp_kc_damage_count(src->cfg) : 0);
	json_problems(out, src->cfg, true);
	fprintf(out, ",\n  \"kernel\": {\"version\": ");
	json_str(out, t->kver ? t->kver_text : "");
	fprintf(out, ", \"version_from\": \"%s\", \"arch\": ", t->kver_from);
	json_str(out, t->arch);
	fprintf(out, ", \"arch_from\": \"%s\"},\n  \"capabilities\": [\n", t->arch_from);
	for (unsigned i = 0; i < ev->ncaps; i++) {
		json_cap(out, ev, &ev->caps[i]);
		fprintf(out, i + 1 < ev->ncaps ? ",\n" : "\n");
	}
	fprintf(out, "  ],\n");
	if (src->requested)
		json_requested(out, src);
	if (src->fixes)
		json_fixes(out, ev, src->fixes);
	fprintf(out, "  \"required\": [");
	required_list(out, ev, required, true);
	enum sp_kc_outcome o = sp_kc_outcome(ev, required);
	fprintf(out, "],\n  \"result\": \"%s\",\n  \"exit_code\": %d\n}\n", outcome_name(o),
		sp_kc_outcome_exit(o));
}
