// SPDX-License-Identifier: MIT
/*
 * state.c - what the kernel and the calling process say about themselves:
 * uname, /proc/self/status (Seccomp: 3.8, Seccomp_filters: 5.9,
 * NoNewPrivs: 4.10), /proc/sys/kernel/seccomp/actions_avail (4.14), and
 * whether a user-mode emulator answers for this process.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

/* Reads up to @cap-1 bytes of @path into @buf; returns bytes read or -errno. */
static ssize_t read_small_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t have = 0;
	while (have + 1 < cap) {
		ssize_t n = read(fd, buf + have, cap - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	close(fd);
	buf[have] = '\0';
	return (ssize_t)have;
}

/* Value of "Key:\t<int>" in a status text, or -1 when the line is absent. */
static int status_field(const char *text, const char *key)
{
	size_t klen = strlen(key);
	for (const char *line = text; line && *line; ) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			char *end;
			long v = strtol(line + klen + 1, &end, 10);
			return end == line + klen + 1 || v < 0 || v > 1000000 ? -1 : (int)v;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -1;
}

void sp_read_process_state(struct sp_process_state *ps)
{
	char status[8192];
	memset(ps, 0, sizeof(*ps));
	ps->status_seccomp = ps->status_filters = ps->status_no_new_privs = -1;
	if (read_small_file("/proc/self/status", status, sizeof(status)) > 0) {
		ps->status_seccomp = status_field(status, "Seccomp");
		ps->status_filters = status_field(status, "Seccomp_filters");
		ps->status_no_new_privs = status_field(status, "NoNewPrivs");
	}
	ssize_t n = read_small_file("/proc/sys/kernel/seccomp/actions_avail", ps->actions_avail,
				    sizeof(ps->actions_avail));
	if (n <= 0)
		ps->actions_avail[0] = '\0';
	else
		ps->actions_avail[strcspn(ps->actions_avail, "\n")] = '\0';
}

void sp_read_kernel_info(struct sp_kernel_info *k)
{
	struct utsname u;
	const struct sp_arch *native = sp_arch_native();
	memset(k, 0, sizeof(*k));
	if (uname(&u) == 0) {
		snprintf(k->release, sizeof(k->release), "%s", u.release);
		snprintf(k->machine, sizeof(k->machine), "%s", u.machine);
		if (sp_parse_kernel_version(k->release, &k->version) != 0)
			k->version = 0;
	}
	k->arch = native->name;
	k->audit_arch = native->audit_arch;
}

/* The target of symlink @path in @buf (NUL-terminated); its length, or -1. */
static ssize_t link_text(const char *path, char *buf, size_t cap)
{
	ssize_t n = readlink(path, buf, cap - 1);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/*
 * Both links name the file the kernel runs for this process (mm->exe_file),
 * so they never differ on their own. qemu-user (seen with 7.2) and valgrind
 * answer /proc/self/exe and /proc/<pid>/exe with the guest program, but not
 * /proc/self/task/<tid>/exe, which names the emulator itself. A real
 * executable called qemu-* counts too, should a later emulator hide both.
 */
void sp_detect_emulator(char *path, size_t cap)
{
	char self[512], task[512], link[64];
	path[0] = '\0';
	snprintf(link, sizeof(link), "/proc/self/task/%ld/exe", (long)syscall(SYS_gettid));
	if (link_text(link, task, sizeof(task)) <= 0)
		return;   /* no /proc (or before 2.6.0): nothing to tell */
	const char *slash = strrchr(task, '/');
	const char *base = slash ? slash + 1 : task;
	bool differs = link_text("/proc/self/exe", self, sizeof(self)) > 0 && strcmp(self, task) != 0;
	if (differs || strncmp(base, "qemu-", 5) == 0)
		snprintf(path, cap, "%s", task);
}
