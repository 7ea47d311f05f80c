# SPDX-License-Identifier: MIT
"""junit: the one JUnit XML writer of the matrix and of validate-kernel.

A document is <testsuites> holding one <testsuite> (name, tests, failures,
errors, skipped, time). Each run is one <testcase classname="<tool>.<arch>"
name="<kernel>@<machine>">: PASS has no child but its <system-out>, FAIL a
<failure>, every other verdict (ERROR, PANIC, TIMEOUT, NO-RESULT) an <error>,
type the verdict and message its reasons. That is all the matrix writes, one
case per kernel; validate-kernel follows its run's case with one case per
probe, per config capability (host and guest check) and per section, each
failure with the reasons that belong to it (validation_cases).
"""
import xml.etree.ElementTree as ET

from . import sections as _sections

# Reasons (verdict.decide's and validate-kernel's words) by what they are
# about: the first matching prefix names the section case that gets the
# reason. Any other reason stays on the run's case only (which has them all).
REASON_SECTION = (
    ("compat (", None),              # decided by the words after it, below
    ("compat: ", "probe-compat"),
    ("the 32-bit ABI was not checked", "probe-compat"),
    ("config has CONFIG_IA32_EMULATION", "probe-compat"),
    ("config has CONFIG_COMPAT", "probe-compat"),
    ("no init section", "init"), ("init section", "init"),
    ("the guest ignored boot options", "init"), ("the guest was asked for", "init"),
    ("probe ", "probe"), ("expected ", "probe"), ("seccomp-probe exited", "probe"),
    ("seccomp-probe was killed", "probe"), ("seccomp-probe could not", "probe"),
    ("the probe ran as", "probe"), ("probe section", "probe"), ("no probe section", "probe"),
    ("the in-guest config check", "kconfig"), ("kconfig check in the guest", "kconfig"),
    ("selftests", "selftests"),
)
# What an absent section (rc=absent) means.
ABSENT_WHY = {"kconfig": "the booted kernel has no /proc/config.gz (CONFIG_IKCONFIG_PROC off)",
              "selftests": "no seccomp-selftests in the initramfs",
              "probe-compat": "no 32-bit probe in the initramfs",
              "selftests-compat": "no 32-bit selftests in the initramfs",
              "upstream": "no seccomp_bpf in the initramfs"}
# Reasons about the config as a whole (host check, agreement with the probe).
CONFIG_REASONS = ("config has ", "config checker says", "config lacks", "no kernel config")


def case(classname, name, seconds=0.0, outcome=None, kind=None, message="", text=None,
         out=None):
    """A test case as a dict; outcome None (passed), "failure", "error" or "skipped"."""
    return {"classname": classname, "name": name, "seconds": seconds or 0.0,
            "outcome": outcome, "type": kind, "message": message, "text": text, "out": out}


def document(suite_name, cases, seconds):
    """The JUnit XML text of one suite of cases."""
    count = {k: sum(1 for c in cases if c["outcome"] == k) for k in ("failure", "error",
                                                                     "skipped")}
    suite = ET.Element("testsuite", name=suite_name, tests=str(len(cases)),
                       failures=str(count["failure"]), errors=str(count["error"]),
                       skipped=str(count["skipped"]), time="%.1f" % (seconds or 0.0))
    for c in cases:
        el = ET.SubElement(suite, "testcase", classname=c["classname"], name=c["name"],
                           time="%.1f" % c["seconds"])
        if c["outcome"]:
            attrs = {"message": c["message"] or c["type"] or c["outcome"]}
            if c["type"]:
                attrs["type"] = c["type"]
            sub = ET.SubElement(el, c["outcome"], **attrs)
            if c["text"]:
                sub.text = c["text"]
        if c["out"]:
            ET.SubElement(el, "system-out").text = c["out"]
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.tostring(root, encoding="unicode") + "\n"


