// SPDX-License-Identifier: MIT
/*
 * spawn.c - make the probe children of one round, wait for them without
 * polling, and collect what each said and how it ended.
 *
 * Two ways to make a child:
 * - shared memory (kernels from 5.16, no emulator; sp_shared_vm_safe()):
 *   clone3 with CLONE_VM on a stack of its own in the run's arena, and
 *   CLONE_CLEAR_SIGHAND so that no handler of the caller ever runs in it; no
 *   page tables are copied. All children of a round start at once and write
 *   their records, tagged with their slot, to one pipe of which they hold
 *   the only write ends: its hang-up tells that the last of them has ended,
 *   so the parent sleeps once per round.
 * - copy-on-write (every kernel; the fallback when clone3 is refused): a raw
 *   clone() like fork, one child at a time, each with its own pipe, whose
 *   hang-up tells that the child has ended.
 * Either way the exit signal is 0: a caller that ignores SIGCHLD (or sets
 * SA_NOCLDWAIT) would otherwise have the child reaped by the kernel before
 * we read its status (autoreap applies only to children that signal
 * SIGCHLD), so children are waited for with __WALL. The parent blocks in
 * poll() for the hang-up or the earliest deadline, then reaps.
 *
 * A clone's answer is believed only when the kernel's own writes confirm
 * it (CLONE_PARENT_SETTID and CLONE_CHILD_SETTID on one zeroed word,
 * 2.5.49): an outer filter may fake a success (RET_ERRNO with data 0: "0",
 * in the caller itself), or RET_TRAP and a SIGSYS handler of the caller may
 * leave any number as the result (the system call number on x86, the first
 * argument on arm); such a call made no child, so nothing of the child's
 * runs and no pid it names is waited for or killed.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>


/*
 * AddressSanitizer builds (the tests): a child that ends without returning
 * leaves its frames' redzones poisoned, which the next child in the same
 * slot, or a later mapping at these addresses, would be blamed for.
 */
#if defined(__SANITIZE_ADDRESS__)
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define UNPOISON(addr, size) __asan_unpoison_memory_region(addr, size)
#else
#define UNPOISON(addr, size) ((void)(addr), (void)(size))
#endif

/* One child's memory in the arena, from low to high addresses: a guard
 * page, the trap child's alternate signal stack, a stack for a second
 * thread, the child's own stack, and at the top what the child starts with. */
#define PAGE 4096u
#define ROUND_UP(n) (((n) + PAGE - 1) / PAGE * PAGE)
#define SIGAREA_BYTES ROUND_UP(sizeof(struct sp_sigarea))
#define AUX_BYTES (32u * 1024u)
#define MAIN_BYTES (64u * 1024u)
#define SLOT_BYTES (PAGE + SIGAREA_BYTES + AUX_BYTES + MAIN_BYTES)
#define START_BYTES 1024u

struct slot_start {
	int32_t tid;              /* CLONE_PARENT_SETTID / CLONE_CHILD_SETTID */
	sp_child_fn fn;
	struct sp_env env;
	struct sp_ctx ctx;
};
_Static_assert(sizeof(struct slot_start) <= START_BYTES, "slot_start fits at the top of a slot");

/*
 * The records of a round wait in the pipe until the round ends: the parent
 * asks poll() for the hang-up only, so a record wakes nobody. A child says
 * at most 10 records (the trap child 8) of 16 bytes, and a round has at
 * most SP_JOBS_MAX children: under 4 KiB, the least a pipe holds.
 */
_Static_assert(SP_JOBS_MAX * 10 * 16 <= 4096, "a round's records fit in a one-page pipe");

struct sp_spawner {
	bool shared_vm;           /* make CLONE_VM children (cleared when clone3 is refused) */
	bool emulated;            /* an emulator, which may leave CLONE_PARENT_SETTID unwritten */
	unsigned timeout_ms;
	char *arena;
	unsigned nslots;
	unsigned guarded;         /* slots whose guard page is in place */
};

/* A child being waited for. */
struct live {
	struct sp_job *job;
	long pid;
	uint32_t start;
	bool ended;
};

