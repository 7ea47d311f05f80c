/* SPDX-License-Identifier: MIT */
/*
 * seccomp_probe.h - the one public header of libseccomp-probe.
 *
 * The library answers, with proof, which seccomp features the running kernel
 * offers. Every probe runs in a child process created by the library; the
 * caller's seccomp mode, NO_NEW_PRIVS, signal dispositions and signal mask are
 * never changed, and every child is reaped before a call returns.
 *
 * Names: every public symbol starts with sp_ / SP_.
 * Errors: functions return 0 or a negative errno; the possible errnos are
 * listed in each comment. The library never calls exit().
 *
 * ABI (libseccomp-probe.so.0, symbol version SECCOMP_PROBE_0; pkg-config
 * name seccomp-probe). The structs stay public with fixed layouts, growing by
 * these rules, so a program built against this header keeps working with any
 * later libseccomp-probe.so.0:
 * - struct sp_options and struct sp_report are allocated by the caller and
 *   passed with their size: sp_probe_run() is an inline wrapper that hands
 *   sizeof() of both to sp_probe_run_sized(). New fields are only ever added
 *   at the end of these two structs (and of the structs they embed only when
 *   that struct is their last member); no field is removed, moved, resized or
 *   given a new meaning. The library fills what fits in the caller's size and
 *   zeroes its bytes beyond the layout the library knows; an options field the
 *   library does not know must be 0 (its default), else -E2BIG.
 * - results[] has SP_PROBE_SLOTS (64, one per bit of sp_options.probes)
 *   entries, of which SP_PROBE_COUNT are used by this version; new probes take
 *   the next ids, so results[id] stays where it is. A newer library may fill
 *   slots beyond your SP_PROBE_COUNT; an older one leaves them SP_NOT_RUN.
 * - Enum values are never renumbered; new ones are appended (before
 *   SP_PROBE_COUNT for probes).
 * - struct sp_feature and struct sp_arch are the library's read-only tables
 *   (sp_feature_table() is an array the caller indexes): frozen; new facts come
 *   through new functions.
 * - A change that cannot follow these rules gets a new soname.
 */
#ifndef SECCOMP_PROBE_H
#define SECCOMP_PROBE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SP_VERSION_STRING "0.1.0"
/*
 * Version of the JSON document written by sp_report_write_json().
 * 2: "mainline" is written as the release is named ("3.5", "2.6.12"; was
 * "3.5.0" in 1); added probes.*.maybe_blocked, process.emulator and
 * process.prctl_get_*_blocked / _errno.
 */
#define SP_JSON_SCHEMA 2

/*
 * A kernel version as one comparable number: SP_KV(3, 4, 113). Major and minor
 * take 8 bits each, the patch level 16 (4.9.337 and 4.14.336 exist); a larger
 * patch level saturates at 65535.
 */
#define SP_KV(a, b, c) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | \
			((c) > 65535 ? 65535u : (uint32_t)(c)))
#define SP_KV_MAJOR(kv) ((unsigned)((kv) >> 24))
#define SP_KV_MINOR(kv) ((unsigned)(((kv) >> 16) & 0xff))
#define SP_KV_PATCH(kv) ((unsigned)((kv) & 0xffff))

/* The answer of one probe. Never a bare boolean. */
enum sp_verdict {
	SP_NOT_RUN = 0,   /* not requested */
	SP_SUPPORTED,     /* exercised and behaved as the kernel documents */
	SP_UNSUPPORTED,   /* the kernel says it lacks it (EINVAL/ENOSYS as the ABI defines) */
	SP_BLOCKED,       /* stopped from outside: outer filter, LSM, privileges */
	SP_ERROR,         /* anything unexpected: errno, signal, timeout */
};

/*
 * The probes, in the order they run. Each row of the feature table
 * (sp_feature_table()) describes one of these.
 */
