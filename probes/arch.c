// SPDX-License-Identifier: MIT
/*
 * arch.c - per-architecture data: AUDIT_ARCH, the first mainline filter-mode
 * release and the syscall numbers the probes need. One row per arch.
 */
#include "seccomp_probe.h"

#include <string.h>

static const char *const machines_x86_64[] = { "x86_64", "amd64", NULL };
static const char *const machines_i386[] = { "i386", "i486", "i586", "i686", NULL };
static const char *const machines_arm[] = { "armv7l", "armv7b", "armv6l", "armv5tel",
	"armv5tejl", "armv8l", "arm", NULL };
static const char *const machines_arm64[] = { "aarch64", "arm64", NULL };

/*
 * AUDIT_ARCH values from include/uapi/linux/audit.h. Strict mode (CONFIG_SECCOMP):
 * x86 2.6.12; arm64 3.19, together with filter mode (AKASHI Takahiro's arm64
 * seccomp series, Linaro 2014: arm64 had no seccomp at all before); ARM 2.6.37
 * as we recall its arch support being merged, not confirmed here. What was
 * seen: a full 2.6.29 ARM .config has no SECCOMP symbol at all, an ARM 3.0
 * tree's syscall entry tests _TIF_SECCOMP, and 3.4.113 ARM runs strict mode
 * (DESIGN.md). Filter-mode releases: x86 3.5, ARM 3.8, arm64 3.19.
 * seccomp(2): x86_64 317, i386 354, ARM 383 (3.17 for x86 and ARM), arm64 277.
 */
static const struct sp_arch arch_table[] = {
	{ "x86_64", machines_x86_64, 0xc000003eu, SP_KV(2, 6, 12), SP_KV(3, 5, 0), 317, 110 },
	{ "i386", machines_i386, 0x40000003u, SP_KV(2, 6, 12), SP_KV(3, 5, 0), 354, 64 },
	{ "arm", machines_arm, 0x40000028u, SP_KV(2, 6, 37), SP_KV(3, 8, 0), 383, 64 },
	{ "arm64", machines_arm64, 0xc00000b7u, SP_KV(3, 19, 0), SP_KV(3, 19, 0), 277, 173 },
};

#if defined(__x86_64__) && !defined(__ILP32__)
#define NATIVE_ARCH "x86_64"
#elif defined(__i386__)
#define NATIVE_ARCH "i386"
#elif defined(__arm__) && !defined(__ARMEB__)
#define NATIVE_ARCH "arm"
#elif defined(__aarch64__) && !defined(__AARCH64EB__)
#define NATIVE_ARCH "arm64"
#else
#error "seccomp-probe: add a row for this architecture to arch_table in probes/arch.c"
#endif

const struct sp_arch *sp_arch_native(void)
{
	for (size_t i = 0; i < sizeof(arch_table) / sizeof(arch_table[0]); i++)
		if (strcmp(arch_table[i].name, NATIVE_ARCH) == 0)
			return &arch_table[i];
	return NULL;
}

const struct sp_arch *sp_arch_by_machine(const char *machine)
{
	if (!machine)
		return NULL;
	for (size_t i = 0; i < sizeof(arch_table) / sizeof(arch_table[0]); i++)
		for (const char *const *m = arch_table[i].uname_machines; *m; m++)
			if (strcmp(*m, machine) == 0)
				return &arch_table[i];
	return NULL;
}
