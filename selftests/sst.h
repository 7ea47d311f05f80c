/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sst.h - helpers shared by the seccomp ABI selftests (the "sst_" prefix).
 *
 * Two halves, both free of the kselftest harness so they compile on their own:
 * - sst_gate.c: version awareness. Which features the running kernel shows,
 *   and whether a test runs, SKIPs (the version predates the feature in
 *   mainline and the kernel lacks it) or FAILs (mainline had it at this
 *   version, or a backport was promised, and it is missing). The versions come
 *   from the probe's table, sp_feature_table()/sp_mainline_since().
 * - sst_proc.c: running filtered code in children with a timeout, raw threads
 *   that are never pthread_join()ed, installing filters by prctl or seccomp(2),
 *   and reading /proc/<pid>/status.
 *
 * ABI constants: taken from the libc and kernel uapi headers when they have
 * them, with local fallbacks (values from include/uapi/linux/) otherwise, so
 * the suite builds against old headers too.
 */
#ifndef SST_H
#define SST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/ioctl.h>
#include <linux/filter.h>
#if defined(__has_include)
#if __has_include(<linux/seccomp.h>)
#include <linux/seccomp.h>
#endif
#endif

#include "seccomp_probe.h"

/* prctl (2.6.23 and 3.5) */
#ifndef PR_GET_SECCOMP
#define PR_GET_SECCOMP 21
#endif
#ifndef PR_SET_SECCOMP
#define PR_SET_SECCOMP 22
#endif
#ifndef PR_SET_NO_NEW_PRIVS
#define PR_SET_NO_NEW_PRIVS 38
#endif
#ifndef PR_GET_NO_NEW_PRIVS
#define PR_GET_NO_NEW_PRIVS 39
#endif

/* modes, seccomp(2) operations and flags */
#ifndef SECCOMP_MODE_STRICT
#define SECCOMP_MODE_STRICT 1                 /* 2.6.12 */
#endif
#ifndef SECCOMP_MODE_FILTER
#define SECCOMP_MODE_FILTER 2                 /* 3.5 */
#endif
#ifndef SECCOMP_SET_MODE_STRICT
#define SECCOMP_SET_MODE_STRICT 0             /* 3.17 */
#endif
#ifndef SECCOMP_SET_MODE_FILTER
#define SECCOMP_SET_MODE_FILTER 1             /* 3.17 */
#endif
#ifndef SECCOMP_GET_ACTION_AVAIL
#define SECCOMP_GET_ACTION_AVAIL 2            /* 4.14 */
#endif
#ifndef SECCOMP_GET_NOTIF_SIZES
#define SECCOMP_GET_NOTIF_SIZES 3             /* 5.0 */
#endif
#ifndef SECCOMP_FILTER_FLAG_TSYNC
#define SECCOMP_FILTER_FLAG_TSYNC (1UL << 0)  /* 3.17 */
#endif
#ifndef SECCOMP_FILTER_FLAG_LOG
#define SECCOMP_FILTER_FLAG_LOG (1UL << 1)    /* 4.14 */
#endif
#ifndef SECCOMP_FILTER_FLAG_SPEC_ALLOW
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW (1UL << 2) /* 4.17 */
#endif
#ifndef SECCOMP_FILTER_FLAG_NEW_LISTENER
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1UL << 3) /* 5.0 */
#endif
#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4) /* 5.7 */
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5) /* 5.19 */
#endif

/* return actions */
#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS 0x80000000U  /* 4.14 */
#endif
#ifndef SECCOMP_RET_KILL_THREAD
#define SECCOMP_RET_KILL_THREAD 0x00000000U   /* 3.5, as SECCOMP_RET_KILL */
#endif
#ifndef SECCOMP_RET_TRAP
#define SECCOMP_RET_TRAP 0x00030000U          /* 3.5 */
#endif
#ifndef SECCOMP_RET_ERRNO
#define SECCOMP_RET_ERRNO 0x00050000U         /* 3.5 */
#endif
#ifndef SECCOMP_RET_USER_NOTIF
#define SECCOMP_RET_USER_NOTIF 0x7fc00000U    /* 5.0 */
#endif
#ifndef SECCOMP_RET_TRACE
#define SECCOMP_RET_TRACE 0x7ff00000U         /* 3.5 */
#endif
#ifndef SECCOMP_RET_LOG
#define SECCOMP_RET_LOG 0x7ffc0000U           /* 4.14 */
#endif
#ifndef SECCOMP_RET_ALLOW
#define SECCOMP_RET_ALLOW 0x7fff0000U         /* 3.5 */
#endif
#ifndef SECCOMP_RET_DATA
#define SECCOMP_RET_DATA 0x0000ffffU
#endif

