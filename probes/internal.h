/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the probe's source files share; not installed, not API.
 */
#ifndef SP_INTERNAL_H
#define SP_INTERNAL_H

#include "seccomp_probe.h"
#include "sp_abi.h"
#include "raw_syscall.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a probe child told the parent: (tag, a, b) triples written to a pipe. */
struct sp_said {
	int32_t tag, a, b;
};

/* Wait for children whose exit signal is not SIGCHLD too (wait4 flag, 2.4);
 * some libcs' headers lack it. */
#ifndef __WALL
#define __WALL 0x40000000
#endif

#define SP_MAX_SAID 32

/* How a probe child ended. */
struct sp_outcome {
	int spawn_err;            /* -errno when no child could be made, else 0 */
	bool clone_faked;         /* ... -EPERM: clone answered a success that made no child */
	bool timed_out;           /* killed by us after the timeout */
	bool exited;              /* WIFEXITED */
	int exit_code;
	bool signaled;            /* WIFSIGNALED */
	int sig;
	unsigned nsaid;
	struct sp_said said[SP_MAX_SAID];
};

struct sp_replay;

/* Context handed to every probe. */
struct sp_ctx {
	unsigned timeout_ms;
	const struct sp_arch *arch;     /* native arch of this binary */
	enum sp_verdict filter;          /* verdict of the filter-mode probe */
	enum sp_verdict seccomp_syscall; /* verdict of the seccomp(2) probe */
	bool seccomp_maybe_blocked;      /* ... unsupported, or blocked (see sp_result) */
	enum sp_verdict get_action_avail; /* verdict of the GET_ACTION_AVAIL probe */
	struct sp_trap_fields *trap;    /* filled by the trap probe */
	int outer_mode;                 /* seccomp mode the caller already has, -1 unknown */
	uint32_t action;                /* per-probe: action the child installs */
	unsigned long flags;            /* per-probe: filter flags the child uses */
	bool use_syscall;               /* per-probe: install with seccomp(2), not prctl */
	uint32_t kernel_version;        /* SP_KV() of the running kernel, 0 unknown */
	const struct sp_arch *kernel_arch; /* the kernel's arch (uname -m), NULL unknown */
	unsigned children_started;      /* probe children made (spawn.c) */
	unsigned children_failed;       /* probe children that could not be made */
	int spawn_err;                  /* -errno of the last of those, 0 when none */
	struct sp_replay *replay;       /* the running probe's children (run.c) */
	const struct sp_outcome *seccomp_child; /* the seccomp(2) probe's child, which also
					 * asked GET_ACTION_AVAIL (probe_syscall.c) */
};

/*
 * What the SIGSYS handler of the trap child saw, and the alternate stack it
 * runs on: the handler finds this record through sigaltstack(2), so it needs
 * no global (a CLONE_VM child's globals are the caller's).
 */
struct sp_trap_seen {
	int32_t count, signo, code, err, nr;
	uint32_t arch;
};
#define SP_SIGSTACK_BYTES (64u * 1024u)   /* room for any arch's signal frame */
struct sp_sigarea {
	struct sp_trap_seen seen;
	char stack[SP_SIGSTACK_BYTES] __attribute__((aligned(64)));
};

/* What a probe child gets besides the context: where to report, and memory
 * of its own (in the run's arena, spawn.c). */
struct sp_env {
	int fd;                   /* write end of the result pipe (non-blocking) */
	int32_t slot;             /* in every record: which child of the round said it */
	bool shared_vm;           /* made with CLONE_VM: shares the caller's memory */
	struct sp_sigarea *sigarea; /* the trap child's alternate signal stack */
	char *aux_stack;          /* a stack for a second thread of the child */
	size_t aux_size;
};

/* Runs in the child; may use only sp_sys() (raw_syscall.h) and the helpers
 * below, never libc: in a CLONE_VM child errno and libc state are the
 * caller's. Must not return. */
typedef void (*sp_child_fn)(const struct sp_env *env, const struct sp_ctx *ctx);

/*
 * child.c. A probe asks for a child with sp_child_run(); run.c calls every
 * probe function repeatedly ("replay"): a call whose child has not run yet
 * is recorded (with a copy of @ctx) and answered -EINPROGRESS, the probe's
 * verdict from that pass is dropped, the recorded children of all probes run
 * together (spawn.c), and the next pass hands each call its outcome in
 * order. A probe function must therefore depend only on @ctx and the
 * outcomes it is handed. Returns out->spawn_err.
 */
