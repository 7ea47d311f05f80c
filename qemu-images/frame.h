// SPDX-License-Identifier: MIT
/*
 * frame.h - write one result section on the console, framed so the host can
 * tell a complete section from a truncated or garbled one:
 *
 *   @@SP-BEGIN <section>@@\n
 *   <payload bytes, made to end with "\n" unless empty>
 *   @@SP-END <section> bytes=<N> crc32=<8 lowercase hex> start=<S> end=<E> rc=<rc>@@\n
 *
 * N and crc32 (IEEE CRC-32, as zlib computes it) cover exactly the payload:
 * the bytes after the BEGIN line's "\n" up to the first byte of the END line.
 * S and E: CLOCK_MONOTONIC seconds (3 decimals) when the section began and
 * ended; in the guest that clock starts near the kernel's boot.
 * After all sections: @@SP-DONE sections=<count> at=<seconds>@@\n
 *
 * A payload can never forge a frame line: every "@@SP-" in it is written as
 * "@@sp-" (the host's patterns are case-sensitive), also across writes; N and
 * crc32 cover the bytes as written.
 */
#ifndef SP_FRAME_H
#define SP_FRAME_H

#include <stddef.h>
#include <stdint.h>

struct sp_frame {
	int fd;              /* where the frame goes (the console) */
	const char *section; /* section name, [a-z0-9_-]+ */
	uint64_t bytes;      /* payload bytes written so far */
	uint32_t crc;        /* CRC-32 of those bytes */
	int last;            /* last payload byte, -1 before the first */
	int64_t start_ms;    /* CLOCK_MONOTONIC ms at sp_frame_begin() */
	char held[4];        /* a tail that may start a "@@SP-": not yet written */
	unsigned nheld;      /* bytes in held */
};

/* sp_clock_ms - CLOCK_MONOTONIC in milliseconds (clock_gettime, 2.6). */
int64_t sp_clock_ms(void);

/* sp_write_all - write len bytes to fd, retrying on EINTR and short writes.
 * Returns 0, or -errno of the first failed write (the rest is dropped). */
int sp_write_all(int fd, const void *buf, size_t len);

/* sp_section_name_ok - 1 when name is a non-empty [a-z0-9_-]+ of at most 32
 * characters (what the host parser accepts), else 0. */
int sp_section_name_ok(const char *name);

/* sp_frame_begin - start section `section` on fd: writes the BEGIN line. */
void sp_frame_begin(struct sp_frame *f, int fd, const char *section);

/* sp_frame_data - append len payload bytes (written at once, counted and
 * checksummed even if the console write fails: the host then sees a
 * mismatch, never a false match). "@@SP-" becomes "@@sp-"; up to 4 bytes
 * that could begin one are held until the next call or sp_frame_end(). */
void sp_frame_data(struct sp_frame *f, const void *buf, size_t len);

/* sp_frame_text - sp_frame_data for a NUL-terminated string. */
void sp_frame_text(struct sp_frame *f, const char *text);

/* sp_frame_end - end the section: adds "\n" to a non-empty payload that
 * lacks one, then writes the END line with `rc` (an exit code, "sig:N",
 * "timeout" or "absent") and the begin and end times. */
void sp_frame_end(struct sp_frame *f, const char *rc);

/* sp_frame_done - write the closing "@@SP-DONE sections=<count> at=<s>@@" line. */
void sp_frame_done(int fd, unsigned count);

#endif
