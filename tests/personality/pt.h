/* SPDX-License-Identifier: MIT */
/*
 * pt.h - the personality harness: run a command under ptrace and answer its
 * seccomp-relevant system calls as a chosen historic kernel would.
 *
 * A personality is one row of data (release string, backport flag); which
 * features it has is derived from the probe's own version table
 * (sp_feature_table / sp_mainline_since in probes/seccomp_probe.h), so the
 * version facts live in one place. Facts that table does not hold (status
 * lines, prctl strict mode, system call numbers) are tables here.
 */
#ifndef PT_H
#define PT_H

#include "seccomp_probe.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* One emulated kernel. */
struct pt_personality {
	const char *name;         /* "3.4+backport": what the user names */
	const char *release;      /* uname -r it reports: "3.4.113" */
	bool backport;            /* 3.5's filter mode, NO_NEW_PRIVS, KILL/TRAP/ERRNO/TRACE */
	uint32_t kv;              /* SP_KV() of release */
};

/*
 * The system call ABI of a tracee. A tracee of another ABI than the tracer
 * (i386 under x86_64) is told apart per call by its AUDIT_ARCH.
 */
struct pt_abi {
	const char *arch;         /* our arch name, as in probes/arch.c */
	const char *machine;      /* uname -m an old kernel of this arch reports */
	uint32_t audit_arch;
	unsigned ptr_size;        /* bytes in a user pointer (struct sock_fprog layout) */
	unsigned red_zone;        /* bytes below the stack pointer the ABI reserves */
	long nr_prctl, nr_uname, nr_open, nr_openat, nr_write, nr_close, nr_ptrace;
	const struct sp_arch *sp; /* the probe's row: seccomp(2) number, filter version */
};

/* personalities.c */
/* Returns the row named @name ("3.4+backport"), NULL when there is none. */
const struct pt_personality *pt_personality_find(const char *name);
/* Returns row @i of the table, NULL past the end. */
const struct pt_personality *pt_personality_at(size_t i);
/* Whether @p offers probe feature @id on @abi: mainline version reached, or
 * the feature is part of 3.5's filter mode and @p carries the backport. */
bool pt_has(const struct pt_personality *p, enum sp_probe_id id, const struct pt_abi *abi);
/* Whether @p on @abi shows the /proc/<pid>/status line @key ("Seccomp"):
 * the release that added it and, for the seccomp lines, seccomp on the arch.
 * Lines the table does not know are always shown. */
bool pt_status_line_shown(const struct pt_personality *p, const struct pt_abi *abi, const char *key,
			  size_t keylen);
/* prctl(PR_SET_SECCOMP/PR_GET_SECCOMP) answer (2.6.23, and strict mode on
 * @abi's arch); before 2.6.23 strict mode is entered by writing "1" to
 * /proc/<pid>/seccomp. */
bool pt_has_prctl_seccomp(const struct pt_personality *p, const struct pt_abi *abi);
/* /proc/sys/kernel/seccomp/ (actions_avail, actions_logged) exists: 4.14. */
bool pt_has_seccomp_sysctl(const struct pt_personality *p);

/* abi.c */
const struct pt_abi *pt_abi_by_audit_arch(uint32_t audit_arch);
const struct pt_abi *pt_abi_by_name(const char *arch);

/* syscall_table.c */
/*
 * The first release that had system call @nr on @abi, or 0 when the table
 * does not list it (then it is older than every personality). Sets *@name to
 * the call's name when listed.
 */
uint32_t pt_syscall_since(const struct pt_abi *abi, long nr, const char **name);
/* Self-check of the table: duplicate numbers per arch. Returns the number of
 * problems, each printed to @out. */
int pt_syscall_table_check(FILE *out);

