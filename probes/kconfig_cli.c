// SPDX-License-Identifier: MIT
/*
 * kconfig_cli.c - `seccomp-probe kconfig [PATH]`: does a kernel config give
 * strict mode, filter mode and RET_TRAP? Exit codes as cli.h: 0 every
 * required capability enabled, 1 one missing, 2 bad usage or unreadable,
 * damaged or absent config.
 */
#include "cli.h"
#include "kconfig_eval.h"
#include "kconfig_read.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#define PREFIX "seccomp-probe kconfig: "

struct kconfig_opts {
	const char *path, *image, *rules_file, *arch, *kver, *require;
	bool json;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: seccomp-probe kconfig [options] [CONFIG]\n"
		"Check a kernel config (plain or gzip) for seccomp strict mode, filter mode and RET_TRAP.\n"
		"Without CONFIG: $KCONFIG_PATH, /proc/config.gz, /boot/config-$(uname -r),\n"
		"  /lib/modules/$(uname -r)/config, /lib/modules/$(uname -r)/build/.config,\n"
		"  /usr/src/linux-$(uname -r)/.config (the first that exists).\n"
		"  -i, --image FILE     the config embedded in a kernel image (CONFIG_IKCONFIG)\n"
		"  -R, --require LIST   capabilities that must be enabled (default: all): strict,filter,trap\n"
		"  -a, --arch ARCH      arch (x86_64, i386, arm, arm64) instead of the config's\n"
		"  -k, --kver VERSION   kernel version instead of the config header's\n"
		"  -r, --rules FILE     requirements file instead of the built-in kconfig/requirements.txt\n"
		"  -j, --json           JSON document (schema %d) on stdout\n"
		"  -h, --help           this text\n"
		"exit: 0 all required enabled, 1 one missing, 2 bad usage or unreadable/damaged config\n",
		SP_KC_JSON_SCHEMA);
}

static int parse_opts(int argc, char **argv, struct kconfig_opts *o)
{
	static const struct option longopts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "require", required_argument, NULL, 'R' },
		{ "arch", required_argument, NULL, 'a' },
		{ "kver", required_argument, NULL, 'k' },
		{ "rules", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "i:R:a:k:r:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': o->image = optarg; break;
		case 'R': o->require = optarg; break;
		case 'a': o->arch = optarg; break;
		case 'k': o->kver = optarg; break;
		case 'r': o->rules_file = optarg; break;
		case 'j': o->json = true; break;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return -1;
		}
	}
	if (optind < argc)
		o->path = argv[optind++];
	if (optind < argc || (o->path && o->image)) {
		fprintf(stderr, PREFIX "give one config: a PATH or --image FILE\n");
		return -1;
	}
	return 0;
}

static int load_rules(const char *file, struct sp_kc_rules *rules)
{
	char why[160];
	if (!file) {
		if (sp_kc_rules_parse(sp_kc_builtin_rules, sp_kc_builtin_rules_len, rules, why) == 0)
			return 0;
		fprintf(stderr, PREFIX "built-in requirements: %s\n", why);
		return -1;
	}
	struct sp_kc_text text = { 0 };
	char rwhy[SP_KC_WHY_LEN];
	int ret = sp_kc_read_file(file, 1u << 20, &text, rwhy);
	if (ret)
		fprintf(stderr, PREFIX "%s: %s\n", file, rwhy);
	else if ((ret = sp_kc_rules_parse(text.data, text.len, rules, why)) != 0)
		fprintf(stderr, PREFIX "%s: %s\n", file, why);
	sp_kc_text_free(&text);
	return ret ? -1 : 0;
}