def compat_text(c):
    """The 32-bit ABI's line of a run ("" when the run has none)."""
    if not c:
        return ""
    if c.get("status") != "ran":
        return "compat: absent (%s)\n" % c.get("reason")
    t = c.get("selftests")
    return "compat (AUDIT_ARCH %s): %s; selftests: %s\n" % (
        c.get("audit_arch"), c.get("probe_summary"),
        "pass:%d fail:%d skip:%d" % (t["pass"], t["fail"], t["skip"]) if t else "-")


def upstream_text(u):
    """The kernel's own suite's line of a run ("" when the run has none)."""
    if not u:
        return ""
    if u.get("status") != "ran":
        return "upstream: absent (%s)\n" % u.get("reason")
    return "upstream: pass:%d fail:%d skip:%d; %d dated, unexplained: %s\n" % (
        u["pass"], u["fail"], u["skip"], len(u.get("expected") or []),
        ", ".join(u.get("unexplained") or []) or "none")


def run_case(row, tool="matrix"):
    """The case of one run (a matrix row, or validate-kernel's result as one)."""
    word = row["verdict"]
    outcome = None if word == "PASS" else "failure" if word == "FAIL" else "error"
    return case("%s.%s" % (tool, row["arch"]), "%s@%s" % (row["name"], row["machine"]),
                row.get("seconds"), outcome, word,
                "; ".join(row.get("reasons") or []) or word,
                "console log: %s" % row.get("log"),
                "probe: %s\nselftests: %s\n%s%slog: %s\n" % (
                    row.get("probe_summary"), row.get("selftests"),
                    compat_text(row.get("compat")), upstream_text(row.get("upstream")),
                    row.get("log")))


def reason_section(reason):
    """The section a reason is about (None: the run as a whole)."""
    for prefix, name in REASON_SECTION:
        if reason.startswith(prefix):
            if name is None:  # "compat (i386): ...": its selftests or its probe
                return "selftests-compat" if " selftests" in reason.split(":", 1)[0] or \
                    "selftests did not run" in reason else "probe-compat"
            return name
    return None


def _probe_cases(cls, probe, full, expect, compat=False):
    out = []
    for name in probe:  # the probe's own order
        word = probe[name]
        p = full.get(name) or {}
        detail = p.get("detail") if isinstance(p.get("detail"), str) else ""
        text = "%s: %s%s" % (name, word, " (%s)" % detail if detail else "")
        if word == "error":
            out.append(case(cls, name, outcome="failure", kind="error",
                            message="probe %s ended in error%s" % (
                                name, ": " + detail if detail else ""), out=text))
        elif name in expect and word != "supported":
            out.append(case(cls, name, outcome="failure", kind=word,
                            message="expected %s supported%s, probe says %s" % (
                                name, " through the 32-bit ABI" if compat else "", word),
                            out=text))
        elif word != "supported":
            out.append(case(cls, name, outcome="skipped", kind=word,
                            message="%s %s; not required (--expect)" % (name, word), out=text))
        else:
            out.append(case(cls, name, out=text))
    return out


def _capability_cases(cls, caps, required, where):
    out = []
    for name in sorted(caps):
        c = caps[name]
        text = _sections.capability_text(name, c)
        if c["verdict"] == "enabled":
            out.append(case(cls, name, out=text))
        elif name in required:
            out.append(case(cls, name, outcome="failure", kind=c["verdict"],
                            message="%s config check: %s" % (where, " ".join(text.split())),
                            out=text))
        else:
            out.append(case(cls, name, outcome="skipped", kind=c["verdict"],
                            message="%s config check: %s; not required" % (
                                where, " ".join(text.split())), out=text))
    return out


