// SPDX-License-Identifier: MIT
/*
 * kconfig_cli.c - `seccomp-probe kconfig [PATH]`: does a kernel config give
 * strict mode, filter mode and RET_TRAP? Exit codes as cli.h: 0 every
 * required capability enabled, 1 one missing, 2 bad usage or unreadable,
 * damaged or absent config.
 */
#include "cli.h"
#include "kconfig_changes.h"
#include "kconfig_eval.h"
#include "kconfig_read.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define PREFIX "seccomp-probe kconfig: "

/* Inputs of a resolve (--requested), at most. */
#define MAX_REQUESTED 64

struct kconfig_opts {
	const char *path, *image, *rules_file, *arch, *kver, *require;
	const char *fragment_out, *junit, *resolved_by;
	const char *requested[MAX_REQUESTED];
	unsigned nrequested;
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
		"  -F, --fragment-out FILE  the options a failing config must change, as a\n"
		"                       merge_config.sh fragment\n"
		"  -J, --junit FILE     JUnit XML, one test case per capability\n"
		"  -s, --src TREE       resolve CONFIG|DEFCONFIG|FRAGMENT... with the tree's own Kconfig\n"
		"                       first: runs scripts/kconfig-resolve with these arguments (its\n"
		"                       own: --base TARGET, --config-out FILE; see its --help)\n"
		"      --requested FILE an input the config was resolved from (repeat, in merge order):\n"
		"                       report the requested options kconfig dropped or changed\n"
		"      --resolved-by TEXT  how the config was resolved, for the report\n"
		"  -h, --help           this text\n"
		"A defconfig or fragment (no generated header, none of the symbols every full .config\n"
		"holds) gives unknown verdicts: only the tree's Kconfig knows the defaults it leaves out.\n"
		"exit: 0 all required enabled, 1 one missing, 2 bad usage, unreadable/damaged config,\n"
		"  a defconfig, or an unknown verdict\n",
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
		{ "fragment-out", required_argument, NULL, 'F' },
		{ "junit", required_argument, NULL, 'J' },
		{ "src", required_argument, NULL, 's' },
		{ "requested", required_argument, NULL, 'q' },
		{ "resolved-by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "i:R:a:k:r:jF:J:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'F': o->fragment_out = optarg; break;
		case 'J': o->junit = optarg; break;
		case 's':   /* wants_resolver() takes "--src" and "-s" before getopt */
			fprintf(stderr, PREFIX "give --src TREE as an argument of its own\n");
			return -1;
		case 'b': o->resolved_by = optarg; break;
		case 'q':
			if (o->nrequested == MAX_REQUESTED) {
				fprintf(stderr, PREFIX "--requested: more than %d inputs\n", MAX_REQUESTED);
				return -1;
			}
			o->requested[o->nrequested++] = optarg;
			break;
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

/*
 * --src: the resolver script does the make work (the static guest binary
 * runs no builds): $SP_KCONFIG_RESOLVE, else scripts/kconfig-resolve beside
 * this binary's directory (build/seccomp-probe -> scripts/kconfig-resolve).
 * It gets this binary as its checker and every argument as given.
 * Returns only on failure (exit 2).
 */
static int exec_resolver(int argc, char **argv)
{
	char self[4096], script[4200];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0) {
		fprintf(stderr, PREFIX "--src: cannot find this binary (/proc/self/exe): %s\n", strerror(errno));
		return SP_EXIT_USAGE;
	}
	self[n] = '\0';
	const char *env = getenv("SP_KCONFIG_RESOLVE");
	if (env && *env) {
		snprintf(script, sizeof(script), "%s", env);
	} else {
		char dir[4096];
		snprintf(dir, sizeof(dir), "%s", self);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		snprintf(script, sizeof(script), "%s/../scripts/kconfig-resolve", dir);
	}
	if (access(script, X_OK) != 0) {
		fprintf(stderr, PREFIX "--src needs scripts/kconfig-resolve (the kernel's make, on a build host): "
			"%s: %s (set SP_KCONFIG_RESOLVE)\n", script, strerror(errno));
		return SP_EXIT_USAGE;
	}
	char **args = calloc((size_t)argc + 4, sizeof(*args));
	if (!args)
		return SP_EXIT_USAGE;
	unsigned k = 0;
	args[k++] = script;
	args[k++] = (char *)"--checker";
	args[k++] = self;
	for (int i = 1; i < argc; i++)
		args[k++] = argv[i];
	args[k] = NULL;
	execv(script, args);
	fprintf(stderr, PREFIX "--src: cannot run %s: %s\n", script, strerror(errno));
	free(args);
	return SP_EXIT_USAGE;
}

/* Parse the --requested inputs; 0, or -1 after a one-line error naming the file. */
static int read_requested(const struct kconfig_opts *o, struct sp_kc_config **inputs)
{
	for (unsigned i = 0; i < o->nrequested; i++) {
		struct sp_kc_text text = { 0 };
		char why[SP_KC_WHY_LEN];
		int ret = sp_kc_read_config(o->requested[i], &text, why);
		if (ret == 0 && sp_kc_parse(text.data, text.len, &inputs[i]) != 0) {
			snprintf(why, sizeof(why), "out of memory while parsing");
			ret = -ENOMEM;
		}
		sp_kc_text_free(&text);
		if (ret) {
			fprintf(stderr, PREFIX "--requested %s: %s\n", o->requested[i], why);
			return -1;
		}
	}
	return 0;
}

/* --fragment-out and --junit; 0, or -1 after a one-line error. */
static int write_outputs(const struct kconfig_opts *o, const struct sp_kc_source *src, const struct sp_kc_eval *ev,
			 unsigned required)
{
	char why[SP_KC_WHY_LEN];
	if (o->fragment_out &&
	    sp_kc_fragment_write(o->fragment_out, src->fixes, ev, src->path, why) != 0) {
		fprintf(stderr, PREFIX "--fragment-out %s: %s\n", o->fragment_out, why);
		return -1;
	}
	if (o->junit && sp_kc_junit_write(o->junit, src, ev, required, why) != 0) {
		fprintf(stderr, PREFIX "--junit %s: %s\n", o->junit, why);
		return -1;
	}
	return 0;
}

/* Is --src (or -s) among the options? The resolver has options of its own
 * (--base, --config-out, ...), so it gets the arguments before getopt. */
static bool wants_resolver(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "--src") == 0 || strncmp(argv[i], "--src=", 6) == 0 ||
		    strncmp(argv[i], "-s", 2) == 0)
			return true;
	}
	return false;
}

