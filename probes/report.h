/* SPDX-License-Identifier: MIT */
/* report.h - writing an sp_report as text or JSON (CLI side, not library API). */
#ifndef SP_REPORT_H
#define SP_REPORT_H

#include "seccomp_probe.h"
#include <stdio.h>

/* Writes @rep as one JSON document (schema SP_JSON_SCHEMA) to @out. */
void sp_report_write_json(FILE *out, const struct sp_report *rep, uint64_t shown);
/* Writes @rep as a human table; @colour adds ANSI colours to verdicts. */
void sp_report_write_text(FILE *out, const struct sp_report *rep, uint64_t shown, int colour);
/* Formats an SP_KV() version as "a.b.c" into @buf. */
const char *sp_kv_string(uint32_t kv, char *buf, size_t len);
/* Writes @s as a JSON string literal. */
void sp_json_string(FILE *out, const char *s);

#endif
