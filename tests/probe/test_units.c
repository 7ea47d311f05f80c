// SPDX-License-Identifier: MIT
/*
 * test_units.c - unit tests of the probe's tables and parsers: version
 * parsing, the feature table, the arch table, mainline-since rules.
 */
#include "seccomp_probe.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int failures, checks;

#define CHECK(cond, ...) do { \
	checks++; \
	if (!(cond)) { failures++; printf("not ok %d - ", checks); printf(__VA_ARGS__); printf("\n"); } \
	else { printf("ok %d - ", checks); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

static const struct {
	const char *release;
	int rc;
	uint32_t kv;
} version_cases[] = {
	{ "2.6.29.4", 0, SP_KV(2, 6, 29) },
	{ "3.4.113-vendor+", 0, SP_KV(3, 4, 113) },
	{ "3.10.105", 0, SP_KV(3, 10, 105) },
	{ "6.18.44-fc-v857", 0, SP_KV(6, 18, 44) },
	{ "5.10.0-30-amd64", 0, SP_KV(5, 10, 0) },
	{ "6.1", 0, SP_KV(6, 1, 0) },
	{ "4.4.302-rc1", 0, SP_KV(4, 4, 302) },
	{ "4.9.337", 0, SP_KV(4, 9, 337) },
	{ "3.0.70000", 0, SP_KV(3, 0, 65535) },
	{ "3.0.8", 0, SP_KV(3, 0, 8) },
	{ "", -EINVAL, 0 },
	{ "linux", -EINVAL, 0 },
	{ "3", -EINVAL, 0 },
	{ "3.", -EINVAL, 0 },
	{ "999.1.1", -EINVAL, 0 },
	{ "99999999999999999999.1", -EINVAL, 0 },
};

static void test_versions(void)
{
	for (size_t i = 0; i < sizeof(version_cases) / sizeof(version_cases[0]); i++) {
		uint32_t kv = 0xdeadbeef;
		int rc = sp_parse_kernel_version(version_cases[i].release, &kv);
		CHECK(rc == version_cases[i].rc && (rc || kv == version_cases[i].kv),
		      "parse '%s' -> rc %d kv 0x%x", version_cases[i].release, rc, kv);
	}
	uint32_t kv;
	CHECK(sp_parse_kernel_version(NULL, &kv) == -EINVAL, "NULL release -> -EINVAL");
	CHECK(SP_KV(3, 4, 70000) == SP_KV(3, 4, 65535), "patch level saturates at 65535");
	CHECK(SP_KV(4, 9, 337) > SP_KV(4, 9, 255) && SP_KV(4, 10, 0) > SP_KV(4, 9, 65535), "ordering");
}

static void test_feature_table(void)
{
	size_t n = 0;
	const struct sp_feature *t = sp_feature_table(&n);
	CHECK(n == SP_PROBE_COUNT, "table has %zu rows", n);
	for (size_t i = 0; i < n; i++) {
		CHECK(t[i].id == (enum sp_probe_id)i && t[i].name && t[i].what && t[i].mainline,
		      "row %zu (%s) is complete and indexed by id", i, t[i].name ? t[i].name : "?");
		CHECK(sp_feature_by_name(t[i].name) == &t[i], "lookup by name '%s'", t[i].name);
	}
	CHECK(sp_feature_by_name("nonsense") == NULL, "unknown name -> NULL");
	CHECK(t[SP_PROBE_STRICT].mainline == SP_KV(2, 6, 12), "strict mode 2.6.12");
	CHECK(t[SP_PROBE_FILTER].mainline == SP_KV(3, 5, 0), "filter mode 3.5");
	CHECK(t[SP_PROBE_SECCOMP_SYSCALL].mainline == SP_KV(3, 17, 0), "seccomp(2) 3.17");
	CHECK(t[SP_PROBE_LOG].mainline == SP_KV(4, 14, 0), "RET_LOG 4.14");
	CHECK(t[SP_PROBE_USER_NOTIF].mainline == SP_KV(5, 0, 0), "USER_NOTIF 5.0");
	CHECK(t[SP_PROBE_WAIT_KILLABLE_RECV].mainline == SP_KV(5, 19, 0), "WAIT_KILLABLE_RECV 5.19");
}

static void test_arches(void)
{
	const struct sp_arch *x86 = sp_arch_by_machine("x86_64");
	const struct sp_arch *arm = sp_arch_by_machine("armv7l");
	const struct sp_arch *arm64 = sp_arch_by_machine("aarch64");
	const struct sp_arch *i386 = sp_arch_by_machine("i686");
	CHECK(x86 && x86->audit_arch == 0xc000003eu && x86->seccomp_nr == 317, "x86_64 row");
	CHECK(i386 && i386->audit_arch == 0x40000003u && i386->seccomp_nr == 354, "i386 row");
	CHECK(arm && arm->audit_arch == 0x40000028u && arm->seccomp_nr == 383, "arm row");
	CHECK(arm64 && arm64->audit_arch == 0xc00000b7u && arm64->seccomp_nr == 277, "arm64 row");
	CHECK(sp_arch_by_machine("mips") == NULL && sp_arch_by_machine(NULL) == NULL, "unknown arch");
	CHECK(sp_arch_native() != NULL, "native arch known");
	/* Filter-dependent features cannot predate the arch's filter mode. */
	CHECK(sp_mainline_since(SP_PROBE_TRAP, arm) == SP_KV(3, 8, 0), "trap on ARM: 3.8");
	CHECK(sp_mainline_since(SP_PROBE_TRAP, arm64) == SP_KV(3, 19, 0), "trap on arm64: 3.19");
	CHECK(sp_mainline_since(SP_PROBE_TSYNC, arm64) == SP_KV(3, 19, 0), "tsync on arm64: 3.19");
	CHECK(sp_mainline_since(SP_PROBE_TSYNC, x86) == SP_KV(3, 17, 0), "tsync on x86_64: 3.17");
	/* Strict mode needs the arch's seccomp support: arm64 had none before 3.19. */
	CHECK(sp_mainline_since(SP_PROBE_STRICT, arm64) == SP_KV(3, 19, 0), "strict on arm64: 3.19");
	CHECK(sp_mainline_since(SP_PROBE_STRICT, x86) == SP_KV(2, 6, 12), "strict on x86_64: 2.6.12");
	CHECK(sp_mainline_since(SP_PROBE_STRICT, arm) == SP_KV(2, 6, 37), "strict on ARM: 2.6.37");
	CHECK(sp_mainline_since(SP_PROBE_NO_NEW_PRIVS, arm) == SP_KV(3, 5, 0), "NNP not arch-bound");
	CHECK(sp_mainline_since((enum sp_probe_id)SP_PROBE_COUNT, x86) == 0, "out of range -> 0");
}

int main(void)
{
	test_versions();
	test_feature_table();
	test_arches();
	printf("1..%d\n# %d passed, %d failed\n", checks, checks - failures, failures);
	return failures ? 1 : 0;
}
