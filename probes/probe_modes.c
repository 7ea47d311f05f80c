// SPDX-License-Identifier: MIT
/*
 * probe_modes.c - the seccomp modes themselves: strict mode (2.6.12 via
 * /proc, 2.6.23 via prctl), filter mode (3.5) and NO_NEW_PRIVS (3.5).
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

enum {
	T_PRCTL = 1,     /* a = return, b = errno */
	T_PROCFILE,      /* a = -1 open failed / -2 write failed, b = errno */
	T_STRICT_ON,     /* a = 1 via prctl, 2 via /proc/self/seccomp */
	T_SURVIVED,      /* getpid returned in strict mode */
	T_NULL_FILTER,   /* prctl(PR_SET_SECCOMP, 2, NULL): a = ret, b = errno */
	T_NNP,           /* PR_SET_NO_NEW_PRIVS: a = ret, b = errno */
	T_INSTALL,       /* installing an allow-all filter: a = ret, b = errno */
	T_GET_MODE,      /* PR_GET_SECCOMP: a = ret, b = errno */
	T_GET_NNP,       /* PR_GET_NO_NEW_PRIVS: a = ret, b = errno */
	T_WITNESS,       /* after the install: a = the witness call's errno, 0 none */
	T_FORKED,        /* a forked grandchild's witness: a = its errno (0 none), or
			  * a = -1 and b = errno when no fork could be proven */
};


/*
 * Filters pass to a forked child (copy_seccomp() in kernel/fork.c, with filter
 * mode in 3.5): a grandchild made by a copy-on-write clone (exit signal 0)
 * makes the witness call and says what it got. A clone that "returns 0" in
 * this same task (an outer filter faking success) is no fork: said as a = -1.
 */
static void say_fork_witness(const struct sp_env *env, const struct sp_ctx *ctx)
{
	long me = sp_sys(SYS_gettid, 0L, 0L, 0L, 0L, 0L);
	long pid = sp_sys(SYS_clone, 0L, 0L, 0L, 0L, 0L);
	int status;

	if (pid == 0) {
		if (sp_sys(SYS_gettid, 0L, 0L, 0L, 0L, 0L) == me) {
			sp_say(env, T_FORKED, -1, EPERM);
			return;
		}
		sp_say(env, T_FORKED, sp_witness_errno(ctx->arch->getppid_nr), 0);
		sp_child_exit(0);
	}
	if (pid < 0) {
		sp_say(env, T_FORKED, -1, (int)-pid);
		return;
	}
	sp_sys(SYS_wait4, pid, SP_A(&status), __WALL, 0L, 0L);
}

/* open(2) where the arch has it (2.6.12 predates openat), else openat. */
static long open_wronly(const char *path)
{
#ifdef SYS_open
	return sp_sys(SYS_open, SP_A(path), O_WRONLY, 0, 0, 0);
#else
	return sp_sys(SYS_openat, AT_FDCWD, SP_A(path), O_WRONLY, 0, 0);
#endif
}

static void strict_child(const struct sp_env *env, const struct sp_ctx *ctx)
{
	(void)ctx;
	int via = 1;
	long rc = sp_sys(SYS_prctl, SP_PR_SET_SECCOMP, SP_SECCOMP_MODE_STRICT, 0L, 0L, 0L);
	if (rc != 0) {
		sp_say_rc(env, T_PRCTL, rc);
		if (rc != -EINVAL)
			sp_child_exit(0);
		/* Before 2.6.23: strict mode by writing "1" to /proc/self/seccomp. */
		long pfd = open_wronly("/proc/self/seccomp");
		if (pfd < 0) {
			sp_say(env, T_PROCFILE, -1, (int32_t)-pfd);
			sp_child_exit(0);
		}
		rc = sp_sys(SYS_write, pfd, SP_A("1"), 1, 0, 0);
		if (rc != 1) {
			sp_say(env, T_PROCFILE, -2, rc < 0 ? (int32_t)-rc : 0);
			sp_child_exit(0);
		}
		via = 2;
	}
	/* Strict mode: this write() must work, the getpid() after it must kill us. */
	sp_say(env, T_STRICT_ON, via, 0);
	sp_sys(SYS_getpid, 0, 0, 0, 0, 0);
	sp_say(env, T_SURVIVED, 0, 0);
	sp_child_exit(0);
}

