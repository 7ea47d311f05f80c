// SPDX-License-Identifier: MIT
/*
 * guest_init.c - /init of the personality guest: for arches whose binaries
 * cannot be traced on this host (arm: qemu-user has no ptrace and refuses
 * clone() with exit signal 0), boot a real kernel of that arch under QEMU
 * and run the harness natively there. Mounts /proc, runs
 *   /bin/personality-check -a ARCH (from /arch) against /bin/seccomp-probe
 * prints its lines between markers and reboots (ends QEMU with -no-reboot).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

static void run(char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	int status = 0;
	if (pid > 0)
		waitpid(pid, &status, 0);
	printf("@@PERSONALITY-RC %s %d@@\n", argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	fflush(stdout);
}

int main(void)
{
	char arch[32] = "arm";
	mount("proc", "/proc", "proc", 0, NULL);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	int fd = open("/arch", O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, arch, sizeof(arch) - 1);
		arch[n > 0 ? n : 0] = '\0';
		arch[strcspn(arch, "\n")] = '\0';
		close(fd);
	}
	setenv("TMPDIR", "/tmp", 1);
	printf("@@PERSONALITY-BEGIN %s@@\n", arch);
	fflush(stdout);
	char *check[] = { "/bin/personality-check", "-e", "/expected.tsv", "-a", arch, "-n", "static",
			  "-r", "/bin/personality-run", "-b", "/bin/seccomp-probe", "-o", "/tmp", NULL };
	run(check);
	printf("@@PERSONALITY-END@@\n");
	fflush(stdout);
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
