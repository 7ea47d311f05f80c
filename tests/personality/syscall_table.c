// SPDX-License-Identifier: MIT
/*
 * syscall_table.c - the release in which each newer system call appeared, per
 * arch. A call newer than the personality answers ENOSYS, so a binary that
 * needs one at start-up (libc before main, our own code) is caught.
 *
 * Covers what musl 1.2 and glibc 2.36 start-up, the probe, the selftests and
 * /init call (seen with strace), their usual fallbacks, the calls added from
 * 2.6.22 to 4.9 that programs probe for, every call of the unified 403-469
 * range (403-423 are the 32-bit arches' time64 calls; 64-bit arches have none
 * there) and a few arch-only later calls (i386 SysV IPC, x86_64 uretprobe);
 * numbers past 469 (6.18 on) are treated as newer than any personality. seccomp(2) is not here: its version is the probe's
 * own row (SP_PROBE_SECCOMP_SYSCALL) and rewrite.c answers it from there.
 * Calls older than 2.6.16 are not listed: every personality has them.
 * Columns: x86_64, i386, arm (EABI), arm64; NA where the arch lacks the call.
 * arm64 was merged in 3.7: no call is older there (see arch_born).
 */
#include "pt.h"

#include <string.h>

enum { X64, I386, ARM, A64, N_ARCH };

struct nr_since {
	long nr;
	uint32_t since;      /* 0: the row's default */
};

struct syscall_row {
	const char *name;
	uint32_t since;      /* first mainline release, all arches unless the cell says */
	struct nr_since nr[N_ARCH];
};

#define NA { -1, 0 }
#define N(x) { (x), 0 }
#define NV(x, a, b, c) { (x), SP_KV(a, b, c) }
#define V(a, b, c) SP_KV(a, b, c)
/* Calls in the unified numbering (5.1 on): the same number everywhere. */
#define ALL(name, nr, a, b) { name, V(a, b, 0), { N(nr), N(nr), N(nr), N(nr) } }
/* 64-bit time calls of the 32-bit arches (y2038 work, 5.1). */
#define T32(name, nr) { name, V(5, 1, 0), { NA, N(nr), N(nr), NA } }
/* i386's direct socket calls (4.3); before, only socketcall(2). */
#define SOCK386(name, nr) { name, V(4, 3, 0), { NA, N(nr), NA, NA } }
#define SOCK386IPC(name, nr) { name, V(5, 1, 0), { NA, N(nr), NA, NA } }

