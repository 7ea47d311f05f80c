// SPDX-License-Identifier: MIT
/*
 * kconfig_eval.c - from parsed config and rules to verdicts. Version bounds
 * come from the probe's feature and arch tables (sp_mainline_since): filter
 * mode on x86 3.5, ARM 3.8, arm64 3.19.
 */
#include "kconfig_eval.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Arch from the symbols every arch's Kconfig defines, one row per arch. */
static const struct {
	const char *symbol;
	const char *arch;
} arch_symbols[] = {
	{ "X86_64", "x86_64" },
	{ "X86_32", "i386" },
	{ "ARM64", "arm64" },
	{ "ARM", "arm" },
};

static const char *arch_from_symbols(const struct sp_kc_config *cfg)
{
	for (size_t i = 0; cfg && i < sizeof(arch_symbols) / sizeof(arch_symbols[0]); i++)
		if (sp_kc_lookup(cfg, arch_symbols[i].symbol).kind == SP_KC_YES)
			return arch_symbols[i].arch;
	return NULL;
}

int sp_kc_target_resolve(const struct sp_kc_config *cfg, const char *arch_opt, const char *kver_opt,
			 const char *uname_release, struct sp_kc_target *t)
{
	memset(t, 0, sizeof(*t));
	t->arch_from = "none";
	t->kver_from = "none";
	if (arch_opt) {
		t->row = sp_arch_by_machine(arch_opt);
		if (!t->row)
			return -EINVAL;
		snprintf(t->arch, sizeof(t->arch), "%s", t->row->name);
		t->arch_from = "option";
	} else {
		const char *header = cfg ? sp_kc_header_arch(cfg) : "";
		const char *sym = arch_from_symbols(cfg);
		if (*header && strcmp(header, "x86") != 0) {
			snprintf(t->arch, sizeof(t->arch), "%s", header);
			t->arch_from = "header";
		} else if (sym) {
			snprintf(t->arch, sizeof(t->arch), "%s", sym);
			t->arch_from = *header ? "header+symbols" : "symbols";
		} else if (*header) {
			snprintf(t->arch, sizeof(t->arch), "%s", header);
			t->arch_from = "header";
		}
		t->row = *t->arch ? sp_arch_by_machine(t->arch) : NULL;
		if (t->row)
			snprintf(t->arch, sizeof(t->arch), "%s", t->row->name);
	}
	const char *kv = NULL;
	if (kver_opt) {
		kv = kver_opt;
		t->kver_from = "option";
	} else if (cfg && *sp_kc_header_version(cfg)) {
		kv = sp_kc_header_version(cfg);
		t->kver_from = "header";
	} else if (uname_release) {
		kv = uname_release;
		t->kver_from = "uname";
	}
	if (kv) {
		if (sp_parse_kernel_version(kv, &t->kver) != 0) {
			t->kver = 0;
			if (kver_opt)
				return -EINVAL;
			t->kver_from = "none";
		} else {
			snprintf(t->kver_text, sizeof(t->kver_text), "%s", kv);
		}
	}
	return 0;
}

const char *sp_kc_kv_text(uint32_t kv, char buf[16])
{
	unsigned a = SP_KV_MAJOR(kv), b = SP_KV_MINOR(kv), c = SP_KV_PATCH(kv);
	if (c)
		snprintf(buf, 16, "%u.%u.%u", a, b, c);
	else
		snprintf(buf, 16, "%u.%u", a, b);
	return buf;
}

const char *sp_kc_verdict_name(enum sp_kc_verdict v)
{
	return v == SP_KC_ENABLED ? "enabled" : v == SP_KC_MISSING ? "missing" : "unknown";
}

const char sp_kc_skip_resolved[] = "kconfig resolved it";

