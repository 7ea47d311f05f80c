// SPDX-License-Identifier: MIT
/* cli_main.c - seccomp-probe: pick the subcommand, nothing else. */
#include "cli.h"

#include <string.h>

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} subcommands[] = {
	{ "probe", sp_cli_probe },
	{ "kconfig", sp_cli_kconfig },
};

int main(int argc, char **argv)
{
	if (argc > 1)
		for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
			if (strcmp(argv[1], subcommands[i].name) == 0)
				return subcommands[i].run(argc - 1, argv + 1);
	return sp_cli_probe(argc, argv);
}