enum sp_probe_id {
	SP_PROBE_STRICT = 0,        /* strict mode (mode 1) */
	SP_PROBE_FILTER,            /* filter mode (mode 2) via prctl */
	SP_PROBE_NO_NEW_PRIVS,      /* PR_SET/GET_NO_NEW_PRIVS */
	SP_PROBE_TRAP,              /* SECCOMP_RET_TRAP and its siginfo */
	SP_PROBE_ERRNO,             /* SECCOMP_RET_ERRNO with data */
	SP_PROBE_TRACE,             /* SECCOMP_RET_TRACE with no tracer: ENOSYS */
	SP_PROBE_KILL,              /* SECCOMP_RET_KILL(_THREAD): death by SIGSYS */
	SP_PROBE_SECCOMP_SYSCALL,   /* the seccomp(2) system call */
	SP_PROBE_TSYNC,             /* SECCOMP_FILTER_FLAG_TSYNC */
	SP_PROBE_FLAG_LOG,          /* SECCOMP_FILTER_FLAG_LOG */
	SP_PROBE_SPEC_ALLOW,        /* SECCOMP_FILTER_FLAG_SPEC_ALLOW */
	SP_PROBE_NEW_LISTENER,      /* SECCOMP_FILTER_FLAG_NEW_LISTENER */
	SP_PROBE_TSYNC_ESRCH,       /* SECCOMP_FILTER_FLAG_TSYNC_ESRCH */
	SP_PROBE_WAIT_KILLABLE_RECV,/* SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV */
	SP_PROBE_GET_ACTION_AVAIL,  /* seccomp(SECCOMP_GET_ACTION_AVAIL) */
	SP_PROBE_LOG,               /* SECCOMP_RET_LOG */
	SP_PROBE_KILL_PROCESS,      /* SECCOMP_RET_KILL_PROCESS */
	SP_PROBE_USER_NOTIF,        /* SECCOMP_RET_USER_NOTIF, exercised end to end */
	SP_PROBE_COUNT
};

/* Entries of sp_report.results[]: room for every bit of sp_options.probes. */
#define SP_PROBE_SLOTS 64
#ifndef __cplusplus
_Static_assert(SP_PROBE_COUNT <= SP_PROBE_SLOTS, "a probe id beyond results[]");
#endif

/* One row of the version table: what mainline brought, and when. */
/* What, besides the mainline release, bounds a feature on one arch. */
enum sp_arch_bound {
	SP_BOUND_NONE = 0,        /* arch-independent (PR_SET_NO_NEW_PRIVS is core prctl) */
	SP_BOUND_SECCOMP,         /* needs the arch's seccomp support (sp_arch.strict_since) */
	SP_BOUND_FILTER,          /* needs the arch's filter mode (sp_arch.filter_since) */
};

struct sp_feature {
	enum sp_probe_id id;
	const char *name;         /* probe name used on the command line and in JSON */
	uint32_t mainline;        /* SP_KV() of the first mainline release with it */
	enum sp_arch_bound bound; /* which arch release also bounds it */
	const char *what;         /* one-line description, with the commit or release */
};

/* One row of the architecture table. */
struct sp_arch {
	const char *name;         /* our arch name: x86_64, i386, arm, arm64 ... */
	const char *const *uname_machines; /* uname -m values, NULL-terminated */
	uint32_t audit_arch;      /* AUDIT_ARCH_* of native binaries */
	uint32_t strict_since;    /* SP_KV() of the first mainline strict mode (CONFIG_SECCOMP) here */
	uint32_t filter_since;    /* SP_KV() of the first mainline filter mode here */
	long seccomp_nr;          /* seccomp(2) number, -1 when the arch has none */
	long getppid_nr;          /* syscall the probes filter on */
};

/*
 * sp_feature_table - the version table shared by the probe and the selftests.
 * @count: out, number of rows (SP_PROBE_COUNT). May be NULL.
 * Returns the static table indexed by enum sp_probe_id. Never fails.
 */
const struct sp_feature *sp_feature_table(size_t *count);

/*
 * sp_feature_by_name - look up a probe by its name ("strict", "trap", ...).
 * Returns the row, or NULL when no probe has that name.
 */
const struct sp_feature *sp_feature_by_name(const char *name);

/*
 * sp_arch_native - the arch this binary was built for (compile time).
 * Returns its row; NULL only for an arch the table lacks (build refuses that).
 */
