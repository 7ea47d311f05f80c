# SPDX-License-Identifier: MIT
"""The defect zoo's judge: what validate-kernel and the two suites said about
each planted-defect kernel, against tests/defects/expected.tsv.

expected.tsv, one row per defect, tab-separated:
  name  arches  verdict  probes  selftests
- arches: "all" or a comma list (x86_64,armhf,...).
- verdict: the validate-kernel verdict the kernel must get (FAIL for every
  defect, PASS for the control).
- probes: "-" or a comma list of PROBE=VERDICT the probe must report
  (e.g. trap=error).
- selftests: "-" or a comma list of fnmatch patterns of our selftests (KTAP
  names, fixture.variant.test) each of which must match at least one failed test.
Anything else failing too is fine; a PASS of a defect is always a bug.
"""

import fnmatch
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))

from sprunner import console as sp_console  # noqa: E402
from sprunner import historic_run as sp_historic_run  # noqa: E402
from sprunner import upstream as sp_upstream  # noqa: E402

TABLE = os.path.join(HERE, "expected.tsv")


class TableError(Exception):
    """expected.tsv is malformed (the message names the line)."""


def load_table(path=TABLE):
    """Rows of expected.tsv as dicts (name, arches, verdict, probes, selftests)."""
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except UnicodeDecodeError as e:
        raise TableError("%s: not UTF-8 text (%s)" % (path, e.reason))
    for n, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 5:
            raise TableError("%s:%d: %d cells, want 5" % (path, n, len(cells)))
        name, arches, verdict, probes, selftests = cells
        if verdict not in ("PASS", "FAIL"):
            raise TableError("%s:%d: verdict %r is not PASS or FAIL" % (path, n, verdict))
        # Only the control may pass: a defect row that expects PASS would
        # make a false PASS "as expected".
        if (verdict == "PASS") != (name == "control"):
            raise TableError("%s:%d: %s must be %s" % (
                path, n, name, "PASS (the control)" if name == "control" else
                "FAIL (only the control passes)"))
        if verdict == "PASS" and (probes != "-" or selftests != "-"):
            raise TableError("%s:%d: a PASS row names failures" % (path, n))
        pv = {}
        for item in ([] if probes == "-" else probes.split(",")):
            probe, eq, want = item.partition("=")
            if not eq or not probe or not want:
                raise TableError("%s:%d: probe cell %r is not PROBE=VERDICT" % (path, n, item))
            pv[probe] = want
        pats = [] if selftests == "-" else selftests.split(",")
        if verdict == "FAIL" and not pv and not pats:
            raise TableError("%s:%d: a defect must name what catches it" % (path, n))
        rows.append({"name": name, "arches": arches.split(","), "verdict": verdict,
                     "probes": pv, "selftests": pats})
    if not any(r["name"] == "control" for r in rows):
        raise TableError("%s: no control row" % path)
    if len(rows) < 2:
        raise TableError("%s: no defect rows" % path)
    return rows


def for_arch(rows, arch):
    """The rows that apply to @arch: the control and at least one defect, or
    TableError (a misspelt arches cell must not make a run that checks nothing)."""
    out = [r for r in rows if "all" in r["arches"] or arch in r["arches"]]
    if not any(r["name"] == "control" for r in out) or len(out) < 2:
        raise TableError("%s: no control and defect rows for arch %s" % (TABLE, arch))
    return out


def suite_failures(console_bytes, section):
    """Failed test names of one KTAP section (selftests, upstream) of a console
    log, or None when the section is missing or not intact."""
    con = sp_console.parse(console_bytes)
    for s in con.sections:
        if s.name == section:
            if s.status != "ok":
                return None
            return sorted(n for n, res in sp_upstream.parse(s.payload) if res == "fail")
    return None


def judge(row, result, console_bytes, control_upstream_failed):
    """Compare one defect kernel's outcome with its row.

    @result: validate-kernel's --json document (dict) or None (no JSON).
    @console_bytes: the console log. @control_upstream_failed: the upstream
    suite's failed names on the control kernel (a set), or None.
    Returns a dict: ok (bool), problems (list of str), ours (our failed
    selftests), probe_errors (probes that ended in error), upstream
    (upstream failures the control does not have, or
    None when unknown), caught_by_ours, caught_by_upstream (bool or None).
    """
    problems = []
    if result is None:
        return {"ok": False, "problems": ["no validate-kernel JSON"], "ours": [], "probe_errors": [],
                "upstream": None, "caught_by_ours": False, "caught_by_upstream": None,
                "verdict": "NO-JSON"}
    verdict = result.get("verdict")
    if verdict != row["verdict"]:
        if row["verdict"] == "FAIL" and verdict == "PASS":
            problems.append("false PASS: the defect was not caught")
        else:
            problems.append("verdict %s, want %s" % (verdict, row["verdict"]))
    probe = result.get("probe") or {}
    for name, want in sorted(row["probes"].items()):
        got = probe.get(name)
        if got != want:
            detail = ((result.get("probe_full") or {}).get(name) or {}).get("detail", "")
            problems.append("probe %s: %s, want %s%s" % (name, got, want,
                                                         " (%s)" % detail if detail else ""))
    ours = suite_failures(console_bytes, "selftests")
    if ours is None:
        problems.append("no intact selftests section on the console")
        ours = []
    for pat in row["selftests"]:
        if not any(fnmatch.fnmatchcase(n, pat) for n in ours):
            problems.append("no failed selftest matches %s" % pat)
    up = suite_failures(console_bytes, "upstream")
    new_up = None
    if up is not None and control_upstream_failed is not None:
        new_up = sorted(set(up) - set(control_upstream_failed))
    probe_errors = sorted(n for n, v in probe.items() if v == "error")
    return {"ok": not problems, "problems": problems, "ours": ours, "upstream": new_up,
            "probe_errors": probe_errors, "caught_by_ours": bool(ours) or bool(probe_errors),
            "caught_by_upstream": None if new_up is None else bool(new_up),
            "verdict": verdict}


def load_json(path):
    """A validate-kernel --json file, or None when missing or not JSON."""
    return sp_historic_run.read_doc(path)
