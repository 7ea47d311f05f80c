# SPDX-License-Identifier: MIT
"""Verdict logic: one verdict per run, nothing but a complete passing result is PASS."""
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
from sprunner import console, verdict  # noqa: E402

LOGS = os.path.join(HERE, "logs")


def raw(name):
    with open(os.path.join(LOGS, name), "rb") as f:
        return f.read()


def decide_log(name, **kw):
    return verdict.decide(console.parse(raw(name)), **kw)


def with_sections(kconfig=(b"", "absent"), selftests=(b"", "absent"), probe_edit=None,
                  init_rc="0"):
    """A console built from the recorded x86_64 log's init and probe payloads."""
    c = console.parse(raw("complete-x86_64-6.1.log"))
    probe = c.section("probe").payload
    if probe_edit:
        doc = json.loads(probe)
        probe_edit(doc)
        probe = json.dumps(doc).encode() + b"\n"
    out = (console.frame("init", c.section("init").payload, init_rc) +
           console.frame("probe", probe, "0") +
           console.frame("kconfig", kconfig[0], kconfig[1]) +
           console.frame("selftests", selftests[0], selftests[1]) +
           b"@@SP-DONE sections=4@@\n")
    return console.parse(out)


DEBIAN_CONFIG = {"CONFIG_SECCOMP": "y", "CONFIG_SECCOMP_FILTER": "y"}


class RecordedVerdicts(unittest.TestCase):
    def test_complete_is_pass(self):
        r = decide_log("complete-x86_64-6.1.log", config=DEBIAN_CONFIG)
        self.assertEqual((r.word, r.exit_code), ("PASS", 0), r.reasons)
        self.assertEqual(r.probe["filter"], "supported")

    def test_each_failure_log_gets_its_verdict(self):
        for name, word in (("truncated-mid-probe.log", "NO-RESULT"),
                           ("corrupt-probe-payload.log", "NO-RESULT"),
                           ("panic-rdinit-nonexistent.log", "PANIC"),
                           ("silent-init.log", "NO-RESULT"),
                           ("garbage-between-sections.log", "PASS"),
                           ("interleaved-kmsg-crlf.log", "PASS")):
            r = decide_log(name)
            self.assertEqual(r.word, word, "%s: %s" % (name, r.reasons))
            self.assertEqual(r.exit_code, verdict.EXIT[word])

    def test_timeout_beats_partial_result_and_panic_beats_timeout(self):
        self.assertEqual(decide_log("complete-x86_64-6.1.log", timed_out=True).word, "TIMEOUT")
        self.assertEqual(decide_log("panic-rdinit-nonexistent.log", timed_out=True).word, "PANIC")

    def test_qemu_error(self):
        r = verdict.decide(console.parse(b""), qemu_rc=1)
        self.assertEqual((r.word, r.exit_code), ("ERROR", 2))
        r = verdict.decide(console.parse(b""), qemu_error="cannot start qemu")
        self.assertEqual(r.word, "ERROR")


