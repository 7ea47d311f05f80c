// SPDX-License-Identifier: MIT
/*
 * test_kconfig.c - unit tests of the kconfig parser, rules loader and
 * evaluator, table-driven. Prints one line per case and
 * "kconfig-unit: N passed, N failed"; exit 0 only when all pass.
 */
#include "kconfig_changes.h"
#include "kconfig_eval.h"
#include "kconfig_parse.h"
#include "kconfig_read.h"
#include "kconfig_rules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned passed, failed;

static void check(bool ok, const char *name, const char *detail)
{
	printf("%s %s%s%s\n", ok ? "ok  " : "FAIL", name, ok ? "" : ": ", ok ? "" : detail);
	if (ok)
		passed++;
	else
		failed++;
}

/* Parser: one input, the kind and text of one symbol, damage and warnings. */
static const struct parse_case {
	const char *name, *text, *symbol;
	enum sp_kc_kind kind;
	const char *value;
	unsigned damage, warnings;
} parse_cases[] = {
	{ "y", "CONFIG_A=y\n", "A", SP_KC_YES, "y", 0, 0 },
	{ "m", "CONFIG_A=m\n", "A", SP_KC_MODULE, "m", 0, 0 },
	{ "n", "CONFIG_A=n\n", "A", SP_KC_NO, "n", 0, 0 },
	{ "not set", "# CONFIG_A is not set\n", "A", SP_KC_NOT_SET, "", 0, 0 },
	{ "string", "CONFIG_A=\"x \\\"q\\\" y\"\n", "A", SP_KC_STRING, "\"x \\\"q\\\" y\"", 0, 0 },
	{ "empty string", "CONFIG_A=\"\"\n", "A", SP_KC_STRING, "\"\"", 0, 0 },
	{ "decimal", "CONFIG_A=123\n", "A", SP_KC_NUMBER, "123", 0, 0 },
	{ "negative", "CONFIG_A=-4\n", "A", SP_KC_NUMBER, "-4", 0, 0 },
	{ "hex", "CONFIG_A=0x1f\n", "A", SP_KC_NUMBER, "0x1f", 0, 0 },
	{ "no final newline", "CONFIG_A=y", "A", SP_KC_YES, "y", 0, 0 },
	{ "crlf", "# c\r\nCONFIG_A=y\r\n\r\n", "A", SP_KC_YES, "y", 0, 0 },
	{ "absent", "CONFIG_B=y\n", "A", SP_KC_ABSENT, "", 0, 0 },
	{ "last wins", "CONFIG_A=y\n# CONFIG_A is not set\n", "A", SP_KC_NOT_SET, "", 0, 1 },
	{ "last wins 2", "# CONFIG_A is not set\nCONFIG_A=m\nCONFIG_A=y\n", "A", SP_KC_YES, "y", 0, 2 },
	{ "comments and blanks", "#\n# foo\n   \n\t\nCONFIG_A=y\n", "A", SP_KC_YES, "y", 0, 0 },
	{ "bad value", "CONFIG_A=yes\nCONFIG_B=y\n", "A", SP_KC_ABSENT, "", 1, 0 },
	{ "unterminated string", "CONFIG_A=\"abc\nCONFIG_B=y\n", "A", SP_KC_ABSENT, "", 1, 0 },
	{ "junk after string", "CONFIG_A=\"a\" b\nCONFIG_B=y\n", "A", SP_KC_ABSENT, "", 1, 0 },
	{ "bad hex", "CONFIG_A=0x\nCONFIG_B=y\n", "A", SP_KC_ABSENT, "", 1, 0 },
	{ "empty value", "CONFIG_A=\nCONFIG_B=y\n", "A", SP_KC_ABSENT, "", 1, 0 },
	{ "trailing blank", "CONFIG_A=y \nCONFIG_B=y\n", "A", SP_KC_ABSENT, "", 1, 0 },
	{ "no equals", "CONFIG_A y\nCONFIG_B=y\n", "A", SP_KC_ABSENT, "", 1, 0 },
	{ "not config", "FOO=y\nCONFIG_B=y\n", "FOO", SP_KC_ABSENT, "", 1, 0 },
	{ "no assignment", "# just a comment\n", "A", SP_KC_ABSENT, "", 1, 0 },
	{ "empty", "", "A", SP_KC_ABSENT, "", 1, 0 },
	{ "odd not set", "# CONFIG_A is not set!\nCONFIG_B=y\n", "A", SP_KC_ABSENT, "", 0, 0 },
};