int sp_child_run(sp_child_fn fn, struct sp_ctx *ctx, struct sp_outcome *out);
/* In a child: one record (tag, a, b); sp_say_rc() says a system call's
 * answer as a = rc, b = 0, or a = -1, b = errno. */
void sp_say(const struct sp_env *env, int32_t tag, int32_t a, int32_t b);
void sp_say_rc(const struct sp_env *env, int32_t tag, long rc);
/* Not marked _Noreturn under AddressSanitizer, which before a noreturn call
 * checks the stack bounds of the thread whose TLS a CLONE_VM child shares. */
#if defined(__SANITIZE_ADDRESS__)
#define SP_CHILD_NORETURN
#else
#define SP_CHILD_NORETURN _Noreturn
#endif
SP_CHILD_NORETURN void sp_child_exit(int code);
/* In a child: starts @fn(@arg) as a second thread of the child, on
 * env->aux_stack; *@tid_word holds its tid until it ends (CLONE_CHILD_CLEARTID).
 * Returns the tid or -errno. sp_child_thread_wait() returns once it ended. */
long sp_child_thread(const struct sp_env *env, void (*fn)(void *), void *arg,
		     volatile int *tid_word);
void sp_child_thread_wait(volatile int *tid_word);
const struct sp_said *sp_said_find(const struct sp_outcome *o, int32_t tag);
/* The outcome the last sp_child_run() of the running probe was handed; it
 * lasts the whole run. NULL when that call's child has not run yet. */
const struct sp_outcome *sp_child_last(const struct sp_ctx *ctx);
uint32_t sp_now_us(void);

/* The children one probe makes at most (each makes one today; a probe that
 * asked for more would end in error, not hang). */
#define SP_MAX_CHILDREN 1
struct sp_replay {
	unsigned used;            /* calls answered in this pass */
	unsigned have;            /* outcomes recorded */
	bool pending;             /* a child was asked for and has not run */
	sp_child_fn fn;           /* that child ... */
	struct sp_ctx req;        /* ... and the context it gets */
	uint32_t elapsed_us;      /* lifetimes of the probe's children, summed */
	struct sp_outcome outs[SP_MAX_CHILDREN];
};

/* spawn.c: makes the children of one round and collects their outcomes. */
struct sp_spawner;
struct sp_job {
	sp_child_fn fn;
	const struct sp_ctx *ctx; /* copied for the child */
	bool counted;             /* a probe's child (counted in ctx->children_*) */
	struct sp_outcome out;
	uint32_t elapsed_us;      /* from clone to reaped */
};
#define SP_JOBS_MAX (SP_PROBE_COUNT + 1)
/*
 * sp_spawner_open - the children of one sp_probe_run_sized() call. With
 * @shared_vm they are made with CLONE_VM (clone3, on stacks of their own)
 * and run concurrently; else one at a time with copy-on-write memory.
 * @emulated: a user-mode emulator runs us, which may not confirm a child's
 * pid the way the kernel does (spawn.c), so its answer is trusted.
 * Returns the spawner, or NULL (errno set) when its memory cannot be mapped.
 */
struct sp_spawner *sp_spawner_open(bool shared_vm, bool emulated, unsigned timeout_ms);
/* Runs @n jobs (at most SP_JOBS_MAX), filling each one's outcome; counts the
 * counted ones in @count. Every child is reaped before it returns. With @sp
 * NULL (sp_spawner_open() failed) each job fails with -ENOMEM. */
void sp_spawner_run(struct sp_spawner *sp, struct sp_job *jobs, unsigned n, struct sp_ctx *count);
void sp_spawner_close(struct sp_spawner *sp);
/* Whether CLONE_VM children are safe on kernel @kv (SP_KV()): from 5.16 a
 * core dump stops only the dumping thread group ("coredump: Limit coredumps
 * to a single thread group", E. Biederman, 2021; 6.1's fs/coredump.c has
 * it); before, zap_threads() killed every process sharing the mm, so a child
 * sharing the caller's memory that dumps core (RET_KILL dumps from 4.11, a
 * default SIGSYS on every version) would kill the caller too. */
