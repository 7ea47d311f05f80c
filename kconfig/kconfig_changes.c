// SPDX-License-Identifier: MIT
/*
 * kconfig_changes.c - requested options against the resolved config, and
 * the fragment a failing config needs (see kconfig_changes.h).
 */
#include "kconfig_changes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A value as merge_config.sh and kconfig compare it: n for off, not set and absent. */
static void value_text(struct sp_kc_value v, char *buf, size_t len)
{
	switch (v.kind) {
	case SP_KC_ABSENT: case SP_KC_NOT_SET: case SP_KC_NO:
		snprintf(buf, len, "n");
		break;
	default:
		snprintf(buf, len, "%s", v.text);
		break;
	}
}

/* Is @name assigned by an input after @i? (the later one wins) */
static bool overridden(const struct sp_kc_config *const *inputs, unsigned n, unsigned i, const char *name)
{
	for (unsigned k = i + 1; k < n; k++)
		if (sp_kc_lookup(inputs[k], name).kind != SP_KC_ABSENT)
			return true;
	return false;
}

static int change_order(const void *a, const void *b)
{
	const struct sp_kc_change *x = a, *y = b;
	if (x->input != y->input)
		return x->input < y->input ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

int sp_kc_compare_requested(const struct sp_kc_config *const *inputs, const char *const *names, unsigned n,
			    const struct sp_kc_config *resolved, struct sp_kc_requested *out)
{
	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if ((!inputs && n) || !resolved)
		return -EINVAL;
	out->ninputs = n;
	out->names = names;
	size_t cap = 0;
	for (unsigned i = 0; i < n; i++) {
		size_t pos = 0;
		const char *name;
		struct sp_kc_value v;
		while (sp_kc_next(inputs[i], &pos, &name, &v)) {
			if (overridden(inputs, n, i, name))
				continue;
			out->requested++;
			char want[72], got[72];
			value_text(v, want, sizeof(want));
			value_text(sp_kc_lookup(resolved, name), got, sizeof(got));
			if (strcmp(want, got) == 0)
				continue;
			if (out->nchanges == cap) {
				size_t ncap = cap ? 2 * cap : 16;
				struct sp_kc_change *c = realloc(out->changes, ncap * sizeof(*c));
				if (!c) {
					sp_kc_requested_free(out);
					return -ENOMEM;
				}
				out->changes = c;
				cap = ncap;
			}
			struct sp_kc_change *c = &out->changes[out->nchanges++];
			c->symbol = name;
			memcpy(c->requested, want, sizeof(want));
			memcpy(c->resolved, got, sizeof(got));
			c->dropped = strcmp(want, "n") != 0 && strcmp(got, "n") == 0;
			c->input = i;
			c->line = v.line;
			out->ndropped += c->dropped;
		}
	}
	if (out->nchanges)
		qsort(out->changes, out->nchanges, sizeof(out->changes[0]), change_order);
	return 0;
}

void sp_kc_requested_free(struct sp_kc_requested *r)
{
	if (!r)
		return;
	free(r->changes);
	r->changes = NULL;
	r->nchanges = r->ndropped = 0;
}

static void add_fix(struct sp_kc_fixes *out, const struct sp_kc_rules *rules, const struct sp_kc_need *n,
		    unsigned caps)
{
	for (unsigned i = 0; i < out->nfix; i++)
		if (strcmp(out->fix[i].symbol, n->symbol) == 0) {
			out->fix[i].caps |= caps;
			unsigned both = out->fix[i].want & n->want;   /* two needs, one value */
			if (both)
				out->fix[i].want = both;
			return;
		}
	if (out->nfix == sizeof(out->fix) / sizeof(out->fix[0]))
		return;
	const struct sp_kc_symbol_type *st = sp_kc_rules_symbol(rules, n->symbol);
	struct sp_kc_fix *f = &out->fix[out->nfix++];
	f->symbol = n->symbol;
	f->want = n->want;
	f->settable = !(st && st->selected);
	f->caps = caps;
}

/* The failing needs of capability @i and of those it requires; @caps: the
 * capabilities they are for (@i and those that required it). */
static void collect(const struct sp_kc_eval *ev, const struct sp_kc_rules *rules, unsigned i, unsigned caps,
		    unsigned depth, struct sp_kc_fixes *out)
{
	const struct sp_kc_cap_result *r = &ev->caps[i];
	caps |= 1u << i;
	if (depth > SP_KC_MAX_CAPS || r->verdict == SP_KC_ENABLED)
		return;
	if (r->verdict == SP_KC_UNKNOWN) {
		out->open |= 1u << i;
		return;
	}
	if (r->too_old) {
		out->unfixable |= 1u << i;
		return;
	}
	for (unsigned k = 0; k < r->nchecks; k++) {
		const struct sp_kc_check *c = &r->checks[k];
		if (c->applies && !c->ok && !c->unresolved)
			add_fix(out, rules, c->need, caps);
	}
	for (unsigned k = 0; k < r->cap->nrequires; k++)
		collect(ev, rules, r->cap->requires[k], caps, depth + 1, out);
}

void sp_kc_fixes_compute(const struct sp_kc_eval *ev, const struct sp_kc_rules *rules, unsigned required,
			 struct sp_kc_fixes *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < ev->ncaps; i++) {
		if (!(required & (1u << i)))
			continue;
		if (!ev->have_config || ev->damaged || ev->kind == SP_KC_DEFCONFIG)
			out->open |= 1u << i;
		else
			collect(ev, rules, i, 0, 0, out);
	}
}

