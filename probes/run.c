// SPDX-License-Identifier: MIT
/*
 * run.c - sp_probe_run_sized(): read the kernel and process state, run the
 * requested probes (running silently the ones others depend on), their
 * children together in rounds (run_probes), then mark backports against the
 * version table.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The probes in run order; @needs: probes whose answer this one uses. */
static const struct {
	enum sp_probe_id id;
	sp_probe_fn fn;
	uint64_t needs;
} probe_order[] = {
	{ SP_PROBE_STRICT, sp_probe_strict, 0 },
	{ SP_PROBE_FILTER, sp_probe_filter, 0 },
	{ SP_PROBE_NO_NEW_PRIVS, sp_probe_no_new_privs, 0 },
	{ SP_PROBE_TRAP, sp_probe_trap, 0 },
	{ SP_PROBE_ERRNO, sp_probe_errno, 0 },
	{ SP_PROBE_TRACE, sp_probe_trace, 0 },
	{ SP_PROBE_KILL, sp_probe_kill, 0 },
	{ SP_PROBE_SECCOMP_SYSCALL, sp_probe_seccomp_syscall, 0 },
	{ SP_PROBE_TSYNC, sp_probe_tsync, 1u << SP_PROBE_SECCOMP_SYSCALL },
	{ SP_PROBE_FLAG_LOG, sp_probe_flag_log, 1u << SP_PROBE_SECCOMP_SYSCALL },
	{ SP_PROBE_SPEC_ALLOW, sp_probe_spec_allow, 1u << SP_PROBE_SECCOMP_SYSCALL },
	{ SP_PROBE_NEW_LISTENER, sp_probe_new_listener, 1u << SP_PROBE_SECCOMP_SYSCALL },
	{ SP_PROBE_TSYNC_ESRCH, sp_probe_tsync_esrch, 1u << SP_PROBE_SECCOMP_SYSCALL },
	{ SP_PROBE_WAIT_KILLABLE_RECV, sp_probe_wait_killable_recv, 1u << SP_PROBE_SECCOMP_SYSCALL },
	{ SP_PROBE_GET_ACTION_AVAIL, sp_probe_get_action_avail, 1u << SP_PROBE_SECCOMP_SYSCALL },
	{ SP_PROBE_LOG, sp_probe_log,
	  (1u << SP_PROBE_SECCOMP_SYSCALL) | (1u << SP_PROBE_GET_ACTION_AVAIL) },
	{ SP_PROBE_KILL_PROCESS, sp_probe_kill_process,
	  (1u << SP_PROBE_SECCOMP_SYSCALL) | (1u << SP_PROBE_GET_ACTION_AVAIL) },
	{ SP_PROBE_USER_NOTIF, sp_probe_user_notif, (1u << SP_PROBE_FILTER) |
	  (1u << SP_PROBE_SECCOMP_SYSCALL) | (1u << SP_PROBE_GET_ACTION_AVAIL) },
};

_Static_assert(sizeof(probe_order) / sizeof(probe_order[0]) == SP_PROBE_COUNT,
	       "every probe has a row in probe_order");

const char *sp_verdict_name(enum sp_verdict v)
{
	static const char *const names[] = {
		[SP_NOT_RUN] = "not-run", [SP_SUPPORTED] = "supported",
		[SP_UNSUPPORTED] = "unsupported", [SP_BLOCKED] = "blocked", [SP_ERROR] = "error",
	};
	return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "invalid";
}

/* Adds the probes that requested ones depend on. */
static uint64_t with_dependencies(uint64_t wanted)
{
	uint64_t all = wanted;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < SP_PROBE_COUNT; i++)
			if (all & (1ull << probe_order[i].id))
				all |= probe_order[i].needs;
	return all;
}

static void mark_backports(struct sp_report *rep)
{
	const struct sp_arch *karch = sp_arch_by_machine(rep->kernel.machine);
	if (!rep->kernel.version)
		return;
	for (size_t i = 0; i < SP_PROBE_COUNT; i++) {
		struct sp_result *res = &rep->results[i];
		uint32_t since = sp_mainline_since((enum sp_probe_id)i, karch);
		res->backport = res->verdict == SP_SUPPORTED && rep->kernel.version < since;
	}
}

/*
 * The seccomp mode this process already has: the Seccomp: line (3.8), else
 * PR_GET_SECCOMP; a PR_GET_SECCOMP an outer filter answered (it fails only with
 * EINVAL, on a kernel without seccomp) means filter mode. -1 when unknown.
 */
