// SPDX-License-Identifier: MIT
/*
 * sysinit.h - what /init does to the system before and after the sections:
 * mounts, device nodes, console set-up, power-off and the watchdog. Every
 * step is optional: a failure is written to the report, never fatal.
 * Only system calls present in Linux 2.6.29 (mount, mknod, syslog, ioctl
 * TCGETS/TCSETS, fork, nanosleep, reboot).
 */
#ifndef SP_SYSINIT_H
#define SP_SYSINIT_H

#include "boot_options.h"

#include <stddef.h>

/* A growing text report (truncated silently when full). */
struct sp_text {
	char buf[4096];
	size_t len;
};

/* sp_text_printf - append printf-formatted text to t. */
void sp_text_printf(struct sp_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* sp_mount_all - mount proc on /proc, sysfs on /sys, devtmpfs on /dev (tmpfs
 * when the kernel has no devtmpfs: before 2.6.32), then make sure /dev holds
 * console (5,1), null (1,3) and zero (1,5). One report line per step. */
void sp_mount_all(struct sp_text *report);

/* sp_console_setup - make fds 0, 1, 2 valid (opening /dev/console when the
 * kernel could not), set the console loglevel (syslog action 8) unless
 * loglevel is -1, and clear OPOST on the console tty unless keep_onlcr.
 * Returns the fd to write frames to (1). */
int sp_console_setup(const struct sp_boot_options *o, struct sp_text *report);

/* sp_poweroff_choose - the reboot(2) command to end the machine with:
 * RB_POWER_OFF when the kernel shows a power-off driver (ACPI on x86, PSCI
 * on ARM) or mode says poweroff; RB_AUTOBOOT otherwise (with QEMU's
 * -no-reboot that ends QEMU too). why gets a short reason. */
int sp_poweroff_choose(enum sp_poweroff_mode mode, char *why, size_t why_len);

/* sp_poweroff - end the machine with cmd, falling back to RB_AUTOBOOT when
 * reboot(2) returns; never returns (sleeps forever if both fail, since PID 1
 * must not exit). msg (may be NULL) is written to fd first. */
void sp_poweroff(int cmd, int fd, const char *msg) __attribute__((noreturn));

/* sp_watchdog_start - fork a process that powers the machine off with cmd
 * after seconds, whatever PID 1 is doing; also arms alarm(seconds + 5) in
 * the caller as a second line. Returns the watchdog's pid or -errno. */
int sp_watchdog_start(unsigned seconds, int cmd, int fd);

#endif
