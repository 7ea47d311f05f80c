// SPDX-License-Identifier: MIT
/* section.h - run one section program under a deadline, streaming its
 * stdout+stderr into a frame (frame.h). */
#ifndef SP_SECTION_H
#define SP_SECTION_H

#include "frame.h"

#include <stddef.h>

/* Room for the rc text: "timeout", "sig:NN", "-NNN", "absent". */
#define SP_RC_LEN 16

/*
 * sp_section_run - fork, exec argv[0] (absolute path) with argv and envp in
 * a new process group, stdin from /dev/null, stdout and stderr into a pipe
 * whose bytes go to f as they arrive. Waits at most timeout_s seconds
 * (monotonic clock) from the fork; past it the whole process group is killed
 * with SIGKILL. When the program exits first, what is left of its process
 * group is killed too and the pipe drained for up to 0.5 s.
 * rc receives the outcome: the exit code ("127" when exec failed, with the
 * reason in the payload), "sig:N" when a signal ended it, "timeout".
 * Returns 0, or -errno when the pipe or fork failed (rc then holds
 * "error", and a line saying why is in the payload).
 * Uses only system calls Linux 2.6.29 has (pipe, fork/clone, setpgid, dup2,
 * execve, poll/ppoll, read, wait4, kill, clock_gettime, nanosleep).
 */
int sp_section_run(struct sp_frame *f, char *const argv[], char *const envp[],
		   unsigned timeout_s, char rc[SP_RC_LEN]);

/* sp_reap_others - reap every exited child without blocking (PID 1 inherits
 * orphans); returns how many were reaped. */
int sp_reap_others(void);

#endif
