// SPDX-License-Identifier: MIT
/*
 * run_main.c - personality-run: run a command as if on an old kernel.
 *   personality-run -p 3.4+backport [-l LOG] [-t SECONDS] -- COMMAND [ARGS...]
 * Exit: the command's status (128 + signal when killed); 2 usage; 3 the
 * trace itself failed or timed out.
 */
#include "pt.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *out)
{
	fputs("usage: personality-run -p PERSONALITY [-l LOGFILE [-v]] [-t SECONDS] -- COMMAND [ARGS...]\n"
	      "       personality-run --list\n"
	      "Runs COMMAND under ptrace; seccomp-relevant system calls, uname and\n"
	      "/proc/self/status answer as the named old kernel does, and system calls\n"
	      "newer than it fail ENOSYS. -l logs every rewrite (-v: and every stop);\n"
	      "-t kills after SECONDS (default 120; 0: never).\n", out);
}

static int list(void)
{
	const struct pt_personality *p;
	for (size_t i = 0; (p = pt_personality_at(i)); i++)
		printf("%-18s release %-10s%s\n", p->name, p->release, p->backport ? " backport" : "");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "personality", required_argument, NULL, 'p' },
		{ "log", required_argument, NULL, 'l' },
		{ "timeout", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "list", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pt_run run;
	const char *log_path = NULL;
	unsigned timeout = 120;
	int c;
	memset(&run, 0, sizeof(run));
	while ((c = getopt_long(argc, argv, "+p:l:t:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			run.pers = pt_personality_find(optarg);
			if (!run.pers) {
				fprintf(stderr, "personality-run: unknown personality '%s' (see --list)\n", optarg);
				return 2;
			}
			break;
		case 'l': log_path = optarg; break;
		case 'v': run.verbose = true; break;
		case 't': {
			char *end = NULL;
			errno = 0;
			unsigned long v = strtoul(optarg, &end, 10);
			if (errno || !end || end == optarg || *end || optarg[0] < '0' || optarg[0] > '9' ||
			    v > 86400) {
				fprintf(stderr, "personality-run: -t '%s': want whole seconds, 0 to 86400\n", optarg);
				return 2;
			}
			timeout = (unsigned)v;
			break;
		}
		case 'L': return list();
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!run.pers || optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (log_path && !(run.log = fopen(log_path, "we"))) {
		fprintf(stderr, "personality-run: cannot write log '%s': %s\n", log_path, strerror(errno));
		return 2;
	}
	/* The tracee opens files here by absolute path, from any cwd and uid. */
	const char *tmp = getenv("TMPDIR");
	char tmp_abs[PATH_MAX];
	if (!realpath(tmp && *tmp ? tmp : "/tmp", tmp_abs)) {
		fprintf(stderr, "personality-run: temp dir %s: %s\n", tmp && *tmp ? tmp : "/tmp", strerror(errno));
		return 3;
	}
	if ((size_t)snprintf(run.tmp_dir, sizeof(run.tmp_dir), "%s/personality.XXXXXX", tmp_abs) >=
	    sizeof(run.tmp_dir)) {
		fprintf(stderr, "personality-run: temp dir %s: path longer than %zu bytes\n", tmp_abs,
			sizeof(run.tmp_dir) - 20);
		return 3;
	}
	if (!mkdtemp(run.tmp_dir) || chmod(run.tmp_dir, 0755) != 0) {
		fprintf(stderr, "personality-run: cannot make a temp dir in %s: %s\n", tmp_abs, strerror(errno));
		return 3;
	}
	int rc = pt_trace_run(&run, argv + optind, timeout);
	rmdir(run.tmp_dir);
	if (run.log) {
		fprintf(run.log, "personality %s: %lu stops, %lu rewrites, exit %d\n", run.pers->name,
			run.stops, run.rewrites, rc);
		if (fclose(run.log) != 0)
			fprintf(stderr, "personality-run: log '%s' not fully written: %s\n", log_path,
				strerror(errno));
	}
	if (rc < 0) {
		fprintf(stderr, "personality-run: tracing '%s' failed: %s\n", argv[optind], strerror(-rc));
		return 3;
	}
	return rc;
}
