/* SPDX-License-Identifier: MIT */
/*
 * kconfig_eval.h - verdicts: for each capability of the rules, enabled,
 * missing (which options, which values were found) or unknown (no config,
 * or a damaged one), bounded by the mainline version of the capability on
 * the config's arch (the probe's tables: sp_mainline_since()).
 */
#ifndef SP_KCONFIG_EVAL_H
#define SP_KCONFIG_EVAL_H

#include "kconfig_parse.h"
#include "kconfig_rules.h"
#include "seccomp_probe.h"

#include <stdio.h>

struct sp_kc_requested;       /* kconfig_changes.h */
struct sp_kc_fixes;

/* Which kernel the config is for, and where each fact came from. */
struct sp_kc_target {
	char arch[32];                /* our arch name (x86_64, i386, arm, arm64) or the header's; "" unknown */
	const struct sp_arch *row;    /* the arch table row, NULL when not in the table */
	const char *arch_from;        /* "option", "header", "header+symbols", "symbols", "none" */
	uint32_t kver;                /* SP_KV(), 0 unknown */
	char kver_text[64];
	const char *kver_from;        /* "option", "header", "uname", "none" */
};

enum sp_kc_verdict { SP_KC_UNKNOWN = 0, SP_KC_ENABLED, SP_KC_MISSING };

/* What kconfig (make olddefconfig, or the build's syncconfig) makes of a
 * need that contradicts an implying symbol (struct sp_kc_check.implied_by). */
enum sp_kc_resolution {
	SP_KC_RES_NONE = 0,
	SP_KC_RES_SELECTED,           /* recomputed from the tree's selects: unresolved */
	SP_KC_RES_DEFAULT,            /* absent: the tree's default applies: unresolved */
	SP_KC_RES_ABSENT_N,           /* absent, no default: n, the implying symbol is dropped */
	SP_KC_RES_KEPT,               /* its n is kept, the implying symbol is dropped */
};

struct sp_kc_check {
	const struct sp_kc_need *need;
	struct sp_kc_value found;
	bool applies;                 /* its arch/version conditions hold */
	bool ok;                      /* applies and the found value is wanted */
	const char *skipped;          /* why it does not apply, NULL when it does */
	bool contradicts;             /* the config holds values kconfig never writes together:
				       * skipped as resolved although its own value says the
				       * select could not have happened (restates=), or failed
				       * although implied_by=y needs it (depends): hand-edited */
	const char *implied_by;       /* depends: the symbol whose =y implies this need, or NULL */
	bool unresolved;              /* contradicts, failed, and only the tree's kconfig can say
				       * what the symbol becomes (selected, or absent with a
				       * default): the need neither holds nor fails */
	enum sp_kc_resolution resolution; /* with implied_by: what kconfig does with it */
};

/*
 * The skipped reason of a need that restates a `select` (restates=SYM) when
 * the config holds SYM=y: a full .config carries kconfig's own answer for
 * SYM, and a rule never contradicts it (e.g. ARM's AEABI && !OABI_COMPAT
 * condition on HAVE_ARCH_SECCOMP_FILTER, which 3.10 did not have).
 */
extern const char sp_kc_skip_resolved[];

struct sp_kc_cap_result {
	const struct sp_kc_cap *cap;
	enum sp_kc_verdict verdict;
	bool backport;                /* enabled although mainline had it only later */
	bool too_old;                 /* the version predates mainline support on this arch */
	uint32_t mainline;            /* SP_KV() of mainline support on this arch */
	struct sp_kc_check checks[SP_KC_MAX_NEEDS];
	unsigned nchecks;
	bool inconsistent;            /* a check contradicts: the config looks hand-edited */
	char note[256];               /* version, backport, defconfig or inconsistency remark */
};

/* What kind of input the config is (sp_kc_config_kind()). */
enum sp_kc_config_kind {
	SP_KC_FULL = 0,               /* kconfig's output: every visible symbol resolved */
	SP_KC_DEFCONFIG,              /* savedefconfig output or a fragment: defaults left out */
};

/* The note of every capability of a defconfig or fragment. */
extern const char sp_kc_defconfig_note[];

struct sp_kc_eval {
	struct sp_kc_target target;
	bool have_config;             /* a config was read */
	bool damaged;                 /* it has malformed lines or impossible values */
	enum sp_kc_config_kind kind;  /* a defconfig gives unknown verdicts, never missing */
	struct sp_kc_cap_result caps[SP_KC_MAX_CAPS];
	unsigned ncaps;
};