/* Bit set of the capabilities named in @list ("strict,filter"); -1 on an unknown name. */
static long parse_require(const struct sp_kc_rules *rules, const char *list)
{
	if (!list)
		return (long)((1u << rules->ncaps) - 1);
	long bits = 0;
	char buf[256];
	if (strlen(list) >= sizeof(buf)) {
		fprintf(stderr, PREFIX "--require: list longer than %zu characters\n", sizeof(buf) - 1);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", list);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int i = sp_kc_rules_cap(rules, tok);
		if (i < 0) {
			fprintf(stderr, PREFIX "--require: unknown capability '%s' (known:", tok);
			for (unsigned k = 0; k < rules->ncaps; k++)
				fprintf(stderr, " %s", rules->caps[k].name);
			fprintf(stderr, ")\n");
			return -1;
		}
		bits |= 1L << i;
	}
	if (!bits)
		fprintf(stderr, PREFIX "--require: '%s' names no capability\n", list);
	return bits ? bits : -1;
}

/* Read the config text named by @o into @text; fills @src. Returns 0 or -errno. */
static int read_source(const struct kconfig_opts *o, struct sp_kc_source *src, struct sp_kc_text *text,
		       char *path, size_t pathlen, char *searched, size_t searchedlen, char *why)
{
	src->found_by = o->image ? "image" : o->path ? "argument" : "search";
	if (o->image || o->path) {
		src->path = o->image ? o->image : o->path;
	} else if (sp_kc_find_running(path, pathlen, searched, searchedlen) == 0) {
		src->path = path;
		src->searched = searched;
	} else {
		src->searched = searched;
		snprintf(why, SP_KC_WHY_LEN, "no kernel config found");
		src->error = why;
		return -ENOENT;
	}
	int ret = o->image ? sp_kc_read_image(src->path, text, why) : sp_kc_read_config(src->path, text, why);
	if (ret)
		src->error = why;
	src->how = text->how;
	return ret;
}

int sp_cli_kconfig(int argc, char **argv)
{
	struct kconfig_opts o = { 0 };
	int rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc > 0 ? SP_EXIT_OK : SP_EXIT_USAGE;
	static struct sp_kc_rules rules;
	if (load_rules(o.rules_file, &rules) != 0)
		return SP_EXIT_USAGE;
	long required = parse_require(&rules, o.require);
	if (required < 0)
		return SP_EXIT_USAGE;

	struct sp_kc_source src = { 0 };
	struct sp_kc_text text = { 0 };
	char path[320], searched[1024] = "", why[SP_KC_WHY_LEN];
	struct sp_kc_config *cfg = NULL;
	if (read_source(&o, &src, &text, path, sizeof(path), searched, sizeof(searched), why) == 0 &&
	    sp_kc_parse(text.data, text.len, &cfg) != 0) {
		snprintf(why, sizeof(why), "out of memory while parsing");
		src.error = why;
	}
	src.cfg = cfg;

	struct utsname u;
	bool running = !o.path && !o.image && uname(&u) == 0;
	struct sp_kc_target target;
	if (sp_kc_target_resolve(cfg, o.arch, o.kver, running ? u.release : NULL, &target) != 0) {
		fprintf(stderr, PREFIX "%s '%s' not understood (arch: x86_64, i386, arm, arm64; version: X.Y[.Z])\n",
			o.arch && !sp_arch_by_machine(o.arch) ? "--arch" : "--kver",
			o.arch && !sp_arch_by_machine(o.arch) ? o.arch : o.kver);
		sp_kc_free(cfg);
		sp_kc_text_free(&text);
		return SP_EXIT_USAGE;
	}
	static struct sp_kc_eval ev;
	sp_kc_evaluate(cfg, &rules, &target, &ev);
	if (o.json) {
		sp_kc_report_problems(stderr, &src);
		sp_kc_report_json(stdout, &src, &ev, (unsigned)required);
	} else {
		sp_kc_report_text(stdout, stderr, &src, &ev, (unsigned)required);
	}
	enum sp_kc_outcome outcome = sp_kc_outcome(&ev, (unsigned)required);
	sp_kc_free(cfg);
	sp_kc_text_free(&text);
	return outcome == SP_KC_MET ? SP_EXIT_OK : outcome == SP_KC_NOT_MET ? SP_EXIT_NOT_MET : SP_EXIT_USAGE;
}