const struct sp_arch *sp_arch_native(void);

/*
 * sp_arch_by_machine - the arch whose kernel reports uname machine @machine.
 * Returns the row or NULL when unknown.
 */
const struct sp_arch *sp_arch_by_machine(const char *machine);

/*
 * sp_mainline_since - the first mainline version that had feature @id on
 * @arch (the later of the feature's and the arch's filter-mode version when
 * the feature needs filter mode). @arch NULL means the native arch.
 * Returns SP_KV(), or 0 when @id is out of range.
 */
uint32_t sp_mainline_since(enum sp_probe_id id, const struct sp_arch *arch);

/*
 * sp_parse_kernel_version - parse "3.4.113-vendor+" or "2.6.29.4" into SP_KV().
 * Returns 0 on success, -EINVAL when @release does not start with N.N.
 * Only the first three numbers count; a missing third is 0; a patch level
 * above 65535 saturates.
 */
int sp_parse_kernel_version(const char *release, uint32_t *kv);

/* What one probe saw. */
struct sp_result {
	enum sp_verdict verdict;
	int err;                  /* errno seen, 0 when none */
	int sig;                  /* signal that ended the child, 0 when none */
	bool backport;            /* supported although mainline had it only later */
	bool maybe_blocked;       /* unsupported, or blocked: ENOSYS from inside a seccomp
				   * filter on a kernel whose version has the call */
	uint32_t elapsed_us;      /* wall time of the probe's children, from clone to reaped,
				   * microseconds (children that run at once overlap) */
	char detail[192];         /* human-readable account of what was seen */
};

/* Which fields of the SIGSYS siginfo held during the trap probe. */
struct sp_trap_fields {
	bool delivered;           /* the handler ran */
	bool signo_ok;            /* si_signo == SIGSYS */
	bool code_ok;             /* si_code == SYS_SECCOMP (1) */
	bool syscall_ok;          /* si_syscall == the trapped syscall number */
	bool arch_ok;             /* si_arch == the native AUDIT_ARCH */
	bool errno_ok;            /* si_errno == the filter's SECCOMP_RET_DATA */
	int32_t seen_code, seen_syscall, seen_errno;
	uint32_t seen_arch;
};

/* The calling process's own seccomp state. -1 means "not available". */
struct sp_process_state {
	int status_seccomp;       /* "Seccomp:" in /proc/self/status (3.8+) */
	int status_filters;       /* "Seccomp_filters:" (5.9+) */
	int status_no_new_privs;  /* "NoNewPrivs:" (4.10+) */
	int prctl_get_seccomp;    /* PR_GET_SECCOMP, asked in a child */
	int prctl_get_no_new_privs; /* PR_GET_NO_NEW_PRIVS, asked in a child */
	int prctl_get_seccomp_errno;      /* errno of PR_GET_SECCOMP, 0 when it answered */
	int prctl_get_no_new_privs_errno; /* errno of PR_GET_NO_NEW_PRIVS, 0 when it answered */
	bool prctl_get_seccomp_blocked;   /* an outer filter answered it (EPERM, EACCES,
					   * ENOSYS, SIGSYS): the process runs in filter mode */
	bool prctl_get_no_new_privs_blocked; /* likewise for PR_GET_NO_NEW_PRIVS */
	char emulator[128];       /* the real executable when a user-mode emulator (qemu-user,
				   * valgrind...) answers for this process, "" when none */
	char actions_avail[160];  /* /proc/sys/kernel/seccomp/actions_avail, "" when absent */
};

struct sp_kernel_info {
	char release[65];         /* uname -r */
	char machine[65];         /* uname -m */
	uint32_t version;         /* SP_KV() of release, 0 when unparsable */
	const char *arch;         /* native arch name of this binary */
	uint32_t audit_arch;      /* native AUDIT_ARCH_* */
};

struct sp_report {
	struct sp_kernel_info kernel;
	struct sp_process_state process;
	struct sp_result results[SP_PROBE_SLOTS]; /* indexed by enum sp_probe_id */
	struct sp_trap_fields trap;
	uint32_t elapsed_us;      /* wall time of the whole run, microseconds */
};