/* tracee.c: registers and memory of a stopped tracee. */
struct pt_call {
	uint32_t audit_arch;
	long nr;
	unsigned long args[6];
	unsigned long sp;
};
int pt_tracee_set_syscall(pid_t tid, const struct pt_abi *abi, long nr);
int pt_tracee_set_arg(pid_t tid, const struct pt_abi *abi, int i, unsigned long v);
int pt_tracee_set_return(pid_t tid, long v);
long pt_tracee_get_return(pid_t tid);
/*
 * At the exec stop: turns the AT_SYSINFO_EHDR entry of the new image's auxv
 * into AT_IGNORE, so its libc finds no vDSO and makes every time call as a
 * real system call, which the personality then answers (the vDSO of the host
 * has functions, e.g. clock_gettime64, that old kernels lacked). Returns 0,
 * -ENOENT when the auxv has no vDSO entry, or -errno.
 */
int pt_tracee_hide_vdso(pid_t tid);
int pt_mem_read(pid_t tid, unsigned long addr, void *buf, size_t len);
int pt_mem_write(pid_t tid, unsigned long addr, const void *buf, size_t len);
/* Reads a NUL-terminated string of at most @cap-1 bytes; -ENAMETOOLONG past. */
int pt_mem_read_string(pid_t tid, unsigned long addr, char *buf, size_t cap);

/* rewrite.c: what to do with one call, decided at its entry. */
enum pt_fix {
	PT_FIX_NONE = 0,
	PT_FIX_RETURN,         /* skipped: set the return value to -err at exit */
	PT_FIX_UNAME,          /* rewrite release and machine in the utsname */
	PT_FIX_RESTORE_PROG,   /* put back the filter program words we changed */
	PT_FIX_PROC_SECCOMP,   /* an open of /proc/self/seccomp (2.6.12-2.6.22): track the fd */
	PT_FIX_STRICT_WRITE,   /* write("1") became prctl(PR_SET_SECCOMP, 1): return 1 */
	PT_FIX_UNLINK,         /* the open was redirected to a temp file: remove it */
};

#define PT_MAX_PROG 4096
#define PT_MAX_FDS 8

/* Per-thread state of the tracer. */
struct pt_thread {
	pid_t tid;
	bool in_syscall;
	bool fresh;               /* attached, its first SIGSTOP not yet seen */
	bool detach;              /* leave this thread now (it asked for PTRACE_TRACEME) */
	enum pt_fix fix;
	long fix_value;
	unsigned long fix_addr;
	unsigned fix_len;
	const struct pt_abi *abi;
	char tmp_path[256];
	int proc_seccomp_fds[PT_MAX_FDS];
	uint32_t *saved_prog;     /* original program words, PT_FIX_RESTORE_PROG */
};

/* Options and counters of one traced run. */
struct pt_run {
	const struct pt_personality *pers;
	FILE *log;                /* one line per rewrite, or NULL */
	bool verbose;             /* also log every stop of every tracee to log */
	char tmp_dir[200];         /* where redirected /proc files are written */
	unsigned long stops, rewrites;
};

void pt_rewrite_entry(struct pt_run *run, struct pt_thread *t, const struct pt_call *c);
void pt_rewrite_exit(struct pt_run *run, struct pt_thread *t);

/* tracer.c */
/*
 * Runs @argv under ptrace with the personality of @run. Returns the command's
 * exit status as a shell would (128 + signal when killed), or -errno when the
 * command could not be started or traced. Returns when the command ends;
 * descendants it left running are killed then. @timeout_s: kill everything after
 * that many seconds (0: never) and return -ETIMEDOUT.
 */
int pt_trace_run(struct pt_run *run, char *const argv[], unsigned timeout_s);

/* json_get.c */
/*
 * Finds the value at dotted @path ("probes.strict.verdict") in JSON text
 * @doc and copies it to @out: strings unquoted (escapes kept as written),
 * other values as their raw text. Returns 0, -ENOENT when the path is
 * missing, -EINVAL on malformed JSON, -ENOSPC when @out is too small.
 */
int pt_json_get(const char *doc, const char *path, char *out, size_t cap);

#endif
