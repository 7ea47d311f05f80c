#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Unit tests of the defect zoo's judge (tests/defects/defects.py) and of the
table and patches themselves: no kernel is built or booted here."""

import os
import re
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import defects  # noqa: E402
from sprunner import console  # noqa: E402

KTAP_OURS = ("TAP version 13\n1..3\nok 1 action.prctl.trap_delivers_sigsys_siginfo\n"
             "not ok 2 inherit.prctl.fork_child_keeps_filter\nok 3 # SKIP x: not here\n"
             "# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:1 error:0\n")
KTAP_UP = ("TAP version 13\n1..2\nnot ok 1 global.mode_strict_support\n"
           "not ok 2 TSYNC.siblings_fail_prctl\n")


def console_of(*sections):
    return b"".join(console.frame(n, p) for n, p in sections)


ROW = {"name": "fork-no-inherit", "arches": ["all"], "verdict": "FAIL", "probes": {},
       "selftests": ["inherit.*fork_child_keeps_filter"]}


class Judge(unittest.TestCase):
    def test_named_selftest_failed_is_ok(self):
        raw = console_of(("selftests", KTAP_OURS), ("upstream", KTAP_UP))
        v = defects.judge(ROW, {"verdict": "FAIL", "probe": {}}, raw,
                          {"global.mode_strict_support"})
        self.assertTrue(v["ok"], v["problems"])
        self.assertEqual(["inherit.prctl.fork_child_keeps_filter"], v["ours"])
        self.assertEqual(["TSYNC.siblings_fail_prctl"], v["upstream"])
        self.assertTrue(v["caught_by_upstream"])

    def test_a_defect_that_passes_is_a_false_pass(self):
        raw = console_of(("selftests", KTAP_OURS))
        v = defects.judge(ROW, {"verdict": "PASS", "probe": {}}, raw, None)
        self.assertFalse(v["ok"])
        self.assertIn("false PASS", v["problems"][0])
        self.assertIsNone(v["caught_by_upstream"])

    def test_fail_for_another_reason_is_not_enough(self):
        ktap = KTAP_OURS.replace("not ok 2", "ok 2")
        v = defects.judge(ROW, {"verdict": "FAIL", "probe": {}},
                          console_of(("selftests", ktap)), None)
        self.assertFalse(v["ok"])
        self.assertIn("no failed selftest matches", v["problems"][0])

    def test_probe_verdict_must_match(self):
        row = dict(ROW, probes={"trap": "error"}, selftests=[])
        doc = {"verdict": "FAIL", "probe": {"trap": "supported"},
               "probe_full": {"trap": {"detail": "all as expected"}}}
        v = defects.judge(row, doc, console_of(("selftests", KTAP_OURS)), None)
        self.assertFalse(v["ok"])
        self.assertIn("probe trap: supported, want error (all as expected)", v["problems"])

    def test_missing_or_broken_selftests_section(self):
        raw = console_of(("selftests", KTAP_OURS))[:-20]  # END line cut: truncated
        v = defects.judge(ROW, {"verdict": "FAIL", "probe": {}}, raw, None)
        self.assertFalse(v["ok"])
        self.assertIn("no intact selftests section on the console", v["problems"])

    def test_no_json(self):
        v = defects.judge(ROW, None, b"", None)
        self.assertFalse(v["ok"])
        self.assertEqual("NO-JSON", v["verdict"])


class Table(unittest.TestCase):
    def bad(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
            f.write(text)
        try:
            with self.assertRaises(defects.TableError):
                defects.load_table(f.name)
        finally:
            os.unlink(f.name)

    def test_malformed_tables(self):
        ctl = "control\tall\tPASS\t-\t-\n"
        self.bad("")
        self.bad(ctl)                                      # no defect row
        self.bad("a\tall\tFAIL\ttrap=error\t-\n")         # no control row
        self.bad(ctl + "a\tall\tPASS\t-\t-\n")            # a defect expected to pass
        self.bad(ctl.replace("PASS", "FAIL") + "a\tall\tFAIL\ttrap=error\t-\n")
        with tempfile.NamedTemporaryFile("wb", suffix=".tsv", delete=False) as f:
            f.write(b"control\tall\tPASS\t-\t-\n\xff\xfe\x00junk\n")
        try:
            with self.assertRaises(defects.TableError):
                defects.load_table(f.name)
        finally:
            os.unlink(f.name)
        self.bad("a\tall\tFAIL\t-\n")                      # 4 cells
        self.bad("a\tall\tMAYBE\t-\t-\n")                  # verdict word
        self.bad("a\tall\tFAIL\t-\t-\n")                   # a defect nothing catches
        self.bad("a\tall\tPASS\ttrap=error\t-\n")          # a PASS row with failures
        self.bad("a\tall\tFAIL\ttrap\t-\n")                # not PROBE=VERDICT

    def test_an_arch_without_rows_checks_nothing_and_is_refused(self):
        rows = [{"name": "control", "arches": ["x86-64"]}, {"name": "a", "arches": ["x86-64"]}]
        with self.assertRaises(defects.TableError):
            defects.for_arch(rows, "x86_64")
        rows[0]["arches"] = ["all"]
        with self.assertRaises(defects.TableError):   # the control alone
            defects.for_arch(rows, "x86_64")

    def test_every_row_has_its_patch_and_every_patch_a_row(self):
        rows = defects.load_table()
        names = {r["name"] for r in rows}
        patches = {f[:-len(".patch")] for f in os.listdir(HERE) if f.endswith(".patch")}
        self.assertEqual(patches, names)
        self.assertIn("control", names)
        self.assertGreaterEqual(len(names) - 1, 8)

    def test_patches_are_small_unified_diffs_with_a_licence(self):
        for f in sorted(os.listdir(HERE)):
            if not f.endswith(".patch"):
                continue
            with open(os.path.join(HERE, f), encoding="utf-8") as p:
                text = p.read()
            self.assertTrue(text.startswith("# SPDX-License-Identifier: GPL-2.0-only\n"), f)
            self.assertEqual(1, len(re.findall(r"^\+\+\+ b/", text, re.M)), f)
            changed = re.findall(r"^[-+][^-+]", text, re.M)
            self.assertLessEqual(len(changed), 12, f)

    def test_probe_names_are_the_probes(self):
        src = open(os.path.join(HERE, "..", "..", "probes", "features.c"), encoding="utf-8").read()
        for r in defects.load_table():
            for probe in r["probes"]:
                self.assertIn('"%s"' % probe, src, "%s: no probe %s" % (r["name"], probe))


if __name__ == "__main__":
    unittest.main()
