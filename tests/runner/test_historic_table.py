# SPDX-License-Identifier: MIT
"""historic_table: the expected table's reader, the cells of a validate-kernel
document and the field-by-field comparison."""
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
from sprunner import historic_table  # noqa: E402

TABLE = os.path.join(os.path.dirname(__file__), "..", "historic", "expected.tsv")


def doc_3_4bp():
    probe = lambda v, b=False: {"verdict": v, "backport": b, "mainline": "3.5.0"}  # noqa: E731
    full = {"strict": probe("supported"), "filter": probe("supported", True),
            "tsync": probe("unsupported")}
    return {"verdict": "PASS", "kernel_release": "3.4.113",
            "process": {"seccomp": None, "seccomp_filters": None, "no_new_privs": None,
                        "prctl_get_seccomp": 0, "prctl_get_no_new_privs": 0,
                        "actions_avail": None},
            "probe_full": full,
            "config_check": {"strict": {"verdict": "enabled", "backport": False},
                             "filter": {"verdict": "enabled", "backport": True},
                             "trap": {"verdict": "enabled", "backport": True}},
            "kconfig_rc": "0",
            "selftests": {"pass": 76, "fail": 0, "skip": 94, "error": 0},
            "compat": {"status": "ran", "probe_full": dict(full),
                       "selftests": {"pass": 76, "fail": 0, "skip": 94, "error": 0}},
            "upstream": {"status": "ran", "pass": 45, "fail": 46, "skip": 4,
                         "unexplained": []}}


class Cells(unittest.TestCase):
    def test_cells(self):
        c = historic_table.cells(doc_3_4bp())
        self.assertEqual(c["probe.filter"], "S*")
        self.assertEqual(c["probe.strict"], "S")
        self.assertEqual(c["probe.tsync"], "U")
        self.assertEqual(c["process.seccomp"], "-")
        self.assertEqual(c["process.prctl_get_seccomp"], "0")
        self.assertEqual(c["config.filter"], "enabled+backport")
        self.assertEqual(c["selftests"], "76/0/94/0")
        self.assertEqual(c["compat"], "same")
        self.assertEqual(c["upstream"], "45/46/4/0")

    def test_compat_differs_and_absent(self):
        d = doc_3_4bp()
        d["compat"]["probe_full"]["filter"] = {"verdict": "error"}
        self.assertEqual(historic_table.cells(d)["compat"], "S,E,U")
        d["compat"] = None
        d["upstream"] = {"status": "absent", "reason": "x"}
        c = historic_table.cells(d)
        self.assertEqual((c["compat"], c["compat_selftests"], c["upstream"]),
                         ("absent", "-", "absent"))

    def test_compare_names_each_field(self):
        got = historic_table.cells(doc_3_4bp())
        row = {"folder": "x", "expect": "strict", "expect_backport": "-",
               "probe.filter": "S", "selftests": "76/0/94/0", "nosuch": "1"}
        bad = historic_table.compare(row, got)
        self.assertIn("probe.filter: expected S, got S*", bad)
        self.assertIn("nosuch: expected 1, got (absent)", bad)
        # A table without a field never passes it unseen (breaker: a 3-column
        # table let a FAIL through as "matched").
        self.assertIn("verdict: not in the expected table (got PASS)", bad)
        full = dict(row, **{k: v for k, v in got.items() if k != "probe_summary"})
        full.pop("nosuch")
        self.assertEqual(historic_table.compare(full, got), [])


class Table(unittest.TestCase):
    def load_text(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
            f.write(text)
        try:
            return historic_table.load(f.name)
        finally:
            os.unlink(f.name)

    def test_real_table_reads(self):
        rows = historic_table.load(TABLE)
        self.assertIn("3.10-armhf", rows)
        self.assertEqual(rows["3.4bp-x86_64"]["expect_backport"], "filter")
        self.assertEqual(len({len(r) for r in rows.values()}), 1)

    def test_malformed(self):
        for text in ("", "# only a comment\n", "a\tb\tc\n",
                     "folder\texpect\texpect_backport\tv\nx\ty\n",
                     "folder\texpect\texpect_backport\tverdict\nx\ty\tz\tv\nx\ty\tz\tv\n",
                     "folder\texpect\texpect_backport\n",
                     "folder\texpect\texpect_backport\tverdict\tverdict\n",
                     "folder\texpect\texpect_backport\tverdict\n"
                     "folder\texpect\texpect_backport\tverdict\n",
                     "folder\texpect\texpect_backport\tverdict\nx \ts\t-\tPASS\n",
                     "folder\texpect\texpect_backport\tverdict\nx\t\t-\tPASS\n"):
            with self.assertRaises(ValueError, msg=repr(text)):
                self.load_text(text)


if __name__ == "__main__":
    unittest.main()
