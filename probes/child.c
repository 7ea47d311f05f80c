// SPDX-License-Identifier: MIT
/*
 * child.c - run one probe in a child process and collect what it said.
 *
 * The child is made with a raw clone() whose exit signal is 0: a caller that
 * ignores SIGCHLD (or sets SA_NOCLDWAIT) would otherwise have the child
 * reaped by the kernel before we read its status (autoreap applies only to
 * children that signal SIGCHLD). Such a child is waited for with __WALL.
 * After clone the child uses only async-signal-safe calls: raw syscalls,
 * sigaction, sigprocmask, write.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef __WALL
#define __WALL 0x40000000
#endif

uint32_t sp_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)((uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u);
}

void sp_say(int fd, int32_t tag, int32_t a, int32_t b)
{
	int32_t rec[3] = { tag, a, b };
	/* 12 bytes: one atomic pipe write. Plain write(2): allowed in strict mode. */
	syscall(SYS_write, fd, rec, sizeof(rec));
}

_Noreturn void sp_child_exit(int code)
{
	/* SYS_exit, not exit_group: the only exit strict mode allows. */
	for (;;)
		syscall(SYS_exit, code);
}

const struct sp_said *sp_said_find(const struct sp_outcome *o, int32_t tag)
{
	for (unsigned i = 0; i < o->nsaid; i++)
		if (o->said[i].tag == tag)
			return &o->said[i];
	return NULL;
}

static int make_pipe(int fds[2])
{
#ifdef SYS_pipe2
	if (syscall(SYS_pipe2, fds, O_CLOEXEC | O_NONBLOCK) == 0)
		return 0;
	if (errno != ENOSYS)       /* pipe2 arrived in 2.6.27 */
		return -errno;
#endif
#ifdef SYS_pipe
	if (syscall(SYS_pipe, fds) != 0)   /* glibc's pipe() is pipe2(fds, 0): ENOSYS before 2.6.27 */
		return -errno;
#else
	if (pipe(fds) != 0)
		return -errno;
#endif
	for (int i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
		fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
	}
	return 0;
}

static void drain(int fd, struct sp_outcome *o, unsigned char *buf, size_t *have)
{
	for (;;) {
		ssize_t n = read(fd, buf + *have, 12 - *have);
		if (n <= 0)
			return;
		*have += (size_t)n;
		if (*have == 12) {
			if (o->nsaid < SP_MAX_SAID)
				memcpy(&o->said[o->nsaid++], buf, 12);
			*have = 0;
		}
	}
}

static void decode_status(struct sp_outcome *o, int status)
{
	if (WIFEXITED(status)) {
		o->exited = true;
		o->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		o->signaled = true;
		o->sig = WTERMSIG(status);
	}
}

/* Records in @ctx that no child could be made; returns @err (-errno). */
static int no_child(struct sp_ctx *ctx, struct sp_outcome *out, int err)
{
	out->spawn_err = err;
	ctx->children_failed++;
	ctx->spawn_err = err;
	return err;
}

int sp_child_run(sp_child_fn fn, struct sp_ctx *ctx, struct sp_outcome *out)
{
	int fds[2], status = 0;
	unsigned char partial[12];
	size_t have = 0;

	memset(out, 0, sizeof(*out));
	int err = make_pipe(fds);
	if (err)
		return no_child(ctx, out, err);
	/* exit signal 0: no SIGCHLD, so no autoreap; stack 0: copy-on-write like fork. */
	long pid = syscall(SYS_clone, 0L, 0L, 0L, 0L, 0L);
	if (pid < 0 && errno == EINVAL)
		/* qemu-user refuses exit signal 0; there a SIGCHLD child is the best we can do. */
		pid = syscall(SYS_clone, (long)SIGCHLD, 0L, 0L, 0L, 0L);
	if (pid < 0) {
		err = -errno;
		close(fds[0]);
		close(fds[1]);
		return no_child(ctx, out, err);
	}
	if (pid == 0) {
		/* The fd is non-blocking; writes of 12 bytes to an empty pipe never block. */
		fn(fds[1], ctx);
		sp_child_exit(0);
	}
	close(fds[1]);
	ctx->children_started++;

	uint32_t start = sp_now_us();
	uint64_t limit_us = (uint64_t)(ctx->timeout_ms ? ctx->timeout_ms : 2000) * 1000u;
	for (;;) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		poll(&p, 1, 5);
		drain(fds[0], out, partial, &have);
		pid_t w = waitpid((pid_t)pid, &status, WNOHANG | __WALL);
		if (w == (pid_t)pid) {
			decode_status(out, status);
			break;
		}
		if (w < 0 && errno != EINTR) {
			/* Cannot happen for our own child; report rather than spin. */
			out->spawn_err = -errno;
			break;
		}
		if ((uint32_t)(sp_now_us() - start) > limit_us) {
			kill((pid_t)pid, SIGKILL);
			while (waitpid((pid_t)pid, &status, __WALL) < 0 && errno == EINTR)
				;
			out->timed_out = true;
			break;
		}
	}
	drain(fds[0], out, partial, &have);
	close(fds[0]);
	return 0;
}
