// SPDX-License-Identifier: MIT
/*
 * probe_syscall.c - the seccomp(2) system call (3.17), its filter flags
 * (TSYNC 3.17, LOG 4.14, SPEC_ALLOW 4.17, NEW_LISTENER 5.0, TSYNC_ESRCH 5.7,
 * WAIT_KILLABLE_RECV 5.19) and SECCOMP_GET_ACTION_AVAIL (4.14).
 *
 * seccomp(2) is first called with nonsense (SET_MODE_STRICT with flags 1),
 * which the real call answers EINVAL. Any success means some other system
 * call sits on that number (seen on vendor kernels): from then on no probe
 * calls that number again. After an EINVAL the same child asks
 * SECCOMP_GET_ACTION_AVAIL about RET_ALLOW and, when that answers, about the
 * actions other probes need (LOG, KILL_PROCESS, USER_NOTIF): these queries
 * change nothing, and a filter cannot tell them apart (the action is behind
 * a pointer), so one child answers them all as separate children did.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

enum {
	T_NONSENSE = 1,  /* seccomp(SET_MODE_STRICT, 1, NULL): a = ret, b = errno */
	T_KNOWN,         /* seccomp(SET_MODE_FILTER, F, NULL): a = ret, b = errno */
	T_NNP,           /* a = ret, b = errno */
	T_INSTALL,       /* seccomp(SET_MODE_FILTER, F, allow-all): a = ret, b = errno */
	T_AVAIL,         /* GET_ACTION_AVAIL(RET_ALLOW): a = ret, b = errno */
	T_AVAIL_OF,      /* GET_ACTION_AVAIL(queried[i]) has tag T_AVAIL_OF + i */
};

/* The actions whose availability other probes ask sp_action_avail() about. */
static const uint32_t queried[] = { SP_RET_LOG, SP_RET_KILL_PROCESS, SP_RET_USER_NOTIF };

static long action_avail(const struct sp_ctx *ctx, uint32_t action)
{
	return sp_sys(ctx->arch->seccomp_nr, SP_SECCOMP_GET_ACTION_AVAIL, 0L, SP_A(&action), 0, 0);
}

static void seccomp_child(const struct sp_env *env, const struct sp_ctx *ctx)
{
	long rc = sp_sys(ctx->arch->seccomp_nr, SP_SECCOMP_SET_MODE_STRICT, 1L, 0L, 0, 0);
	sp_say_rc(env, T_NONSENSE, rc);
	if (rc != -EINVAL)
		sp_child_exit(0);   /* not seccomp's answer: no further calls of that number */
	rc = action_avail(ctx, SP_RET_ALLOW);
	sp_say_rc(env, T_AVAIL, rc);
	if (rc != 0)
		sp_child_exit(0);
	for (size_t i = 0; i < sizeof(queried) / sizeof(queried[0]); i++)
		sp_say_rc(env, T_AVAIL_OF + (int32_t)i, action_avail(ctx, queried[i]));
	sp_child_exit(0);
}

static void probe_seccomp_syscall(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	if (ctx->arch->seccomp_nr < 0) {
		sp_set(r, SP_UNSUPPORTED, ENOSYS, 0, "no seccomp(2) number on %s", ctx->arch->name);
		return;
	}
	sp_child_run(seccomp_child, ctx, &o);
	const struct sp_said *n = sp_said_find(&o, T_NONSENSE);
	/* After an EINVAL the child went on to GET_ACTION_AVAIL: how it ended is
	 * then that probe's answer, not this one's. */
	bool einval = n && n->a < 0 && n->b == EINVAL;
	if (!einval && sp_outcome_failed(&o, r, "seccomp(2)"))
		return;
	if (!n) {
		sp_set(r, SP_ERROR, 0, 0, "probe child said nothing");
		return;
	}
	if (n->a >= 0) {
		sp_set(r, SP_ERROR, 0, 0,
		       "syscall %ld answered %d to seccomp(SET_MODE_STRICT, 1, NULL): another system "
		       "call sits on seccomp's number%s; no further seccomp(2) calls made",
		       ctx->arch->seccomp_nr, n->a, ctx->outer_mode == SP_SECCOMP_MODE_FILTER ?
		       ", or an outer filter faked success" : "");
		return;
	}
	if (n->b == EINVAL) {
		sp_set(r, SP_SUPPORTED, 0, 0, "seccomp(SET_MODE_STRICT, 1, NULL) = EINVAL: the call exists");
		return;
	}
	uint32_t since = sp_mainline_since(SP_PROBE_SECCOMP_SYSCALL, ctx->kernel_arch);
	if (n->b == ENOSYS && ctx->outer_mode == SP_SECCOMP_MODE_FILTER && ctx->kernel_version &&
	    ctx->kernel_version >= since) {
		/* A kernel this new has seccomp(2) wherever it has filter mode, which this
		 * process runs under: ENOSYS is most likely the outer filter's. */
		sp_set(r, SP_UNSUPPORTED, ENOSYS, 0, "unsupported, or blocked: ENOSYS from inside a "
		       "seccomp filter, on a kernel (%u.%u) whose version has seccomp(2) (%u.%u)",
		       SP_KV_MAJOR(ctx->kernel_version), SP_KV_MINOR(ctx->kernel_version),
		       SP_KV_MAJOR(since), SP_KV_MINOR(since));
		r->maybe_blocked = true;
		return;
	}
	sp_verdict_in_mode(r, n->b, ENOSYS, "seccomp(SET_MODE_STRICT, 1, NULL)", ctx->outer_mode);
}

