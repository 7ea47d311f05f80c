// SPDX-License-Identifier: MIT
/*
 * child.c - what a probe child may call (records, exit, a second thread),
 * and sp_child_run(), through which a probe asks for a child (see
 * internal.h: the children themselves are made by spawn.c, several at once,
 * between passes of run.c over the probes).
 *
 * Everything here that runs in a child makes raw system calls only
 * (raw_syscall.h): a child made with CLONE_VM shares the caller's memory and
 * TLS, so errno and libc's locks are the caller's. These calls are also
 * async-signal-safe, and all that strict mode leaves a child is write and
 * exit.
 */
#include "internal.h"

#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>

uint32_t sp_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)((uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u);
}

void sp_say(const struct sp_env *env, int32_t tag, int32_t a, int32_t b)
{
	int32_t rec[4] = { env->slot, tag, a, b };
	/* 16 bytes: one atomic pipe write (below PIPE_BUF). Plain write(2): allowed in strict mode. */
	sp_sys(SYS_write, env->fd, SP_A(rec), sizeof(rec), 0, 0);
}

void sp_say_rc(const struct sp_env *env, int32_t tag, long rc)
{
	if (rc < 0 && rc > -4096)
		sp_say(env, tag, -1, (int32_t)-rc);
	else
		sp_say(env, tag, (int32_t)rc, 0);
}

SP_CHILD_NORETURN void sp_child_exit(int code)
{
	/* SYS_exit, not exit_group: the only exit strict mode allows. */
	for (;;)
		sp_sys(SYS_exit, code, 0, 0, 0, 0);
}

/* The second thread shares the child's memory, files and signal handlers. */
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

/* libc's clone() wants int (*)(void *): the thread's function and argument. */
struct thread_start {
	void (*fn)(void *);
	void *arg;
};

static int thread_trampoline(void *p)
{
	const struct thread_start *ts = p;
	ts->fn(ts->arg);
	return 0;   /* the clone() wrapper ends the thread with SYS_exit */
}

long sp_child_thread(const struct sp_env *env, void (*fn)(void *), void *arg,
		     volatile int *tid_word)
{
	char *top = env->aux_stack + env->aux_size;
	*tid_word = 0;
	if (env->shared_vm) {
		/* clone3: the child exists only where the kernel has it (spawn.c). */
		struct sp_clone_args ca;
		memset(&ca, 0, sizeof(ca));
		ca.flags = THREAD_FLAGS;
		ca.parent_tid = (uintptr_t)tid_word;
		ca.child_tid = (uintptr_t)tid_word;
		ca.stack = (uintptr_t)env->aux_stack;
		ca.stack_size = env->aux_size;
		return sp_clone3_run(&ca, sizeof(ca), fn, arg);
	}
	/*
	 * A copy-on-write child owns its memory, and kernels before 5.3 have no
	 * clone3: libc's clone() (its errno is this child's own). The start
	 * record lives at the top of the thread's stack, below which it grows.
	 */
	struct thread_start *ts = (struct thread_start *)(top - 64);
	ts->fn = fn;
	ts->arg = arg;
	int tid = clone(thread_trampoline, (char *)ts, THREAD_FLAGS, ts, tid_word, NULL, tid_word);
	return tid < 0 ? -errno : tid;
}

void sp_child_thread_wait(volatile int *tid_word)
{
	for (int v; (v = *tid_word) != 0; )
		sp_sys(SYS_futex, SP_A(tid_word), FUTEX_WAIT, v, 0, 0);
}

const struct sp_said *sp_said_find(const struct sp_outcome *o, int32_t tag)
{
	for (unsigned i = 0; i < o->nsaid; i++)
		if (o->said[i].tag == tag)
			return &o->said[i];
	return NULL;
}

const struct sp_outcome *sp_child_last(const struct sp_ctx *ctx)
{
	const struct sp_replay *rp = ctx->replay;
	return rp && rp->used && rp->used <= rp->have ? &rp->outs[rp->used - 1] : NULL;
}

int sp_child_run(sp_child_fn fn, struct sp_ctx *ctx, struct sp_outcome *out)
{
	struct sp_replay *rp = ctx->replay;
	if (rp->used < rp->have) {
		*out = rp->outs[rp->used++];
		return out->spawn_err;
	}
	memset(out, 0, sizeof(*out));
	if (rp->have >= SP_MAX_CHILDREN) {
		out->spawn_err = -E2BIG;   /* a probe asked for more children than SP_MAX_CHILDREN */
		return out->spawn_err;
	}
	/* Only the first unanswered call of a pass is a real request: what the
	 * probe does after a pending answer is dropped with its verdict. */
	if (!rp->pending && rp->used == rp->have) {
		rp->pending = true;
		rp->fn = fn;
		rp->req = *ctx;
	}
	rp->used++;
	out->spawn_err = -EINPROGRESS;
	return out->spawn_err;
}
