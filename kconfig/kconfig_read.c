// SPDX-License-Identifier: MIT
/*
 * kconfig_read.c - text buffers, reading a whole file, and finding the
 * running kernel's config. Files are opened read-only and never changed.
 * The bottom of the reader: it calls nothing else of it (kconfig_gzip.c and
 * kconfig_image.c call it, never the other way round).
 */
#include "kconfig_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

void sp_kc_text_free(struct sp_kc_text *t)
{
	if (!t)
		return;
	free(t->data);
	t->data = NULL;
	t->len = t->cap = 0;
}

int sp_kc_text_reserve(struct sp_kc_text *t, size_t more, size_t limit)
{
	if (t->len > limit)
		return -EFBIG;
	bool capped = false;
	if (more > limit - t->len) {
		more = limit - t->len;
		capped = true;
	}
	if (t->cap - t->len >= more && t->data)
		return capped ? -EFBIG : 0;
	size_t cap = t->cap ? t->cap : 4096;
	while (cap - t->len < more)
		cap = cap > limit / 2 ? limit : cap * 2;
	/* One spare byte so callers can NUL-terminate. */
	char *p = realloc(t->data, cap + 1);
	if (!p)
		return -ENOMEM;
	t->data = p;
	t->cap = cap;
	return capped ? -EFBIG : 0;
}

int sp_kc_read_file(const char *path, size_t limit, struct sp_kc_text *out, char why[SP_KC_WHY_LEN])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		int err = errno;
		snprintf(why, SP_KC_WHY_LEN, "%s", strerror(err));
		return -err;
	}
	struct stat st;
	int ret = 0;
	if (fstat(fd, &st) != 0) {
		ret = -errno;
		snprintf(why, SP_KC_WHY_LEN, "%s", strerror(-ret));
	} else if (S_ISDIR(st.st_mode)) {
		ret = -EISDIR;
		snprintf(why, SP_KC_WHY_LEN, "is a directory, not a config file");
	} else if (!S_ISREG(st.st_mode)) {
		ret = -EINVAL;
		snprintf(why, SP_KC_WHY_LEN, "not a regular file");
	} else if ((uint64_t)st.st_size > limit) {
		ret = -EFBIG;
		snprintf(why, SP_KC_WHY_LEN, "file larger than %zu MiB", limit >> 20);
	}
	while (ret == 0) {
		/* /proc files report size 0: read until EOF, within the limit. */
		int rc = sp_kc_text_reserve(out, 64u << 10, limit);
		if (rc == -ENOMEM || (rc == -EFBIG && out->cap == out->len)) {
			ret = rc;
			snprintf(why, SP_KC_WHY_LEN, rc == -ENOMEM ? "out of memory" : "file larger than %zu MiB",
				 limit >> 20);
			break;
		}
		ssize_t n = read(fd, out->data + out->len, out->cap - out->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -EIO;
			snprintf(why, SP_KC_WHY_LEN, "read error: %s", strerror(errno));
			break;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
	}
	close(fd);
	return ret;
}

int sp_kc_find_running(char *path, size_t pathlen, char *searched, size_t searchedlen)
{
	struct utsname u;
	if (uname(&u) != 0)
		u.release[0] = '\0';
	const char *env = getenv("KCONFIG_PATH");
	char candidates[6][320];
	size_t n = 0;
	if (env && *env) {
		snprintf(candidates[n++], sizeof(candidates[0]), "%s", env);
	} else {
		snprintf(candidates[n++], sizeof(candidates[0]), "/proc/config.gz");
		snprintf(candidates[n++], sizeof(candidates[0]), "/boot/config-%s", u.release);
		snprintf(candidates[n++], sizeof(candidates[0]), "/lib/modules/%s/config", u.release);
		snprintf(candidates[n++], sizeof(candidates[0]), "/lib/modules/%s/build/.config", u.release);
		snprintf(candidates[n++], sizeof(candidates[0]), "/usr/src/linux-%s/.config", u.release);
	}
	size_t used = 0;
	if (searchedlen)
		searched[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (used < searchedlen) {
			int w = snprintf(searched + used, searchedlen - used, "%s%s", i ? ", " : "", candidates[i]);
			used += w > 0 ? (size_t)w : 0;
		}
		/* $KCONFIG_PATH is taken as given: reading it reports its own error. */
		if ((env && *env) || access(candidates[i], F_OK) == 0) {
			snprintf(path, pathlen, "%s", candidates[i]);
			return 0;
		}
	}
	return -ENOENT;
}
