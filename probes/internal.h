/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the probe's source files share; not installed, not API.
 */
#ifndef SP_INTERNAL_H
#define SP_INTERNAL_H

#include "seccomp_probe.h"
#include "sp_abi.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

/* What a probe child told the parent: (tag, a, b) triples written to a pipe. */
struct sp_said {
	int32_t tag, a, b;
};

#define SP_MAX_SAID 32

/* How a probe child ended. */
struct sp_outcome {
	int spawn_err;            /* -errno when no child could be made, else 0 */
	bool timed_out;           /* killed by us after the timeout */
	bool exited;              /* WIFEXITED */
	int exit_code;
	bool signaled;            /* WIFSIGNALED */
	int sig;
	unsigned nsaid;
	struct sp_said said[SP_MAX_SAID];
};

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
	unsigned children_started;      /* probe children made by sp_child_run() */
	unsigned children_failed;       /* sp_child_run() calls that made no child */
	int spawn_err;                  /* -errno of the last of those, 0 when none */
};

/* Runs in the child; @fd is the write end of the result pipe. Must not return. */
typedef void (*sp_child_fn)(int fd, const struct sp_ctx *ctx);

/* child.c; counts each child made (or not) in @ctx */
int sp_child_run(sp_child_fn fn, struct sp_ctx *ctx, struct sp_outcome *out);
void sp_say(int fd, int32_t tag, int32_t a, int32_t b);
_Noreturn void sp_child_exit(int code);
const struct sp_said *sp_said_find(const struct sp_outcome *o, int32_t tag);
uint32_t sp_now_us(void);

/* bpf.c */
#define SP_BPF_MAX 8
int sp_bpf_one_syscall(struct sp_sock_filter *prog, uint32_t audit_arch, long nr,
		       uint32_t action);
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

/* probe_actions.c: 1 available, 0 not, -1 cannot ask, -2 @r set */
int sp_action_avail(struct sp_ctx *ctx, uint32_t action, struct sp_result *r);
void sp_read_process_state(struct sp_ctx *ctx, struct sp_process_state *ps);
void sp_read_kernel_info(struct sp_kernel_info *k);
/* state.c: the real executable when a user-mode emulator answers /proc/self for
 * this process (written to @path, "" when none seen); see sp_probe_run(). */
void sp_detect_emulator(char *path, size_t cap);

#endif