void sp_probe_strict(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	sp_child_run(strict_child, ctx, &o);
	const struct sp_said *on = sp_said_find(&o, T_STRICT_ON);
	const struct sp_said *pr = sp_said_find(&o, T_PRCTL);
	const struct sp_said *pf = sp_said_find(&o, T_PROCFILE);

	if (on) {
		const char *how = on->a == 1 ? "prctl(PR_SET_SECCOMP, 1)" : "/proc/self/seccomp";
		if (o.signaled && o.sig == SIGKILL && !sp_said_find(&o, T_SURVIVED))
			sp_set(r, SP_SUPPORTED, 0, SIGKILL,
			       "via %s; write() allowed, getpid() killed the child by SIGKILL", how);
		else if (o.timed_out)
			sp_set(r, SP_ERROR, 0, SIGKILL, "strict mode on via %s but the child hung", how);
		else if (sp_said_find(&o, T_SURVIVED) && on->a == 1 &&
			 ctx->outer_mode == SP_SECCOMP_MODE_FILTER)
			/* The kernel refuses strict mode (EINVAL) to a process in filter mode. */
			sp_verdict_faked(r, "prctl(PR_SET_SECCOMP, 1) returned 0 but getpid() was "
					 "allowed", ctx->outer_mode);
		else if (sp_said_find(&o, T_SURVIVED))
			sp_set(r, SP_ERROR, 0, 0, "strict mode on via %s but getpid() was allowed", how);
		else
			sp_set(r, SP_ERROR, 0, o.sig,
			       "strict mode on via %s but the child ended by %s %d, not SIGKILL", how,
			       o.signaled ? "signal" : "exit", o.signaled ? o.sig : o.exit_code);
		return;
	}
	if (sp_outcome_failed(&o, r, "prctl(PR_SET_SECCOMP, 1)"))
		return;
	if (!pr) {
		sp_set(r, SP_ERROR, 0, 0, "probe child said nothing");
		return;
	}
	if (pr->b == EINVAL && ctx->outer_mode == SP_SECCOMP_MODE_FILTER) {
		sp_set(r, SP_BLOCKED, EINVAL, 0,
		       "prctl(PR_SET_SECCOMP, 1): EINVAL because this process is already in filter mode");
		return;
	}
	if (pr->b == EINVAL && pf && pf->a == -1 && pf->b == ENOENT) {
		sp_set(r, SP_UNSUPPORTED, EINVAL, 0,
		       "prctl(PR_SET_SECCOMP, 1): EINVAL and no /proc/self/seccomp");
		return;
	}
	if (pr->b == EINVAL && pf) {
		int e = pf->b;
		if (e == EPERM || e == EACCES)
			sp_set(r, SP_BLOCKED, e, 0, "prctl EINVAL; /proc/self/seccomp: %s", strerror(e));
		else
			sp_set(r, SP_ERROR, e, 0, "prctl EINVAL; %s /proc/self/seccomp: %s",
			       pf->a == -1 ? "open" : "write to", strerror(e));
		return;
	}
	sp_verdict_prctl(r, pr->b, EINVAL, "prctl(PR_SET_SECCOMP, 1)", -1);
}

static void filter_child(const struct sp_env *env, const struct sp_ctx *ctx)
{
	struct sp_sock_filter prog[SP_BPF_WITNESS_MAX];
	long rc = sp_sys(SYS_prctl, SP_PR_SET_SECCOMP, SP_SECCOMP_MODE_FILTER, 0L, 0L, 0L);
	sp_say_rc(env, T_NULL_FILTER, rc);
	if (rc != -EFAULT)
		sp_child_exit(0);
	sp_say_rc(env, T_NNP, sp_set_no_new_privs());
	/* Allows everything but the witness call, whose answer proves the install. */
	int len = sp_bpf_witnessed(prog, ctx->arch->audit_arch, ctx->arch->getppid_nr, SP_RET_ALLOW);
	rc = sp_install_prctl(prog, len);
	sp_say_rc(env, T_INSTALL, rc);
	if (rc != 0)
		sp_child_exit(0);
	sp_say(env, T_WITNESS, sp_witness_errno(ctx->arch->getppid_nr), 0);
	say_fork_witness(env, ctx);
	sp_say_rc(env, T_GET_MODE, sp_sys(SYS_prctl, SP_PR_GET_SECCOMP, 0L, 0L, 0L, 0L));
	sp_child_exit(0);
}

