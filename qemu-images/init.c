// SPDX-License-Identifier: MIT
/*
 * init.c - the initramfs /init: mount, run each result section under a
 * deadline, frame it on the console (frame.h), power off. Never hangs (a
 * watchdog powers off past the global deadline) and never exits as PID 1.
 * Kernel command-line options: boot_options.h. Host test modes (not PID 1):
 *   init --frame SECTION SECONDS -- PROGRAM [ARG...]   frame one run on stdout
 *   init --plan 'KERNEL COMMAND LINE'                  print the section plan
 */
#include "boot_options.h"
#include "frame.h"
#include "section.h"
#include "sysinit.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <unistd.h>

#define SP_INIT_VERSION "seccomp-probe-init 1"
/* Watchdog margin over the sum of the section deadlines, seconds. */
#define SP_WATCHDOG_MARGIN 30
#define SP_MAX_ARGS 8

/* Which boot option a section passes on to its program. */
enum section_pass { PASS_NONE, PASS_BACKPORT, PASS_REQUIRE };

/* The result sections, in the order they run. */
struct section_def {
	const char *name;
	const char *program;
	const char *args[4];     /* after the program name, NULL-terminated */
	unsigned timeout_s;      /* default deadline under TCG */
	const char *needs;       /* file that must exist, else rc=absent */
	enum section_pass pass;  /* --expect-backport X (sp.expect_backport), --require X (sp.require) */
	int background;          /* 1: runs from the start beside the others (framed into a
				  * file, printed in its turn); only for a section no verdict
				  * depends on, so a panic never hides a verdict's output */
};

/*
 * The compat sections run the 32-bit binaries of a 64-bit guest (x86_64:
 * i386, arm64: armhf) where the archive carries them, through the kernel's
 * compat path (its own AUDIT_ARCH and siginfo copy); a kernel without
 * IA32_EMULATION/COMPAT fails their exec with ENOEXEC (rc 127), which the
 * runner reports as absent. upstream is the kernel's own seccomp_bpf: it
 * sleeps much of its time (a 1 s nanosleep in syscall_restart, the
 * user_notification waits), so it runs in the background beside ours.
 */
static const struct section_def sections[] = {
	{ "probe", "/bin/seccomp-probe", { "--json", NULL }, 120, "/bin/seccomp-probe", PASS_NONE, 0 },
	{ "kconfig", "/bin/seccomp-probe", { "kconfig", "--json", "/proc/config.gz", NULL }, 60,
	  "/proc/config.gz", PASS_REQUIRE, 0 },
	{ "selftests", "/bin/seccomp-selftests", { NULL }, 600, "/bin/seccomp-selftests",
	  PASS_BACKPORT, 0 },
	{ "probe-compat", "/bin/compat/seccomp-probe", { "--json", NULL }, 120,
	  "/bin/compat/seccomp-probe", PASS_NONE, 0 },
	{ "selftests-compat", "/bin/compat/seccomp-selftests", { NULL }, 600,
	  "/bin/compat/seccomp-selftests", PASS_BACKPORT, 0 },
	{ "upstream", "/bin/seccomp_bpf", { NULL }, 180, "/bin/seccomp_bpf", PASS_NONE, 1 },
};
#define N_SECTIONS (sizeof(sections) / sizeof(sections[0]))

struct plan {
	int run[N_SECTIONS];
	unsigned timeout_s[N_SECTIONS];
	unsigned watchdog_s;
};

/* 1 when name is in the comma-separated list. */
static int in_list(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		if (n == len && strncmp(p, name, n) == 0)
			return 1;
		p += n + (p[n] == ',');
	}
	return 0;
}

