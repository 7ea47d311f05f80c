// SPDX-License-Identifier: MIT
/*
 * kconfig_rules.c - load the requirements text: one directive per line,
 * fields separated by blanks, "--" starts the explanation, '#' a comment.
 *   symbol NAME TYPE [selected] [absent=n]
 *   capability NAME PROBE -- description
 *   need CAP SYMBOL=VALUE[|VALUE] [arch=A,B] [since=X.Y] [before=X.Y] [restates=SYM] -- why
 *   requires CAP OTHER-CAP -- why
 *   depends SYMBOL DEP[,DEP...] [arch=A,B] [since=X.Y] [before=X.Y] -- why
 *   fullconfig SYMBOL [SYMBOL...] -- why
 */
#include "kconfig_rules.h"
#include "seccomp_probe.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 8
#define LINE_MAX_LEN 512

struct line {
	char buf[LINE_MAX_LEN];
	char *field[MAX_FIELDS];
	unsigned nfields;
	const char *why;         /* text after "--", "" when none */
};

static const char *const type_names[] = {
	[SP_KC_T_BOOL] = "bool", [SP_KC_T_TRISTATE] = "tristate", [SP_KC_T_STRING] = "string",
	[SP_KC_T_INT] = "int", [SP_KC_T_HEX] = "hex",
};

const char *sp_kc_type_name(enum sp_kc_type type)
{
	return (unsigned)type < sizeof(type_names) / sizeof(type_names[0]) ? type_names[type] : "?";
}

const char *sp_kc_want_name(unsigned want)
{
	static const char *const names[8] = { "", "y", "m", "y|m", "n", "y|n", "m|n", "y|m|n" };
	return names[want & 7];
}

int sp_kc_rules_cap(const struct sp_kc_rules *rules, const char *name)
{
	for (unsigned i = 0; i < rules->ncaps; i++)
		if (strcmp(rules->caps[i].name, name) == 0)
			return (int)i;
	return -1;
}

const struct sp_kc_symbol_type *sp_kc_rules_symbol(const struct sp_kc_rules *rules, const char *symbol)
{
	for (unsigned i = 0; i < rules->nsymbols; i++)
		if (strcmp(rules->symbols[i].name, symbol) == 0)
			return &rules->symbols[i];
	return NULL;
}

bool sp_kc_rules_type(const struct sp_kc_rules *rules, const char *symbol, enum sp_kc_type *type)
{
	const struct sp_kc_symbol_type *s = sp_kc_rules_symbol(rules, symbol);
	if (s)
		*type = s->type;
	return s != NULL;
}

/* Split @s (one line, no newline) into fields and the "--" explanation. */
static int split(const char *s, size_t len, struct line *ln)
{
	if (len >= sizeof(ln->buf))
		return -E2BIG;
	memcpy(ln->buf, s, len);
	ln->buf[len] = '\0';
	if (len && ln->buf[len - 1] == '\r')
		ln->buf[len - 1] = '\0';
	char *hash = ln->buf[0] == '#' ? ln->buf : strstr(ln->buf, " #");
	char *dash = strstr(ln->buf, " --");
	ln->why = "";
	if (dash && (!hash || dash < hash)) {
		*dash = '\0';
		ln->why = dash + 3 + strspn(dash + 3, " \t");
	} else if (hash) {
		*hash = '\0';
	}
	ln->nfields = 0;
	for (char *p = ln->buf;;) {
		p += strspn(p, " \t");
		if (!*p)
			break;
		if (ln->nfields == MAX_FIELDS)
			return -E2BIG;
		ln->field[ln->nfields++] = p;
		p += strcspn(p, " \t");
		if (*p)
			*p++ = '\0';
	}
	return 0;
}