static void probe_filter(struct sp_ctx *ctx, struct sp_result *r);

void sp_probe_filter(struct sp_ctx *ctx, struct sp_result *r)
{
	probe_filter(ctx, r);
	ctx->filter = r->verdict;
}

static void probe_filter(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	sp_child_run(filter_child, ctx, &o);
	if (sp_outcome_failed(&o, r, "filter-mode install"))
		return;
	const struct sp_said *nul = sp_said_find(&o, T_NULL_FILTER);
	const struct sp_said *ins = sp_said_find(&o, T_INSTALL);
	const struct sp_said *get = sp_said_find(&o, T_GET_MODE);
	const struct sp_said *nnp = sp_said_find(&o, T_NNP);
	if (!nul) {
		sp_set(r, SP_ERROR, 0, 0, "probe child said nothing");
		return;
	}
	if (nul->a == 0) {
		sp_verdict_faked(r, "prctl(PR_SET_SECCOMP, 2, NULL) returned 0, not an error",
				 ctx->outer_mode);
		return;
	}
	if (nul->a > 0) {
		sp_set(r, SP_ERROR, 0, 0, "prctl(PR_SET_SECCOMP, 2, NULL) returned %d, not an error",
		       nul->a);
		return;
	}
	if (nul->b != EFAULT) {
		sp_verdict_prctl(r, nul->b, EINVAL, "prctl(PR_SET_SECCOMP, 2, NULL)", ctx->outer_mode);
		return;
	}
	if (!ins) {
		sp_set(r, SP_ERROR, 0, 0, "child stopped before installing a filter");
		return;
	}
	if (ins->a != 0) {
		char call[96];
		snprintf(call, sizeof(call), "EFAULT for NULL, but installing a filter (NO_NEW_PRIVS %s)",
			 nnp && nnp->a == 0 ? "set" : "failed");
		/* The kernel knows mode 2 (EFAULT), so EINVAL here is no proof of absence. */
		sp_verdict_prctl(r, ins->b, -1, call, -1);
		return;
	}
	const struct sp_said *wit = sp_said_find(&o, T_WITNESS);
	if (!wit || !wit->a) {
		sp_verdict_faked(r, SP_WITNESS_NO_EFFECT, ctx->outer_mode);
		return;
	}
	/* The filter acts (getppid failed); an errno other than its data is RET_ERRNO's
	 * defect, which the errno probe names. */
	const struct sp_said *fw = sp_said_find(&o, T_FORKED);
	if (fw && fw->a >= 0 && fw->a != wit->a) {
		sp_set(r, SP_ERROR, 0, 0, "filter installed and its witness answered errno %d, but "
		       "in a forked child the witness call %s: fork did not pass the filter on",
		       wit->a, fw->a ? "got another errno" : "succeeded");
		return;
	}
	char odd[64] = "";
	if (wit->a != SP_WITNESS_ERRNO)
		snprintf(odd, sizeof(odd), " (the witness got errno %d, not %d: see errno)", wit->a,
			 SP_WITNESS_ERRNO);
	if (get && get->a < 0 && (get->b == EPERM || get->b == EACCES || get->b == ENOSYS)) {
		/* The witness already proved the filter; only the read-back was refused. */
		sp_set(r, SP_SUPPORTED, 0, 0, "prctl(PR_SET_SECCOMP, 2, NULL) EFAULT; filter installed "
		       "and its witness answered%s; PR_GET_SECCOMP blocked (%s) by an outer filter",
		       odd, strerror(get->b));
		return;
	}
	if (!get || get->a != SP_SECCOMP_MODE_FILTER) {
		sp_set(r, SP_ERROR, get ? get->b : 0, 0,
		       "filter installed but PR_GET_SECCOMP answered %d, not 2", get ? get->a : -999);
		return;
	}
	sp_set(r, SP_SUPPORTED, 0, 0, "prctl(PR_SET_SECCOMP, 2, NULL) EFAULT; allow-all filter "
	       "installed and its witness answered%s; PR_GET_SECCOMP = 2", odd);
}