/* present_only: count in the watchdog only the sections whose files exist (PID 1). */
static void make_plan(const struct sp_boot_options *o, struct plan *pl, struct sp_text *report,
		      int present_only)
{
	unsigned sum = 0;

	for (size_t i = 0; i < N_SECTIONS; i++) {
		pl->run[i] = o->sections[0] == '\0' || in_list(o->sections, sections[i].name);
		pl->timeout_s[i] = o->timeout_s ? o->timeout_s : sections[i].timeout_s;
		/* A section whose program is not in the archive ends at once. */
		if (pl->run[i] && (!present_only || access(sections[i].needs, F_OK) == 0))
			sum += pl->timeout_s[i];
	}
	/* Names in sp.sections that are no section. */
	for (const char *p = o->sections; *p;) {
		size_t n = strcspn(p, ","), i;
		for (i = 0; i < N_SECTIONS; i++)
			if (strlen(sections[i].name) == n && strncmp(p, sections[i].name, n) == 0)
				break;
		if (i == N_SECTIONS && !(n == 4 && strncmp(p, "init", 4) == 0))
			sp_text_printf(report, "unknown section in sp.sections: %.*s\n", (int)n, p);
		p += n + (p[n] == ',');
	}
	pl->watchdog_s = o->watchdog_s ? o->watchdog_s : sum + SP_WATCHDOG_MARGIN;
	sp_text_printf(report, "sections: init");
	for (size_t i = 0; i < N_SECTIONS; i++)
		if (pl->run[i])
			sp_text_printf(report, " %s(%us%s)", sections[i].name, pl->timeout_s[i],
				       sections[i].background ? ", background" : "");
	sp_text_printf(report, "\nwatchdog: %us\n", pl->watchdog_s);
	if (o->expect_backport[0])
		sp_text_printf(report, "expect_backport: %s\n", o->expect_backport);
	if (o->require[0])
		sp_text_printf(report, "require: %s\n", o->require);
	if (o->problems[0])
		sp_text_printf(report, "ignored options: %s\n", o->problems);
}

/* Frame one section: run it, or say why it is absent. */
static void run_section(int fd, const struct section_def *s, unsigned timeout_s,
			const struct sp_boot_options *o, char *const envp[])
{
	struct sp_frame f;
	char rc[SP_RC_LEN];
	char *argv[SP_MAX_ARGS];
	int argc = 0;

	sp_frame_begin(&f, fd, s->name);
	if (s->needs && access(s->needs, F_OK) != 0) {
		sp_frame_text(&f, "absent: no ");
		sp_frame_text(&f, s->needs);
		sp_frame_end(&f, "absent");
		return;
	}
	argv[argc++] = (char *)s->program;
	for (int i = 0; s->args[i]; i++)
		argv[argc++] = (char *)s->args[i];
	if (s->pass == PASS_BACKPORT && o->expect_backport[0]) {
		argv[argc++] = "--expect-backport";
		argv[argc++] = (char *)o->expect_backport;
	} else if (s->pass == PASS_REQUIRE && o->require[0]) {
		argv[argc++] = "--require";
		argv[argc++] = (char *)o->require;
	}
	argv[argc] = NULL;
	sp_section_run(&f, argv, envp, timeout_s, rc);
	sp_frame_end(&f, rc);
}

/* A background section: its runner (a fork of init) frames it into a file. */
struct background {
	int started;
	pid_t pid;
	int done_fd;     /* read end of a pipe only the runner holds open: EOF = it ended */
	int64_t start_ms;
	char path[48];
};

