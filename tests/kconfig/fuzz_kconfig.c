// SPDX-License-Identifier: MIT
/*
 * fuzz_kconfig.c - libFuzzer target for the config reader: each input goes
 * through the gzip reader (when it starts with the gzip magic), the parser,
 * the evaluator with the built-in rules, the fix list, the requested-options
 * comparison (as the input of a resolve and as the resolved config), the text,
 * JSON and JUnit reports, and, as a rules file, through the rules loader.
 * Built by `make fuzz`.
 */
#include "kconfig_changes.h"
#include "kconfig_eval.h"
#include "kconfig_parse.h"
#include "kconfig_read.h"
#include "kconfig_rules.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sp_kc_rules builtin, scratch;
static struct sp_kc_eval ev;
static struct sp_kc_fixes fixes;
static struct sp_kc_config *fixed;   /* a small resolved config to compare with */
static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[SP_KC_WHY_LEN];
	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		sp_kc_rules_parse(sp_kc_builtin_rules, sp_kc_builtin_rules_len, &builtin, why);
		static const char res[] = "# Linux/x86_64 6.1.0 Kernel Configuration\nCONFIG_SECCOMP=y\nCONFIG_NET=y\n";
		sp_kc_parse(res, sizeof(res) - 1, &fixed);
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
		sp_kc_fixes_compute(&ev, &builtin, 7, &fixes);
		const struct sp_kc_config *in[2] = { cfg, fixed };
		const char *names[2] = { "fuzz", "fixed" };
		struct sp_kc_requested rq, rq2;
		int r1 = sp_kc_compare_requested(in, names, 2, fixed, &rq);
		int r2 = sp_kc_compare_requested(in + 1, names + 1, 1, cfg, &rq2);
		struct sp_kc_source src = { "fuzz", "argument", NULL, "plain", NULL, cfg,
					    r1 == 0 ? &rq : NULL, "fuzz", &fixes };
		sp_kc_report_text(devnull, devnull, &src, &ev, 7);
		sp_kc_report_json(devnull, &src, &ev, 7);
		sp_kc_junit(devnull, &src, &ev, 5);
		src.requested = r2 == 0 ? &rq2 : NULL;
		sp_kc_report_json(devnull, &src, &ev, 2);
		sp_kc_requested_free(&rq);
		sp_kc_requested_free(&rq2);
		sp_kc_free(cfg);
	}
	sp_kc_text_free(&text);
	char rwhy[160];
	sp_kc_rules_parse((const char *)data, size, &scratch, rwhy);
	return 0;
}