static void test_parse(void)
{
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct sp_kc_config *cfg;
		char name[96], detail[200];
		snprintf(name, sizeof(name), "parse %s", c->name);
		if (sp_kc_parse(c->text, strlen(c->text), &cfg) != 0) {
			check(false, name, "sp_kc_parse failed");
			continue;
		}
		struct sp_kc_value v = sp_kc_lookup(cfg, c->symbol);
		snprintf(detail, sizeof(detail), "kind %s text '%s' damage %u warnings %u",
			 sp_kc_kind_name(v.kind), v.text, sp_kc_damage_count(cfg), sp_kc_warning_count(cfg));
		check(v.kind == c->kind && strcmp(v.text, c->value) == 0 &&
		      sp_kc_damage_count(cfg) == c->damage && sp_kc_warning_count(cfg) == c->warnings,
		      name, detail);
		sp_kc_free(cfg);
	}
}

static void test_parse_binary(void)
{
	static const char nul[] = "CONFIG_A=y\nCONFIG_\0B=y\nCONFIG_C=y\n";
	struct sp_kc_config *cfg;
	sp_kc_parse(nul, sizeof(nul) - 1, &cfg);
	const struct sp_kc_problem *p = sp_kc_problem(cfg, false, 0);
	check(sp_kc_damage_count(cfg) == 1 && p && p->line == 2 && strstr(p->msg, "NUL"), "parse NUL byte line 2", p ? p->msg : "none");
	check(sp_kc_lookup(cfg, "C").kind == SP_KC_YES, "parse goes on after a NUL", "");
	sp_kc_free(cfg);

	size_t n = SP_KC_MAX_LINE + 100;
	char *big = malloc(n + 32);
	memcpy(big, "CONFIG_A=y\n# ", 13);
	memset(big + 13, 'x', n);
	memcpy(big + 13 + n, "\nCONFIG_B=y\n", 12);
	sp_kc_parse(big, 13 + n + 12, &cfg);
	p = sp_kc_problem(cfg, false, 0);
	check(p && p->line == 2 && strstr(p->msg, "longer than"), "parse long line", p ? p->msg : "none");
	sp_kc_free(cfg);
	free(big);

	char many[64 * 40];
	size_t len = 0;
	for (int i = 0; i < 40; i++)
		len += (size_t)snprintf(many + len, sizeof(many) - len, "junk %d\n", i);
	sp_kc_parse(many, len, &cfg);
	check(sp_kc_damage_count(cfg) == 40 && sp_kc_problem(cfg, false, SP_KC_MAX_PROBLEMS) == NULL,
	      "parse counts past the kept problems", "");
	sp_kc_free(cfg);

	const char hdr_new[] = "#\n# Linux/arm 3.4.0 Kernel Configuration\n#\nCONFIG_ARM=y\n";
	sp_kc_parse(hdr_new, sizeof(hdr_new) - 1, &cfg);
	check(strcmp(sp_kc_header_arch(cfg), "arm") == 0 && strcmp(sp_kc_header_version(cfg), "3.4.0") == 0,
	      "parse header Linux/arch version", sp_kc_header_version(cfg));
	sp_kc_free(cfg);
	const char hdr_old[] = "# Linux kernel version: 2.6.29\nCONFIG_X86_32=y\n";
	sp_kc_parse(hdr_old, sizeof(hdr_old) - 1, &cfg);
	check(sp_kc_header_arch(cfg)[0] == '\0' && strcmp(sp_kc_header_version(cfg), "2.6.29") == 0,
	      "parse header of 2.6.29", sp_kc_header_version(cfg));
	struct sp_kc_target t;
	sp_kc_target_resolve(cfg, NULL, NULL, NULL, &t);
	check(strcmp(t.arch, "i386") == 0 && strcmp(t.arch_from, "symbols") == 0 && t.kver == SP_KV(2, 6, 29),
	      "target from symbols and old header", t.arch);
	sp_kc_free(cfg);
}

