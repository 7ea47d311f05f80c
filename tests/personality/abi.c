// SPDX-License-Identifier: MIT
/*
 * abi.c - the system call ABIs a tracee may use: the numbers of the calls the
 * harness rewrites, one row per arch. seccomp(2)'s number and the arch's
 * filter-mode release come from the probe's arch table (probes/arch.c).
 */
#include "pt.h"

#include <string.h>

static struct pt_abi abis[] = {
	/* arch, machine, AUDIT_ARCH, ptr, red zone, prctl uname open openat write close ptrace */
	{ "x86_64", "x86_64", 0xc000003eu, 8, 128, 157, 63, 2, 257, 1, 3, 101, NULL },
	{ "i386", "i686", 0x40000003u, 4, 0, 172, 122, 5, 295, 4, 6, 26, NULL },
	{ "arm", "armv7l", 0x40000028u, 4, 0, 172, 122, 5, 322, 4, 6, 26, NULL },
	{ "arm64", "aarch64", 0xc00000b7u, 8, 0, 167, 160, -1, 56, 64, 57, 117, NULL },
};

#define N_ABIS (sizeof(abis) / sizeof(abis[0]))

static void link_probe_rows(void)
{
	for (size_t i = 0; i < N_ABIS; i++)
		if (!abis[i].sp)
			abis[i].sp = sp_arch_by_machine(abis[i].machine);
}

const struct pt_abi *pt_abi_by_audit_arch(uint32_t audit_arch)
{
	link_probe_rows();
	for (size_t i = 0; i < N_ABIS; i++)
		if (abis[i].audit_arch == audit_arch && abis[i].sp)
			return &abis[i];
	return NULL;
}

const struct pt_abi *pt_abi_by_name(const char *arch)
{
	link_probe_rows();
	for (size_t i = 0; arch && i < N_ABIS; i++)
		if (strcmp(abis[i].arch, arch) == 0 && abis[i].sp)
			return &abis[i];
	return NULL;
}