class Fails(unittest.TestCase):
    def test_config_disagrees_with_probe(self):
        r = decide_log("complete-x86_64-6.1.log",
                       config={"CONFIG_SECCOMP": "y", "CONFIG_SECCOMP_FILTER": "n"})
        self.assertEqual(r.word, "FAIL")
        self.assertIn("CONFIG_SECCOMP_FILTER=n", r.reasons[0])
        r = decide_log("complete-x86_64-6.1.log", kconfig_filter=False)
        self.assertEqual(r.word, "FAIL")

    def test_expect(self):
        def drop_trap(doc):
            doc["probes"]["trap"]["verdict"] = "unsupported"
        c = with_sections(probe_edit=drop_trap)
        self.assertEqual(verdict.decide(c).word, "PASS")
        r = verdict.decide(c, expect=["strict", "filter", "trap"])
        self.assertEqual(r.word, "FAIL")
        self.assertIn("expected trap supported", r.reasons[0])
        self.assertEqual(verdict.decide(c, expect=["nosuch"]).word, "FAIL")

    def test_probe_error_verdict_fails(self):
        def err(doc):
            doc["probes"]["tsync"]["verdict"] = "error"
        self.assertEqual(verdict.decide(with_sections(probe_edit=err)).word, "FAIL")

    def test_bad_probe_json_is_no_result(self):
        c = console.parse(console.frame("probe", b"{not json\n") + b"@@SP-DONE sections=1@@\n")
        self.assertEqual(verdict.decide(c).word, "NO-RESULT")

    def test_kconfig_rc(self):
        self.assertEqual(verdict.decide(with_sections(kconfig=(b"{}\n", "0"))).word, "PASS")
        self.assertEqual(verdict.decide(with_sections(kconfig=(b"{}\n", "1"))).word, "FAIL")

    def test_selftests(self):
        ok = b"TAP version 13\n1..43\n# Totals: pass:40 fail:0 xfail:0 xpass:0 skip:3 error:0\n"
        bad = b"TAP version 13\n1..43\n# Totals: pass:39 fail:1 xfail:0 xpass:0 skip:3 error:0\n"
        r = verdict.decide(with_sections(selftests=(ok, "0")))
        self.assertEqual((r.word, r.selftest_summary()), ("PASS", "pass:40 fail:0 skip:3 error:0"))
        self.assertEqual(verdict.decide(with_sections(selftests=(bad, "1"))).word, "FAIL")
        self.assertEqual(verdict.decide(with_sections(selftests=(b"TAP version 13\n", "0"))).word,
                         "FAIL")
        skipped = b"1..9\n# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:9 error:0\n"
        self.assertEqual(verdict.decide(with_sections(selftests=(skipped, "4"))).word, "PASS")
        self.assertEqual(verdict.decide(with_sections(selftests=(ok, "3"))).word, "FAIL")
        # Breaker: zero tests, a Totals line inside another line, Totals against the plan.
        for payload in (b"1..0\n# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:0 error:0\n",
                        b"1..2\nok 1 a # Totals: pass:2 fail:0 xfail:0 xpass:0 skip:0 error:0\n"
                        b"not ok 2 b\n",
                        b"1..170\n# Totals: pass:40 fail:0 xfail:0 xpass:0 skip:3 error:0\n",
                        b"# Totals: pass:40 fail:0 xfail:0 xpass:0 skip:3 error:0\n"):
            self.assertEqual(verdict.decide(with_sections(selftests=(payload, "0"))).word,
                             "FAIL", payload)

    def test_section_killed_by_a_signal_fails(self):
        # Breaker (2026-12-02): /init writes rc=sig:N for a section killed by a signal; the
        # END line did not parse, so a crashing binary gave NO-RESULT instead of FAIL.
        ok = b"TAP version 13\n1..43\n# Totals: pass:40 fail:0 xfail:0 xpass:0 skip:3 error:0\n"
        r = verdict.decide(with_sections(selftests=(ok, "sig:11")))
        self.assertEqual(r.word, "FAIL")
        self.assertTrue(any("killed by signal 11 (SIGSEGV)" in x for x in r.reasons), r.reasons)
        r = verdict.decide(with_sections(selftests=(b"TAP version 13\n1..43\n", "sig:6")))
        self.assertEqual(r.word, "FAIL")
        r = verdict.decide(with_sections(selftests=(ok, "timeout")))
        self.assertEqual(r.word, "FAIL")
        self.assertTrue(any("deadline" in x for x in r.reasons), r.reasons)

    def test_init_rc(self):
        self.assertEqual(verdict.decide(with_sections(init_rc="1")).word, "FAIL")


