// SPDX-License-Identifier: MIT
/*
 * verdict.c - the rules that turn what a child saw into a verdict.
 * EINVAL/ENOSYS where the ABI defines absence -> unsupported; EPERM, EACCES,
 * SIGSYS or a kill the ABI does not explain -> blocked; ENOSYS from prctl
 * (which every kernel has) -> blocked; a success the kernel could not have
 * given, inside a filter -> blocked; anything else -> error.
 */
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

void sp_set(struct sp_result *r, enum sp_verdict v, int err, int sig, const char *fmt, ...)
{
	va_list ap;
	r->verdict = v;
	r->err = err;
	r->sig = sig;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
}

/*
 * Common failures of a child that should have ended on its own: no child,
 * timeout, or a death by signal. Returns true when @r was set.
 */
bool sp_outcome_failed(const struct sp_outcome *o, struct sp_result *r, const char *step)
{
	if (o->clone_faked) {
		sp_set(r, SP_BLOCKED, 0, 0, "could not run the probe child: clone answered a success "
		       "that made no child (an outer seccomp filter faked it, or trapped it for a "
		       "SIGSYS handler)");
		return true;
	}
	if (o->spawn_err == -EPERM || o->spawn_err == -EACCES) {
		sp_set(r, SP_BLOCKED, -o->spawn_err, 0, "could not run the probe child: clone: %s "
		       "(an outer seccomp filter or an LSM)", strerror(-o->spawn_err));
		return true;
	}
	if (o->spawn_err) {
		sp_set(r, SP_ERROR, -o->spawn_err, 0, "could not run the probe child: %s",
		       strerror(-o->spawn_err));
		return true;
	}
	if (o->timed_out) {
		sp_set(r, SP_ERROR, 0, SIGKILL, "probe child did not finish in time during %s; killed",
		       step);
		return true;
	}
	if (o->signaled && (o->sig == SIGSYS || o->sig == SIGKILL)) {
		sp_set(r, SP_BLOCKED, 0, o->sig,
		       "child killed by %s during %s: an outer seccomp filter or LSM",
		       o->sig == SIGSYS ? "SIGSYS" : "SIGKILL", step);
		return true;
	}
	if (o->signaled) {
		sp_set(r, SP_ERROR, 0, o->sig, "child killed by signal %d during %s", o->sig, step);
		return true;
	}
	if (o->exited && o->exit_code != 0) {
		sp_set(r, SP_ERROR, 0, 0, "child exited with status %d during %s", o->exit_code, step);
		return true;
	}
	return false;
}

void sp_verdict_from_errno(struct sp_result *r, int err, int absent_errno, const char *call)
{
	sp_verdict_in_mode(r, err, absent_errno, call, -1);
}

void sp_verdict_in_mode(struct sp_result *r, int err, int absent_errno, const char *call,
			int outer_mode)
{
	if (err == absent_errno && absent_errno == EINVAL && outer_mode == SP_SECCOMP_MODE_FILTER)
		sp_set(r, SP_BLOCKED, err, 0, "%s: EINVAL, but this process already runs in filter "
		       "mode, so the kernel has it: an outer filter answered", call);
	else if (err == absent_errno && absent_errno == ENOSYS && outer_mode == SP_SECCOMP_MODE_FILTER)
		sp_set(r, SP_UNSUPPORTED, err, 0, "%s: ENOSYS (the kernel lacks it, or the outer "
		       "filter this process runs under answers ENOSYS)", call);
	else if (err == absent_errno)
		sp_set(r, SP_UNSUPPORTED, err, 0, "%s: %s (the kernel lacks it)", call, strerror(err));
	else if (err == EPERM || err == EACCES)
		sp_set(r, SP_BLOCKED, err, 0, "%s: %s (an outer filter, an LSM or missing privileges)",
		       call, strerror(err));
	else
		sp_set(r, SP_ERROR, err, 0, "%s: unexpected %s", call, strerror(err));
}

void sp_verdict_prctl(struct sp_result *r, int err, int absent_errno, const char *call,
		      int outer_mode)
{
	/* No kernel answers ENOSYS for prctl (2.1.57); an unknown option is EINVAL. */
	if (err == ENOSYS)
		sp_set(r, SP_BLOCKED, err, 0, "%s: ENOSYS, but prctl exists on every Linux kernel: "
		       "an outer seccomp filter answered", call);
	else
		sp_verdict_in_mode(r, err, absent_errno, call, outer_mode);
}

void sp_verdict_faked(struct sp_result *r, const char *what, int outer_mode)
{
	if (outer_mode == SP_SECCOMP_MODE_FILTER)
		sp_set(r, SP_BLOCKED, 0, 0, "%s; in filter mode already, so an outer filter "
		       "faked the success", what);
	else
		sp_set(r, SP_ERROR, 0, 0, "%s", what);
}
