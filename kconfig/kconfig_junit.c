// SPDX-License-Identifier: MIT
/*
 * kconfig_junit.c - the kconfig verdicts as JUnit XML for CI systems: one
 * test case per capability, in the shape scripts/sprunner/junit.py writes
 * for the matrix (<testsuites> holding one <testsuite>; a failure is a
 * <failure>, anything undecided an <error>).
 */
#include "kconfig_changes.h"

#include <stdio.h>
#include <string.h>

/* XML text or attribute value: the five entities; other control bytes and
 * bytes past ASCII become '?' (config values are ASCII). */
static void xml(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default: fputc(c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f) ? (int)c : '?', out); break;
		}
	}
}

/* "CONFIG_X=y", "CONFIG_X is not set", "CONFIG_X absent". */
static void found_text(char *buf, size_t len, const struct sp_kc_check *c)
{
	if (c->found.kind == SP_KC_ABSENT)
		snprintf(buf, len, "CONFIG_%s absent", c->need->symbol);
	else if (c->found.kind == SP_KC_NOT_SET)
		snprintf(buf, len, "CONFIG_%s is not set", c->need->symbol);
	else
		snprintf(buf, len, "CONFIG_%s=%.60s", c->need->symbol, c->found.text);
}

static void option_lines(FILE *out, const struct sp_kc_eval *ev, const struct sp_kc_cap_result *r)
{
	for (unsigned i = 0; i < r->cap->nrequires; i++) {
		const struct sp_kc_cap_result *o = &ev->caps[r->cap->requires[i]];
		fprintf(out, "%-8s needs %s: %s\n",
			o->verdict == SP_KC_ENABLED ? "ok" : o->verdict == SP_KC_MISSING ? "MISSING" : "unknown",
			o->cap->name, sp_kc_verdict_name(o->verdict));
	}
	for (unsigned i = 0; i < r->nchecks; i++) {
		const struct sp_kc_check *c = &r->checks[i];
		char found[160], line[320];
		found_text(found, sizeof(found), c);
		snprintf(line, sizeof(line), "%-8s %s want %s%s%s%s\n",
			 c->applies ? (c->ok ? "ok" : c->unresolved ? "unknown" : "MISSING") : "skipped", found,
			 sp_kc_want_name(c->need->want), c->skipped ? " (not checked: " : "",
			 c->skipped ? c->skipped : "", c->skipped ? ")" : "");
		xml(out, line);
	}
}

/* The failure message: the options that are not as wanted. */
static void failing(char *buf, size_t len, const struct sp_kc_eval *ev, const struct sp_kc_cap_result *r)
{
	size_t n = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < r->nchecks && n < len; i++) {
		const struct sp_kc_check *c = &r->checks[i];
		if (!c->applies || c->ok)
			continue;
		char found[160];
		found_text(found, sizeof(found), c);
		n += (size_t)snprintf(buf + n, len - n, "%s%s (want %s)", n ? "; " : "", found,
				      sp_kc_want_name(c->need->want));
	}
	for (unsigned i = 0; i < r->cap->nrequires && n < len; i++) {
		const struct sp_kc_cap_result *o = &ev->caps[r->cap->requires[i]];
		if (o->verdict != SP_KC_ENABLED)
			n += (size_t)snprintf(buf + n, len - n, "%sneeds %s, which is %s", n ? "; " : "", o->cap->name,
					      sp_kc_verdict_name(o->verdict));
	}
	if (r->note[0] && n < len)
		snprintf(buf + n, len - n, "%s%s", n ? "; " : "", r->note);
}

struct junit_args {
	const struct sp_kc_source *src;
	const struct sp_kc_eval *ev;
	unsigned required;
};

void sp_kc_junit(FILE *out, const struct sp_kc_source *src, const struct sp_kc_eval *ev, unsigned required)
{
	unsigned failures = 0, errors = 0, skipped = 0;
	for (unsigned i = 0; i < ev->ncaps; i++) {
		if (!(required & (1u << i)))
			skipped++;
		else if (ev->caps[i].verdict == SP_KC_MISSING)
			failures++;
		else if (ev->caps[i].verdict != SP_KC_ENABLED)
			errors++;
	}
	const char *arch = ev->target.arch[0] ? ev->target.arch : "unknown";
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
		"<testsuite name=\"seccomp-probe kconfig\" tests=\"%u\" failures=\"%u\" errors=\"%u\" "
		"skipped=\"%u\" time=\"0.0\">\n", ev->ncaps, failures, errors, skipped);
	fputs("<properties><property name=\"config\" value=\"", out);
	xml(out, src->path ? src->path : "");
	fputs("\"/><property name=\"kernel\" value=\"", out);
	xml(out, ev->target.kver ? ev->target.kver_text : "unknown");
	fputs("\"/><property name=\"arch\" value=\"", out);
	xml(out, arch);
	fprintf(out, "\"/><property name=\"config_kind\" value=\"%s\"/></properties>\n",
		ev->kind == SP_KC_DEFCONFIG ? "defconfig" : "full");
	for (unsigned i = 0; i < ev->ncaps; i++) {
		const struct sp_kc_cap_result *r = &ev->caps[i];
		char msg[1024];
		fputs("<testcase classname=\"kconfig.", out);
		xml(out, arch);
		fputs("\" name=\"", out);
		xml(out, r->cap->name);
		fputs("\" time=\"0.0\">\n", out);
		failing(msg, sizeof(msg), ev, r);
		const char *el = !(required & (1u << i)) ? "skipped" :
				 r->verdict == SP_KC_MISSING ? "failure" :
				 r->verdict != SP_KC_ENABLED ? "error" : NULL;
		if (el) {
			fprintf(out, "<%s type=\"%s\" message=\"", el, sp_kc_verdict_name(r->verdict));
			if (!(required & (1u << i)))
				fprintf(out, "not required (%s)%s", sp_kc_verdict_name(r->verdict), msg[0] ? ": " : "");
			xml(out, msg);
			fprintf(out, "\"/>\n");
		}
		fputs("<system-out>", out);
		xml(out, r->cap->name);
		fputs(": ", out);
		xml(out, sp_kc_verdict_name(r->verdict));
		fputs(r->backport ? " (backport)" : "", out);
		fputs(r->inconsistent ? " (inconsistent)" : "", out);
		fputs("\n", out);
		option_lines(out, ev, r);
		if (r->note[0]) {
			fputs("note: ", out);
			xml(out, r->note);
			fputs("\n", out);
		}
		fputs("</system-out>\n</testcase>\n", out);
	}
	fputs("</testsuite>\n</testsuites>\n", out);
}

static void junit_fill(FILE *out, const void *arg)
{
	const struct junit_args *a = arg;
	sp_kc_junit(out, a->src, a->ev, a->required);
}

int sp_kc_junit_write(const char *path, const struct sp_kc_source *src, const struct sp_kc_eval *ev,
		      unsigned required, char why[SP_KC_WHY_LEN])
{
	struct junit_args a = { src, ev, required };
	return sp_kc_write_file(path, junit_fill, &a, why);
}