bool sp_shared_vm_safe(uint32_t kv);

/* bpf.c */
#define SP_BPF_MAX 8
int sp_bpf_one_syscall(struct sp_sock_filter *prog, uint32_t audit_arch, long nr,
		       uint32_t action);
/* In a child (sp_sys(): the result or -errno): install @prog with prctl (3.5)
 * or seccomp(2) (3.17; -ENOSYS when the arch has no number); set NO_NEW_PRIVS. */
long sp_install_prctl(const struct sp_sock_filter *prog, int len);
long sp_install_syscall(const struct sp_ctx *ctx, unsigned long flags,
			const struct sp_sock_filter *prog, int len);
long sp_set_no_new_privs(void);
/*
 * The witness: every filter a probe installs also answers getppid(SP_WITNESS_ARG)
 * with RET_ERRNO|SP_WITNESS_ERRNO, so a child can prove the filter is really in
 * place (an outer filter may fake the install's success). getppid ignores its
 * argument; the filter sees it in seccomp_data.args[0] (3.5).
 */
#define SP_WITNESS_ARG   0x5eccu
#define SP_WITNESS_ERRNO 734
#define SP_BPF_WITNESS_MAX (SP_BPF_MAX + 4)
int sp_bpf_witnessed(struct sp_sock_filter *prog, uint32_t audit_arch, long getppid_nr,
		     uint32_t action);
/* In a child after an install: the errno of the witness call, 0 when it
 * succeeded (the filter had no effect). getppid() itself never fails, so any
 * errno shows the filter in place; one other than SP_WITNESS_ERRNO also shows
 * RET_ERRNO losing its data (which the errno probe then names). */
int sp_witness_errno(long getppid_nr);
/* The detail of an install whose witness had no effect. */
#define SP_WITNESS_NO_EFFECT "installing the filter returned 0 but its witness rule had no effect " \
	"(getppid(0x5ecc) succeeded, not RET_ERRNO|734)"


/* verdict.c */
void sp_set(struct sp_result *r, enum sp_verdict v, int err, int sig, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
bool sp_outcome_failed(const struct sp_outcome *o, struct sp_result *r, const char *step);
void sp_verdict_from_errno(struct sp_result *r, int err, int absent_errno, const char *call);
/* As sp_verdict_from_errno(), knowing the caller's own seccomp mode: EINVAL for
 * a filter-mode feature while already in filter mode is an outer filter's answer. */
void sp_verdict_in_mode(struct sp_result *r, int err, int absent_errno, const char *call,
			int outer_mode);
/* As sp_verdict_in_mode() for a prctl() call: prctl exists on every kernel, so
 * ENOSYS from it is an outer filter's answer (blocked). */
void sp_verdict_prctl(struct sp_result *r, int err, int absent_errno, const char *call,
		      int outer_mode);
/* A call the kernel could not have answered 0 did: blocked when this process
 * already runs in filter mode (an outer filter faked it), else error. */
void sp_verdict_faked(struct sp_result *r, const char *what, int outer_mode);

/* probe_*.c: one function per probe, filling @r. */
typedef void (*sp_probe_fn)(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_strict(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_filter(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_no_new_privs(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_trap(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_errno(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_trace(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_kill(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_seccomp_syscall(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_tsync(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_flag_log(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_spec_allow(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_new_listener(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_tsync_esrch(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_wait_killable_recv(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_get_action_avail(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_log(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_kill_process(struct sp_ctx *ctx, struct sp_result *r);
void sp_probe_user_notif(struct sp_ctx *ctx, struct sp_result *r);

/* state.c, probe_modes.c */
void sp_process_prctl_state(struct sp_ctx *ctx, struct sp_process_state *ps);

/* probe_syscall.c: 1 available, 0 not, -1 cannot ask, -2 @r set */
int sp_action_avail(struct sp_ctx *ctx, uint32_t action, struct sp_result *r);
/* The files of the process state (the prctl answers come from
 * sp_process_prctl_state(), a child that run.c runs with the first probes). */
void sp_read_process_state(struct sp_process_state *ps);
void sp_read_kernel_info(struct sp_kernel_info *k);
/* state.c: the real executable when a user-mode emulator answers /proc/self for
 * this process (written to @path, "" when none seen); see sp_probe_run(). */
void sp_detect_emulator(char *path, size_t cap);

#endif