/*
 * sp_kc_target_resolve - arch and kernel version of @cfg (may be NULL): from
 * @arch_opt / @kver_opt when given, else the config header, else (arch) the
 * CONFIG_X86_64/X86_32/ARM64/ARM symbols, else (version) @uname_release when
 * not NULL (the config of the running kernel).
 * Returns 0; -EINVAL when @arch_opt is not in the arch table or @kver_opt is
 * not a version (nothing else is checked).
 */
int sp_kc_target_resolve(const struct sp_kc_config *cfg, const char *arch_opt, const char *kver_opt,
			 const char *uname_release, struct sp_kc_target *t);

/*
 * sp_kc_config_kind - SP_KC_DEFCONFIG when @cfg has no generated header
 * (sp_kc_generated_header()) and none of the symbols @rules name with
 * `fullconfig` (those every full .config holds); else SP_KC_FULL.
 */
enum sp_kc_config_kind sp_kc_config_kind(const struct sp_kc_config *cfg, const struct sp_kc_rules *rules);

/*
 * sp_kc_evaluate - judge every capability of @rules against @cfg (NULL: no
 * config could be read, every verdict unknown). Values of the wrong type for
 * a symbol the rules declare (=m on a bool) are added to @cfg's damage.
 * A damaged config, a defconfig or fragment (sp_kc_config_kind()), and a
 * capability whose only failing options contradict the config's other
 * values in a way only the tree's kconfig can settle give unknown verdicts,
 * never enabled or missing. Never fails.
 */
void sp_kc_evaluate(struct sp_kc_config *cfg, const struct sp_kc_rules *rules,
		    const struct sp_kc_target *t, struct sp_kc_eval *out);

const char *sp_kc_verdict_name(enum sp_kc_verdict v);

/* "3.8" or "2.6.29" for SP_KV() @kv into @buf. */
const char *sp_kc_kv_text(uint32_t kv, char buf[16]);

/* Where the config came from, for the report. */
struct sp_kc_source {
	const char *path;             /* NULL when none was found */
	const char *found_by;         /* "argument", "search", "image" */
	const char *searched;         /* paths tried by the search, or NULL */
	const char *how;              /* "plain", "gzip", "image/xz" ... */
	const char *error;            /* one-line reason it could not be read, or NULL */
	const struct sp_kc_config *cfg;
	/* Added by --requested / --resolved-by / --fragment-out; NULL when not given. */
	const struct sp_kc_requested *requested; /* inputs of a resolve against this config */
	const char *resolved_by;      /* how this config was resolved (tree, arch, make target) */
	const struct sp_kc_fixes *fixes; /* the options to change */
};

/*
 * Overall outcome for the required capabilities (bit i = capability i):
 * MET all enabled (exit 0); NOT_MET one missing (exit 1); UNREADABLE no
 * config, a damaged one or a defconfig (exit 2); UNDECIDED none missing but
 * one unknown (exit 2).
 */
enum sp_kc_outcome { SP_KC_MET, SP_KC_NOT_MET, SP_KC_UNREADABLE, SP_KC_UNDECIDED };
enum sp_kc_outcome sp_kc_outcome(const struct sp_kc_eval *ev, unsigned required);

/* The exit code of @o: 0, 1 or 2 as above. */
int sp_kc_outcome_exit(enum sp_kc_outcome o);

/* Human report on @out (problems go to @err, one line each, naming the file). */
void sp_kc_report_text(FILE *out, FILE *err, const struct sp_kc_source *src,
		       const struct sp_kc_eval *ev, unsigned required);
/* JSON document (schema SP_KC_JSON_SCHEMA) on @out. */
#define SP_KC_JSON_SCHEMA 1
void sp_kc_report_json(FILE *out, const struct sp_kc_source *src, const struct sp_kc_eval *ev,
		       unsigned required);
/*
 * sp_kc_junit_write - the verdicts as JUnit XML to @path: one <testsuite>
 * ("seccomp-probe kconfig"), one <testcase> per capability (classname
 * "kconfig.<arch>", name the capability): a required capability that is
 * missing is a <failure>, an unknown one an <error>, a capability not
 * required is <skipped>; each carries its options in <system-out>.
 * Written to PATH.tmp, then renamed. Returns 0, or -errno with @why set.
 */
int sp_kc_junit_write(const char *path, const struct sp_kc_source *src, const struct sp_kc_eval *ev,
		      unsigned required, char why[160]);

/* The same document on @out (for tests and the fuzzer). */
void sp_kc_junit(FILE *out, const struct sp_kc_source *src, const struct sp_kc_eval *ev, unsigned required);

/* Problems only, one line each, naming the file: for --json runs. @ev (may
 * be NULL) adds the "unknown: a defconfig ..." line for a defconfig. */
void sp_kc_report_problems(FILE *err, const struct sp_kc_source *src, const struct sp_kc_eval *ev);

#endif
