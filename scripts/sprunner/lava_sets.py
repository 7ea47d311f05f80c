# SPDX-License-Identifier: MIT
"""lava_sets: the guest's result sections as LAVA test sets.

A LAVA `monitors` test action watches the console without a shell: one monitor
per framed section (@@SP-BEGIN name@@ ... @@SP-END name ...@@, frame.c), in the
order /init prints them, each a test set (LAVA "definition") of its own:
- probe, probe-compat: one case per probe of seccomp-probe --json
  ("strict": {"verdict": "supported", ...});
- kconfig: one case per capability of the in-guest config check
  ({"name": "filter", "verdict": "enabled", ...}) and a case "result", its
  --require answer ("result": "met");
- selftests, selftests-compat, upstream: one case per top-level KTAP result
  ("ok N name", "not ok N name", "ok N name # SKIP why"). The kselftest harness
  of 6.1 prints a skip without its name ("ok N # SKIP why"): the name is then
  the one on the harness's line just above it ("#            OK  name").
The same words are read from the runner's parse of a console (expected_cases),
so a LAVA run and a qemu-run of the same kernel can be compared case by case.
"""
import json
import re

from . import console as _console, sections as _sections, verdict as _verdict

# Each kind of section: its LAVA pattern and the words it yields -> LAVA results.
# The patterns are searched (pexpect, re.DOTALL) in a stream that grows: every
# one ends in a closing quote or a lookahead for the line's end, so a line that
# has only partly arrived never matches. The pty turns "\n" into "\r\n".
PROBE_PATTERN = r'\n[ \t]*"(?P<test_case_id>[a-z0-9_]+)": \{"verdict": "(?P<result>[a-z?-]+)"'
PROBE_RESULTS = {"supported": "pass", "unsupported": "skip", "unsupported?": "skip",
                 "not-run": "skip", "blocked": "unknown", "error": "fail"}
KCONFIG_PATTERN = (r'\n[ \t]*(?:\{"name": "(?=[a-z0-9_]+", "verdict": ")|"(?=result": "))'
                   r'(?P<test_case_id>[a-z0-9_]+)"(?:, "verdict")?: "(?P<result>[a-z-]+)"')
KCONFIG_RESULTS = {"enabled": "pass", "missing": "skip", "unknown": "unknown",
                   "met": "pass", "not-met": "fail"}
# The kconfig section's rc (exit code of seccomp-probe kconfig) -> its "result" word.
KCONFIG_RC_WORD = {"0": "met", "1": "not-met", "2": "unknown"}
# At a line start: (1) a lookahead that takes the result word (after an optional
# harness line: "not ok", "ok", or "SKIP" from the directive) once the whole
# result line is there; (2) the name: from the harness's "OK/FAIL name" line
# when the result line has none, else from the result line.
KTAP_PATTERN = (r'\n(?=(?:#[^\n]*\n)?(?:(?:not )?ok \d+ [^#\n]*#[ \t]*(?=SKIP))?'
                r'(?P<result>not ok|ok|SKIP)(?=[^\n]*\n))'
                r'(?:#[ \t]+(?:OK|FAIL)[ \t]+(?=[^\s#]+\r?\n(?:not )?ok \d+[ \t]*#)'
                r'|(?:#[^\n]*\n)?(?:not )?ok \d+ )'
                r'(?P<test_case_id>[^\s#]+)(?=[ \t]*(?:#[^\n]*)?\r?\n)')
KTAP_RESULTS = {"ok": "pass", "not ok": "fail", "SKIP": "skip"}

KINDS = {
    "probe": (PROBE_PATTERN, PROBE_RESULTS),
    "kconfig": (KCONFIG_PATTERN, KCONFIG_RESULTS),
    "ktap": (KTAP_PATTERN, KTAP_RESULTS),
}
# Section name (init.c) -> kind. "init" carries no results.
SECTION_KIND = {"probe": "probe", "probe-compat": "probe", "kconfig": "kconfig",
                "selftests": "ktap", "selftests-compat": "ktap", "upstream": "ktap"}
NO_RESULTS = ("init",)
# What frame.c accepts as a section name (sp_section_name_ok).
SECTION_NAME_RE = re.compile(r"^[a-z0-9_-]{1,32}$")


