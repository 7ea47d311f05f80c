// SPDX-License-Identifier: MIT
/*
 * probe_actions.c - filter return actions, each installed in a child on one
 * system call (getppid) and observed: TRAP, ERRNO, TRACE, KILL (3.5), LOG and
 * KILL_PROCESS (4.14). Every filter also carries the witness (internal.h), so
 * an install an outer filter only pretended to do is seen as such.
 */
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>

#define TRAP_DATA  0x2a5   /* SECCOMP_RET_DATA the trap filter returns */
#define ERRNO_DATA 733     /* errno the ERRNO filter returns: no real errno has it */

enum {
	T_NNP = 1,       /* a = ret, b = errno */
	T_INSTALL,       /* a = ret, b = errno */
	T_CALL,          /* the filtered call returned: a = ret, b = errno */
	T_PPID,          /* the real parent pid, read before the filter: a */
	T_SIG_BASIC,     /* handler ran: a = si_signo, b = si_code */
	T_SIG_SYS,       /* a = si_syscall, b = si_errno */
	T_SIG_ARCH,      /* a = si_arch */
	T_INSTALL_TRAPPED, /* the install itself raised SIGSYS (an outer RET_TRAP) */
	T_WITNESS,       /* after the install: a = the witness call's errno, 0 none */
	T_THREAD,        /* the second thread: a = its tid, or -1 and b = errno */
	T_MAIN_LIVED,    /* the first thread outlived the second one */
};

/*
 * The SIGSYS handler of the trap child. It runs on the child's alternate
 * signal stack (env->sigarea) and finds its record there through
 * sigaltstack(2): a child that shares the caller's memory has no globals of
 * its own, and concurrent runs (threads) each have their own trap child.
 */
static void trap_handler(int sig, void *info, void *uc)
{
	(void)sig;
	(void)uc;
	stack_t ss;
	if (sp_sys(SYS_sigaltstack, 0L, SP_A(&ss), 0, 0, 0) != 0 || (ss.ss_flags & SS_DISABLE))
		return;
	struct sp_sigarea *area = (struct sp_sigarea *)((char *)ss.ss_sp -
							offsetof(struct sp_sigarea, stack));
	volatile struct sp_trap_seen *seen = &area->seen;
	const struct sp_siginfo_sys *si = info;
	seen->signo = si->signo;
	seen->err = si->err;
	seen->code = si->code;
	seen->nr = si->u.sys.nr;
	seen->arch = si->u.sys.arch;
	seen->count = seen->count + 1;
}

/* In the trap child: trap_handler for SIGSYS, on env->sigarea, unblocked. */
static void catch_sigsys(const struct sp_env *env)
{
	stack_t ss = { .ss_sp = env->sigarea->stack, .ss_flags = 0, .ss_size = SP_SIGSTACK_BYTES };
	struct sp_ksigaction sa = { trap_handler, SP_SA_SIGINFO | SP_SA_ONSTACK | SP_KSA_FLAGS,
				    SP_KSA_RESTORER, { 0, 0 } };
	uint32_t set[2] = { 0, 0 };
	env->sigarea->seen.count = 0;
	sp_sys(SYS_sigaltstack, SP_A(&ss), 0L, 0, 0, 0);
	sp_sys(SYS_rt_sigaction, SIGSYS, SP_A(&sa), 0L, sizeof(set), 0);
	set[(SIGSYS - 1) / 32] |= 1u << ((SIGSYS - 1) % 32);
	sp_sys(SYS_rt_sigprocmask, SIG_UNBLOCK, SP_A(set), 0L, sizeof(set), 0);
}

/*
 * In a probe child, after installing a witnessed filter (rc from the install):
 * says T_INSTALL, then makes the witness call and says T_WITNESS; the child
 * exits unless both show the filter is in place.
 */
static void say_installed_or_exit(const struct sp_env *env, long rc, long getppid_nr)
{
	sp_say_rc(env, T_INSTALL, rc);
	if (rc != 0)
		sp_child_exit(0);
	int seen = sp_witness_errno(getppid_nr);
	sp_say(env, T_WITNESS, seen, 0);
	if (!seen)
		sp_child_exit(0);
}