/* Rules: each bad line is refused with its line number. */
static const struct rules_case {
	const char *name, *text;
	int ret;
	const char *why;
} rules_cases[] = {
	{ "minimal", "capability strict strict -- x\nneed strict SECCOMP=y\n", 0, "" },
	{ "conditions", "capability s strict\nneed s A=y|m arch=arm,arm64 since=3.8 before=6.0 -- w\n", 0, "" },
	{ "no capability", "# nothing\n", -EINVAL, "no capability" },
	{ "unknown directive", "capability s strict\nwant s A=y\n", -EINVAL, "line 2: unknown directive" },
	{ "unknown probe", "capability s nosuchprobe\n", -EINVAL, "line 1: 'nosuchprobe' is not a probe" },
	{ "need before capability", "need s A=y\ncapability s strict\n", -EINVAL, "line 1:" },
	{ "bad value", "capability s strict\nneed s A=x\n", -EINVAL, "line 2: bad SYMBOL=VALUE" },
	{ "bad condition", "capability s strict\nneed s A=y arch=\n", -EINVAL, "line 2: unknown condition" },
	{ "bad version", "capability s strict\nneed s A=y since=x\n", -EINVAL, "line 2: unknown condition" },
	{ "bad restates", "capability s strict\nneed s A=y restates=a-b\n", -EINVAL, "line 2: bad restates" },
	{ "empty restates", "capability s strict\nneed s A=y restates=\n", -EINVAL, "line 2: bad restates" },
	{ "undeclared restates", "symbol B bool\ncapability s strict\nneed s A=y restates=NOSUCH\n", -EINVAL,
	  "line 3: bad restates" },
	{ "restates itself", "symbol A bool\ncapability s strict\nneed s A=y restates=A\n", -EINVAL,
	  "line 3: bad restates" },
	{ "restates twice", "symbol B bool\ncapability s strict\nneed s A=y restates=B restates=B\n", -EINVAL,
	  "line 3: bad restates" },
	{ "restates ok", "symbol B bool\ncapability s strict\nneed s A=y restates=B\n", 0, "" },
	{ "bad type", "symbol A boolean\n", -EINVAL, "line 1: unknown symbol type" },
	{ "symbol attributes", "symbol A bool selected\nsymbol B bool absent=n\ncapability s strict\n", 0, "" },
	{ "bad attribute", "symbol A bool visible\n", -EINVAL, "line 1: unknown symbol attribute" },
	{ "selected and absent=n", "symbol A bool selected absent=n\n", -EINVAL, "line 1: 'selected' and 'absent=n'" },
	{ "symbol twice", "symbol A bool\nsymbol A bool\n", -EINVAL, "line 2: symbol 'A' declared twice" },
	{ "depends ok", "symbol A bool\nsymbol B bool\nsymbol C bool\ndepends A B,C since=5.10 -- w\ncapability s strict\n",
	  0, "" },
	{ "depends undeclared", "symbol A bool\ndepends A B\n", -EINVAL, "line 2: bad dependency 'B'" },
	{ "depends on itself", "symbol A bool\ndepends A A\n", -EINVAL, "line 2: bad dependency 'A'" },
	{ "depends no symbol", "depends A B\n", -EINVAL, "line 1: expected 'depends SYMBOL" },
	{ "depends bad condition", "symbol A bool\nsymbol B bool\ndepends A B since=x\n", -EINVAL,
	  "line 3: unknown condition" },
	{ "fullconfig ok", "fullconfig A B\ncapability s strict\n", 0, "" },
	{ "fullconfig empty", "fullconfig\n", -EINVAL, "line 1: expected 'fullconfig" },
	{ "fullconfig bad", "fullconfig A-B\n", -EINVAL, "line 1: bad symbol" },
	{ "requires later", "capability a strict\ncapability b filter\nrequires a b\n", -EINVAL, "line 3:" },
	{ "twice", "capability a strict\ncapability a filter\n", -EINVAL, "line 2: capability 'a' defined twice" },
};

static void test_rules(void)
{
	static struct sp_kc_rules rules;
	char why[160];
	for (size_t i = 0; i < sizeof(rules_cases) / sizeof(rules_cases[0]); i++) {
		const struct rules_case *c = &rules_cases[i];
		char name[96];
		snprintf(name, sizeof(name), "rules %s", c->name);
		why[0] = '\0';
		int ret = sp_kc_rules_parse(c->text, strlen(c->text), &rules, why);
		check(ret == c->ret && (ret == 0 || strstr(why, c->why)), name, why);
	}
	int ret = sp_kc_rules_parse(sp_kc_builtin_rules, sp_kc_builtin_rules_len, &rules, why);
	check(ret == 0 && rules.ncaps == 3 && sp_kc_rules_cap(&rules, "trap") == 2, "rules built-in", why);
}

