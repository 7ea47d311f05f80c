// SPDX-License-Identifier: MIT
/*
 * probe_notif.c - SECCOMP_RET_USER_NOTIF (5.0), exercised end to end: a
 * child installs "getppid -> USER_NOTIF" with NEW_LISTENER, starts a second
 * thread that calls getppid, receives the notification on the listener fd
 * and answers it with a value the calling thread must then see.
 */
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>

#define NOTIF_ANSWER 4242

enum {
	T_NNP = 1,     /* a = ret, b = errno */
	T_INSTALL,     /* seccomp(SET_MODE_FILTER, NEW_LISTENER): a = fd, b = errno */
	T_RECV,        /* NOTIF_RECV: a = ret, b = errno */
	T_RECV_NR,     /* the notification: a = data.nr, b = pid != 0 */
	T_SEND,        /* NOTIF_SEND: a = ret, b = errno */
	T_CALLER,      /* the calling thread's getppid(): a = ret, b = errno */
};

/* The notified caller, a second thread of the child (it inherits the filter). */
struct caller_arg {
	const struct sp_env *env;
	long nr;
};

static void notif_caller(void *p)
{
	const struct caller_arg *a = p;
	sp_say_rc(a->env, T_CALLER, sp_sys(a->nr, 0, 0, 0, 0, 0));
}

static void notif_child(const struct sp_env *env, const struct sp_ctx *ctx)
{
	struct sp_sock_filter prog[SP_BPF_MAX];
	long nr = ctx->arch->getppid_nr;
	sp_say_rc(env, T_NNP, sp_set_no_new_privs());
	int len = sp_bpf_one_syscall(prog, ctx->arch->audit_arch, nr, SP_RET_USER_NOTIF);
	long lfd = sp_install_syscall(ctx, SP_FLAG_NEW_LISTENER, prog, len);
	sp_say_rc(env, T_INSTALL, lfd);
	if (lfd < 0)
		sp_child_exit(0);

	/* A thread, not a process: it ends with this child, whoever ends it. */
	volatile int tid_word = 0;
	struct caller_arg arg = { env, nr };
	if (sp_child_thread(env, notif_caller, &arg, &tid_word) < 0)
		sp_child_exit(3);

	struct sp_notif req;
	memset(&req, 0, sizeof(req));   /* the kernel wants it zeroed (5.5+) */
	long rc = sp_sys(SYS_ioctl, lfd, (long)SP_IOCTL_NOTIF_RECV, SP_A(&req), 0, 0);
	sp_say_rc(env, T_RECV, rc);
	if (rc == 0) {
		sp_say(env, T_RECV_NR, req.data.nr, req.pid != 0);
		struct sp_notif_resp resp;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.val = NOTIF_ANSWER;
		sp_say_rc(env, T_SEND, sp_sys(SYS_ioctl, lfd, (long)SP_IOCTL_NOTIF_SEND, SP_A(&resp),
					     0, 0));
	}
	sp_sys(SYS_close, lfd, 0, 0, 0, 0);
	sp_child_thread_wait(&tid_word);
	sp_child_exit(0);
}

void sp_probe_user_notif(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	if (ctx->seccomp_syscall != SP_SUPPORTED) {
		sp_set(r, ctx->seccomp_syscall == SP_BLOCKED ? SP_BLOCKED :
		       ctx->seccomp_syscall == SP_UNSUPPORTED ? SP_UNSUPPORTED : SP_ERROR,
		       0, 0, "not tried: seccomp(2) is not usable here%s",
		       ctx->seccomp_maybe_blocked ? " (unsupported, or blocked: ENOSYS from inside a "
		       "seccomp filter)" : "");
		r->maybe_blocked = ctx->seccomp_syscall == SP_UNSUPPORTED && ctx->seccomp_maybe_blocked;
		return;
	}
	int avail = sp_action_avail(ctx, SP_RET_USER_NOTIF, r);
	if (avail == -2)
		return;
	if (avail == 0) {
		sp_set(r, SP_UNSUPPORTED, EOPNOTSUPP, 0, "SECCOMP_GET_ACTION_AVAIL: RET_USER_NOTIF unknown");
		return;
	}
	if (ctx->filter == SP_UNSUPPORTED) {
		/*
		 * A kernel built without filter mode still answers GET_ACTION_AVAIL
		 * (6.1 with CONFIG_SECCOMP_FILTER=n lists every action).
		 */
		sp_set(r, SP_UNSUPPORTED, 0, 0, "not tried: filter mode is absent");
		return;
	}
	sp_child_run(notif_child, ctx, &o);
	const struct sp_said *ins = sp_said_find(&o, T_INSTALL);
	if (!ins) {
		if (!sp_outcome_failed(&o, r, "NEW_LISTENER install"))
			sp_set(r, SP_ERROR, 0, 0, "probe child said nothing");
		return;
	}
	if (ins->a < 0) {
		/* Without GET_ACTION_AVAIL, an unknown NEW_LISTENER flag (EINVAL) is absence. */
		sp_verdict_from_errno(r, ins->b, avail == -1 ? EINVAL : -1,
				      "seccomp(SET_MODE_FILTER, NEW_LISTENER)");
		return;
	}
	const struct sp_said *recv = sp_said_find(&o, T_RECV);
	const struct sp_said *nr = sp_said_find(&o, T_RECV_NR);
	const struct sp_said *send = sp_said_find(&o, T_SEND);
	const struct sp_said *caller = sp_said_find(&o, T_CALLER);
	if (o.timed_out) {
		sp_set(r, SP_ERROR, 0, SIGKILL, "listener installed but no notification arrived in time");
		return;
	}
	if (!recv || recv->a != 0) {
		sp_set(r, SP_ERROR, recv ? recv->b : 0, 0, "SECCOMP_IOCTL_NOTIF_RECV failed: errno %d",
		       recv ? recv->b : 0);
		return;
	}
	if (!nr || nr->a != ctx->arch->getppid_nr || !send || send->a != 0) {
		sp_set(r, SP_ERROR, send ? send->b : 0, 0,
		       "notification for syscall %d (expected %ld), NOTIF_SEND %d errno %d",
		       nr ? nr->a : -1, ctx->arch->getppid_nr, send ? send->a : -999, send ? send->b : 0);
		return;
	}
	if (!caller || caller->a != NOTIF_ANSWER) {
		sp_set(r, SP_ERROR, caller ? caller->b : 0, 0,
		       "the notified call returned %d, not the answer %d", caller ? caller->a : -999,
		       NOTIF_ANSWER);
		return;
	}
	sp_set(r, SP_SUPPORTED, 0, 0, "%snotification received and answered; the caller saw %d",
	       avail == 1 ? "GET_ACTION_AVAIL: known; " : "", NOTIF_ANSWER);
}
