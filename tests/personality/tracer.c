// SPDX-License-Identifier: MIT
/*
 * tracer.c - run a command under ptrace, stopping at every system call of
 * every thread and child (PTRACE_SYSCALL with TRACEFORK/VFORK/CLONE/EXEC),
 * and hand each call to rewrite.c.
 *
 * Why every call and not a SECCOMP_RET_TRACE filter: a filter of ours would
 * be visible to the program under test, which is a seccomp probe: Seccomp: 2
 * and one more Seccomp_filters in /proc/self/status, PR_GET_SECCOMP = 2, and
 * prctl(PR_SET_SECCOMP, 1) failing EINVAL because the process would already
 * be in filter mode, so strict mode could no longer be left to the real
 * kernel. A RET_TRACE filter also needs PTRACE_O_TRACESECCOMP, and with it
 * set the probe's own RET_TRACE filter stops at us instead of failing ENOSYS
 * as it does without a tracer. Plain PTRACE_SYSCALL changes none of that;
 * it costs two stops per call (the probe makes about 800).
 */
#include "pt.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

/* PTRACE_GET_SYSCALL_INFO (5.3), laid out as include/uapi/linux/ptrace.h
 * has it; written here so any libc's headers do. */
#define PT_GET_SYSCALL_INFO 0x420e
#define PT_INFO_ENTRY 1
#define PT_INFO_EXIT 2

struct pt_syscall_info {
	uint8_t op;
	uint8_t pad[3];
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t stack_pointer;
	union {
		struct {
			uint64_t nr;
			uint64_t args[6];
		} entry;
		struct {
			int64_t rval;
			uint8_t is_error;
		} exit;
		uint64_t pad_seccomp[8];
	} u;
};

struct thread_table {
	struct pt_thread *v;
	size_t n, cap;
};

static struct pt_thread *thread_get(struct thread_table *tt, pid_t tid, bool create)
{
	for (size_t i = 0; i < tt->n; i++)
		if (tt->v[i].tid == tid)
			return &tt->v[i];
	if (!create)
		return NULL;
	if (tt->n == tt->cap) {
		size_t cap = tt->cap ? 2 * tt->cap : 16;
		struct pt_thread *v = realloc(tt->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		tt->v = v;
		tt->cap = cap;
	}
	struct pt_thread *t = &tt->v[tt->n++];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	t->fresh = true;
	for (int i = 0; i < PT_MAX_FDS; i++)
		t->proc_seccomp_fds[i] = -1;
	return t;
}

static void thread_drop(struct thread_table *tt, pid_t tid)
{
	for (size_t i = 0; i < tt->n; i++)
		if (tt->v[i].tid == tid) {
			free(tt->v[i].saved_prog);
			tt->v[i] = tt->v[--tt->n];
			return;
		}
}

static void syscall_stop(struct pt_run *run, struct pt_thread *t)
{
	struct pt_syscall_info info;
	memset(&info, 0, sizeof(info));
	if (ptrace(PT_GET_SYSCALL_INFO, t->tid, sizeof(info), &info) <= 0)
		return;
	if (run->verbose && run->log && info.op == PT_INFO_ENTRY)
		fprintf(run->log, "stop: tid %d: entry nr %ld\n", (int)t->tid, (long)info.u.entry.nr);
	else if (run->verbose && run->log && info.op == PT_INFO_EXIT)
		fprintf(run->log, "stop: tid %d: exit rval %lld\n", (int)t->tid, (long long)info.u.exit.rval);
	if (info.op == PT_INFO_ENTRY) {
		struct pt_call c;
		c.audit_arch = info.arch;
		c.nr = (long)info.u.entry.nr;
		for (int i = 0; i < 6; i++)
			c.args[i] = (unsigned long)info.u.entry.args[i];
		c.sp = (unsigned long)info.stack_pointer;
		pt_rewrite_entry(run, t, &c);
	} else if (info.op == PT_INFO_EXIT) {
		pt_rewrite_exit(run, t);
	}
}

static pid_t start_child(char *const argv[])
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0)
		_exit(126);
	raise(SIGSTOP);
	execvp(argv[0], argv);
	_exit(127);
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "personality-run: timeout; everything traced is killed\n";
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	/* PTRACE_O_EXITKILL: every tracee gets SIGKILL when we go. */
	_exit(3);
}

