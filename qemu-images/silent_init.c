// SPDX-License-Identifier: MIT
/*
 * silent_init.c - a test /init that writes nothing and powers off: the host
 * runner must call its console NO-RESULT. Mounts proc and sysfs only to pick
 * the power-off method (sysinit.h); never exits as PID 1.
 */
#include "boot_options.h"
#include "sysinit.h"

#include <sys/mount.h>
#include <unistd.h>

int main(void)
{
	char why[96];
	int cmd;

	if (getpid() != 1)
		return 2;
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	cmd = sp_poweroff_choose(SP_POWEROFF_AUTO, why, sizeof(why));
	sp_poweroff(cmd, -1, NULL);
}