bool sp_shared_vm_safe(uint32_t kv)
{
	return kv >= SP_KV(5, 16, 0);
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

struct sp_spawner *sp_spawner_open(bool shared_vm, bool emulated, unsigned timeout_ms)
{
	struct sp_spawner *sp;
	unsigned nslots = shared_vm ? SP_JOBS_MAX : 1;
	size_t head = ROUND_UP(sizeof(*sp));
	char *mem = mmap(NULL, head + (size_t)nslots * SLOT_BYTES, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return NULL;
	sp = (struct sp_spawner *)mem;
	sp->shared_vm = shared_vm;
	sp->emulated = emulated;
	sp->timeout_ms = timeout_ms ? timeout_ms : 2000;
	sp->arena = mem + head;
	sp->nslots = nslots;
	sp->guarded = 0;
	return sp;
}

void sp_spawner_close(struct sp_spawner *sp)
{
	if (!sp)
		return;
	for (unsigned i = 0; i < sp->guarded; i++)
		UNPOISON(sp->arena + (size_t)i * SLOT_BYTES + PAGE, SLOT_BYTES - PAGE);
	munmap(sp, ROUND_UP(sizeof(*sp)) + (size_t)sp->nslots * SLOT_BYTES);
}

/* Slot @i's memory, its guard page set the first time it is used. */
static char *slot_base(struct sp_spawner *sp, unsigned i)
{
	for (; sp->guarded <= i; sp->guarded++)
		mprotect(sp->arena + (size_t)sp->guarded * SLOT_BYTES, PAGE, PROT_NONE);
	return sp->arena + (size_t)i * SLOT_BYTES;
}

static void fill_env(struct sp_env *env, char *base, int fd, int32_t slot, bool shared_vm)
{
	env->fd = fd;
	env->slot = slot;
	env->shared_vm = shared_vm;
	env->sigarea = (struct sp_sigarea *)(base + PAGE);
	env->aux_stack = base + PAGE + SIGAREA_BYTES;
	env->aux_size = AUX_BYTES;
}

/* Where a CLONE_VM child starts: on its own stack, with its slot_start. */
static void slot_entry(void *p)
{
	const struct slot_start *s = p;
	s->fn(&s->env, &s->ctx);
	sp_child_exit(0);
}

/* The flags that make the kernel write the new task's id to the word
 * parent_tid and child_tid name: in the caller before the call returns, and
 * in the child before it first runs. */
#define SETTID (CLONE_PARENT_SETTID | CLONE_CHILD_SETTID)
/* A clone that made no child, whatever it answered: below every -errno;
 * the job's spawn_err says -EPERM, with clone_faked set. */
#define SPAWN_FAKED (-4096L)

/* Errors of clone3 that mean "not here" (no clone3, a flag unknown, an outer
 * filter refusing or faking it: SPAWN_FAKED): the run goes on with
 * copy-on-write children. */
static bool clone3_refused(long err)
{
	return err == -ENOSYS || err == -EINVAL || err == -E2BIG || err == -EPERM || err == -EACCES ||
	       err == SPAWN_FAKED;
}

/*
 * What clone's answer @ret is, with @tid the SETTID word (0 before the
 * call): @ret when it is a child's own 0 or the pid of the child it made,
 * else SPAWN_FAKED. A 0 with the word still 0 came back in the caller (a
 * faked success); a positive @ret the word does not hold is no child of
 * ours. qemu-user writes the parent's word in the child only (linux-user's
 * do_fork), so under an emulator a word left 0 is taken on trust.
 */
static long clone_answer(const struct sp_spawner *sp, long ret, const volatile int32_t *tid)
{
	int32_t t = *tid;
	if (ret < 0)
		return ret;
	if (ret == 0)
		return t != 0 ? 0 : SPAWN_FAKED;
	return t == ret || (t == 0 && sp->emulated) ? ret : SPAWN_FAKED;
}

/* Makes a CLONE_VM child for @job, the round's job @i, writing to @wfd; its
 * pid, or -errno. */
static long spawn_shared(struct sp_spawner *sp, struct sp_job *job, unsigned i, int wfd)
{
	char *base = slot_base(sp, i);
	struct slot_start *s = (struct slot_start *)(base + SLOT_BYTES - START_BYTES);
	UNPOISON(base + PAGE, SLOT_BYTES - PAGE);
	s->fn = job->fn;
	s->ctx = *job->ctx;
	fill_env(&s->env, base, wfd, (int32_t)i, true);
	s->tid = 0;

	struct sp_clone_args ca;
	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_VM | SP_CLONE_CLEAR_SIGHAND | SETTID;
	ca.parent_tid = ca.child_tid = (uintptr_t)&s->tid;
	ca.exit_signal = 0;
	ca.stack = (uintptr_t)(base + PAGE + SIGAREA_BYTES + AUX_BYTES);
	ca.stack_size = MAIN_BYTES - START_BYTES;
	/* A faked 0 never comes back here: sp_clone3_run() answers -EPERM for it. */
	return clone_answer(sp, sp_clone3_run(&ca, sizeof(ca), slot_entry, s), &s->tid);
}

/* Makes a copy-on-write child for @job, the round's job @i (slot 0's memory,
 * copied); its pid or -errno (SPAWN_FAKED: no child, whatever clone said),
 * and in *@rfd the read end of its own pipe. */
static long spawn_cow(struct sp_spawner *sp, struct sp_job *job, unsigned i, int *rfd)
{
	int fds[2];
	int err = make_pipe(fds);
	if (err)
		return err;
	struct sp_env env;
	fill_env(&env, slot_base(sp, 0), fds[1], (int32_t)i, false);
	/*
	 * exit signal 0, stack 0: copy-on-write like fork. clone's arguments:
	 * flags, stack, parent_tid, then child_tid and tls (x86_64) or tls and
	 * child_tid (CLONE_BACKWARDS: i386, arm, arm64); tls is read only with
	 * CLONE_SETTLS, so the word goes in both.
	 */
	volatile int32_t tid = 0;
	long pid = sp_sys(SYS_clone, SETTID, 0L, SP_A(&tid), SP_A(&tid), SP_A(&tid));
	if (pid == -EINVAL)
		/* qemu-user refuses exit signal 0; there a SIGCHLD child is the best we can do. */
		pid = sp_sys(SYS_clone, SETTID | SIGCHLD, 0L, SP_A(&tid), SP_A(&tid), SP_A(&tid));
	pid = clone_answer(sp, pid, &tid);
	if (pid == 0) {
		/* The fd is non-blocking; a 16-byte write to a pipe with room never blocks. */
		job->fn(&env, job->ctx);
		sp_child_exit(0);
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return pid;
	}
	*rfd = fds[0];
	return pid;
}

/* Appends the records in @fd to their jobs' outcomes (the slot is the job's
 * index in this round) until the pipe is empty; false once it has no writer
 * left. */
static bool drain(int fd, struct sp_job *jobs, unsigned n)
{
	int32_t rec[64][4];
	for (;;) {
		ssize_t got = read(fd, rec, sizeof(rec));
		if (got == 0)
			return false;
		if (got < 0)
			return errno == EAGAIN || errno == EINTR;
		/* Writes of 16 bytes are atomic, so reads of whole records return whole records. */
		for (size_t k = 0; k < (size_t)got / sizeof(rec[0]); k++) {
			uint32_t slot = (uint32_t)rec[k][0];
			if (slot >= n)
				continue;
			struct sp_outcome *o = &jobs[slot].out;
			if (o->nsaid < SP_MAX_SAID) {
				struct sp_said *said = &o->said[o->nsaid++];
				said->tag = rec[k][1];
				said->a = rec[k][2];
				said->b = rec[k][3];
			}
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

/*
 * Reaps @l's child when it has ended; when @late (its time is up) also when
 * it has not, killing it first. Returns true when it was reaped. The hang-up
 * that says it ended can come late (another process may have inherited the
 * pipe), so a late child is first asked whether it has in fact ended.
 */
static bool reap(struct live *l, bool ended, bool late)
{
	int status = 0;
	struct sp_outcome *o = &l->job->out;
	pid_t w = 0;
	if (!ended) {
		w = waitpid((pid_t)l->pid, &status, WNOHANG | __WALL);
		if (w != (pid_t)l->pid && !late)
			return false;
		if (w != (pid_t)l->pid) {
			kill((pid_t)l->pid, SIGKILL);
			o->timed_out = true;
		}
	}
	while (w != (pid_t)l->pid) {
		w = waitpid((pid_t)l->pid, &status, __WALL);
		if (w < 0 && errno != EINTR) {
			o->spawn_err = -errno;   /* cannot happen for our own child */
			break;
		}
	}
	/* As before: a child killed for its time tells how it ended by timed_out alone. */
	if (w == (pid_t)l->pid && !o->timed_out)
		decode_status(o, status);
	l->job->elapsed_us = sp_now_us() - l->start;
	l->ended = true;
	return true;
}

/*
 * Waits for the children in @lv (of which @nlive have not ended) until @rfd
 * hangs up, reaping each child once it ended or its time is up, draining
 * @rfd as it goes (the read end of a copy-on-write child's own pipe, or the
 * round's pipe).
 */
static void wait_children(struct live *lv, unsigned nlive, int rfd, uint64_t limit_us,
			  struct sp_job *jobs, unsigned n)
{
	unsigned left = nlive;
	bool hung_up = false;
	while (left) {
		uint32_t now = sp_now_us();
		uint64_t wait_us = limit_us;
		for (unsigned i = 0; i < nlive; i++) {
			if (lv[i].ended)
				continue;
			uint64_t age = (uint32_t)(now - lv[i].start);
			uint64_t rest = age >= limit_us ? 0 : limit_us - age;
			if (rest < wait_us)
				wait_us = rest;
		}
		if (!hung_up) {
			/* events 0: only the hang-up (or an error) wakes us, not each record. */
			struct pollfd pf = { .fd = rfd, .events = 0 };
			uint64_t ms = (wait_us + 999u) / 1000u;
			if (poll(&pf, 1, ms > 0x7fffffff ? 0x7fffffff : (int)ms) > 0 &&
			    (pf.revents & (POLLHUP | POLLERR)))
				hung_up = !drain(rfd, jobs, n);
		}
		now = sp_now_us();
		for (unsigned i = 0; i < nlive; i++)
			if (!lv[i].ended &&
			    reap(&lv[i], hung_up, (uint32_t)(now - lv[i].start) >= limit_us))
				left--;
	}
	drain(rfd, jobs, n);
}

/* Records in @count that no child could be made for @job. */
static void no_child(struct sp_job *job, struct sp_ctx *count, long err)
{
	job->out.clone_faked = err == SPAWN_FAKED;
	if (job->out.clone_faked)
		err = -EPERM;
	job->out.spawn_err = (int)err;
	if (job->counted) {
		count->children_failed++;
		count->spawn_err = (int)err;
	}
}

static void started(struct live *l, struct sp_job *job, long pid, uint32_t t0,
		    struct sp_ctx *count)
{
	l->job = job;
	l->pid = pid;
	l->start = t0;
	l->ended = false;
	if (job->counted)
		count->children_started++;
}

/* The CLONE_VM children of jobs @first.. (all at once); returns the index of
 * the first job left to copy-on-write children (@n when none). */
static unsigned run_shared(struct sp_spawner *sp, struct sp_job *jobs, unsigned first, unsigned n,
			   struct sp_ctx *count)
{
	struct live lv[SP_JOBS_MAX];
	unsigned nlive = 0, i = first;
	int fds[2];
	/* Guard pages before the first child: changing the mappings while
	 * children of ours run on other CPUs costs a TLB shootdown each. */
	if (n > first)
		slot_base(sp, n - 1);
	int err = make_pipe(fds);
	if (err) {
		for (; i < n; i++)
			no_child(&jobs[i], count, err);
		return n;
	}
	for (; i < n; i++) {
		uint32_t t0 = sp_now_us();
		long pid = spawn_shared(sp, &jobs[i], i, fds[1]);
		if (clone3_refused(pid)) {
			sp->shared_vm = false;
			break;
		}
		if (pid < 0)
			no_child(&jobs[i], count, pid);
		else
			started(&lv[nlive++], &jobs[i], pid, t0, count);
	}
	/* The children now hold the only write ends: the hang-up comes when the last one ends. */
	close(fds[1]);
	wait_children(lv, nlive, fds[0], (uint64_t)sp->timeout_ms * 1000u, jobs, n);
	close(fds[0]);
	return i;
}

void sp_spawner_run(struct sp_spawner *sp, struct sp_job *jobs, unsigned n, struct sp_ctx *count)
{
	if (n > SP_JOBS_MAX)
		n = SP_JOBS_MAX;
	for (unsigned i = 0; i < n; i++) {
		memset(&jobs[i].out, 0, sizeof(jobs[i].out));
		jobs[i].elapsed_us = 0;
		if (!sp)
			no_child(&jobs[i], count, -ENOMEM);
	}
	if (!sp)
		return;
	unsigned i = sp->shared_vm ? run_shared(sp, jobs, 0, n, count) : 0;
	/* Copy-on-write children run one at a time, as they always did. */
	for (; i < n; i++) {
		struct live l;
		int rfd = -1;
		uint32_t t0 = sp_now_us();
		long pid = spawn_cow(sp, &jobs[i], i, &rfd);
		if (pid < 0) {
			no_child(&jobs[i], count, pid);
			continue;
		}
		started(&l, &jobs[i], pid, t0, count);
		wait_children(&l, 1, rfd, (uint64_t)sp->timeout_ms * 1000u, jobs, n);
		close(rfd);
	}
}