int sp_cli_kconfig(int argc, char **argv)
{
	if (wants_resolver(argc, argv))
		return exec_resolver(argc, argv);
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

	struct sp_kc_config *inputs[MAX_REQUESTED] = { 0 };
	struct sp_kc_requested requested = { 0 };
	int exit_code = SP_EXIT_USAGE;
	if (o.nrequested) {
		if (read_requested(&o, inputs) != 0)
			goto out;
		if (cfg && sp_kc_compare_requested((const struct sp_kc_config *const *)inputs, o.requested, o.nrequested,
						   cfg, &requested) != 0) {
			fprintf(stderr, PREFIX "out of memory comparing the requested options\n");
			goto out;
		}
		src.requested = cfg ? &requested : NULL;
	}
	src.resolved_by = o.resolved_by;
	static struct sp_kc_fixes fixes;
	sp_kc_fixes_compute(&ev, &rules, (unsigned)required, &fixes);
	if (o.json || o.fragment_out)
		src.fixes = &fixes;
	if (o.json) {
		sp_kc_report_problems(stderr, &src, &ev);
		sp_kc_report_json(stdout, &src, &ev, (unsigned)required);
	} else {
		sp_kc_report_text(stdout, stderr, &src, &ev, (unsigned)required);
	}
	src.fixes = &fixes;
	if (write_outputs(&o, &src, &ev, (unsigned)required) == 0)
		exit_code = sp_kc_outcome_exit(sp_kc_outcome(&ev, (unsigned)required));
out:
	sp_kc_requested_free(&requested);
	for (unsigned i = 0; i < o.nrequested; i++)
		sp_kc_free(inputs[i]);
	sp_kc_free(cfg);
	sp_kc_text_free(&text);
	return exit_code;
}