static bool arch_listed(const char *list, const char *arch)
{
	size_t n = strlen(arch);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, arch, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

static bool value_wanted(unsigned want, enum sp_kc_kind kind)
{
	switch (kind) {
	case SP_KC_YES: return want & SP_KC_WANT_Y;
	case SP_KC_MODULE: return want & SP_KC_WANT_M;
	case SP_KC_NO: case SP_KC_NOT_SET: case SP_KC_ABSENT: return want & SP_KC_WANT_N;
	default: return false;
	}
}

/* =m on a bool, a string on a tristate...: kconfig would reject the line. */
static void check_types(struct sp_kc_config *cfg, const struct sp_kc_rules *rules)
{
	for (unsigned i = 0; i < rules->nsymbols; i++) {
		const struct sp_kc_symbol_type *s = &rules->symbols[i];
		struct sp_kc_value v = sp_kc_lookup(cfg, s->name);
		bool bad = false;
		if (s->type == SP_KC_T_BOOL)
			bad = v.kind == SP_KC_MODULE || v.kind == SP_KC_STRING || v.kind == SP_KC_NUMBER;
		else if (s->type == SP_KC_T_TRISTATE)
			bad = v.kind == SP_KC_STRING || v.kind == SP_KC_NUMBER;
		if (bad) {
			char msg[160];
			snprintf(msg, sizeof(msg), "CONFIG_%s=%.40s, but %s is a %s (%s)", s->name, v.text,
				 s->name, sp_kc_type_name(s->type),
				 s->type == SP_KC_T_BOOL ? "y or n only" : "y, m or n only");
			sp_kc_add_damage(cfg, v.line, msg);
		}
	}
}

/* The arch and version conditions of a rule: NULL when they hold, else why not. */
static const char *conditions_fail(const struct sp_kc_target *t, const char *arch, uint32_t since,
				   uint32_t before)
{
	if (arch[0] && !t->arch[0])
		return "arch unknown";
	if (arch[0] && !arch_listed(arch, t->arch))
		return "other arch";
	if ((since || before) && !t->kver)
		return "kernel version unknown";
	if (since && t->kver < since)
		return "older kernel";
	if (before && t->kver >= before)
		return "newer kernel";
	return NULL;
}

/* The `depends` row whose symbol is =y in @cfg and needs @symbol, or NULL. */
static const struct sp_kc_depends *implied_by(const struct sp_kc_config *cfg, const struct sp_kc_rules *rules,
					      const struct sp_kc_target *t, const char *symbol)
{
	for (unsigned i = 0; i < rules->ndepends; i++) {
		const struct sp_kc_depends *d = &rules->depends[i];
		if (strcmp(d->dep, symbol) == 0 && !conditions_fail(t, d->arch, d->since, d->before) &&
		    sp_kc_lookup(cfg, d->symbol).kind == SP_KC_YES)
			return d;
	}
	return NULL;
}

static void check_need(const struct sp_kc_config *cfg, const struct sp_kc_rules *rules,
		       const struct sp_kc_target *t, const struct sp_kc_need *n, struct sp_kc_check *c)
{
	c->need = n;
	c->found = sp_kc_lookup(cfg, n->symbol);
	c->skipped = conditions_fail(t, n->arch, n->since, n->before);
	if (!c->skipped && n->restates[0] && sp_kc_lookup(cfg, n->restates).kind == SP_KC_YES)
		c->skipped = sp_kc_skip_resolved;
	c->applies = c->skipped == NULL;
	c->contradicts = c->skipped == sp_kc_skip_resolved && !value_wanted(n->want, c->found.kind);
	c->ok = c->applies && value_wanted(n->want, c->found.kind);
	c->implied_by = NULL;
	c->unresolved = false;
	c->resolution = SP_KC_RES_NONE;
	const struct sp_kc_depends *d = c->applies && !c->ok ? implied_by(cfg, rules, t, n->symbol) : NULL;
	if (d) {
		/* What kconfig makes of it: a selected symbol is recomputed from the
		 * tree; an absent one gets its default (n when it has none); an
		 * explicit n holds, and kconfig drops d->symbol. */
		const struct sp_kc_symbol_type *st = sp_kc_rules_symbol(rules, n->symbol);
		c->contradicts = true;
		c->implied_by = d->symbol;
		if (st && st->selected)
			c->resolution = SP_KC_RES_SELECTED;
		else if (c->found.kind != SP_KC_ABSENT)
			c->resolution = SP_KC_RES_KEPT;
		else
			c->resolution = st && st->absent_n ? SP_KC_RES_ABSENT_N : SP_KC_RES_DEFAULT;
		c->unresolved = c->resolution == SP_KC_RES_SELECTED || c->resolution == SP_KC_RES_DEFAULT;
	}
}

enum sp_kc_config_kind sp_kc_config_kind(const struct sp_kc_config *cfg, const struct sp_kc_rules *rules)
{
	if (sp_kc_generated_header(cfg))
		return SP_KC_FULL;
	for (unsigned i = 0; i < rules->nmarkers; i++)
		if (sp_kc_lookup(cfg, rules->markers[i]).kind != SP_KC_ABSENT)
			return SP_KC_FULL;
	return SP_KC_DEFCONFIG;
}

const char sp_kc_defconfig_note[] =
	"a defconfig lists only non-default options; give --src TREE or the full .config";

static void add_note(struct sp_kc_cap_result *r, const char *text)
{
	size_t len = strlen(r->note);
	snprintf(r->note + len, sizeof(r->note) - len, "%s%s", len ? "; " : "", text);
}

static void evaluate_cap(const struct sp_kc_config *cfg, const struct sp_kc_rules *rules,
			 const struct sp_kc_target *t, struct sp_kc_eval *ev, unsigned idx,
			 const struct sp_kc_cap *cap)
{
	struct sp_kc_cap_result *r = &ev->caps[idx];
	r->cap = cap;
	const struct sp_feature *f = sp_feature_by_name(cap->probe);
	r->mainline = f ? (t->row ? sp_mainline_since(f->id, t->row) : f->mainline) : 0;
	/* Without the arch row an arch-bound feature has no sure version bound. */
	bool bound_known = f && t->kver && (t->row || f->bound == SP_BOUND_NONE);
	r->too_old = bound_known && t->kver < r->mainline;
	if (!cfg || ev->damaged) {
		r->verdict = SP_KC_UNKNOWN;
		snprintf(r->note, sizeof(r->note), "%s", cfg ? "config damaged" : "no config read");
		return;
	}
	/* definite: a need fails as kconfig would resolve it; open: only the tree can say. */
	bool definite = false, open = false;
	const struct sp_kc_check *first_contra = NULL;
	for (unsigned i = 0; i < cap->nneeds; i++) {
		struct sp_kc_check *c = &r->checks[i];
		check_need(cfg, rules, t, &cap->needs[i], c);
		if (c->contradicts && !first_contra)
			first_contra = c;
		if (c->applies && !c->ok) {
			if (c->unresolved)
				open = true;
			else
				definite = true;
		}
	}
	r->nchecks = cap->nneeds;
	r->inconsistent = first_contra != NULL;
	for (unsigned i = 0; i < cap->nrequires; i++) {
		enum sp_kc_verdict v = ev->caps[cap->requires[i]].verdict;
		if (v == SP_KC_MISSING)
			definite = true;
		else if (v != SP_KC_ENABLED)
			open = true;
	}
	if (ev->kind == SP_KC_DEFCONFIG) {
		r->verdict = SP_KC_UNKNOWN;
		snprintf(r->note, sizeof(r->note), "%s", sp_kc_defconfig_note);
		return;
	}
	r->verdict = definite ? SP_KC_MISSING : open ? SP_KC_UNKNOWN : SP_KC_ENABLED;
	bool all_ok = r->verdict == SP_KC_ENABLED;
	r->backport = all_ok && r->too_old;
	char mv[16], text[224];
	if (r->too_old && r->verdict != SP_KC_UNKNOWN) {
		snprintf(text, sizeof(text), "%s: mainline has it from %s on %s, this is %s",
			 all_ok ? "backport" : "not in this kernel version without a backport",
			 sp_kc_kv_text(r->mainline, mv), t->arch, t->kver_text);
		add_note(r, text);
	}
	if (first_contra && first_contra->implied_by) {
		snprintf(text, sizeof(text), "looks hand-edited: CONFIG_%s=y without CONFIG_%s=%s, which kconfig "
			 "never writes%s", first_contra->implied_by, first_contra->need->symbol,
			 sp_kc_want_name(first_contra->need->want),
			 first_contra->unresolved ? "; give --src TREE to resolve it" : "");
		add_note(r, text);
	}
}

void sp_kc_evaluate(struct sp_kc_config *cfg, const struct sp_kc_rules *rules,
		    const struct sp_kc_target *t, struct sp_kc_eval *out)
{
	memset(out, 0, sizeof(*out));
	out->target = *t;
	out->have_config = cfg != NULL;
	if (cfg) {
		check_types(cfg, rules);
		out->damaged = sp_kc_damage_count(cfg) > 0;
		out->kind = sp_kc_config_kind(cfg, rules);
	}
	out->ncaps = rules->ncaps;
	for (unsigned i = 0; i < rules->ncaps; i++)
		evaluate_cap(cfg, rules, t, out, i, &rules->caps[i]);
}

enum sp_kc_outcome sp_kc_outcome(const struct sp_kc_eval *ev, unsigned required)
{
	if (!ev->have_config || ev->damaged || ev->kind == SP_KC_DEFCONFIG)
		return SP_KC_UNREADABLE;
	bool open = false;
	for (unsigned i = 0; i < ev->ncaps; i++) {
		if (!(required & (1u << i)))
			continue;
		if (ev->caps[i].verdict == SP_KC_MISSING)
			return SP_KC_NOT_MET;
		open |= ev->caps[i].verdict != SP_KC_ENABLED;
	}
	return open ? SP_KC_UNDECIDED : SP_KC_MET;
}

int sp_kc_outcome_exit(enum sp_kc_outcome o)
{
	return o == SP_KC_MET ? 0 : o == SP_KC_NOT_MET ? 1 : 2;
}