static int outer_mode(const struct sp_process_state *ps)
{
	if (ps->status_seccomp >= 0)
		return ps->status_seccomp;
	if (ps->prctl_get_seccomp >= 0)
		return ps->prctl_get_seccomp;
	return ps->prctl_get_seccomp_blocked ? SP_SECCOMP_MODE_FILTER : -1;
}

/* Under a user-mode emulator every answer is the emulator's: each verdict
 * becomes an error naming it, keeping what it said. */
static void blame_emulator(struct sp_report *rep)
{
	const char *path = rep->process.emulator;
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char said[sizeof(rep->results[0].detail)];
	for (size_t i = 0; i < SP_PROBE_COUNT; i++) {
		struct sp_result *r = &rep->results[i];
		if (r->verdict == SP_NOT_RUN)
			continue;
		snprintf(said, sizeof(said), "%s: %s", sp_verdict_name(r->verdict), r->detail);
		sp_set(r, SP_ERROR, r->err, r->sig, "not the kernel's answer: the probe runs under the "
		       "emulator %s, which answers system calls itself; it said %s", name, said);
		r->maybe_blocked = false;
	}
}

/*
 * The smallest layouts a caller may pass (seccomp_probe.h, "ABI"): the 0.1
 * ones. When a struct grows, these stay at the size it had in 0.1.
 */
#define SP_OPTIONS_SIZE_0 sizeof(struct sp_options)
#define SP_REPORT_SIZE_0 sizeof(struct sp_report)
/* No layout will ever be this large: a bigger size is a caller's bug. */
#define SP_STRUCT_SIZE_MAX (1u << 20)

/* Every probe in @wanted: an error, no child could be made (-@err). */
static void fail_all(struct sp_report *report, uint64_t wanted, int err)
{
	for (size_t i = 0; i < SP_PROBE_COUNT; i++)
		if (wanted & (1ull << i))
			sp_set(&report->results[i], SP_ERROR, -err, 0, "could not run the probe child: %s",
			       strerror(-err));
}

/* The entries run.c replays: the probes by id, then the process-state child. */
#define STATE_ENTRY SP_PROBE_COUNT
#define N_ENTRIES (SP_PROBE_COUNT + 1)

/* Per run: each entry's replay record, and the jobs of one round. */
struct run_state {
	struct sp_replay rp[N_ENTRIES];
	struct sp_job jobs[SP_JOBS_MAX];
	unsigned owner[SP_JOBS_MAX];    /* the entry each job belongs to */
};

/* Calls entry @e once more with its recorded outcomes; true when it is done
 * (asked for no child it has not had). */
static bool replay(struct run_state *st, unsigned e, struct sp_ctx *ctx, struct sp_report *report,
		   struct sp_result *scratch)
{
	struct sp_replay *rp = &st->rp[e];
	rp->used = 0;
	ctx->replay = rp;
	if (e == STATE_ENTRY) {
		sp_process_prctl_state(ctx, &report->process);
	} else {
		struct sp_result *res = &report->results[probe_order[e].id];
		memset(scratch, 0, sizeof(*scratch));
		probe_order[e].fn(ctx, scratch);
		if (!rp->pending) {
			*res = *scratch;
			res->elapsed_us = rp->elapsed_us;
		}
	}
	ctx->replay = NULL;
	return !rp->pending;
}

/* Runs the children every pending entry asked for, all in one round. */
static void run_round(struct run_state *st, struct sp_spawner *sp, struct sp_ctx *ctx)
{
	unsigned n = 0;
	for (unsigned e = 0; e < N_ENTRIES; e++) {
		if (!st->rp[e].pending)
			continue;
		st->jobs[n].fn = st->rp[e].fn;
		st->jobs[n].ctx = &st->rp[e].req;
		st->jobs[n].counted = e != STATE_ENTRY;
		st->owner[n++] = e;
	}
	sp_spawner_run(sp, st->jobs, n, ctx);
	for (unsigned j = 0; j < n; j++) {
		struct sp_replay *rp = &st->rp[st->owner[j]];
		rp->outs[rp->have++] = st->jobs[j].out;
		rp->elapsed_us += st->jobs[j].elapsed_us;
		rp->pending = false;
	}
}

/*
 * Runs the probes in @run (a mask of ids) and the process-state child. Pass
 * 0 collects the children of every probe without dependencies and of the
 * state; from pass 1 the state is known, each probe whose dependencies are
 * done is replayed with what its children said, and the children asked for
 * anew run together before the next pass. A probe never runs before the
 * probes it needs have their verdicts.
 */