static const struct syscall_row rows[] = {
	{ "openat", V(2, 6, 16), { N(257), N(295), N(322), N(56) } },
	{ "newfstatat", V(2, 6, 16), { N(262), N(300), N(327), N(79) } },  /* fstatat64 on 32-bit */
	{ "set_robust_list", V(2, 6, 17), { N(273), N(311), N(338), N(99) } },
	{ "epoll_pwait", V(2, 6, 19), { N(281), N(319), N(346), N(22) } },
	{ "utimensat", V(2, 6, 22), { N(280), N(320), N(348), N(88) } },
	{ "signalfd", V(2, 6, 22), { N(282), N(321), N(349), NA } },
	{ "eventfd", V(2, 6, 22), { N(284), N(323), N(351), NA } },
	{ "fallocate", V(2, 6, 23), { N(285), N(324), N(352), N(47) } },
	{ "timerfd_create", V(2, 6, 25), { N(283), N(322), N(350), N(85) } },
	{ "timerfd_settime", V(2, 6, 25), { N(286), N(325), N(353), N(86) } },
	{ "timerfd_gettime", V(2, 6, 25), { N(287), N(326), N(354), N(87) } },
	{ "signalfd4", V(2, 6, 27), { N(289), N(327), N(355), N(74) } },
	{ "eventfd2", V(2, 6, 27), { N(290), N(328), N(356), N(19) } },
	{ "epoll_create1", V(2, 6, 27), { N(291), N(329), N(357), N(20) } },
	{ "dup3", V(2, 6, 27), { N(292), N(330), N(358), N(24) } },
	{ "pipe2", V(2, 6, 27), { N(293), N(331), N(359), N(59) } },
	{ "inotify_init1", V(2, 6, 27), { N(294), N(332), N(360), N(26) } },
	{ "accept4", V(2, 6, 28), { N(288), NV(364, 4, 3, 0), NV(366, 2, 6, 36), N(242) } },
	{ "preadv", V(2, 6, 30), { N(295), N(333), N(361), N(69) } },
	{ "pwritev", V(2, 6, 30), { N(296), N(334), N(362), N(70) } },
	{ "rt_tgsigqueueinfo", V(2, 6, 31), { N(297), N(335), N(363), N(240) } },
	{ "perf_event_open", V(2, 6, 31), { N(298), N(336), N(364), N(241) } },
	{ "recvmmsg", V(2, 6, 33), { N(299), N(337), N(365), N(243) } },
	{ "prlimit64", V(2, 6, 36), { N(302), N(340), N(369), N(261) } },
	{ "fanotify_init", V(2, 6, 37), { N(300), N(338), N(367), N(262) } },
	{ "fanotify_mark", V(2, 6, 37), { N(301), N(339), N(368), N(263) } },
	{ "name_to_handle_at", V(2, 6, 39), { N(303), N(341), N(370), N(264) } },
	{ "open_by_handle_at", V(2, 6, 39), { N(304), N(342), N(371), N(265) } },
	{ "clock_adjtime", V(2, 6, 39), { N(305), N(343), N(372), N(266) } },
	{ "syncfs", V(2, 6, 39), { N(306), N(344), N(373), N(267) } },
	{ "sendmmsg", V(3, 0, 0), { N(307), N(345), N(374), N(269) } },
	{ "setns", V(3, 0, 0), { N(308), N(346), N(375), N(268) } },
	{ "process_vm_readv", V(3, 2, 0), { N(310), N(347), N(376), N(270) } },
	{ "process_vm_writev", V(3, 2, 0), { N(311), N(348), N(377), N(271) } },
	{ "kcmp", V(3, 5, 0), { N(312), N(349), N(378), N(272) } },
	{ "finit_module", V(3, 8, 0), { N(313), N(350), N(379), N(273) } },
	{ "sched_setattr", V(3, 14, 0), { N(314), N(351), N(380), N(274) } },
	{ "sched_getattr", V(3, 14, 0), { N(315), N(352), N(381), N(275) } },
	{ "renameat2", V(3, 15, 0), { N(316), N(353), N(382), N(276) } },
	{ "kexec_file_load", V(3, 17, 0), { N(320), NA, NA, NV(294, 5, 0, 0) } },
	{ "getrandom", V(3, 17, 0), { N(318), N(355), N(384), N(278) } },
	{ "memfd_create", V(3, 17, 0), { N(319), N(356), N(385), N(279) } },
	{ "bpf", V(3, 18, 0), { N(321), N(357), N(386), N(280) } },
	{ "execveat", V(3, 19, 0), { N(322), N(358), N(387), N(281) } },
	SOCK386("socket", 359), SOCK386("socketpair", 360), SOCK386("bind", 361),
	SOCK386("connect", 362), SOCK386("listen", 363), SOCK386("getsockopt", 365),
	SOCK386("setsockopt", 366), SOCK386("getsockname", 367), SOCK386("getpeername", 368),
	SOCK386("sendto", 369), SOCK386("sendmsg", 370), SOCK386("recvfrom", 371),
	SOCK386("recvmsg", 372), SOCK386("shutdown", 373),
	{ "userfaultfd", V(4, 3, 0), { N(323), N(374), N(388), N(282) } },
	{ "membarrier", V(4, 3, 0), { N(324), N(375), N(389), N(283) } },
	{ "mlock2", V(4, 4, 0), { N(325), N(376), N(390), N(284) } },
	{ "copy_file_range", V(4, 5, 0), { N(326), N(377), N(391), N(285) } },
	{ "preadv2", V(4, 6, 0), { N(327), N(378), N(392), N(286) } },
	{ "pwritev2", V(4, 6, 0), { N(328), N(379), N(393), N(287) } },
	{ "pkey_mprotect", V(4, 9, 0), { N(329), N(380), N(394), N(288) } },
	{ "pkey_alloc", V(4, 9, 0), { N(330), N(381), N(395), N(289) } },
	{ "pkey_free", V(4, 9, 0), { N(331), N(382), N(396), N(290) } },
	{ "statx", V(4, 11, 0), { N(332), N(383), N(397), N(291) } },
	{ "arch_prctl", V(4, 12, 0), { NA, N(384), NA, NA } },   /* i386 only; x86_64 has had it */
	{ "io_pgetevents", V(4, 18, 0), { N(333), N(385), N(399), N(292) } },
	{ "rseq", V(4, 18, 0), { N(334), N(386), N(398), N(293) } },
	/* i386's direct SysV IPC calls (5.1); before, only ipc(2). */
	SOCK386IPC("semget", 393), SOCK386IPC("semctl", 394), SOCK386IPC("shmget", 395),
	SOCK386IPC("shmctl", 396), SOCK386IPC("shmat", 397), SOCK386IPC("shmdt", 398),
	SOCK386IPC("msgget", 399), SOCK386IPC("msgsnd", 400), SOCK386IPC("msgrcv", 401),
	SOCK386IPC("msgctl", 402),
	{ "uretprobe", V(6, 11, 0), { N(335), NA, NA, NA } },
	T32("clock_gettime64", 403), T32("clock_settime64", 404), T32("clock_adjtime64", 405),
	T32("clock_getres_time64", 406), T32("clock_nanosleep_time64", 407),
	T32("timer_gettime64", 408), T32("timer_settime64", 409), T32("timerfd_gettime64", 410),
	T32("timerfd_settime64", 411), T32("utimensat_time64", 412), T32("pselect6_time64", 413),
	T32("ppoll_time64", 414), T32("io_pgetevents_time64", 416), T32("recvmmsg_time64", 417),
	T32("mq_timedsend_time64", 418), T32("mq_timedreceive_time64", 419),
	T32("semtimedop_time64", 420), T32("rt_sigtimedwait_time64", 421), T32("futex_time64", 422),
	T32("sched_rr_get_interval_time64", 423),
	ALL("pidfd_send_signal", 424, 5, 1), ALL("io_uring_setup", 425, 5, 1),
	ALL("io_uring_enter", 426, 5, 1), ALL("io_uring_register", 427, 5, 1),
	ALL("open_tree", 428, 5, 2), ALL("move_mount", 429, 5, 2), ALL("fsopen", 430, 5, 2),
	ALL("fsconfig", 431, 5, 2), ALL("fsmount", 432, 5, 2), ALL("fspick", 433, 5, 2),
	ALL("pidfd_open", 434, 5, 3), ALL("clone3", 435, 5, 3), ALL("close_range", 436, 5, 9),
	ALL("openat2", 437, 5, 6), ALL("pidfd_getfd", 438, 5, 6), ALL("faccessat2", 439, 5, 8),
	ALL("process_madvise", 440, 5, 10), ALL("epoll_pwait2", 441, 5, 11),
	ALL("mount_setattr", 442, 5, 12), ALL("landlock_create_ruleset", 444, 5, 13),
	ALL("landlock_add_rule", 445, 5, 13), ALL("landlock_restrict_self", 446, 5, 13),
	ALL("process_mrelease", 448, 5, 15), ALL("futex_waitv", 449, 5, 16),
	ALL("set_mempolicy_home_node", 450, 5, 17), ALL("cachestat", 451, 6, 5),
	ALL("fchmodat2", 452, 6, 6), ALL("quotactl_fd", 443, 5, 14), ALL("memfd_secret", 447, 5, 14),
	ALL("map_shadow_stack", 453, 6, 6), ALL("futex_wake", 454, 6, 7), ALL("futex_wait", 455, 6, 7),
	ALL("futex_requeue", 456, 6, 7), ALL("statmount", 457, 6, 8), ALL("listmount", 458, 6, 8),
	ALL("lsm_get_self_attr", 459, 6, 8), ALL("lsm_set_self_attr", 460, 6, 8),
	ALL("lsm_list_modules", 461, 6, 8), ALL("mseal", 462, 6, 10), ALL("setxattrat", 463, 6, 13),
	ALL("getxattrat", 464, 6, 13), ALL("listxattrat", 465, 6, 13), ALL("removexattrat", 466, 6, 13),
	ALL("open_tree_attr", 467, 6, 15), ALL("file_getattr", 468, 6, 17), ALL("file_setattr", 469, 6, 17),
};

