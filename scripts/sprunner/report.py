# SPDX-License-Identifier: MIT
"""report: many runs as a text table, a JSON document (schema 1) and JUnit XML.

A row is a dict: name, arch, machine, verdict, reasons, probe_summary,
selftests (text), seconds, log, and optional extra fields kept in the JSON.
"""
import json
import xml.etree.ElementTree as ET

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


def compat_text(c):
    """The 32-bit ABI's line of a row ("" when the row has none)."""
    if not c:
        return ""
    if c.get("status") != "ran":
        return "compat: absent (%s)\n" % c.get("reason")
    t = c.get("selftests")
    return "compat (AUDIT_ARCH %s): %s; selftests: %s\n" % (
        c.get("audit_arch"), c.get("probe_summary"),
        "pass:%d fail:%d skip:%d" % (t["pass"], t["fail"], t["skip"]) if t else "-")


def upstream_text(u):
    """The kernel's own suite's line of a row ("" when the row has none)."""
    if not u:
        return ""
    if u.get("status") != "ran":
        return "upstream: absent (%s)\n" % u.get("reason")
    return "upstream: pass:%d fail:%d skip:%d; %d dated, unexplained: %s\n" % (
        u["pass"], u["fail"], u["skip"], len(u.get("expected") or []),
        ", ".join(u.get("unexplained") or []) or "none")


def to_junit(rows, seconds):
    """JUnit XML: one testcase per run; FAIL is a <failure>, every other
    non-PASS verdict an <error>."""
    failures = sum(1 for r in rows if r["verdict"] == "FAIL")
    errors = sum(1 for r in rows if r["verdict"] not in ("PASS", "FAIL"))
    suite = ET.Element("testsuite", name="seccomp-probe-matrix", tests=str(len(rows)),
                       failures=str(failures), errors=str(errors), time="%.1f" % seconds)
    for r in rows:
        case = ET.SubElement(suite, "testcase", classname="matrix.%s" % r["arch"],
                             name="%s@%s" % (r["name"], r["machine"]),
                             time="%.1f" % (r.get("seconds") or 0.0))
        if r["verdict"] != "PASS":
            tag = "failure" if r["verdict"] == "FAIL" else "error"
            el = ET.SubElement(case, tag, type=r["verdict"],
                               message="; ".join(r.get("reasons") or []) or r["verdict"])
            el.text = "console log: %s" % r.get("log")
        out = ET.SubElement(case, "system-out")
        out.text = "probe: %s\nselftests: %s\n%s%slog: %s\n" % (
            r.get("probe_summary"), r.get("selftests"), compat_text(r.get("compat")),
            upstream_text(r.get("upstream")), r.get("log"))
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.tostring(root, encoding="unicode") + "\n"