static bool valid_symbol(const char *s)
{
	if (!*s || strlen(s) >= 64)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static int parse_want(const char *v, unsigned *want)
{
	*want = 0;
	for (;;) {
		if ((v[0] != 'y' && v[0] != 'm' && v[0] != 'n') || (v[1] != '|' && v[1] != '\0'))
			return -EINVAL;
		*want |= v[0] == 'y' ? SP_KC_WANT_Y : v[0] == 'm' ? SP_KC_WANT_M : SP_KC_WANT_N;
		if (!v[1])
			return 0;
		v += 2;
	}
}

static int do_symbol(struct sp_kc_rules *r, struct line *ln, char *why, size_t whylen)
{
	if (ln->nfields < 3 || !valid_symbol(ln->field[1])) {
		snprintf(why, whylen, "expected 'symbol NAME TYPE [selected] [absent=n]'");
		return -EINVAL;
	}
	if (sp_kc_rules_symbol(r, ln->field[1])) {
		snprintf(why, whylen, "symbol '%.40s' declared twice", ln->field[1]);
		return -EINVAL;
	}
	if (r->nsymbols == SP_KC_MAX_SYMBOLS) {
		snprintf(why, whylen, "more than %d symbols", SP_KC_MAX_SYMBOLS);
		return -E2BIG;
	}
	struct sp_kc_symbol_type s;
	memset(&s, 0, sizeof(s));
	unsigned t = 0;
	while (t < sizeof(type_names) / sizeof(type_names[0]) && strcmp(ln->field[2], type_names[t]) != 0)
		t++;
	if (t == sizeof(type_names) / sizeof(type_names[0])) {
		snprintf(why, whylen, "unknown symbol type '%.40s'", ln->field[2]);
		return -EINVAL;
	}
	snprintf(s.name, sizeof(s.name), "%s", ln->field[1]);
	s.type = (enum sp_kc_type)t;
	for (unsigned i = 3; i < ln->nfields; i++) {
		if (strcmp(ln->field[i], "selected") == 0 && !s.selected) {
			s.selected = true;
		} else if (strcmp(ln->field[i], "absent=n") == 0 && !s.absent_n) {
			s.absent_n = true;
		} else {
			snprintf(why, whylen, "unknown symbol attribute '%.40s' (selected, absent=n, once each)",
				 ln->field[i]);
			return -EINVAL;
		}
	}
	if (s.selected && s.absent_n) {
		snprintf(why, whylen, "'selected' and 'absent=n' exclude each other: kconfig recomputes a selected symbol");
		return -EINVAL;
	}
	r->symbols[r->nsymbols++] = s;
	return 0;
}

static int do_capability(struct sp_kc_rules *r, struct line *ln, char *why, size_t whylen)
{
	if (ln->nfields != 3 || strlen(ln->field[1]) >= sizeof(r->caps[0].name)) {
		snprintf(why, whylen, "expected 'capability NAME PROBE -- description'");
		return -EINVAL;
	}
	if (!sp_feature_by_name(ln->field[2])) {
		snprintf(why, whylen, "'%.40s' is not a probe of the feature table", ln->field[2]);
		return -EINVAL;
	}
	if (sp_kc_rules_cap(r, ln->field[1]) >= 0) {
		snprintf(why, whylen, "capability '%.40s' defined twice", ln->field[1]);
		return -EINVAL;
	}
	if (r->ncaps == SP_KC_MAX_CAPS) {
		snprintf(why, whylen, "more than %d capabilities", SP_KC_MAX_CAPS);
		return -E2BIG;
	}
	struct sp_kc_cap *c = &r->caps[r->ncaps++];
	snprintf(c->name, sizeof(c->name), "%s", ln->field[1]);
	snprintf(c->probe, sizeof(c->probe), "%s", ln->field[2]);
	snprintf(c->what, sizeof(c->what), "%s", ln->why);
	return 0;
}

static int parse_version(const char *v, uint32_t *kv)
{
	return sp_parse_kernel_version(v, kv) == 0 && *kv ? 0 : -EINVAL;
}

/* arch=A,B since=X.Y before=X.Y: 1 when @f is one of them (stored), 0 when not. */
static int condition(const char *f, char arch[64], uint32_t *since, uint32_t *before)
{
	if (strncmp(f, "arch=", 5) == 0 && f[5] && strlen(f + 5) < 64) {
		snprintf(arch, 64, "%s", f + 5);
		return 1;
	}
	if (strncmp(f, "since=", 6) == 0 && parse_version(f + 6, since) == 0)
		return 1;
	return strncmp(f, "before=", 7) == 0 && parse_version(f + 7, before) == 0;
}

static int do_need(struct sp_kc_rules *r, struct line *ln, unsigned lineno, char *why, size_t whylen)
{
	int ci = ln->nfields >= 3 ? sp_kc_rules_cap(r, ln->field[1]) : -1;
	if (ci < 0) {
		snprintf(why, whylen, "expected 'need CAPABILITY SYMBOL=VALUE ...' after its 'capability' line");
		return -EINVAL;
	}
	struct sp_kc_cap *c = &r->caps[ci];
	if (c->nneeds == SP_KC_MAX_NEEDS) {
		snprintf(why, whylen, "more than %d needs for '%s'", SP_KC_MAX_NEEDS, c->name);
		return -E2BIG;
	}
	struct sp_kc_need n;
	memset(&n, 0, sizeof(n));
	n.line = lineno;
	char *eq = strchr(ln->field[2], '=');
	if (!eq) {
		snprintf(why, whylen, "expected SYMBOL=VALUE, got '%.40s'", ln->field[2]);
		return -EINVAL;
	}
	*eq = '\0';
	if (!valid_symbol(ln->field[2]) || parse_want(eq + 1, &n.want) != 0) {
		snprintf(why, whylen, "bad SYMBOL=VALUE '%.40s=%.20s' (values: y, m, n, joined by |)",
			 ln->field[2], eq + 1);
		return -EINVAL;
	}
	snprintf(n.symbol, sizeof(n.symbol), "%s", ln->field[2]);
	for (unsigned i = 3; i < ln->nfields; i++) {
		const char *f = ln->field[i];
		if (condition(f, n.arch, &n.since, &n.before)) {
		} else if (strncmp(f, "restates=", 9) == 0) {
			/* A declared symbol (so a typo cannot make the need dead), not the
			 * need's own, given once. */
			const char *sym = f + 9;
			enum sp_kc_type type;
			if (!valid_symbol(sym) || strlen(sym) >= sizeof(n.restates) ||
			    !sp_kc_rules_type(r, sym, &type) || type != SP_KC_T_BOOL ||
			    strcmp(sym, n.symbol) == 0 || n.restates[0]) {
				snprintf(why, whylen, "bad restates=%.40s (one bool symbol declared above, "
					 "not the need's own, given once)", sym);
				return -EINVAL;
			}
			snprintf(n.restates, sizeof(n.restates), "%s", sym);
		} else {
			snprintf(why, whylen, "unknown condition '%.40s' (arch=A,B since=X.Y before=X.Y "
				 "restates=SYM)", f);
			return -EINVAL;
		}
	}
	snprintf(n.why, sizeof(n.why), "%s", ln->why);
	c->needs[c->nneeds++] = n;
	return 0;
}

static int do_requires(struct sp_kc_rules *r, struct line *ln, char *why, size_t whylen)
{
	int ci = ln->nfields == 3 ? sp_kc_rules_cap(r, ln->field[1]) : -1;
	int oi = ln->nfields == 3 ? sp_kc_rules_cap(r, ln->field[2]) : -1;
	if (ci < 0 || oi < 0 || oi >= ci) {
		snprintf(why, whylen, "expected 'requires CAPABILITY EARLIER-CAPABILITY', both defined above");
		return -EINVAL;
	}
	struct sp_kc_cap *c = &r->caps[ci];
	if (c->nrequires == SP_KC_MAX_REQUIRES) {
		snprintf(why, whylen, "more than %d requires for '%s'", SP_KC_MAX_REQUIRES, c->name);
		return -E2BIG;
	}
	c->requires[c->nrequires++] = (unsigned)oi;
	return 0;
}

/* A declared bool symbol (a typo must not make a rule dead). */
static bool declared_bool(const struct sp_kc_rules *r, const char *sym)
{
	const struct sp_kc_symbol_type *s = valid_symbol(sym) ? sp_kc_rules_symbol(r, sym) : NULL;
	return s && s->type == SP_KC_T_BOOL;
}

static int do_depends(struct sp_kc_rules *r, struct line *ln, unsigned lineno, char *why, size_t whylen)
{
	if (ln->nfields < 3 || !declared_bool(r, ln->field[1])) {
		snprintf(why, whylen, "expected 'depends SYMBOL DEP[,DEP...]', bool symbols declared above");
		return -EINVAL;
	}
	struct sp_kc_depends d;
	memset(&d, 0, sizeof(d));
	d.line = lineno;
	snprintf(d.symbol, sizeof(d.symbol), "%s", ln->field[1]);
	snprintf(d.why, sizeof(d.why), "%s", ln->why);
	for (unsigned i = 3; i < ln->nfields; i++)
		if (!condition(ln->field[i], d.arch, &d.since, &d.before)) {
			snprintf(why, whylen, "unknown condition '%.40s' (arch=A,B since=X.Y before=X.Y)", ln->field[i]);
			return -EINVAL;
		}
	char list[LINE_MAX_LEN];
	snprintf(list, sizeof(list), "%s", ln->field[2]);
	for (char *save = NULL, *dep = strtok_r(list, ",", &save); dep; dep = strtok_r(NULL, ",", &save)) {
		if (!declared_bool(r, dep) || strcmp(dep, d.symbol) == 0) {
			snprintf(why, whylen, "bad dependency '%.40s' (a bool symbol declared above, not the symbol itself)",
				 dep);
			return -EINVAL;
		}
		if (r->ndepends == SP_KC_MAX_DEPENDS) {
			snprintf(why, whylen, "more than %d dependencies", SP_KC_MAX_DEPENDS);
			return -E2BIG;
		}
		snprintf(d.dep, sizeof(d.dep), "%s", dep);
		r->depends[r->ndepends++] = d;
	}
	return 0;
}

static int do_fullconfig(struct sp_kc_rules *r, struct line *ln, char *why, size_t whylen)
{
	if (ln->nfields < 2) {
		snprintf(why, whylen, "expected 'fullconfig SYMBOL [SYMBOL...]'");
		return -EINVAL;
	}
	for (unsigned i = 1; i < ln->nfields; i++) {
		if (!valid_symbol(ln->field[i])) {
			snprintf(why, whylen, "bad symbol '%.40s'", ln->field[i]);
			return -EINVAL;
		}
		if (r->nmarkers == SP_KC_MAX_MARKERS) {
			snprintf(why, whylen, "more than %d fullconfig symbols", SP_KC_MAX_MARKERS);
			return -E2BIG;
		}
		snprintf(r->markers[r->nmarkers++], sizeof(r->markers[0]), "%s", ln->field[i]);
	}
	return 0;
}

int sp_kc_rules_parse(const char *text, size_t len, struct sp_kc_rules *rules, char why[160])
{
	memset(rules, 0, sizeof(*rules));
	struct line *ln = malloc(sizeof(*ln));
	if (!ln) {
		snprintf(why, 160, "out of memory");
		return -ENOMEM;
	}
	char reason[128] = "";
	unsigned lineno = 0;
	int ret = 0;
	for (size_t pos = 0; pos < len && ret == 0;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		lineno++;
		if (memchr(text + pos, '\0', n)) {
			snprintf(reason, sizeof(reason), "NUL byte");
			ret = -EINVAL;
		} else if ((ret = split(text + pos, n, ln)) != 0) {
			snprintf(reason, sizeof(reason), "line too long or too many fields");
		} else if (ln->nfields == 0) {
			/* blank or comment */
		} else if (strcmp(ln->field[0], "symbol") == 0) {
			ret = do_symbol(rules, ln, reason, sizeof(reason));
		} else if (strcmp(ln->field[0], "capability") == 0) {
			ret = do_capability(rules, ln, reason, sizeof(reason));
		} else if (strcmp(ln->field[0], "need") == 0) {
			ret = do_need(rules, ln, lineno, reason, sizeof(reason));
		} else if (strcmp(ln->field[0], "requires") == 0) {
			ret = do_requires(rules, ln, reason, sizeof(reason));
		} else if (strcmp(ln->field[0], "depends") == 0) {
			ret = do_depends(rules, ln, lineno, reason, sizeof(reason));
		} else if (strcmp(ln->field[0], "fullconfig") == 0) {
			ret = do_fullconfig(rules, ln, reason, sizeof(reason));
		} else {
			snprintf(reason, sizeof(reason), "unknown directive '%.40s'", ln->field[0]);
			ret = -EINVAL;
		}
		pos += n + 1;
	}
	free(ln);
	if (ret == 0 && rules->ncaps == 0) {
		snprintf(why, 160, "no capability defined");
		return -EINVAL;
	}
	if (ret)
		snprintf(why, 160, "line %u: %s", lineno, reason);
	return ret;
}
