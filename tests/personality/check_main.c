// SPDX-License-Identifier: MIT
/*
 * check_main.c - personality-check: run seccomp-probe --json under every
 * personality of the expected table for one arch and compare field by field.
 *   personality-check -e expected.tsv -a x86_64 -r personality-run -b seccomp-probe
 *                     [-n LABEL] [-p PERSONALITY] [-o OUTDIR] [-m MIN-KERNEL]
 * Prints "personality NAME ARCH: PASS" or "FAIL <field>: expected X, got Y"
 * per row; the probe's kernel.arch must be ARCH. Exit: 0 all pass, 1 a row
 * failed (a run that could not be made included), 2 usage or unreadable
 * table, 77 every row skipped (-m).
 */
#include "pt.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_COLS 48

struct opts {
	const char *expected, *arch, *runner, *binary, *label, *only, *outdir;
	uint32_t min_kv;            /* rows of older personalities are skipped */
};

/* Splits @line at tabs into @cols; returns the count. */
static int split(char *line, char **cols)
{
	int n = 0;
	line[strcspn(line, "\r\n")] = '\0';
	for (char *save = NULL, *tok = strtok_r(line, "\t", &save); tok && n < MAX_COLS;
	     tok = strtok_r(NULL, "\t", &save))
		cols[n++] = tok;
	return n;
}

/* Runs the probe under @pers, its stdout into @json (malloc'd). */
static int run_probe(const struct opts *o, const char *pers, char **json)
{
	char out_path[512], log_path[512];
	snprintf(out_path, sizeof(out_path), "%s/%s-%s-%s.json", o->outdir, o->label, o->arch, pers);
	snprintf(log_path, sizeof(log_path), "%s/%s-%s-%s.log", o->outdir, o->label, o->arch, pers);
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		execl(o->runner, o->runner, "-p", pers, "-t", "120", "-l", log_path, "--", o->binary,
		      "--json", (char *)NULL);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	FILE *f = fopen(out_path, "r");
	if (!f)
		return -errno;
	size_t cap = 65536, n = fread(*json = malloc(cap), 1, cap - 1, f);
	fclose(f);
	(*json)[n] = '\0';
	if (WIFSIGNALED(status))
		return -(1000 + WTERMSIG(status));
	return WEXITSTATUS(status) == 0 ? 0 : -(2000 + WEXITSTATUS(status));
}

/* Compares one cell. Returns true when it holds; else fills @why. */
static bool cell_holds(const char *json, const char *col, const char *want, char *why, size_t cap)
{
	char path[96], got[256], bp[16] = "";
	bool probe = strchr(col, '.') == NULL;
	snprintf(path, sizeof(path), probe ? "probes.%s.verdict" : "%s", col);
	int err = pt_json_get(json, path, got, sizeof(got));
	if (err) {
		snprintf(why, cap, "%s: missing in the JSON (%s)", path, strerror(-err));
		return false;
	}
	if (!probe) {
		const char *norm = got;
		if (strcmp(col, "process.actions_avail") == 0)
			norm = strcmp(got, "null") == 0 ? "-" : "+";
		else if (strcmp(got, "null") == 0)
			norm = "-";
		if (strcmp(norm, want) == 0)
			return true;
		snprintf(why, cap, "%s: expected %s, got %s", path, want, got);
		return false;
	}
	static const struct { char code; const char *verdict; } codes[] = {
		{ 'S', "supported" }, { 'U', "unsupported" }, { 'B', "blocked" }, { 'E', "error" },
	};
	const char *verdict = NULL;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (want[0] == codes[i].code)
			verdict = codes[i].verdict;
	bool want_bp = want[1] == '*';
	if (!verdict || (want[1] && (!want_bp || want[2]))) {
		snprintf(why, cap, "%s: bad cell '%s' in the expected table", col, want);
		return false;
	}
	if (strcmp(got, verdict) != 0) {
		char detail[200] = "";
		snprintf(path, sizeof(path), "probes.%s.detail", col);
		pt_json_get(json, path, detail, sizeof(detail));
		snprintf(why, cap, "probes.%s.verdict: expected %s, got %s (%s)", col, verdict, got, detail);
		return false;
	}
	snprintf(path, sizeof(path), "probes.%s.backport", col);
	if (pt_json_get(json, path, bp, sizeof(bp)) != 0) {
		snprintf(why, cap, "%s: missing in the JSON", path);
		return false;
	}
	if (strcmp(bp, want_bp ? "true" : "false") != 0) {
		snprintf(why, cap, "%s: expected %s, got %s", path, want_bp ? "true" : "false", bp);
		return false;
	}
	return true;
}