#define PT_ROUND_MAX 64

struct event {
	pid_t tid;
	int status;
};

/* Handles one waitpid() report of tracee @tid and resumes it. Sets *@result
 * when @tid is the root and has ended. */
static void handle_event(struct pt_run *run, struct thread_table *tt, pid_t root, pid_t tid,
			 int status, int *result)
{
	if (run->verbose && run->log)
		fprintf(run->log, "stop: tid %d: wait status 0x%x\n", (int)tid, (unsigned)status);
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		if (tid == root)
			*result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		thread_drop(tt, tid);
		return;
	}
	if (!WIFSTOPPED(status))
		return;
	struct pt_thread *t = thread_get(tt, tid, true);
	int sig = WSTOPSIG(status), inject = 0;
	run->stops++;
	if (!t) {
		ptrace(PTRACE_SYSCALL, tid, NULL, NULL);
		return;
	}
	if (sig == (SIGTRAP | 0x80)) {
		syscall_stop(run, t);
	} else if ((status >> 16) == PTRACE_EVENT_EXEC) {
		int err = pt_tracee_hide_vdso(tid);
		if (run->log)
			fprintf(run->log, "personality %s: tid %d: exec: vDSO %s\n", run->pers->name,
				(int)tid, err == 0 ? "hidden from the new image" : strerror(-err));
	} else if (status >> 16) {
		/* fork/vfork/clone event: the new tracee reports on its own */
	} else if (sig == SIGSTOP && t->fresh) {
		t->fresh = false;    /* the stop every auto-attached child starts with */
	} else {
		inject = sig;
	}
	if (t->detach) {
		ptrace(PTRACE_DETACH, tid, NULL, NULL);
		thread_drop(tt, tid);
		return;
	}
	ptrace(PTRACE_SYSCALL, tid, NULL, (void *)(long)inject);
}

int pt_trace_run(struct pt_run *run, char *const argv[], unsigned timeout_s)
{
	struct thread_table tt = { NULL, 0, 0 };
	int status, result = -ECHILD;
	pid_t root = start_child(argv);
	if (root < 0)
		return -errno;
	if (waitpid(root, &status, __WALL) != root || !WIFSTOPPED(status))
		return -ECHILD;
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
		    PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
	if (ptrace(PTRACE_SETOPTIONS, root, NULL, (void *)opts) != 0) {
		int err = -errno;
		kill(root, SIGKILL);
		return err;
	}
	struct pt_thread *rt = thread_get(&tt, root, true);
	if (rt)
		rt->fresh = false;
	if (timeout_s) {
		signal(SIGALRM, on_alarm);
		alarm(timeout_s);
	}
	ptrace(PTRACE_SYSCALL, root, NULL, NULL);
	for (;;) {
		/*
		 * One round: block for the first event, then take every other one
		 * already pending before resuming anybody. waitpid(-1) reports our
		 * own child (the root) before the tasks we only trace; resuming the
		 * root at once lets a busy root stop again before the next wait (one
		 * CPU, wakeup preemption: seen on 5.10 and 6.1 armhf guests) and a
		 * traced zombie of its children is then never reaped, so the root's
		 * own wait for it never returns.
		 */
		struct event round[PT_ROUND_MAX];
		size_t n = 0;
		pid_t tid = waitpid(-1, &status, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			break;   /* ECHILD: every tracee is gone */
		}
		round[n++] = (struct event){ tid, status };
		while (n < PT_ROUND_MAX && (tid = waitpid(-1, &status, __WALL | WNOHANG)) > 0)
			round[n++] = (struct event){ tid, status };
		for (size_t i = 0; i < n; i++)
			handle_event(run, &tt, root, round[i].tid, round[i].status, &result);
		if (result != -ECHILD) {
			/* The command ended: what it left running is killed, as
			 * PTRACE_O_EXITKILL would on our exit, and reaped here. */
			for (size_t i = 0; i < tt.n; i++)
				kill(tt.v[i].tid, SIGKILL);
			while (waitpid(-1, &status, __WALL) > 0 || errno == EINTR)
				;
			break;
		}
	}
	if (timeout_s)
		alarm(0);
	for (size_t i = 0; i < tt.n; i++)
		free(tt.v[i].saved_prog);
	free(tt.v);
	return result;
}
