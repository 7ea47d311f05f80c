// SPDX-License-Identifier: MIT
/*
 * boot_options.h - the sp.* options /init reads from the kernel command line
 * (/proc/cmdline: dotted options never reach init's argv or environment).
 *
 *   sp.timeout=S          deadline of every section, seconds (1..86400)
 *   sp.watchdog=S         global deadline from init's start, seconds; past it
 *                         the machine is powered off whatever runs
 *   sp.sections=a,b       which sections run (probe, kconfig, selftests);
 *                         the init section always comes first
 *   sp.expect_backport=X  passed to selftests as --expect-backport X
 *   sp.require=a,b        passed to the kconfig section as --require a,b (the
 *                         capabilities the user expects; default: all)
 *   sp.loglevel=N         console loglevel to set (0..8, default 4: only
 *                         KERN_ERR and worse reach the console); -1 leaves it
 *   sp.poweroff=M         auto (default), poweroff or reboot
 *   sp.onlcr=1            keep the console's "\n" -> "\r\n" translation
 *                         (default: cleared, so payload bytes are exact)
 */
#ifndef SP_BOOT_OPTIONS_H
#define SP_BOOT_OPTIONS_H

#include <stddef.h>

enum sp_poweroff_mode { SP_POWEROFF_AUTO, SP_POWEROFF_POWEROFF, SP_POWEROFF_REBOOT };

struct sp_boot_options {
	unsigned timeout_s;        /* 0: each section's default */
	unsigned watchdog_s;       /* 0: sum of the section deadlines + margin */
	char sections[128];        /* "": every section */
	char expect_backport[64];  /* "": not passed */
	char require[64];          /* "": not passed (kconfig's default: all) */
	int loglevel;              /* -1: leave the kernel's */
	enum sp_poweroff_mode poweroff;
	int keep_onlcr;
	char problems[256];        /* unknown or bad sp.* words, space separated */
};

/*
 * sp_boot_options_parse - fill o from a kernel command line (NUL-terminated,
 * words separated by white space; a trailing newline is fine). Words that do
 * not start with "sp." are ignored. Unknown sp.* options and bad values are
 * not fatal: they keep their default and are listed in o->problems.
 * Never fails.
 */
void sp_boot_options_parse(const char *cmdline, struct sp_boot_options *o);

#endif