class RealOldKernels(unittest.TestCase):
    """A real 3.4.113 kernel with 3.5's filter mode ported in (../shared/kernels/3.4bp-x86_64),
    booted with the i386 binaries beside the native ones."""

    def test_backport_marks_in_text(self):
        r = decide_log("real-3.4bp-x86_64.log", expect=["strict", "filter", "trap"])
        self.assertEqual(r.word, "PASS", r.reasons)
        self.assertEqual(r.feature_text("filter"),
                         "supported, backport (mainline 3.5, this kernel 3.4.113)")
        self.assertEqual(r.feature_text("strict"), "supported")
        self.assertEqual(r.feature_text("tsync"), "unsupported")

    def test_compat_abi_judged(self):
        r = decide_log("real-3.4bp-x86_64.log", expect=["trap"])
        self.assertEqual(r.compat["status"], "ran")
        self.assertEqual(r.compat["audit_arch"], "0x40000003")
        self.assertEqual(r.compat["probe"]["trap"], "supported")
        self.assertEqual(r.compat["selftests"]["fail"], 0)

    def compat_edited(self, payload, rc):
        c = console.parse(raw("real-3.4bp-x86_64.log"))
        out = b"".join(console.frame(s.name, payload if s.name == "probe-compat" else s.payload,
                                     rc if s.name == "probe-compat" else s.rc)
                       for s in c.sections)
        return console.parse(out + b"@@SP-DONE sections=%d@@\n" % len(c.sections))

    def test_compat_without_ia32_emulation_is_absent(self):
        c = self.compat_edited(b"init: cannot run /bin/compat/seccomp-probe: Exec format error\n",
                               "127")
        r = verdict.decide(c, expect=["strict"])
        self.assertEqual(r.compat["status"], "absent")
        self.assertIn("cannot run 32-bit programs", r.compat["reason"])
        self.assertEqual(r.word, "PASS", r.reasons)
        # ... but a config that has the 32-bit ABI and a kernel that cannot run it disagree.
        r = verdict.decide(c, expect=["strict"], config={"CONFIG_SECCOMP": "y",
                                                          "CONFIG_SECCOMP_FILTER": "y",
                                                          "CONFIG_IA32_EMULATION": "y"})
        self.assertEqual(r.word, "FAIL")
        self.assertIn("config has CONFIG_IA32_EMULATION=y but the kernel cannot run 32-bit",
                      r.reasons[0])

    def test_compat_failure_fails(self):
        doc = json.loads(console.parse(raw("real-3.4bp-x86_64.log")).section("probe-compat").payload)
        doc["probes"]["trap"].update(verdict="error", detail="SIGSYS: si_arch 0xc000003e, "
                                     "want 0x40000003")
        r = verdict.decide(self.compat_edited(json.dumps(doc).encode() + b"\n", "0"),
                           expect=["trap"])
        self.assertEqual(r.word, "FAIL")
        self.assertTrue(any("compat (i386)" in x and "si_arch 0xc000003e" in x for x in r.reasons),
                        r.reasons)

    def edited(self, name, payload=None, rc=None, drop=False):
        """The real 3.4bp console with section name replaced (or dropped)."""
        c = console.parse(raw("real-3.4bp-x86_64.log"))
        secs = [s for s in c.sections if not (drop and s.name == name)]
        out = b"".join(console.frame(s.name, payload if s.name == name and payload is not None
                                     else s.payload, rc if s.name == name and rc else s.rc)
                       for s in secs)
        return console.parse(out + b"@@SP-DONE sections=%d@@\n" % len(secs))

    def test_validation_needs_its_selftests(self):
        # Breaker: an archive with only the probe gave PASS for --expect-backport filter.
        for c in (self.edited("selftests", b"absent: no /bin/seccomp-selftests\n", "absent"),
                  self.edited("selftests", drop=True)):
            self.assertEqual(verdict.decide(c, expect=["filter"]).word, "PASS")
            r = verdict.decide(c, expect=["filter"], expect_backport=["filter"])
            self.assertEqual(r.word, "FAIL")
            self.assertIn("--expect-backport filter is unproven", r.reasons[-1])
            self.assertEqual(verdict.decide(c, expect=["filter"], complete=True).word, "FAIL")

    def test_compat_selftests_must_run_with_the_compat_probe(self):
        c = self.edited("selftests-compat", b"absent: no /bin/compat/seccomp-selftests\n",
                        "absent")
        r = verdict.decide(c, expect=["filter"])
        self.assertEqual(r.word, "FAIL")
        self.assertIn("32-bit selftests did not run", r.reasons[0])

    def test_compat_archive_without_32bit_binaries(self):
        c = self.edited("probe-compat", b"absent: no /bin/compat/seccomp-probe\n", "absent")
        flags = {"CONFIG_SECCOMP": "y", "CONFIG_SECCOMP_FILTER": "y", "CONFIG_IA32_EMULATION": "y"}
        self.assertEqual(verdict.decide(c, config=flags).word, "PASS")
        r = verdict.decide(c, config=flags, compat_archive=True)
        self.assertEqual(r.word, "FAIL")
        self.assertIn("32-bit ABI was not checked", r.reasons[0])

    def test_enoexec_only_from_inits_own_line(self):
        doc = console.parse(raw("real-3.4bp-x86_64.log")).section("probe-compat").payload
        c = self.edited("probe-compat", doc + b"init: cannot run x: Exec format error\n", "127")
        r = verdict.decide(c)
        self.assertEqual(r.compat["status"], "ran")
        self.assertEqual(r.word, "FAIL")

    def test_ignored_boot_options_fail(self):
        init = console.parse(raw("real-3.4bp-x86_64.log")).section("init").payload
        c = self.edited("init", init + b"ignored options: sp.expect_backport=" + b"x" * 70 + b"\n")
        r = verdict.decide(c)
        self.assertEqual(r.word, "FAIL")
        self.assertIn("the guest ignored boot options: sp.expect_backport=", r.reasons[0])

    def test_probe_json_of_the_wrong_shape_is_no_result(self):
        for edit in (lambda d: d.update(kernel="x"), lambda d: d["kernel"].update(release=5),
                     lambda d: d["probes"]["trap"].update(verdict=3)):
            doc = json.loads(console.parse(raw("real-3.4bp-x86_64.log")).section("probe").payload)
            edit(doc)
            r = verdict.decide(self.edited("probe", json.dumps(doc).encode() + b"\n"))
            self.assertIn(r.word, ("PASS", "NO-RESULT"), r.reasons)
            r.feature_text("trap")

    def test_breaker_round_2(self):
        # An i386 archive on an x86_64 kernel: only the 32-bit path ran.
        r = decide_log("real-3.4bp-x86_64.log", arch="i386")
        self.assertEqual(r.word, "FAIL")
        self.assertIn("the probe ran as x86_64, but the guest arch is i386", r.reasons[0])
        self.assertEqual(decide_log("real-3.4bp-x86_64.log", arch="x86_64", complete=True,
                                    compat_archive=True).word, "PASS")
        # The 64-bit probe in the compat slot.
        native = console.parse(raw("real-3.4bp-x86_64.log")).section("probe").payload
        r = verdict.decide(self.edited("probe-compat", native), arch="x86_64")
        self.assertEqual(r.word, "FAIL")
        self.assertTrue(any("the 32-bit probe ran as x86_64" in x for x in r.reasons), r.reasons)
        # Compat sections left out (sp.sections, another archive), no --config given.
        r = verdict.decide(self.edited("probe-compat", drop=True), arch="x86_64",
                           compat_archive=True)
        self.assertEqual(r.word, "FAIL")
        self.assertIn("the 32-bit ABI was not checked", r.reasons[-1])
        # The in-guest config check left out; an unknown section asked for.
        r = verdict.decide(self.edited("kconfig", drop=True), complete=True)
        self.assertIn("the in-guest config check did not run (no kconfig section)", r.reasons)
        init = console.parse(raw("real-3.4bp-x86_64.log")).section("init").payload
        r = verdict.decide(self.edited("init", init + b"unknown section in sp.sections: bogus\n"))
        self.assertEqual(r.word, "FAIL")
        # Odd detail and mainline types: no traceback.
        doc = json.loads(native)
        doc["probes"]["trap"].update(verdict="error", detail=[5])
        doc["probes"]["filter"].update(mainline=35)
        r = verdict.decide(self.edited("probe", json.dumps(doc).encode() + b"\n"))
        self.assertEqual(r.word, "FAIL")
        r.feature_text("filter")
        r = verdict.decide(self.edited("probe", b"[" * 200000 + b"\n"))
        self.assertEqual(r.word, "NO-RESULT")

    def test_probe_error_quotes_detail(self):
        def err(doc):
            doc["probes"]["trap"].update(verdict="error", detail="SIGSYS: si_code 0, want 1")
        r = verdict.decide(with_sections(probe_edit=err))
        self.assertIn("probe trap ended in error: SIGSYS: si_code 0, want 1", r.reasons)


class ConfigFlags(unittest.TestCase):
    def test_parse(self):
        f = verdict.config_flags("CONFIG_SECCOMP=y\n# CONFIG_SECCOMP_FILTER is not set\n"
                                 "CONFIG_X=\"s\"\n\n# comment\n")
        self.assertEqual(f, {"CONFIG_SECCOMP": "y", "CONFIG_SECCOMP_FILTER": "n",
                             "CONFIG_X": '"s"'})


if __name__ == "__main__":
    unittest.main()
