/* SPDX-License-Identifier: MIT */
/*
 * kconfig_changes.h - option lists beside the verdicts:
 * - what kconfig did to the options the inputs of a resolve requested
 *   (scripts/kconfig-resolve: make olddefconfig drops an option whose
 *   dependencies fail, a select forces another on), as CoreOS and LibreELEC
 *   gate on;
 * - what a failing config must change to meet the requirements, written as
 *   a fragment for the kernel's scripts/kconfig/merge_config.sh.
 */
#ifndef SP_KCONFIG_CHANGES_H
#define SP_KCONFIG_CHANGES_H

#include "kconfig_eval.h"
#include "kconfig_read.h"

/* One requested option that did not come out as requested. */
struct sp_kc_change {
	const char *symbol;           /* without CONFIG_; points into the input's config */
	char requested[72];           /* "y", "m", "n" (also "is not set"), or the value as written */
	char resolved[72];            /* the same in the resolved config; "n" when absent */
	bool dropped;                 /* requested on (y, m or a value), off or absent now */
	unsigned input;               /* index of the input that requested it (the last one) */
	unsigned line;                /* its line there */
};

struct sp_kc_requested {
	unsigned ninputs;
	const char *const *names;     /* the inputs' paths, for the report */
	unsigned requested;           /* options requested, the last input winning */
	struct sp_kc_change *changes; /* malloc'ed; in input order, then line order */
	unsigned nchanges, ndropped;
};

/*
 * sp_kc_compare_requested - compare the options @n inputs (in merge order:
 * a later input overrides an earlier one, as merge_config.sh does) request
 * with the config kconfig resolved from them.
 * @inputs, @names: the parsed inputs and their paths (both kept by
 * reference: they must outlive @out). @resolved: the resolved .config.
 * @out: filled; free with sp_kc_requested_free().
 * Returns 0, -ENOMEM (then @out holds no changes), -EINVAL for NULL arguments.
 */
int sp_kc_compare_requested(const struct sp_kc_config *const *inputs, const char *const *names, unsigned n,
			    const struct sp_kc_config *resolved, struct sp_kc_requested *out);

void sp_kc_requested_free(struct sp_kc_requested *r);

/* One option a failing config must change. */
struct sp_kc_fix {
	const char *symbol;           /* without CONFIG_ (a rules' need symbol) */
	unsigned want;                /* SP_KC_WANT_* of the need */
	bool settable;                /* false: selected by the arch; a fragment cannot set it */
	unsigned caps;                /* bit set of the capabilities it is for */
};

struct sp_kc_fixes {
	struct sp_kc_fix fix[SP_KC_MAX_CAPS * SP_KC_MAX_NEEDS];
	unsigned nfix;
	unsigned unfixable;           /* capabilities (bits) no option gives: too old a kernel */
	unsigned open;                /* capabilities (bits) unknown: only the tree can tell */
};

/*
 * sp_kc_fixes_compute - the options the config of @ev must change so that
 * every @required capability (bit i = capability i of @rules) is enabled:
 * the failing needs of each missing one and of the capabilities it
 * requires, one row per symbol. A missing capability on a kernel older than
 * mainline support goes to @out->unfixable (no option gives it), an unknown
 * one (defconfig, damaged, unresolved) to @out->open. Never fails.
 */
void sp_kc_fixes_compute(const struct sp_kc_eval *ev, const struct sp_kc_rules *rules, unsigned required,
			 struct sp_kc_fixes *out);

/* The fragment line of @f: "CONFIG_X=y", "CONFIG_X=m" or "# CONFIG_X is not set". */
void sp_kc_fix_line(const struct sp_kc_fix *f, char *buf, size_t len);

/*
 * sp_kc_fragment_write - write @f as a merge_config.sh fragment to @path
 * (a comment naming @source and what each line is for, then the lines;
 * options a fragment cannot set, and capabilities no option gives, as
 * comments). Written to PATH.tmp, then renamed: never a partial file.
 * Returns 0, or -errno of open/write/rename with @why set.
 */
int sp_kc_fragment_write(const char *path, const struct sp_kc_fixes *f, const struct sp_kc_eval *ev,
			 const char *source, char why[SP_KC_WHY_LEN]);

/*
 * sp_kc_write_file - write a whole file: @fill prints it to a stream on
 * PATH.tmp, which is then renamed to @path (never a partial file; an error
 * removes the temporary file). Returns 0, or -errno of fopen, a write, fclose
 * or rename (-EIO for a stream error), -ENAMETOOLONG; @why says which.
 */
int sp_kc_write_file(const char *path, void (*fill)(FILE *out, const void *arg), const void *arg,
		     char why[SP_KC_WHY_LEN]);

#endif
