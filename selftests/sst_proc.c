// SPDX-License-Identifier: GPL-2.0-only
/*
 * sst_proc.c - children with timeouts, raw threads, filter installation and
 * /proc/<pid>/status reading for the seccomp selftests. Only system calls a
 * 2.6.29 kernel has (fork, waitpid, clone, mmap, nanosleep, prctl,
 * rt_sigtimedwait, futex, clock_gettime).
 */
#include "sst.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SST_FUTEX_WAIT 0 /* FUTEX_WAIT, include/uapi/linux/futex.h */

void sst_settle(void)
{
	for (int i = 0; i < 4; i++)
		sched_yield();
	(void)syscall(SYS_getpid);
}

void sst_ms_sleep(unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Milliseconds left until @deadline (CLOCK_MONOTONIC), 0 when it has passed. */
static long ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long)(deadline->tv_sec - now.tv_sec) * 1000 +
	     (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? ms : 0;
}

static void deadline_in(struct timespec *deadline, unsigned ms)
{
	clock_gettime(CLOCK_MONOTONIC, deadline);
	deadline->tv_sec += ms / 1000;
	deadline->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (deadline->tv_nsec >= 1000000000L) {
		deadline->tv_sec++;
		deadline->tv_nsec -= 1000000000L;
	}
}

/*
 * Blocks until the child ends instead of polling: SIGCHLD is blocked while we
 * wait (a blocked SIGCHLD stays pending even at its default disposition), so
 * an exit after the WNOHANG check wakes sigtimedwait() (2.2). Any SIGCHLD
 * (another child, a stop) only makes the loop look again.
 */
int sst_wait_child(pid_t pid, unsigned timeout_ms, struct sst_status *st)
{
	struct timespec deadline;
	sigset_t chld, old;
	int status = 0, err = 0;
	pid_t r;

	memset(st, 0, sizeof(*st));
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	deadline_in(&deadline, timeout_ms);
	for (;;) {
		long left;

		r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			err = -errno;
			break;
		}
		left = ms_left(&deadline);
		if (left == 0) {
			kill(pid, SIGKILL);
			st->timed_out = true;
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		struct timespec ts = { left / 1000, (left % 1000) * 1000000L };
		(void)sigtimedwait(&chld, NULL, &ts);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (err)
		return err;
	st->exited = WIFEXITED(status) && !st->timed_out;
	st->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	st->sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	return 0;
}

int sst_run_child(int (*fn)(void *), void *arg, unsigned timeout_ms, struct sst_status *st)
{
	pid_t pid;

	memset(st, 0, sizeof(*st));
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(fn(arg) & 0xff);
	return sst_wait_child(pid, timeout_ms, st);
}

void *sst_shared(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

long sst_seccomp(unsigned op, unsigned long flags, void *args)
{
	const struct sp_arch *arch = sp_arch_native();
	long r;

	if (!arch || arch->seccomp_nr < 0)
		return -ENOSYS;
	r = syscall(arch->seccomp_nr, op, flags, args);
	return r < 0 ? -errno : r;
}

long sst_install(const struct sock_fprog *prog, bool use_syscall, unsigned long flags)
{
	long r;

	if (use_syscall)
		return sst_seccomp(SECCOMP_SET_MODE_FILTER, flags, (void *)prog);
	if (flags)
		return -EINVAL;
	r = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0);
	return r < 0 ? -errno : r;
}

int sst_no_new_privs(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? -errno : 0;
}

void sst_filter_nr(struct sock_filter *buf, struct sock_fprog *prog, long nr, uint32_t action)
{
	const struct sock_filter insns[] = {
		SST_LD(SST_OFF_NR),
		SST_JEQ((uint32_t)nr, 0, 1),
		SST_RET(action),
		SST_RET(SECCOMP_RET_ALLOW),
	};

	memcpy(buf, insns, sizeof(insns));
	prog->len = (unsigned short)SST_ARRAY_LEN(insns);
	prog->filter = buf;
}

int sst_install_nr(long nr, uint32_t action)
{
	struct sock_filter buf[4];
	struct sock_fprog prog;

	sst_filter_nr(buf, &prog, nr, action);
	return (int)sst_install(&prog, false, 0);
}

long sst_getppid(unsigned long a0, unsigned long a1, unsigned long a2,
		 unsigned long a3, unsigned long a4, unsigned long a5)
{
	long r = syscall(SYS_getppid, a0, a1, a2, a3, a4, a5);

	return r < 0 ? -errno : r;
}

#define SST_THREAD_STACK (64 * 1024)

int sst_thread_start(int (*fn)(void *), void *arg, volatile int *tidp)
{
	const int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			  CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	char *stack = mmap(NULL, SST_THREAD_STACK, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int tid;

	if (stack == MAP_FAILED)
		return -errno;
	*tidp = -1;
	tid = clone(fn, stack + SST_THREAD_STACK, flags, arg, tidp, NULL, tidp);
	if (tid < 0)
		return -errno;
	return tid;
}

/*
 * The kernel clears *tidp and FUTEX_WAKEs it when the thread ends
 * (CLONE_CHILD_CLEARTID), so we sleep in FUTEX_WAIT (2.6.0) on the tid we
 * saw. The raw call takes the kernel's native timespec: two longs (on 32-bit
 * arches the old 32-bit one, whatever the libc's time_t).
 */
int sst_thread_wait(volatile int *tidp, unsigned timeout_ms)
{
	struct timespec deadline;
	int tid;

	deadline_in(&deadline, timeout_ms);
	while ((tid = *tidp) != 0) {
		long left = ms_left(&deadline);
		struct { long sec, nsec; } ts = { left / 1000, (left % 1000) * 1000000L };

		if (left == 0)
			return -ETIMEDOUT;
		syscall(SYS_futex, tidp, SST_FUTEX_WAIT, tid, &ts, NULL, 0);
	}
	return 0;
}

int sst_status_field(pid_t pid, const char *name, long *value)
{
	char path[64], buf[8192];
	size_t have = 0, nlen = strlen(name);
	ssize_t n;
	int fd;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/status");
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	while (have < sizeof(buf) - 1 && (n = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0)
		have += (size_t)n;
	close(fd);
	buf[have] = '\0';
	for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, name, nlen) == 0 && line[nlen] == ':') {
			char *end;
			long v = strtol(line + nlen + 1, &end, 10);
			if (end == line + nlen + 1)
				return -EPROTO;
			*value = v;
			return 0;
		}
	}
	return -ENODATA;
}