void sp_probe_seccomp_syscall(struct sp_ctx *ctx, struct sp_result *r)
{
	probe_seccomp_syscall(ctx, r);
	ctx->seccomp_child = sp_child_last(ctx);
	ctx->seccomp_syscall = r->verdict;
	ctx->seccomp_maybe_blocked = r->maybe_blocked;
}

/* Shared answer for every probe that needs seccomp(2) when it is not usable. */
static bool seccomp_syscall_unusable(const struct sp_ctx *ctx, struct sp_result *r)
{
	switch (ctx->seccomp_syscall) {
	case SP_SUPPORTED:
		return false;
	case SP_UNSUPPORTED:
		if (ctx->seccomp_maybe_blocked) {
			sp_set(r, SP_UNSUPPORTED, ENOSYS, 0, "not tried: unsupported, or blocked: "
			       "seccomp(2) answered ENOSYS from inside a seccomp filter");
			r->maybe_blocked = true;
		} else {
			sp_set(r, SP_UNSUPPORTED, ENOSYS, 0, "not tried: no seccomp(2) system call (3.17)");
		}
		break;
	case SP_BLOCKED:
		sp_set(r, SP_BLOCKED, 0, 0, "not tried: seccomp(2) is blocked here");
		break;
	default:
		sp_set(r, SP_ERROR, 0, 0, "not tried: seccomp(2) did not answer as seccomp does");
		break;
	}
	return true;
}

static void flag_child(const struct sp_env *env, const struct sp_ctx *ctx)
{
	struct sp_sock_filter prog[SP_BPF_MAX];
	long nr = ctx->arch->seccomp_nr;
	/* WAIT_KILLABLE_RECV is only accepted together with NEW_LISTENER. */
	unsigned long known = ctx->flags;
	long rc = sp_sys(nr, SP_SECCOMP_SET_MODE_FILTER, (long)known, 0L, 0, 0);
	sp_say_rc(env, T_KNOWN, rc);
	if (rc != -EFAULT)
		sp_child_exit(0);
	sp_say_rc(env, T_NNP, sp_set_no_new_privs());
	int len = sp_bpf_one_syscall(prog, ctx->arch->audit_arch, -1, SP_RET_ALLOW);
	unsigned long install = ctx->flags;
	if (install & SP_FLAG_TSYNC_ESRCH)
		install |= SP_FLAG_TSYNC;   /* TSYNC_ESRCH modifies TSYNC */
	sp_say_rc(env, T_INSTALL, sp_install_syscall(ctx, install, prog, len));
	sp_child_exit(0);
}

static void probe_flag(struct sp_ctx *ctx, struct sp_result *r, unsigned long flags,
		       const char *name)
{
	struct sp_outcome o;
	if (seccomp_syscall_unusable(ctx, r))
		return;
	ctx->flags = flags;
	sp_child_run(flag_child, ctx, &o);
	if (sp_outcome_failed(&o, r, name))
		return;
	const struct sp_said *k = sp_said_find(&o, T_KNOWN);
	const struct sp_said *ins = sp_said_find(&o, T_INSTALL);
	if (!k) {
		sp_set(r, SP_ERROR, 0, 0, "probe child said nothing");
		return;
	}
	if (k->a >= 0) {
		sp_set(r, SP_ERROR, 0, 0, "seccomp(SET_MODE_FILTER, %s, NULL) returned %d", name, k->a);
		return;
	}
	if (k->b != EFAULT) {
		char call[96];
		snprintf(call, sizeof(call), "seccomp(SET_MODE_FILTER, %s, NULL)", name);
		sp_verdict_from_errno(r, k->b, EINVAL, call);
		return;
	}
	if (!ins) {
		sp_set(r, SP_ERROR, 0, 0, "child stopped before the install");
		return;
	}
	if (ins->a < 0) {
		char call[112];
		snprintf(call, sizeof(call), "%s known (EFAULT) but installing with it", name);
		sp_verdict_from_errno(r, ins->b, -1, call);
		return;
	}
	if ((flags & SP_FLAG_TSYNC) && ins->a != 0) {
		sp_set(r, SP_ERROR, 0, 0, "TSYNC install returned %d (a thread that could not sync)",
		       ins->a);
		return;
	}
	sp_set(r, SP_SUPPORTED, 0, 0, "NULL program: EFAULT (flag known); allow-all filter installed "
	       "with it (returned %d)", ins->a);
}

