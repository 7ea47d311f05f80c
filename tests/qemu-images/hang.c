// SPDX-License-Identifier: MIT
/* hang.c - a section program that never ends (boot check of the deadlines). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	signal(SIGTERM, SIG_IGN);
	puts("hang: waiting forever");
	fflush(stdout);
	for (;;)
		pause();
}
