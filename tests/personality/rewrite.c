// SPDX-License-Identifier: MIT
/*
 * rewrite.c - how a personality answers one system call. Decided at the
 * call's entry stop; what must be fixed after the call runs is noted in the
 * thread (enum pt_fix) and done at its exit stop.
 *
 * Absence is emulated by skipping the call (number -1) and returning the
 * errno the old kernel gave; presence is left to the real kernel. Filter
 * programs are rewritten for the length of the call so actions the
 * personality lacks behave as an old kernel treats unknown actions (kill).
 */
#include "pt.h"
#include "sp_abi.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* seccomp(2) filter flags and the probe row that dates each. */
static const struct {
	unsigned long flag;
	enum sp_probe_id id;
} flag_rows[] = {
	{ SP_FLAG_TSYNC, SP_PROBE_TSYNC },
	{ SP_FLAG_LOG, SP_PROBE_FLAG_LOG },
	{ SP_FLAG_SPEC_ALLOW, SP_PROBE_SPEC_ALLOW },
	{ SP_FLAG_NEW_LISTENER, SP_PROBE_NEW_LISTENER },
	{ SP_FLAG_TSYNC_ESRCH, SP_PROBE_TSYNC_ESRCH },
	{ SP_FLAG_WAIT_KILLABLE_RECV, SP_PROBE_WAIT_KILLABLE_RECV },
};

/* Filter return actions (SECCOMP_RET_ACTION_FULL part) and their probe row. */
static const struct {
	uint32_t action;
	enum sp_probe_id id;
} action_rows[] = {
	{ SP_RET_KILL_PROCESS, SP_PROBE_KILL_PROCESS },
	{ SP_RET_KILL_THREAD, SP_PROBE_KILL },
	{ SP_RET_TRAP, SP_PROBE_TRAP },
	{ SP_RET_ERRNO, SP_PROBE_ERRNO },
	{ SP_RET_USER_NOTIF, SP_PROBE_USER_NOTIF },
	{ SP_RET_TRACE, SP_PROBE_TRACE },
	{ SP_RET_LOG, SP_PROBE_LOG },
	{ SP_RET_ALLOW, SP_PROBE_FILTER },
};

