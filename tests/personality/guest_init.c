// SPDX-License-Identifier: MIT
/*
 * guest_init.c - /init of the personality guest: for arches whose binaries
 * cannot be traced on this host (arm: qemu-user has no ptrace and refuses
 * clone() with exit signal 0), boot a real kernel of that arch under QEMU
 * and run the harness natively there.
 *
 * Mounts /proc and /tmp, then runs each line of /commands, one command per
 * line as "LABEL<TAB>ARG0<TAB>ARG1...", with stdout and stderr to a file in
 * /tmp, and prints what it wrote between markers on the console, each with
 * the nonce the host wrote to /nonce for this boot (so output cannot forge one):
 *   @@CMD-BEGIN NONCE LABEL@@
 *   ...output...
 *   @@CMD-END NONCE LABEL rc=N@@      (N: exit code, 128 + signal when killed)
 * then @@CMD-ALL-DONE NONCE@@ and reboots (which ends QEMU run with -no-reboot).
 * The host (run-guest) splits the console into one log per LABEL; judging
 * is the host's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 32
#define OUT_PATH "/tmp/cmd.out"

static int run_to_file(char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(OUT_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		close(fd);
		execv(argv[0], argv);
		fprintf(stderr, "guest init: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status = 0;
	if (pid < 0)
		return 125;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 125;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void copy_out(void)
{
	char buf[4096];
	FILE *f = fopen(OUT_PATH, "r");
	if (!f)
		return;
	size_t n;
	int last = '\n';
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		fwrite(buf, 1, n, stdout);
		last = buf[n - 1];
	}
	if (last != '\n')
		putchar('\n');
	fclose(f);
}

/* Splits @line at tabs into @argv (NULL-terminated); returns the count. */
static int split(char *line, char *argv[MAX_ARGS + 1])
{
	int n = 0;
	for (char *tok = strtok(line, "\t\r\n"); tok && n < MAX_ARGS; tok = strtok(NULL, "\t\r\n"))
		argv[n++] = tok;
	argv[n] = NULL;
	return n;
}

/* The nonce of this boot, from /nonce: hex digits only, "none" without one. */
static void read_nonce(char *nonce, size_t cap)
{
	snprintf(nonce, cap, "none");
	FILE *f = fopen("/nonce", "r");
	if (!f)
		return;
	if (fgets(nonce, (int)cap, f))
		nonce[strspn(nonce, "0123456789abcdef")] = '\0';
	fclose(f);
	unlink("/nonce");   /* the commands never see it */
}

int main(void)
{
	char line[1024], nonce[40];
	read_nonce(nonce, sizeof(nonce));
	mount("proc", "/proc", "proc", 0, NULL);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	setenv("TMPDIR", "/tmp", 1);
	FILE *cmds = fopen("/commands", "r");
	if (!cmds)
		printf("@@CMD-ERROR no /commands: %s@@\n", strerror(errno));
	while (cmds && fgets(line, sizeof(line), cmds)) {
		char *argv[MAX_ARGS + 1];
		if (split(line, argv) < 2)
			continue;
		printf("@@CMD-BEGIN %s %s@@\n", nonce, argv[0]);
		fflush(stdout);
		int rc = run_to_file(argv + 1);
		copy_out();
		printf("@@CMD-END %s %s rc=%d@@\n", nonce, argv[0], rc);
		fflush(stdout);
	}
	if (cmds)
		fclose(cmds);
	printf("@@CMD-ALL-DONE %s@@\n", nonce);
	fflush(stdout);
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
