// SPDX-License-Identifier: MIT
/*
 * test_kconfig.c - unit tests of the kconfig parser, rules loader and
 * evaluator, table-driven. Prints one line per case and
 * "kconfig-unit: N passed, N failed"; exit 0 only when all pass.
 */
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

/* Evaluator on small configs with the built-in rules. */
static const struct eval_case {
	const char *name, *text, *arch, *kver;
	enum sp_kc_verdict strict, filter, trap;
	bool filter_backport;
} eval_cases[] = {
	{ "all on", "CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  NULL, "4.19", SP_KC_ENABLED, SP_KC_ENABLED, SP_KC_ENABLED, false },
	{ "5.10 needs HAVE_ARCH_SECCOMP", "CONFIG_X86_64=y\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\nCONFIG_HAVE_ARCH_SECCOMP_FILTER=y\nCONFIG_NET=y\n",
	  NULL, "5.10", SP_KC_MISSING, SP_KC_ENABLED, SP_KC_ENABLED, false },
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
		sp_kc_parse(c->text, strlen(c->text), &cfg);
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
		sp_kc_parse(text, sizeof(text) - 1, &cfg);
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
	test_gunzip();
	printf("kconfig-unit: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
