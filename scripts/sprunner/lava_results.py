# SPDX-License-Identifier: MIT
"""lava_results: what a lava-run recorded, read from its output (one JSON
object per line; results are the lines with "lvl": "results"), and its
comparison with the cases the runner read from a console (lava_sets).
"""
import json
import re

LAVA_DEFINITION = "lava"   # LAVA's own actions and the job's outcome


class Run:
    """A lava-run's results. cases: [(definition, case, test_case_id, result)]
    of the test sets, in log order; job: the "job" result dict of definition
    lava (result, error_type, error_msg) or None; actions: the other lava
    results; bad_lines: lines that are not JSON objects."""

    def __init__(self):
        self.cases, self.job, self.actions, self.bad_lines = [], None, [], 0

    def verdict(self):
        """"pass" only for a job LAVA finished as pass, else its error_type
        ("Infrastructure", "Job", ...) or "no job result"."""
        if self.job is None:
            return "no job result"
        if self.job.get("result") == "pass":
            return "pass"
        return self.job.get("error_type") or "fail"


def read_log(text):
    """Run of lava-run's output text."""
    run = Run()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            run.bad_lines += 1
            continue
        if not isinstance(rec, dict) or rec.get("lvl") != "results":
            continue
        msg = rec.get("msg")
        if not isinstance(msg, dict):
            continue
        if msg.get("definition") == LAVA_DEFINITION:
            if msg.get("case") == "job":
                run.job = msg
            else:
                run.actions.append(msg)
            continue
        extra = msg.get("extra") if isinstance(msg.get("extra"), dict) else {}
        run.cases.append((str(msg.get("definition")), str(msg.get("case")),
                          extra.get("test_case_id"), str(msg.get("result"))))
    return run


def case_id(name):
    """LAVA's case name for a test_case_id (monitor.py: lower case, every run
    of non-word characters one "_")."""
    return re.sub(r"\W+", "_", name.strip().lower())


def compare(lava_cases, expected):
    """Differences (list of str, empty when none) between a Run's cases and
    lava_sets.expected_cases, name for name and result for result, in order."""
    out = []
    for i in range(max(len(lava_cases), len(expected))):
        got = lava_cases[i] if i < len(lava_cases) else None
        want = expected[i] if i < len(expected) else None
        if got is None:
            out.append("#%d: LAVA has no case, the runner has %s %s %s" % ((i + 1,) + want))
        elif want is None:
            out.append("#%d: LAVA has %s %s %s, the runner nothing" % (
                i + 1, got[0], got[2], got[3]))
        elif (got[0], got[2], got[3]) != want or got[1] != case_id(want[1] or ""):
            out.append("#%d: LAVA %s %s (case %s) %s, the runner %s %s %s" % (
                i + 1, got[0], got[2], got[1], got[3], want[0], want[1], want[2]))
    return out
