/* SPDX-License-Identifier: MIT */
/*
 * kconfig_parse.h - a kernel .config held in memory, parsed with kconfig's
 * own rules (scripts/kconfig/confdata.c): `CONFIG_X=y|m|n|"string"|123|0x1f`,
 * `# CONFIG_X is not set`, other comments, blank lines, CRLF endings; the last
 * assignment of a symbol wins. Anything else is a malformed line, recorded
 * with its line number; a config with a malformed line is "damaged".
 */
#ifndef SP_KCONFIG_PARSE_H
#define SP_KCONFIG_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Longest line accepted, in bytes (a real .config's longest is ~300). */
#define SP_KC_MAX_LINE 65536
/* Problems kept with their text; more are only counted. */
#define SP_KC_MAX_PROBLEMS 16

/* What kind of value an assignment holds. */
enum sp_kc_kind {
	SP_KC_ABSENT = 0,   /* the symbol does not appear */
	SP_KC_NOT_SET,      /* "# CONFIG_X is not set" (same as n) */
	SP_KC_NO,           /* =n */
	SP_KC_YES,          /* =y */
	SP_KC_MODULE,       /* =m */
	SP_KC_STRING,       /* ="..." */
	SP_KC_NUMBER,       /* =123, =-4, =0x1f */
};

/* One symbol's final value. */
struct sp_kc_value {
	enum sp_kc_kind kind;
	const char *text;   /* value as written (NUL-terminated copy), "" for ABSENT/NOT_SET */
	unsigned line;      /* line of the assignment that won, 0 when ABSENT */
	unsigned assignments; /* how many times the symbol was assigned */
};

/* One problem: a malformed line (damage) or a warning (duplicate). */
struct sp_kc_problem {
	unsigned line;      /* 1-based; 0 for whole-file problems */
	char msg[160];
};

struct sp_kc_config;        /* opaque: symbols, header facts, problems */

/*
 * sp_kc_parse - parse @len bytes at @text (need not be NUL-terminated; may
 * hold NUL bytes, which make their line malformed).
 * @cfg: out, a new config; free with sp_kc_free().
 * Returns 0 (the config may still be damaged: see sp_kc_damage_count()),
 * -ENOMEM when memory ran out, -EINVAL for NULL arguments.
 */
int sp_kc_parse(const char *text, size_t len, struct sp_kc_config **cfg);

void sp_kc_free(struct sp_kc_config *cfg);

/*
 * sp_kc_lookup - the final value of symbol @name (without the CONFIG_ prefix).
 * Returns the value; kind SP_KC_ABSENT when the config never mentions it.
 */
struct sp_kc_value sp_kc_lookup(const struct sp_kc_config *cfg, const char *name);

/*
 * sp_kc_next - iterate over the symbols of @cfg (in no particular order):
 * start with *@pos = 0; each call stores the next symbol's @name (without
 * CONFIG_) and final @value and returns true, false past the last one.
 */
bool sp_kc_next(const struct sp_kc_config *cfg, size_t *pos, const char **name, struct sp_kc_value *value);

/* Number of malformed lines (0: not damaged) and of warnings. */
unsigned sp_kc_damage_count(const struct sp_kc_config *cfg);
unsigned sp_kc_warning_count(const struct sp_kc_config *cfg);
/* Lines read, and assignments (including "is not set") seen. */
unsigned sp_kc_line_count(const struct sp_kc_config *cfg);
unsigned sp_kc_assignment_count(const struct sp_kc_config *cfg);

/*
 * sp_kc_problem - the @i-th kept damage (@warning false) or warning
 * (@warning true) problem; NULL past the last kept one
 * (at most SP_KC_MAX_PROBLEMS of each are kept).
 */
const struct sp_kc_problem *sp_kc_problem(const struct sp_kc_config *cfg, bool warning, unsigned i);

/*
 * sp_kc_add_damage - record a damage problem found by a later stage (e.g. a
 * value of the wrong type for a symbol the rules know). Never fails; past
 * SP_KC_MAX_PROBLEMS only the count grows.
 */
void sp_kc_add_damage(struct sp_kc_config *cfg, unsigned line, const char *msg);

/*
 * Header facts: "# Linux/<arch> <version> Kernel Configuration" (2.6.3x on)
 * or "# Linux kernel version: <version>" (older). Empty strings when absent.
 */
const char *sp_kc_header_arch(const struct sp_kc_config *cfg);
const char *sp_kc_header_version(const struct sp_kc_config *cfg);

/*
 * sp_kc_generated_header - true when @cfg holds a comment kconfig writes at
 * the top of every full .config ("# Automatically generated file; DO NOT
 * EDIT.", "# Automatically generated make config: don't edit", or one of the
 * Linux version headers above). savedefconfig output and fragments have none.
 */
bool sp_kc_generated_header(const struct sp_kc_config *cfg);

/* Name of a kind for reports: "y", "m", "n", "not set", "absent", "string", "number". */
const char *sp_kc_kind_name(enum sp_kc_kind kind);

#endif