static void run_probes(uint64_t run, struct sp_ctx *ctx, struct sp_report *report,
		       struct sp_spawner *sp, struct run_state *st)
{
	struct sp_result scratch;
	uint64_t done = 0;
	for (unsigned pass = 0;; pass++) {
		if (pass <= 1)
			replay(st, STATE_ENTRY, ctx, report, &scratch);
		if (pass == 1)
			ctx->outer_mode = outer_mode(&report->process);
		bool asked = pass == 0;
		for (size_t i = 0; i < SP_PROBE_COUNT; i++) {
			uint64_t bit = 1ull << probe_order[i].id;
			if (!(run & bit) || (done & bit) || (probe_order[i].needs & ~done))
				continue;
			if (replay(st, (unsigned)i, ctx, report, &scratch)) {
				if (pass > 0)
					done |= bit;
			} else {
				asked = true;
			}
		}
		if (!asked)
			break;
		run_round(st, sp, ctx);
	}
}

static int probe_run(const struct sp_options *opts_in, size_t opts_size,
		     struct sp_report *report, size_t report_size)
{
	struct sp_ctx ctx;
	struct sp_options o, *opts = &o;

	if (!report || report_size < SP_REPORT_SIZE_0 || report_size > SP_STRUCT_SIZE_MAX ||
	    (opts_in && (opts_size < SP_OPTIONS_SIZE_0 || opts_size > SP_STRUCT_SIZE_MAX)))
		return -EINVAL;
	memset(&o, 0, sizeof(o));
	if (opts_in) {
		/* A newer caller's fields this library does not know must be 0 (unused). */
		for (size_t i = sizeof(o); i < opts_size; i++)
			if (((const unsigned char *)opts_in)[i])
				return -E2BIG;
		memcpy(&o, opts_in, opts_size < sizeof(o) ? opts_size : sizeof(o));
	}
	/* A newer caller's report: the fields this library does not know read 0. */
	if (report_size > sizeof(*report))
		memset((char *)report + sizeof(*report), 0, report_size - sizeof(*report));
	uint64_t wanted = opts->probes;

	if (wanted >> SP_PROBE_COUNT)
		return -EINVAL;
	if (!wanted)
		wanted = (1ull << SP_PROBE_COUNT) - 1;
	memset(report, 0, sizeof(*report));
	memset(&ctx, 0, sizeof(ctx));
	ctx.timeout_ms = opts->timeout_ms ? opts->timeout_ms : 2000;
	ctx.arch = sp_arch_native();
	ctx.trap = &report->trap;
	ctx.seccomp_syscall = SP_NOT_RUN;
	ctx.filter = SP_NOT_RUN;
	ctx.outer_mode = -1;

	uint32_t start = sp_now_us();
	sp_read_kernel_info(&report->kernel);
	ctx.kernel_version = report->kernel.version;
	ctx.kernel_arch = sp_arch_by_machine(report->kernel.machine);
	sp_read_process_state(&report->process);
	sp_detect_emulator(report->process.emulator, sizeof(report->process.emulator));

	/*
	 * Children that share our memory where that is safe: no emulator (which
	 * would have to follow CLONE_VM children of its own making), a kernel
	 * that stops only the dumping thread group on a core dump.
	 */
	bool shared_vm = !report->process.emulator[0] && sp_shared_vm_safe(ctx.kernel_version);
	struct run_state *st = calloc(1, sizeof(*st));
	if (!st) {
		fail_all(report, wanted, -ENOMEM);
		return -ENOMEM;
	}
	/* Without its memory (NULL) every child fails as one that could not be made. */
	struct sp_spawner *sp = sp_spawner_open(shared_vm, report->process.emulator[0] != 0,
						ctx.timeout_ms);
	run_probes(with_dependencies(wanted), &ctx, report, sp, st);
	sp_spawner_close(sp);
	free(st);

	/* Dependencies ran only to inform others: hide what was not asked for. */
	for (size_t i = 0; i < SP_PROBE_COUNT; i++)
		if (!(wanted & (1ull << i)))
			memset(&report->results[i], 0, sizeof(report->results[i]));
	if (report->process.emulator[0])
		blame_emulator(report);
	mark_backports(report);
	report->elapsed_us = sp_now_us() - start;
	/*
	 * Not one probe child could be made: nothing was probed, so the run failed
	 * (a probe answered from another's verdict, "not tried", made none either).
	 */
	if (ctx.children_started == 0 && ctx.children_failed > 0)
		return ctx.spawn_err ? ctx.spawn_err : -EAGAIN;
	return 0;
}

int sp_probe_run_sized(const struct sp_options *opts_in, size_t opts_size,
		       struct sp_report *report, size_t report_size)
{
	/* The caller's errno is the caller's: the run's libc calls leave theirs. */
	int saved = errno;
	int rc = probe_run(opts_in, opts_size, report, report_size);
	errno = saved;
	return rc;
}