struct sp_options {
	unsigned timeout_ms;      /* per-probe child timeout; 0 means 2000 */
	uint64_t probes;          /* bit (1 << id) per probe to run; 0 means all */
};

/*
 * sp_probe_run_sized - probe the running kernel and fill @report.
 * @opts: may be NULL for defaults (all probes, 2 s timeout each).
 * @opts_size: sizeof(*opts) as the caller was built (ignored when @opts is NULL).
 * @report: out; fully overwritten (the first @report_size bytes).
 * @report_size: sizeof(*report) as the caller was built.
 * Call it as sp_probe_run(opts, report), which passes both sizes (see "ABI").
 * Available since 0.1.0.
 *
 * Each requested probe runs in its own child, with no exit signal (so a
 * caller that ignores SIGCHLD does not lose the status). From kernel 5.16
 * (and not under an emulator) the children share the caller's memory
 * (clone3 with CLONE_VM and CLONE_CLEAR_SIGHAND, each on a stack of its own)
 * and the independent ones run at once; before, and wherever clone3 is
 * refused, they are copy-on-write children made one at a time. A child that
 * does not finish within the timeout is killed with SIGKILL and reported as
 * SP_ERROR. Safe in multithreaded callers: the children make raw system
 * calls only, never touching errno or any libc state, and no signal handler
 * of the caller runs in a child that shares its memory; errno is left as
 * it was. Kernel versions behind each probe: see sp_feature_table().
 *
 * Under an outer seccomp filter: clone3 refused (ENOSYS, EPERM, ...) or
 * answered with a success that made no task (RET_ERRNO with data 0, or
 * RET_TRAP with a SIGSYS handler of the caller, which runs once) falls back
 * to clone; clone refused or faked the same way leaves every probe
 * SP_BLOCKED and the call returns -EPERM. A clone's answer is trusted only
 * when the kernel confirmed it (CLONE_PARENT_SETTID), so no pid it did not
 * make is waited for or killed. A filter that kills on clone3 (RET_KILL_*),
 * or traps it (RET_TRAP) with no SIGSYS handler installed, kills the calling
 * process, as it would any program that calls clone3 (glibc's
 * pthread_create() from 2.34 among them); so does such a filter on clone
 * wherever the children are made with it (before 5.16, under an emulator,
 * or once clone3 was refused).
 *
 * When a user-mode emulator answers for this process (qemu-user, valgrind:
 * /proc/self/exe and /proc/self/task/<tid>/exe name different files), the
 * probes still run, but every verdict is SP_ERROR naming the emulator
 * (report->process.emulator): its answers are not the kernel's.
 *
 * Returns 0 when the run completed (individual probes may still say
 * SP_ERROR), -EINVAL for a NULL @report, an unknown probe bit or a size
 * smaller than the 0.1 layout (or above 1 MiB), -E2BIG when a field of
 * @opts beyond the layout this library knows is not 0, -EAGAIN
 * (or the -errno of the failure: -ENOMEM, -EMFILE, -ENFILE; -EPERM when an
 * outer filter refused or faked clone) when not one probe child could be
 * made, e.g. at the process limit (RLIMIT_NPROC);
 * @report is filled in every case but -EINVAL and -E2BIG, each such probe SP_ERROR.
 */
int sp_probe_run_sized(const struct sp_options *opts, size_t opts_size,
		       struct sp_report *report, size_t report_size);

/*
 * sp_probe_run - sp_probe_run_sized() with this header's struct sizes: the
 * call to write. Returns what sp_probe_run_sized() returns.
 */
static inline int sp_probe_run(const struct sp_options *opts, struct sp_report *report)
{
	return sp_probe_run_sized(opts, sizeof(*opts), report, sizeof(*report));
}

/* Name of a verdict: "supported", "unsupported", "blocked", "error", "not-run". */
const char *sp_verdict_name(enum sp_verdict v);

#ifdef __cplusplus
}
#endif
#endif /* SECCOMP_PROBE_H */
