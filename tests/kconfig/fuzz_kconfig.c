// SPDX-License-Identifier: MIT
/*
 * fuzz_kconfig.c - libFuzzer target for the config reader: each input goes
 * through the gzip reader (when it starts with the gzip magic), the parser,
 * the evaluator with the built-in rules and the text and JSON reports, and,
 * as a rules file, through the rules loader. Built by `make fuzz`.
 */
#include "kconfig_eval.h"
#include "kconfig_parse.h"
#include "kconfig_read.h"
#include "kconfig_rules.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sp_kc_rules builtin, scratch;
static struct sp_kc_eval ev;
static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[SP_KC_WHY_LEN];
	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		sp_kc_rules_parse(sp_kc_builtin_rules, sp_kc_builtin_rules_len, &builtin, why);
	}
	struct sp_kc_text text = { 0 };
	const char *bytes = (const char *)data;
	size_t len = size;
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		sp_kc_gunzip(data, size, 4u << 20, false, &text, why);
		bytes = text.data;
		len = text.len;
	}
	struct sp_kc_config *cfg = NULL;
	if (sp_kc_parse(bytes, len, &cfg) == 0) {
		struct sp_kc_target t;
		sp_kc_target_resolve(cfg, NULL, NULL, NULL, &t);
		sp_kc_evaluate(cfg, &builtin, &t, &ev);
		struct sp_kc_source src = { "fuzz", "argument", NULL, "plain", NULL, cfg };
		sp_kc_report_text(devnull, devnull, &src, &ev, 7);
		sp_kc_report_json(devnull, &src, &ev, 7);
		sp_kc_free(cfg);
	}
	sp_kc_text_free(&text);
	char rwhy[160];
	sp_kc_rules_parse((const char *)data, size, &scratch, rwhy);
	return 0;
}