void sp_kc_fix_line(const struct sp_kc_fix *f, char *buf, size_t len)
{
	if (f->want & SP_KC_WANT_Y)
		snprintf(buf, len, "CONFIG_%s=y", f->symbol);
	else if (f->want & SP_KC_WANT_M)
		snprintf(buf, len, "CONFIG_%s=m", f->symbol);
	else
		snprintf(buf, len, "# CONFIG_%s is not set", f->symbol);
}

static void cap_names(FILE *out, const struct sp_kc_eval *ev, unsigned bits)
{
	bool first = true;
	for (unsigned i = 0; i < ev->ncaps; i++)
		if (bits & (1u << i)) {
			fprintf(out, "%s%s", first ? "" : ", ", ev->caps[i].cap->name);
			first = false;
		}
}

static void fragment(FILE *out, const struct sp_kc_fixes *f, const struct sp_kc_eval *ev, const char *source)
{
	fprintf(out, "# Written by seccomp-probe kconfig --fragment-out: what %s must change\n"
		"# for the required capabilities. Merge it with the kernel's\n"
		"#   scripts/kconfig/merge_config.sh -m .config THIS && make olddefconfig\n"
		"# and check the result again (kconfig drops an option whose dependencies fail).\n",
		source ? source : "the config");
	if (!f->nfix && !f->unfixable && !f->open)
		fprintf(out, "# Nothing to change: every required capability is enabled.\n");
	for (unsigned i = 0; i < ev->ncaps; i++) {
		const struct sp_kc_cap_result *r = &ev->caps[i];
		if (f->unfixable & (1u << i))
			fprintf(out, "# %s: %s: no option gives it\n", r->cap->name, r->note);
		else if (f->open & (1u << i))
			fprintf(out, "# %s: unknown (%s): resolve the config first (--src TREE)\n", r->cap->name,
				r->note[0] ? r->note : "no verdict");
	}
	for (unsigned i = 0; i < f->nfix; i++) {
		char line[96];
		sp_kc_fix_line(&f->fix[i], line, sizeof(line));
		fprintf(out, "# for ");
		cap_names(out, ev, f->fix[i].caps);
		if (f->fix[i].settable) {
			fprintf(out, "\n%s\n", line);
		} else {
			fprintf(out, ": CONFIG_%s is selected by the arch (no prompt): a fragment cannot set it;\n"
				"# this arch or kernel version does not select it\n", f->fix[i].symbol);
		}
	}
}

int sp_kc_write_file(const char *path, void (*fill)(FILE *out, const void *arg), const void *arg,
		     char why[SP_KC_WHY_LEN])
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		snprintf(why, SP_KC_WHY_LEN, "path too long");
		return -ENAMETOOLONG;
	}
	FILE *out = fopen(tmp, "w");
	if (!out) {
		int err = errno;
		snprintf(why, SP_KC_WHY_LEN, "%s", strerror(err));
		return -err;
	}
	fill(out, arg);
	int err = ferror(out) ? EIO : 0;
	if (fclose(out) != 0 && !err)
		err = errno;
	if (!err && rename(tmp, path) != 0)
		err = errno;
	if (err) {
		unlink(tmp);
		snprintf(why, SP_KC_WHY_LEN, "%s", strerror(err));
		return -err;
	}
	return 0;
}

struct fragment_args {
	const struct sp_kc_fixes *f;
	const struct sp_kc_eval *ev;
	const char *source;
};

static void fragment_fill(FILE *out, const void *arg)
{
	const struct fragment_args *a = arg;
	fragment(out, a->f, a->ev, a->source);
}

int sp_kc_fragment_write(const char *path, const struct sp_kc_fixes *f, const struct sp_kc_eval *ev,
			 const char *source, char why[SP_KC_WHY_LEN])
{
	struct fragment_args a = { f, ev, source };
	return sp_kc_write_file(path, fragment_fill, &a, why);
}