/* Numbers past the last one listed (469, 6.17) are newer than the table: every
 * personality answers them ENOSYS, never the real kernel. */
#define PAST_TABLE_NR 469
#define PAST_TABLE_SINCE V(6, 18, 0)

/* The release each arch was merged in: no call is older there. */
static const uint32_t arch_born[N_ARCH] = { V(2, 6, 0), V(2, 6, 0), V(2, 6, 0), V(3, 7, 0) };
static const char *const arch_names[N_ARCH] = { "x86_64", "i386", "arm", "arm64" };

static int arch_index(const struct pt_abi *abi)
{
	for (int i = 0; i < N_ARCH; i++)
		if (abi && strcmp(abi->arch, arch_names[i]) == 0)
			return i;
	return -1;
}

uint32_t pt_syscall_since(const struct pt_abi *abi, long nr, const char **name)
{
	int a = arch_index(abi);
	if (a < 0 || nr < 0)
		return 0;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct nr_since *c = &rows[i].nr[a];
		if (c->nr != nr)
			continue;
		uint32_t since = c->since ? c->since : rows[i].since;
		if (name)
			*name = rows[i].name;
		return since > arch_born[a] ? since : arch_born[a];
	}
	/* The arch-private ranges (x86 x32 from 512, ARM's 0xf0000 calls) are not newer. */
	if (nr > PAST_TABLE_NR && nr < 512) {
		if (name)
			*name = "a call newer than the table";
		return PAST_TABLE_SINCE;
	}
	return 0;
}

int pt_syscall_table_check(FILE *out)
{
	int problems = 0;
	size_t n = sizeof(rows) / sizeof(rows[0]);
	for (int a = 0; a < N_ARCH; a++)
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if (rows[i].nr[a].nr >= 0 && rows[i].nr[a].nr == rows[j].nr[a].nr) {
					fprintf(out, "syscall table: %s: %s and %s share number %ld\n",
						arch_names[a], rows[i].name, rows[j].name, rows[i].nr[a].nr);
					problems++;
				}
	for (size_t i = 0; i < n; i++)
		if (!rows[i].since) {
			fprintf(out, "syscall table: %s has no release\n", rows[i].name);
			problems++;
		}
	return problems;
}