static void set_cloexec(int fd)
{
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* Start section s in the background; on any failure it stays unstarted and
 * runs in its turn instead. */
static void background_start(struct background *b, const struct section_def *s,
			     unsigned timeout_s, const struct sp_boot_options *o, char *const envp[])
{
	int p[2], fd;

	b->started = 0;
	snprintf(b->path, sizeof(b->path), "/tmp/sp-%s.frame", s->name);
	fd = open(b->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return;
	if (pipe(p) < 0) {
		close(fd);
		return;
	}
	set_cloexec(fd);
	set_cloexec(p[0]);
	set_cloexec(p[1]);
	b->start_ms = sp_clock_ms();
	b->pid = fork();
	if (b->pid == 0) {
		close(p[0]);
		run_section(fd, s, timeout_s, o, envp);
		_exit(0);
	}
	close(p[1]);
	close(fd);
	if (b->pid < 0) {
		close(p[0]);
		unlink(b->path);
		return;
	}
	b->done_fd = p[0];
	b->started = 1;
}

/* In the section's turn: wait for its runner (at most its deadline plus the
 * runner's own kill and drain time), then copy its frame to the console. A
 * runner still there is killed: its frame then has no END (truncated). */
static void background_finish(int fd, struct background *b, unsigned timeout_s)
{
	int64_t deadline = b->start_ms + ((int64_t)timeout_s + 5) * 1000;
	char buf[4096];
	ssize_t n;
	int in;

	for (;;) {
		int64_t left = deadline - sp_clock_ms();
		struct pollfd pf = { b->done_fd, POLLIN, 0 };

		if (left <= 0) {
			kill(b->pid, SIGKILL);
			break;
		}
		if (poll(&pf, 1, (int)(left > 1000 ? 1000 : left)) > 0 &&
		    read(b->done_fd, buf, sizeof(buf)) <= 0)
			break;
	}
	close(b->done_fd);
	in = open(b->path, O_RDONLY);
	while (in >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		(void)sp_write_all(fd, buf, (size_t)n);
	if (in >= 0)
		close(in);
	unlink(b->path);
}

static void read_cmdline(char *buf, size_t size)
{
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, size - 1) : -1;

	buf[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

static void pid1(void)
{
	static char *envp[] = { "PATH=/bin", "HOME=/", "TERM=linux", NULL };
	static struct sp_text report;
	struct sp_boot_options opts;
	struct sp_frame f;
	struct utsname u;
	struct plan pl;
	struct background bg[N_SECTIONS];
	char cmdline[2048], why[96];
	unsigned count = 1;
	int fd, cmd, wd;
	int64_t t0 = sp_clock_ms();

	sp_text_printf(&report, "init: %s\n", SP_INIT_VERSION);
	if (uname(&u) == 0)
		sp_text_printf(&report, "kernel: %s %s %s\n", u.release, u.version, u.machine);
	sp_mount_all(&report);
	read_cmdline(cmdline, sizeof(cmdline));
	sp_text_printf(&report, "cmdline: %s%s", cmdline,
		       cmdline[0] && cmdline[strlen(cmdline) - 1] == '\n' ? "" : "\n");
	sp_boot_options_parse(cmdline, &opts);
	fd = sp_console_setup(&opts, &report);
	make_plan(&opts, &pl, &report, 1);
	cmd = sp_poweroff_choose(opts.poweroff, why, sizeof(why));
	sp_text_printf(&report, "poweroff: %s (%s)\n",
		       cmd == RB_POWER_OFF ? "reboot(RB_POWER_OFF)" : "reboot(RB_AUTOBOOT)", why);
	wd = sp_watchdog_start(pl.watchdog_s, cmd, fd);
	if (wd < 0)
		sp_text_printf(&report, "watchdog process: fork failed (%s); alarm only\n", strerror(-wd));

	sp_frame_begin(&f, fd, "init");
	f.start_ms = t0;
	sp_frame_data(&f, report.buf, report.len);
	sp_frame_end(&f, "0");
	for (size_t i = 0; i < N_SECTIONS; i++) {
		bg[i].started = 0;
		if (pl.run[i] && sections[i].background && access(sections[i].needs, F_OK) == 0)
			background_start(&bg[i], &sections[i], pl.timeout_s[i], &opts, envp);
	}
	for (size_t i = 0; i < N_SECTIONS; i++) {
		if (!pl.run[i])
			continue;
		if (bg[i].started)
			background_finish(fd, &bg[i], pl.timeout_s[i]);
		else
			run_section(fd, &sections[i], pl.timeout_s[i], &opts, envp);
		sp_reap_others();
		count++;
	}
	sp_frame_done(fd, count);
	sp_poweroff(cmd, fd, NULL);
}

static int usage(void)
{
	fputs("usage: init                      (as PID 1 in the initramfs)\n"
	      "       init --frame SECTION SECONDS -- PROGRAM [ARG...]\n"
	      "       init --plan 'KERNEL COMMAND LINE'\n"
	      "       init --version\n", stderr);
	return 2;
}

/* Host test: frame one run of PROGRAM on stdout. */
static int frame_mode(int argc, char **argv)
{
	extern char **environ;
	struct sp_frame f;
	char rc[SP_RC_LEN], *end;
	long secs;

	if (argc < 6 || strcmp(argv[4], "--") != 0 || !sp_section_name_ok(argv[2]))
		return usage();
	secs = strtol(argv[3], &end, 10);
	if (*end || secs < 1 || secs > 86400) {
		fprintf(stderr, "init: bad SECONDS '%s' (1..86400)\n", argv[3]);
		return 2;
	}
	sp_frame_begin(&f, 1, argv[2]);
	sp_section_run(&f, argv + 5, environ, (unsigned)secs, rc);
	sp_frame_end(&f, rc);
	return 0;
}

/* Host test: what a command line would make init do. */
static int plan_mode(const char *cmdline)
{
	static struct sp_text report;
	struct sp_boot_options opts;
	struct plan pl;

	sp_boot_options_parse(cmdline, &opts);
	make_plan(&opts, &pl, &report, 0);
	sp_text_printf(&report, "loglevel: %d\nonlcr: %d\npoweroff mode: %d\n", opts.loglevel,
		       opts.keep_onlcr, (int)opts.poweroff);
	fwrite(report.buf, 1, report.len, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (getpid() == 1)
		pid1(); /* never returns */
	if (argc >= 2 && strcmp(argv[1], "--frame") == 0)
		return frame_mode(argc, argv);
	if (argc == 3 && strcmp(argv[1], "--plan") == 0)
		return plan_mode(argv[2]);
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		puts(SP_INIT_VERSION);
		return 0;
	}
	return usage();
}
