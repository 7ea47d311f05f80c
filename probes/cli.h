/* SPDX-License-Identifier: MIT */
/* cli.h - subcommands of the seccomp-probe CLI; each returns the exit code. */
#ifndef SP_CLI_H
#define SP_CLI_H

/* Exit codes shared by every subcommand (DESIGN.md). */
enum {
	SP_EXIT_OK = 0,        /* requirement met / all passed */
	SP_EXIT_NOT_MET = 1,   /* a requirement not met */
	SP_EXIT_USAGE = 2,     /* bad usage or unreadable input */
	SP_EXIT_FAILED = 3,    /* the probe or run itself failed */
};

int sp_cli_probe(int argc, char **argv);
int sp_cli_kconfig(int argc, char **argv);

#endif