void sp_probe_tsync(struct sp_ctx *ctx, struct sp_result *r)
{
	probe_flag(ctx, r, SP_FLAG_TSYNC, "TSYNC");
}

void sp_probe_flag_log(struct sp_ctx *ctx, struct sp_result *r)
{
	probe_flag(ctx, r, SP_FLAG_LOG, "LOG");
}

void sp_probe_spec_allow(struct sp_ctx *ctx, struct sp_result *r)
{
	probe_flag(ctx, r, SP_FLAG_SPEC_ALLOW, "SPEC_ALLOW");
}

void sp_probe_new_listener(struct sp_ctx *ctx, struct sp_result *r)
{
	probe_flag(ctx, r, SP_FLAG_NEW_LISTENER, "NEW_LISTENER");
}

void sp_probe_tsync_esrch(struct sp_ctx *ctx, struct sp_result *r)
{
	probe_flag(ctx, r, SP_FLAG_TSYNC_ESRCH, "TSYNC_ESRCH");
}

void sp_probe_wait_killable_recv(struct sp_ctx *ctx, struct sp_result *r)
{
	probe_flag(ctx, r, SP_FLAG_NEW_LISTENER | SP_FLAG_WAIT_KILLABLE_RECV,
		   "NEW_LISTENER|WAIT_KILLABLE_RECV");
}

/* GET_ACTION_AVAIL answers come from the seccomp(2) probe's child. Like a
 * child of their own: its record when it said one, else how it ended. */
static const struct sp_said *avail_answer(const struct sp_ctx *ctx, int32_t tag,
					  struct sp_result *r)
{
	const struct sp_outcome *o = ctx->seccomp_child;
	const struct sp_said *a = o ? sp_said_find(o, tag) : NULL;
	if (!a && (!o || !sp_outcome_failed(o, r, "SECCOMP_GET_ACTION_AVAIL")))
		sp_set(r, SP_ERROR, 0, 0, "probe child said nothing");
	return a;
}

static void probe_get_action_avail(struct sp_ctx *ctx, struct sp_result *r)
{
	if (seccomp_syscall_unusable(ctx, r))
		return;
	const struct sp_said *a = avail_answer(ctx, T_AVAIL, r);
	if (!a)
		return;
	if (a->a == 0) {
		sp_set(r, SP_SUPPORTED, 0, 0, "SECCOMP_GET_ACTION_AVAIL(RET_ALLOW) = 0");
		return;
	}
	sp_verdict_from_errno(r, a->b, EINVAL, "SECCOMP_GET_ACTION_AVAIL(RET_ALLOW)");
}

void sp_probe_get_action_avail(struct sp_ctx *ctx, struct sp_result *r)
{
	probe_get_action_avail(ctx, r);
	ctx->get_action_avail = r->verdict;
}

/*
 * Asks SECCOMP_GET_ACTION_AVAIL (4.14) about @action when the kernel has it.
 * Returns 1 available, 0 not available, -1 cannot ask (verdict left to the
 * caller), -2 @r set (blocked or error).
 */
int sp_action_avail(struct sp_ctx *ctx, uint32_t action, struct sp_result *r)
{
	if (ctx->get_action_avail == SP_ERROR) {
		sp_set(r, SP_ERROR, 0, 0, "not tried: SECCOMP_GET_ACTION_AVAIL ended in error");
		return -2;
	}
	if (ctx->get_action_avail != SP_SUPPORTED)
		return -1;
	size_t i = 0;
	while (i < sizeof(queried) / sizeof(queried[0]) && queried[i] != action)
		i++;
	if (i == sizeof(queried) / sizeof(queried[0])) {
		sp_set(r, SP_ERROR, 0, 0, "SECCOMP_GET_ACTION_AVAIL: action 0x%x was not asked", action);
		return -2;
	}
	const struct sp_said *a = avail_answer(ctx, T_AVAIL_OF + (int32_t)i, r);
	if (!a)
		return -2;
	if (a->a == 0)
		return 1;
	if (a->b == EOPNOTSUPP)
		return 0;
	sp_verdict_from_errno(r, a->b, -1, "SECCOMP_GET_ACTION_AVAIL");
	return -2;
}