/* si_code of a seccomp SIGSYS (3.5) */
#define SST_SYS_SECCOMP 1
/* ptrace (3.5): option bit and event number for SECCOMP_RET_TRACE */
#define SST_PTRACE_O_TRACESECCOMP 0x00000080
#define SST_PTRACE_EVENT_SECCOMP 7
/* Largest errno a filter can return; larger data is capped (3.5). */
#define SST_MAX_ERRNO 4095
/* BPF_MAXINSNS and the per-chain limit MAX_INSNS_PER_PATH (3.5) */
#define SST_MAX_INSNS 4096
#define SST_MAX_INSNS_PER_PATH 32768

/* struct seccomp_data (3.5), under our own name so no header can clash. */
struct sst_seccomp_data {
	int32_t nr;
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t args[6];
};
#define SST_OFF_NR   offsetof(struct sst_seccomp_data, nr)
#define SST_OFF_ARCH offsetof(struct sst_seccomp_data, arch)
#define SST_OFF_IP   offsetof(struct sst_seccomp_data, instruction_pointer)
#define SST_OFF_ARG(i) (offsetof(struct sst_seccomp_data, args) + 8 * (i))
/* Offsets of the low and high 32-bit halves of a 64-bit field. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define SST_LO 4
#define SST_HI 0
#else
#define SST_LO 0
#define SST_HI 4
#endif

/* user notification (5.0) */
struct sst_notif {
	uint64_t id;
	uint32_t pid;
	uint32_t flags;
	struct sst_seccomp_data data;
};
struct sst_notif_resp {
	uint64_t id;
	int64_t val;
	int32_t error;
	uint32_t flags;
};
struct sst_notif_sizes {
	uint16_t notif;
	uint16_t notif_resp;
	uint16_t data;
};
#define SST_IOCTL_NOTIF_RECV     _IOWR('!', 0, struct sst_notif)
#define SST_IOCTL_NOTIF_SEND     _IOWR('!', 1, struct sst_notif_resp)
/*
 * ID_VALID was defined with _IOR in 5.0 and corrected to _IOW in 5.17; the
 * kernel still accepts the _IOR value, so that one works on every release.
 */
#define SST_IOCTL_NOTIF_ID_VALID _IOR('!', 2, uint64_t)

/* BPF program shorthands (classic BPF as in include/uapi/linux/filter.h). */
#define SST_LD(off)      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define SST_RET(k)       BPF_STMT(BPF_RET | BPF_K, (k))
#define SST_JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define SST_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SST_PROG(arr) { .len = (unsigned short)SST_ARRAY_LEN(arr), .filter = (arr) }

/* ---- version awareness (sst_gate.c) ---- */

/*
 * Features the suite gates on: the probe's enum sp_probe_id, then the few
 * facts its table does not carry (kept here until the shared table has rows).
 */
enum sst_feature {
	SST_STATUS_LINE = SP_PROBE_COUNT, /* "Seccomp:" in /proc/<pid>/status, 3.8 */
	SST_STATUS_FILTERS_LINE,          /* "Seccomp_filters:", 5.9 */
	SST_ERRNO_CAP,                    /* RET_ERRNO data capped at 4095, 4.1 (by version only) */
	SST_FEATURE_END
};

enum sst_verdict { SST_RUN, SST_SKIP, SST_FAIL };

/*
 * sst_expect_backport - record features a vendor promises despite an old
 * version. @list: comma-separated probe names (sp_feature_by_name), where
 * "filter" stands for filter mode as 3.5 shipped it (filter, no_new_privs,
 * trap, errno, trace, kill). Returns 0, or -EINVAL naming nothing known
 * (@bad is set to the offending name, up to @badlen bytes).
 */
int sst_expect_backport(const char *list, char *bad, size_t badlen);

/*
 * sst_kernel_version - SP_KV() of the running kernel (uname -r), 0 when the
 * release string does not parse.
 */
uint32_t sst_kernel_version(void);

/*
 * sst_feature_present - does the running kernel show feature @id?
 * Asks the kernel the way the ABI defines absence (EINVAL/ENOSYS/EFAULT
 * checks, GET_ACTION_AVAIL, status lines); never installs anything.
 * Returns 1 present, 0 absent, -errno for an answer that is neither.
 */
int sst_feature_present(int id);

/*
 * sst_gate - decide whether a test needing feature @id runs.
 * Writes the reason (feature, its mainline version, the kernel's) to @why.
 * Returns SST_RUN when the feature is there, SST_SKIP when it is absent and
 * mainline only brought it later, SST_FAIL when it is absent although the
 * kernel's version (or a --expect-backport promise) says it must be there, or
 * when the kernel gave an answer that is neither presence nor absence.
 */