static void nnp_child(const struct sp_env *env, const struct sp_ctx *ctx)
{
	(void)ctx;
	sp_say_rc(env, T_NNP, sp_set_no_new_privs());
	sp_say_rc(env, T_GET_NNP, sp_sys(SYS_prctl, SP_PR_GET_NO_NEW_PRIVS, 0L, 0L, 0L, 0L));
	sp_child_exit(0);
}

void sp_probe_no_new_privs(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	sp_child_run(nnp_child, ctx, &o);
	if (sp_outcome_failed(&o, r, "PR_SET_NO_NEW_PRIVS"))
		return;
	const struct sp_said *set = sp_said_find(&o, T_NNP);
	const struct sp_said *get = sp_said_find(&o, T_GET_NNP);
	if (!set || !get) {
		sp_set(r, SP_ERROR, 0, 0, "probe child said nothing");
		return;
	}
	if (set->a != 0) {
		sp_verdict_prctl(r, set->b, EINVAL, "prctl(PR_SET_NO_NEW_PRIVS, 1)", ctx->outer_mode);
		return;
	}
	if (get->a != 1) {
		sp_set(r, SP_ERROR, get->b, 0, "PR_SET_NO_NEW_PRIVS worked but PR_GET_NO_NEW_PRIVS = %d",
		       get->a);
		return;
	}
	sp_set(r, SP_SUPPORTED, 0, 0, "PR_SET_NO_NEW_PRIVS set; PR_GET_NO_NEW_PRIVS = 1");
}

static void state_child(const struct sp_env *env, const struct sp_ctx *ctx)
{
	(void)ctx;
	sp_say_rc(env, T_GET_NNP, sp_sys(SYS_prctl, SP_PR_GET_NO_NEW_PRIVS, 0L, 0L, 0L, 0L));
	/* Last: in strict mode PR_GET_SECCOMP itself kills the child. */
	sp_say_rc(env, T_GET_MODE, sp_sys(SYS_prctl, SP_PR_GET_SECCOMP, 0L, 0L, 0L, 0L));
	sp_child_exit(0);
}

/* An errno no kernel gives these getters but an outer filter does (EINVAL is
 * the kernel's answer for an option it lacks). */
static bool outer_errno(int err)
{
	return err == EPERM || err == EACCES || err == ENOSYS;
}

/*
 * Fills the prctl answers of @ps from a child; a child killed by SIGKILL at
 * PR_GET_SECCOMP means the caller runs in strict mode (mode 1). A getter
 * answered by an outer filter (EPERM, EACCES, ENOSYS, or the child killed by
 * SIGSYS there) is marked blocked, not absent.
 */
void sp_process_prctl_state(struct sp_ctx *ctx, struct sp_process_state *ps)
{
	struct sp_outcome o;
	sp_child_run(state_child, ctx, &o);
	const struct sp_said *mode = sp_said_find(&o, T_GET_MODE);
	const struct sp_said *nnp = sp_said_find(&o, T_GET_NNP);
	bool sigsys = o.signaled && o.sig == SIGSYS;
	ps->prctl_get_seccomp = mode && mode->a >= 0 ? mode->a : -1;
	ps->prctl_get_no_new_privs = nnp && nnp->a >= 0 ? nnp->a : -1;
	ps->prctl_get_seccomp_errno = mode && mode->a < 0 ? mode->b : 0;
	ps->prctl_get_no_new_privs_errno = nnp && nnp->a < 0 ? nnp->b : 0;
	ps->prctl_get_seccomp_blocked = (mode && mode->a < 0 && outer_errno(mode->b)) ||
					(!mode && nnp && sigsys);
	ps->prctl_get_no_new_privs_blocked = (nnp && nnp->a < 0 && outer_errno(nnp->b)) ||
					     (!nnp && sigsys);
	if (!mode && nnp && o.signaled && o.sig == SIGKILL)
		ps->prctl_get_seccomp = SP_SECCOMP_MODE_STRICT;
}
