// SPDX-License-Identifier: MIT
/*
 * probe_syscall.c - the seccomp(2) system call (3.17), its filter flags
 * (TSYNC 3.17, LOG 4.14, SPEC_ALLOW 4.17, NEW_LISTENER 5.0, TSYNC_ESRCH 5.7,
 * WAIT_KILLABLE_RECV 5.19) and SECCOMP_GET_ACTION_AVAIL (4.14).
 *
 * seccomp(2) is first called with nonsense (SET_MODE_STRICT with flags 1),
 * which the real call answers EINVAL. Any success means some other system
 * call sits on that number (seen on vendor kernels): from then on no probe
 * calls that number again.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum {
	T_NONSENSE = 1,  /* seccomp(SET_MODE_STRICT, 1, NULL): a = ret, b = errno */
	T_KNOWN,         /* seccomp(SET_MODE_FILTER, F, NULL): a = ret, b = errno */
	T_NNP,           /* a = ret, b = errno */
	T_INSTALL,       /* seccomp(SET_MODE_FILTER, F, allow-all): a = ret, b = errno */
	T_AVAIL,         /* GET_ACTION_AVAIL(RET_ALLOW): a = ret, b = errno */
};

static void nonsense_child(int fd, const struct sp_ctx *ctx)
{
	long rc = syscall(ctx->arch->seccomp_nr, SP_SECCOMP_SET_MODE_STRICT, 1L, NULL);
	sp_say(fd, T_NONSENSE, (int32_t)rc, rc < 0 ? errno : 0);
	sp_child_exit(0);
}

static void probe_seccomp_syscall(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	if (ctx->arch->seccomp_nr < 0) {
		sp_set(r, SP_UNSUPPORTED, ENOSYS, 0, "no seccomp(2) number on %s", ctx->arch->name);
		return;
	}
	sp_child_run(nonsense_child, ctx, &o);
	if (sp_outcome_failed(&o, r, "seccomp(2)"))
		return;
	const struct sp_said *n = sp_said_find(&o, T_NONSENSE);
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

static void flag_child(int fd, const struct sp_ctx *ctx)
{
	struct sp_sock_filter prog[SP_BPF_MAX];
	long nr = ctx->arch->seccomp_nr;
	/* WAIT_KILLABLE_RECV is only accepted together with NEW_LISTENER. */
	unsigned long known = ctx->flags;
	long rc = syscall(nr, SP_SECCOMP_SET_MODE_FILTER, known, NULL);
	sp_say(fd, T_KNOWN, (int32_t)rc, rc < 0 ? errno : 0);
	if (rc != -1 || errno != EFAULT)
		sp_child_exit(0);
	rc = sp_set_no_new_privs();
	sp_say(fd, T_NNP, (int32_t)rc, rc < 0 ? errno : 0);
	int len = sp_bpf_one_syscall(prog, ctx->arch->audit_arch, -1, SP_RET_ALLOW);
	unsigned long install = ctx->flags;
	if (install & SP_FLAG_TSYNC_ESRCH)
		install |= SP_FLAG_TSYNC;   /* TSYNC_ESRCH modifies TSYNC */
	rc = sp_install_syscall(ctx, install, prog, len);
	sp_say(fd, T_INSTALL, (int32_t)rc, rc < 0 ? errno : 0);
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

static void avail_allow_child(int fd, const struct sp_ctx *ctx)
{
	uint32_t action = SP_RET_ALLOW;
	long rc = syscall(ctx->arch->seccomp_nr, SP_SECCOMP_GET_ACTION_AVAIL, 0L, &action);
	sp_say(fd, T_AVAIL, (int32_t)rc, rc < 0 ? errno : 0);
	sp_child_exit(0);
}

static void probe_get_action_avail(struct sp_ctx *ctx, struct sp_result *r)
{
	struct sp_outcome o;
	if (seccomp_syscall_unusable(ctx, r))
		return;
	sp_child_run(avail_allow_child, ctx, &o);
	if (sp_outcome_failed(&o, r, "SECCOMP_GET_ACTION_AVAIL"))
		return;
	const struct sp_said *a = sp_said_find(&o, T_AVAIL);
	if (!a) {
		sp_set(r, SP_ERROR, 0, 0, "probe child said nothing");
		return;
	}
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