/* seccomp(2) operations and their probe row. */
static const struct {
	unsigned long op;
	enum sp_probe_id id;
} op_rows[] = {
	{ SP_SECCOMP_SET_MODE_STRICT, SP_PROBE_SECCOMP_SYSCALL },
	{ SP_SECCOMP_SET_MODE_FILTER, SP_PROBE_SECCOMP_SYSCALL },
	{ SP_SECCOMP_GET_ACTION_AVAIL, SP_PROBE_GET_ACTION_AVAIL },
	{ SP_SECCOMP_GET_NOTIF_SIZES, SP_PROBE_USER_NOTIF },   /* 5.0, with the listener */
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define UTS_LEN 65
#define UTS_RELEASE_OFF (2 * UTS_LEN)
#define UTS_MACHINE_OFF (4 * UTS_LEN)

static void note(struct pt_run *run, const struct pt_thread *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(struct pt_run *run, const struct pt_thread *t, const char *fmt, ...)
{
	va_list ap;
	run->rewrites++;
	if (!run->log)
		return;
	fprintf(run->log, "personality %s: tid %d: ", run->pers->name, (int)t->tid);
	va_start(ap, fmt);
	vfprintf(run->log, fmt, ap);
	va_end(ap);
	fputc('\n', run->log);
}

static const char *errno_name(int err)
{
	switch (err) {
	case ENOSYS: return "ENOSYS";
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: return "an errno";
	}
}

/* Skip the call; at exit it returns -@err. */
static void fail_call(struct pt_run *run, struct pt_thread *t, int err, const char *why)
{
	pt_tracee_set_syscall(t->tid, t->abi, -1);
	t->fix = PT_FIX_RETURN;
	t->fix_value = -err;
	note(run, t, "%s -> %s", why, errno_name(err));
}

static bool has(const struct pt_run *run, const struct pt_thread *t, enum sp_probe_id id)
{
	return pt_has(run->pers, id, t->abi);
}

/* Replaces return actions the personality lacks by RET_KILL, as kernels
 * before 4.14 (action masked, unknown -> kill) and after it (default ->
 * kill) do. The originals go back at the exit stop. */
static void rewrite_program(struct pt_run *run, struct pt_thread *t, unsigned long fprog)
{
	unsigned char hdr[16];
	uint16_t len;
	unsigned long filter = 0;
	if (!fprog || pt_mem_read(t->tid, fprog, hdr, 2 * t->abi->ptr_size) != 0)
		return;   /* the kernel will say EFAULT itself */
	memcpy(&len, hdr, sizeof(len));
	if (t->abi->ptr_size == 8) {
		uint64_t p;
		memcpy(&p, hdr + 8, 8);
		filter = (unsigned long)p;
	} else {
		uint32_t p;
		memcpy(&p, hdr + 4, 4);
		filter = p;
	}
	if (len == 0 || len > PT_MAX_PROG)
		return;
	size_t bytes = (size_t)len * 8;
	uint32_t *prog = malloc(bytes), *orig = malloc(bytes);
	if (!prog || !orig || pt_mem_read(t->tid, filter, prog, bytes) != 0) {
		free(prog);
		free(orig);
		return;
	}
	memcpy(orig, prog, bytes);
	unsigned changed = 0;
	for (size_t i = 0; i < len; i++) {
		uint16_t code;
		memcpy(&code, &prog[2 * i], sizeof(code));
		if (code != SP_BPF_RET_K)
			continue;
		uint32_t action = prog[2 * i + 1] & 0xffff0000u;
		for (size_t a = 0; a < ARRAY_LEN(action_rows); a++)
			if (action_rows[a].action == action && !has(run, t, action_rows[a].id)) {
				prog[2 * i + 1] = SP_RET_KILL_THREAD;
				changed++;
			}
	}
	if (!changed || pt_mem_write(t->tid, filter, prog, bytes) != 0) {
		free(prog);
		free(orig);
		return;
	}
	free(prog);
	t->fix = PT_FIX_RESTORE_PROG;
	t->saved_prog = orig;
	t->fix_addr = filter;
	t->fix_len = (unsigned)bytes;
	note(run, t, "filter program: %u return action(s) unknown to %s made RET_KILL", changed,
	     run->pers->name);
}

static void prctl_entry(struct pt_run *run, struct pt_thread *t, const struct pt_call *c)
{
	int option = (int)c->args[0];
	if ((option == SP_PR_SET_SECCOMP || option == SP_PR_GET_SECCOMP) &&
	    !pt_has_prctl_seccomp(run->pers, t->abi)) {
		fail_call(run, t, EINVAL, pt_has(run->pers, SP_PROBE_STRICT, t->abi) ?
			  "prctl(PR_SET/GET_SECCOMP) before 2.6.23" :
			  "prctl(PR_SET/GET_SECCOMP) without seccomp on this arch");
		return;
	}
	if (option == SP_PR_SET_SECCOMP && c->args[1] == SP_SECCOMP_MODE_FILTER) {
		if (!has(run, t, SP_PROBE_FILTER))
			fail_call(run, t, EINVAL, "prctl(PR_SET_SECCOMP, 2)");
		else
			rewrite_program(run, t, c->args[2]);
		return;
	}
	if ((option == SP_PR_SET_NO_NEW_PRIVS || option == SP_PR_GET_NO_NEW_PRIVS) &&
	    !has(run, t, SP_PROBE_NO_NEW_PRIVS))
		fail_call(run, t, EINVAL, "prctl(PR_SET/GET_NO_NEW_PRIVS)");
}

static void seccomp_entry(struct pt_run *run, struct pt_thread *t, const struct pt_call *c)
{
	/* seccomp(unsigned int op, unsigned int flags, void *): the kernel sees 32 bits. */
	unsigned long op = (uint32_t)c->args[0], flags = (uint32_t)c->args[1];
	if (!has(run, t, SP_PROBE_SECCOMP_SYSCALL)) {
		fail_call(run, t, ENOSYS, "seccomp(2)");
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(op_rows); i++)
		if (op_rows[i].op == op && !has(run, t, op_rows[i].id)) {
			fail_call(run, t, EINVAL, "seccomp(2) operation newer than the personality");
			return;
		}
	if (op == SP_SECCOMP_SET_MODE_FILTER) {
		for (size_t i = 0; i < ARRAY_LEN(flag_rows); i++)
			if ((flags & flag_rows[i].flag) && !has(run, t, flag_rows[i].id)) {
				fail_call(run, t, EINVAL, "seccomp(SET_MODE_FILTER) flag newer than the personality");
				return;
			}
		rewrite_program(run, t, c->args[2]);
	} else if (op == SP_SECCOMP_GET_ACTION_AVAIL && c->args[2]) {
		uint32_t action;
		if (pt_mem_read(t->tid, c->args[2], &action, sizeof(action)) != 0)
			return;
		for (size_t i = 0; i < ARRAY_LEN(action_rows); i++)
			if (action_rows[i].action == action && !has(run, t, action_rows[i].id))
				fail_call(run, t, EOPNOTSUPP, "GET_ACTION_AVAIL of an action newer than the personality");
	}
}

/* The thread group of @tid (its Tgid: line), or @tid itself when unreadable. */
static pid_t tgid_of(pid_t tid)
{
	char path[40], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tid;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	const char *tg = strstr(buf, "\nTgid:");
	return tg ? (pid_t)strtol(tg + 7, NULL, 10) : tid;
}

/* Appends "/@part" to @out (length *@len); -1 when it does not fit. */
static int push_part(char *out, size_t cap, size_t *len, const char *part)
{
	size_t pl = strlen(part);
	if (*len + 1 + pl + 1 > cap)
		return -1;
	out[(*len)++] = '/';
	memcpy(out + *len, part, pl);
	*len += pl;
	return 0;
}

/*
 * The absolute, normalized form of path @path as tracee @tid opens it
 * relative to @dirfd (AT_FDCWD: its working directory): "//", "." and ".."
 * resolved; /proc/self and /proc/thread-self replaced by what the kernel's
 * symlinks name (<tgid>, <tgid>/task/<tid>) before a ".." can climb out of
 * them; other symlinks are not followed. Sets *@thread_self when the path
 * went through /proc/thread-self. Returns 0, or -1 (unreadable cwd or dirfd,
 * too long).
 */
static int tracee_abs_path(pid_t tid, long dirfd, const char *path, char *out, size_t cap,
			   bool *thread_self)
{
	char joined[2 * PATH_MAX], link[64], num[24];
	*thread_self = false;
	if (path[0] == '/') {
		snprintf(joined, sizeof(joined), "%s", path);
	} else {
		if (dirfd == AT_FDCWD)
			snprintf(link, sizeof(link), "/proc/%d/cwd", (int)tid);
		else
			snprintf(link, sizeof(link), "/proc/%d/fd/%ld", (int)tid, dirfd);
		ssize_t n = readlink(link, joined, PATH_MAX);
		if (n <= 0 || joined[0] != '/')
			return -1;
		joined[n] = '\0';
		size_t used = (size_t)n;
		if (snprintf(joined + used, sizeof(joined) - used, "/%s", path) >= (int)(sizeof(joined) - used))
			return -1;
	}
	size_t len = 0;
	for (char *save = NULL, *part = strtok_r(joined, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (strcmp(part, ".") == 0)
			continue;
		if (strcmp(part, "..") == 0) {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			continue;
		}
		bool at_proc = len == 5 && memcmp(out, "/proc", 5) == 0;
		if (at_proc && strcmp(part, "self") == 0) {
			snprintf(num, sizeof(num), "%d", (int)tgid_of(tid));
			if (push_part(out, cap, &len, num) != 0)
				return -1;
		} else if (at_proc && strcmp(part, "thread-self") == 0) {
			*thread_self = true;
			snprintf(num, sizeof(num), "%d", (int)tgid_of(tid));
			if (push_part(out, cap, &len, num) != 0 || push_part(out, cap, &len, "task") != 0)
				return -1;
			snprintf(num, sizeof(num), "%d", (int)tid);
			if (push_part(out, cap, &len, num) != 0)
				return -1;
		} else if (push_part(out, cap, &len, part) != 0) {
			return -1;
		}
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	return 0;
}

/*
 * "/proc/<N>[/task/<M>]/<rest>" (a path from tracee_abs_path, so self and
 * thread-self are already numbers): returns <rest>, or NULL.
 */
static const char *proc_pid_file(const char *path)
{
	if (strncmp(path, "/proc/", 6) != 0)
		return NULL;
	const char *p = path + 6;
	if (*p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p != '/')
		return NULL;
	const char *rest = p + 1;
	if (strncmp(rest, "task/", 5) == 0 && rest[5] >= '0' && rest[5] <= '9') {
		const char *q = rest + 5;
		while (*q >= '0' && *q <= '9')
			q++;
		if (*q == '/')
			rest = q + 1;
	}
	return rest;
}

/* Writes @text to a new file in the run's temp dir and points the path
 * argument @arg of the call at it (the name goes below the stack pointer). */
static void redirect_path(struct pt_thread *t, const struct pt_call *c, int arg, const char *target,
			  bool temp)
{
	size_t len = strlen(target) + 1;
	unsigned long where = (c->sp - t->abi->red_zone - 512) & ~15ul;
	if (pt_mem_write(t->tid, where, target, len) != 0 ||
	    pt_tracee_set_arg(t->tid, t->abi, arg, where) != 0) {
		if (temp)
			unlink(target);
		return;
	}
	if (temp) {
		t->fix = PT_FIX_UNLINK;
		snprintf(t->tmp_path, sizeof(t->tmp_path), "%s", target);
	}
}

/* /proc/<pid>/status as the personality shows it: lines it lacks removed. */
static void status_entry(struct pt_run *run, struct pt_thread *t, const struct pt_call *c, int arg,
			 const char *path, const char *real)
{
	char text[16384], tmp[256];
	static unsigned serial;
	int fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return;
	text[n] = '\0';
	snprintf(tmp, sizeof(tmp), "%s/status.%d.%u", run->tmp_dir, (int)t->tid, serial++);
	FILE *out = fopen(tmp, "w");
	if (!out)
		return;
	unsigned dropped = 0;
	for (char *line = text; *line; ) {
		char *nl = strchr(line, '\n');
		size_t l = nl ? (size_t)(nl - line) + 1 : strlen(line);
		char *colon = memchr(line, ':', l);
		if (colon && !pt_status_line_shown(run->pers, t->abi, line, (size_t)(colon - line)))
			dropped++;
		else
			fwrite(line, 1, l, out);
		line += l;
	}
	if (fclose(out) != 0) {
		unlink(tmp);
		return;
	}
	redirect_path(t, c, arg, tmp, true);
	note(run, t, "open(%s): served with %u line(s) the personality lacks removed", path, dropped);
}

static void open_entry(struct pt_run *run, struct pt_thread *t, const struct pt_call *c, int arg,
		       long dirfd, int flags)
{
	char given[PATH_MAX], path[PATH_MAX];
	bool thread_self;
	if (pt_mem_read_string(t->tid, c->args[arg], given, sizeof(given)) != 0 ||
	    tracee_abs_path(t->tid, dirfd, given, path, sizeof(path), &thread_self) != 0)
		return;
	const char *rest = proc_pid_file(path);
	if (thread_self && run->pers->kv < SP_KV(3, 17, 0)) {
		/* /proc/thread-self came in 3.17. */
		fail_call(run, t, ENOENT, "open(/proc/thread-self/...) before 3.17");
	} else if (rest && strcmp(rest, "status") == 0) {
		status_entry(run, t, c, arg, path, path);
	} else if (rest && strcmp(rest, "seccomp") == 0 && !pt_has_prctl_seccomp(run->pers, t->abi) &&
		   has(run, t, SP_PROBE_STRICT) &&
		   (flags & O_ACCMODE) != O_RDONLY) {
		/* 2.6.12-2.6.22: writing "1" here is strict mode; see PT_FIX_STRICT_WRITE.
		 * The fd itself is an empty temp file (no /dev/null needed in a guest). */
		char tmp[256];
		static unsigned serial;
		snprintf(tmp, sizeof(tmp), "%s/seccomp.%d.%u", run->tmp_dir, (int)t->tid, serial++);
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0)
			return;
		close(fd);
		redirect_path(t, c, arg, tmp, true);
		t->fix = PT_FIX_PROC_SECCOMP;
		note(run, t, "open(%s) for writing: emulated (before 2.6.23)", path);
	} else if (strncmp(path, "/proc/sys/kernel/seccomp", 24) == 0 &&
		   (path[24] == '\0' || path[24] == '/') && !pt_has_seccomp_sysctl(run->pers)) {
		fail_call(run, t, ENOENT, "open(/proc/sys/kernel/seccomp/...) before 4.14");
	}
}

static int *tracked_fd(struct pt_thread *t, long fd)
{
	for (int i = 0; i < PT_MAX_FDS; i++)
		if (t->proc_seccomp_fds[i] == fd && fd >= 0)
			return &t->proc_seccomp_fds[i];
	return NULL;
}

static void write_entry(struct pt_run *run, struct pt_thread *t, const struct pt_call *c)
{
	char first = 0;
	if (!tracked_fd(t, (long)c->args[0]))
		return;
	if (c->args[2] < 1 || pt_mem_read(t->tid, c->args[1], &first, 1) != 0 || first != '1') {
		fail_call(run, t, EINVAL, "write to /proc/self/seccomp of anything but \"1\"");
		return;
	}
	/* The real kernel enters strict mode for us. */
	pt_tracee_set_syscall(t->tid, t->abi, t->abi->nr_prctl);
	pt_tracee_set_arg(t->tid, t->abi, 0, SP_PR_SET_SECCOMP);
	pt_tracee_set_arg(t->tid, t->abi, 1, SP_SECCOMP_MODE_STRICT);
	pt_tracee_set_arg(t->tid, t->abi, 2, 0);
	t->fix = PT_FIX_STRICT_WRITE;
	t->fix_value = (long)c->args[2];
	note(run, t, "write(\"1\") to /proc/self/seccomp -> prctl(PR_SET_SECCOMP, 1)");
}

void pt_rewrite_entry(struct pt_run *run, struct pt_thread *t, const struct pt_call *c)
{
	const char *name = NULL;
	t->fix = PT_FIX_NONE;
	t->abi = pt_abi_by_audit_arch(c->audit_arch);
	if (!t->abi)
		return;
	uint32_t since = pt_syscall_since(t->abi, c->nr, &name);
	if (since > run->pers->kv) {
		char why[96];
		snprintf(why, sizeof(why), "%s (new in %u.%u.%u)", name, SP_KV_MAJOR(since), SP_KV_MINOR(since),
			 since & 0xff);
		fail_call(run, t, ENOSYS, why);
	} else if (c->nr == t->abi->sp->seccomp_nr) {
		seccomp_entry(run, t, c);
	} else if (c->nr == t->abi->nr_prctl) {
		prctl_entry(run, t, c);
	} else if (c->nr == t->abi->nr_uname) {
		t->fix = PT_FIX_UNAME;
		t->fix_addr = c->args[0];
	} else if (c->nr == t->abi->nr_open) {
		open_entry(run, t, c, 0, AT_FDCWD, (int)c->args[1]);
	} else if (c->nr == t->abi->nr_openat) {
		open_entry(run, t, c, 1, (long)(int)c->args[0], (int)c->args[2]);
	} else if (c->nr == t->abi->nr_write) {
		write_entry(run, t, c);
	} else if (c->nr == t->abi->nr_ptrace && c->args[0] == 0 /* PTRACE_TRACEME */) {
		/* Only one tracer per thread: hand this one to its parent. From here
		 * on its calls are the real kernel's (see the report's limits). */
		t->detach = true;
		note(run, t, "ptrace(PTRACE_TRACEME): thread leaves the emulation for its parent");
	} else if (c->nr == t->abi->nr_close) {
		int *slot = tracked_fd(t, (long)c->args[0]);
		if (slot)
			*slot = -1;
	}
}

static void rewrite_uname(struct pt_run *run, struct pt_thread *t)
{
	char field[UTS_LEN];
	if (pt_tracee_get_return(t->tid) != 0)
		return;
	memset(field, 0, sizeof(field));
	snprintf(field, sizeof(field), "%s", run->pers->release);
	pt_mem_write(t->tid, t->fix_addr + UTS_RELEASE_OFF, field, sizeof(field));
	memset(field, 0, sizeof(field));
	snprintf(field, sizeof(field), "%s", t->abi->machine);
	pt_mem_write(t->tid, t->fix_addr + UTS_MACHINE_OFF, field, sizeof(field));
	note(run, t, "uname -> %s %s", run->pers->release, t->abi->machine);
}

void pt_rewrite_exit(struct pt_run *run, struct pt_thread *t)
{
	long ret;
	switch (t->fix) {
	case PT_FIX_NONE:
		break;
	case PT_FIX_RETURN:
		pt_tracee_set_return(t->tid, t->fix_value);
		break;
	case PT_FIX_UNAME:
		rewrite_uname(run, t);
		break;
	case PT_FIX_RESTORE_PROG:
		pt_mem_write(t->tid, t->fix_addr, t->saved_prog, t->fix_len);
		free(t->saved_prog);
		t->saved_prog = NULL;
		break;
	case PT_FIX_PROC_SECCOMP:
		unlink(t->tmp_path);
		ret = pt_tracee_get_return(t->tid);
		for (int i = 0; ret >= 0 && i < PT_MAX_FDS; i++)
			if (t->proc_seccomp_fds[i] < 0) {
				t->proc_seccomp_fds[i] = (int)ret;
				break;
			}
		break;
	case PT_FIX_STRICT_WRITE:
		if (pt_tracee_get_return(t->tid) == 0)
			pt_tracee_set_return(t->tid, t->fix_value);
		break;
	case PT_FIX_UNLINK:
		unlink(t->tmp_path);
		break;
	}
	t->fix = PT_FIX_NONE;
}