/* Parse @text as a full .config: kconfig's header line first. */
static void parse_full(const char *text, struct sp_kc_config **cfg)
{
	static const char header[] = "#\n# Automatically generated file; DO NOT EDIT.\n#\n";
	size_t n = strlen(text);
	char *buf = malloc(sizeof(header) + n);
	if (!buf) {
		*cfg = NULL;
		return;
	}
	memcpy(buf, header, sizeof(header) - 1);
	memcpy(buf + sizeof(header) - 1, text, n + 1);
	sp_kc_parse(buf, sizeof(header) - 1 + n, cfg);
	free(buf);
}

/* Evaluator on small configs with the built-in rules. */
static const struct eval_case {
	const char *name, *text, *arch, *kver;
	enum sp_kc_verdict strict, filter, trap;
	bool filter_backport;
} eval_cases[] = {
	{ "all on", "CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  NULL, "4.19", SP_KC_ENABLED, SP_KC_ENABLED, SP_KC_ENABLED, false },
	/* SECCOMP=y without the selected HAVE_ARCH_SECCOMP: kconfig never writes that
	 * from 5.10 on; it recomputes the select, so only the tree can say. */
	{ "5.10 needs HAVE_ARCH_SECCOMP", "CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  NULL, "5.10", SP_KC_UNKNOWN, SP_KC_ENABLED, SP_KC_ENABLED, false },
	{ "5.10 HAVE_ARCH_SECCOMP off, SECCOMP off", "CONFIG_X86_64=y\n# CONFIG_SECCOMP is not set\nCONFIG_NET=y\n",
	  NULL, "5.10", SP_KC_MISSING, SP_KC_MISSING, SP_KC_MISSING, false },
	{ "no NET", "CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\n",
	  NULL, "4.19", SP_KC_ENABLED, SP_KC_MISSING, SP_KC_MISSING, false },
	/* 3.13+: OABI_COMPAT=y leaves HAVE_ARCH_SECCOMP_FILTER unselected (absent). */
	{ "arm 4.19 OABI_COMPAT", "CONFIG_ARM=y\nCONFIG_AEABI=y\nCONFIG_OABI_COMPAT=y\nCONFIG_SECCOMP=y\nCONFIG_NET=y\n",
	  NULL, "4.19", SP_KC_ENABLED, SP_KC_MISSING, SP_KC_MISSING, false },
	/* 3.10 selects it unconditionally: the real 3.10.105 vexpress config. */
	{ "arm 3.10 OABI_COMPAT", "CONFIG_ARM=y\nCONFIG_AEABI=y\nCONFIG_OABI_COMPAT=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  NULL, "3.10", SP_KC_ENABLED, SP_KC_ENABLED, SP_KC_ENABLED, false },
	/* The resolved symbol is kconfig's own answer: a rule restating the select never overrides it. */
	{ "arm resolved symbol wins", "CONFIG_ARM=y\nCONFIG_AEABI=y\nCONFIG_OABI_COMPAT=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  NULL, "4.19", SP_KC_ENABLED, SP_KC_ENABLED, SP_KC_ENABLED, false },
	{ "arm 3.13 no AEABI", "CONFIG_ARM=y\n# CONFIG_AEABI is not set\nCONFIG_SECCOMP=y\nCONFIG_NET=y\n",
	  NULL, "3.13", SP_KC_ENABLED, SP_KC_MISSING, SP_KC_MISSING, false },
	{ "arm 3.4 backport", "CONFIG_ARM=y\nCONFIG_AEABI=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  NULL, "3.4", SP_KC_ENABLED, SP_KC_ENABLED, SP_KC_ENABLED, true },
	{ "arm 3.8 mainline", "CONFIG_ARM=y\nCONFIG_AEABI=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  NULL, "3.8", SP_KC_ENABLED, SP_KC_ENABLED, SP_KC_ENABLED, false },
	{ "x86 3.4 backport on option arch", "CONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  "x86_64", "3.4", SP_KC_ENABLED, SP_KC_ENABLED, SP_KC_ENABLED, true },
	{ "=m on bool is damage", "CONFIG_X86_64=y\nCONFIG_SECCOMP=m\n", NULL, "4.19",
	  SP_KC_UNKNOWN, SP_KC_UNKNOWN, SP_KC_UNKNOWN, false },
	{ "seccomp off", "CONFIG_X86_64=y\n# CONFIG_SECCOMP is not set\nCONFIG_NET=y\n", NULL, "4.19",
	  SP_KC_MISSING, SP_KC_MISSING, SP_KC_MISSING, false },
};

static void test_eval(void)
{
	static struct sp_kc_rules rules;
	static struct sp_kc_eval ev;
	char why[160];
	sp_kc_rules_parse(sp_kc_builtin_rules, sp_kc_builtin_rules_len, &rules, why);
	for (size_t i = 0; i < sizeof(eval_cases) / sizeof(eval_cases[0]); i++) {
		const struct eval_case *c = &eval_cases[i];
		struct sp_kc_config *cfg;
		struct sp_kc_target t;
		char name[96], detail[160];
		parse_full(c->text, &cfg);
		sp_kc_target_resolve(cfg, c->arch, c->kver, NULL, &t);
		sp_kc_evaluate(cfg, &rules, &t, &ev);
		snprintf(name, sizeof(name), "eval %s", c->name);
		snprintf(detail, sizeof(detail), "strict %s filter %s%s trap %s", sp_kc_verdict_name(ev.caps[0].verdict),
			 sp_kc_verdict_name(ev.caps[1].verdict), ev.caps[1].backport ? "+backport" : "",
			 sp_kc_verdict_name(ev.caps[2].verdict));
		check(ev.caps[0].verdict == c->strict && ev.caps[1].verdict == c->filter &&
		      ev.caps[2].verdict == c->trap && ev.caps[1].backport == c->filter_backport, name, detail);
		sp_kc_free(cfg);
	}
	/* A resolved select wins, but a need whose value contradicts it is flagged
	 * (a 4.19 ARM config cannot hold HAVE_ARCH_SECCOMP_FILTER=y with OABI_COMPAT=y). */
	{
		static const char text[] = "CONFIG_ARM=y\nCONFIG_AEABI=y\nCONFIG_OABI_COMPAT=y\nCONFIG_SECCOMP=y\n"
					   "CONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n";
		struct sp_kc_config *cfg;
		struct sp_kc_target t;
		unsigned contradicting = 0, resolved = 0;
		parse_full(text, &cfg);
		sp_kc_target_resolve(cfg, NULL, "4.19", NULL, &t);
		sp_kc_evaluate(cfg, &rules, &t, &ev);
		for (unsigned i = 0; i < ev.caps[1].nchecks; i++) {
			resolved += ev.caps[1].checks[i].skipped == sp_kc_skip_resolved;
			contradicting += ev.caps[1].checks[i].contradicts;
		}
		check(ev.caps[1].verdict == SP_KC_ENABLED && resolved == 2 && contradicting == 1,
		      "eval resolved select: OABI_COMPAT=y flagged as contradicting", "");
		sp_kc_free(cfg);
	}
	struct sp_kc_target t;
	sp_kc_target_resolve(NULL, NULL, NULL, NULL, &t);
	sp_kc_evaluate(NULL, &rules, &t, &ev);
	check(ev.caps[0].verdict == SP_KC_UNKNOWN && sp_kc_outcome(&ev, 1) == SP_KC_UNREADABLE,
	      "eval no config is never a pass", "");
}

/* Defconfig or full config: the header, or one of the fullconfig symbols. */
static const struct kind_case {
	const char *name, *text;
	enum sp_kc_config_kind kind;
} kind_cases[] = {
	{ "savedefconfig output", "CONFIG_NET=y\n# CONFIG_SWAP is not set\n", SP_KC_DEFCONFIG },
	{ "fragment with comments", "# seccomp for the vendor kernel\nCONFIG_SECCOMP=y\n", SP_KC_DEFCONFIG },
	{ "header 3.3+", "#\n# Automatically generated file; DO NOT EDIT.\nCONFIG_NET=y\n", SP_KC_FULL },
	{ "header 2.6", "# Automatically generated make config: don't edit\nCONFIG_NET=y\n", SP_KC_FULL },
	{ "linux header only", "# Linux/x86_64 6.1.0 Kernel Configuration\nCONFIG_NET=y\n", SP_KC_FULL },
	{ "old version header only", "# Linux kernel version: 2.6.29\nCONFIG_NET=y\n", SP_KC_FULL },
	{ "comments stripped", "CONFIG_NET=y\nCONFIG_BASE_SMALL=0\n", SP_KC_FULL },
	{ "marker not set", "CONFIG_NET=y\n# CONFIG_CC_IS_GCC is not set\n", SP_KC_FULL },
};

static void test_kind(void)
{
	static struct sp_kc_rules rules;
	static struct sp_kc_eval ev;
	char why[160];
	sp_kc_rules_parse(sp_kc_builtin_rules, sp_kc_builtin_rules_len, &rules, why);
	for (size_t i = 0; i < sizeof(kind_cases) / sizeof(kind_cases[0]); i++) {
		const struct kind_case *c = &kind_cases[i];
		struct sp_kc_config *cfg;
		struct sp_kc_target t;
		char name[96];
		snprintf(name, sizeof(name), "kind %s", c->name);
		sp_kc_parse(c->text, strlen(c->text), &cfg);
		sp_kc_target_resolve(cfg, "x86_64", "6.1", NULL, &t);
		sp_kc_evaluate(cfg, &rules, &t, &ev);
		bool unknown = true;
		for (unsigned k = 0; k < ev.ncaps; k++)
			unknown &= ev.caps[k].verdict == SP_KC_UNKNOWN;
		/* A defconfig: every verdict unknown, exit 2, never a missing. */
		check(sp_kc_config_kind(cfg, &rules) == c->kind && ev.kind == c->kind &&
		      (c->kind == SP_KC_FULL || (unknown && sp_kc_outcome(&ev, 7) == SP_KC_UNREADABLE &&
						 sp_kc_outcome_exit(sp_kc_outcome(&ev, 7)) == 2)),
		      name, c->kind == SP_KC_FULL ? "want full" : "want defconfig, all unknown");
		sp_kc_free(cfg);
	}
}

/* Hand-edited full configs: values kconfig never writes together. */
static const struct inconsistent_case {
	const char *name, *text, *kver;
	enum sp_kc_verdict strict, filter, trap;
	const char *symbol;            /* the contradicting check of filter (or strict) */
	enum sp_kc_resolution resolution;
	enum sp_kc_outcome outcome;
} inconsistent_cases[] = {
	/* A selected symbol is recomputed: only the tree can say (unknown, exit 2). */
	{ "HAVE_ARCH_SECCOMP_FILTER absent",
	  "CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_NET=y\n", "4.19",
	  SP_KC_ENABLED, SP_KC_UNKNOWN, SP_KC_UNKNOWN, "HAVE_ARCH_SECCOMP_FILTER", SP_KC_RES_SELECTED,
	  SP_KC_UNDECIDED },
	{ "HAVE_ARCH_SECCOMP_FILTER not set",
	  "CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\n# CONFIG_HAVE_ARCH_SECCOMP_FILTER is not set\nCONFIG_NET=y\n",
	  "4.19", SP_KC_ENABLED, SP_KC_UNKNOWN, SP_KC_UNKNOWN, "HAVE_ARCH_SECCOMP_FILTER", SP_KC_RES_SELECTED,
	  SP_KC_UNDECIDED },
	/* NET has no default: absent is n, kconfig drops SECCOMP_FILTER (missing, exit 1). */
	{ "NET absent", "CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\n",
	  "4.19", SP_KC_ENABLED, SP_KC_MISSING, SP_KC_MISSING, "NET", SP_KC_RES_ABSENT_N, SP_KC_NOT_MET },
	{ "NET not set", "CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\n# CONFIG_NET is not set\n",
	  "4.19", SP_KC_ENABLED, SP_KC_MISSING, SP_KC_MISSING, "NET", SP_KC_RES_KEPT, SP_KC_NOT_MET },
	/* SECCOMP defaults to y: absent, the tree decides; "not set" is kept. */
	{ "SECCOMP absent", "CONFIG_X86_64=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  "4.19", SP_KC_UNKNOWN, SP_KC_UNKNOWN, SP_KC_UNKNOWN, "SECCOMP", SP_KC_RES_DEFAULT, SP_KC_UNDECIDED },
	{ "SECCOMP not set", "CONFIG_X86_64=y\n# CONFIG_SECCOMP is not set\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  "4.19", SP_KC_MISSING, SP_KC_MISSING, SP_KC_MISSING, "SECCOMP", SP_KC_RES_KEPT, SP_KC_NOT_MET },
	/* 5.10+: SECCOMP=y without the selected HAVE_ARCH_SECCOMP. */
	{ "HAVE_ARCH_SECCOMP absent 5.10", "CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  "5.10", SP_KC_UNKNOWN, SP_KC_ENABLED, SP_KC_ENABLED, "HAVE_ARCH_SECCOMP", SP_KC_RES_SELECTED, SP_KC_UNDECIDED },
	/* A definite failure beside an open one: missing (ARM 3.13+, OABI_COMPAT=y unselects it). */
	{ "arm OABI_COMPAT and absent select", "CONFIG_ARM=y\nCONFIG_AEABI=y\nCONFIG_OABI_COMPAT=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  "4.19", SP_KC_ENABLED, SP_KC_MISSING, SP_KC_MISSING, "HAVE_ARCH_SECCOMP_FILTER", SP_KC_RES_SELECTED,
	  SP_KC_NOT_MET },
};

static void test_inconsistent(void)
{
	static struct sp_kc_rules rules;
	static struct sp_kc_eval ev;
	char why[160];
	sp_kc_rules_parse(sp_kc_builtin_rules, sp_kc_builtin_rules_len, &rules, why);
	for (size_t i = 0; i < sizeof(inconsistent_cases) / sizeof(inconsistent_cases[0]); i++) {
		const struct inconsistent_case *c = &inconsistent_cases[i];
		struct sp_kc_config *cfg;
		struct sp_kc_target t;
		char name[96], detail[200];
		parse_full(c->text, &cfg);
		sp_kc_target_resolve(cfg, NULL, c->kver, NULL, &t);
		sp_kc_evaluate(cfg, &rules, &t, &ev);
		const struct sp_kc_check *hit = NULL;
		for (unsigned k = 0; k < 2 && !hit; k++)
			for (unsigned j = 0; j < ev.caps[k].nchecks; j++)
				if (strcmp(ev.caps[k].checks[j].need->symbol, c->symbol) == 0 &&
				    ev.caps[k].checks[j].implied_by) {
					hit = &ev.caps[k].checks[j];
					check(ev.caps[k].inconsistent && strstr(ev.caps[k].note, "looks hand-edited"),
					      c->name, "capability not flagged inconsistent");
					break;
				}
		snprintf(name, sizeof(name), "inconsistent %s", c->name);
		snprintf(detail, sizeof(detail), "strict %s filter %s trap %s, check %s resolution %d outcome %d",
			 sp_kc_verdict_name(ev.caps[0].verdict), sp_kc_verdict_name(ev.caps[1].verdict),
			 sp_kc_verdict_name(ev.caps[2].verdict), hit ? "found" : "not found",
			 hit ? (int)hit->resolution : -1, (int)sp_kc_outcome(&ev, 7));
		check(ev.caps[0].verdict == c->strict && ev.caps[1].verdict == c->filter &&
		      ev.caps[2].verdict == c->trap && hit && hit->contradicts && hit->resolution == c->resolution &&
		      sp_kc_outcome(&ev, 7) == c->outcome, name, detail);
		sp_kc_free(cfg);
	}
}

/* Requested options against a resolved config; the fix list; JUnit. */
static void test_changes(void)
{
	static struct sp_kc_rules rules;
	static struct sp_kc_eval ev;
	static struct sp_kc_fixes fixes;
	char why[160];
	sp_kc_rules_parse(sp_kc_builtin_rules, sp_kc_builtin_rules_len, &rules, why);
	static const char in1[] = "CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\nCONFIG_D=\"x\"\nCONFIG_E=y\n";
	static const char in2[] = "# CONFIG_E is not set\nCONFIG_F=y\n";
	static const char res[] = "CONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y\nCONFIG_D=\"x\"\nCONFIG_G=y\n";
	struct sp_kc_config *a, *b, *r;
	sp_kc_parse(in1, sizeof(in1) - 1, &a);
	sp_kc_parse(in2, sizeof(in2) - 1, &b);
	sp_kc_parse(res, sizeof(res) - 1, &r);
	const struct sp_kc_config *inputs[] = { a, b };
	const char *names[] = { "one", "two" };
	struct sp_kc_requested rq;
	int ret = sp_kc_compare_requested(inputs, names, 2, r, &rq);
	/* A kept; B m->y changed; C n->y changed; D kept; E: two wins (n), kept (absent);
	 * F y->n dropped. In input order, then line order. */
	char detail[200];
	snprintf(detail, sizeof(detail), "ret %d requested %u changes %u dropped %u first %s", ret, rq.requested,
		 rq.nchanges, rq.ndropped, rq.nchanges ? rq.changes[0].symbol : "-");
	check(ret == 0 && rq.requested == 6 && rq.nchanges == 3 && rq.ndropped == 1 &&
	      strcmp(rq.changes[0].symbol, "B") == 0 && strcmp(rq.changes[0].resolved, "y") == 0 &&
	      strcmp(rq.changes[1].symbol, "C") == 0 && !rq.changes[1].dropped &&
	      strcmp(rq.changes[2].symbol, "F") == 0 && rq.changes[2].dropped && rq.changes[2].input == 1,
	      "changes requested vs resolved", detail);
	sp_kc_requested_free(&rq);
	check(sp_kc_compare_requested(inputs, names, 2, NULL, &rq) == -EINVAL, "changes NULL resolved", "");
	sp_kc_free(a);
	sp_kc_free(b);
	sp_kc_free(r);

	/* Fixes: NET off (kept), seccomp on: CONFIG_NET=y for filter and trap. */
	struct sp_kc_config *cfg;
	struct sp_kc_target t;
	parse_full("CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\n# CONFIG_NET is not set\n", &cfg);
	sp_kc_target_resolve(cfg, NULL, "4.19", NULL, &t);
	sp_kc_evaluate(cfg, &rules, &t, &ev);
	sp_kc_fixes_compute(&ev, &rules, 7, &fixes);
	char line[96] = "";
	if (fixes.nfix)
		sp_kc_fix_line(&fixes.fix[0], line, sizeof(line));
	check(fixes.nfix == 2 && strcmp(line, "CONFIG_SECCOMP_FILTER=y") == 0 && fixes.fix[0].caps == 6 &&
	      strcmp(fixes.fix[1].symbol, "NET") == 0 && !fixes.unfixable && !fixes.open,
	      "fixes NET off: SECCOMP_FILTER=y and NET=y for filter, trap", line);
	sp_kc_fixes_compute(&ev, &rules, 1, &fixes);
	check(fixes.nfix == 0, "fixes strict only: nothing", "");
	/* JUnit: filter and trap fail, strict passes; the document is one suite. */
	char *doc = NULL;
	size_t doclen = 0;
	FILE *mem = open_memstream(&doc, &doclen);
	struct sp_kc_source src = { "x.config", "argument", NULL, "plain", NULL, cfg, NULL, NULL, NULL };
	sp_kc_junit(mem, &src, &ev, 7);
	fclose(mem);
	check(doc && strstr(doc, "tests=\"3\" failures=\"2\" errors=\"0\" skipped=\"0\"") &&
	      strstr(doc, "<testcase classname=\"kconfig.x86_64\" name=\"filter\"") &&
	      strstr(doc, "<failure type=\"missing\" message=\"CONFIG_SECCOMP_FILTER absent (want y); CONFIG_NET is not set (want y)"),
	      "junit document", doc ? doc : "none");
	free(doc);
	sp_kc_free(cfg);

	/* A selected symbol is listed but not settable; an old kernel is unfixable. */
	parse_full("CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_NET=y\n", &cfg);
	sp_kc_target_resolve(cfg, NULL, "4.19", NULL, &t);
	sp_kc_evaluate(cfg, &rules, &t, &ev);
	sp_kc_fixes_compute(&ev, &rules, 2, &fixes);
	bool unsettable = false;
	for (unsigned i = 0; i < fixes.nfix; i++)
		unsettable |= strcmp(fixes.fix[i].symbol, "HAVE_ARCH_SECCOMP_FILTER") == 0 && !fixes.fix[i].settable;
	check(unsettable, "fixes selected symbol not settable", "");
	sp_kc_target_resolve(cfg, NULL, "3.4", NULL, &t);
	sp_kc_evaluate(cfg, &rules, &t, &ev);
	sp_kc_fixes_compute(&ev, &rules, 2, &fixes);
	check(fixes.nfix == 0 && fixes.unfixable == 2, "fixes 3.4 filter unfixable", "");
	sp_kc_free(cfg);
}

static void test_gunzip(void)
{
	struct sp_kc_text out = { 0 };
	char why[SP_KC_WHY_LEN];
	static const unsigned char not_gzip[] = { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff };
	int ret = sp_kc_gunzip(not_gzip, sizeof(not_gzip), 1 << 20, false, &out, why);
	check(ret == -EBADMSG || ret == -EPIPE, "gunzip garbage after header", why);
	sp_kc_text_free(&out);
	ret = sp_kc_gunzip(not_gzip, 5, 1 << 20, false, &out, why);
	check(ret == -EPIPE, "gunzip truncated header", why);
	sp_kc_text_free(&out);
}

int main(void)
{
	test_parse();
	test_parse_binary();
	test_rules();
	test_eval();
	test_kind();
	test_inconsistent();
	test_changes();
	test_gunzip();
	printf("kconfig-unit: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