class UnknownSection(ValueError):
    """A section of the guest's plan that has no test set here."""


def result_sections(names):
    """The names of the plan that are test sets, in order; raises UnknownSection
    for a name neither a test set nor a section without results."""
    out = []
    for n in names:
        if n in NO_RESULTS:
            continue
        if n not in SECTION_KIND:
            raise UnknownSection("section %s of the guest's plan has no LAVA test set "
                                 "(scripts/sprunner/lava_sets.py SECTION_KIND)" % n)
        out.append(n)
    return out


def monitor(section):
    """The LAVA monitor (dict: name, start, end, pattern, fixupdict) of a section."""
    pattern, results = KINDS[SECTION_KIND[section]]
    if not SECTION_NAME_RE.match(section):
        raise UnknownSection("section name %r is not one frame.c writes" % section)
    # No regex metacharacter can be in a section name: the marker is its own pattern.
    return {"name": section, "start": "@@SP-BEGIN %s@@" % section,
            "end": "@@SP-END %s " % section, "pattern": pattern,
            "fixupdict": dict(results)}


# The runner's side: the same cases from a parsed console (console.parse).
KTAP_LINE_RE = re.compile(r"^(not ok|ok) \d+(?: ([^#]*?))?\s*(#.*)?$")
HARNESS_LINE_RE = re.compile(r"^#[ \t]+(?:OK|FAIL)[ \t]+([^\s#]+)$")
SKIP_RE = re.compile(r"^#[ \t]*SKIP")


def ktap_cases(payload):
    """[(name, LAVA result)] of a KTAP payload's top-level result lines; a
    nameless result takes the name of the harness line just above it, and
    one without any name is (None, result)."""
    out, above = [], None
    for line in payload.decode("utf-8", "replace").split("\n"):
        m = KTAP_LINE_RE.match(line)
        if m:
            name = (m.group(2) or "").strip() or None
            if name is None:
                name = above
            word = "SKIP" if m.group(3) and SKIP_RE.match(m.group(3)) else m.group(1)
            out.append((name, KTAP_RESULTS[word]))
        h = HARNESS_LINE_RE.match(line)
        above = h.group(1) if h else None
    return out


def _probe_cases(sec):
    _doc, probes, problem = _verdict._probe_doc(sec)
    if problem:
        # No probe JSON (e.g. a 32-bit probe the kernel cannot exec): no verdict
        # line for LAVA either.
        return []
    return [(n, PROBE_RESULTS.get(v, v)) for n, v in probes.items()]


def _kconfig_cases(con, sec):
    got = _sections.guest_config(con) if sec.name == "kconfig" else None
    if got is None:
        raise ValueError("section %s: no config check result" % sec.name)
    out = [(n, KCONFIG_RESULTS.get(c["verdict"], c["verdict"]))
           for n, c in got["capabilities"].items()]
    try:
        doc = json.loads(sec.payload.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        doc = None
    if isinstance(doc, dict) and "result" in doc:
        # LAVA reads the JSON's word; the runner goes by the exit code.
        out.append(("result", KCONFIG_RESULTS[KCONFIG_RC_WORD.get(sec.rc, "unknown")]))
    return out


def expected_cases(con, names):
    """[(test set, case name, LAVA result)] the runner reads from a parsed
    console for the sections names (result_sections), in console order. A
    section that is absent (rc=absent) has no cases. Raises ValueError when a
    section is missing, truncated or corrupt: an incomplete console is no
    reference."""
    out = []
    for name in names:
        sec = con.section(name)
        if sec is None or sec.status != "ok":
            raise ValueError("section %s: %s" % (name, sec.status if sec else "missing"))
        if sec.rc == "absent":
            continue
        kind = SECTION_KIND[name]
        if kind == "probe":
            cases = _probe_cases(sec)
        elif kind == "kconfig":
            cases = _kconfig_cases(con, sec)
        else:
            cases = ktap_cases(sec.payload)
        out += [(name, case, result) for case, result in cases]
    return out


def parse_log(path, names):
    """expected_cases of the console log at path (bytes as QEMU wrote them)."""
    with open(path, "rb") as f:
        return expected_cases(_console.parse(f.read()), names)
