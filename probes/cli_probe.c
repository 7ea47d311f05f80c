// SPDX-License-Identifier: MIT
/*
 * cli_probe.c - `seccomp-probe [--json] [--probe NAME] [--require LIST]`.
 * Exit: 0 done / all required supported; 1 a required probe is not
 * supported; 2 usage; 3 a required probe ended in error or the run failed:
 * not one probe child could start, the probe runs under a user-mode emulator,
 * or the report could not be written. The report is written in every case.
 */
#include "cli.h"
#include "report.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out)
{
	fputs("usage: seccomp-probe [--json] [--probe NAME[,NAME...]] [--require NAME[,NAME...]]\n"
	      "                     [--timeout SECONDS] [--list] [--help] [--version]\n"
	      "       seccomp-probe kconfig [--help]\n"
	      "Probes the running kernel's seccomp support, each feature exercised in a child.\n"
	      "  --json           one JSON document (schema 2) instead of the table\n"
	      "  --probe LIST     run only these probes (see --list); may repeat\n"
	      "  --require LIST   exit 0 when all are supported, 1 when one is not,\n"
	      "                   3 when one ended in error\n"
	      "  --timeout S      per-probe child timeout in seconds (default 2)\n"
	      "  --list           name every probe with the mainline release that brought it\n"
	      "Verdicts: supported, unsupported (the kernel lacks it), blocked (an outer\n"
	      "filter, LSM or privileges stopped it), error (anything unexpected);\n"
	      "unsupported? (JSON: maybe_blocked) is unsupported, or blocked: ENOSYS from\n"
	      "inside a seccomp filter on a kernel whose version has the call.\n"
	      "Exit 3 (the run failed) when no probe could run or under an emulator.\n"
	      "Colour on a terminal unless NO_COLOR is set.\n", out);
}

/* Adds the probes named in comma list @list to @mask; -1 on an unknown name. */
static int parse_probe_list(const char *list, uint64_t *mask)
{
	char buf[512];
	if (strlen(list) >= sizeof(buf) || !*list) {
		fprintf(stderr, "seccomp-probe: probe list '%s' is empty or too long\n", list);
		return -1;
	}
	strcpy(buf, list);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const struct sp_feature *f = sp_feature_by_name(tok);
		if (!f) {
			fprintf(stderr, "seccomp-probe: unknown probe '%s' (see --list)\n", tok);
			return -1;
		}
		*mask |= 1ull << f->id;
	}
	if (!*mask) {
		fprintf(stderr, "seccomp-probe: probe list '%s' names no probe (see --list)\n", list);
		return -1;
	}
	return 0;
}

static int parse_timeout(const char *s, unsigned *ms)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > 3600) {
		fprintf(stderr, "seccomp-probe: --timeout '%s' is not a number of seconds in (0, 3600]\n", s);
		return -1;
	}
	*ms = (unsigned)(v * 1000.0 + 0.5);
	if (*ms == 0)
		*ms = 1;
	return 0;
}

static void list_probes(void)
{
	size_t n;
	char v[24];
	const struct sp_feature *t = sp_feature_table(&n);
	for (size_t i = 0; i < n; i++)
		printf("%-20s %-8s %s\n", t[i].name, sp_release_string(sp_mainline_since(t[i].id, NULL),
									v, sizeof(v)), t[i].what);
}

static int required_exit(const struct sp_report *rep, uint64_t required)
{
	int code = SP_EXIT_OK;
	for (size_t i = 0; i < SP_PROBE_COUNT; i++) {
		if (!(required & (1ull << i)))
			continue;
		if (rep->results[i].verdict == SP_ERROR)
			return SP_EXIT_FAILED;
		if (rep->results[i].verdict != SP_SUPPORTED)
			code = SP_EXIT_NOT_MET;
	}
	return code;
}

int sp_cli_probe(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "probe", required_argument, NULL, 'p' },
		{ "require", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct sp_options opts = { 0, 0 };
	uint64_t required = 0;
	int json = 0, c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jp:r:t:lhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'p': if (parse_probe_list(optarg, &opts.probes)) return SP_EXIT_USAGE; break;
		case 'r': if (parse_probe_list(optarg, &required)) return SP_EXIT_USAGE; break;
		case 't': if (parse_timeout(optarg, &opts.timeout_ms)) return SP_EXIT_USAGE; break;
		case 'l': list_probes(); return fflush(stdout) ? SP_EXIT_FAILED : SP_EXIT_OK;
		case 'h': usage(stdout); return fflush(stdout) ? SP_EXIT_FAILED : SP_EXIT_OK;
		case 'V':
			printf("seccomp-probe %s\n", SP_VERSION_STRING);
			return fflush(stdout) ? SP_EXIT_FAILED : SP_EXIT_OK;
		default: usage(stderr); return SP_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "seccomp-probe: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return SP_EXIT_USAGE;
	}
	if (required && opts.probes)
		opts.probes |= required;
	else if (required)
		opts.probes = required;
	uint64_t shown = opts.probes ? opts.probes : (1ull << SP_PROBE_COUNT) - 1;

	struct sp_report rep;
	int err = sp_probe_run(&opts, &rep);
	if (err == -EINVAL) {
		fprintf(stderr, "seccomp-probe: probe run failed: %s\n", strerror(-err));
		return SP_EXIT_FAILED;
	}
	/* Any other error still filled the report (every probe an error): show it. */
	if (json) {
		sp_report_write_json(stdout, &rep, shown);
	} else {
		const char *nc = getenv("NO_COLOR");
		sp_report_write_text(stdout, &rep, shown, isatty(STDOUT_FILENO) && !(nc && *nc));
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "seccomp-probe: writing the report to stdout: %s\n", strerror(errno));
		return SP_EXIT_FAILED;
	}
	if (err) {
		fprintf(stderr, "seccomp-probe: the run failed: not one probe child could be started "
			"(%s), so nothing was probed\n", strerror(-err));
		return SP_EXIT_FAILED;
	}
	if (rep.process.emulator[0]) {
		fprintf(stderr, "seccomp-probe: the run failed: it runs under the emulator %s, which "
			"answers system calls itself; no verdict is the kernel's\n", rep.process.emulator);
		return SP_EXIT_FAILED;
	}
	return required ? required_exit(&rep, required) : SP_EXIT_OK;
}
