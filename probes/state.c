// SPDX-License-Identifier: MIT
/*
 * state.c - what the kernel and the calling process say about themselves:
 * uname, /proc/self/status (Seccomp: 3.8, Seccomp_filters: 5.9,
 * NoNewPrivs: 4.10) and /proc/sys/kernel/seccomp/actions_avail (4.14).
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

void sp_read_process_state(struct sp_ctx *ctx, struct sp_process_state *ps)
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
	sp_process_prctl_state(ctx, ps);
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
