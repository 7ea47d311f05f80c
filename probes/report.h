/* SPDX-License-Identifier: MIT */
/* report.h - writing an sp_report as text or JSON (CLI side, not library API). */
#ifndef SP_REPORT_H
#define SP_REPORT_H

#include "seccomp_probe.h"
#include <stdbool.h>
#include <stdio.h>

/* Writes @rep as one JSON document (schema SP_JSON_SCHEMA) to @out. */
void sp_report_write_json(FILE *out, const struct sp_report *rep, uint64_t shown);
/* Writes @rep as a human table; @colour adds ANSI colours to verdicts. */
void sp_report_write_text(FILE *out, const struct sp_report *rep, uint64_t shown, int colour);
/* Formats an SP_KV() version as "a.b.c" into @buf (a kernel's own version). */
const char *sp_kv_string(uint32_t kv, char *buf, size_t len);
/* Formats a mainline release as it is named, "a.b" ("3.5", "4.14"), "a.b.c"
 * only when c is not 0 ("2.6.12"): the spelling of the kconfig JSON and README. */
const char *sp_release_string(uint32_t kv, char *buf, size_t len);
/* The verdict word a report shows: sp_verdict_name(), or "unsupported?" for an
 * unsupported result with maybe_blocked (unsupported, or blocked). */
const char *sp_report_word(const struct sp_result *r);
/* Words for a PR_GET_* answer of @ps: NULL when it answered (print the value),
 * else "absent", "blocked" or "error". */
const char *sp_prctl_answer(int value, int err, bool blocked);
/* Writes @s as a JSON string literal. */
void sp_json_string(FILE *out, const char *s);

#endif
