# SPDX-License-Identifier: MIT
"""historic_run: boot one real old kernel folder with validate-kernel and
compare its --json document with its row of the expected table. Shared by
scripts/historic (the check) and scripts/matrix (whose reports gain the rows).
"""
import json
import os
import subprocess
import time

from . import historic_table, report

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(SCRIPTS)
EXPECTED = os.path.join(ROOT, "tests", "historic", "expected.tsv")
# Seconds per boot: they take 3-15 s under TCG, so a wedged boot is cut short.
BOOT_TIMEOUT = 180
# A boot that timed out before the probe said anything is retried once: seen
# here, a 3.4.113 x86_64 boot under load fell back from the 8254 timer and
# hung before /init. Any other result, a NO-RESULT included, stands; the retry
# is reported in the row.
def should_retry(doc):
    return doc.get("verdict") == "TIMEOUT" and not doc.get("probe")


def default_folder():
    return os.environ.get("SP_HISTORIC_KERNELS") or os.path.join(
        os.path.dirname(ROOT), "shared", "kernels")


def folders(top):
    """[(name, path, kernel.json dict)] of the kernel folders under top, sorted."""
    out = []
    for name in sorted(os.listdir(top)):
        d = os.path.join(top, name)
        meta = os.path.join(d, "kernel.json")
        if not os.path.isfile(meta):
            continue
        try:
            with open(meta, encoding="utf-8") as f:
                k = json.load(f)
        except (OSError, ValueError) as e:
            k = {"error": "kernel.json: %s" % e}
        out.append((name, d, k if isinstance(k, dict) else {"error": "kernel.json: not an object"}))
    return out


def validate_argv(d, k, row, json_path, log_path, timeout):
    """The validate-kernel command line of one folder."""
    argv = [os.path.join(SCRIPTS, "validate-kernel"), "--arch", str(k.get("arch")),
            "--kernel", os.path.join(d, "vmlinuz"), "--json", json_path, "--log", log_path,
            "--timeout", str(timeout)]
    machine = k.get("machine")
    if machine and machine not in ("pc", "virt"):
        argv += ["--machine", machine]
    dtb = os.path.join(d, "vexpress-v2p-ca9.dtb")
    if os.path.isfile(dtb):
        argv += ["--dtb", dtb]
    if os.path.isfile(os.path.join(d, "config")):
        argv += ["--config", os.path.join(d, "config")]
    expect = row["expect"] if row else "strict"
    argv += ["--expect", expect]
    backport = row["expect_backport"] if row else ("filter" if k.get("backport") else "-")
    if backport != "-":
        argv += ["--expect-backport", backport]
    return argv


def read_doc(path):
    """The validate-kernel --json document at path, or None."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def run_one(name, d, k, rows, args):
    """The report row (dict, report.py's fields plus cells and mismatches:
    None when the table has no row for name) of one kernel folder.
    args: out (directory), timeout (seconds)."""
    row = rows.get(name)
    json_path = os.path.join(args.out, name + ".json")
    log_path = os.path.join(args.out, "logs", name + ".log")
    base = {"name": name, "arch": k.get("arch", "?"), "machine": k.get("machine", "-"),
            "log": log_path, "seconds": 0.0, "probe_summary": "-", "selftests": "-",
            "release": k.get("release"), "source": k.get("source"), "commit": k.get("commit")}
    if "error" in k:
        return dict(base, verdict="ERROR", reasons=[k["error"]], mismatches=[k["error"]])
    if os.path.exists(log_path + ".first"):
        os.unlink(log_path + ".first")
    t0 = time.monotonic()
    retried = None
    for attempt in (1, 2):
        if os.path.exists(json_path):
            os.unlink(json_path)
        p = subprocess.run(validate_argv(d, k, row, json_path, log_path, args.timeout),
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        doc = read_doc(json_path)
        if attempt == 1 and doc and should_retry(doc):
            retried = "retried once after %s: %s" % (doc.get("verdict"), "; ".join(
                doc.get("reasons") or []))
            os.replace(log_path, log_path + ".first")
            continue
        break
    secs = time.monotonic() - t0
    if doc is None:
        said = [ln for ln in p.stdout.splitlines()
                if ln.startswith(("reason:", "config:", "validate-kernel:"))]
        last = (p.stdout.strip().splitlines() or ["(no output)"])[-1]
        return dict(base, verdict="ERROR", seconds=round(secs, 1),
                    reasons=["validate-kernel wrote no JSON (exit %d): %s" % (
                        p.returncode, " ".join(said) or last)],
                    mismatches=["no result"])
    with open(os.path.join(args.out, name + ".txt"), "w") as f:
        f.write(p.stdout)
    got = historic_table.cells(doc)
    mismatches = historic_table.compare(row, got) if row else None
    out = dict(base, verdict=doc.get("verdict"),
               reasons=(doc.get("reasons") or []) + ([retried] if retried else []),
               seconds=round(secs, 1), boot_seconds=doc.get("boot_seconds"),
               probe_summary=got.get("probe_summary", "-"), selftests=got.get("selftests", "-"),
               cells=got, mismatches=mismatches,
               compat=report.compat_row(doc.get("compat")), upstream=doc.get("upstream"))
    return out
