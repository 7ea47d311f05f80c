// SPDX-License-Identifier: MIT
/*
 * unit_main.c - personality-unit: checks of the harness's own tables and
 * parsers, no tracing. Exit 0 when every check holds, 1 otherwise.
 */
#include "pt.h"

#include <string.h>

static int failures;

static void expect(bool ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static void check_personalities(void)
{
	const struct pt_personality *p;
	const struct pt_abi *x86 = pt_abi_by_name("x86_64"), *arm = pt_abi_by_name("arm");
	const struct pt_abi *a64 = pt_abi_by_name("arm64");
	for (size_t i = 0; (p = pt_personality_at(i)); i++) {
		char what[96];
		snprintf(what, sizeof(what), "personality %s: release %s parses", p->name, p->release);
		expect(p->kv != 0, what);
	}
	p = pt_personality_find("3.4");
	expect(p && !pt_has(p, SP_PROBE_FILTER, x86), "3.4 x86_64 has no filter mode");
	expect(p && pt_has(p, SP_PROBE_STRICT, x86), "3.4 has strict mode");
	p = pt_personality_find("3.4+backport");
	expect(p && pt_has(p, SP_PROBE_FILTER, arm) && pt_has(p, SP_PROBE_TRAP, x86),
	       "3.4+backport has filter mode and RET_TRAP, on arm too");
	expect(p && !pt_has(p, SP_PROBE_SECCOMP_SYSCALL, x86) && !pt_has(p, SP_PROBE_LOG, x86),
	       "3.4+backport has no seccomp(2) and no RET_LOG");
	p = pt_personality_find("3.10");
	expect(p && pt_has(p, SP_PROBE_FILTER, arm) && !pt_has(p, SP_PROBE_SECCOMP_SYSCALL, x86),
	       "3.10 has filter mode on arm (3.8) and no seccomp(2)");
	expect(p && pt_status_line_shown(p, x86, "Seccomp", 7) && !pt_status_line_shown(p, x86, "NoNewPrivs", 10),
	       "3.10 shows Seccomp: but not NoNewPrivs:");
	expect(p && !pt_has(p, SP_PROBE_STRICT, a64) && !pt_has(p, SP_PROBE_FILTER, a64) &&
	       !pt_has_prctl_seccomp(p, a64) && !pt_status_line_shown(p, a64, "Seccomp", 7) &&
	       pt_has(p, SP_PROBE_NO_NEW_PRIVS, a64),
	       "3.10 arm64 has no seccomp at all (3.19), no Seccomp: line, but NO_NEW_PRIVS");
	p = pt_personality_find("3.10+backport");
	expect(p && pt_has(p, SP_PROBE_STRICT, a64) && pt_has(p, SP_PROBE_TRAP, a64) &&
	       pt_has_prctl_seccomp(p, a64) && pt_status_line_shown(p, a64, "Seccomp", 7) &&
	       !pt_has(p, SP_PROBE_SECCOMP_SYSCALL, a64),
	       "3.10+backport arm64 has strict and filter mode, the Seccomp: line, no seccomp(2)");
	p = pt_personality_find("4.9");
	expect(p && pt_has(p, SP_PROBE_FILTER, a64) && pt_has(p, SP_PROBE_SECCOMP_SYSCALL, a64),
	       "4.9 arm64 has filter mode and seccomp(2)");
	p = pt_personality_find("2.6.29");
	expect(p && pt_has(p, SP_PROBE_STRICT, x86) && !pt_has(p, SP_PROBE_STRICT, arm) &&
	       !pt_has_prctl_seccomp(p, arm), "2.6.29 has strict mode on x86, not on ARM (2.6.37)");
	p = pt_personality_find("2.6.29+backport");
	expect(p && pt_has(p, SP_PROBE_STRICT, arm), "2.6.29+backport brings strict mode to ARM");
	p = pt_personality_find("2.6.22");
	expect(p && !pt_has_prctl_seccomp(p, x86) && pt_has(p, SP_PROBE_STRICT, x86),
	       "2.6.22 has strict mode but no prctl for it");
	p = pt_personality_find("4.9");
	expect(p && pt_has(p, SP_PROBE_TSYNC, x86) && !pt_has(p, SP_PROBE_GET_ACTION_AVAIL, x86) &&
	       !pt_has_seccomp_sysctl(p), "4.9 has TSYNC, not GET_ACTION_AVAIL nor actions_avail");
	expect(pt_personality_find("9.9") == NULL, "unknown personality is refused");
}

static void check_abis(void)
{
	static const char *const arches[] = { "x86_64", "i386", "arm", "arm64" };
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		const struct pt_abi *a = pt_abi_by_name(arches[i]);
		char what[96];
		snprintf(what, sizeof(what), "abi %s: machine maps back to the probe's arch row", arches[i]);
		expect(a && a->sp && strcmp(a->sp->name, arches[i]) == 0 &&
		       pt_abi_by_audit_arch(a->audit_arch) == a && a->sp->audit_arch == a->audit_arch, what);
	}
	const char *name = NULL;
	expect(pt_syscall_since(pt_abi_by_name("x86_64"), 293, &name) == SP_KV(2, 6, 27) &&
	       name && strcmp(name, "pipe2") == 0, "x86_64 293 is pipe2, 2.6.27");
	expect(pt_syscall_since(pt_abi_by_name("i386"), 403, NULL) == SP_KV(5, 1, 0),
	       "i386 403 clock_gettime64 is 5.1");
	expect(pt_syscall_since(pt_abi_by_name("arm64"), 59, NULL) == SP_KV(3, 7, 0),
	       "arm64 pipe2 dates from the arch's merge, 3.7");
	expect(pt_syscall_since(pt_abi_by_name("x86_64"), 0, NULL) == 0, "read is older than the table");
	expect(pt_syscall_table_check(stdout) == 0, "syscall table: no duplicate numbers");
}

static void check_json(void)
{
	static const char doc[] = "{\"schema\": 1, \"kernel\": {\"release\": \"3.4.113\"},\n"
		" \"process\": {\"seccomp\": null, \"actions_avail\": [\"a\", \"b\"]},\n"
		" \"probes\": {\"strict\": {\"verdict\": \"supported\", \"detail\": \"x \\\"y\\\" {\"},"
		" \"filter\": {\"verdict\": \"unsupported\", \"backport\": false}}}";
	char v[64];
	expect(pt_json_get(doc, "kernel.release", v, sizeof(v)) == 0 && strcmp(v, "3.4.113") == 0,
	       "json: nested string");
	expect(pt_json_get(doc, "process.seccomp", v, sizeof(v)) == 0 && strcmp(v, "null") == 0,
	       "json: null");
	expect(pt_json_get(doc, "probes.filter.backport", v, sizeof(v)) == 0 && strcmp(v, "false") == 0,
	       "json: value after an escaped string with a brace");
	expect(pt_json_get(doc, "probes.kill.verdict", v, sizeof(v)) != 0, "json: missing path");
	expect(pt_json_get("{\"a\": ", "a", v, sizeof(v)) != 0, "json: truncated document");
}

int main(void)
{
	check_personalities();
	check_abis();
	check_json();
	printf("personality-unit: %d failure(s)\n", failures);
	return failures ? 1 : 0;
}
