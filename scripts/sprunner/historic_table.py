# SPDX-License-Identifier: MIT
"""historic_table: the expected table of the real old kernels, and the same
cells made from a validate-kernel --json document, compared field by field.

The table (tests/historic/expected.tsv) is tab-separated, '#' comments, one
header line naming the columns. Cells, as in tests/personality/expected.tsv:
- probes: S supported, S* supported and marked backport, U unsupported,
  B blocked, E error;
- process.*: "-" null (line or call absent), else the number; actions_avail
  "-" absent, "+" present;
- config.*: the host checker on the kernel's own config: enabled,
  enabled+backport, missing, unknown;
- guest_kconfig: rc of the in-guest config check (0, 1, absent);
- selftests, compat_selftests: pass/fail/skip/error, "-" when not run;
- compat: "absent", "same" (every probe as the native ABI's), or the probe
  cells joined by commas in the probe order of the header;
- upstream: "absent", or pass/fail/skip/unexplained of the kernel's own
  seccomp_bpf.
"""

INPUT_COLUMNS = ("folder", "expect", "expect_backport")
# Cells made for the reports only, never compared.
DERIVED = ("probe_summary",)
PROCESS_FIELDS = ("seccomp", "seccomp_filters", "no_new_privs", "prctl_get_seccomp",
                  "prctl_get_no_new_privs", "actions_avail")
PROBE_LETTER = {"supported": "S", "unsupported": "U", "blocked": "B", "error": "E"}


def load(path):
    """{folder: {column: cell}} of the table at path; raises OSError, or
    ValueError for a malformed table (no header, a row of the wrong width,
    a folder twice)."""
    rows, header = {}, None
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.rstrip("\r").split("\t")
            if header is None:
                if tuple(cells[:3]) != INPUT_COLUMNS:
                    raise ValueError("line %d: the header must start with %s" % (
                        lineno, " ".join(INPUT_COLUMNS)))
                twice = sorted({c for c in cells if cells.count(c) > 1})
                if twice:
                    raise ValueError("line %d: column %s twice" % (lineno, ", ".join(twice)))
                if "verdict" not in cells:
                    raise ValueError("line %d: no verdict column" % lineno)
                header = cells
                continue
            if cells == header:
                raise ValueError("line %d: the header again" % lineno)
            if len(cells) != len(header):
                raise ValueError("line %d: %d cells, the header has %d" % (
                    lineno, len(cells), len(header)))
            row = dict(zip(header, cells))
            if any(c != c.strip() or not c for c in cells):
                raise ValueError("line %d: an empty cell or one with blanks around it" % lineno)
            if row["folder"] in rows:
                raise ValueError("line %d: folder %s twice" % (lineno, row["folder"]))
            rows[row["folder"]] = row
    if header is None:
        raise ValueError("no header line")
    return rows


def probe_cell(p):
    letter = PROBE_LETTER.get((p or {}).get("verdict"), "?")
    return letter + ("*" if (p or {}).get("backport") else "")


def process_cell(name, v):
    if name == "actions_avail":
        return "-" if v is None else "+"
    return "-" if v is None else str(v)


def totals_cell(t):
    if not t:
        return "-"
    return "%d/%d/%d/%d" % (t["pass"], t["fail"], t["skip"], t["error"])


def config_cell(c):
    if not c:
        return "unknown"
    return c.get("verdict", "unknown") + ("+backport" if c.get("backport") else "")


def cells(doc):
    """{column: cell} of one validate-kernel --json document (schema 1)."""
    out = {"verdict": str(doc.get("verdict")), "kernel.release": str(doc.get("kernel_release"))}
    proc = doc.get("process") or {}
    for name in PROCESS_FIELDS:
        out["process." + name] = process_cell(name, proc.get(name))
    full = doc.get("probe_full") or {}
    order = list(full)
    for name in order:
        out["probe." + name] = probe_cell(full[name])
    caps = doc.get("config_check") or {}
    for name in ("strict", "filter", "trap"):
        out["config." + name] = config_cell(caps.get(name))
    out["guest_kconfig"] = str(doc.get("kconfig_rc"))
    out["selftests"] = totals_cell(doc.get("selftests"))
    compat = doc.get("compat")
    if not compat or compat.get("status") != "ran":
        out["compat"], out["compat_selftests"] = "absent", "-"
    else:
        cfull = compat.get("probe_full") or {}
        mine = [probe_cell(cfull.get(n)) for n in order]
        native = [out["probe." + n] for n in order]
        out["compat"] = "same" if mine == native else ",".join(mine)
        out["compat_selftests"] = totals_cell(compat.get("selftests"))
    up = doc.get("upstream")
    if not up or up.get("status") != "ran":
        out["upstream"] = "absent"
    else:
        out["upstream"] = "%d/%d/%d/%d" % (up["pass"], up["fail"], up["skip"],
                                           len(up.get("unexplained") or []))
    sup = sum(1 for n in order if out["probe." + n].startswith("S"))
    out["probe_summary"] = "%d probes: %d supported" % (len(order), sup)
    return out


def compare(row, got):
    """Mismatches between an expected row and the cells got: list of
    "column: expected X, got Y" (a column the document lacks counts too, and so
    does a result the table has no column for: a table that leaves a field out
    never passes it unseen)."""
    bad = ["%s: not in the expected table (got %s)" % (col, got[col])
           for col in sorted(got) if col not in row and col not in DERIVED]
    for col, want in row.items():
        if col in INPUT_COLUMNS:
            continue
        have = got.get(col, "(absent)")
        if have != want:
            bad.append("%s: expected %s, got %s" % (col, want, have))
    return bad