/* Child: NO_NEW_PRIVS, install "getppid -> ctx->action", call getppid. */
static void action_child(const struct sp_env *env, const struct sp_ctx *ctx)
{
	struct sp_sock_filter prog[SP_BPF_WITNESS_MAX];
	long nr = ctx->arch->getppid_nr;
	volatile struct sp_trap_seen *seen = &env->sigarea->seen;
	bool trap = (ctx->action & 0xffff0000U) == SP_RET_TRAP;

	sp_say(env, T_PPID, (int32_t)sp_sys(nr, 0, 0, 0, 0, 0), 0);
	if (trap)
		catch_sigsys(env);
	sp_say_rc(env, T_NNP, sp_set_no_new_privs());
	int len = sp_bpf_witnessed(prog, ctx->arch->audit_arch, nr, ctx->action);
	long rc = sp_install_prctl(prog, len);
	if (trap && seen->count) {
		sp_say(env, T_INSTALL_TRAPPED, 0, 0);
		sp_child_exit(0);
	}
	say_installed_or_exit(env, rc, nr);
	rc = sp_sys(nr, 0, 0, 0, 0, 0);
	if (trap && seen->count) {
		sp_say(env, T_SIG_BASIC, seen->signo, seen->code);
		sp_say(env, T_SIG_SYS, seen->nr, seen->err);
		sp_say(env, T_SIG_ARCH, (int32_t)seen->arch, 0);
	}
	sp_say_rc(env, T_CALL, rc);
	sp_child_exit(0);
}

/*
 * What the install of a child said, for every action probe: true when the
 * filter is in place (its witness answered); false when @r has the verdict.
 */
static bool installed(struct sp_ctx *ctx, const struct sp_outcome *o, struct sp_result *r)
{
	const struct sp_said *ins = sp_said_find(o, T_INSTALL);
	if (!ins && !sp_said_find(o, T_INSTALL_TRAPPED)) {
		if (!sp_outcome_failed(o, r, "filter install"))
			sp_set(r, SP_ERROR, 0, 0, "probe child said nothing");
		return false;
	}
	if (sp_said_find(o, T_INSTALL_TRAPPED)) {
		sp_set(r, SP_BLOCKED, 0, SIGSYS, "installing the filter raised SIGSYS: an outer "
		       "filter traps prctl");
		return false;
	}
	if (ins->a != 0) {
		sp_verdict_prctl(r, ins->b, EINVAL, "installing the filter (prctl mode 2)",
				 ctx->outer_mode);
		return false;
	}
	const struct sp_said *wit = sp_said_find(o, T_WITNESS);
	if (!wit) {
		if (!sp_outcome_failed(o, r, "the witness call"))
			sp_set(r, SP_ERROR, 0, 0, "probe child stopped after the install");
		return false;
	}
	if (!wit->a) {
		sp_verdict_faked(r, SP_WITNESS_NO_EFFECT, ctx->outer_mode);
		return false;
	}
	return true;   /* in place (a wrong errno is RET_ERRNO's fault: the errno probe says so) */
}

/*
 * Runs the action child for @action. Returns true when the filter was
 * installed and @o holds the rest; false when @r already has the verdict.
 * @death_expected: the action should end the child by SIGSYS.
 */
static bool run_action(struct sp_ctx *ctx, uint32_t action, bool death_expected,
		       struct sp_outcome *o, struct sp_result *r)
{
	ctx->action = action;
	sp_child_run(action_child, ctx, o);
	if (!installed(ctx, o, r))
		return false;
	if (o->spawn_err || o->timed_out) {
		sp_outcome_failed(o, r, "the filtered call");
		return false;
	}
	if (!death_expected && (o->signaled || o->exit_code != 0)) {
		sp_set(r, SP_ERROR, 0, o->sig,
		       "filter installed; the child then ended by %s %d", o->signaled ? "signal" : "exit",
		       o->signaled ? o->sig : o->exit_code);
		return false;
	}
	return true;
}