def validation_cases(doc, tool="validate"):
    """Every case of one validation, from its --json document: the run, then
    probe.<name>, compat-probe.<name>, config.<capability> (the host's check),
    guest-config.<capability>, and section.<name> for each section /init runs."""
    from . import report  # report imports this module
    arch = doc.get("arch") or "?"
    label = doc.get("label") or doc.get("kernel") or "running kernel"
    row = {"name": label, "arch": arch,
           "machine": doc.get("machine") or doc.get("qemu_machine") or "-",
           "verdict": doc.get("verdict"), "reasons": doc.get("reasons"),
           "probe_summary": doc.get("probe_summary"), "seconds": doc.get("boot_seconds"),
           "selftests": _selftests_text(doc.get("selftests"), doc.get("selftests_rc")),
           "compat": report.compat_row(doc.get("compat")), "upstream": doc.get("upstream"),
           "log": doc.get("log")}
    cases = [run_case(row, tool)]
    base = "%s.%s" % (tool, arch)
    expect = [e for e in str(doc.get("expect") or "").split(",") if e] + \
        [e for e in doc.get("expect_backport") or [] if e]
    required = [e for e in expect if e in ("strict", "filter", "trap")] or ["filter"]
    cases += _probe_cases(base + ".probe", doc.get("probe") or {}, doc.get("probe_full") or {},
                          expect)
    compat = doc.get("compat") or {}
    if compat.get("status") == "ran" and compat.get("probe"):
        cases += _probe_cases(base + ".compat-probe", compat["probe"],
                              compat.get("probe_full") or {}, expect, compat=True)
    cases += _capability_cases(base + ".config", doc.get("config_check") or {}, required,
                               "host")
    guest = doc.get("config_check_guest") or {}
    cases += _capability_cases(base + ".guest-config", guest.get("capabilities") or {},
                               required, "in-guest")
    cases += _section_cases(base + ".section", doc)
    config_reasons = [r for r in doc.get("reasons") or [] if r.startswith(CONFIG_REASONS)]
    if doc.get("probe") or config_reasons:  # config and probe could be compared
        cases.append(case(base + ".config", "agrees-with-probe",
                          outcome="failure" if config_reasons else None, kind="FAIL",
                          message="; ".join(config_reasons)))
    return cases


def _selftests_text(t, rc):
    if not t:
        return "absent" if rc == "absent" else "-"
    return "pass:%d fail:%d skip:%d error:%d" % (t["pass"], t["fail"], t["skip"], t["error"])


def _section_cases(cls, doc):
    seen = {s["name"]: s for s in doc.get("sections") or []}
    by_section = {}
    for r in doc.get("reasons") or []:
        by_section.setdefault(reason_section(r), []).append(r)
    names = [n for n in _sections.ORDER if n in seen or n in by_section]
    names += [n for n in seen if n not in names]
    if not seen and doc.get("verdict") in ("ERROR",):
        return []  # nothing booted: the run's case says why
    out = []
    for name in names:
        s = seen.get(name)
        reasons = by_section.get(name) or []
        if s is None:
            out.append(case(cls, name, outcome="failure", kind="missing",
                            message="; ".join(reasons) or "no %s section on the console" % name))
        elif s["status"] != "ok":
            out.append(case(cls, name, outcome="error", kind=s["status"],
                            message="section %s %s" % (name, s["status"])))
        elif reasons:
            out.append(case(cls, name, outcome="failure", kind="FAIL",
                            message="; ".join(reasons), out=_section_out(name, s, doc)))
        elif s["rc"] == "absent":
            out.append(case(cls, name, outcome="skipped", kind="absent",
                            message="%s not run: %s" % (name, ABSENT_WHY.get(
                                name, "absent in this guest"))))
        else:
            out.append(case(cls, name, out=_section_out(name, s, doc)))
    return out


def _section_out(name, s, doc):
    text = "section %s: rc=%s, %s bytes\n" % (name, s["rc"], s["bytes"])
    failed = doc.get({"selftests": "selftests_failed",
                      "selftests-compat": "compat_selftests_failed"}.get(name, "")) or []
    if failed:
        text += "failed: %s\n" % ", ".join(failed)
    return text
