// SPDX-License-Identifier: MIT
/* frame.c - section framing on the console (format in frame.h). */
#include "frame.h"

#include "sp_crc32.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int sp_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int64_t sp_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "12.345": ms as seconds with 3 decimals. */
static void seconds_text(char *out, size_t len, int64_t ms)
{
	snprintf(out, len, "%" PRId64 ".%03d", ms / 1000, (int)(ms % 1000));
}

int sp_section_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > 32)
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == len;
}

void sp_frame_begin(struct sp_frame *f, int fd, const char *section)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "@@SP-BEGIN %s@@\n", section);

	f->fd = fd;
	f->section = section;
	f->bytes = 0;
	f->crc = 0;
	f->last = -1;
	f->nheld = 0;
	f->start_ms = sp_clock_ms();
	(void)sp_write_all(fd, line, (size_t)n);
}

/* What a payload may not contain as written: the start of every frame line. */
static const char FRAME_MARK[] = "@@SP-";
#define FRAME_MARK_LEN (sizeof(FRAME_MARK) - 1)

/* Write, count and checksum len payload bytes as they are. */
static void emit(struct sp_frame *f, const char *buf, size_t len)
{
	if (len == 0)
		return;
	(void)sp_write_all(f->fd, buf, len);
	f->crc = sp_crc32_update(f->crc, buf, len);
	f->bytes += len;
	f->last = (unsigned char)buf[len - 1];
}

void sp_frame_data(struct sp_frame *f, const void *buf, size_t len)
{
	const char *in = buf;
	char out[512], tail[FRAME_MARK_LEN];
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		size_t m = f->nheld;

		if (n + FRAME_MARK_LEN > sizeof(out)) {
			emit(f, out, n);
			n = 0;
		}
		if (m == FRAME_MARK_LEN - 1 && in[i] == '-') {
			/* "@@SP" held, "-" now: the mark, written as "@@sp-". */
			memcpy(out + n, "@@sp-", FRAME_MARK_LEN);
			n += FRAME_MARK_LEN;
			f->nheld = 0;
			continue;
		}
		memcpy(tail, f->held, m);
		tail[m++] = in[i];
		/* Write from the front until what is left could still begin the mark. */
		while (m && memcmp(tail, FRAME_MARK, m) != 0) {
			out[n++] = tail[0];
			memmove(tail, tail + 1, --m);
		}
		memcpy(f->held, tail, m);   /* m < FRAME_MARK_LEN: "@@SP" + not "-" is no prefix */
		f->nheld = (unsigned)m;
	}
	emit(f, out, n);
}

/* Write what is held back: no "-" followed, so it is no mark. */
static void flush_held(struct sp_frame *f)
{
	emit(f, f->held, f->nheld);
	f->nheld = 0;
}

void sp_frame_text(struct sp_frame *f, const char *text)
{
	sp_frame_data(f, text, strlen(text));
}

void sp_frame_end(struct sp_frame *f, const char *rc)
{
	char line[200], start[24], end[24];
	int n;

	flush_held(f);
	if (f->last >= 0 && f->last != '\n')
		emit(f, "\n", 1);
	seconds_text(start, sizeof(start), f->start_ms);
	seconds_text(end, sizeof(end), sp_clock_ms());
	n = snprintf(line, sizeof(line), "@@SP-END %s bytes=%" PRIu64 " crc32=%08" PRIx32
		     " start=%s end=%s rc=%s@@\n", f->section, f->bytes, f->crc, start, end, rc);
	(void)sp_write_all(f->fd, line, (size_t)n);
}

void sp_frame_done(int fd, unsigned count)
{
	char line[64], at[24];
	int n;

	seconds_text(at, sizeof(at), sp_clock_ms());
	n = snprintf(line, sizeof(line), "@@SP-DONE sections=%u at=%s@@\n", count, at);
	(void)sp_write_all(fd, line, (size_t)n);
}
