# SPDX-License-Identifier: MIT
"""Upstream seccomp_bpf section: parser and failure classifier on recorded runs
of Linux 6.1's seccomp_bpf (glibc static) on real old kernels under QEMU TCG
(tests/runner/upstream/<kernel>.ktap: the program's console output, "\\r"
stripped; the kernel's own messages are left where they landed)."""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
from sprunner import upstream  # noqa: E402

# The 46 failures on 3.10.105 and on 3.4.113 with filter mode backported.
FAILS_3_10 = """
global.log_all global.KILL_thread global.KILL_process global.KILL_unknown
global.ERRNO_capped global.seccomp_syscall global.seccomp_syscall_mode_lock
global.detect_seccomp_filter_flags global.TSYNC_first global.filter_flag_log
global.get_action_avail global.get_metadata global.user_notification_basic
global.user_notification_with_tsync global.user_notification_kill_in_middle
global.user_notification_signal global.user_notification_closed_listener
global.user_notification_sibling_pid_ns global.seccomp_get_notif_sizes
global.user_notification_continue global.user_notification_filter_empty
global.user_notification_filter_empty_threaded global.user_notification_addfd
global.user_notification_addfd_rlimit global.user_notification_fifo
global.user_notification_wait_killable_pre_notification
global.user_notification_wait_killable global.user_notification_wait_killable_fatal
precedence.log_is_fifth precedence.log_is_fifth_in_any_order
TRACE_syscall.ptrace.negative_ENOSYS TRACE_syscall.ptrace.syscall_allowed
TRACE_syscall.ptrace.syscall_redirected TRACE_syscall.ptrace.syscall_errno
TRACE_syscall.ptrace.syscall_faked TRACE_syscall.ptrace.skip_after
TRACE_syscall.ptrace.kill_after TRACE_syscall.seccomp.skip_after
TRACE_syscall.seccomp.kill_after TSYNC.siblings_fail_prctl
TSYNC.two_siblings_with_ancestor TSYNC.two_siblings_with_no_filter
TSYNC.two_siblings_with_one_divergence
TSYNC.two_siblings_with_one_divergence_no_tid_in_err
TSYNC.two_siblings_not_under_filter O_SUSPEND_SECCOMP.seize
""".split()


def load(name):
    with open(os.path.join(HERE, "upstream", name), "rb") as f:
        return f.read()


class Parse(unittest.TestCase):
    def test_names_and_results(self):
        res = upstream.parse(load("3.10-x86_64.ktap"))
        self.assertEqual(len(res), 95)
        self.assertEqual(res[0], ("global.kcmp", "skip"))  # "ok 1 # SKIP ..." has no name
        self.assertEqual(res[1], ("global.mode_strict_support", "pass"))
        self.assertIn(("O_SUSPEND_SECCOMP.setoptions", "skip"), res)
        self.assertIn(("TRACE_syscall.ptrace.kill_after", "fail"), res)
        self.assertEqual(len({n for n, _ in res}), 95)

    def test_inline_forms(self):
        text = ("TAP version 13\n1..4\n#  RUN           a.b ...\n#            OK  a.b\n"
                "ok 1 a.b\nnot ok 2 c.d\n#  RUN           e.f ...\n#      SKIP      why\n"
                "#            OK  e.f\nok 3 # SKIP why\nok 4 g.h # XFAIL known\r\n")
        self.assertEqual(upstream.parse(text), [("a.b", "pass"), ("c.d", "fail"),
                                                ("e.f", "skip"), ("g.h", "pass")])

    def test_crlf_and_kernel_messages(self):
        res = upstream.parse(load("3.4-x86_64.ktap"))
        self.assertEqual(len(res), 95)


