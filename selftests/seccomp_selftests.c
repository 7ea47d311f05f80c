// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp_selftests.c - the seccomp ABI conformance suite, version-aware.
 *
 * kselftest_harness.h defines non-static functions and keeps its test list in
 * file-scope statics, so the whole suite must be one translation unit: this
 * file includes the harness once, then one file per feature area from
 * selftests/areas/. Helpers that need no harness live in sst_*.c.
 *
 * Usage: seccomp-selftests [--expect-backport FEATURE[,FEATURE...]]
 *   or SECCOMP_EXPECT_BACKPORT=FEATURE[,...] in the environment.
 * Prints KTAP; exit code is the harness's (0 all passed, 1 a failure).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * The harness's macros expand, in our files, to functions without prototypes
 * (fixture setup/teardown, the test list code) and wrappers with unused
 * parameters: those two warnings are off for this translation unit only.
 */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"

#include "sst.h"

/*
 * SST_REQUIRE - gate a test on feature @id (enum sp_probe_id or sst_feature):
 * returns from the test as SKIP or FAIL with the reason sst_gate() gives.
 */
#define SST_REQUIRE(id) do { \
	char _sst_why[256]; \
	enum sst_verdict _sst_v = sst_gate((id), _sst_why, sizeof(_sst_why)); \
	if (_sst_v == SST_SKIP) \
		SKIP(return, "%s: %s", _metadata->name, _sst_why); \
	if (_sst_v == SST_FAIL) { \
		TH_LOG("%s", _sst_why); \
		_metadata->passed = 0; \
		return; \
	} \
} while (0)

/* Gate a filter-installing test on its installation path. */
#define SST_REQUIRE_PATH(use_syscall) do { \
	SST_REQUIRE(SP_PROBE_FILTER); \
	if (use_syscall) \
		SST_REQUIRE(SP_PROBE_SECCOMP_SYSCALL); \
} while (0)

/* Assert a child's end: exit with @code, or death by @sig. */
#define SST_EXPECT_EXIT(st, want_code) do { \
	EXPECT_FALSE((st).timed_out); \
	EXPECT_EQ(0, (st).sig); \
	EXPECT_EQ((want_code), (st).code); \
} while (0)
#define SST_EXPECT_SIGNAL(st, want_sig) do { \
	EXPECT_FALSE((st).timed_out); \
	EXPECT_EQ((want_sig), (st).sig); \
} while (0)

/* The installation paths every filter fixture runs with. */
struct sst_path_variant {
	bool use_syscall;
};

#include "areas/strict.c"
#include "areas/install.c"
#include "areas/actions.c"
#include "areas/precedence.c"
#include "areas/inherit.c"
#include "areas/seccomp_data.c"
#include "areas/status.c"
#include "areas/syscall.c"
#include "areas/user_notif.c"

/* The harness's own main(), renamed so ours can take our options first. */
int sst_harness_main(int argc, char **argv);
#define main sst_harness_main
TEST_HARNESS_MAIN
#undef main

static const char usage[] =
	"usage: seccomp-selftests [--expect-backport FEATURE[,FEATURE...]]\n"
	"  FEATURE: a probe name (filter, trap, seccomp_syscall, ...); \"filter\" means filter\n"
	"  mode as 3.5 shipped it. Also read from $SECCOMP_EXPECT_BACKPORT.\n";

static int take_backports(const char *list)
{
	char bad[64] = "";

	if (sst_expect_backport(list, bad, sizeof(bad)) == 0)
		return 0;
	fprintf(stderr, "seccomp-selftests: --expect-backport: unknown feature '%s'\n%s",
		bad, usage);
	return -1;
}

int main(int argc, char **argv)
{
	const char *env = getenv("SECCOMP_EXPECT_BACKPORT");
	int out = 1;

	if (argc > 1 && strcmp(argv[1], SST_EXEC_HELPER_ARG) == 0)
		return inherit_exec_helper(argc, argv);
	if (env && *env && take_backports(env) != 0)
		return 2;
	/* Strip our options; everything else goes to the harness untouched. */
	for (int i = 1; i < argc; i++) {
		const char *list = NULL;

		if (strcmp(argv[i], "--expect-backport") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "seccomp-selftests: --expect-backport needs a value\n%s",
					usage);
				return 2;
			}
			list = argv[++i];
		} else if (strncmp(argv[i], "--expect-backport=", 18) == 0) {
			list = argv[i] + 18;
		} else if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		} else {
			/* linux-source-6.1's harness ignores argv: never drop an option silently. */
			fprintf(stderr, "seccomp-selftests: unknown argument '%s' (this harness takes "
				"no test selection options)\n%s", argv[i], usage);
			return 2;
		}
		if (take_backports(list) != 0)
			return 2;
	}
	argv[out] = NULL;
	/*
	 * The suite tests the kernel, not the caller's signal state: a SIGCHLD
	 * ignored (children autoreaped) or SIGSYS blocked by whoever started us
	 * would otherwise fail tests that wait for children or catch SIGSYS.
	 */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGSYS, SIG_DFL);
	/* Seccomp kills dump core (4.11+): keep core files out of the cwd. */
	struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core);
	/* Feature presence asked once here, not in a child per gate per test. */
	sst_gate_prepare();
	return sst_harness_main(out, argv);
}
