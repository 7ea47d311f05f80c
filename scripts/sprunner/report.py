# SPDX-License-Identifier: MIT
"""report: many runs as a text table, a JSON document (schema 1) and JUnit XML
(written by junit.py, the one writer the matrix and validate-kernel share).

A row is a dict: name, arch, machine, verdict, reasons, probe_summary,
selftests (text), seconds, log, and optional extra fields kept in the JSON.
"""
import json

from . import junit
from .junit import compat_text, upstream_text  # noqa: F401 (kept for callers)

COLUMNS = (("kernel", "name", 22), ("arch", "arch", 7), ("machine", "machine", 11),
           ("verdict", "verdict", 9), ("probe", "probe_summary", 40),
           ("selftests", "selftests", 18), ("32-bit ABI", "compat", 14),
           ("upstream", "upstream", 18), ("boot s", "seconds", 6))


def cell_text(key, v):
    """A table cell: the compat and upstream dicts in short, numbers as %.1f."""
    if key == "compat" and isinstance(v, dict):
        if v.get("status") != "ran":
            return "absent"
        probe = v.get("probe") or {}
        return "%d/%d supported" % (sum(1 for w in probe.values() if w == "supported"),
                                    len(probe))
    if key == "upstream" and isinstance(v, dict):
        if v.get("status") != "ran":
            return "absent"
        return "%d/%d/%d, %d unexpl." % (v["pass"], v["fail"], v["skip"],
                                         len(v.get("unexplained") or []))
    if isinstance(v, float):
        return "%.1f" % v
    return str(v if v is not None else "-")


def table_header():
    return "  ".join(title.ljust(w) for title, _k, w in COLUMNS).rstrip()


def table_row(row):
    cells = []
    for _title, key, width in COLUMNS:
        cells.append(cell_text(key, row.get(key)).ljust(width))
    return "  ".join(cells).rstrip()


def table(rows):
    return "\n".join([table_header()] + [table_row(r) for r in rows]) + "\n"


def to_json(rows, seconds):
    counts = {}
    for r in rows:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    doc = {"schema": 1, "tool": "seccomp-probe matrix", "seconds": round(seconds, 1),
           "counts": counts, "runs": rows}
    return json.dumps(doc, indent=1, sort_keys=True) + "\n"


def compat_row(compat):
    """The 32-bit ABI's part of a matrix row: status, summary, selftest totals."""
    if not compat:
        return None
    probe = compat.get("probe") or {}
    return {"status": compat["status"], "reason": compat.get("reason"),
            "audit_arch": compat.get("audit_arch"), "probe": probe,
            "probe_summary": "%d probes: %d supported" % (
                len(probe), sum(1 for v in probe.values() if v == "supported")),
            "selftests": compat.get("selftests")}


def to_junit(rows, seconds):
    """JUnit XML: one testcase per run; FAIL is a <failure>, every other
    non-PASS verdict an <error> (junit.py, the writer validate-kernel shares)."""
    return junit.document("seccomp-probe-matrix", [junit.run_case(r) for r in rows], seconds)
