/* SPDX-License-Identifier: MIT */
/*
 * kconfig_rules.h - the requirements data (kconfig/requirements.txt, compiled
 * into the binary; --rules FILE overrides): which options each capability
 * needs, with the value, and conditions on arch and kernel version.
 * The format is documented in kconfig/README.md.
 */
#ifndef SP_KCONFIG_RULES_H
#define SP_KCONFIG_RULES_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define SP_KC_MAX_CAPS 8
#define SP_KC_MAX_NEEDS 16
#define SP_KC_MAX_SYMBOLS 64
#define SP_KC_MAX_REQUIRES 4
#define SP_KC_MAX_DEPENDS 16
#define SP_KC_MAX_MARKERS 16

/* Kconfig symbol types, as in `config X` / `bool`, `tristate`, ... */
enum sp_kc_type { SP_KC_T_BOOL, SP_KC_T_TRISTATE, SP_KC_T_STRING, SP_KC_T_INT, SP_KC_T_HEX };

/* Accepted values of a need, as a bit set. SP_KC_WANT_N also matches "not set" and absent. */
enum { SP_KC_WANT_Y = 1, SP_KC_WANT_M = 2, SP_KC_WANT_N = 4 };

struct sp_kc_need {
	char symbol[64];          /* without CONFIG_ */
	unsigned want;            /* SP_KC_WANT_* bits */
	char arch[64];            /* comma-separated arch names; "" for every arch */
	uint32_t since, before;   /* SP_KV() bounds on the kernel version; 0: none */
	char restates[64];        /* restates=SYM: this need restates the condition of a
				   * `select SYM`; when the config holds SYM=y, kconfig
				   * already resolved it and the need is not checked. "" none */
	char why[128];            /* the Kconfig fact behind it */
	unsigned line;            /* line in the rules text */
};

struct sp_kc_cap {
	char name[24];            /* strict, filter, trap */
	char probe[24];           /* row of the probe's feature table (version bounds) */
	char what[96];
	struct sp_kc_need needs[SP_KC_MAX_NEEDS];
	unsigned nneeds;
	unsigned requires[SP_KC_MAX_REQUIRES]; /* indexes of capabilities it needs enabled */
	unsigned nrequires;
};

struct sp_kc_symbol_type {
	char name[64];
	enum sp_kc_type type;
	bool selected;            /* `selected`: invisible, set only by a `select`: kconfig
				   * recomputes it from the tree whatever a config says */
	bool absent_n;            /* `absent=n`: no default, kconfig gives an absent one n */
};

/*
 * `depends SYM DEP[,DEP] [arch=] [since=] [before=] -- why`: one row per
 * DEP. Kconfig never writes SYM=y unless DEP=y: a config holding SYM=y
 * without DEP=y was edited by hand (inconsistent).
 */
struct sp_kc_depends {
	char symbol[64];
	char dep[64];
	char arch[64];            /* comma-separated arch names; "" for every arch */
	uint32_t since, before;   /* SP_KV() bounds; 0: none */
	char why[128];
	unsigned line;
};

struct sp_kc_rules {
	struct sp_kc_cap caps[SP_KC_MAX_CAPS];
	unsigned ncaps;
	struct sp_kc_symbol_type symbols[SP_KC_MAX_SYMBOLS];
	unsigned nsymbols;
	struct sp_kc_depends depends[SP_KC_MAX_DEPENDS];
	unsigned ndepends;
	/* `fullconfig SYM...`: symbols every full .config holds (invisible ones:
	 * savedefconfig never writes them); none of them and no generated
	 * header: a defconfig or fragment. */
	char markers[SP_KC_MAX_MARKERS][64];
	unsigned nmarkers;
};

/*
 * sp_kc_rules_parse - read rules from @len bytes of @text into @rules.
 * @why: out, "line N: reason" on error.
 * Returns 0; -EINVAL for a malformed line, an unknown capability, symbol
 * type or probe name, or no capability at all; -E2BIG past a table limit.
 */
int sp_kc_rules_parse(const char *text, size_t len, struct sp_kc_rules *rules, char why[160]);

/* The requirements compiled into the binary (generated from kconfig/requirements.txt). */
extern const char sp_kc_builtin_rules[];
extern const size_t sp_kc_builtin_rules_len;

/* Index of capability @name, or -1. */
int sp_kc_rules_cap(const struct sp_kc_rules *rules, const char *name);

/* Type of @symbol when the rules declare it; false when they do not. */
bool sp_kc_rules_type(const struct sp_kc_rules *rules, const char *symbol, enum sp_kc_type *type);

/* The declaration of @symbol (type and attributes), NULL when the rules have none. */
const struct sp_kc_symbol_type *sp_kc_rules_symbol(const struct sp_kc_rules *rules, const char *symbol);

/* "y", "y|m", "n" ... for a want bit set. */
const char *sp_kc_want_name(unsigned want);
/* "bool", "tristate" ... */
const char *sp_kc_type_name(enum sp_kc_type type);

#endif