static int check_table(const struct opts *o)
{
	FILE *f = fopen(o->expected, "r");
	char line[2048], header[2048], *head[MAX_COLS], *cols[MAX_COLS];
	int nhead = 0, rows = 0, failed = 0, ran = 0;
	if (!f) {
		fprintf(stderr, "personality-check: cannot read expected table '%s': %s\n", o->expected,
			strerror(errno));
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!nhead) {
			memcpy(header, line, sizeof(header));
			nhead = split(header, head);
			continue;
		}
		int n = split(line, cols);
		if (n != nhead) {
			fprintf(stderr, "personality-check: %s: a row has %d cells, the header %d\n",
				o->expected, n, nhead);
			fclose(f);
			return 2;
		}
		if (strcmp(cols[0], o->arch) != 0 || (o->only && strcmp(cols[1], o->only) != 0))
			continue;
		rows++;
		const struct pt_personality *pers = pt_personality_find(cols[1]);
		if (!pers) {
			fprintf(stderr, "personality-check: %s: unknown personality '%s'\n", o->expected, cols[1]);
			fclose(f);
			return 2;
		}
		if (pers->kv < o->min_kv) {
			printf("personality %s %s: SKIP older than this binary's libc supports [%s]\n",
			       cols[1], o->arch, o->label);
			continue;
		}
		ran++;
		char *json = NULL, why[512] = "", arch[32] = "";
		int err = run_probe(o, cols[1], &json);
		bool ok = err == 0;
		if (err <= -2000)
			snprintf(why, sizeof(why), "the traced probe exited %d", -err - 2000);
		else if (err <= -1000)
			snprintf(why, sizeof(why), "the traced probe was killed by signal %d", -err - 1000);
		else if (err)
			snprintf(why, sizeof(why), "the traced probe could not be run (%s)", strerror(-err));
		if (ok && (pt_json_get(json, "kernel.arch", arch, sizeof(arch)) != 0 ||
			   strcmp(arch, o->arch) != 0)) {
			snprintf(why, sizeof(why), "kernel.arch: the binary is for %s, the row for %s",
				 arch[0] ? arch : "(missing)", o->arch);
			ok = false;
		}
		for (int c = 2; ok && c < n; c++)
			ok = cell_holds(json, head[c], cols[c], why, sizeof(why));
		printf("personality %s %s: %s%s%s [%s]\n", cols[1], o->arch, ok ? "PASS" : "FAIL ",
		       ok ? "" : why, "", o->label);
		fflush(stdout);
		failed += !ok;
		free(json);
	}
	fclose(f);
	if (!rows) {
		fprintf(stderr, "personality-check: no row for arch %s in %s\n", o->arch, o->expected);
		return 2;
	}
	if (!failed && ran == 0) {
		fprintf(stderr, "personality-check: every row of arch %s was skipped\n", o->arch);
		return 77;
	}
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "expected", required_argument, NULL, 'e' }, { "arch", required_argument, NULL, 'a' },
		{ "runner", required_argument, NULL, 'r' }, { "binary", required_argument, NULL, 'b' },
		{ "label", required_argument, NULL, 'n' }, { "personality", required_argument, NULL, 'p' },
		{ "outdir", required_argument, NULL, 'o' }, { "min-kernel", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { NULL, NULL, NULL, NULL, "probe", NULL, ".", 0 };
	int c;
	while ((c = getopt_long(argc, argv, "e:a:r:b:n:p:o:m:", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': o.expected = optarg; break;
		case 'a': o.arch = optarg; break;
		case 'r': o.runner = optarg; break;
		case 'b': o.binary = optarg; break;
		case 'n': o.label = optarg; break;
		case 'p': o.only = optarg; break;
		case 'o': o.outdir = optarg; break;
		case 'm':
			if (sp_parse_kernel_version(optarg, &o.min_kv) != 0) {
				fprintf(stderr, "personality-check: --min-kernel '%s' is not a version\n", optarg);
				return 2;
			}
			break;
		default: goto usage;
		}
	}
	if (!o.expected || !o.arch || !o.runner || !o.binary || optind != argc)
		goto usage;
	if (!strchr(o.binary, '/')) {
		/* The runner execs with a PATH search; the check here would not. */
		fprintf(stderr, "personality-check: binary '%s': give a path (./%s)\n", o.binary, o.binary);
		return 2;
	}
	if (access(o.binary, X_OK) != 0) {
		fprintf(stderr, "personality-check: binary '%s' is not executable\n", o.binary);
		return 2;
	}
	return check_table(&o);
usage:
	fputs("usage: personality-check -e EXPECTED.tsv -a ARCH -r PERSONALITY-RUN -b PROBE\n"
	      "                         [-n LABEL] [-p PERSONALITY] [-o OUTDIR] [-m MIN-KERNEL]\n", stderr);
	return 2;
}
