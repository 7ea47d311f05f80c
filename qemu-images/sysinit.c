// SPDX-License-Identifier: MIT
/* sysinit.c - mounts, device nodes, console, power-off, watchdog for /init. */
#include "sysinit.h"

#include "frame.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define SYSLOG_ACTION_CONSOLE_LEVEL 8

void sp_text_printf(struct sp_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len >= sizeof(t->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < sizeof(t->buf) - t->len ? (size_t)n : sizeof(t->buf) - 1 - t->len;
}

/* Try each file system type in turn; report the outcome on one line. */
static int mount_first(struct sp_text *r, const char *target, const char *const types[])
{
	sp_text_printf(r, "mount %s:", target);
	for (int i = 0; types[i]; i++) {
		if (mount(types[i], target, types[i], MS_NOSUID | MS_NOEXEC, NULL) == 0) {
			sp_text_printf(r, " %s ok\n", types[i]);
			return 0;
		}
		sp_text_printf(r, " %s failed (%s);", types[i], strerror(errno));
	}
	sp_text_printf(r, " none mounted\n");
	return -1;
}

static void ensure_node(struct sp_text *r, const char *path, unsigned maj, unsigned min)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISCHR(st.st_mode)) {
		sp_text_printf(r, "node %s: present (%u,%u)\n", path, major(st.st_rdev),
			       minor(st.st_rdev));
		return;
	}
	if (mknod(path, S_IFCHR | 0666, makedev(maj, min)) == 0)
		sp_text_printf(r, "node %s: created (%u,%u)\n", path, maj, min);
	else
		sp_text_printf(r, "node %s: mknod failed (%s)\n", path, strerror(errno));
}

void sp_mount_all(struct sp_text *r)
{
	static const char *const proc[] = { "proc", NULL };
	static const char *const sys[] = { "sysfs", NULL };
	static const char *const dev[] = { "devtmpfs", "tmpfs", NULL };

	mount_first(r, "/proc", proc);
	mount_first(r, "/sys", sys);
	/* /dev must allow device nodes: no MS_NODEV; MS_NOEXEC is harmless. */
	mount_first(r, "/dev", dev);
	ensure_node(r, "/dev/console", 5, 1);
	ensure_node(r, "/dev/null", 1, 3);
	ensure_node(r, "/dev/zero", 1, 5);
}

int sp_console_setup(const struct sp_boot_options *o, struct sp_text *r)
{
	struct termios tio;

	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		int c = open("/dev/console", fd == 0 ? O_RDONLY : O_WRONLY | O_NOCTTY);
		if (c >= 0 && c != fd) {
			dup2(c, fd);
			close(c);
		}
		sp_text_printf(r, "fd %d: %s\n", fd, c >= 0 ? "opened /dev/console" : strerror(errno));
	}
	if (o->loglevel >= 0) {
		if (klogctl(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, o->loglevel) == 0)
			sp_text_printf(r, "console loglevel: %d\n", o->loglevel);
		else
			sp_text_printf(r, "console loglevel: not set (%s)\n", strerror(errno));
	}
	if (o->keep_onlcr) {
		sp_text_printf(r, "console output: translated by the tty\n");
	} else if (tcgetattr(1, &tio) == 0) {
		tio.c_oflag &= ~(tcflag_t)OPOST;
		if (tcsetattr(1, TCSANOW, &tio) == 0)
			sp_text_printf(r, "console output: raw (OPOST cleared)\n");
		else
			sp_text_printf(r, "console output: OPOST not cleared (%s)\n", strerror(errno));
	} else {
		sp_text_printf(r, "console output: not a tty (%s)\n", strerror(errno));
	}
	return 1;
}

/* Where each arch shows that reboot(RB_POWER_OFF) can really power off. */
static const struct {
	const char *why;
	const char *path;
} poweroff_evidence[] = {
#if defined(__x86_64__) || defined(__i386__)
	{ "ACPI", "/sys/firmware/acpi" },
	{ "ACPI", "/proc/acpi" },
#endif
#if defined(__arm__) || defined(__aarch64__)
	{ "PSCI", "/proc/device-tree/psci" },
	{ "PSCI", "/sys/firmware/devicetree/base/psci" },
	{ "ACPI", "/sys/firmware/acpi" },
#endif
	{ NULL, NULL },
};

int sp_poweroff_choose(enum sp_poweroff_mode mode, char *why, size_t why_len)
{
	if (mode == SP_POWEROFF_POWEROFF) {
		snprintf(why, why_len, "sp.poweroff=poweroff");
		return RB_POWER_OFF;
	}
	if (mode == SP_POWEROFF_REBOOT) {
		snprintf(why, why_len, "sp.poweroff=reboot");
		return RB_AUTOBOOT;
	}
	for (int i = 0; poweroff_evidence[i].path; i++) {
		if (access(poweroff_evidence[i].path, F_OK) == 0) {
			snprintf(why, why_len, "%s: %s exists", poweroff_evidence[i].why,
				 poweroff_evidence[i].path);
			return RB_POWER_OFF;
		}
	}
	snprintf(why, why_len, "no power-off driver seen (no ACPI/PSCI)");
	return RB_AUTOBOOT;
}

void sp_poweroff(int cmd, int fd, const char *msg)
{
	if (msg)
		(void)sp_write_all(fd, msg, strlen(msg));
	reboot(cmd);
	if (cmd != RB_AUTOBOOT)
		reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

static int alarm_cmd = RB_AUTOBOOT;
static int alarm_fd = 1;

static void on_alarm(int sig)
{
	(void)sig;
	sp_poweroff(alarm_cmd, alarm_fd, "\nsp-init: watchdog alarm: deadline passed, powering off\n");
}

int sp_watchdog_start(unsigned seconds, int cmd, int fd)
{
	struct sigaction sa;
	pid_t pid;

	alarm_cmd = cmd;
	alarm_fd = fd;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(seconds + 5);

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		struct timespec left = { (time_t)seconds, 0 };
		char msg[96];

		setpgid(0, 0);
		while (nanosleep(&left, &left) < 0 && errno == EINTR)
			;
		snprintf(msg, sizeof(msg),
			 "\nsp-init: watchdog: %u s deadline passed, powering off\n", seconds);
		sp_poweroff(cmd, fd, msg);
	}
	return pid;
}
