# SPDX-License-Identifier: MIT
"""upstream: the kernel's own seccomp selftest (6.1's seccomp_bpf) in a guest.

parse(text)             -> [(name, "pass" | "fail" | "skip"), ...] in run order
summarize(text, rc, kernel_release, filter_mode=None) -> dict (see there)
classify(name, kernel_version, filter_mode=None) -> (feature, since) or None

The harness (kselftest_harness.h) prints, per test:
    #  RUN           FIXTURE.VARIANT.TEST ...
    #            OK  FIXTURE.VARIANT.TEST        (or "FAIL")
    ok N FIXTURE.VARIANT.TEST                    (or "not ok N ...")
A skipped test is "ok N # SKIP <reason>" without its name: the name is the one
of the RUN/OK line before it. The run ends with "# Totals: pass:.. fail:..".

Each failure is classified with scripts/upstream-dates.tsv: a test of a feature
or behaviour that mainline gained after the kernel under test is "expected on
<since>" (expected to fail on kernels before <since>); the rest "unexplained".
"""
import fnmatch
import os
import re

from . import console

DATES_TSV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "upstream-dates.tsv")

RESULT_RE = re.compile(r"^(not ok|ok) (\d+)(?: (.*?))?\s*$")
RUN_RE = re.compile(r"^#\s+RUN\s+(\S+) \.\.\.\s*$")
DONE_RE = re.compile(r"^#\s+(?:OK|FAIL)\s+(\S+)\s*$")
VERSION_RE = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")
# glibc's static start-up (csu/libc-start, dl_discover_osversion) on a kernel
# older than the floor it was built for prints this and exits.
GLIBC_TOO_OLD = "FATAL: kernel too old"
GLIBC_REASON = "glibc static start-up refuses kernels older than 3.2"
FILTER_FEATURE = "filter mode"


def _text(text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return text.replace("\r", "")


def parse(text):
    """Every test result in run order as (name, result), result one of pass,
    fail, skip. XFAIL counts as pass, "# error" as fail."""
    out = []
    current = None
    for line in _text(text).split("\n"):
        m = RUN_RE.match(line) or DONE_RE.match(line)
        if m:
            current = m.group(1)
            continue
        m = RESULT_RE.match(line)
        if not m:
            continue
        word, rest = m.group(1), m.group(3) or ""
        name, _, directive = rest.partition("#")
        name, directive = name.strip(), directive.strip()
        kind = directive.split(" ", 1)[0].upper() if directive else ""
        if not name:
            name = current or "test-%s" % m.group(2)
        if kind == "SKIP":
            out.append((name, "skip"))
        elif kind == "XFAIL":
            out.append((name, "pass"))
        elif kind == "ERROR" or word == "not ok":
            out.append((name, "fail"))
        else:
            out.append((name, "pass"))
        current = None
    return out


def version_tuple(release):
    """'3.10.105-foo' -> (3, 10, 105); None when no version is found."""
    m = VERSION_RE.search(release or "")
    if not m:
        return None
    return tuple(int(g) for g in m.groups() if g is not None)


def load_dates(path=DATES_TSV):
    """The TSV rows as [(pattern, feature, since_tuple, since_text, cite)]."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if cols[0] == "pattern":
                continue
            if len(cols) != 4:
                raise ValueError("%s: want 4 tab-separated columns: %r" % (path, line))
            since = version_tuple(cols[2])
            if since is None:
                raise ValueError("%s: bad version %r" % (path, cols[2]))
            rows.append((cols[0], cols[1], since, cols[2], cols[3]))
    return rows


_DATES = None


def _dates():
    global _DATES
    if _DATES is None:
        _DATES = load_dates()
    return _DATES


def classify(name, kernel_version, filter_mode=None, rows=None):
    """(feature, since) of the first TSV row whose pattern matches name when
    kernel_version (a tuple) is older than since; None when no row matches or
    the kernel is new enough (then the failure is unexplained). filter_mode
    True (the probe saw filter mode, e.g. a vendor backport) skips the rows for
    filter mode itself."""
    if kernel_version is None:
        return None
    for pattern, feature, since, since_text, _cite in (rows if rows is not None else _dates()):
        if not fnmatch.fnmatchcase(name, pattern):
            continue
        if filter_mode and feature.startswith(FILTER_FEATURE):
            continue
        if tuple(kernel_version) < since:
            return feature, since_text
        return None
    return None


def summarize(text, rc, kernel_release, filter_mode=None):
    """The upstream section as a dict:
    status       "ran" or "absent" (absent is never a failure)
    reason       why absent (None when ran)
    pass, fail, skip   counts from the results (the Totals line when there are none)
    totals       the '# Totals:' line as a dict, or None
    expected     [{name, feature, since}] failures dated newer than the kernel
    unexplained  [name] the other failures
    rc           the section's rc as given"""
    body = _text(text or "")
    doc = {"status": "ran", "reason": None, "pass": 0, "fail": 0, "skip": 0,
           "totals": console.ktap_totals(body.encode()), "expected": [],
           "unexplained": [], "rc": rc}
    results = parse(body)
    if GLIBC_TOO_OLD in body and not results:
        doc.update(status="absent", reason=GLIBC_REASON)
        return doc
    if str(rc) == "absent" or (not body.strip() and not results):
        doc.update(status="absent", reason="no seccomp_bpf binary in the image"
                   if str(rc) == "absent" else "no output")
        return doc
    if not results and doc["totals"] is None:
        doc.update(status="absent", reason="no test results in the output")
        return doc
    kver = version_tuple(kernel_release)
    for name, result in results:
        doc[result] += 1
        if result != "fail":
            continue
        hit = classify(name, kver, filter_mode)
        if hit:
            doc["expected"].append({"name": name, "feature": hit[0], "since": hit[1]})
        else:
            doc["unexplained"].append(name)
    if not results and doc["totals"]:
        for k in ("pass", "fail", "skip"):
            doc[k] = doc["totals"][k]
    return doc