enum sst_verdict sst_gate(int id, char *why, size_t len);

/*
 * sst_gate_prepare - ask the kernel once, each in a child, about every
 * shared-table feature and keep the answers for sst_feature_present() (call
 * in the harness's parent before the tests: each test is a fork of it). The
 * status-line rows are still read per call (no child). Never fails: an odd
 * answer is kept as -errno, as a per-call ask would have returned it.
 */
void sst_gate_prepare(void);

/* ---- processes, threads, filters (sst_proc.c) ---- */

/* How a child ended: exit code, or the signal that ended it, or a timeout. */
struct sst_status {
	bool exited;
	int code;       /* exit code when exited */
	int sig;        /* terminating signal, 0 when exited */
	bool timed_out; /* killed by us after the timeout */
};

/*
 * sst_run_child - fork, run @fn(@arg) in the child and _exit() with what it
 * returns; wait up to @timeout_ms (SIGKILL after that). The child gets its
 * own copy of the caller's memory: report back through sst_shared().
 * Returns 0 and fills @st, or -errno when fork/waitpid failed.
 */
int sst_run_child(int (*fn)(void *), void *arg, unsigned timeout_ms, struct sst_status *st);

/*
 * sst_wait_child - wait for child @pid up to @timeout_ms (then SIGKILL it),
 * filling @st. Blocks in sigtimedwait() with SIGCHLD blocked (never polls);
 * SIGCHLDs of other children that arrive meanwhile are consumed.
 * Returns 0, or -errno when @pid is not a child of ours.
 */
int sst_wait_child(pid_t pid, unsigned timeout_ms, struct sst_status *st);

/* A page shared with children (MAP_SHARED | MAP_ANONYMOUS), zeroed. NULL on failure. */
void *sst_shared(size_t size);

/*
 * sst_install - install @prog as a filter. @use_syscall: through seccomp(2)
 * (3.17) with @flags, else prctl(PR_SET_SECCOMP, 2) (3.5; @flags must be 0).
 * Returns the call's value (0, or a listener fd with NEW_LISTENER), or -errno.
 */
long sst_install(const struct sock_fprog *prog, bool use_syscall, unsigned long flags);

/* sst_seccomp - raw seccomp(2) (3.17) by the shared arch table. -errno on failure. */
long sst_seccomp(unsigned op, unsigned long flags, void *args);

/* sst_no_new_privs - prctl(PR_SET_NO_NEW_PRIVS, 1) (3.5). 0 or -errno. */
int sst_no_new_privs(void);

/*
 * sst_filter_nr - build "if nr == @nr return @action; else allow" into @buf
 * (at least 4 instructions) and @prog. Installs nothing.
 */
void sst_filter_nr(struct sock_filter *buf, struct sock_fprog *prog, long nr, uint32_t action);

/* sst_install_nr - sst_filter_nr() and install it by prctl. 0 or -errno. */
int sst_install_nr(long nr, uint32_t action);

/* sst_getppid - raw getppid(2) with six arguments; -errno on failure. */
long sst_getppid(unsigned long a0, unsigned long a1, unsigned long a2,
		 unsigned long a3, unsigned long a4, unsigned long a5);

/*
 * sst_thread_start - start a raw thread (clone with CLONE_THREAD and
 * CLONE_CHILD_CLEARTID, never pthread) running @fn(@arg) on a private stack.
 * The thread must use raw system calls only. Its tid is stored in @tidp and
 * cleared by the kernel when the thread ends. Returns the tid or -errno.
 */
int sst_thread_start(int (*fn)(void *), void *arg, volatile int *tidp);

/*
 * sst_thread_wait - wait until the thread whose tid lives in @tidp has ended
 * (the kernel cleared it), at most @timeout_ms, sleeping in FUTEX_WAIT on
 * @tidp (woken by the kernel's clear). Returns 0, or -ETIMEDOUT.
 */
int sst_thread_wait(volatile int *tidp, unsigned timeout_ms);

/*
 * sst_status_field - the number after "@name:" in /proc/@pid/status (@pid 0:
 * self). Returns 0 and fills @value, -ENODATA when the line is absent,
 * -EPROTO when it holds no number, or -errno when the file cannot be opened
 * (-ENOENT: no /proc).
 */
int sst_status_field(pid_t pid, const char *name, long *value);

/*
 * sst_settle - after another thread ended: yield the CPU a few times, then
 * make one system call, so a kill that is already on its way (a pending
 * SIGKILL is acted on at the return of any call) ends us here. Not a sleep.
 */
void sst_settle(void);

/* sst_ms_sleep - sleep @ms milliseconds (nanosleep, 2.0). */
void sst_ms_sleep(unsigned ms);

#endif /* SST_H */