class Summarize(unittest.TestCase):
    def check(self, fixture, release, counts, fails=None, unexplained=(), filter_mode=None):
        d = upstream.summarize(load(fixture), "1", release, filter_mode)
        self.assertEqual(d["status"], "ran")
        self.assertEqual((d["pass"], d["fail"], d["skip"]), counts)
        self.assertEqual((d["totals"]["pass"], d["totals"]["fail"], d["totals"]["skip"]), counts)
        self.assertEqual(d["unexplained"], list(unexplained))
        if fails is not None:
            self.assertEqual(sorted(e["name"] for e in d["expected"]), sorted(fails))
        return d

    def test_3_10_x86_64_all_dated(self):
        d = self.check("3.10-x86_64.ktap", "3.10.105", (45, 46, 4), FAILS_3_10, filter_mode=True)
        since = {e["name"]: e["since"] for e in d["expected"]}
        self.assertEqual(since["global.seccomp_syscall"], "3.17")
        self.assertEqual(since["global.KILL_process"], "4.14")
        self.assertEqual(since["TRACE_syscall.ptrace.syscall_allowed"], "5.3")
        self.assertEqual(since["TRACE_syscall.seccomp.skip_after"], "4.8")
        self.assertEqual(since["TSYNC.two_siblings_with_one_divergence_no_tid_in_err"], "5.7")
        self.assertEqual(since["global.user_notification_wait_killable"], "5.19")

    def test_3_4_backport_same_failures(self):
        self.check("3.4bp-x86_64.ktap", "3.4.113", (45, 46, 4), FAILS_3_10, filter_mode=True)

    def test_3_10_armhf_arm_only_failures_unexplained(self):
        self.check("3.10-armhf.ktap", "3.10.105", (41, 50, 4), FAILS_3_10,
                   ("global.negative_ENOSYS", "global.syscall_restart",
                    "TRACE_syscall.seccomp.negative_ENOSYS",
                    "TRACE_syscall.seccomp.syscall_redirected"), filter_mode=True)

    def test_no_filter_mode_kernels(self):
        for fixture, release in (("3.4-x86_64.ktap", "3.4.113"), ("3.0-x86_64.ktap", "3.0.8"),
                                 ("2.6.29-x86_64.ktap", "2.6.29.4")):
            d = self.check(fixture, release, (3, 89, 3), filter_mode=False)
            self.assertIn({"name": "global.mode_filter_support",
                           "feature": "filter mode (mode 2), PR_SET_NO_NEW_PRIVS",
                           "since": "3.5"}, d["expected"])

    def test_backport_bug_is_not_excused(self):
        d = upstream.summarize("not ok 1 global.mode_filter_support\n", "1", "3.4.113", True)
        self.assertEqual(d["unexplained"], ["global.mode_filter_support"])

    def test_new_kernel_failure_unexplained(self):
        d = upstream.summarize(load("3.10-x86_64.ktap"), "1", "6.1.0-18-amd64")
        self.assertEqual(len(d["unexplained"]), 46)
        self.assertEqual(d["expected"], [])

    def test_glibc_refusal_is_absent(self):
        d = upstream.summarize(load("synthetic-glibc-too-old.txt"), "1", "2.6.18")
        self.assertEqual(d["status"], "absent")
        self.assertEqual(d["reason"], upstream.GLIBC_REASON)
        self.assertEqual((d["fail"], d["unexplained"]), (0, []))

    def test_no_binary_is_absent(self):
        d = upstream.summarize("", "absent", "3.10.105")
        self.assertEqual(d["status"], "absent")


class Classify(unittest.TestCase):
    def test_rows(self):
        self.assertEqual(upstream.classify("TSYNC.two_sibling_want_nnp", (3, 16)),
                         ("SECCOMP_FILTER_FLAG_TSYNC", "3.17"))
        self.assertIsNone(upstream.classify("TSYNC.two_sibling_want_nnp", (3, 17)))
        self.assertEqual(upstream.classify("global.user_notification_continue", (5, 4))[1], "5.5")
        self.assertIsNone(upstream.classify("global.user_notification_continue", (5, 5, 0)))
        self.assertIsNone(upstream.classify("global.ALLOW_all", (3, 10), filter_mode=True))
        self.assertEqual(upstream.classify("global.ALLOW_all", (3, 4))[1], "3.5")

    def test_tsv_well_formed(self):
        rows = upstream.load_dates()
        self.assertGreater(len(rows), 20)
        self.assertEqual(rows[-1][0], "*")
        for pattern, feature, since, _text, cite in rows:
            self.assertTrue(pattern and feature and cite, pattern)
            self.assertGreaterEqual(since, (2, 6))


if __name__ == "__main__":
    unittest.main()
