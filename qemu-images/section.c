// SPDX-License-Identifier: MIT
/* section.c - run a section program with a deadline, stream its output. */
#include "section.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How often the loop looks at the child while its pipe stays open. */
#define CHILD_CHECK_MS 100
/* ... and once the pipe is closed, waiting for the exit status. */
#define EOF_CHECK_MS 5
/* How long to drain the pipe after the program ended. */
#define DRAIN_MS 500
/* How long to wait for a SIGKILLed program to be reaped. */
#define KILL_WAIT_MS 2000

#define now_ms sp_clock_ms

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int sp_reap_others(void)
{
	int n = 0, st;

	while (waitpid(-1, &st, WNOHANG) > 0)
		n++;
	return n;
}

/* In the child: wire stdio, reset what init changed, exec. Never returns. */
static void exec_child(int out_fd, char *const argv[], char *const envp[])
{
	sigset_t none;
	char msg[256];
	int null_fd, n;

	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	null_fd = open("/dev/null", O_RDONLY);
	if (null_fd >= 0 && null_fd != 0) {
		dup2(null_fd, 0);
		close(null_fd);
	} else if (null_fd < 0) {
		close(0);
	}
	dup2(out_fd, 1);
	dup2(out_fd, 2);
	if (out_fd > 2)
		close(out_fd);
	execve(argv[0], argv, envp);
	n = snprintf(msg, sizeof(msg), "init: cannot run %s: %s\n", argv[0], strerror(errno));
	(void)sp_write_all(2, msg, (size_t)n);
	_exit(127);
}

static void rc_from_status(int st, char rc[SP_RC_LEN])
{
	if (WIFEXITED(st))
		snprintf(rc, SP_RC_LEN, "%d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(rc, SP_RC_LEN, "sig:%d", WTERMSIG(st));
	else
		snprintf(rc, SP_RC_LEN, "error");
}

/* Reap pid if it ended (and any orphan on the way). 1 when pid ended. */
static int child_ended(pid_t pid, int *status)
{
	int st;
	pid_t r;

	while ((r = waitpid(-1, &st, WNOHANG)) > 0) {
		if (r == pid) {
			*status = st;
			return 1;
		}
	}
	if (r < 0 && errno == ECHILD)
		return -1; /* nothing left to wait for: pid was reaped elsewhere */
	return 0;
}

/* Read what the pipe has; 1 on EOF or a hard error, 0 otherwise. */
static int pump(struct sp_frame *f, int fd)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n > 0) {
		sp_frame_data(f, buf, (size_t)n);
		return 0;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	return 1;
}

/* Read whatever the pipe holds right now, without waiting. */
static void drain_now(struct sp_frame *f, int fd)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sp_frame_data(f, buf, (size_t)n);
}

/* Poll fd (or just sleep when fd < 0) for up to ms; 1 when readable. */
static int wait_readable(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };

	if (ms < 0)
		ms = 0;
	if (fd < 0) {
		sleep_ms(ms);
		return 0;
	}
	return poll(&p, 1, ms) > 0;
}

static void note(struct sp_frame *f, const char *what, int err)
{
	char msg[160];

	snprintf(msg, sizeof(msg), "init: %s: %s\n", what, strerror(err));
	sp_frame_text(f, msg);
}

int sp_section_run(struct sp_frame *f, char *const argv[], char *const envp[],
		   unsigned timeout_s, char rc[SP_RC_LEN])
{
	int pipefd[2], status = 0, ended = 0, eof = 0, err;
	int64_t start, deadline, drain_until = 0;
	pid_t pid;

	snprintf(rc, SP_RC_LEN, "error");
	if (pipe(pipefd) < 0) {
		err = errno;
		note(f, "pipe", err);
		return -err;
	}
	start = now_ms();
	deadline = start + (int64_t)timeout_s * 1000;
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(pipefd[0]);
		close(pipefd[1]);
		note(f, "fork", err);
		return -err;
	}
	if (pid == 0) {
		close(pipefd[0]);
		exec_child(pipefd[1], argv, envp);
	}
	setpgid(pid, pid); /* also done in the child: no race on who is first */
	close(pipefd[1]);
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);

	for (;;) {
		int64_t now = now_ms(), until;
		int r;

		if (!ended) {
			r = child_ended(pid, &status);
			if (r != 0) {
				ended = r;
				kill(-pid, SIGKILL); /* what it left behind in its group */
				drain_until = now + DRAIN_MS;
			}
		}
		if (ended && (eof || now >= drain_until))
			break;
		if (now >= deadline)
			break;
		until = ended ? drain_until : now + (eof ? EOF_CHECK_MS : CHILD_CHECK_MS);
		if (until > deadline)
			until = deadline;
		if (wait_readable(eof ? -1 : pipefd[0], (int)(until - now)))
			eof = pump(f, pipefd[0]);
	}

	if (!ended) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		for (int64_t stop = now_ms() + KILL_WAIT_MS; now_ms() < stop;) {
			if (!eof && wait_readable(pipefd[0], 20))
				eof = pump(f, pipefd[0]);
			else if (eof)
				sleep_ms(20);
			if (child_ended(pid, &status) != 0)
				break;
		}
		if (!eof)
			drain_now(f, pipefd[0]);
		snprintf(rc, SP_RC_LEN, "timeout");
	} else if (ended < 0) {
		snprintf(rc, SP_RC_LEN, "error");
		sp_frame_text(f, "init: the section's process was reaped elsewhere\n");
	} else {
		rc_from_status(status, rc);
	}
	close(pipefd[0]);
	return 0;
}