void sp_probe_trap(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	struct sp_trap_fields *t = ctx->trap;
	memset(t, 0, sizeof(*t));
	if (!run_action(ctx, SP_RET_TRAP | TRAP_DATA, false, &o, r))
		return;
	const struct sp_said *basic = sp_said_find(&o, T_SIG_BASIC);
	const struct sp_said *sys = sp_said_find(&o, T_SIG_SYS);
	const struct sp_said *arch = sp_said_find(&o, T_SIG_ARCH);
	if (!basic || !sys || !arch) {
		const struct sp_said *call = sp_said_find(&o, T_CALL);
		sp_set(r, SP_ERROR, call ? call->b : 0, 0,
		       "filter returned RET_TRAP but no SIGSYS reached the handler (call returned %d)",
		       call ? call->a : -999);
		return;
	}
	t->delivered = true;
	t->seen_code = basic->b;
	t->seen_syscall = sys->a;
	t->seen_errno = sys->b;
	t->seen_arch = (uint32_t)arch->a;
	t->signo_ok = basic->a == SIGSYS;
	t->code_ok = basic->b == SP_SYS_SECCOMP;
	t->syscall_ok = sys->a == ctx->arch->getppid_nr;
	t->errno_ok = sys->b == TRAP_DATA;
	t->arch_ok = (uint32_t)arch->a == ctx->arch->audit_arch;
	if (t->signo_ok && t->code_ok && t->syscall_ok && t->errno_ok && t->arch_ok)
		sp_set(r, SP_SUPPORTED, 0, SIGSYS,
		       "SIGSYS: si_code %d, si_syscall %d, si_arch 0x%x, si_errno 0x%x all as expected",
		       t->seen_code, t->seen_syscall, t->seen_arch, (unsigned)t->seen_errno);
	else
		sp_set(r, SP_ERROR, 0, SIGSYS,
		       "SIGSYS delivered but fields wrong: signo %s, si_code %d%s, si_syscall %d%s, "
		       "si_arch 0x%x%s, si_errno %d%s",
		       t->signo_ok ? "ok" : "BAD", t->seen_code, t->code_ok ? "" : " (BAD)",
		       t->seen_syscall, t->syscall_ok ? "" : " (BAD)", t->seen_arch,
		       t->arch_ok ? "" : " (BAD)", t->seen_errno, t->errno_ok ? "" : " (BAD)");
}

void sp_probe_errno(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	if (!run_action(ctx, SP_RET_ERRNO | ERRNO_DATA, false, &o, r))
		return;
	const struct sp_said *call = sp_said_find(&o, T_CALL);
	if (call && call->a == -1 && call->b == ERRNO_DATA)
		sp_set(r, SP_SUPPORTED, 0, 0, "filtered getppid() failed with errno %d, the filter's data",
		       ERRNO_DATA);
	else
		sp_set(r, SP_ERROR, call ? call->b : 0, 0,
		       "RET_ERRNO|%d: getppid() returned %d errno %d", ERRNO_DATA,
		       call ? call->a : -999, call ? call->b : 0);
}

void sp_probe_trace(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	if (!run_action(ctx, SP_RET_TRACE, false, &o, r))
		return;
	const struct sp_said *call = sp_said_find(&o, T_CALL);
	if (call && call->a == -1 && call->b == ENOSYS)
		sp_set(r, SP_SUPPORTED, 0, 0, "RET_TRACE without a tracer: getppid() failed ENOSYS");
	else
		sp_set(r, SP_ERROR, call ? call->b : 0, 0,
		       "RET_TRACE without a tracer: getppid() returned %d errno %d, not ENOSYS",
		       call ? call->a : -999, call ? call->b : 0);
}

/* Death by SIGSYS after the filter was installed is what KILL actions do. */
static void expect_sigsys_death(const struct sp_outcome *o, struct sp_result *r, const char *name)
{
	const struct sp_said *call = sp_said_find(o, T_CALL);
	if (o->signaled && o->sig == SIGSYS && !call)
		sp_set(r, SP_SUPPORTED, 0, SIGSYS, "%s: the filtered getppid() killed the child by SIGSYS",
		       name);
	else if (call)
		sp_set(r, SP_ERROR, call->b, 0, "%s: getppid() returned %d; the child lived", name,
		       call->a);
	else
		sp_set(r, SP_ERROR, 0, o->sig, "%s: child ended by %s %d, not SIGSYS", name,
		       o->signaled ? "signal" : "exit", o->signaled ? o->sig : o->exit_code);
}

void sp_probe_kill(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	if (!run_action(ctx, SP_RET_KILL_THREAD, true, &o, r))
		return;
	expect_sigsys_death(&o, r, "RET_KILL");
}

void sp_probe_log(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	int avail = sp_action_avail(ctx, SP_RET_LOG, r);
	if (avail == -2)
		return;
	if (avail == 0) {
		sp_set(r, SP_UNSUPPORTED, EOPNOTSUPP, 0, "SECCOMP_GET_ACTION_AVAIL: RET_LOG unknown");
		return;
	}
	/* Install and observe: a kernel without RET_LOG treats it as RET_KILL. */
	if (!run_action(ctx, SP_RET_LOG, true, &o, r))
		return;
	const struct sp_said *call = sp_said_find(&o, T_CALL);
	const struct sp_said *ppid = sp_said_find(&o, T_PPID);
	if (call && ppid && call->a == ppid->a)
		sp_set(r, SP_SUPPORTED, 0, 0, "%sfilter in place (its witness answered); RET_LOG let "
		       "getppid() through", avail == 1 ? "GET_ACTION_AVAIL: known; " : "");
	else if (!call && o.signaled && o.sig == SIGSYS && avail == -1)
		sp_set(r, SP_UNSUPPORTED, 0, SIGSYS,
		       "RET_LOG unknown: the kernel killed the child (SIGSYS) as for RET_KILL");
	else
		sp_set(r, SP_ERROR, call ? call->b : 0, o.sig,
		       "RET_LOG%s: getppid() %s", avail == 1 ? " advertised" : "",
		       call ? "returned a wrong value" : "did not return");
}

