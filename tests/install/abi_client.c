/* SPDX-License-Identifier: MIT */
/*
 * abi_client.c - a program built only against the INSTALLED seccomp_probe.h
 * and libseccomp-probe.so (through pkg-config), as an application would be.
 * Prints "NAME VERDICT" for each probe named on the command line, after
 * checking the calls the ABI promises (tests/install/check-abi compares the
 * verdicts with build/seccomp-probe --json).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp_probe.h>

/* A caller built against a newer header: its struct has a field more. */
struct newer_options {
	struct sp_options base;
	uint64_t future;
};

static int fail(const char *what)
{
	fprintf(stderr, "abi_client: %s\n", what);
	return 1;
}

int main(int argc, char **argv)
{
	struct sp_options opts;
	struct sp_report *rep = calloc(1, sizeof(*rep));
	size_t count = 0;
	uint32_t kv = 0;

	if (!rep)
		return fail("out of memory");
	if (sp_feature_table(&count) == NULL || count != SP_PROBE_COUNT)
		return fail("sp_feature_table: wrong row count");
	if (sp_parse_kernel_version("3.4.113-vendor+", &kv) != 0 || kv != SP_KV(3, 4, 113))
		return fail("sp_parse_kernel_version");
	if (sp_arch_native() == NULL)
		return fail("sp_arch_native");
	if (sp_probe_run_sized(NULL, 0, rep, sizeof(*rep) - 1) != -EINVAL)
		return fail("a report smaller than the 0.1 layout is not -EINVAL");
	struct newer_options newer;
	memset(&newer, 0, sizeof(newer));
	newer.base.probes = 1ull << SP_PROBE_STRICT;
	newer.future = 1;
	if (sp_probe_run_sized(&newer.base, sizeof(newer), rep, sizeof(*rep)) != -E2BIG)
		return fail("an unknown non-zero options field is not -E2BIG");
	newer.future = 0;
	if (sp_probe_run_sized(&newer.base, sizeof(newer), rep, sizeof(*rep)) != 0 ||
	    rep->results[SP_PROBE_STRICT].verdict == SP_NOT_RUN)
		return fail("a larger options struct with zero extra fields is refused");

	memset(&opts, 0, sizeof(opts));
	for (int i = 1; i < argc; i++) {
		const struct sp_feature *f = sp_feature_by_name(argv[i]);
		if (!f)
			return fail("unknown probe name");
		opts.probes |= 1ull << f->id;
	}
	int rc = sp_probe_run(&opts, rep);
	if (rc != 0) {
		fprintf(stderr, "abi_client: sp_probe_run: %s\n", strerror(-rc));
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		const struct sp_feature *f = sp_feature_by_name(argv[i]);
		printf("%s %s\n", f->name, sp_verdict_name(rep->results[f->id].verdict));
	}
	free(rep);
	return 0;
}