/* The second thread of the kill_process child: calls the filtered getppid. */
struct kp_thread_arg {
	const struct sp_env *env;
	long nr;
};

static void kp_thread(void *p)
{
	const struct kp_thread_arg *a = p;
	long rc = sp_sys(a->nr, 0, 0, 0, 0, 0);
	sp_say(a->env, T_CALL, (int32_t)rc, 0);
}

/*
 * Child: install "getppid -> RET_KILL_PROCESS", start a second thread (it
 * inherits the filter) that calls getppid, and wait for that thread to be
 * gone (CLONE_CHILD_CLEARTID clears the tid word and wakes the futex). With
 * RET_KILL_PROCESS the whole child dies by SIGSYS; a kernel before 4.14 masks
 * 0x80000000 to RET_KILL, which ends only the calling thread (3.5-4.13), and
 * this thread then says T_MAIN_LIVED.
 */
static void kill_process_child(const struct sp_env *env, const struct sp_ctx *ctx)
{
	struct sp_sock_filter prog[SP_BPF_WITNESS_MAX];
	long nr = ctx->arch->getppid_nr;
	sp_say_rc(env, T_NNP, sp_set_no_new_privs());
	int len = sp_bpf_witnessed(prog, ctx->arch->audit_arch, nr, SP_RET_KILL_PROCESS);
	say_installed_or_exit(env, sp_install_prctl(prog, len), nr);

	/* @arg lives in this child's frame, which outlives the thread. */
	volatile int tid_word = 0;
	struct kp_thread_arg arg = { env, nr };
	long tid = sp_child_thread(env, kp_thread, &arg, &tid_word);
	sp_say_rc(env, T_THREAD, tid);
	if (tid < 0)
		sp_child_exit(0);
	sp_child_thread_wait(&tid_word);
	sp_say(env, T_MAIN_LIVED, 0, 0);
	sp_child_exit(0);
}

void sp_probe_kill_process(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	int avail = sp_action_avail(ctx, SP_RET_KILL_PROCESS, r);
	if (avail == -2)
		return;
	if (avail == 0) {
		sp_set(r, SP_UNSUPPORTED, EOPNOTSUPP, 0,
		       "SECCOMP_GET_ACTION_AVAIL: RET_KILL_PROCESS unknown");
		return;
	}
	/* Advertised or not, it is exercised: process death, not thread death. */
	sp_child_run(kill_process_child, ctx, &o);
	if (!installed(ctx, &o, r))
		return;
	const char *how = avail == 1 ? "advertised; " : "no SECCOMP_GET_ACTION_AVAIL; ";
	const struct sp_said *th = sp_said_find(&o, T_THREAD);
	const struct sp_said *call = sp_said_find(&o, T_CALL);
	const struct sp_said *lived = sp_said_find(&o, T_MAIN_LIVED);
	if (th && th->a < 0) {
		sp_set(r, SP_ERROR, th->b, 0, "%sno second thread could be made: %s", how,
		       strerror(th->b));
		return;
	}
	if (o.timed_out || o.spawn_err) {
		sp_outcome_failed(&o, r, "the two-thread RET_KILL_PROCESS test");
		return;
	}
	if (call) {
		sp_set(r, SP_ERROR, 0, 0, "%sthe second thread's getppid() returned %d: nothing was "
		       "killed", how, call->a);
		return;
	}
	if (o.signaled && o.sig == SIGSYS && !lived) {
		sp_set(r, SP_SUPPORTED, 0, SIGSYS, "%sthe second thread's getppid() killed the whole "
		       "process by SIGSYS", how);
		return;
	}
	if (lived && !o.signaled) {
		if (avail == -1)
			sp_set(r, SP_UNSUPPORTED, 0, 0, "no SECCOMP_GET_ACTION_AVAIL, and RET_KILL_PROCESS "
			       "acted as RET_KILL: it ended only the calling thread, the other lived");
		else
			sp_set(r, SP_ERROR, 0, 0, "advertised, but RET_KILL_PROCESS ended only the "
			       "calling thread; the other thread lived");
		return;
	}
	sp_set(r, SP_ERROR, 0, o.sig, "%sthe two-thread child ended by %s %d%s", how,
	       o.signaled ? "signal" : "exit", o.signaled ? o.sig : o.exit_code,
	       lived ? " after its first thread outlived the second" : "");
}
